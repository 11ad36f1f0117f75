package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestCrash_AcknowledgedWritesSurviveSIGKILL: concurrent clients create and
// update profiles; the server is killed with SIGKILL mid-load and restarted on
// the same data dir; every write that got a success answer must be there with
// the acknowledged values. An update in flight at the kill may or may not have
// landed, so for each profile the stored value must be the last acknowledged
// one or the one in flight.
func TestCrash_AcknowledgedWritesSurviveSIGKILL(t *testing.T) {
	s := startServer(t)
	created(t, s.do("POST", "/v3/databases", `{"name":"crash"}`))
	created(t, s.do("POST", "/v3/database/crash/fields", `{"name":"client","type":"integer"}`))
	created(t, s.do("POST", "/v3/database/crash/fields", `{"name":"note"}`))

	type state struct {
		acked    string // last acknowledged note
		inFlight string // note of an update whose answer never came
	}
	const clients = 8
	var mu sync.Mutex
	profiles := map[string]*state{} // profile ID → state
	stop := make(chan struct{})
	var wg sync.WaitGroup
	base, token := s.Base, s.Token
	hc := &http.Client{Timeout: 5 * time.Second}
	send := func(method, path, body string) (*http.Response, error) {
		req, _ := http.NewRequest(method, base+path+"?access_token="+token, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		res, err := hc.Do(req)
		if err == nil {
			res.Body.Close()
		}
		return res, err
	}
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			var mine []string
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				if i%3 != 2 || len(mine) == 0 {
					note := fmt.Sprintf("c%d-create-%d", c, i)
					res, err := send("POST", "/v3/database/crash/profiles",
						fmt.Sprintf(`{"fields":{"client":%d,"note":%q}}`, c, note))
					if err != nil {
						return // the server is gone
					}
					if res.StatusCode == 201 {
						id := res.Header.Get("X-Created")
						mu.Lock()
						profiles[id] = &state{acked: note}
						mu.Unlock()
						mine = append(mine, id)
					}
					continue
				}
				id := mine[i%len(mine)]
				note := fmt.Sprintf("c%d-update-%d", c, i)
				mu.Lock()
				profiles[id].inFlight = note
				mu.Unlock()
				res, err := send("PUT", "/v3/profile/"+id, fmt.Sprintf(`{"fields":{"note":%q}}`, note))
				if err != nil {
					return
				}
				mu.Lock()
				if res.StatusCode == 204 {
					profiles[id].acked = note
				}
				profiles[id].inFlight = ""
				mu.Unlock()
			}
		}(c)
	}
	time.Sleep(2 * time.Second)
	s.kill()
	close(stop)
	wg.Wait()
	if len(profiles) < 50 {
		t.Fatalf("only %d profiles acknowledged before the kill; the load did not run", len(profiles))
	}
	s.start()

	for id, st := range profiles {
		r := s.do("GET", "/v3/profile/"+id+"/fields", nil)
		if r.Status != 200 {
			t.Fatalf("acknowledged profile %s lost after SIGKILL: %s", id, r)
		}
		var fields map[string]string
		if err := json.Unmarshal(r.Body, &fields); err != nil {
			t.Fatal(err)
		}
		if fields["note"] != st.acked && (st.inFlight == "" || fields["note"] != st.inFlight) {
			t.Fatalf("profile %s: note %q, acknowledged %q (in flight %q)", id, fields["note"], st.acked, st.inFlight)
		}
	}
	t.Logf("%d acknowledged profiles verified after SIGKILL", len(profiles))
}
