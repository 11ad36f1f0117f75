// Package storetest is the contract every storage engine must pass: the same
// calls, the same answers, on SQLite and on PostgreSQL.
package storetest

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/filter"
	"github.com/kopernik/kopernik/values"
)

// Opener returns a fresh, empty store for one test; the opener cleans it up.
type Opener func(t *testing.T) kopernik.Store

// Run runs the contract against stores made by open.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(*testing.T, kopernik.Store)
	}{
		{"Databases", testDatabases},
		{"Fields", testFields},
		{"FieldTypeChangeConvertsValues", testTypeChange},
		{"Interests", testInterests},
		{"Entities", testEntities},
		{"ListFilterOrder", testList},
		{"TotalFollowsWrites", testTotalFollowsWrites},
		{"UpdateMatching", testUpdateMatching},
		{"DeleteCascades", testDeleteCascade},
		{"Unsubscribe", testUnsubscribe},
		{"Tokens", testTokens},
		{"GroupCommitConcurrentCreates", testConcurrentCreates},
		{"FailedJobLeavesBatchIntact", testFailedJob},
		{"CopyDatabase", testCopy},
		{"DataRequests", testDataRequests},
		{"ObserversSeeEveryChange", testObservers},
		{"ObserverErrorRollsBack", testObserverFailure},
		{"SelectionDefinitions", testSelectionDefinitions},
		{"SelectionReferences", testSelectionReferences},
		{"SelectionIntentions", testSelectionIntentions},
		{"SelectionCopies", testSelectionCopies},
		{"SelectionBuildAgreement", testSelectionBuildAgreement},
		{"Sel3_3_IncrementalEqualsFullEqualsReference", testSelectionsIncremental},
		{"SelectionBuildState", testSelectionBuildState},
		{"SelectionSchedule", testSelectionSchedule},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			defer func() {
				if r := recover(); r != nil {
					if f, ok := r.(failure); ok {
						t.Fatalf("unexpected error: %v", f.err)
					}
					panic(r)
				}
			}()
			tc.fn(t, open(t))
		})
	}
}

var ctx = context.Background()

func str(s string) *string                           { return &s }
func boolp(b bool) *bool                             { return &b }
func ftype(t kopernik.FieldType) *kopernik.FieldType { return &t }

// failure carries an unexpected error from must to the test's recover.
type failure struct{ err error }

// must returns v or stops the test on err (Run recovers and reports it).
func must[T any](v T, err error) T {
	if err != nil {
		panic(failure{err})
	}
	return v
}

func wantErr(t *testing.T, err error, msg string) {
	t.Helper()
	if err == nil || kopernik.ErrorMessage(err) != msg {
		t.Fatalf("want error %q, got %v", msg, err)
	}
}

func catalog(t *testing.T, s kopernik.Store) *kopernik.Catalog {
	t.Helper()
	return must(s.Catalog(ctx))
}

// fixture is behaviour.md's example database: Email, LastName, Birthdate, ANumber.
func fixture(t *testing.T, s kopernik.Store) (db int64, f map[string]int64) {
	t.Helper()
	db = must(s.CreateDatabase(ctx, kopernik.DatabaseInput{Name: str("Test")}))
	f = map[string]int64{}
	for _, in := range []kopernik.FieldInput{
		{Name: str("Email"), Type: ftype(kopernik.TypeEmail)},
		{Name: str("LastName"), Index: boolp(true)},
		{Name: str("Birthdate"), Type: ftype(kopernik.TypeEmptyDate)},
		{Name: str("ANumber"), Type: ftype(kopernik.TypeInteger), Value: int64(-1), HasValue: true, Index: boolp(true)},
	} {
		f[*in.Name] = must(s.CreateField(ctx, kopernik.DatabaseOwner(db), in))
	}
	return db, f
}

// Where resolves `fields` conditions against the owner's fields the way the
// HTTP layer does, into the expression a ListQuery carries.
func Where(t testing.TB, s kopernik.StructureStore, o kopernik.Owner, conds ...string) kopernik.Expr {
	t.Helper()
	cat, err := s.Catalog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	parsed, _, err := filter.Parse(conds, 0)
	if err != nil {
		t.Fatal(err)
	}
	e, _ := filter.Resolve(cat.Fields(o), parsed, values.Conv{})
	return e
}

// Order resolves orderby and order against the owner's fields.
func Order(t testing.TB, s kopernik.StructureStore, o kopernik.Owner, orderby, order string) kopernik.Order {
	t.Helper()
	cat, err := s.Catalog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return filter.ResolveOrder(cat.Fields(o), orderby, order)
}

func fields(kv ...any) *kopernik.Map {
	m := &kopernik.Map{}
	for i := 0; i+1 < len(kv); i += 2 {
		m.Set(kv[i].(string), kv[i+1])
	}
	return m
}

func create(t *testing.T, s kopernik.Store, db int64, kv ...any) int64 {
	t.Helper()
	return must(s.CreateEntity(ctx, kopernik.DatabaseOwner(db), 0, kopernik.EntityInput{Fields: fields(kv...)}))
}

func get(t *testing.T, s kopernik.Store, id int64) *kopernik.Entity {
	t.Helper()
	return must(s.GetEntity(ctx, kopernik.OwnerDatabase, id))
}

func testDatabases(t *testing.T, s kopernik.Store) {
	id := must(s.CreateDatabase(ctx, kopernik.DatabaseInput{Name: str("Shop"), Description: str("d")}))
	_, err := s.CreateDatabase(ctx, kopernik.DatabaseInput{Name: str("sHOP")})
	wantErr(t, err, kopernik.MsgNameInUse)
	for _, bad := range []string{"123", " x", "a/b", "x "} {
		_, err := s.CreateDatabase(ctx, kopernik.DatabaseInput{Name: str(bad)})
		wantErr(t, err, kopernik.MsgInvalidName)
	}
	_, err = s.CreateDatabase(ctx, kopernik.DatabaseInput{})
	wantErr(t, err, kopernik.MsgNameRequired)
	if err := s.UpdateDatabase(ctx, id, kopernik.DatabaseInput{Archived: boolp(true), Name: str("Shop2")}); err != nil {
		t.Fatal(err)
	}
	d := catalog(t, s).DatabaseByName("shop2")
	if d == nil || d.ID != id || !d.Archived || d.Description != "d" {
		t.Fatalf("database after update: %+v", d)
	}
	if err := s.UpdateDatabase(ctx, 999999, kopernik.DatabaseInput{}); kopernik.ErrorMessage(err) != kopernik.MsgNoDatabase {
		t.Fatalf("update of unknown database: %v", err)
	}
}

func testFields(t *testing.T, s kopernik.Store) {
	db, f := fixture(t, s)
	o := kopernik.DatabaseOwner(db)
	_, err := s.CreateField(ctx, o, kopernik.FieldInput{Name: str("email2"), Type: ftype(kopernik.TypeEmail)})
	wantErr(t, err, "Only one field of type email is allowed")
	_, err = s.CreateField(ctx, o, kopernik.FieldInput{Name: str("lastname")})
	wantErr(t, err, kopernik.MsgNameInUse)
	_, err = s.CreateField(ctx, o, kopernik.FieldInput{Name: str("id")})
	wantErr(t, err, kopernik.MsgInvalidName)
	for _, ft := range kopernik.FieldTypes {
		if ft.UniquePerOwner() {
			continue
		}
		must(s.CreateField(ctx, o, kopernik.FieldInput{Name: str("t_" + string(ft)), Type: ftype(ft), Index: boolp(ft != kopernik.TypeBig)}))
	}
	big := kopernik.FieldByName(catalog(t, s).Database(db).Fields, "t_big")
	if big.Index {
		t.Fatal("a big field must not be indexed")
	}
	// A profile made before a field exists gets B34's fill.
	pid := create(t, s, db)
	must(s.CreateField(ctx, o, kopernik.FieldInput{Name: str("later"), Type: ftype(kopernik.TypeEmptyDatetime)}))
	must(s.CreateField(ctx, o, kopernik.FieldInput{Name: str("laterText"), Value: "dflt", HasValue: true}))
	cat := catalog(t, s)
	later := kopernik.FieldByName(cat.Database(db).Fields, "later")
	laterText := kopernik.FieldByName(cat.Database(db).Fields, "laterText")
	e := get(t, s, pid)
	if e.Values[later.ID] != "0000-00-00 00:00:00" || e.Values[laterText.ID] != "dflt" {
		t.Fatalf("fill of new fields: %q %q", e.Values[later.ID], e.Values[laterText.ID])
	}
	// Rename keeps values; delete drops them.
	if err := s.UpdateField(ctx, o, f["LastName"], kopernik.FieldInput{Name: str("Surname"), Length: int64p(3)}); err != nil {
		t.Fatal(err)
	}
	p2 := create(t, s, db, "surname", "Janssen")
	if v := get(t, s, p2).Values[f["LastName"]]; v != "Jan" {
		t.Fatalf("text cut to length 3: %q", v)
	}
	if err := s.DeleteField(ctx, o, f["Email"]); err != nil {
		t.Fatal(err)
	}
	if kopernik.FieldByName(catalog(t, s).Database(db).Fields, "Email") != nil {
		t.Fatal("deleted field still in catalog")
	}
	if _, ok := get(t, s, p2).Values[f["Email"]]; ok {
		t.Fatal("deleted field still has values")
	}
}

func int64p(v int64) *int64 { return &v }

func testTypeChange(t *testing.T, s kopernik.Store) {
	db, f := fixture(t, s)
	o := kopernik.DatabaseOwner(db)
	p := create(t, s, db, "LastName", "12abc", "Birthdate", "2020-05-06")
	// Reads and writes before the change warm every statement cache: the same
	// SQL text must keep working after the columns change type.
	get(t, s, p)
	must(s.ListEntities(ctx, kopernik.ListQuery{Owner: o, Limit: 10}))
	if err := s.UpdateEntity(ctx, kopernik.OwnerDatabase, p, kopernik.EntityInput{Fields: fields("ANumber", 3)}); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateField(ctx, o, f["LastName"], kopernik.FieldInput{Type: ftype(kopernik.TypeInteger)}); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateField(ctx, o, f["Birthdate"], kopernik.FieldInput{Type: ftype(kopernik.TypeDatetime)}); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateEntity(ctx, kopernik.OwnerDatabase, p, kopernik.EntityInput{Fields: fields("ANumber", 4)}); err != nil {
		t.Fatal(err)
	}
	e := get(t, s, p)
	if e.Values[f["LastName"]] != "12" || e.Values[f["Birthdate"]] != "2020-05-06 00:00:00" {
		t.Fatalf("converted values: %q %q", e.Values[f["LastName"]], e.Values[f["Birthdate"]])
	}
	// The converted column is a real number: a numeric filter works.
	res := must(s.ListEntities(ctx, kopernik.ListQuery{Owner: o, Where: Where(t, s, o, "LastName>11"), Limit: 10, Total: true}))
	if res.Total != 1 {
		t.Fatalf("numeric filter after type change: total %d", res.Total)
	}
}

func testInterests(t *testing.T, s kopernik.Store) {
	db, _ := fixture(t, s)
	foot := must(s.CreateInterest(ctx, db, kopernik.InterestInput{Name: str("Football"), Group: str("sport")}))
	must(s.CreateInterest(ctx, db, kopernik.InterestInput{Name: str("Tennis")}))
	_, err := s.CreateInterest(ctx, db, kopernik.InterestInput{Name: str("football")})
	wantErr(t, err, kopernik.MsgNameInUse)
	p := must(s.CreateEntity(ctx, kopernik.DatabaseOwner(db), 0, kopernik.EntityInput{Interests: []any{"FOOTBALL", "unknown", "tennis"}}))
	if got := get(t, s, p).Interests; len(got) != 2 || got[0] != foot {
		t.Fatalf("interests: %v", got)
	}
	if err := s.UpdateEntity(ctx, kopernik.OwnerDatabase, p, kopernik.EntityInput{Interests: fields("tennis", "0"), InterestsMerge: true}); err != nil {
		t.Fatal(err)
	}
	if got := get(t, s, p).Interests; len(got) != 1 || got[0] != foot {
		t.Fatalf("interests after merge: %v", got)
	}
	if err := s.DeleteInterest(ctx, foot); err != nil {
		t.Fatal(err)
	}
	if got := get(t, s, p).Interests; len(got) != 0 {
		t.Fatalf("deleted interest still on: %v", got)
	}
}

var stampRe = regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$`)

func testEntities(t *testing.T, s kopernik.Store) {
	db, f := fixture(t, s)
	p := create(t, s, db, "lastname", "Muit", "ANUMBER", "2.99", "email", "a@b.nl")
	e := get(t, s, p)
	if e.Values[f["LastName"]] != "Muit" || e.Values[f["ANumber"]] != "2" || e.Values[f["Birthdate"]] != "" {
		t.Fatalf("values: %v", e.Values)
	}
	if !regexp.MustCompile(`^[0-9a-f]{28}$`).MatchString(e.Secret) || !stampRe.MatchString(e.Created) || e.Created != e.Modified {
		t.Fatalf("secret/stamps: %q %q %q", e.Secret, e.Created, e.Modified)
	}
	if d := get(t, s, create(t, s, db)); d.Values[f["ANumber"]] != "-1" {
		t.Fatalf("default: %v", d.Values)
	}
	// No real change: modified stays (B42). A secret change alone does not move it.
	time.Sleep(1100 * time.Millisecond)
	if err := s.UpdateEntity(ctx, kopernik.OwnerDatabase, p, kopernik.EntityInput{Fields: fields("ANumber", "2.5", "nope", 1), Secret: str("s3cret")}); err != nil {
		t.Fatal(err)
	}
	e2 := get(t, s, p)
	if e2.Modified != e.Modified || e2.Secret != "s3cret" {
		t.Fatalf("modified moved without a change, or secret not stored: %q → %q, %q", e.Modified, e2.Modified, e2.Secret)
	}
	if err := s.UpdateEntity(ctx, kopernik.OwnerDatabase, p, kopernik.EntityInput{Fields: fields("LastName", "muit")}); err != nil {
		t.Fatal(err)
	}
	if e3 := get(t, s, p); e3.Modified == e.Modified || e3.Values[f["LastName"]] != "muit" {
		t.Fatalf("case change must count as a change (B43): %+v", e3)
	}
	if _, err := s.GetEntity(ctx, kopernik.OwnerDatabase, 987654); kopernik.ErrorMessage(err) != kopernik.MsgNoEntity {
		t.Fatalf("unknown profile: %v", err)
	}
	evs := must(s.Events(ctx, kopernik.OwnerDatabase, p))
	if len(evs) != 2 || evs[0].Kind != "create" || evs[1].Kind != "update" {
		t.Fatalf("journal: %+v", evs)
	}
}

func ids(items []*kopernik.Entity) []int64 {
	out := make([]int64, len(items))
	for i, e := range items {
		out[i] = e.ID
	}
	return out
}

func testList(t *testing.T, s kopernik.Store) {
	db, _ := fixture(t, s)
	o := kopernik.DatabaseOwner(db)
	a := create(t, s, db, "LastName", "Muit", "ANumber", 5, "Birthdate", "2001-01-01")
	b := create(t, s, db, "LastName", "muis", "ANumber", 0, "Birthdate", "1999-01-01")
	c := create(t, s, db, "LastName", "", "ANumber", 0)
	d := create(t, s, db, "LastName", "Muit", "ANumber", 9)
	if err := s.DeleteEntity(ctx, kopernik.OwnerDatabase, d); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		filter  []string
		orderby string
		order   string
		want    []int64
	}{
		{nil, "", "", []int64{a, b, c}},
		{[]string{"LASTNAME==mUIT"}, "", "", []int64{a}},
		{[]string{"lastname=~mu%"}, "", "", []int64{a, b}},
		{[]string{"LastName==", "ANumber=="}, "", "", []int64{c}},
		{[]string{"ANumber>=0", "ANumber<=4"}, "", "", []int64{b, c}},
		{[]string{"ANumber==abc"}, "", "", []int64{b, c}},
		{[]string{"Birthdate>=2000-01-02"}, "", "", []int64{a}},
		{[]string{"unknown==1"}, "", "", []int64{a, b, c}},
		{[]string{fmt.Sprintf("ID>%d", a)}, "", "", []int64{b, c}},
		{nil, "birthdate", "DESCENDING", []int64{a, b, c}},
		{nil, "ANumber", "", []int64{b, c, a}},
		{nil, "id", "desc", []int64{c, b, a}},
	}
	for _, tc := range cases {
		res := must(s.ListEntities(ctx, kopernik.ListQuery{Owner: o, Where: Where(t, s, o, tc.filter...), Order: Order(t, s, o, tc.orderby, tc.order), Limit: 100, Total: true}))
		got := ids(res.Items)
		if fmt.Sprint(got) != fmt.Sprint(tc.want) || res.Total != int64(len(tc.want)) {
			t.Errorf("filter %v orderby %q %q: got %v (total %d), want %v", tc.filter, tc.orderby, tc.order, got, res.Total, tc.want)
		}
	}
	page := must(s.ListEntities(ctx, kopernik.ListQuery{Owner: o, Start: 1, Limit: 1, Total: true}))
	if fmt.Sprint(ids(page.Items)) != fmt.Sprint([]int64{b}) || page.Total != 3 {
		t.Fatalf("paging: %v total %d", ids(page.Items), page.Total)
	}
	all := must(s.EntityIDs(ctx, o, 0, -1))
	if fmt.Sprint(all) != fmt.Sprint([]int64{a, b, c}) {
		t.Fatalf("ids: %v", all)
	}
}

func testUpdateMatching(t *testing.T, s kopernik.Store) {
	db, f := fixture(t, s)
	o := kopernik.DatabaseOwner(db)
	a := create(t, s, db, "LastName", "Muit")
	create(t, s, db, "LastName", "Other")
	res := must(s.UpdateMatching(ctx, kopernik.ListQuery{Owner: o, Where: Where(t, s, o, "LastName==muit")}, kopernik.EntityInput{Fields: fields("ANumber", 7)}, true))
	if res.Updated != 1 || res.Created != 0 || get(t, s, a).Values[f["ANumber"]] != "7" {
		t.Fatalf("update matching: %+v", res)
	}
	res = must(s.UpdateMatching(ctx, kopernik.ListQuery{Owner: o, Where: Where(t, s, o, "LastName==nobody")}, kopernik.EntityInput{Fields: fields("LastName", "New")}, true))
	if res.Created == 0 || get(t, s, res.Created).Values[f["LastName"]] != "New" {
		t.Fatalf("create when none matches: %+v", res)
	}
	// No condition selects every live profile (B50); whether a request may
	// do that is the HTTP layer's decision.
	res = must(s.UpdateMatching(ctx, kopernik.ListQuery{Owner: o}, kopernik.EntityInput{Fields: fields("ANumber", 1)}, false))
	if res.Updated != 3 {
		t.Fatalf("B50: updated %d", res.Updated)
	}
	// An expression resolved before its field went away is refused, not
	// widened to every profile.
	stale := Where(t, s, o, "LastName==muit")
	if err := s.DeleteField(ctx, o, f["LastName"]); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateMatching(ctx, kopernik.ListQuery{Owner: o, Where: stale}, kopernik.EntityInput{Fields: fields("ANumber", 2)}, false); kopernik.ErrorCode(err) != kopernik.ECONFLICT {
		t.Fatalf("stale filter: %v", err)
	}
	if v := get(t, s, a).Values[f["ANumber"]]; v != "1" {
		t.Fatalf("stale filter changed a profile: ANumber %s", v)
	}
}

func testDeleteCascade(t *testing.T, s kopernik.Store) {
	db, f := fixture(t, s)
	coll := must(s.CreateCollection(ctx, db, kopernik.CollectionInput{Name: str("Orders")}))
	score := must(s.CreateField(ctx, kopernik.CollectionOwner(coll), kopernik.FieldInput{Name: str("Score"), Type: ftype(kopernik.TypeInteger), Value: "-1", HasValue: true}))
	p := create(t, s, db, "LastName", "x")
	other := create(t, s, db)
	sub := must(s.CreateEntity(ctx, kopernik.CollectionOwner(coll), p, kopernik.EntityInput{Fields: fields("score", 6)}))
	keep := must(s.CreateEntity(ctx, kopernik.CollectionOwner(coll), other, kopernik.EntityInput{}))
	if v := must(s.GetEntity(ctx, kopernik.OwnerCollection, keep)).Values[score]; v != "-1" {
		t.Fatalf("subprofile default: %q", v)
	}
	if err := s.DeleteEntity(ctx, kopernik.OwnerDatabase, p); err != nil {
		t.Fatal(err)
	}
	e := get(t, s, p)
	if e.Removed == "" || e.Values[f["LastName"]] == "x" {
		t.Fatalf("removed profile: %+v", e)
	}
	se := must(s.GetEntity(ctx, kopernik.OwnerCollection, sub))
	if se.Removed != e.Removed {
		t.Fatalf("subprofile not removed with its profile: %+v", se)
	}
	if k := must(s.GetEntity(ctx, kopernik.OwnerCollection, keep)); k.Removed != "" {
		t.Fatal("subprofile of another profile removed")
	}
	wantErr(t, s.DeleteEntity(ctx, kopernik.OwnerDatabase, p), kopernik.MsgProfileRemoved)
	wantErr(t, s.DeleteEntity(ctx, kopernik.OwnerCollection, sub), kopernik.MsgSubprofileRemoved)
}

func testUnsubscribe(t *testing.T, s kopernik.Store) {
	db, f := fixture(t, s)
	o := kopernik.DatabaseOwner(db)
	p := create(t, s, db, "LastName", "x")
	if err := s.Unsubscribe(ctx, kopernik.OwnerDatabase, p, nil); err != nil { // nothing
		t.Fatal(err)
	}
	wantErr(t, s.SetUnsubscribe(ctx, o, "bogus", nil), kopernik.MsgInvalidUnsubBehav)
	if err := s.SetUnsubscribe(ctx, o, kopernik.UnsubUpdate, fields("lastname", "gone", "nofield", "1")); err != nil {
		t.Fatal(err)
	}
	u := catalog(t, s).Database(db).Unsubscribe
	if u.Behavior != "update" || len(u.Fields) != 1 || u.Fields[0].FieldID != f["LastName"] {
		t.Fatalf("unsubscribe setting: %+v", u)
	}
	if err := s.Unsubscribe(ctx, kopernik.OwnerDatabase, p, nil); err != nil {
		t.Fatal(err)
	}
	if v := get(t, s, p).Values[f["LastName"]]; v != "gone" {
		t.Fatalf("update behaviour: %q", v)
	}
	if err := s.SetUnsubscribe(ctx, o, kopernik.UnsubRemove, nil); err != nil {
		t.Fatal(err)
	}
	q := kopernik.ListQuery{Owner: o, Where: Where(t, s, o, "LastName==gone")}
	if err := s.Unsubscribe(ctx, kopernik.OwnerDatabase, 0, &q); err != nil {
		t.Fatal(err)
	}
	if get(t, s, p).Removed == "" {
		t.Fatal("remove behaviour did not remove")
	}
}

func testTokens(t *testing.T, s kopernik.Store) {
	id, secret := must2(s.CreateToken(ctx, "ci", true))
	tok, ok := must2(s.CheckToken(ctx, secret))
	if !ok || tok.ID != id || !tok.V4Only || tok.Name != "ci" {
		t.Fatalf("check: %+v %v", tok, ok)
	}
	if _, ok := must2(s.CheckToken(ctx, secret+"x")); ok {
		t.Fatal("wrong secret accepted")
	}
	k1 := must(s.SigningKey(ctx))
	k2 := must(s.SigningKey(ctx))
	if string(k1) != string(k2) || len(k1) != 32 {
		t.Fatal("signing key not stable")
	}
	if err := s.RevokeToken(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, ok := must2(s.CheckToken(ctx, secret)); ok {
		t.Fatal("revoked token accepted")
	}
	if live := must(s.TokenLive(ctx, id)); live {
		t.Fatal("revoked token live")
	}
	list := must(s.ListTokens(ctx))
	if len(list) != 1 || !list[0].Revoked {
		t.Fatalf("list: %+v", list)
	}
	if err := s.CountAPICalls(ctx, "2026-01-02", 3); err != nil {
		t.Fatal(err)
	}
	if err := s.CountAPICalls(ctx, "2026-01-02", 2); err != nil {
		t.Fatal(err)
	}
	if n := must(s.APICalls(ctx, "2026-01-01", "2026-01-31")); n != 5 {
		t.Fatalf("api calls: %d", n)
	}
}

func must2[A, B any](a A, b B, err error) (A, B) {
	if err != nil {
		panic(failure{err})
	}
	return a, b
}

func testConcurrentCreates(t *testing.T, s kopernik.Store) {
	db, f := fixture(t, s)
	const n = 200
	var wg sync.WaitGroup
	var mu sync.Mutex
	got := map[int64]string{}
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			name := fmt.Sprintf("n%03d", i)
			id, err := s.CreateEntity(ctx, kopernik.DatabaseOwner(db), 0, kopernik.EntityInput{Fields: fields("LastName", name)})
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			got[id] = name
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	if len(got) != n {
		t.Fatalf("%d distinct IDs for %d creates", len(got), n)
	}
	for id, name := range got {
		if v := get(t, s, id).Values[f["LastName"]]; v != name {
			t.Fatalf("profile %d: %q want %q", id, v, name)
		}
	}
	var keys []int64
	for id := range got {
		keys = append(keys, id)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	all := must(s.EntityIDs(ctx, kopernik.DatabaseOwner(db), 0, -1))
	if fmt.Sprint(all) != fmt.Sprint(keys) {
		t.Fatal("listed IDs differ from created IDs")
	}
}

// testFailedJob: a job that fails inside a group commit is undone alone.
func testFailedJob(t *testing.T, s kopernik.Store) {
	db, _ := fixture(t, s)
	gone := create(t, s, db)
	if err := s.DeleteEntity(ctx, kopernik.OwnerDatabase, gone); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	okCount := 0
	var mu sync.Mutex
	for i := 0; i < 50; i++ {
		wg.Add(3)
		go func() {
			defer wg.Done()
			// Fails inside a data batch: the profile is already removed.
			if err := s.DeleteEntity(ctx, kopernik.OwnerDatabase, gone); kopernik.ErrorMessage(err) != kopernik.MsgProfileRemoved {
				t.Errorf("delete of removed profile: %v", err)
			}
		}()
		go func() {
			defer wg.Done()
			if _, err := s.CreateEntity(ctx, kopernik.DatabaseOwner(db), 0, kopernik.EntityInput{}); err == nil {
				mu.Lock()
				okCount++
				mu.Unlock()
			}
		}()
		go func() {
			defer wg.Done()
			// Fails: the database name is taken.
			s.CreateDatabase(ctx, kopernik.DatabaseInput{Name: str("test")})
		}()
	}
	wg.Wait()
	all := must(s.EntityIDs(ctx, kopernik.DatabaseOwner(db), 0, -1))
	if okCount != 50 || len(all) != 50 || len(catalog(t, s).Databases) != 1 {
		t.Fatalf("ok %d, stored %d, databases %d", okCount, len(all), len(catalog(t, s).Databases))
	}
	if evs := must(s.Events(ctx, kopernik.OwnerDatabase, gone)); len(evs) != 2 {
		t.Fatalf("failed deletes left journal entries: %d", len(evs))
	}
	if len(all) != 50 {
		t.Fatalf("ok %d, stored %d, databases %d", okCount, len(all), len(catalog(t, s).Databases))
	}
}

func testCopy(t *testing.T, s kopernik.Store) {
	db, f := fixture(t, s)
	must(s.CreateInterest(ctx, db, kopernik.InterestInput{Name: str("I")}))
	coll := must(s.CreateCollection(ctx, db, kopernik.CollectionInput{Name: str("C")}))
	must(s.CreateField(ctx, kopernik.CollectionOwner(coll), kopernik.FieldInput{Name: str("Score"), Type: ftype(kopernik.TypeInteger)}))
	p := must(s.CreateEntity(ctx, kopernik.DatabaseOwner(db), 0, kopernik.EntityInput{Fields: fields("LastName", "Copied"), Interests: []any{"I"}}))
	must(s.CreateEntity(ctx, kopernik.CollectionOwner(coll), p, kopernik.EntityInput{Fields: fields("Score", 4)}))
	nid := must(s.CopyDatabase(ctx, db, "Copy", kopernik.CopyOptions{Collections: true, Profiles: true, Subprofiles: true}))
	cat := catalog(t, s)
	nd := cat.Database(nid)
	if nd == nil || len(nd.Fields) != 4 || len(nd.Interests) != 1 || len(nd.Collections) != 1 {
		t.Fatalf("copy structure: %+v", nd)
	}
	res := must(s.ListEntities(ctx, kopernik.ListQuery{Owner: kopernik.DatabaseOwner(nid), Limit: 10, Total: true}))
	if res.Total != 1 {
		t.Fatalf("copied profiles: %d", res.Total)
	}
	cp := res.Items[0]
	src := get(t, s, p)
	if cp.Values[nd.Fields[1].ID] != "Copied" || cp.Secret == src.Secret || len(cp.Interests) != 1 {
		t.Fatalf("copied profile: %+v", cp)
	}
	subs := must(s.ListEntities(ctx, kopernik.ListQuery{Owner: kopernik.CollectionOwner(nd.Collections[0].ID), Limit: 10, Total: true}))
	if subs.Total != 1 || subs.Items[0].ProfileID != cp.ID {
		t.Fatalf("copied subprofiles: %+v", subs)
	}
	_ = f
}

func testDataRequests(t *testing.T, s kopernik.Store) {
	id := must(s.SaveDataRequest(ctx, []byte(`{"a":1}`)))
	got, ok, err := s.DataRequest(ctx, id)
	if err != nil || !ok || string(got) != `{"a":1}` {
		t.Fatalf("data request: %s %v %v", got, ok, err)
	}
	if _, ok, _ := s.DataRequest(ctx, id+100); ok {
		t.Fatal("unknown data request found")
	}
}

// testTotalFollowsWrites: totals may be cached, but never past a write.
func testTotalFollowsWrites(t *testing.T, s kopernik.Store) {
	db, _ := fixture(t, s)
	o := kopernik.DatabaseOwner(db)
	total := func() int64 {
		t.Helper()
		return must(s.ListEntities(ctx, kopernik.ListQuery{Owner: o, Where: Where(t, s, o, "LastName==a"), Limit: 1, Total: true})).Total
	}
	if n := total(); n != 0 {
		t.Fatalf("empty: %d", n)
	}
	p := create(t, s, db, "LastName", "a")
	if n := total(); n != 1 {
		t.Fatalf("after create: %d", n)
	}
	if err := s.UpdateEntity(ctx, kopernik.OwnerDatabase, p, kopernik.EntityInput{Fields: fields("LastName", "b")}); err != nil {
		t.Fatal(err)
	}
	if n := total(); n != 0 {
		t.Fatalf("after update: %d", n)
	}
	q := create(t, s, db, "LastName", "A")
	if n := total(); n != 1 {
		t.Fatalf("after second create: %d", n)
	}
	if err := s.DeleteEntity(ctx, kopernik.OwnerDatabase, q); err != nil {
		t.Fatal(err)
	}
	if n := total(); n != 0 {
		t.Fatalf("after delete: %d", n)
	}
}
