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

// TestSel_CrashMembersEqualRebuild (selections.md §3.5, §9; issue 10
// "membership never disagrees with a full rebuild, also after a crash"):
// views of every per-entity kind (Field, Interest, nested, ReferView,
// inverted, MiniView over a miniview) and a Part view are built; clients
// create, update and delete profiles and subprofiles concurrently; the
// server is killed with SIGKILL mid-load and restarted. Then every view's
// and miniview's members as served equal its members after a forced
// rebuild. The members are written in the transaction of the write that
// moves them, so a crash can lose or keep both, never one.
func TestSel_CrashMembersEqualRebuild(t *testing.T) {
	s := startServer(t)
	db := mustCreate(t, s, "/v3/databases", map[string]any{"name": "selcrash"})
	for _, f := range []map[string]any{{"name": "score", "type": "integer"}, {"name": "note"}} {
		mustCreate(t, s, "/v3/database/"+db+"/fields", f)
	}
	mustCreate(t, s, "/v3/database/"+db+"/interests", map[string]any{"name": "vip"})
	coll := mustCreate(t, s, "/v3/database/"+db+"/collections", map[string]any{"name": "orders"})
	mustCreate(t, s, "/v3/collection/"+coll+"/fields", map[string]any{"name": "amount", "type": "integer"})

	view := func(parent, name string, inverted bool, conds ...map[string]any) string {
		path := "/v3/database/" + db + "/views"
		if parent != "" {
			path = "/v3/view/" + parent + "/views"
		}
		v := mustCreate(t, s, path, map[string]any{"name": name})
		r := mustCreate(t, s, "/v3/view/"+v+"/rules", map[string]any{"name": "r", "inverted": inverted})
		for _, c := range conds {
			mustCreate(t, s, "/v3/rule/"+r+"/conditions", c)
		}
		return v
	}
	field := func(f, cmp, v string) map[string]any {
		return map[string]any{"type": "Field", "field": f, "comparison": cmp, "value": v}
	}
	mini := mustCreate(t, s, "/v3/collection/"+coll+"/miniviews", map[string]any{"name": "big"})
	mr := mustCreate(t, s, "/v3/miniview/"+mini+"/minirules", map[string]any{"name": "r"})
	mustCreate(t, s, "/v3/minirule/"+mr+"/conditions", field("amount", "more", "50"))
	high := view("", "high", false, field("score", "more", "50"))
	vipHigh := view(high, "vip high", false, map[string]any{"type": "Interest", "interest": "vip"})
	low := view("", "not high", false, map[string]any{"type": "ReferView", "refer-view": high, "check-type": "no"})
	odd := view("", "not below 30", true, field("score", "less", "30"))
	buyers := view("", "buyers", false, map[string]any{"type": "MiniView", "mini-view": mini, "min-subprofiles": 2})
	top := view("", "top ten", false, map[string]any{"type": "Part", "begin": "0", "length": "10",
		"fields": []any{map[string]any{"field": "score", "order": "desc"}}})
	// Build order: the miniview, then views after what they refer to.
	objs := []string{"miniview/" + mini, "view/" + high, "view/" + vipHigh, "view/" + low, "view/" + odd,
		"view/" + buyers, "view/" + top}
	ids := func(obj string) string {
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
	builtAt := map[string]string{}
	for _, obj := range objs {
		ids(obj) // built now, kept by every write from here on
	}
	for _, obj := range objs {
		builtAt[obj] = lastBuilt(t, s, obj)
	}

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
	var acked atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for c := 0; c < 8; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			rng := rand.New(rand.NewSource(int64(c)))
			var mine, subs []string
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				var res *http.Response
				var err error
				switch k := rng.Intn(10); {
				case len(mine) < 3 || k < 3:
					interests := "[]"
					if rng.Intn(2) == 0 {
						interests = `["vip"]`
					}
					res, err = send("POST", "/v3/database/"+db+"/profiles",
						fmt.Sprintf(`{"fields":{"score":%d,"note":"c%d-%d"},"interests":%s}`, rng.Intn(100), c, i, interests))
					if err == nil && res.StatusCode == 201 {
						mine = append(mine, res.Header.Get("X-Created"))
					}
				case k < 5:
					res, err = send("PUT", "/v3/profile/"+mine[rng.Intn(len(mine))]+"/fields", fmt.Sprintf(`{"score":%d}`, rng.Intn(100)))
				case k < 6:
					on := []string{"0", "1"}[rng.Intn(2)]
					res, err = send("PUT", "/v3/profile/"+mine[rng.Intn(len(mine))]+"/interests", `{"vip":`+on+`}`)
				case k < 8:
					res, err = send("POST", "/v3/profile/"+mine[rng.Intn(len(mine))]+"/subprofiles/"+coll, fmt.Sprintf(`{"amount":%d}`, rng.Intn(100)))
					if err == nil && res.StatusCode == 201 {
						subs = append(subs, res.Header.Get("X-Created"))
					}
				case k < 9 && len(subs) > 0:
					j := rng.Intn(len(subs))
					res, err = send("DELETE", "/v3/subprofile/"+subs[j], "")
					subs = append(subs[:j], subs[j+1:]...)
				default:
					j := rng.Intn(len(mine))
					res, err = send("DELETE", "/v3/profile/"+mine[j], "")
					mine = append(mine[:j], mine[j+1:]...)
				}
				if err != nil {
					return // the server is gone
				}
				if res.StatusCode < 300 {
					acked.Add(1)
				}
			}
		}(c)
	}
	// Kill once enough writes were acknowledged; the deadline only bounds a
	// load that never runs.
	deadline := time.Now().Add(60 * time.Second)
	for acked.Load() < 600 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	s.kill()
	close(stop)
	wg.Wait()
	if acked.Load() < 100 {
		t.Fatalf("only %d writes acknowledged before the kill; the load did not run", acked.Load())
	}
	s.start()

	served := map[string]string{}
	for _, obj := range objs {
		served[obj] = ids(obj)
	}
	for _, obj := range objs[:len(objs)-1] { // all but the Part view are kept by the writer
		if lb := lastBuilt(t, s, obj); lb != builtAt[obj] {
			t.Fatalf("%s was rebuilt before it was served (last-built %s, then %s): the kept members went stale", obj, builtAt[obj], lb)
		}
	}
	nonEmpty := 0
	for _, obj := range objs {
		before := lastBuilt(t, s, obj)
		time.Sleep(1100 * time.Millisecond) // last-built has whole seconds
		if r := s.do("POST", "/v3/"+obj+"/rebuild", nil); r.Status != 204 {
			t.Fatalf("rebuild %s: %d %s", obj, r.Status, r.Body)
		}
		for end := time.Now().Add(60 * time.Second); lastBuilt(t, s, obj) == before; {
			if time.Now().After(end) {
				t.Fatalf("%s: the rebuild did not finish in 60 s", obj)
			}
			time.Sleep(20 * time.Millisecond)
		}
		if got := ids(obj); got != served[obj] {
			t.Errorf("%s after SIGKILL: served %s, a full rebuild gives %s", obj, served[obj], got)
		}
		if served[obj] != "[]" {
			nonEmpty++
		}
	}
	if nonEmpty < len(objs)-1 {
		t.Fatalf("only %d of %d selections have members; the comparison proves little", nonEmpty, len(objs))
	}
	t.Logf("%d writes acknowledged before SIGKILL; %d selections equal their rebuild", acked.Load(), len(objs))
}
