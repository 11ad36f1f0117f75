package e2e

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sync"
	"testing"
)

// TestI13_TwoNodesMixedWorkloadAlternately: two server processes on one
// PostgreSQL, used alternately request by request. Each structure change on
// one node (a new field, a type change) is used on the other node at the very
// next request; writers on both nodes run meanwhile; afterwards every
// acknowledged write reads back as acknowledged through both nodes, and the
// totals both nodes give (cached per node) equal the acknowledged creates.
func TestI13_TwoNodesMixedWorkloadAlternately(t *testing.T) {
	if engine != "postgres" {
		t.Skip("two nodes share a PostgreSQL store; runs in the PostgreSQL half of the suite")
	}
	a, b := startTwoNodes(t)
	nodes := []*server{a, b}
	node := func(i int) *server { return nodes[i%2] }

	dbID := created(t, a.do("POST", "/v3/databases", `{"name":"mixed"}`))
	type ack struct {
		id     string
		values map[string]string
	}
	var mu sync.Mutex
	acks := map[string]ack{}
	remember := func(id string, vals map[string]string) {
		mu.Lock()
		defer mu.Unlock()
		old := acks[id]
		merged := map[string]string{}
		for k, v := range old.values {
			merged[k] = v
		}
		for k, v := range vals {
			merged[k] = v
		}
		acks[id] = ack{id, merged}
	}

	if r := a.do("POST", "/v3/database/mixed/fields", `{"name":"tag","type":"text"}`); r.Status != 201 {
		t.Fatalf("field tag: %s", r)
	}
	// Node b has not seen the database yet: a create by its ID must find it.
	if r := b.do("POST", "/v3/database/"+dbID+"/profiles", `{"fields":{"tag":"first"}}`); r.Status != 201 {
		t.Fatalf("create by ID on the node that has not seen the database: %s", r)
	} else {
		remember(r.Header.Get("X-Created"), map[string]string{"tag": "first"})
	}
	// Background writers, alternating nodes, while the structure changes.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				vals := map[string]string{"tag": fmt.Sprintf("w%d-%d", w, i)}
				body, _ := json.Marshal(map[string]any{"fields": vals})
				r := node(w+i).do("POST", "/v3/database/mixed/profiles", string(body))
				if r.Status != 201 {
					t.Errorf("writer %d create %d: %s", w, i, r)
					return
				}
				remember(r.Header.Get("X-Created"), vals)
			}
		}()
	}

	for i := range 12 {
		x, y := node(i), node(i+1)
		name := fmt.Sprintf("f%d", i)
		// A field made on x is usable on y at y's next request.
		if r := x.do("POST", "/v3/database/mixed/fields", fmt.Sprintf(`{"name":%q,"type":"text","index":%v}`, name, i%3 == 0)); r.Status != 201 {
			t.Fatalf("step %d: field on node %d: %s", i, i%2, r)
		}
		vals := map[string]string{name: fmt.Sprint(7 + i*10), "tag": "step"}
		body, _ := json.Marshal(map[string]any{"fields": vals})
		// By ID: such a create routes on the node's snapshot, and the writer
		// must still store the field the other node just made.
		r := y.do("POST", "/v3/database/"+dbID+"/profiles", string(body))
		if r.Status != 201 {
			t.Fatalf("step %d: create on the other node: %s", i, r)
		}
		id := r.Header.Get("X-Created")
		remember(id, vals)
		var got map[string]string
		json.Unmarshal(x.do("GET", "/v3/profile/"+id+"/fields", nil).Body, &got)
		if got[name] != vals[name] {
			t.Fatalf("step %d: %s = %q through the first node, acknowledged %q", i, name, got[name], vals[name])
		}
		// The type changes on y; x compares as integers at its next request
		// ("17" < "100" as text, not as numbers).
		if r := y.do("PUT", "/v3/database/mixed/field/"+name, `{"type":"integer"}`); r.Status >= 300 {
			t.Fatalf("step %d: type change on node %d: %s", i, (i+1)%2, r)
		}
		q := "/v3/database/mixed/profiles?fields[]=" + url.QueryEscape(name+">=5") + "&fields[]=" + url.QueryEscape(name+"<=1000")
		var page struct{ Total int }
		if err := json.Unmarshal(x.do("GET", q, nil).Body, &page); err != nil || page.Total != 1 {
			t.Fatalf("step %d: integer filter on %s through the other node: total %d (%v)", i, name, page.Total, err)
		}
		// An update on x is read on y.
		upd := map[string]string{"tag": fmt.Sprintf("updated-%d", i)}
		ub, _ := json.Marshal(upd)
		if r := x.do("PUT", "/v3/profile/"+id+"/fields", string(ub)); r.Status >= 300 {
			t.Fatalf("step %d: update: %s", i, r)
		}
		remember(id, upd)
		json.Unmarshal(y.do("GET", "/v3/profile/"+id+"/fields", nil).Body, &got)
		if got["tag"] != upd["tag"] {
			t.Fatalf("step %d: tag %q through the other node after the update, want %q", i, got["tag"], upd["tag"])
		}
	}
	close(stop)
	wg.Wait()
	if t.Failed() {
		return
	}

	for i, n := range nodes {
		var page struct{ Total int }
		if err := json.Unmarshal(n.do("GET", "/v3/database/mixed/profiles?limit=1", nil).Body, &page); err != nil || page.Total != len(acks) {
			t.Fatalf("node %d counts %d profiles, %d creates were acknowledged (%v)", i, page.Total, len(acks), err)
		}
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
	t.Logf("%d profiles verified through both nodes", len(acks))
}
