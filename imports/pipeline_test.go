package imports

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/kopernik/kopernik"
)

// memDB is the least a writer needs to apply plans: live profiles and
// subprofiles with their values by field ID.
type memDB struct {
	next     int64
	profiles map[int64]map[int64]string
	subs     map[int64]memSub
}

type memSub struct {
	profile int64
	values  map[int64]string
}

func newMemDB() *memDB {
	return &memDB{next: 1, profiles: map[int64]map[int64]string{}, subs: map[int64]memSub{}}
}

func matchAll(vals map[int64]string, keys []Key) bool {
	for _, k := range keys {
		if MatchForm(k.Field, vals[k.Field.ID]) != k.Match {
			return false
		}
	}
	return true
}

func (m *memDB) lookup(pl *Plan) Matches {
	var out Matches
	for _, id := range sortedKeys(m.profiles) {
		if len(pl.ProfileKey) > 0 && matchAll(m.profiles[id], pl.ProfileKey) {
			out.Profiles = append(out.Profiles, id)
		}
	}
	if !pl.HasSub {
		return out
	}
	for _, id := range sortedKeys(m.subs) {
		s := m.subs[id]
		if len(pl.ProfileKey) > 0 && !slices.Contains(out.Profiles, s.profile) {
			continue
		}
		if matchAll(s.values, pl.SubKey) {
			out.Subs = append(out.Subs, SubMatch{ID: id, ProfileID: s.profile})
		}
	}
	return out
}

func sortedKeys[V any](m map[int64]V) []int64 {
	var ks []int64
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func set(into map[int64]string, vals []Value) {
	for _, v := range vals {
		into[v.Field.ID] = v.Value
	}
}

func (m *memDB) apply(pl *Plan, s Steps) {
	for _, id := range s.DeleteProfiles {
		delete(m.profiles, id)
		for sid, sub := range m.subs {
			if sub.profile == id {
				delete(m.subs, sid)
			}
		}
	}
	for _, id := range s.DeleteSubs {
		delete(m.subs, id)
	}
	for _, id := range s.UpdateProfiles {
		set(m.profiles[id], pl.Profile)
	}
	for _, id := range s.UpdateSubs {
		set(m.subs[id].values, pl.Sub)
	}
	newSub := func(pid int64) {
		v := map[int64]string{}
		set(v, pl.Sub)
		m.subs[m.next] = memSub{profile: pid, values: v}
		m.next++
	}
	if s.CreateProfile {
		pid := m.next
		m.next++
		m.profiles[pid] = map[int64]string{}
		set(m.profiles[pid], pl.Profile)
		if s.NewSub {
			newSub(pid)
		}
	}
	for _, pid := range s.AddSubTo {
		newSub(pid)
	}
}

// run is the whole pure pipeline over one source: read, map, plan, decide,
// apply, with rows that fail reported.
func (m *memDB) run(t *testing.T, im *kopernik.Import, src string) Report {
	t.Helper()
	var rep Report
	r, err := OpenSniffed(im.Format, im.Delimiter, strings.NewReader(src), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPlanner(testDB(), im, testConv())
	if err != nil {
		t.Fatal(err)
	}
	for {
		row, err := r.Next()
		if err == io.EOF {
			break
		}
		if rep.RowError(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Columns(r.Columns()); err != nil {
			t.Fatal(err)
		}
		pl, err := p.Plan(row)
		if rep.RowError(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		steps := Decide(im.Action, pl, m.lookup(pl))
		if steps.NotApplied != "" {
			rep.Row(pl.Line, steps.NotApplied)
		}
		m.apply(pl, steps)
	}
	rep.Ignored = p.Unknown()
	return rep
}

// dump prints the database: profiles by Email, each with its orders.
func (m *memDB) dump() string {
	db := testDB()
	email, name := db.Fields[0].ID, db.Fields[1].ID
	order, amount := db.Collections[0].Fields[0].ID, db.Collections[0].Fields[1].ID
	var lines []string
	for _, pid := range sortedKeys(m.profiles) {
		p := m.profiles[pid]
		s := fmt.Sprintf("%s/%s", p[email], p[name])
		for _, sid := range sortedKeys(m.subs) {
			if sub := m.subs[sid]; sub.profile == pid {
				s += fmt.Sprintf(" [%s=%s]", sub.values[order], sub.values[amount])
			}
		}
		lines = append(lines, s)
	}
	return strings.Join(lines, "\n")
}

// A.1: an order file imported with `update or add` on the customer's e-mail
// and the order number attaches every order to one profile per customer;
// importing the next file updates known orders and adds new ones, matching
// e-mail addresses case-insensitively.
func TestA1_OrdersAttachToOneProfilePerCustomer(t *testing.T) {
	m := newMemDB()
	im := &kopernik.Import{Action: kopernik.ImportUpdateOrAdd, KeyFields: []string{"Email", "Orders.OrderID"}, Format: kopernik.FormatCSV, Delimiter: ','}
	rep := m.run(t, im, "Email,LastName,Orders.OrderID,Orders.Amount\n"+
		"a@x.nl,Ann,o1,10\n"+
		"b@x.nl,Bob,o2,20\n"+
		"A@X.NL,Ann,o3,30\n"+
		",Nobody,o4,40\n")
	want := "A@X.NL/Ann [o1=10] [o3=30]\nb@x.nl/Bob [o2=20]"
	if got := m.dump(); got != want {
		t.Fatalf("after the first file\n%s\nwant\n%s", got, want)
	}
	if rep.LastError() != "1 row not applied: line 5: key field Email is empty." {
		t.Fatalf("report %q", rep.LastError())
	}
	m.run(t, im, "Email,LastName,Orders.OrderID,Orders.Amount\n"+
		"a@x.nl,Anna,O1,11\n"+
		"c@x.nl,Cees,o5,50\n"+
		"b@x.nl,Bob,,\n")
	want = "a@x.nl/Anna [O1=11] [o3=30]\nb@x.nl/Bob [o2=20]\nc@x.nl/Cees [o5=50]"
	if got := m.dump(); got != want {
		t.Fatalf("after the second file\n%s\nwant\n%s", got, want)
	}
	// update touches only what exists; delete removes the matched orders.
	rep = m.run(t, &kopernik.Import{Action: kopernik.ImportUpdate, KeyFields: []string{"Orders.OrderID"}, Format: kopernik.FormatJSON},
		`[{"Orders.OrderID":"o3","Orders.Amount":33,"LastName":"Ann B"},{"Orders.OrderID":"o9","Orders.Amount":1}]`)
	if rep.LastError() != "1 row not applied: line 1: no subprofile matches." {
		t.Fatalf("report %q", rep.LastError())
	}
	m.run(t, &kopernik.Import{Action: kopernik.ImportDelete, DeleteTarget: kopernik.TargetSubprofile, KeyFields: []string{"Orders.OrderID"}, Format: kopernik.FormatJSON},
		`{"Orders.OrderID":"o1"}`+"\n"+`{"Orders.OrderID":"o2"}`)
	want = "a@x.nl/Ann B [o3=33]\nb@x.nl/Bob\nc@x.nl/Cees [o5=50]"
	if got := m.dump(); got != want {
		t.Fatalf("after update and delete\n%s\nwant\n%s", got, want)
	}
	m.run(t, &kopernik.Import{Action: kopernik.ImportDelete, KeyFields: []string{"Email"}, Format: kopernik.FormatCSV, Delimiter: ';'}, "email;Bogus\nC@x.nl;1\n")
	if got := m.dump(); got != "a@x.nl/Ann B [o3=33]\nb@x.nl/Bob" {
		t.Fatalf("after the profile delete\n%s", got)
	}
}

// BenchmarkCSVPlan measures the pure per-row cost the bulk writer adds to
// its inserts: read a CSV row of ten columns and plan it.
func BenchmarkCSVPlan(b *testing.B) {
	im := &kopernik.Import{Action: kopernik.ImportUpdateOrAdd, KeyFields: []string{"Email"}}
	r, err := NewCSV(&benchCSV{rows: b.N}, ',', Limits{})
	if err != nil {
		b.Fatal(err)
	}
	p, err := NewPlanner(testDB(), im, testConv())
	if err != nil {
		b.Fatal(err)
	}
	if err := p.Columns(r.Columns()); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for {
		row, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			b.Fatal(err)
		}
		if _, err := p.Plan(row); err != nil {
			b.Fatal(err)
		}
	}
}

// benchCSV writes rows shaped like the load benchmark's as they are read.
type benchCSV struct {
	rows, next int
	buf        []byte
}

func (g *benchCSV) Read(p []byte) (int, error) {
	for len(g.buf) == 0 {
		switch {
		case g.next > g.rows:
			return 0, io.EOF
		case g.next == 0:
			g.buf = []byte("Email,LastName,Age,Score,Birthdate,Level,Orders.OrderID,Orders.Amount,Orders.Placed,Bogus\n")
		default:
			i := g.next
			g.buf = fmt.Appendf(g.buf[:0], "user%d@example.com,Name %d,%d,2.5,1980-05-06,Gold,o%d,12.50,2024-01-02 03:04:05,x\n", i, i, i%90, i)
		}
		g.next++
	}
	n := copy(p, g.buf)
	g.buf = g.buf[n:]
	return n, nil
}
