package e2e

// behaviour.md sections D (creating), E (updating) and F (deleting and removed
// entities) where they hold for both kinds.

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

func TestB35_PostAlwaysCreates(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		kind, fields, want, cond string
	}{
		{"profile", `{"Email":"same@x.y","LastName":"Same"}`, `{"Email":"same@x.y","LastName":"Same","Birthdate":"","ANumber":"-1"}`, "Email==same@x.y"},
		{"subprofile", `{"Score":1}`, `{"Score":"1","ActionTime":""}`, "Score==1"},
	} {
		t.Run(c.kind, func(t *testing.T) {
			f := newEntityFixture(t, c.kind)
			a, b := f.create(c.fields), f.create(c.fields)
			if a == b {
				t.Fatalf("same body gave the same ID %s", a)
			}
			for _, id := range []string{a, b} {
				f.expectFields(id, c.want)
			}
			empty := created(t, f.do("POST", f.createPath("/v2"), ``))
			// Unknown top-level keys of a profile body, unknown fields of a subprofile's.
			unknown := created(t, f.do("POST", f.createPath("/v2"), `{"only":"unknown","keys":[1]}`))
			f.expectFields(empty, f.Defaults)
			f.expectFields(unknown, f.Defaults)
			expectIDs(t, f.do("GET", f.list("/v2"), nil), a, b, empty, unknown)
			expectIDs(t, f.do("GET", f.list("/v2")+"?"+pq("fields[]", c.cond), nil), a, b)
		})
	}
}

func TestB36_SecretRandomOnCreate(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		kind     string
		versions []string
		bodies   []string // each sent five times per version
		extra    func(t *testing.T, f *efx)
	}{
		{"profile", []string{"/v2", "/v3", "/v4"}, []string{`{"secret":"mysecret","fields":{"LastName":"x"}}`}, func(t *testing.T, f *efx) {
			// v1 structured bodies apply a given secret (profiles.md §3.3); an
			// empty one is generated.
			id := created(t, f.do("POST", "/v1/database/Test/profiles", `{"fields":{"LastName":"v1"},"secret":"mine"}`))
			if p := f.p.get(id); p.Secret != "mine" || p.Fields["LastName"] != "v1" {
				t.Fatalf("v1 structured create: %+v", p)
			}
			id = created(t, f.do("POST", "/v1/database/Test/profiles", `{"fields":{"LastName":"v1"},"secret":""}`))
			if p := f.p.get(id); !secretRe.MatchString(p.Secret) {
				t.Fatalf("v1 empty secret: %+v", p)
			}
		}},
		// There is no way to set the secret at creation (B38): "secret" is just
		// an unknown field name here.
		{"subprofile", spVersions, []string{`{"secret":"mine"}`, `{}`, `{"secret":"mine","Score":2}`}, func(*testing.T, *efx) {}},
	} {
		t.Run(c.kind, func(t *testing.T) {
			f := newEntityFixture(t, c.kind)
			seen := map[string]bool{}
			if f.sub() {
				seen[f.p.get(f.Parent).Secret] = true
			}
			for _, body := range c.bodies {
				for _, v := range c.versions {
					for i := 0; i < 5; i++ {
						d := f.get(created(t, f.do("POST", f.createPath(v), body)))
						if !secretRe.MatchString(d.Secret) {
							t.Fatalf("secret %q is not 28 lowercase hex characters (body %s)", d.Secret, body)
						}
						if seen[d.Secret] {
							t.Fatalf("secret %q given twice", d.Secret)
						}
						seen[d.Secret] = true
					}
				}
			}
			c.extra(t, f)
		})
	}
}

func TestB37_CreatedEqualsModified(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		for _, v := range spVersions {
			d := f.get(created(t, f.do("POST", f.createPath(v), f.wrap(`{"`+f.Int+`":1}`))))
			if d.Created != d.Modified {
				t.Fatalf("created %q != modified %q", d.Created, d.Modified)
			}
			expectRecent(t, "created", d.Created)
		}
		// v2+ ignore created/modified in the body: top-level keys of a profile
		// body, unknown field names of a subprofile's.
		d := f.get(created(t, f.do("POST", f.createPath("/v2"), `{"created":"2001-01-01 00:00:00","modified":"2002-02-02 00:00:00"}`)))
		expectRecent(t, "created", d.Created)
		if d.Created != d.Modified {
			t.Fatalf("created %q != modified %q", d.Created, d.Modified)
		}
		if f.sub() {
			return
		}
		// v1 structured profile create applies them (§3.3), unparsable → now.
		id := created(t, f.do("POST", "/v1/database/Test/profiles", `{"created":"2001-01-01 10:00:00","modified":"2002-02-02 11:00:00","database":"x"}`))
		if p := f.get(id); p.Created != "2001-01-01 10:00:00" || p.Modified != "2002-02-02 11:00:00" {
			t.Fatalf("v1 timestamps: %+v", p)
		}
		id = created(t, f.do("POST", "/v1/database/Test/profiles", `{"created":"garbage","database":"x"}`))
		expectRecent(t, "created", f.get(id).Created)
	})
}

func TestB41_PutAnswers303(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		id := f.create(`{}`)
		entityBody, fieldsBody := `{"fields":{"`+f.Int+`":3}}`, `{"`+f.Int+`":3}`
		cases := []struct{ suffix, q, body string }{
			{"", "", entityBody}, {"/", "", entityBody}, {"//", "", entityBody},
			{"/fields", "", fieldsBody}, {"/fields/", "", fieldsBody},
			{"", "foo=bar&x[]=1", entityBody}, {"", "x=1&y[]=a%20b", `{}`},
			{"/fields", "a=%20b", fieldsBody}, {"/fields", "fields[]=x", `{}`},
		}
		if !f.sub() {
			cases = append(cases, struct{ suffix, q, body string }{"/interests", "", `[]`})
		}
		// v1/v2: 303 to {kind}/{id} without version, with the query as received,
		// whether or not anything changed.
		for _, v := range []string{"/v1", "/v2", ""} {
			for _, c := range cases {
				path := f.entity(v, id) + c.suffix
				if c.q != "" {
					path += "?" + c.q
				}
				for i := 0; i < 2; i++ {
					f.expect303(f.do("PUT", path, c.body), id, c.q)
				}
			}
		}
		// The query string is echoed as received, token included, even when
		// the token comes first.
		tok := "access_token=" + url.QueryEscape(f.Token)
		r := f.raw("PUT", f.entity("/v2", id)+"?"+tok+"&b=2&a=1", `{}`, "Content-Type", "application/json")
		if want := f.Base + f.entity("", id) + "?" + tok + "&b=2&a=1"; r.Status != 303 || r.Header.Get("Location") != want {
			t.Fatalf("want 303 %s, got %d %q", want, r.Status, r.Header.Get("Location"))
		}
		// v3/v4: 204 without Location.
		for _, v := range []string{"/v3", "/v4"} {
			spExpectEmpty(t, f.do("PUT", f.entity(v, id)+"?x=1", `{"fields":{"`+f.Int+`":4}}`), 204)
			spExpectEmpty(t, f.do("PUT", f.entity(v, id)+"/fields", `{"`+f.Int+`":5}`), 204)
		}
		if d := f.get(id); d.Fields[f.Int] != "5" {
			t.Fatalf("v3/v4 PUT not applied: %+v", d)
		}
	})
}

func TestB42_ModifiedUnchangedWithoutRealChange(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		kind, fields string
		noops        []string // bodies of PUT {kind}/{id} that change no stored value
	}{
		{"profile", `{"LastName":"Muit","Birthdate":"2000-01-02"}`,
			[]string{`{"fields":{"LastName":"Muit"}}`, `{"fields":{"Birthdate":"2000-01-02 13:14:15"}}`, `{"interests":[]}`}},
		{"subprofile", `{"ActionTime":"2020-04-27 14:15:34"}`, []string{`{"fields":{"ActionTime":"2020-04-27t14:15:34"}}`}},
	} {
		t.Run(c.kind, func(t *testing.T) {
			f := newEntityFixture(t, c.kind)
			id := f.create(c.fields)
			before := f.snapshot(id)
			d := f.get(id)
			nextSecond()
			for _, body := range append([]string{`{"fields":{"` + f.Int + `":-1.9}}`, `{"fields":{"` + f.Int + `":"-1"}}`,
				`{"fields":{"notafield":"x"}}`, `{"fields":{"bogus":1}}`, `{"fields":{}}`, `{"fields":[]}`, `{}`, `{"secret":"` + d.Secret + `"}`}, c.noops...) {
				f.put(id, body)
			}
			f.putFields(id, `{"`+f.Int+`":-1.2,"notafield":100}`)
			f.putFields(id, `{"`+strings.ToLower(f.Int)+`":"  -1 ","notafield":100}`)
			spExpectEmpty(t, f.do("PUT", f.entity("/v4", id)+"/fields", `[]`), 204)
			spExpectEmpty(t, f.do("PUT", f.bulk("/v2")+"?"+pq("fields[]", "ID=="+id), f.wrap(`{"`+f.Int+`":"-1abc"}`)), 200)
			if after := f.snapshot(id); after != before {
				t.Fatalf("changed without a change:\n%s\n%s", before, after)
			}
		})
	}
}

func TestB43_ModifiedOnRealChange(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		kind, fields string
		steps        [][2]string // PUT body, the fields afterwards
	}{
		{"profile", `{"LastName":"Muit"}`, [][2]string{
			{`{"fields":{"LastName":"muit"}}`, `{"Email":"","LastName":"muit","Birthdate":"","ANumber":"-1"}`},
			{`{"fields":{"LastName":""}}`, `{"Email":"","LastName":"","Birthdate":"","ANumber":"-1"}`},
			{`{"fields":{"ANumber":null}}`, `{"Email":"","LastName":"","Birthdate":"","ANumber":"0"}`},
			{`{"fields":{"ANumber":1,"LastName":""}}`, `{"Email":"","LastName":"","Birthdate":"","ANumber":"1"}`},
		}},
		{"subprofile", `{"Score":0}`, [][2]string{
			{`{"fields":{"Score":null,"ActionTime":"2020-01-01"}}`, `{"Score":"0","ActionTime":"2020-01-01 00:00:00"}`},
			{`{"fields":{"ActionTime":""}}`, `{"Score":"0","ActionTime":""}`},
			{`{"fields":{"Score":7}}`, `{"Score":"7","ActionTime":""}`},
		}},
	} {
		t.Run(c.kind, func(t *testing.T) {
			f := newEntityFixture(t, c.kind)
			id := f.create(c.fields)
			last := f.get(id).Modified
			for _, s := range c.steps {
				nextSecond()
				f.put(id, s[0])
				d := f.get(id)
				if d.Modified <= last {
					t.Fatalf("%s: modified stayed %s", s[0], d.Modified)
				}
				expectRecent(t, "modified", d.Modified)
				if d.Created == d.Modified {
					t.Fatal("created moved too")
				}
				last = d.Modified
				f.expectFields(id, s[1])
			}
			// The bulk update bumps only the entities that really change.
			other := f.create(`{"` + f.Int + `":8}`)
			om := f.get(other).Modified
			nextSecond()
			spExpectEmpty(t, f.do("PUT", f.bulk("/v2")+"?"+pq("fields[]", "ID>="+id), f.wrap(`{"`+f.Int+`":8}`)), 200)
			if f.get(other).Modified != om {
				t.Fatal("bulk PUT moved modified of an unchanged entity")
			}
			if d := f.get(id); d.Modified == last || d.Fields[f.Int] != "8" {
				t.Fatalf("bulk PUT: %+v", d)
			}
		})
	}
}

func TestB44_SecretUpdate(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		kind  string
		cases [][2]string // the secret's JSON, the secret afterwards
	}{
		{"profile", [][2]string{
			{`"s` + "`" + `~\"{}'üCE"`, "s`~\"{}'?CE"}, {`"a€b😀c"`, "a?b?c"}, {`""`, ""}, {`"plain"`, "plain"}, {`null`, "plain"},
			{`["x"]`, "1"}, {`{"a":1}`, "1"}, {`12`, "12"}, {`true`, "1"},
		}},
		{"subprofile", [][2]string{
			{`"s` + "`" + `~\"{}'üCE"`, "s`~\"{}'?CE"}, {`"日本"`, "??"}, {`""`, ""}, {`["a"]`, "1"}, {`{"a":1}`, "1"},
			{`null`, "1"}, {`12`, "12"}, {`true`, "1"}, {`"plain"`, "plain"},
		}},
	} {
		t.Run(c.kind, func(t *testing.T) {
			f := newEntityFixture(t, c.kind)
			id := f.create(`{}`)
			before := f.get(id)
			nextSecond()
			for _, s := range c.cases {
				f.put(id, `{"secret":`+s[0]+`}`)
				if d := f.get(id); d.Secret != s[1] || d.Modified != before.Modified {
					t.Fatalf("secret %s: got %q (modified %s, was %s)", s[0], d.Secret, d.Modified, before.Modified)
				}
			}
			// In v3/v4 too, together with a field.
			spExpectEmpty(t, f.do("PUT", f.entity("/v4", id), `{"secret":"v4","fields":{"`+f.Int+`":2}}`), 204)
			if d := f.get(id); d.Secret != "v4" || d.Fields[f.Int] != "2" {
				t.Fatalf("v4: %+v", d)
			}
			// PUT {kind}/{id}/fields has no secret: it is an unknown field name.
			f.putFields(id, `{"secret":"nope"}`)
			if d := f.get(id); d.Secret != "v4" {
				t.Fatalf("fields route set the secret: %+v", d)
			}
			// The secret works as the code filter.
			expectIDs(t, f.do("GET", f.list("/v2")+"?fields[]=code%3D%3Dv4", nil), id)
		})
	}
}

func TestB45_CreateKeyIgnoredOnPut(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		id := f.create(`{}`)
		f.put(id, `{"create":true,"fields":{"`+f.Int+`":3}}`)
		f.put(id, `{"create":1}`)
		f.expect303(f.do("PUT", f.entity("/v2", id)+"?create=1", `{"create":1,"fields":{"`+f.Int+`":4}}`), id, "create=1")
		expectIDs(t, f.do("GET", f.list("/v2"), nil), id)
		if d := f.get(id); d.Fields[f.Int] != "4" {
			t.Fatalf("PUT with create: %+v", d)
		}
	})
}

func TestB46_PutFieldsTakesFieldMap(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		kind, fields     string
		change, after    string // a real change through the field map and the fields afterwards
		fieldNamedFields func(t *testing.T, f *efx, id string)
	}{
		{"profile", `{"LastName":"Muit"}`, `{"lastNAME":""}`, defaultsFields, func(t *testing.T, f *efx, id string) {
			f.p.addField("Test", `{"name":"fields","type":"text"}`)
			f.putFields(id, `{"fields":"now a field"}`)
			f.expectFields(id, `{"Email":"","LastName":"","Birthdate":"","ANumber":"-1","fields":"now a field"}`)
			// Form-encoded bodies work too.
			r := f.raw("PUT", "/v2/profile/"+id+"/fields?access_token="+url.QueryEscape(f.Token), "LastName=form&ANumber=12", "Content-Type", "application/x-www-form-urlencoded")
			if r.Status != 303 {
				t.Fatalf("form PUT: %s", r)
			}
			f.expectFields(id, `{"Email":"","LastName":"form","Birthdate":"","ANumber":"12","fields":"now a field"}`)
			// POST profile/{pid}/fields is an alias (O24).
			f.expect303(f.do("POST", "/v2/profile/"+id+"/fields", `{"LastName":"posted"}`), id, "")
			spExpectEmpty(t, f.do("POST", "/v4/profile/"+id+"/fields", `{"ANumber":13}`), 204)
			f.expectFields(id, `{"Email":"","LastName":"posted","Birthdate":"","ANumber":"13","fields":"now a field"}`)
		}},
		{"subprofile", `{}`, `{"sCORE":"","actiontime":"2020-04-27 14:15:34"}`, `{"Score":"0","ActionTime":"2020-04-27 14:15:34"}`, func(t *testing.T, f *efx, id string) {
			// A collection with a field called "fields": then it is that field.
			c := f.s.addCollection("Odd", `{"name":"fields","type":"text"}`)
			oid := f.s.subIn(c, f.p.mk(`{}`), `{"fields":"direct"}`)
			f.putFields(oid, `{"FIELDS":"changed"}`)
			f.expectFields(oid, `{"fields":"changed"}`)
			// Form-encoded bodies work too.
			r := f.raw("PUT", "/v2/subprofile/"+id+"/fields?access_token="+url.QueryEscape(f.Token), "Score=12", "Content-Type", "application/x-www-form-urlencoded")
			if r.Status != 303 {
				t.Fatalf("form PUT: %s", r)
			}
			f.expectFields(id, `{"Score":"12","ActionTime":"2020-04-27 14:15:34"}`)
		}},
	} {
		t.Run(c.kind, func(t *testing.T) {
			f := newEntityFixture(t, c.kind)
			id := f.create(c.fields)
			before := f.snapshot(id)
			modified := f.get(id).Modified
			nextSecond()
			for _, v := range spVersions {
				for _, body := range []string{`{"` + f.Int + `":-1.2,"notafield":100}`, `[]`,
					// A fields wrapper is an unknown field name here.
					`{"fields":{"` + f.Int + `":5}}`} {
					r := f.do("PUT", f.entity(v, id)+"/fields", body)
					if v == "/v3" || v == "/v4" {
						spExpectEmpty(t, r, 204)
					} else {
						f.expect303(r, id, "")
					}
				}
			}
			if after := f.snapshot(id); after != before {
				t.Fatalf("no-op changed the %s:\n%s\n%s", f.Kind, before, after)
			}
			f.putFields(id, c.change)
			f.expectFields(id, c.after)
			if f.get(id).Modified == modified {
				t.Fatal("modified did not move")
			}
			c.fieldNamedFields(t, f, id)
		})
	}
}

func TestB51_DeleteAnswer(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		for _, v := range versionPrefixes {
			status := 200
			if v == "/v3" || v == "/v4" {
				status = 204
			}
			id := f.create(`{}`)
			spExpectDeleted(t, f.do("DELETE", f.entity(v, id), nil), status, f.Kind+" "+id)
			// A trailing slash is the same path.
			id = f.create(`{}`)
			spExpectDeleted(t, f.do("DELETE", f.entity(v, id)+"/", `[]`), status, f.Kind+" "+id)
			// A DELETE body that does not decode is ignored.
			id = f.create(`{}`)
			spExpectDeleted(t, f.do("DELETE", f.entity(v, id), `{bad`), status, f.Kind+" "+id)
		}
		expectIDs(t, f.do("GET", f.list("/v2"), nil))
		if f.sub() {
			if p := f.p.get(f.Parent); p.Removed != false {
				t.Fatal("profile removed with its subprofile")
			}
		}
	})
}

// removedDoc captures entity id before its removal and returns its expected
// v2 object once removed at the given time: the same object with removed set
// and every field "" (B52).
func (f *efx) removedDoc(id string) func(removed string) string {
	f.t.Helper()
	if f.sub() {
		before := f.s.getSub(id)
		return func(removed string) string {
			before.Removed = removed
			return subJSON(before, f.Cleared)
		}
	}
	before := f.p.get(id)
	return func(removed string) string {
		before.Removed = removed
		return profileJSON(before, f.Cleared)
	}
}

func TestB52_RemovedReadsEmpty(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		kind, body string // create body
	}{
		{"profile", `{"fields":{"Email":"a@b.c","LastName":"Doe","Birthdate":"2000-01-02","ANumber":6},"interests":["Football"]}`},
		{"subprofile", `{"Score":6,"ActionTime":"2020-04-27 14:15:34"}`},
	} {
		t.Run(c.kind, func(t *testing.T) {
			f := newEntityFixture(t, c.kind)
			if !f.sub() {
				f.p.addInterest("Football", "sport")
			}
			id := created(t, f.do("POST", f.createPath("/v2"), c.body))
			modified := f.get(id).Modified
			want := f.removedDoc(id)
			nextSecond()
			f.del(id)
			removed, _ := f.get(id).Removed.(string)
			expectRecent(t, "removed", removed)
			if removed == modified {
				t.Fatalf("removed %q equals the old modified", removed)
			}
			for _, v := range versionPrefixes {
				expectJSON(t, f.do("GET", f.entity(v, id), nil), want(removed))
				expectJSON(t, f.do("GET", f.entity(v, id)+"/fields", nil), f.Cleared)
			}
			if f.sub() {
				// The profile is unaffected.
				if p := f.p.get(f.Parent); p.Removed != false {
					t.Fatal("profile removed")
				}
			} else {
				// The interest route of a removed profile answers [] (§3.11).
				expectJSON(t, f.do("GET", "/v2/profile/"+id+"/interests", nil), `[]`)
			}
		})
	}
}

func TestB53_RemovedNotListed(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		one := `{"` + f.Int + `":1}`
		a, b, c := f.create(one), f.create(one), f.create(one)
		f.del(b)
		for _, p := range f.lists("/v2") {
			r := f.do("GET", p, nil)
			expectJSON(t, r, subEnvelope(0, 100, 2, f.item(a), f.item(c)))
			expectJSON(t, f.do("GET", p+"?"+pq("fields[]", f.Int+"==")+"&limit=0", nil), subEnvelope(0, 0, 0))
			expectJSON(t, f.do("GET", p+"?"+pq("fields[]", "ID=="+b), nil), subEnvelope(0, 100, 0))
		}
		expectJSON(t, f.do("GET", f.idsPath("/v2"), nil), `["`+a+`","`+c+`"]`)
	})
}

// TestB55_UpdateRemoved is B55 for profiles and, by B56, for subprofiles.
func TestB55_UpdateRemoved(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		kind          string
		text          string // PUT {kind}/{id} with a known non-integer field
		fieldsPut     string // PUT {kind}/{id}/fields with a known field
		emptyFieldMap string // PUT {kind}/{id}/fields changing nothing
	}{
		{"profile", `{"fields":{"LastName":"New"}}`, `{"LASTNAME":"x"}`, `{}`},
		{"subprofile", `{"fields":{"ActionTime":"2021-01-01"}}`, `{"actiontime":""}`, `[]`},
	} {
		t.Run(c.kind, func(t *testing.T) {
			f := newEntityFixture(t, c.kind)
			id := f.create(`{"` + f.Int + `":4}`)
			f.del(id)
			gone := f.get(id)
			nextSecond()
			// (a) the secret is stored, modified stays.
			f.put(id, `{"secret":"deletedd"}`)
			if d := f.get(id); d.Secret != "deletedd" || d.Modified != gone.Modified || d.Removed != gone.Removed {
				t.Fatalf("(a): %+v", d)
			}
			// (b) an empty field map changes nothing.
			for _, body := range []string{`{"fields":{}}`, `{"fields":[]}`, `{"fields":{"notafield":1}}`, `{"fields":{"bogus":1}}`} {
				f.put(id, body)
			}
			f.putFields(id, c.emptyFieldMap)
			spExpectEmpty(t, f.do("PUT", f.entity("/v3", id)+"/fields", `[]`), 204)
			if d := f.get(id); d.Modified != gone.Modified {
				t.Fatalf("(b): modified moved: %+v", d)
			}
			// (c) any known field, even with its value, sets modified to now,
			// each time; the values keep reading "".
			prev := gone.Modified
			for i, put := range []func(){
				func() { f.put(id, `{"fields":{"`+f.Int+`":-1}}`) },
				func() { f.put(id, `{"fields":{"`+f.Int+`":-1}}`) },
				func() { f.put(id, c.text) },
				func() { f.putFields(id, c.fieldsPut) },
				func() { spExpectEmpty(t, f.do("PUT", f.entity("/v4", id), `{"fields":{"`+f.Int+`":8}}`), 204) },
				func() { f.expect303(f.do("POST", f.entity("/v1", id), `{"fields":{"`+f.Int+`":8}}`), id, "") },
			} {
				put()
				d := f.get(id)
				if d.Modified <= prev {
					t.Fatalf("(c) step %d: modified %s not after %s", i, d.Modified, prev)
				}
				expectRecent(t, "modified", d.Modified)
				if d.Removed != gone.Removed || d.Created != gone.Created {
					t.Fatalf("(c) step %d: %+v", i, d)
				}
				f.expectFields(id, f.Cleared)
				prev = d.Modified
				nextSecond()
			}
			// Still not listed, still removed.
			expectIDs(t, f.do("GET", f.list("/v2"), nil))
			expectError(t, f.do("DELETE", f.entity("/v2", id), nil), f.removedMsg())
		})
	}
}

func TestB57_ListItemsRemovedFalse(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		f.create(`{}`)
		f.del(f.create(`{}`))
		f.create(`{}`)
		for _, v := range spVersions {
			for _, p := range f.lists(v) {
				r := f.do("GET", p, nil)
				var env struct{ Data []map[string]any }
				if err := json.Unmarshal(r.Body, &env); err != nil || len(env.Data) != 2 {
					t.Fatalf("%s: %s", p, r.Body)
				}
				for _, it := range env.Data {
					if it["removed"] != false {
						t.Fatalf("%s: removed = %#v", p, it["removed"])
					}
				}
			}
		}
	})
}
