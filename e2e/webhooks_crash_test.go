package e2e

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// hookLoad runs concurrent clients that create, update and delete profiles
// and create subprofiles through the given servers (client c uses server
// c % len(servers)), and records the event every acknowledged write must
// produce, as the receiver keys it.
type hookLoad struct {
	mu       sync.Mutex
	expected map[string]bool
	stop     chan struct{}
	wg       sync.WaitGroup
}

// eventKey names one event the way the receiver sees it.
func eventKey(typ, entity, id, note string) string { return typ + " " + entity + " " + id + " " + note }

func startHookLoad(servers []*server, db, coll string, clients int) *hookLoad {
	l := &hookLoad{expected: map[string]bool{}, stop: make(chan struct{})}
	hc := &http.Client{Timeout: 10 * time.Second}
	for c := 0; c < clients; c++ {
		s := servers[c%len(servers)]
		base, token := s.Base, s.Token
		send := func(method, path, body string) (*http.Response, error) {
			req, _ := http.NewRequest(method, base+path+"?access_token="+token, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			res, err := hc.Do(req)
			if err == nil {
				res.Body.Close()
			}
			return res, err
		}
		l.wg.Add(1)
		go func(c int) {
			defer l.wg.Done()
			var mine []string
			for i := 0; ; i++ {
				select {
				case <-l.stop:
					return
				default:
				}
				var key string
				var res *http.Response
				var err error
				switch {
				case len(mine) < 3 || i%4 == 0:
					note := fmt.Sprintf("c%d-%d", c, i)
					res, err = send("POST", "/v3/database/"+db+"/profiles", fmt.Sprintf(`{"fields":{"note":%q}}`, note))
					if err == nil && res.StatusCode == 201 {
						id := res.Header.Get("X-Created")
						mine = append(mine, id)
						key = eventKey("create", "profile", id, note)
					}
				case i%4 == 1:
					id := mine[i%len(mine)]
					note := fmt.Sprintf("c%d-%d", c, i)
					res, err = send("POST", "/v3/profile/"+id+"/subprofiles/"+coll, fmt.Sprintf(`{"item":%q}`, note))
					if err == nil && res.StatusCode == 201 {
						key = eventKey("create", "subprofile", res.Header.Get("X-Created"), note)
					}
				case i%4 == 2:
					id := mine[i%len(mine)]
					note := fmt.Sprintf("c%d-%d", c, i)
					res, err = send("PUT", "/v3/profile/"+id, fmt.Sprintf(`{"fields":{"note":%q}}`, note))
					if err == nil && res.StatusCode == 204 {
						key = eventKey("update", "profile", id, note)
					}
				default:
					k := i % len(mine)
					id := mine[k]
					mine = append(mine[:k], mine[k+1:]...)
					res, err = send("DELETE", "/v3/profile/"+id, "")
					if err == nil && res.StatusCode == 204 {
						key = eventKey("delete", "profile", id, "")
					}
				}
				if err != nil {
					return // the server is gone
				}
				if key != "" {
					l.mu.Lock()
					l.expected[key] = true
					l.mu.Unlock()
				}
			}
		}(c)
	}
	return l
}

func (l *hookLoad) acked() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.expected)
}

func (l *hookLoad) end() {
	close(l.stop)
	l.wg.Wait()
}

// keyOf is the event key of one delivery.
func keyOf(d delivery) string {
	f := d.Form
	switch {
	case f.Get("type") == "delete" && f.Get("subprofile") == "":
		return eventKey("delete", "profile", f.Get("profile"), "")
	case f.Get("subprofile") != "":
		return eventKey(f.Get("type"), "subprofile", f.Get("subprofile"), f.Get("fields[item]"))
	}
	return eventKey(f.Get("type"), "profile", f.Get("profile"), f.Get("fields[note]"))
}

// crashShop makes the database and one webhook per trigger.
func crashShop(t *testing.T, s *server, rcv *hookReceiver) (db, coll string) {
	db = created(t, s.do("POST", "/v3/databases", `{"name":"crash"}`))
	created(t, s.do("POST", "/v3/database/"+db+"/fields", `{"name":"note"}`))
	coll = created(t, s.do("POST", "/v3/database/"+db+"/collections", `{"name":"orders"}`))
	created(t, s.do("POST", "/v3/collection/"+coll+"/fields", `{"name":"item"}`))
	for _, tr := range []string{"create", "update", "delete"} {
		created(t, s.do("POST", "/v3/webhooks", `{"handler":"`+rcv.URL("/"+tr)+`","trigger":"`+tr+`"}`))
	}
	return db, coll
}

// waitDelivered waits (bounded) until every expected event was received,
// then checks duplicates stay under 1% of the events.
func waitDelivered(t *testing.T, rcv *hookReceiver, expected map[string]bool) {
	t.Helper()
	deadline := time.Now().Add(120 * time.Second)
	for {
		seen := map[string]int{}
		for _, d := range rcv.all() {
			seen[keyOf(d)]++
		}
		var missing []string
		for k := range expected {
			if seen[k] == 0 {
				missing = append(missing, k)
			}
		}
		if len(missing) == 0 {
			dups, total := 0, 0
			for _, n := range seen {
				total += n
				dups += n - 1
			}
			t.Logf("%d acknowledged writes, %d deliveries, %d duplicates", len(expected), total, dups)
			if dups*100 >= total {
				t.Fatalf("%d duplicates among %d deliveries: 1%% or more", dups, total)
			}
			return
		}
		if time.Now().After(deadline) {
			if len(missing) > 10 {
				missing = missing[:10]
			}
			t.Fatalf("after 120 s, acknowledged writes without a delivered event, e.g. %q", missing)
		}
		select {
		case <-rcv.wait:
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// TestW7_CrashEveryAckedWriteDelivered: concurrent clients create, update and
// delete profiles and create subprofiles while a loopback receiver records
// deliveries; the server is killed with SIGKILL mid-load and restarted. Every
// write that got a success answer has its event delivered at least once,
// and duplicates stay below 1% of the events.
func TestW7_CrashEveryAckedWriteDelivered(t *testing.T) {
	t.Parallel()
	rcv := newHookReceiver(t)
	// A short hold: the restarted node (a new name) takes its webhooks
	// back soon after the kill.
	s := hookServer(t, "--webhook-timeout", "2s", "--webhook-lease", "4s")
	db, coll := crashShop(t, s, rcv)
	l := startHookLoad([]*server{s}, db, coll, 6)
	// Kill once enough writes were acknowledged (the deadline only bounds a
	// load that never runs).
	deadline := time.Now().Add(60 * time.Second)
	for l.acked() < 3000 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	s.kill()
	l.end()
	if l.acked() < 100 {
		t.Fatalf("only %d writes acknowledged before the kill", l.acked())
	}
	s.start()
	waitDelivered(t, rcv, l.expected)
}

// TestW7_TwoNodesOneKilled: on PostgreSQL two nodes share the store and
// both deliver; one is killed mid-load and not restarted. The survivor
// takes over the dead node's webhooks once their leases run out and
// delivers every acknowledged write's event, written through either node.
func TestW7_TwoNodesOneKilled(t *testing.T) {
	if engine != "postgres" {
		t.Skip("two nodes share a PostgreSQL store; runs in the PostgreSQL half of the suite")
	}
	t.Parallel()
	rcv := newHookReceiver(t)
	args := []string{"--webhook-allow-host", "127.0.0.1", "--webhook-poll", "100ms", "--webhook-timeout", "2s", "--webhook-lease", "4s"}
	a := startServer(t, args...)
	db, coll := crashShop(t, a, rcv)
	// A alone first, so that it holds the webhooks when it is killed.
	la := startHookLoad([]*server{a}, db, coll, 3)
	deadline := time.Now().Add(60 * time.Second)
	for la.acked() < 300 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	b := &server{t: t, DSN: a.DSN, Token: a.Token, extra: args}
	b.start()
	t.Cleanup(b.stop)
	lb := startHookLoad([]*server{b}, db, coll, 3)
	for la.acked()+lb.acked() < 3000 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	a.kill()
	la.end()
	// B's clients go on for a while after the kill.
	for n := lb.acked(); lb.acked() < n+100 && time.Now().Before(deadline.Add(30*time.Second)); {
		time.Sleep(20 * time.Millisecond)
	}
	lb.end()
	for k := range la.expected {
		lb.expected[k] = true
	}
	waitDelivered(t, rcv, lb.expected)
}
