package e2e

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestCrash_SelectionMembersSurviveSIGKILL: views are defined, clients
// write profiles while others read the views' members (so builds commit
// between the writes), and the server is killed with SIGKILL. After the
// restart every view's members equal the profiles its rule selects, read
// through the database list with the same condition: a build commits its
// members together with its clean state, so a crash can leave a selection
// stale (and rebuilt at the next read) but never wrong.
func TestCrash_SelectionMembersSurviveSIGKILL(t *testing.T) {
	s := startServer(t)
	created(t, s.do("POST", "/v3/databases", `{"name":"crash"}`))
	created(t, s.do("POST", "/v3/database/crash/fields", `{"name":"client","type":"integer"}`))
	created(t, s.do("POST", "/v3/database/crash/fields", `{"name":"note"}`))
	// Each view with the fields[] filter that lists the same profiles.
	views := map[string]string{}
	for _, v := range []struct {
		name, filter string
		cond         map[string]any
	}{
		{"three", "client==3", map[string]any{"type": "Field", "field": "client", "value": "3"}},
		{"high", "client>4", map[string]any{"type": "Field", "field": "client", "comparison": "more", "value": "4"}},
		{"b-notes", "note=~%b%", map[string]any{"type": "Field", "field": "note", "comparison": "contains", "value": "b"}},
	} {
		id := mustCreate(t, s, "/v3/database/crash/views", map[string]any{"name": v.name})
		r := mustCreate(t, s, "/v3/view/"+id+"/rules", map[string]any{"name": "r"})
		mustCreate(t, s, "/v3/rule/"+r+"/conditions", v.cond)
		views[id] = v.filter
	}

	base, token := s.Base, s.Token
	hc := &http.Client{Timeout: 5 * time.Second}
	send := func(method, path, body string) {
		req, _ := http.NewRequest(method, base+path+"?access_token="+token, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if res, err := hc.Do(req); err == nil {
			res.Body.Close()
		}
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for c := 0; c < 6; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(c), 1))
			var mine []string
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				switch {
				case c >= 4: // readers: builds between the writes
					ids := make([]string, 0, len(views))
					for id := range views {
						ids = append(ids, id)
					}
					send("GET", "/v3/view/"+ids[rng.IntN(len(ids))]+"/profileids", "")
				case len(mine) > 0 && rng.IntN(3) == 0:
					send("PUT", "/v3/profile/"+mine[rng.IntN(len(mine))]+"/fields",
						fmt.Sprintf(`{"client":%d,"note":"%c"}`, rng.IntN(7), 'a'+rune(rng.IntN(3))))
				default:
					req, _ := http.NewRequest("POST", base+"/v3/database/crash/profiles?access_token="+token,
						strings.NewReader(fmt.Sprintf(`{"fields":{"client":%d,"note":"%c%d"}}`, rng.IntN(7), 'a'+rune(rng.IntN(3)), i)))
					req.Header.Set("Content-Type", "application/json")
					if res, err := hc.Do(req); err == nil {
						if id := res.Header.Get("X-Created"); id != "" {
							mine = append(mine, id)
						}
						res.Body.Close()
					}
				}
			}
		}(c)
	}
	time.Sleep(1500 * time.Millisecond)
	s.kill()
	close(stop)
	wg.Wait()
	s.start()

	for id, f := range views {
		var ids []string
		r := s.do("GET", "/v3/view/"+id+"/profileids", nil)
		if r.Status != 200 || json.Unmarshal(r.Body, &ids) != nil {
			t.Fatalf("view %s after SIGKILL: %v", id, r)
		}
		want := []string{}
		for start := 0; ; start += 1000 {
			var list struct {
				Data []struct{ ID string } `json:"data"`
			}
			lr := s.do("GET", fmt.Sprintf("/v3/database/crash/profiles?limit=1000&start=%d&total=false&fields[]=%s", start, url.QueryEscape(f)), nil)
			if err := json.Unmarshal(lr.Body, &list); err != nil {
				t.Fatal(err)
			}
			for _, p := range list.Data {
				want = append(want, p.ID)
			}
			if len(list.Data) < 1000 {
				break
			}
		}
		if !reflect.DeepEqual(ids, want) {
			t.Errorf("view %s (%s) after SIGKILL: members %v, the condition selects %v", id, f, ids, want)
		}
		if len(want) == 0 {
			t.Errorf("view %s (%s): the load left nothing to check", id, f)
		}
	}
}
