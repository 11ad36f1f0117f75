package e2e

// behaviour.md sections A (routing, identifiers and errors) and B (request
// parsing) where they hold for both kinds.

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// ownerPath is the path of the kind's owner: database Test or collection Test
// (by ID: collections have no names in paths, B5).
func (f *efx) ownerPath(v string) string {
	return f.pick(v+"/database/Test", v+"/collection/"+f.s.cID())
}

func TestB1_PathSegmentsCaseSensitive(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		id := f.create(`{}`)
		upper, title := strings.ToUpper(f.Kind), strings.ToUpper(f.Kind[:1])+f.Kind[1:]
		list := f.list("/v2")
		owner := f.owner()
		ids := strings.Replace(f.idsPath("/v2"), "profileids", "ProfileIDs", 1)
		paths := []string{"/v2/" + upper + "/" + id, "/v2/" + title + "/" + id, f.entity("/v2", id) + "/FIELDS",
			strings.Replace(list, "/"+owner+"/", "/"+strings.ToUpper(owner)+"/", 1),
			list[:strings.LastIndex(list, "/")+1] + strings.ToUpper(f.Kind) + "S", ids, "/v4/" + upper + "/" + id}
		if f.sub() {
			paths = append(paths, "/v2/profile/"+f.Parent+"/SUBPROFILES/"+f.s.C)
		}
		for _, p := range paths {
			expectError(t, f.do("GET", p, nil), "Invalid method")
		}
	})
}

func TestB2_MissingElementOne(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		kind  string
		words []string // the kind's word and its owner's
	}{
		{"profile", []string{"database", "profile"}},
		{"subprofile", []string{"collection", "subprofile"}},
	} {
		t.Run(c.kind, func(t *testing.T) {
			f := newEntityFixture(t, c.kind)
			for _, v := range versionPrefixes {
				for _, word := range c.words {
					for _, suffix := range []string{"", "/", "//"} {
						for _, m := range pMethods {
							for _, body := range []any{nil, `{}`} {
								expectError(t, f.do(m, v+"/"+word+suffix, body), "Invalid request, element 1 is missing in 'directory' path")
							}
						}
					}
				}
			}
		})
	}
}

// segmentCheck is a path segment whose ID is checked before anything after
// it (B4): prefix + id + sub, in the given versions, answers msg.
type segmentCheck struct {
	prefix    string
	ids, subs []string
	versions  []string
	query     string
	body, msg string
}

func TestB4_IDCheckedFirst(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		id := f.create(`{"` + f.Int + `":5}`)
		before := f.snapshot(id)
		body := `{"fields":{"` + f.Int + `":1}}`
		for _, v := range versionPrefixes {
			for _, bad := range []string{"99984", "-1", "0", "", "bogus", "1e3", "+" + id, "0x1"} {
				for _, sub := range []string{"", "/fields", "/interests", "/datarequest", "/events", "/unsubscribe", "/path",
					"/bogus/path", "/fields/x", "/0", "/ms"} {
					if bad == "" && sub == "" {
						continue // B2
					}
					for _, m := range pMethods {
						if v == "/v1" && m == "DELETE" && sub == "" {
							continue // O1: v1 answers 204 (TestB12_DeleteRemoved)
						}
						expectError(t, f.do(m, f.entity(v, bad)+sub, body), f.unknownMsg())
					}
				}
			}
		}
		// A valid sub-path for the method, and an invalid one.
		expectError(t, f.do("PUT", f.entity("/v2", "0")+"/fields", `{"`+f.Int+`":1}`), f.unknownMsg())
		expectError(t, f.do("GET", f.entity("/v2", "99984")+"/datarequest", nil), f.unknownMsg())
		// The owner's segment comes first too.
		checks := []segmentCheck{{"/database/", []string{"99984", "-1", "0", "", "bogus", "Tes"},
			[]string{"", "/profiles", "/profileids", "/bogus", "/bogus/path", "/0"}, []string{"/v1", "/v2", "/v4"}, "", `{"fields":{}}`,
			"No database with supplied ID"}}
		if f.sub() {
			// Collections by numeric ID only (B5); and the profile ID of
			// profile/{pid}/subprofiles/{coll}.
			checks = []segmentCheck{{"/collection/", []string{"99984", "-1", "0", "", "bogus", "Test", "test"},
				[]string{"/subprofiles", "/subprofileids", "/subprofiles/x", "/bogus"}, versionPrefixes, "?fields[]=Score%3D%3D5", `{"Score":1}`,
				"No collection with given ID"},
				{"/profile/", []string{"99984", "-1", "0", "", "bogus"},
					[]string{"/subprofiles", "/subprofiles/" + f.s.C, "/subprofiles/99984", "/subprofiles//x"}, []string{"/v2"}, "?fields[]=Score%3D%3D5", `{"Score":1}`,
					"No entity with supplied ID"}}
		}
		for _, c := range checks {
			for _, v := range c.versions {
				for _, bad := range c.ids {
					for _, sub := range c.subs {
						if bad == "" && sub == "" {
							continue // B2
						}
						for _, m := range pMethods {
							expectError(t, f.do(m, v+c.prefix+bad+sub+c.query, c.body), c.msg)
						}
					}
				}
			}
		}
		// None of these touched the entity.
		if after := f.snapshot(id); after != before {
			t.Fatalf("a refused request changed the %s:\n%s\n%s", f.Kind, before, after)
		}
		expectIDs(t, f.do("GET", f.list("/v2"), nil), id)
	})
}

func TestB5_OwnerByName(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		a, b := f.create(`{"`+f.Int+`":1}`), f.create(`{"`+f.Int+`":2}`)
		byID := f.do("GET", f.list("/v2"), nil)
		expectIDs(t, byID, a, b)
		if f.sub() {
			// A collection is addressed by numeric ID only.
			for _, name := range []string{"Test", "tEST", "test"} {
				expectError(t, f.do("GET", "/v2/collection/"+name+"/subprofiles", nil), "No collection with given ID")
				expectError(t, f.do("GET", "/v2/collection/"+name+"/subprofileids", nil), "No collection with given ID")
				expectError(t, f.do("GET", "/v2/collection/"+name, nil), "No collection with given ID")
				expectError(t, f.do("GET", "/v2/collection/"+name+"/fields", nil), "No collection with given ID")
			}
			if r := f.do("GET", "/v2/collection/"+f.s.C, nil); r.Status != 200 {
				t.Fatalf("collection by ID: %s", r)
			}
			return
		}
		// A database may be addressed by name, case-insensitively.
		for _, name := range []string{"tEst", "Test", "TEST", "test"} {
			expectJSON(t, f.do("GET", "/v2/database/"+name+"/profiles", nil), string(byID.Body))
		}
		id := created(t, f.do("POST", "/v2/database/tEST/profiles", `{}`))
		if p := f.p.get(id); p.Database != f.p.DB {
			t.Fatalf("profile created by name lands in database %s", p.Database)
		}
		expectError(t, f.do("GET", "/v2/database/Tests/profiles", nil), "No database with supplied ID")
		expectError(t, f.do("GET", "/v2/database/Unknown/profileids", nil), "No database with supplied ID")
	})
}

func TestB8_InvalidSubPath(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		kind string
		// invalid lists the requests of version v that answer Invalid method,
		// besides the ones both kinds share.
		invalid func(f *efx, v, id string) [][2]string
		// unknown are requests (method, path, body) outside the version loop
		// that answer Invalid method.
		unknown func(f *efx, id string) [][3]string
	}{
		{"profile", func(f *efx, v, id string) [][2]string {
			p := v + "/profile/" + id
			out := [][2]string{{"GET", p + "/subprofile"}, {"GET", p + "/interests/x"}, {"GET", v + "/profiles"},
				{"DELETE", v + "/database/Test/profileids"}, {"DELETE", v + "/database/Test/profile"}}
			for _, sub := range []string{"files", "ms", "publisher"} {
				out = append(out, [2]string{"POST", p + "/" + sub}, [2]string{"PUT", p + "/" + sub})
			}
			for _, sub := range []string{"datarequest", "fields", "files", "interests", "ms", "publisher", "subprofiles"} {
				out = append(out, [2]string{"DELETE", p + "/" + sub})
			}
			for _, sub := range []string{"profileids", "profile", "subprofiles"} {
				out = append(out, [2]string{"POST", v + "/database/Test/" + sub}, [2]string{"PUT", v + "/database/Test/" + sub + "?fields[]=ID>0"})
			}
			return out
		}, func(f *efx, id string) [][3]string {
			// DELETE database/{db}/profiles does not exist in v1 (O5); files from v2 on.
			return [][3]string{{"DELETE", "/v1/database/Test/profiles", `{"profiles":[` + id + `]}`}, {"GET", "/v1/profile/" + id + "/files", ""}}
		}},
		{"subprofile", func(f *efx, v, id string) [][2]string {
			p := v + "/subprofile/" + id
			c := v + "/collection/" + f.s.C
			var out [][2]string
			for _, sub := range []string{"ms", "publisher", "bogus", "subprofiles", "interests"} {
				out = append(out, [2]string{"POST", p + "/" + sub}, [2]string{"PUT", p + "/" + sub}, [2]string{"GET", p + "/" + sub})
			}
			for _, sub := range []string{"datarequest", "fields", "ms", "publisher", "unsubscribe", "events"} {
				out = append(out, [2]string{"DELETE", p + "/" + sub})
			}
			// subprofileids takes GET only; DELETE is nowhere a method of these lists.
			for _, m := range []string{"POST", "PUT", "DELETE"} {
				out = append(out, [2]string{m, c + "/subprofileids?fields[]=Score%3D%3D5"})
			}
			return append(out, [2]string{"DELETE", c + "/subprofiles"}, [2]string{"DELETE", c + "/subprofiles?fields[]=Score%3D%3D5"})
		}, func(f *efx, id string) [][3]string {
			// POST and PUT collection/{id}/subprofiles are unknown in v1/v2 (observed v2; O21).
			var out [][3]string
			for _, v := range []string{"/v1", "/v2", ""} {
				for _, m := range []string{"POST", "PUT"} {
					out = append(out, [3]string{m, v + "/collection/" + f.s.C + "/subprofiles?fields[]=Score%3D%3D5", `{"Score":1}`})
				}
			}
			return out
		}},
	} {
		t.Run(c.kind, func(t *testing.T) {
			f := newEntityFixture(t, c.kind)
			id := f.create(`{"` + f.Int + `":5}`)
			before := f.snapshot(id)
			body := func(m string) any {
				if m == "GET" || m == "DELETE" {
					return nil
				}
				return f.wrap(`{"` + f.Int + `":1}`)
			}
			for _, v := range versionPrefixes {
				for _, m := range pMethods {
					for _, suffix := range []string{"/0", "//0"} {
						for _, q := range []string{"", "?fields[]=" + f.Int + "%3D%3D5"} {
							expectError(t, f.do(m, f.entity(v, id)+suffix+q, `{"fields":{"`+f.Int+`":1}}`), "Invalid method")
							expectError(t, f.do(m, f.ownerPath(v)+suffix+q, f.wrap(`{"`+f.Int+`":1}`)), "Invalid method")
						}
					}
				}
				shared := [][2]string{{"GET", f.entity(v, id) + "/datarequest"}, {"GET", f.entity(v, id) + "/bogus"}}
				for _, r := range append(shared, c.invalid(f, v, id)...) {
					expectError(t, f.do(r[0], r[1], body(r[0])), "Invalid method")
				}
			}
			// The events route exists in v1 only (§3.15), unsubscribe from v2 on.
			for _, v := range []string{"/v2", "/v3", "/v4", ""} {
				expectError(t, f.do("GET", f.entity(v, id)+"/events", nil), "Invalid method")
			}
			expectError(t, f.do("PUT", f.entity("/v1", id)+"/unsubscribe", `[]`), "Invalid method")
			for _, r := range c.unknown(f, id) {
				var body any
				if r[2] != "" {
					body = r[2]
				}
				expectError(t, f.do(r[0], r[1], body), "Invalid method")
			}
			if after := f.snapshot(id); after != before {
				t.Fatalf("an invalid request changed the %s:\n%s\n%s", f.Kind, before, after)
			}
		})
	}
}

func TestB9_TailIgnored(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		kind string
		// bulk checks PUT on the bulk route with a tail: profiles ignore it
		// (the update runs), subprofiles' routes become unknown.
		bulk func(t *testing.T, f *efx, a, b string)
	}{
		{"profile", func(t *testing.T, f *efx, a, b string) {
			spExpectEmpty(t, f.do("PUT", "/v2/database/Test/profiles/bogus?"+pq("fields[]", "ANumber==2"), `{"fields":{"ANumber":7}}`), 200)
			if d := f.get(b); d.Fields["ANumber"] != "7" {
				t.Fatalf("PUT with tail did not update: %+v", d)
			}
			expectError(t, f.do("PUT", "/v2/database/Test/profiles/bogus", `{"fields":{}}`), "URL parameter fields is required")
		}},
		{"subprofile", func(t *testing.T, f *efx, a, b string) {
			expectError(t, f.do("GET", "/v2/collection/"+f.s.C+"/subprofileids/x", nil), "Invalid method")
			expectError(t, f.do("PUT", f.own("/v2", f.Parent)+"/x?"+pq("fields[]", "Score==2"), `{"Score":13}`), "Invalid method")
			expectError(t, f.do("PUT", "/v3/collection/"+f.s.C+"/subprofiles/x?"+pq("fields[]", "Score==2"), `{"Score":13}`), "Invalid method")
			// POST into the collection by name with a tail creates normally.
			s := created(t, f.do("POST", "/v4/profile/"+f.Parent+"/subprofiles/test/x/y", `{"Score":3}`))
			if d := f.s.getSub(s); d.Fields["Score"] != "3" || d.Profile != f.Parent || d.Collection != f.s.C {
				t.Fatalf("POST with tail: %+v", d)
			}
			f.expectFields(b, `{"Score":"2","ActionTime":""}`)
		}},
	} {
		t.Run(c.kind, func(t *testing.T) {
			f := newEntityFixture(t, c.kind)
			a := f.create(`{"` + f.Int + `":1}`)
			b := f.create(`{"` + f.Int + `":2}`)
			// GET of a list with a tail is the whole list.
			for _, l := range f.lists("/v2") {
				full := f.do("GET", l, nil)
				expectJSON(t, f.do("GET", l+"/"+a, nil), string(full.Body))
				expectJSON(t, f.do("GET", l+"/bogus/path/", nil), string(full.Body))
			}
			// POST with a tail creates normally.
			n := created(t, f.do("POST", f.createPath("/v2")+"//bogus/", f.wrap(`{"`+f.Int+`":3}`)))
			if d := f.get(n); d.Fields[f.Int] != "3" {
				t.Fatalf("POST with tail: %+v", d)
			}
			c.bulk(t, f, a, b)
			// GET and PUT {kind}/{id}/fields/... ignore the tail.
			expectJSON(t, f.do("GET", f.entity("/v2", a)+"/fields/bogus/path", nil), f.fieldsJSON(a))
			f.expect303(f.do("PUT", f.entity("/v2", a)+"/fields/extra", `{"`+f.Int+`":11}`), a, "")
			f.expectFields(a, f.withInt("11"))
			spExpectEmpty(t, f.do("PUT", f.entity("/v4", a)+"/fields/extra/more", `{"`+f.Int+`":12}`), 204)
			f.expectFields(a, f.withInt("12"))
			// But not GET/PUT {kind}/{id} itself.
			expectError(t, f.do("GET", f.entity("/v2", a)+"/bogus", nil), "Invalid method")
			expectError(t, f.do("PUT", f.entity("/v2", a)+"/bogus", `{"fields":{"`+f.Int+`":13}}`), "Invalid method")
			f.expectFields(a, f.withInt("12"))
		})
	}
}

func TestB10_DeleteWithTail(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		live := f.create(`{"` + f.Int + `":1}`)
		gone := f.create(`{}`)
		f.del(gone)
		for _, v := range versionPrefixes {
			expectError(t, f.do("DELETE", f.entity(v, gone)+"/bogus", nil), f.removedMsg())
			expectError(t, f.do("DELETE", f.entity(v, gone)+"/fields", nil), f.removedMsg())
			expectError(t, f.do("DELETE", f.entity(v, live)+"/bogus", nil), "Invalid method")
			expectError(t, f.do("DELETE", f.entity(v, live)+"/fields", nil), "Invalid method")
		}
		if d := f.get(live); d.Removed != false || d.Fields[f.Int] != "1" {
			t.Fatalf("live %s was touched: %+v", f.Kind, d)
		}
	})
}

func TestB11_ErrorFormatAndToken(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		id := f.create(`{}`)
		// Every error: 400, application/json, {"error":{"message":…}}.
		expectError(t, f.do("GET", f.entity("/v2", "99984"), nil), f.unknownMsg())
		expectError(t, f.do("PUT", f.bulk("/v2"), `{}`), "URL parameter fields is required")
		if !f.sub() {
			expectError(t, f.do("POST", "/v2/database/Test/profiles", `{"fields":true}`), "Invalid data provided")
		}
		// An invalid token is reported before any path or ID check.
		paths := []string{f.entity("/v2", id), f.entity("/v2", "99984"), f.entity("/v2", "99984") + "/bogus", f.entity("/v2", "bogus") + "/x",
			"/v2/" + strings.ToUpper(f.Kind) + "/99984", "/v1/" + f.Kind, f.list("/v2"), "/v2/bogus"}
		if f.sub() {
			paths = append(paths, "/v3/collection/99984/subprofiles", "/v2/profile/"+f.Parent+"/subprofiles", "/v2/profile/"+f.Parent+"/subprofiles/nosuch")
		} else {
			paths = append(paths, "/v3/database/Unknown/profiles")
		}
		for _, p := range paths {
			for _, m := range pMethods {
				expectError(t, f.do(m, p+"?access_token=wrong", `{}`), "Invalid access token")
			}
		}
		expectError(t, f.raw("GET", f.entity("/v2", id), ""), "Invalid access token")
		expectError(t, f.raw("GET", f.entity("/v4", id), "", "Authorization", "Bearer wrong"), "Invalid access token")
		// v4 with a Bearer token works.
		if r := f.raw("GET", f.entity("/v4", id), "", "Authorization", "Bearer "+f.Token); r.Status != 200 {
			t.Fatalf("v4 bearer: %s", r)
		}
		expectJSON(t, f.do("GET", f.list("/v2"), nil), subEnvelope(0, 100, 1, f.item(id)))
	})
}

func TestB12_DeleteRemoved(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		for _, v := range []string{"/v2", "/v3", "/v4", ""} {
			id := f.create(`{}`)
			if r := f.do("DELETE", f.entity(v, id), nil); r.Status != 200 && r.Status != 204 {
				t.Fatalf("first delete: %s", r)
			}
			for i := 0; i < 2; i++ {
				expectError(t, f.do("DELETE", f.entity(v, id), nil), f.removedMsg())
				expectError(t, f.do("DELETE", f.entity(v, id)+"/", nil), f.removedMsg())
			}
			expectError(t, f.do("DELETE", f.entity(v, "99984"), nil), f.unknownMsg())
		}
		// v1 (O1): a removed or unknown target answers 204 without X-Deleted.
		id := f.create(`{}`)
		f.expectDeleted(f.do("DELETE", f.entity("/v1", id), nil), 200, id)
		targets := []string{id, id + "/", "99984", "0", "-1", "bogus"}
		if f.sub() {
			// Removed by the profile's cascade: the same answers.
			other := f.p.mk(`{}`)
			cascaded := f.s.sub(other, `{}`)
			spExpectDeleted(t, f.do("DELETE", "/v2/profile/"+other, nil), 200, "profile "+other)
			expectError(t, f.do("DELETE", "/v3/subprofile/"+cascaded, nil), f.removedMsg())
			targets = append(targets, cascaded)
		}
		for _, p := range targets {
			r := f.do("DELETE", f.entity("/v1", p), nil)
			spExpectEmpty(t, r, 204)
		}
		// The sub-path check still follows the removed check in v1 (B10).
		expectError(t, f.do("DELETE", f.entity("/v1", id)+"/bogus", nil), f.removedMsg())
		// Unversioned paths behave as v2 (O25).
		expectError(t, f.do("DELETE", f.entity("", id), nil), f.removedMsg())
	})
}

// expectDeleted asserts a successful DELETE of entity id: status, empty body,
// X-Deleted "{kind} {id}" and no creation or location headers.
func (f *efx) expectDeleted(r resp, status int, id string) {
	f.t.Helper()
	spExpectDeleted(f.t, r, status, f.Kind+" "+id)
}

func TestB13_QueryNamesCaseSensitive(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		for i := 1; i <= 3; i++ {
			f.create(`{"` + f.Int + `":` + strconv.Itoa(i) + `}`)
		}
		for _, l := range f.lists("/v2") {
			want := string(f.do("GET", l, nil).Body)
			for _, qs := range []string{
				pq("FIELds[]", f.Int+"==1"), pq("LIMIT", "1"), pq("starT", "1"), pq("TOTAL", "false"), pq("TOTAL", "0"), pq("DATAONLY", "1"),
				pq("ORDER", "desc"), pq("ORDERBY", strings.ToLower(f.Int)),
				pq("Fields[0]", f.Int+"==1", "Limit", "1", "Start", "2", "Total", "0", "ORDERBY", f.Int, "ORDER", "desc", "DATAONLY", "1"),
			} {
				expectJSON(t, f.do("GET", l+"?"+qs, nil), want)
			}
		}
		before := string(f.do("GET", f.list("/v2"), nil).Body)
		// On the bulk update FIELDS[] is not the selector, CREATE=1 not the flag.
		for _, create := range []string{"", "&create=1"} {
			expectError(t, f.do("PUT", f.bulk("/v2")+"?"+pq("FIELDS[]", f.Int+"==1")+create, f.wrap(`{}`)), "URL parameter fields is required")
		}
		spExpectEmpty(t, f.do("PUT", f.bulk("/v2")+"?"+pq("fields[]", f.Int+"==7", "CREATE", "1"), f.wrap(`{"`+f.Int+`":9}`)), 200)
		expectJSON(t, f.do("GET", f.list("/v2"), nil), before)
	})
}

func TestB14_UnknownParametersAndKeysIgnored(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		kind, body, fields string // a create body with unknown keys, and the fields it stores
		put, putFields     string // a PUT body with unknown keys, and the fields then
	}{
		{"profile", `{"tonky":"x","fields":{"LastName":"L"},"ID":"999","removed":"2020-01-01 00:00:00"}`,
			`{"Email":"","LastName":"L","Birthdate":"","ANumber":"-1"}`,
			`{"tonky":1,"fields":{"LastName":"M"}}`, `{"Email":"","LastName":"M","Birthdate":"","ANumber":"-1"}`},
		{"subprofile", `{"tonky":1,"Score":4}`, `{"Score":"4","ActionTime":""}`,
			`{"tonky":1,"fields":{"Score":5}}`, `{"Score":"5","ActionTime":""}`},
	} {
		t.Run(c.kind, func(t *testing.T) {
			f := newEntityFixture(t, c.kind)
			id := created(t, f.do("POST", f.createPath("/v2")+"?bogus=345", c.body))
			expectLike(t, f.do("GET", f.entity("/v2", id)+"?bogus=345", nil), f.docPattern(id, c.fields))
			want := f.do("GET", f.list("/v2"), nil)
			expectJSON(t, f.do("GET", f.list("/v2")+"?bogus=345&tonky[]=1", nil), string(want.Body))
			f.expect303(f.do("PUT", f.entity("/v2", id)+"?bogus=345", c.put), id, "bogus=345")
			f.expectFields(id, c.putFields)
		})
	}
}

func TestB15_BodyKeysCaseSensitive(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		id := f.create(`{}`)
		if !f.sub() {
			// A subprofile is created from a field map (B38); a profile body
			// has top-level keys, and upper-case ones are unknown.
			id = f.p.mk(`{"FIELDS":{"LastName":"x"},"Fields":{"ANumber":3},"INTERESTS":["a"]}`)
			f.expectFields(id, defaultsFields)
		}
		before := f.snapshot(id)
		nextSecond()
		for _, v := range spVersions {
			r := f.do("PUT", f.entity(v, id), `{"FIELDS":{"`+f.Int+`":5},"Fields":{"`+f.Int+`":6},"SECRET":"x","INTERESTS":["a"]}`)
			if v == "/v3" || v == "/v4" {
				spExpectEmpty(t, r, 204)
			} else {
				f.expect303(r, id, "")
			}
		}
		if after := f.snapshot(id); after != before {
			t.Fatalf("upper-case keys were applied:\n%s\n%s", before, after)
		}
	})
}

func TestB16_FieldNamesCaseInsensitive(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		kind, create, created string
		put, putFields, after string // a PUT and a PUT fields with odd-cased names, and the fields then
	}{
		{"profile", `{"laSTNAme":"Doe","EMAIL":"a@b.c","anumber":"6","BIRTHDATE":"2001-02-03"}`,
			`{"Email":"a@b.c","LastName":"Doe","Birthdate":"2001-02-03","ANumber":"6"}`,
			`{"fields":{"lastname":"Roe"}}`, `{"aNuMbEr":8}`, `{"Email":"a@b.c","LastName":"Roe","Birthdate":"2001-02-03","ANumber":"8"}`},
		{"subprofile", `{"sCORE":7,"actiontime":"2021-02-03 04:05:06"}`, `{"Score":"7","ActionTime":"2021-02-03 04:05:06"}`,
			`{"fields":{"SCORE":8}}`, `{"ACTIONTIME":""}`, `{"Score":"8","ActionTime":""}`},
	} {
		t.Run(c.kind, func(t *testing.T) {
			f := newEntityFixture(t, c.kind)
			id := f.create(c.create)
			f.expectFields(id, c.created)
			f.put(id, c.put)
			f.putFields(id, c.putFields)
			f.expectFields(id, c.after)
			// The bulk update: names in the selector and in the body.
			spExpectEmpty(t, f.do("PUT", f.bulk("/v2")+"?fields[]="+strings.ToLower(f.Int)+"%3D%3D8", f.wrap(`{"`+mixedCase(f.Int)+`":9}`)), 200)
			if d := f.get(id); d.Fields[f.Int] != "9" {
				t.Fatalf("bulk PUT: %+v", d)
			}
			// Form bodies use the same names.
			f.expect303(f.do("PUT", f.entity("/v2", id), url.Values{"fields[" + strings.ToUpper(f.Int) + "]": {"10"}, "secret": {"form"}}), id, "")
			if d := f.get(id); d.Fields[f.Int] != "10" {
				t.Fatalf("form PUT: %+v", d)
			}
			f.expect303(f.do("PUT", f.entity("/v2", id)+"/fields", url.Values{strings.ToLower(f.Int): {"11"}}), id, "")
			if d := f.get(id); d.Fields[f.Int] != "11" || d.Secret != "form" {
				t.Fatalf("form PUT fields: %+v", d)
			}
		})
	}
}

// mixedCase alternates the case of name's letters: "Score" → "ScOrE".
func mixedCase(name string) string {
	b := []byte(strings.ToLower(name))
	for i := 0; i < len(b); i += 2 {
		b[i] = strings.ToUpper(string(b[i]))[0]
	}
	return string(b)
}

func TestB17_LaterDuplicateWins(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		kind                string
		steps               [][3]string // create, put or fields; the body; the fields afterwards
		form, formKey, want string      // a form-encoded create naming a field twice
	}{
		{"profile", [][3]string{
			{"create", `{"Email":"rm@wyz.biz","email":"","laSTNAme":"Muiii","LaSTNAme":"Muit"}`, `{"Email":"","LastName":"Muit","Birthdate":"","ANumber":"-1"}`},
			{"put", `{"fields":{"ANumber":5,"anumber":null,"LastName":"A","LASTNAME":"B","lastname":"C"}}`, `{"Email":"","LastName":"C","Birthdate":"","ANumber":"0"}`},
			{"fields", `{"email":"x@y.z","EMAIL":"","Email":"last@y.z"}`, `{"Email":"last@y.z","LastName":"C","Birthdate":"","ANumber":"0"}`},
		}, "fields%5BLastName%5D=first&fields%5Blastname%5D=second", "LastName", "second"},
		{"subprofile", [][3]string{
			{"create", `{"Score":3,"score":6,"ActionTime":"2020-01-01 00:00:00","actiontime":""}`, `{"Score":"6","ActionTime":""}`},
			{"put", `{"fields":{"score":1,"SCORE":2}}`, `{"Score":"2","ActionTime":""}`},
			{"fields", `{"SCORE":4,"Score":null}`, `{"Score":"0","ActionTime":""}`},
		}, "Score=first&score=12", "Score", "12"},
	} {
		t.Run(c.kind, func(t *testing.T) {
			f := newEntityFixture(t, c.kind)
			var id string
			for _, s := range c.steps {
				switch s[0] {
				case "create":
					id = f.create(s[1])
				case "put":
					f.put(id, s[1])
				case "fields":
					f.putFields(id, s[1])
				}
				f.expectFields(id, s[2])
			}
			// Form-encoded bodies keep the order too.
			id2 := created(t, f.raw("POST", f.createPath("/v2")+"?access_token="+url.QueryEscape(f.Token), c.form, "Content-Type", "application/x-www-form-urlencoded"))
			if d := f.get(id2); d.Fields[c.formKey] != c.want {
				t.Fatalf("form create: %+v", d)
			}
		})
	}
}

func TestB18_UnknownFieldsIgnored(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		kind, create, created, put, putFields, after string
	}{
		{"profile", `{"wonky":"yes","LastName":"Known","notafield":1}`, `{"Email":"","LastName":"Known","Birthdate":"","ANumber":"-1"}`,
			`{"fields":{"notafield":100,"ANumber":4}}`, `{"wonky":"no","Email":"e@x.y"}`, `{"Email":"e@x.y","LastName":"Known","Birthdate":"","ANumber":"4"}`},
		// Profile fields are unknown to subprofiles.
		{"subprofile", `{"wonky":"yes","Score":2,"LastName":"profile field","notafield":1}`, `{"Score":"2","ActionTime":""}`,
			`{"fields":{"notafield":1,"Score":3,"Email":"x@y.z"}}`, `{"wonky":"no","LastName":"x","ActionTime":"2020-01-01"}`, `{"Score":"3","ActionTime":"2020-01-01 00:00:00"}`},
	} {
		t.Run(c.kind, func(t *testing.T) {
			f := newEntityFixture(t, c.kind)
			id := f.create(c.create)
			f.expectFields(id, c.created)
			f.put(id, c.put)
			f.putFields(id, c.putFields)
			f.expectFields(id, c.after)
			if f.sub() {
				f.p.expectFields(f.Parent, defaultsFields)
			}
		})
	}
}

func TestB20_NonObjectFieldsIgnoredOnPut(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		id := f.create(`{"` + f.Int + `":4}`)
		before := f.snapshot(id)
		nextSecond()
		for _, bad := range []string{`"bogus"`, `true`, `0`, `5`, `null`, `[]`, `"Score=1"`} {
			body := `{"fields":` + bad + `}`
			f.put(id, body)
			f.expect303(f.do("PUT", f.entity("/v1", id), body), id, "")
			spExpectEmpty(t, f.do("PUT", f.entity("/v3", id), body), 204)
		}
		if after := f.snapshot(id); after != before {
			t.Fatalf("non-object fields changed the %s:\n%s\n%s", f.Kind, before, after)
		}
		// The other keys of such a body still apply.
		f.put(id, `{"fields":"bogus","secret":"still"}`)
		if d := f.get(id); d.Secret != "still" {
			t.Fatalf("secret next to bad fields: %+v", d)
		}
	})
}

func TestB21_FilterParameterForms(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		a := f.create(`{"` + f.Int + `":1}`)
		b := f.create(`{"` + f.Int + `":2}`)
		cond := url.QueryEscape(f.Int + "==2")
		for _, l := range f.lists("/v2") {
			for _, form := range []string{"fields[]=", "fields[0]=", "fields[7]=", "fields[x]=", "fields%5B%5D=", "fields%5B0%5D=", "fields%5b0%5d=", "fields%5B7%5D="} {
				expectIDs(t, f.do("GET", l+"?"+form+cond, nil), b)
			}
			// A plain fields= is not an array: no filtering.
			expectIDs(t, f.do("GET", l+"?fields="+cond, nil), a, b)
		}
		// and is not a selector for the bulk update.
		expectError(t, f.do("PUT", f.bulk("/v2")+"?fields="+cond, f.wrap(`{}`)), "URL parameter fields is required")
		// Form body and the bracket forms on the bulk update's selector.
		form := url.Values{f.pick("fields[ANumber]", "Score"): {"5"}}
		spExpectEmpty(t, f.do("PUT", f.bulk("/v2")+"?fields%5B0%5D="+cond, form), 200)
		if d := f.get(b); d.Fields[f.Int] != "5" {
			t.Fatalf("form bulk update: %+v", d)
		}
		if d := f.get(a); d.Fields[f.Int] != "1" {
			t.Fatalf("form bulk update changed a non-match: %+v", d)
		}
	})
}

func TestB22_BooleanCoercion(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		id := f.create(`{}`)
		full := subEnvelope(0, 100, 1, f.item(id))
		without := strings.TrimSuffix(full, `,"total":1}`) + "}"
		dataOnly := subEnvelope(0, 100, 1, f.dataOnlyItem(id))
		list := f.list("/v2") + "?"
		for _, qs := range []string{"total=TRue", "total=trUE", "total=true", "total=yes", "total=YES", "total=1", "total=2", "total=-1", "total=1.5",
			"total[]=x", "total[0]=0", "total%5B%5D=", "total=10"} {
			expectJSON(t, f.do("GET", list+qs, nil), full)
		}
		for _, qs := range []string{"total=thisisfalse", "total=%20true", "total=true%20", "total=", "total=0", "total=0.5", "total=-0.5",
			"total=false", "total=no", "total=on", "total=y"} {
			expectJSON(t, f.do("GET", list+qs, nil), without)
		}
		expectJSON(t, f.do("GET", f.list("/v2"), nil), full)
		// dataonly and create follow the same rules.
		for _, qs := range []string{"dataonly=TRue", "dataonly=TRUE", "dataonly=yes", "dataonly=YES", "dataonly=1", "dataonly=2", "dataonly=-1",
			"dataonly[]=x", "dataonly[a]=0"} {
			expectJSON(t, f.do("GET", list+qs, nil), dataOnly)
		}
		for _, qs := range []string{"dataonly=thisisfalse", "dataonly=%20true", "dataonly=%20yes", "dataonly=", "dataonly=0", "dataonly=0.5",
			"dataonly=false", "dataonly=no"} {
			expectJSON(t, f.do("GET", list+qs, nil), full)
		}
		n := 1
		for _, v := range []string{"/v2", "/v3"} {
			put := f.bulk(v) + "?fields[]=" + f.Int + "%3D%3D42&"
			for _, c := range []string{"create=thisisfalse", "create=0", "create=0.5", "create=", "create=no", "create=%20yes"} {
				r := f.do("PUT", put+c, f.wrap(`{"`+f.Int+`":1}`))
				if v == "/v2" {
					spExpectEmpty(t, r, 200)
				} else {
					spExpectEmpty(t, r, 204)
				}
			}
			if got := len(listIDs(t, f.do("GET", f.list("/v2"), nil))); got != n {
				t.Fatalf("a false create made an entity: %d, want %d", got, n)
			}
			for _, c := range []string{"create=TRue", "create=TRUE", "create=yes", "create=-1", "create=3", "create[]=x", "create[]=0"} {
				r := f.do("PUT", put+c, f.wrap(`{"`+f.Int+`":`+strconv.Itoa(100+n)+`}`))
				want := 303
				if v == "/v3" {
					want = 201
				}
				if r.Status != want || !digitsRe.MatchString(r.Header.Get("X-Created")) {
					t.Fatalf("%s %s: want a creation, got %s %v", v, c, r, r.Header)
				}
				n++
			}
		}
		if got := len(listIDs(t, f.do("GET", f.list("/v2"), nil))); got != n {
			t.Fatalf("want %d %ss, got %d", n, f.Kind, got)
		}
	})
}

func TestB23_IntegerCoercion(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		var ids []string
		for i := 0; i < 4; i++ {
			ids = append(ids, f.create(`{"`+f.Int+`":`+strconv.Itoa(i)+`}`))
		}
		items := make([]string, 4)
		for i, id := range ids {
			items[i] = f.dataOnlyItem(id)
		}
		env := func(start, limit int, idx ...int) string {
			data := make([]string, len(idx))
			for i, k := range idx {
				data[i] = items[k]
			}
			return subEnvelope(start, limit, 4, data...)
		}
		get := func(qs string) resp { return f.do("GET", f.list("/v2")+"?dataonly=1&"+qs, nil) }
		for _, c := range []struct {
			qs   string
			want string
		}{
			{"", env(0, 100, 0, 1, 2, 3)},
			{"limit=2x", env(0, 2, 0, 1)},
			{"limit=abc", env(0, 0)},
			{"limit=", env(0, 0)},
			{"limit=%20%202", env(0, 2, 0, 1)},
			{"limit=%2B3", env(0, 3, 0, 1, 2)},
			{"limit=1.9", env(0, 1, 0)},
			{"limit=true", env(0, 0)},
			{"limit[]=x", env(0, 1, 0)},
			{"limit[]=x&limit[]=y", env(0, 1, 0)},
			{"start=2x", env(2, 100, 2, 3)},
			{"start=abc", env(0, 100, 0, 1, 2, 3)},
			{"start[]=x&limit=1", env(1, 1, 1)},
			{"start=%202&limit=1", env(2, 1, 2)},
			{"start=3.9", env(3, 100, 3)},
			{"start=3&limit=-0", env(3, 0)},
			{"limit=-0", env(0, 0)},
			// The coerced values are echoed.
			{"limit=2x&start=1z", env(1, 2, 1, 2)},
			{"limit=2&start=1", env(1, 2, 1, 2)},
		} {
			expectJSON(t, get(c.qs), c.want)
		}
	})
}

// withInt is the fields of a new entity with the integer field set to v.
func (f *efx) withInt(v string) string {
	return strings.Replace(f.Defaults, `"`+f.Int+`":"-1"`, `"`+f.Int+`":"`+v+`"`, 1)
}
