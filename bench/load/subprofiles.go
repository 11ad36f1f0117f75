//go:build linux

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/sqlstore"
)

// benchCollection is the seeded collection; its description records whether
// seeding finished ("seeded N subprofiles over P profiles").
const benchCollection = "orders"

// Names of the subprofile phases (all contain "subprofile", see isSubPhase).
const (
	phasePostSub        = "POST subprofile"
	phaseSubListTotal   = "subprofile list filtered+ordered (total)"
	phaseSubListNoTotal = "subprofile list filtered+ordered (total=false)"
)

func isSubPhase(name string) bool { return strings.Contains(name, "subprofile") }

var subFields = []fieldSpec{
	{"item", kopernik.TypeText, true, ""},
	{"amount", kopernik.TypeInteger, true, ""},
	{"placed", kopernik.TypeDatetime, true, ""},
	{"status", kopernik.TypeSelect, false, statusChoices},
}

const statusChoices = "new*\npaid\nshipped\ndelivered\ncancelled"

// items: 64 products; each list prefix below matches 4 or 5 of them.
var items = []string{
	"Chair", "Charger", "Cheese", "Chocolate", "Chopsticks",
	"Table", "Tablet", "Tape", "Tablecloth",
	"Lamp", "Laptop", "Lantern", "Ladder",
	"Pen", "Pencil", "Pepper", "Perfume",
	"Book", "Bookcase", "Boots", "Bottle", "Bowl",
	"Mouse", "Monitor", "Mop", "Mortar",
	"Sofa", "Socks", "Soap", "Soup bowl", "Speaker", "Spoon", "Sponge",
	"Kettle", "Keyboard", "Key ring", "Rug", "Ruler", "Umbrella", "Vase",
	"Wallet", "Watch", "Water bottle", "Window cleaner", "Blanket", "Blender",
	"Candle", "Cushion", "Curtain", "Desk", "Drill", "Fan", "Fork", "Frying pan",
	"Glass", "Gloves", "Hammer", "Headphones", "Iron", "Jacket", "Jar", "Knife",
	"Napkin", "Oven mitt",
}

// subListPrefixes all match several items; "Ch" is a third of the requests
// like "Sm" for profiles.
var subListPrefixes = []string{"Ch", "Ch", "Ch", "Ta", "La", "Pe", "Bo", "Mo"}

type orderData struct {
	Item   string
	Amount int64
	Placed string
	Status string
}

func (g *gen) order() orderData {
	r := g.r
	o := orderData{Item: items[r.IntN(len(items))], Amount: int64(1 + r.IntN(1000))}
	o.Placed = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.Int64N(int64(6 * 365 * 24 * time.Hour)))).
		Truncate(time.Second).Format("2006-01-02 15:04:05")
	switch x := r.IntN(100); {
	case x < 10:
		o.Status = "new"
	case x < 25:
		o.Status = "paid"
	case x < 45:
		o.Status = "shipped"
	case x < 95:
		o.Status = "delivered"
	default:
		o.Status = "cancelled"
	}
	return o
}

// json is the body of POST subprofile: the field map itself, no wrapper.
func (o orderData) json() map[string]any {
	return map[string]any{"item": o.Item, "amount": o.Amount, "placed": o.Placed, "status": o.Status}
}

func (o orderData) fields() *kopernik.Map {
	m := &kopernik.Map{}
	m.Set("item", o.Item)
	m.Set("amount", o.Amount)
	m.Set("placed", o.Placed)
	m.Set("status", o.Status)
	return m
}

type subSeedResult struct {
	CollectionID int64   `json:"collection_id"`
	Subprofiles  int     `json:"subprofiles"`
	Parents      int     `json:"parents"`
	Skipped      bool    `json:"skipped"`
	Seconds      float64 `json:"seconds,omitempty"`
	PerSecond    float64 `json:"subprofiles_per_s,omitempty"`
	parents      []int64
}

// seedSubprofiles creates collection "orders" in the bench database with
// cfg.subprofiles subprofiles spread round-robin over the first
// cfg.subParents live profiles, unless it already exists with that content.
func seedSubprofiles(ctx context.Context, st *sqlstore.Store, be backend, loc *time.Location, dbID int64, ids []int64, cfg config) (subSeedResult, error) {
	res := subSeedResult{Subprofiles: cfg.subprofiles, Parents: min(cfg.subParents, len(ids))}
	if res.Parents < cfg.subParents {
		logf("only %d live profiles: subprofiles go to all of them, not to %d", len(ids), cfg.subParents)
	}
	res.parents = ids[:res.Parents] // EntityIDs is in ID order
	done := fmt.Sprintf("seeded %d subprofiles over %d profiles", res.Subprofiles, res.Parents)
	cat, err := st.Catalog(ctx)
	if err != nil {
		return res, err
	}
	d := cat.Database(dbID)
	if d == nil {
		return res, fmt.Errorf("database %d vanished", dbID)
	}
	if c := d.CollectionByName(benchCollection); c != nil {
		if c.Description != done {
			return res, fmt.Errorf("%s holds collection %q marked %q, not %q: use another %s or remove it",
				be.where(), benchCollection, c.Description, done, be.flag())
		}
		res.CollectionID, res.Skipped = c.ID, true
		logf("subprofile seeding skipped: %s already holds %q (%s)", be.where(), benchCollection, done)
		return res, nil
	}
	name, desc := benchCollection, "seeding"
	cid, err := st.CreateCollection(ctx, dbID, kopernik.CollectionInput{Name: &name, Description: &desc})
	if err != nil {
		return res, err
	}
	res.CollectionID = cid
	owner := kopernik.CollectionOwner(cid)
	if err := createBenchFields(ctx, st, owner, subFields); err != nil {
		return res, err
	}
	parents := res.parents
	res.Seconds, res.PerSecond, err = seedEntities(ctx, st, be, loc, cfg, res.Subprofiles, "subprofiles",
		fmt.Sprintf("into collection %d over %d profiles", cid, res.Parents),
		func(s *sqlstore.Store, g *gen, i int) error {
			_, err := s.CreateEntity(ctx, owner, parents[(i-1)%len(parents)], kopernik.EntityInput{Fields: g.order().fields()})
			return err
		})
	if err != nil {
		return res, err
	}
	if err := st.UpdateCollection(ctx, cid, kopernik.CollectionInput{Description: &done}); err != nil {
		return res, err
	}
	return res, nil
}

func subSeedText(s subSeedResult) string {
	if s.Skipped {
		return "reused"
	}
	return fmt.Sprintf("%.0f/s in %.1f s", s.PerSecond, s.Seconds)
}

// subListURLs returns the variants of the filtered, ordered subprofile list:
// amount bound 400–600 and an item prefix, operators percent-encoded.
func subListURLs(base string, cid int64, tq string) listSet {
	var ls listSet
	for amount := 400; amount <= 600; amount += 50 {
		for _, pre := range subListPrefixes {
			q := fmt.Sprintf("%s/v3/collection/%d/subprofiles?%s&fields[]=%s&fields[]=%s&orderby=placed&limit=100",
				base, cid, tq, url.QueryEscape("amount>="+strconv.Itoa(amount)), url.QueryEscape("item=~"+pre+"%"))
			ls.withTotal = append(ls.withTotal, q)
			ls.noTotal = append(ls.noTotal, q+"&total=false")
		}
	}
	return ls
}

// subBodies pre-renders POST subprofile bodies.
func subBodies(seed uint64, n int) [][]byte {
	g := newGen(seed + 0x5b)
	out := make([][]byte, n)
	for i := range out {
		b, err := json.Marshal(g.order().json())
		if err != nil {
			panic(err)
		}
		out[i] = b
	}
	return out
}

// sanitySub checks the subprofile list once and records what it matches.
func sanitySub(ctx context.Context, base, tq string, seed seedResult, sum *summary) error {
	return sanityList(ctx, "subprofile_list", subListURLs(base, seed.Sub.CollectionID, tq).withTotal[0], base, tq, sum)
}

// runSubPhases runs POST subprofile at -c clients and the subprofile list at
// one and -list-c clients, with and without total.
func runSubPhases(ctx context.Context, cfg config, srv *server, tq string, sub subSeedResult, run int, baseRPS float64, rr *runResult) {
	bodies := subBodies(uint64(run), 4096)
	prefix := srv.base + "/v3/profile/"
	suffix := "/subprofiles/" + strconv.FormatInt(sub.CollectionID, 10) + "?" + tq
	parents := sub.parents
	pp := phase{name: phasePostSub, conc: cfg.conc, want: http.StatusCreated, needCreated: true,
		mk: func(rng *rand.Rand) *http.Request {
			u := prefix + strconv.FormatInt(parents[rng.IntN(len(parents))], 10) + suffix
			req, _ := http.NewRequest(http.MethodPost, u, bytes.NewReader(bodies[rng.IntN(len(bodies))]))
			req.Header.Set("Content-Type", "application/json")
			return req
		}}
	res := runPhase(ctx, cfg, pp, srv.rss)
	rr.Phases = append(rr.Phases, res)
	rr.SubPostRatio = ratio(res.RPS, baseRPS)

	lists := subListURLs(srv.base, sub.CollectionID, tq)
	for _, v := range []struct {
		conc  int
		total bool
	}{{1, true}, {1, false}, {cfg.listConc, true}, {cfg.listConc, false}} {
		us, name := lists.withTotal, phaseSubListTotal
		if !v.total {
			us, name = lists.noTotal, phaseSubListNoTotal
		}
		lp := phase{name: name, conc: v.conc, want: http.StatusOK,
			mk: func(rng *rand.Rand) *http.Request {
				req, _ := http.NewRequest(http.MethodGet, us[rng.IntN(len(us))], nil)
				return req
			}}
		rr.Phases = append(rr.Phases, runPhase(ctx, cfg, lp, srv.rss))
	}
}
