package e2e

// Routes and open points that exist for both kinds: the ID lists (O8),
// unsubscribe (§3.24 for subprofiles, O29), hard deletes (O18), malformed
// bodies (O23) and unversioned paths (O25).

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
)

func TestO8_IDList(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		// Two parents for subprofiles, so the list is not one profile's.
		parents := []string{f.Parent}
		if f.sub() {
			parents = append(parents, f.p.mk(`{}`))
		}
		other := f.addOwner("Other")
		var ids []string
		for i := 0; i < 105; i++ {
			if f.sub() {
				f.Parent = parents[i%2]
			}
			ids = append(ids, f.create(`{"`+f.Int+`":`+strconv.Itoa(i)+`}`))
			if i == 50 {
				other.mk(`{}`) // in another owner: not listed
			}
		}
		f.Parent = parents[0]
		f.del(ids[3])
		live := append(append([]string{}, ids[:3]...), ids[4:]...)
		arr := func(xs []string) string {
			if len(xs) == 0 {
				return `[]`
			}
			return `["` + strings.Join(xs, `","`) + `"]`
		}
		// A bare array of ID strings, ascending, all of them without limit.
		for _, v := range versionPrefixes {
			expectJSON(t, f.do("GET", f.idsPath(v), nil), arr(live))
			expectJSON(t, f.do("GET", f.idsPath(v)+"/", nil), arr(live))
			if !f.sub() {
				expectJSON(t, f.do("GET", v+"/database/tEST/profileids", nil), arr(live))
			}
		}
		ids2 := f.idsPath("/v2")
		expectJSON(t, f.do("GET", ids2+"?limit=2", nil), arr(live[:2]))
		expectJSON(t, f.do("GET", ids2+"?start=100", nil), arr(live[100:]))
		expectJSON(t, f.do("GET", ids2+"?start=2&limit=3", nil), arr(live[2:5]))
		expectJSON(t, f.do("GET", ids2+"?limit=5000", nil), arr(live))
		expectJSON(t, f.do("GET", f.idsPath("/v1")+"?limit=5000", nil), arr(live))
		expectJSON(t, f.do("GET", ids2+"?limit=0", nil), `[]`)
		expectJSON(t, f.do("GET", ids2+"?start=-1", nil), `[]`)
		expectJSON(t, f.do("GET", ids2+"?start=1000", nil), `[]`)
		expectJSON(t, f.do("GET", ids2+"?limit[]=x", nil), arr(live[:1]))
		// Filters and ordering are not parameters of this route.
		expectJSON(t, f.do("GET", ids2+"?order=desc&"+pq("fields[]", "ID=="+ids[0]), nil), arr(live))
		expectJSON(t, f.do("GET", ids2+"?order=desc&"+pq("fields[]", f.Int+"==1"), nil), arr(live))
		// Tail not ignored; a fresh owner gives [].
		expectError(t, f.do("GET", ids2+"/x", nil), "Invalid method")
		empty := f.addOwner("Empty").ID
		expectJSON(t, f.do("GET", f.pick("/v2/database/"+empty+"/profileids", "/v2/collection/"+empty+"/subprofileids"), nil), `[]`)
		if f.sub() {
			// Removed by the profile's cascade: gone from the list.
			spExpectDeleted(t, f.do("DELETE", "/v2/profile/"+parents[1], nil), 200, "profile "+parents[1])
			var even []string
			for i, id := range ids {
				if i%2 == 0 {
					even = append(even, id)
				}
			}
			expectJSON(t, f.do("GET", ids2, nil), arr(even))
		}
	})
}

func TestO29_Unsubscribe(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		kind    string
		setting string // where the kind's unsubscribe behaviour is set, and the answer there
		status  int
		update  string // the configured field map
		fields  string // the fields after it applied
		create  string // the entity's fields
	}{
		{"profile", "/v2/database/Test", 303, `{"lastname":"Unsubscribed","ANumber":"0","bogus":1}`,
			`{"Email":"d@x.y","LastName":"Unsubscribed","Birthdate":"","ANumber":"0"}`, `{"LastName":"Doe","Email":"d@x.y"}`},
		// Conversions apply; profile fields are unknown here.
		{"subprofile", "/v3/collection/{C}", 204, `{"score":"abc","ActionTime":"","LastName":"x"}`,
			`{"Score":"0","ActionTime":""}`, `{"Score":5,"ActionTime":"2020-04-27 14:15:34"}`},
	} {
		t.Run(c.kind, func(t *testing.T) {
			f := newEntityFixture(t, c.kind)
			setting := strings.Replace(c.setting, "{C}", f.s.cID(), 1) + "/unsubscribe"
			set := func(body string) {
				t.Helper()
				if r := f.do("PUT", setting, body); r.Status != c.status {
					t.Fatalf("unsubscribe setting: %s", r)
				}
			}
			id := f.create(c.create)
			before := f.snapshot(id)
			m0 := f.get(id).Modified
			nextSecond()
			unsub := func(v string) string { return f.entity(v, id) + "/unsubscribe" }
			// Default behaviour nothing: PUT1 answer, no change; the body is ignored.
			f.expect303(f.do("PUT", unsub("/v2"), `[]`), id, "")
			f.expect303(f.do("PUT", unsub("")+"/?x=y", ``), id, "x=y")
			spExpectEmpty(t, f.do("PUT", unsub("/v3"), `{"fields":{"`+f.Int+`":1}}`), 204)
			set(`{"behavior":"nothing"}`)
			f.expect303(f.do("PUT", unsub("/v2")+"?x=y", ``), id, "x=y")
			spExpectEmpty(t, f.do("PUT", unsub("/v4"), `{}`), 204)
			if f.sub() {
				// The database's behaviour does not apply to subprofiles.
				spExpectEmpty(t, f.do("PUT", "/v3/database/Test/unsubscribe", `{"behavior":"remove"}`), 204)
				f.expect303(f.do("PUT", unsub("/v2"), `[]`), id, "")
			}
			if after := f.snapshot(id); after != before {
				t.Fatalf("nothing changed the %s:\n%s\n%s", f.Kind, before, after)
			}
			// update: the configured field map is applied as a field update.
			set(`{"behavior":"update","fields":` + c.update + `}`)
			spExpectEmpty(t, f.do("PUT", unsub("/v4"), `{"fields":{"`+f.Int+`":42}}`), 204)
			f.expectFields(id, c.fields)
			upd := f.get(id)
			if upd.Modified == m0 {
				t.Fatal("update did not move modified")
			}
			if f.sub() {
				f.p.expectFields(f.Parent, defaultsFields)
			}
			// Again: nothing changes, modified stays.
			nextSecond()
			f.expect303(f.do("PUT", unsub("/v2"), `[]`), id, "")
			if d := f.get(id); d.Modified != upd.Modified {
				t.Fatal("unchanged update moved modified")
			}
			// remove: a normal soft delete of this entity only.
			set(`{"behavior":"remove"}`)
			keep := f.create(`{}`)
			if f.sub() {
				spExpectEmpty(t, f.do("PUT", unsub("/v4"), `[]`), 204)
			} else {
				f.expect303(f.do("PUT", unsub("/v2"), `[]`), id, "")
			}
			gone := f.snapshot(id)
			removed, _ := f.get(id).Removed.(string)
			expectRecent(t, "removed", removed)
			f.expectFields(id, f.Cleared)
			expectIDs(t, f.do("GET", f.list("/v2"), nil), keep)
			if f.sub() {
				if p := f.p.get(f.Parent); p.Removed != false {
					t.Fatal("subprofile unsubscribe removed the profile")
				}
			}
			// O29: on a removed entity it succeeds and changes nothing.
			nextSecond()
			set(`{"behavior":"update","fields":{"` + f.Int + `":1}}`)
			f.expect303(f.do("PUT", unsub("/v2"), `[]`), id, "")
			set(`{"behavior":"remove"}`)
			spExpectEmpty(t, f.do("PUT", unsub("/v3"), `[]`), 204)
			if again := f.snapshot(id); again != gone {
				t.Fatalf("unsubscribe changed a removed %s:\n%s\n%s", f.Kind, gone, again)
			}
			// Errors: v1 has no such route; unknown ID; other methods; extra segments.
			k := func(v string) string { return f.entity(v, keep) + "/unsubscribe" }
			expectError(t, f.do("PUT", k("/v1"), `[]`), "Invalid method")
			expectError(t, f.do("PUT", f.entity("/v2", "99984")+"/unsubscribe", `[]`), f.unknownMsg())
			expectError(t, f.do("GET", k("/v2"), nil), "Invalid method")
			expectError(t, f.do("DELETE", k("/v2"), nil), "Invalid method")
			expectError(t, f.do("PUT", k("/v2")+"/x", `[]`), "Invalid method")
			if d := f.get(keep); d.Removed != false {
				t.Fatal("a refused unsubscribe removed the entity")
			}
			f.expectFields(keep, f.Defaults)
			// POST is its PUT (conventions §3): v2 answers 200 like other
			// PUT-only routes, not the 303 of the entity aliases.
			set(`{"behavior":"update","fields":{"` + f.Int + `":1}}`)
			spExpectEmpty(t, f.do("POST", k("/v2"), `[]`), 200)
			f.expectFields(keep, f.withInt("1"))
			set(`{"behavior":"update","fields":{"` + f.Int + `":2}}`)
			spExpectEmpty(t, f.do("POST", k("/v4"), `[]`), 204)
			f.expectFields(keep, f.withInt("2"))
			expectError(t, f.do("POST", k("/v1"), `[]`), "Invalid method")
		})
	}
}

func TestO18_DeleteCompletely(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		var a, sa string
		if f.sub() {
			a = f.create(`{}`)
		} else {
			// A profile with an interest and a subprofile: both go with it.
			f.p.addInterest("Golf", "")
			a = f.p.mk(`{"fields":{"LastName":"a"},"interests":["Golf"]}`)
			coll := created(t, f.do("POST", "/v2/database/Test/collections", `{"name":"C"}`))
			created(t, f.do("POST", "/v2/collection/"+coll+"/fields", `{"name":"Score","type":"integer"}`))
			sa = created(t, f.do("POST", "/v2/profile/"+a+"/subprofiles/"+coll, `{"Score":1}`))
		}
		b, c, d, keep := f.create(`{}`), f.create(`{}`), f.create(`{}`), f.create(`{}`)
		// Query flag (B22 coercion).
		f.expectDeleted(f.do("DELETE", f.entity("/v2", a)+"?completely=yes", nil), 200, a)
		expectError(t, f.do("GET", f.entity("/v2", a), nil), f.unknownMsg())
		expectError(t, f.do("GET", f.entity("/v2", a)+"/fields", nil), f.unknownMsg())
		expectError(t, f.do("DELETE", f.entity("/v2", a), nil), f.unknownMsg())
		if !f.sub() {
			expectError(t, f.do("GET", "/v2/profile/"+a+"/interests", nil), f.unknownMsg())
			expectError(t, f.do("GET", "/v2/subprofile/"+sa, nil), "No subprofile with supplied ID")
		}
		// Body flag; v3/v4 204 with X-Deleted.
		f.expectDeleted(f.do("DELETE", f.entity("/v3", b), `{"completely":true}`), 204, b)
		expectError(t, f.do("GET", f.entity("/v2", b), nil), f.unknownMsg())
		// A hard delete of a removed entity is allowed.
		f.del(c)
		f.expectDeleted(f.do("DELETE", f.entity("/v2", c)+"?completely=1", nil), 200, c)
		expectError(t, f.do("GET", f.entity("/v2", c), nil), f.unknownMsg())
		e := f.create(`{}`)
		f.del(e)
		f.expectDeleted(f.do("DELETE", f.entity("/v4", e)+"?completely=1", nil), 204, e)
		expectError(t, f.do("GET", f.entity("/v2", e), nil), f.unknownMsg())
		// False values are a normal soft delete.
		f.expectDeleted(f.do("DELETE", f.entity("/v2", d)+"?completely=no", `{"completely":false}`), 200, d)
		if f.get(d).Removed == false {
			t.Fatal("soft delete did not remove")
		}
		expectError(t, f.do("DELETE", f.entity("/v2", d)+"?completely=0", nil), f.removedMsg())
		// v1 has no completely flag: a soft delete.
		f.expectDeleted(f.do("DELETE", f.entity("/v1", keep)+"?completely=1", nil), 200, keep)
		if f.get(keep).Removed == false {
			t.Fatal("v1 delete did not remove")
		}
		// IDs are not reused and the lists are consistent.
		n := f.create(`{}`)
		if atoi(n) <= atoi(e) {
			t.Fatalf("ID %s reused", n)
		}
		expectIDs(t, f.do("GET", f.list("/v2"), nil), n)
		expectJSON(t, f.do("GET", f.idsPath("/v2"), nil), `["`+n+`"]`)
		if f.sub() {
			if p := f.p.get(f.Parent); p.Removed != false {
				t.Fatal("profile removed")
			}
			// A profile's hard delete takes its subprofiles along.
			spExpectDeleted(t, f.do("DELETE", "/v2/profile/"+f.Parent+"?completely=1", nil), 200, "profile "+f.Parent)
			for _, id := range []string{n, d} {
				expectError(t, f.do("GET", f.entity("/v2", id), nil), f.unknownMsg())
			}
			expectJSON(t, f.do("GET", f.idsPath("/v2"), nil), `[]`)
		}
	})
}

func TestO23_MalformedBodies(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		id := f.create(`{"` + f.Int + `":1}`)
		routes := [][2]string{{"POST", f.createPath("/v2")}, {"PUT", f.entity("/v2", id)}, {"PUT", f.entity("/v2", id) + "/fields"},
			{"PUT", f.bulk("/v2") + "?fields[]=ID%3E0"}}
		if f.sub() {
			routes = append(routes, [2]string{"PUT", "/v3/collection/" + f.s.C + "/subprofiles?" + pq("fields[]", "Score==1")})
		}
		for _, body := range []string{`{bad`, `{"fields":{"` + f.Int + `":2}`, `{"` + f.Int + `":2`, `"scalar"`, `12`, `[1,2]`, `true`, `null x`,
			// Invalid UTF-8.
			"{\"fields\":{\"" + f.Int + "\":\"\xff\"}}", "{\"" + f.Int + "\":\"\xff\"}"} {
			for _, r := range routes {
				expectError(t, f.do(r[0], r[1], body), "Invalid data provided")
			}
		}
		expectIDs(t, f.do("GET", f.list("/v2"), nil), id)
		f.expectFields(id, f.withInt("1"))
		// Missing content type: sniffed (JSON when it starts with { or [, else
		// form); charset parameters are ignored.
		tok := "?access_token=" + url.QueryEscape(f.Token)
		form := f.pick("fields[ANumber]=3", "Score=3")
		for want, r := range map[string]resp{
			"2": f.raw("POST", f.createPath("/v2")+tok, " "+f.wrap(`{"`+f.Int+`":2}`)),
			"3": f.raw("POST", f.createPath("/v2")+tok, form),
			"4": f.raw("POST", f.createPath("/v2")+tok, f.wrap(`{"`+f.Int+`":4}`), "Content-Type", "application/json; charset=utf-8"),
		} {
			f.expectFields(created(t, r), f.withInt(want))
		}
	})
}

func TestO25_UnversionedIsV2(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		id := f.expectCreated(f.do("POST", f.createPath(""), f.wrap(`{"`+f.Int+`":1}`)), "")
		f.expect303(f.do("PUT", f.entity("", id), `{"fields":{"`+f.Int+`":2}}`), id, "")
		for _, p := range append(f.lists(""), f.entity("", id), f.idsPath("")) {
			expectJSON(t, f.do("GET", p, nil), string(f.do("GET", "/v2"+p, nil).Body))
		}
		spExpectEmpty(t, f.do("PUT", f.bulk("")+"?"+pq("fields[]", f.Int+"==2"), f.wrap(`{"`+f.Int+`":3}`)), 200)
		f.expectFields(id, f.withInt("3"))
		if f.sub() {
			expectError(t, f.do("PUT", "/collection/"+f.s.C+"/subprofiles?"+pq("fields[]", "Score==3"), `{"Score":4}`), "Invalid method")
		}
		expectError(t, f.do("GET", f.entity("", id)+"/events", nil), "Invalid method")
		f.expectDeleted(f.do("DELETE", f.entity("", id), nil), 200, id)
		expectError(t, f.do("DELETE", f.entity("", id), nil), f.removedMsg())
	})
}
