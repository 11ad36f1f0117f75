package e2e

// behaviour.md section C (field value normalisation, B24–B34) where it holds
// for both kinds. The rules are the fields', so each test writes the same
// values into a database (profiles) or a collection (subprofiles).

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"
)

// owner is a database or collection the value tests write entities into.
type owner struct {
	f      *efx
	ID     string
	list   string // its v2 list
	bulk   string // its v2 bulk update
	create func(fields string) resp
}

// fixtureOwner is database Test or collection Test.
func (f *efx) fixtureOwner() owner {
	if f.sub() {
		return f.collectionOwner(f.s.C)
	}
	return f.databaseOwner(f.p.DB)
}

// addOwner adds a database (profiles) or a collection of database Test
// (subprofiles) with the given fields.
func (f *efx) addOwner(name string, fields ...string) owner {
	f.t.Helper()
	if f.sub() {
		return f.collectionOwner(f.s.addCollection(name, fields...))
	}
	return f.databaseOwner(f.p.addDatabase(name, fields...))
}

func (f *efx) databaseOwner(db string) owner {
	return owner{f: f, ID: db, list: "/v2/database/" + db + "/profiles", bulk: "/v2/database/" + db + "/profiles",
		create: func(fields string) resp { return f.do("POST", "/v2/database/"+db+"/profiles", `{"fields":`+fields+`}`) }}
}

// collectionOwner's subprofiles belong to the fixture's parent profile.
func (f *efx) collectionOwner(c string) owner {
	own := "/v2/profile/" + f.Parent + "/subprofiles/" + c
	return owner{f: f, ID: c, list: "/v2/collection/" + c + "/subprofiles", bulk: own,
		create: func(fields string) resp { return f.do("POST", own, fields) }}
}

// typeFields are one field of every type.
var typeFields = []string{
	`{"name":"D","type":"date"}`,
	`{"name":"DT","type":"datetime"}`,
	`{"name":"ED","type":"empty_date"}`,
	`{"name":"EDT","type":"empty_datetime"}`,
	`{"name":"F","type":"float"}`,
	`{"name":"I","type":"integer"}`,
	`{"name":"S1","type":"select","value":"value1\r\nvalue2"}`,
	`{"name":"S2","type":"select","value":"VALUE1\r\nvalue2"}`,
	"{\"name\":\"S3\",\"type\":\"select\",\"value\":\"value \\r\\n value\\r\\n`value\"}",
	`{"name":"S4","type":"select","value":"0\r\n1"}`,
	`{"name":"T","type":"text"}`,
	`{"name":"E","type":"email"}`,
	`{"name":"P","type":"phone"}`,
	`{"name":"PF","type":"phone_fax"}`,
	`{"name":"PG","type":"phone_gsm"}`,
	`{"name":"B","type":"big"}`,
	`{"name":"FK","type":"foreign_key"}`,
}

// typesOwner adds an owner "Types" with one field of every type.
func (f *efx) typesOwner() owner {
	f.t.Helper()
	return f.addOwner("Types", typeFields...)
}

// mk creates an entity from a raw field map and returns its ID.
func (o owner) mk(fields string) string {
	o.f.t.Helper()
	return created(o.f.t, o.create(fields))
}

// valuesOf creates an entity with the raw field map and returns its values.
func (o owner) valuesOf(fields string) map[string]string {
	o.f.t.Helper()
	return o.f.values(o.mk(fields))
}

// values reads the field values of entity id.
func (f *efx) values(id string) map[string]string {
	f.t.Helper()
	var m map[string]string
	raw := f.fieldsJSON(id)
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		f.t.Fatalf("fields of %s: %v: %s", id, err, raw)
	}
	return m
}

// checkField sends each JSON input as the value of field name (in one entity
// per input, and through PUT {kind}/{id}/fields and PUT {kind}/{id} on two
// more) and asserts the stored text.
func (o owner) checkField(name string, cases [][2]string) {
	f := o.f
	f.t.Helper()
	viaFields, viaEntity := o.mk(`{}`), o.mk(`{}`)
	for _, c := range cases {
		field := `{"` + name + `":` + c[0] + `}`
		if got := o.valuesOf(field)[name]; got != c[1] {
			f.t.Errorf("%s = %s on create: want %q, got %q", name, c[0], c[1], got)
		}
		f.putFields(viaFields, field)
		if got := f.values(viaFields)[name]; got != c[1] {
			f.t.Errorf("%s = %s on update of the fields: want %q, got %q", name, c[0], c[1], got)
		}
		f.put(viaEntity, `{"fields":`+field+`}`)
		if got := f.values(viaEntity)[name]; got != c[1] {
			f.t.Errorf("%s = %s on update: want %q, got %q", name, c[0], c[1], got)
		}
	}
}

// pDateCase is one row of the B29 table: the datetime output, "E" for the
// type's empty value, "Z" for 0000-00-00 on all four types.
type pDateCase struct{ in, out string }

// checkDates writes each input to the four date types of a types owner.
func (o owner) checkDates(cases []pDateCase) {
	o.f.t.Helper()
	for _, c := range cases {
		got := o.valuesOf(`{"D":` + c.in + `,"DT":` + c.in + `,"ED":` + c.in + `,"EDT":` + c.in + `}`)
		var want map[string]string
		switch c.out {
		case "E":
			want = map[string]string{"D": "0000-00-00", "DT": "0000-00-00 00:00:00", "ED": "", "EDT": ""}
		case "Z":
			want = map[string]string{"D": "0000-00-00", "DT": "0000-00-00 00:00:00", "ED": "0000-00-00", "EDT": "0000-00-00 00:00:00"}
		default:
			want = map[string]string{"D": c.out[:10], "DT": c.out, "ED": c.out[:10], "EDT": c.out}
		}
		for k, w := range want {
			if got[k] != w {
				o.f.t.Errorf("%s = %s: want %q, got %q", k, c.in, w, got[k])
			}
		}
	}
}

// textCases hold for text and email fields, and for phone and big (O14).
var textCases = [][2]string{
	{`"  value "`, "  value "}, {`"a@b"`, "a@b"}, {`"not an email"`, "not an email"},
	{`true`, "1"}, {`false`, ""}, {`0`, "0"}, {`-2`, "-2"}, {`2.99`, "2.99"}, {`-2.99`, "-2.99"},
	{`null`, ""}, {`[]`, ""}, {`[1]`, ""}, {`["a"]`, ""}, {`{}`, ""}, {`{"a":"b"}`, ""}, {`{"a":1}`, ""}, {`"\tx\n"`, "\tx\n"},
	{`"ünï€"`, "ünï€"}, {`"ü€😀"`, "ü€😀"}, {`""`, ""},
}

func TestB24_TextAndEmailValues(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		// PostgreSQL text cannot hold NUL: the store writes U+FFFD there.
		nul := [2]string{`"a\u0000b"`, "a\x00b"}
		if engine == "postgres" {
			nul[1] = "a\uFFFDb"
		}
		cases := append(append([][2]string{}, textCases...), nul)
		if !f.sub() {
			f.fixtureOwner().checkField("LastName", cases)
			f.fixtureOwner().checkField("Email", cases)
		}
		types := f.typesOwner()
		types.checkField("T", cases)
		types.checkField("E", cases)
		// O14: phone types and big behave as text, no reformatting.
		phone := append(cases, [2]string{`"+31 (0)6-1234 5678"`, "+31 (0)6-1234 5678"}, [2]string{`"0612345678"`, "0612345678"})
		for _, n := range []string{"P", "PF", "PG", "B"} {
			types.checkField(n, phone)
		}
	})
}

func TestB26_IntegerValues(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		cases := [][2]string{
			{`"value"`, "0"}, {`"   3 "`, "3"}, {`"true"`, "0"}, {`true`, "1"}, {`false`, "0"}, {`-2`, "-2"},
			{`2.99`, "2"}, {`-2.99`, "-2"}, {`[]`, "0"}, {`[0]`, "1"}, {`[5,6]`, "1"}, {`{"a":0}`, "1"}, {`null`, "0"}, {`""`, "0"},
			{`"12abc"`, "12"}, {`"-7"`, "-7"}, {`"+5"`, "5"}, {`"1e3"`, "1000"}, {`6`, "6"},
		}
		f.fixtureOwner().checkField(f.Int, cases)
		// O14: foreign_key behaves as integer.
		types := f.typesOwner()
		types.checkField("FK", cases)
		types.checkField("I", cases)
	})
}

func TestB28_DateAlgorithm(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		kind  string
		cases [][2]string // the fixture's date field: Birthdate (empty_date) or ActionTime (empty_datetime)
	}{
		{"profile", [][2]string{{`"2001-02-03 04:05:06"`, "2001-02-03"}, {`""`, ""}, {`"0000-00-00"`, ""}, {`"0000-00-01"`, "0000-00-00"}}},
		{"subprofile", [][2]string{
			{`"2020-01-02 03:04:05"`, "2020-01-02 03:04:05"}, {`"  2020-01-02t03:04:05  "`, "2020-01-02 03:04:05"},
			{`"2020-01-02 03:4"`, "2020-01-02 03:04:00"}, {`"2020-2"`, "2020-02-01 00:00:00"},
			{`"0000-00-00 23:59:59"`, ""}, {`"0000-00-01 00:00"`, "0000-00-00 00:00:00"}, {`"aa"`, ""}, {`true`, ""},
			{`1596979546`, ""}, {`"@1577934245"`, "2020-01-02 04:04:05"}, {`"2020-01-02 03:04:05z"`, "2020-01-02 04:04:05"},
			{`"2020-01-02 03:04:05+03:00"`, "2020-01-02 01:04:05"}, {`null`, ""}, {`"2020-01-02 03:"`, ""},
		}},
	} {
		t.Run(c.kind, func(t *testing.T) {
			f := newEntityFixture(t, c.kind)
			f.typesOwner().checkDates([]pDateCase{
				// 1. trimmed first
				{`"  2020-01-02  "`, "2020-01-02 00:00:00"},
				// 2. empty inputs
				{`""`, "E"}, {`null`, "E"}, {`true`, "E"}, {`false`, "E"}, {`[]`, "E"}, {`["2020-01-02"]`, "E"}, {`{"a":"2020-01-02"}`, "E"},
				{`"0000-00-00"`, "E"}, {`"0000-00-00 12:00:00"`, "E"}, {`"0000-00-00xyz"`, "E"},
				// 3. zones honoured, unparseable empty
				{`"2020-07-01 12:00:00 utc"`, "2020-07-01 14:00:00"}, {`"nonsense"`, "E"},
				// 4. negative years
				{`"0000-00-01 00:00"`, "Z"},
				// 5. output forms
				{`"2020-01-02 03:04:05"`, "2020-01-02 03:04:05"},
			})
			f.fixtureOwner().checkField(f.Date, c.cases)
		})
	}
}

func TestB29_DateExamples(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		types := f.typesOwner()
		types.checkDates([]pDateCase{
			{`"2020-01-02 03:04:05"`, "2020-01-02 03:04:05"},
			{`"  2020-01-02t03:04:05  "`, "2020-01-02 03:04:05"},
			{`"2020-01-02t03:04:05.987654"`, "2020-01-02 03:04:05"},
			{`"2020-01-02 03:4"`, "2020-01-02 03:04:00"},
			{`"2020-2"`, "2020-02-01 00:00:00"},
			{`"2020-01-02 03:"`, "E"}, {`"2020-01-02 03:04 02:00"`, "E"}, {`"2020-01-02tz03:04"`, "E"}, {`"2020 2"`, "E"},
			{`"1900-01-001 00:00"`, "E"},
			{`"0000-00-00 23:59:59"`, "E"},
			{`"0000-00-01 00:00"`, "Z"},
			{`"aa"`, "E"}, {`"true"`, "E"}, {`""`, "E"}, {`true`, "E"}, {`false`, "E"}, {`[]`, "E"}, {`[1,2]`, "E"}, {`null`, "E"},
			{`1596979546`, "E"}, {`999`, "E"}, {`10000`, "E"},
			{`"@1577934245"`, "2020-01-02 04:04:05"},
			{`"2020-01-02 03:04:05z"`, "2020-01-02 04:04:05"},
			{`"2020-01-02 03:04:05utc"`, "2020-01-02 04:04:05"},
			{`"2020-01-02 03:04:05+03:00"`, "2020-01-02 01:04:05"},
			// Summer time in Amsterdam is UTC+2.
			{`"2020-07-02 03:04:05z"`, "2020-07-02 05:04:05"},
		})
		// Relative inputs: compare with the clock before and after the request.
		type rel struct {
			in   string
			want func(time.Time) string
		}
		for _, c := range []rel{
			{`1959`, func(n time.Time) string { return n.Format("2006-01-02") + " 19:59:00" }},
			{`"1959"`, func(n time.Time) string { return n.Format("2006-01-02") + " 19:59:00" }},
			{`1960`, func(n time.Time) string { return "1960" + n.Format("-01-02 15:04:05") }},
			{`"now"`, func(n time.Time) string { return n.Format("2006-01-02 15:04:05") }},
			{`"yesterday"`, func(n time.Time) string { return n.AddDate(0, 0, -1).Format("2006-01-02") + " 00:00:00" }},
		} {
			before := time.Now().In(amsterdam)
			got := types.valuesOf(`{"DT":` + c.in + `,"D":` + c.in + `}`)
			after := time.Now().In(amsterdam)
			ok := false
			for t0 := before.Truncate(time.Second); !t0.After(after); t0 = t0.Add(time.Second) {
				if got["DT"] == c.want(t0) && got["D"] == c.want(t0)[:10] {
					ok = true
				}
			}
			if !ok {
				t.Errorf("%s: want %q, got DT %q D %q", c.in, c.want(before), got["DT"], got["D"])
			}
		}
		// A single letter is a military zone: relative to now, within a day.
		got := types.valuesOf(`{"DT":"a"}`)["DT"]
		at, err := time.ParseInLocation("2006-01-02 15:04:05", got, amsterdam)
		if err != nil || time.Since(at).Abs() > 26*time.Hour {
			t.Errorf(`"a": want a time near now, got %q`, got)
		}
	})
}

func TestB30_NoValueIsRefused(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		weird := []string{`null`, `true`, `"x"`, `[[[]]]`, `{"a":{"b":1}}`, `{"a":{"b":[1,2,{"c":null}]}}`, `1e308`, `-1e308`, `1e400`, `-1e400`,
			`123456789012345678901234567890`, `-99999999999999999999`, `"\u0000"`, `"ü"`, `"` + strings.Repeat("x", 300) + `"`,
			`"9999-99-99 99:99:99"`, `"@99999999999999999999"`, `-0`, `0.000000001`}
		fixture, types := f.fixtureOwner(), f.typesOwner()
		names := []string{"D", "DT", "ED", "EDT", "F", "I", "S1", "T", "E", "P", "PF", "PG", "B", "FK"}
		target, own := types.mk(`{}`), fixture.mk(`{}`)
		for _, w := range weird {
			var b strings.Builder
			b.WriteString("{")
			for i, n := range names {
				if i > 0 {
					b.WriteString(",")
				}
				b.WriteString(`"` + n + `":` + w)
			}
			b.WriteString("}")
			types.mk(b.String())
			f.putFields(target, b.String())
			f.put(target, `{"fields":`+b.String()+`}`)
			spExpectEmpty(t, f.do("PUT", types.bulk+"?fields[]=ID%3E0", f.wrap(b.String())), 200)
			// The fixture's integer and date fields too.
			fields := `{"` + f.Int + `":` + w + `,"` + f.Date + `":` + w + `}`
			fixture.mk(fields)
			f.put(own, `{"fields":`+fields+`}`)
			f.putFields(own, fields)
		}
		// A NUL is data like any other (PostgreSQL stores it as U+FFFD).
		f.put(target, `{"secret":"x\u0000y","fields":{"T":"a\u0000b"}}`)
		f.put(target, `{"secret":"x\u0000y","fields":{"T":"a\u0000b"}}`)
		if got := listIDs(t, f.do("GET", types.list+"?"+pq("fields[]", "T==a\x00b", "fields[]", "ID=="+target), nil)); len(got) != 1 {
			t.Errorf("a stored NUL is not found by the filter: %v", got)
		}
		// Integers clamp to int64 (O13).
		if v := types.valuesOf(`{"I":123456789012345678901234567890,"FK":-99999999999999999999}`); v["I"] != "9223372036854775807" || v["FK"] != "-9223372036854775808" {
			t.Errorf("integer overflow: %v", v)
		}
	})
}

func TestB31_IntegerNullStoresZero(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		id := f.create(`{}`)
		f.expectFields(id, f.Defaults)
		f.put(id, `{"fields":{"`+f.Int+`":null}}`)
		f.expectFields(id, f.withInt("0"))
		f.put(id, `{"fields":{"`+f.Int+`":5}}`)
		f.put(id, `{"fields":{"`+f.Int+`":""}}`)
		f.expectFields(id, f.withInt("0"))
		f.expectFields(f.create(`{"`+f.Int+`":null}`), f.withInt("0"))
		f.expectFields(f.create(`{"`+f.Int+`":""}`), f.withInt("0"))
	})
}

func TestB32_ValuesAreStrings(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		id := f.create(`{"` + f.Int + `":6}`)
		six := `"fields":` + f.withInt("6")
		f.expectFields(id, f.withInt("6"))
		f.expectFields(f.create(`{}`), f.Defaults)
		expectLike(t, f.do("GET", f.list("/v2")+"?fields[]=ID%3D%3D"+id, nil), subEnvelope(0, 100, 1, f.docPattern(id, f.withInt("6"))))
		reads := []string{f.entity("/v2", id), f.list("/v2"), f.list("/v2") + "?dataonly=1"}
		if f.sub() {
			reads = append(reads, f.own("/v2", f.Parent)+"?dataonly=1")
		}
		for _, p := range reads {
			if r := f.do("GET", p, nil); !strings.Contains(string(r.Body), six) {
				t.Fatalf("%s: %s 6 not a string: %s", p, f.Int, r.Body)
			}
		}
		if !strings.Contains(string(f.do("GET", f.list("/v2"), nil).Body), `"fields":`+f.Defaults) {
			t.Fatal("default -1 not a string")
		}
		// Every type is written as a string.
		m := map[string]any{}
		tid := f.typesOwner().mk(`{"F":1.5,"I":3,"FK":4,"D":"2020-01-02","S4":1}`)
		json.Unmarshal([]byte(f.fieldsJSON(tid)), &m)
		for k, v := range m {
			if _, ok := v.(string); !ok {
				t.Errorf("field %s is %T, not a string", k, v)
			}
		}
		if m["F"] != "1.5" || m["I"] != "3" || m["FK"] != "4" || m["S4"] != "1" {
			t.Errorf("values: %v", m)
		}
	})
}

func TestB33_DefaultsOnCreate(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		kind          string
		bodies        []string // bodies of v2 creations that supply no field
		partial, want string   // some fields given: the others take their default
	}{
		{"profile", nil, `{"LastName":"x"}`, `{"Email":"","LastName":"x","Birthdate":"","ANumber":"-1"}`},
		{"subprofile", []string{`{"unknown":1}`, `{"fields":{"Score":5}}`}, `{"ActionTime":"2020-01-01"}`, `{"Score":"-1","ActionTime":"2020-01-01 00:00:00"}`},
	} {
		t.Run(c.kind, func(t *testing.T) {
			f := newEntityFixture(t, c.kind)
			for _, v := range spVersions {
				for _, body := range []string{``, `{}`, `[]`} {
					f.expectFields(created(t, f.do("POST", f.createPath(v), body)), f.Defaults)
				}
			}
			for _, body := range c.bodies {
				f.expectFields(created(t, f.do("POST", f.createPath("/v2"), body)), f.Defaults)
			}
			// A form body without fields.
			f.expectFields(created(t, f.do("POST", f.createPath("/v2"), url.Values{})), f.Defaults)
			f.expectFields(f.create(c.partial), c.want)
			// An owner without fields: "fields":[] (PHP empty array).
			empty := f.addOwner("Empty")
			eid := empty.mk(`{"` + f.Int + `":1}`)
			want := `{"ID":"` + eid + `","fields":[],"interests":[],"database":"` + empty.ID + `","secret":"<SECRET>","created":"<TS>","modified":"<TS>","removed":false}`
			if f.sub() {
				want = `{"ID":"` + eid + `","secret":"<SECRET>","fields":[],"profile":"` + f.Parent + `","collection":"` + empty.ID + `","created":"<TS>","modified":"<TS>","removed":false}`
			}
			expectLike(t, f.do("GET", f.entity("/v2", eid), nil), want)
			expectJSON(t, f.do("GET", f.entity("/v2", eid)+"/fields", nil), `[]`)
			// O15: defaults of fields without a default value, per type.
			expectJSON(t, f.do("GET", f.entity("/v2", f.typesOwner().mk(`{}`))+"/fields", nil),
				`{"D":"0000-00-00","DT":"0000-00-00 00:00:00","ED":"","EDT":"","F":"0","I":"0","S1":"","S2":"","S3":"","S4":"","T":"","E":"","P":"","PF":"","PG":"","B":"","FK":"0"}`)
			// A select's default is the choice marked with *, without the marker;
			// other defaults pass through the value rules.
			sel := f.addOwner("Sel", `{"name":"S","type":"select","value":"a\r\nb*\r\nc"}`, `{"name":"D","type":"date","value":"2020-05-06"}`,
				`{"name":"F","type":"float","value":"2.50"}`, `{"name":"T","type":"text","value":"hello"}`)
			expectJSON(t, f.do("GET", f.entity("/v2", sel.mk(`{}`))+"/fields", nil), `{"S":"b","D":"2020-05-06","F":"2.5","T":"hello"}`)
			if v := sel.valuesOf(`{"S":"b*"}`)["S"]; v != "" {
				t.Errorf(`select "b*": want "", got %q`, v)
			}
			if v := sel.valuesOf(`{"S":"b"}`)["S"]; v != "b" {
				t.Errorf(`select "b": want "b", got %q`, v)
			}
		})
	}
}

func TestB34_NewFieldOnExisting(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		old := f.create(`{"` + f.Int + `":2}`)
		gone := f.create(`{}`)
		f.del(gone)
		for _, fd := range []string{`{"name":"N2","type":"integer","value":5}`, `{"name":"F2","type":"float","value":1.5}`,
			`{"name":"D2","type":"date","value":"2020-01-01"}`, `{"name":"ED2","type":"empty_date"}`, `{"name":"DT2","type":"datetime"}`,
			`{"name":"EDT2","type":"empty_datetime"}`, `{"name":"T2","type":"text","value":"dflt"}`,
			`{"name":"N","type":"integer","value":7}`, `{"name":"D","type":"empty_date","value":"2020-01-01"}`,
			`{"name":"DT","type":"empty_datetime","value":"2020-01-01 10:00:00"}`, `{"name":"Fl","type":"float","value":2.5}`} {
			created(t, f.do("POST", f.ownerPath("/v2")+"/fields", fd))
		}
		plus := func(fixture, added string) string { return strings.TrimSuffix(fixture, "}") + "," + added + "}" }
		// Existing entities get the type's zero value, not the default.
		f.expectFields(old, plus(f.withInt("2"), `"N2":"0","F2":"0","D2":"0000-00-00","ED2":"0000-00-00","DT2":"0000-00-00 00:00:00",`+
			`"EDT2":"0000-00-00 00:00:00","T2":"dflt","N":"0","D":"0000-00-00","DT":"0000-00-00 00:00:00","Fl":"0"`))
		// A removed one keeps reading empty.
		f.expectFields(gone, plus(f.Cleared, `"N2":"","F2":"","D2":"","ED2":"","DT2":"","EDT2":"","T2":"","N":"","D":"","DT":"","Fl":""`))
		// New entities get the defaults.
		f.expectFields(f.create(`{}`), plus(f.Defaults, `"N2":"5","F2":"1.5","D2":"2020-01-01","ED2":"","DT2":"0000-00-00 00:00:00",`+
			`"EDT2":"","T2":"dflt","N":"7","D":"2020-01-01","DT":"2020-01-01 10:00:00","Fl":"2.5"`))
	})
}
