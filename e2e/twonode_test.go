package e2e

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sync"
	"testing"
)

// TestTwoNodes_SchemaAndDataThroughDifferentNodes: two server processes share
// one PostgreSQL. Node A creates fields while node B, concurrently, creates
// profiles using every field it can see and filters on them. Afterwards every
// acknowledged write reads back identically through both nodes.
func TestTwoNodes_SchemaAndDataThroughDifferentNodes(t *testing.T) {
	if engine != "postgres" {
		t.Skip("two nodes share a PostgreSQL store; runs in the PostgreSQL half of the suite")
	}
	a, b := startTwoNodes(t)

	created(t, a.do("POST", "/v3/databases", `{"name":"shared"}`))
	const nFields = 15
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := 0; i < nFields; i++ {
			r := a.do("POST", "/v3/database/shared/fields", fmt.Sprintf(`{"name":"n%d","type":"integer","index":%v}`, i, i%2 == 0))
			if r.Status != 201 {
				t.Errorf("node A field n%d: %s", i, r)
			}
		}
	}()
	type ack struct {
		id     string
		values map[string]string
	}
	var acks []ack
	go func() {
		defer wg.Done()
		for i := 0; i < 40; i++ {
			// Node B sees the fields node A made so far.
			var list struct {
				Data []struct{ Name string }
			}
			if err := json.Unmarshal(b.do("GET", "/v3/database/shared/fields", nil).Body, &list); err != nil {
				t.Error(err)
				return
			}
			vals := map[string]string{}
			for _, f := range list.Data {
				vals[f.Name] = fmt.Sprint(1000 + i)
			}
			body, _ := json.Marshal(map[string]any{"fields": vals})
			r := b.do("POST", "/v3/database/shared/profiles", string(body))
			if r.Status != 201 {
				t.Errorf("node B profile %d: %s", i, r)
				continue
			}
			id := r.Header.Get("X-Created")
			acks = append(acks, ack{id, vals})
			for name, v := range vals {
				q := "/v3/database/shared/profiles?fields[]=" + url.QueryEscape(name+"=="+v) + "&fields[]=" + url.QueryEscape("id=="+id)
				var page struct{ Count int }
				if err := json.Unmarshal(b.do("GET", q, nil).Body, &page); err != nil || page.Count != 1 {
					t.Errorf("node B filter %s==%s for profile %s: count %d (%v)", name, v, id, page.Count, err)
				}
				break
			}
		}
	}()
	wg.Wait()
	if t.Failed() {
		return
	}
	fa, fb := a.do("GET", "/v3/database/shared", nil), b.do("GET", "/v3/database/shared", nil)
	if string(fa.Body) != string(fb.Body) {
		t.Fatalf("structure differs between nodes:\nA %s\nB %s", fa.Body, fb.Body)
	}
	for _, k := range acks {
		ra, rb := a.do("GET", "/v3/profile/"+k.id+"/fields", nil), b.do("GET", "/v3/profile/"+k.id+"/fields", nil)
		if ra.Status != 200 || string(ra.Body) != string(rb.Body) {
			t.Fatalf("profile %s differs: A %s, B %s", k.id, ra, rb)
		}
		var got map[string]string
		json.Unmarshal(ra.Body, &got)
		for name, v := range k.values {
			if got[name] != v {
				t.Fatalf("profile %s field %s = %q, acknowledged %q", k.id, name, got[name], v)
			}
		}
	}
	t.Logf("%d fields, %d profiles verified through both nodes", nFields, len(acks))
}
