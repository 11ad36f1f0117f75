package e2e

import (
	"fmt"
	"math/rand"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestTwoNodes_SelWritesAndRebuildsOnBothNodes (issue 10, several nodes on
// PostgreSQL; decisions "Freshness: members kept by the writer"): two nodes
// write to one database while rebuilds of its views run on both, so builds
// on one node overlap writes on the other. Afterwards every view's members,
// as either node serves them, equal a forced rebuild: the build row locks
// make a build and a write on different nodes see each other in one order.
func TestTwoNodes_SelWritesAndRebuildsOnBothNodes(t *testing.T) {
	if engine != "postgres" {
		t.Skip("two nodes share a PostgreSQL store; runs in the PostgreSQL half of the suite")
	}
	a, b := startTwoNodes(t)

	db := mustCreate(t, a, "/v3/databases", map[string]any{"name": "twosel"})
	mustCreate(t, a, "/v3/database/"+db+"/fields", map[string]any{"name": "score", "type": "integer"})
	mustCreate(t, a, "/v3/database/"+db+"/interests", map[string]any{"name": "vip"})
	coll := mustCreate(t, a, "/v3/database/"+db+"/collections", map[string]any{"name": "orders"})
	mustCreate(t, a, "/v3/collection/"+coll+"/fields", map[string]any{"name": "amount", "type": "integer"})
	view := func(parent, name string, conds ...map[string]any) string {
		path := "/v3/database/" + db + "/views"
		if parent != "" {
			path = "/v3/view/" + parent + "/views"
		}
		v := mustCreate(t, a, path, map[string]any{"name": name})
		r := mustCreate(t, a, "/v3/view/"+v+"/rules", map[string]any{"name": "r"})
		for _, c := range conds {
			mustCreate(t, a, "/v3/rule/"+r+"/conditions", c)
		}
		return v
	}
	mini := mustCreate(t, a, "/v3/collection/"+coll+"/miniviews", map[string]any{"name": "big"})
	mr := mustCreate(t, a, "/v3/miniview/"+mini+"/minirules", map[string]any{"name": "r"})
	mustCreate(t, a, "/v3/minirule/"+mr+"/conditions", map[string]any{"type": "Field", "field": "amount", "comparison": "more", "value": "50"})
	high := view("", "high", map[string]any{"type": "Field", "field": "score", "comparison": "more", "value": "50"})
	vip := view(high, "vip", map[string]any{"type": "Interest", "interest": "vip"})
	low := view("", "low", map[string]any{"type": "ReferView", "refer-view": high, "check-type": "no"})
	buyers := view("", "buyers", map[string]any{"type": "MiniView", "mini-view": mini})
	top := view("", "top", map[string]any{"type": "Part", "begin": "0", "length": "5",
		"fields": []any{map[string]any{"field": "score", "order": "desc"}}})
	notTop := view("", "not top", map[string]any{"type": "ReferView", "refer-view": top, "check-type": "no"})
	objs := []string{"miniview/" + mini, "view/" + high, "view/" + vip, "view/" + low, "view/" + buyers, "view/" + top, "view/" + notTop}
	ids := func(s *server, obj string) string {
		t.Helper()
		path := "/v3/" + obj + "/profileids"
		if strings.HasPrefix(obj, "miniview/") {
			path = "/v3/" + obj + "/subprofileids"
		}
		r := s.do("GET", path, nil)
		if r.Status != 200 {
			t.Fatalf("GET %s: %d %s", path, r.Status, r.Body)
		}
		return string(r.Body)
	}
	for _, obj := range objs {
		ids(a, obj)
	}

	hc := &http.Client{Timeout: 10 * time.Second}
	send := func(s *server, method, path, body string) int {
		req, _ := http.NewRequest(method, s.Base+path+"?access_token="+s.Token, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		res, err := hc.Do(req)
		if err != nil {
			return 0
		}
		res.Body.Close()
		if res.StatusCode == 201 {
			return -1 // created; the caller reads nothing more
		}
		return res.StatusCode
	}
	var acked, failed atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for c := 0; c < 6; c++ {
		node := []*server{a, b}[c%2]
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			rng := rand.New(rand.NewSource(int64(c)))
			profiles := []string{}
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				var status int
				switch k := rng.Intn(6); {
				case len(profiles) < 3 || k < 2:
					body := fmt.Sprintf(`{"fields":{"score":%d},"interests":%s}`, rng.Intn(100), []string{"[]", `["vip"]`}[rng.Intn(2)])
					req, _ := http.NewRequest("POST", node.Base+"/v3/database/"+db+"/profiles?access_token="+node.Token, strings.NewReader(body))
					req.Header.Set("Content-Type", "application/json")
					res, err := hc.Do(req)
					if err != nil {
						return
					}
					res.Body.Close()
					status = res.StatusCode
					if status == 201 {
						profiles = append(profiles, res.Header.Get("X-Created"))
					}
				case k < 4:
					status = send(node, "PUT", "/v3/profile/"+profiles[rng.Intn(len(profiles))]+"/fields", fmt.Sprintf(`{"score":%d}`, rng.Intn(100)))
				case k < 5:
					status = send(node, "POST", "/v3/profile/"+profiles[rng.Intn(len(profiles))]+"/subprofiles/"+coll, fmt.Sprintf(`{"amount":%d}`, rng.Intn(100)))
				default:
					j := rng.Intn(len(profiles))
					status = send(node, "DELETE", "/v3/profile/"+profiles[j], "")
					profiles = append(profiles[:j], profiles[j+1:]...)
				}
				switch {
				case status >= 500:
					failed.Add(1)
				case status != 0:
					acked.Add(1)
				}
			}
		}(c)
	}
	// Rebuilds on both nodes, each forced, while the writes go on.
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-time.After(30 * time.Millisecond):
			}
			node := []*server{a, b}[i%2]
			send(node, "POST", "/v3/"+objs[i%len(objs)]+"/rebuild", "")
		}
	}()
	deadline := time.Now().Add(60 * time.Second)
	for acked.Load() < 800 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	if acked.Load() < 100 {
		t.Fatalf("only %d writes acknowledged; the load did not run", acked.Load())
	}
	if n := failed.Load(); n > 0 {
		t.Errorf("%d writes failed with a server error while builds ran on the other node", n)
	}
	// Let the last background rebuilds finish: a read builds what is stale.
	served := map[string]string{}
	for _, obj := range objs {
		served[obj] = ids(b, obj)
		if again := ids(a, obj); again != served[obj] {
			t.Fatalf("%s: node B serves %s, node A %s", obj, served[obj], again)
		}
	}
	for _, obj := range objs {
		before := lastBuilt(t, a, obj)
		time.Sleep(1100 * time.Millisecond)
		if r := a.do("POST", "/v3/"+obj+"/rebuild", nil); r.Status != 204 {
			t.Fatalf("rebuild %s: %d %s", obj, r.Status, r.Body)
		}
		for end := time.Now().Add(60 * time.Second); lastBuilt(t, a, obj) == before; {
			if time.Now().After(end) {
				t.Fatalf("%s: the rebuild did not finish in 60 s", obj)
			}
			time.Sleep(20 * time.Millisecond)
		}
		if got := ids(b, obj); got != served[obj] {
			t.Errorf("%s: served %s, a full rebuild gives %s", obj, served[obj], got)
		}
	}
	t.Logf("%d writes acknowledged on two nodes beside rebuilds", acked.Load())
}
