package e2e

// behaviour.md statements of section A that concern subprofiles only: B3, B6,
// B7. The statements that hold for both kinds are in the entities_*_test.go
// files; routes and open points without a B-number are in
// subprofiles_routes_test.go.

import (
	"strings"
	"testing"
)

func TestB3_SubprofilesNeedCollection(t *testing.T) {
	f := newSubFixture(t)
	pid := f.mk(`{}`)
	gone := f.mk(`{}`)
	spExpectDeleted(t, f.do("DELETE", "/v2/profile/"+gone, nil), 200, "profile "+gone)
	for _, v := range append(spVersions, "") {
		for _, id := range []string{pid, gone} {
			for _, suffix := range []string{"", "/", "//"} {
				p := v + "/profile/" + id + "/subprofiles" + suffix
				for _, m := range []string{"GET", "POST", "PUT"} {
					expectError(t, f.do(m, p, `{"Score":1}`), "Invalid request, element 3 is missing in 'directory' path")
					expectError(t, f.do(m, p+"?"+pq("fields[]", "Score==1", "create", "1"), `{"Score":1}`), "Invalid request, element 3 is missing in 'directory' path")
				}
				// DELETE is not a method of this route; for a removed profile
				// the removed check comes first (B10).
				if id == gone {
					expectError(t, f.do("DELETE", p, nil), "This profile has already been removed")
				} else {
					expectError(t, f.do("DELETE", p, nil), "Invalid method")
				}
			}
		}
		expectError(t, f.do("DELETE", v+"/profile/"+pid+"/subprofiles/"+f.C, nil), "Invalid method")
		expectError(t, f.do("DELETE", v+"/profile/"+gone+"/subprofiles/"+f.C, nil), "This profile has already been removed")
	}
	expectJSON(t, f.do("GET", "/v2/collection/"+f.C+"/subprofiles", nil), subEnvelope(0, 100, 0))
}

func TestB6_CollectionByName(t *testing.T) {
	f := newSubFixture(t)
	// A collection of the same name in another database is not confused with ours.
	other := f.addDatabase("Other")
	otherC := f.addCollectionIn(other, "test", `{"name":"Score","type":"integer"}`)
	pid := f.mk(`{}`)
	var sids []string
	for _, name := range []string{"tESt", "Test", "TEST", "test"} {
		sid := created(t, f.do("POST", "/v2/profile/"+pid+"/subprofiles/"+name, `{"Score":3}`))
		if s := f.getSub(sid); s.Collection != f.C || s.Profile != pid || s.Fields["Score"] != "3" {
			t.Fatalf("POST by name %s: %+v", name, s)
		}
		sids = append(sids, sid)
	}
	byID := f.do("GET", "/v2/profile/"+pid+"/subprofiles/"+f.C, nil)
	expectIDs(t, byID, sids...)
	for _, name := range []string{"tESt", "TEST"} {
		expectJSON(t, f.do("GET", "/v2/profile/"+pid+"/subprofiles/"+name, nil), string(byID.Body))
	}
	// PUT by name.
	spExpectEmpty(t, f.do("PUT", "/v2/profile/"+pid+"/subprofiles/tEsT?"+pq("fields[]", "Score==3"), `{"Score":4}`), 200)
	for _, sid := range sids {
		f.expectSubFields(sid, `{"Score":"4","ActionTime":""}`)
	}
	expectJSON(t, f.do("GET", "/v2/collection/"+otherC+"/subprofiles", nil), subEnvelope(0, 100, 0))
}

func TestB7_SubprofileCouldNotBeCreated(t *testing.T) {
	f := newSubFixture(t)
	pid := f.mk(`{}`)
	// Collections that exist, but in another database (O20), by ID and by name.
	other := f.addDatabase("Other")
	foreign := f.addCollectionIn(other, "Elsewhere", `{"name":"Score","type":"integer"}`)
	for _, v := range append(spVersions, "") {
		for _, x := range []string{"99984", "-1", "0", "bogus/path", "/bogus", "Tes", "Test2", foreign, "Elsewhere", "99999999999999999999", "%20Test"} {
			expectError(t, f.do("POST", v+"/profile/"+pid+"/subprofiles/"+x, `{"Score":1}`), "Subprofile could not be created")
			// GET and PUT report the collection (O19, O20).
			expectError(t, f.do("GET", v+"/profile/"+pid+"/subprofiles/"+x, nil), "No collection with given ID")
			if !strings.Contains(x, "/") {
				expectError(t, f.do("PUT", v+"/profile/"+pid+"/subprofiles/"+x+"?"+pq("fields[]", "Score==1", "create", "1"), `{"Score":1}`), "No collection with given ID")
			}
		}
	}
	expectJSON(t, f.do("GET", "/v2/collection/"+f.C+"/subprofiles", nil), subEnvelope(0, 100, 0))
	expectJSON(t, f.do("GET", "/v2/collection/"+foreign+"/subprofiles", nil), subEnvelope(0, 100, 0))
}
