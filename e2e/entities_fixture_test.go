package e2e

// Fixture for the statements behaviour.md makes of both entity kinds. Each
// such test runs one sub-test per kind, "profile" and "subprofile", on a
// server of its own: profiles live in database Test (the profile fixture),
// subprofiles in its collection Test (the subprofile fixture) under one parent
// profile. What differs between the kinds (paths, body forms, field names,
// messages) is asked of the fixture, so a test reads as the statement once.

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// kinds are the sub-test names, in the order the tests run them.
var kinds = []string{"profile", "subprofile"}

// efx is one server with the fixture of one entity kind.
type efx struct {
	*server
	t    *testing.T
	Kind string // "profile" or "subprofile": the word in entity paths
	p    *pfx   // database Test with its fields (both kinds)
	s    *spx   // collection Test (subprofile kind only)
	// Parent owns the subprofiles create makes; Parent2 the last two of
	// four() (subprofile kind only).
	Parent, Parent2 string
	Int             string // integer field with default -1: ANumber or Score
	Date            string // empty date field: Birthdate (empty_date) or ActionTime (empty_datetime)
	Defaults        string // the fields of a new entity
	Cleared         string // the fields of a removed entity
}

// eachKind runs test once per kind, in parallel sub-tests of a parallel test.
func eachKind(t *testing.T, test func(t *testing.T, f *efx)) {
	t.Parallel()
	for _, k := range kinds {
		t.Run(k, func(t *testing.T) { test(t, newEntityFixture(t, k)) })
	}
}

// newEntityFixture starts a server (in parallel with other tests) with the
// fixture of kind.
func newEntityFixture(t *testing.T, kind string) *efx {
	if kind == "profile" {
		p := newFixture(t)
		return &efx{server: p.server, t: t, Kind: kind, p: p, Int: "ANumber", Date: "Birthdate",
			Defaults: defaultsFields, Cleared: `{"Email":"","LastName":"","Birthdate":"","ANumber":""}`}
	}
	s := newSubFixture(t)
	return &efx{server: s.server, t: t, Kind: kind, p: s.pfx, s: s, Parent: s.mk(`{}`), Int: "Score", Date: "ActionTime",
		Defaults: `{"Score":"-1","ActionTime":""}`, Cleared: `{"Score":"","ActionTime":""}`}
}

func (f *efx) sub() bool { return f.Kind == "subprofile" }

// pick chooses the profile or the subprofile variant of a value.
func (f *efx) pick(profile, subprofile string) string {
	if f.sub() {
		return subprofile
	}
	return profile
}

// wrap turns a field map into the body of a create or bulk update: profiles
// take {"fields":{…}}, subprofiles the field map itself (B38, B49).
func (f *efx) wrap(fields string) string { return f.pick(`{"fields":`+fields+`}`, fields) }

// owner names the kind's owner in entity objects: "database" or "collection".
func (f *efx) owner() string { return f.pick("database", "collection") }

// ownerID is the ID of database Test or of collection Test.
func (f *efx) ownerID() string {
	if f.sub() {
		return f.s.C
	}
	return f.p.DB
}

// createPath is where v (a version prefix such as "/v2", or "") creates an
// entity.
func (f *efx) createPath(v string) string {
	return f.pick(v+"/database/Test/profiles", v+"/profile/"+f.Parent+"/subprofiles/"+f.s.cID())
}

// cID is the collection's ID, or "" on the profile fixture.
func (s *spx) cID() string {
	if s == nil {
		return ""
	}
	return s.C
}

// entity is the path of entity id in version prefix v.
func (f *efx) entity(v, id string) string { return v + "/" + f.Kind + "/" + id }

// list is the kind's list of everything: database/Test/profiles or
// collection/{C}/subprofiles.
func (f *efx) list(v string) string {
	return f.pick(v+"/database/Test/profiles", v+"/collection/"+f.s.cID()+"/subprofiles")
}

// lists are the lists that hold every entity create made: the list above and,
// for subprofiles, the parent's own list (O19).
func (f *efx) lists(v string) []string {
	if f.sub() {
		return []string{f.list(v), f.own(v, f.Parent)}
	}
	return []string{f.list(v)}
}

// own is the list of the subprofiles of profile pid in collection Test.
func (f *efx) own(v, pid string) string { return v + "/profile/" + pid + "/subprofiles/" + f.s.cID() }

// idsPath is the kind's ID list: profileids or subprofileids (O8).
func (f *efx) idsPath(v string) string {
	return f.pick(v+"/database/Test/profileids", v+"/collection/"+f.s.cID()+"/subprofileids")
}

// bulk is the path of the kind's bulk update (B47, B49): every match of the
// database, or every match among the parent's subprofiles.
func (f *efx) bulk(v string) string {
	return f.pick(v+"/database/Test/profiles", v+"/profile/"+f.Parent+"/subprofiles/"+f.s.cID())
}

// removedMsg and unknownMsg are the kind's error messages.
func (f *efx) removedMsg() string { return "This " + f.Kind + " has already been removed" }
func (f *efx) unknownMsg() string {
	return f.pick("No entity with supplied ID", "No subprofile with supplied ID")
}

// create makes an entity from a field map with v2 and returns its ID.
func (f *efx) create(fields string) string {
	f.t.Helper()
	return created(f.t, f.do("POST", f.createPath("/v2"), f.wrap(fields)))
}

// entityDoc is the part of an entity object both kinds share.
type entityDoc struct {
	ID       string   `json:"ID"`
	Secret   string   `json:"secret"`
	Fields   fieldMap `json:"fields"`
	Created  string   `json:"created"`
	Modified string   `json:"modified"`
	Removed  any      `json:"removed"`
}

// get reads entity id with v2 and decodes it.
func (f *efx) get(id string) entityDoc {
	f.t.Helper()
	r := f.do("GET", f.entity("/v2", id), nil)
	if r.Status != 200 {
		f.t.Fatalf("GET %s/%s: %s", f.Kind, id, r)
	}
	var d entityDoc
	if err := json.Unmarshal(r.Body, &d); err != nil {
		f.t.Fatalf("%s/%s: %v: %s", f.Kind, id, err, r.Body)
	}
	return d
}

// snapshot is the whole v2 object of entity id, to compare before and after.
func (f *efx) snapshot(id string) string {
	f.t.Helper()
	r := f.do("GET", f.entity("/v2", id), nil)
	if r.Status != 200 {
		f.t.Fatalf("GET %s/%s: %s", f.Kind, id, r)
	}
	return string(r.Body)
}

// fieldsJSON reads GET {kind}/{id}/fields as raw text.
func (f *efx) fieldsJSON(id string) string {
	f.t.Helper()
	r := f.do("GET", f.entity("/v2", id)+"/fields", nil)
	if r.Status != 200 {
		f.t.Fatalf("GET %s/%s/fields: %s", f.Kind, id, r)
	}
	return string(r.Body)
}

// expectFields asserts GET {kind}/{id}/fields byte for byte.
func (f *efx) expectFields(id, want string) {
	f.t.Helper()
	expectJSON(f.t, f.do("GET", f.entity("/v2", id)+"/fields", nil), want)
}

// expect303 asserts a v1/v2 update answer of entity id (B41, O2): 303, empty
// body, Location = host + "/{kind}/{id}?" + the query as sent, and none of
// X-Created, X-Location, X-Deleted.
func (f *efx) expect303(r resp, id, q string) {
	f.t.Helper()
	f.p.expect303(r, f.Kind+"/"+id, q)
	for _, h := range []string{"X-Location", "X-Deleted"} {
		if r.Header.Get(h) != "" {
			f.t.Fatalf("303 of an update carries %s %q", h, r.Header.Get(h))
		}
	}
}

// put sends PUT {kind}/{id} with v2 and asserts the 303.
func (f *efx) put(id, body string) {
	f.t.Helper()
	f.expect303(f.do("PUT", f.entity("/v2", id), body), id, "")
}

// putFields sends PUT {kind}/{id}/fields with v2 and asserts the 303.
func (f *efx) putFields(id, body string) {
	f.t.Helper()
	f.expect303(f.do("PUT", f.entity("/v2", id)+"/fields", body), id, "")
}

// del deletes entity id with v2 and asserts 200 with X-Deleted.
func (f *efx) del(id string) {
	f.t.Helper()
	spExpectDeleted(f.t, f.do("DELETE", f.entity("/v2", id), nil), 200, f.Kind+" "+id)
}

// item renders entity id as the lists show it.
func (f *efx) item(id string) string {
	f.t.Helper()
	if f.sub() {
		return f.s.subItem(id)
	}
	return profileJSON(f.p.get(id), f.p.fieldsJSON(id))
}

// dataOnlyItem renders the dataonly list item of entity id (B63).
func (f *efx) dataOnlyItem(id string) string {
	f.t.Helper()
	if f.sub() {
		return f.s.subDataOnly(id)
	}
	p := f.p.get(id)
	interests, _ := json.Marshal(p.Interests)
	if len(p.Interests) == 0 {
		interests = []byte("[]")
	}
	return fmt.Sprintf(`{"ID":%q,"fields":%s,"interests":%s,"modified":%q}`, id, f.p.fieldsJSON(id), interests, p.Modified)
}

// docPattern is the v2 object of a live entity id with these fields, for
// expectLike (secret and timestamps as placeholders).
func (f *efx) docPattern(id, fields string) string {
	if f.sub() {
		return `{"ID":"` + id + `","secret":"<SECRET>","fields":` + fields + `,"profile":"` + f.Parent +
			`","collection":"` + f.s.C + `","created":"<TS>","modified":"<TS>","removed":false}`
	}
	return `{"ID":"` + id + `","fields":` + fields + `,"interests":[],"database":"` + f.p.DB +
		`","secret":"<SECRET>","created":"<TS>","modified":"<TS>","removed":false}`
}

// four creates the four entities the list tests share and returns their IDs,
// with ANumber or Score -1, 6, 0 and -5, and dates:
//
//	profiles:    1990-05-06, 2010-01-01, "", 2000-01-03 (LastName Muit, Muit, "", Other)
//	subprofiles: 2020-04-27 14:15:34, 2021-01-01 00:00:00, "", 2019-06-01 12:00:00
//
// The first two subprofiles belong to Parent, the other two to Parent2.
func (f *efx) four() []string {
	f.t.Helper()
	if !f.sub() {
		return f.p.four()
	}
	var s []string
	f.Parent, f.Parent2, s = f.s.four()
	return s
}

// filter lists the kind with the given conditions and returns the IDs.
func (f *efx) filter(conds ...string) []string {
	f.t.Helper()
	var parts []string
	for _, c := range conds {
		parts = append(parts, "fields[]="+url.QueryEscape(c))
	}
	return listIDs(f.t, f.do("GET", f.list("/v2")+"?"+strings.Join(parts, "&"), nil))
}

func (f *efx) expectFilter(conds []string, want ...string) {
	f.t.Helper()
	got := f.filter(conds...)
	if strings.Join(got, ",") != strings.Join(want, ",") {
		f.t.Fatalf("%q: want [%s], got [%s]", conds, strings.Join(want, ","), strings.Join(got, ","))
	}
}

// at picks IDs by index, for want lists in tables.
func at(ids []string, idx ...int) []string {
	out := make([]string, len(idx))
	for i, k := range idx {
		out[i] = ids[k]
	}
	return out
}
