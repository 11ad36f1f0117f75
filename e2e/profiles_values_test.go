package e2e

// behaviour.md section C: field value normalisation (B24–B34), on profiles.

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// typesDB adds a database "Types" with one field of every type besides the
// fixture and returns its ID.
func (f *pfx) typesDB() string {
	f.t.Helper()
	return f.addDatabase("Types",
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
	)
}

// valuesOf creates a profile in db with the raw JSON field map and returns its
// field values.
func (f *pfx) valuesOf(db, fields string) map[string]string {
	f.t.Helper()
	id := f.mkIn(db, `{"fields":`+fields+`}`)
	r := f.do("GET", "/v2/profile/"+id+"/fields", nil)
	if r.Status != 200 {
		f.t.Fatalf("fields of %s: %s", id, r)
	}
	var m map[string]string
	if err := json.Unmarshal(r.Body, &m); err != nil {
		f.t.Fatalf("fields of %s: %v: %s", id, err, r.Body)
	}
	return m
}

// checkField sends each JSON input as the value of field name (in one
// profile per input, also via PUT on a second profileDoc) and asserts the stored
// text.
func (f *pfx) checkField(db, name string, cases [][2]string) {
	f.t.Helper()
	target := f.mkIn(db, `{}`)
	for _, c := range cases {
		got := f.valuesOf(db, `{"`+name+`":`+c[0]+`}`)[name]
		if got != c[1] {
			f.t.Errorf("%s = %s on create: want %q, got %q", name, c[0], c[1], got)
		}
		f.putFields(target, `{"`+name+`":`+c[0]+`}`)
		var m map[string]string
		json.Unmarshal([]byte(f.fieldsJSON(target)), &m)
		if m[name] != c[1] {
			f.t.Errorf("%s = %s on update: want %q, got %q", name, c[0], c[1], m[name])
		}
	}
}

func TestB24_TextAndEmailValues(t *testing.T) {
	f := newFixture(t)
	cases := [][2]string{
		{`"  value "`, "  value "}, {`"a@b"`, "a@b"}, {`"not an email"`, "not an email"},
		{`true`, "1"}, {`false`, ""}, {`0`, "0"}, {`-2`, "-2"}, {`2.99`, "2.99"}, {`-2.99`, "-2.99"},
		{`null`, ""}, {`[]`, ""}, {`["a"]`, ""}, {`{}`, ""}, {`{"a":"b"}`, ""}, {`"\tx\n"`, "\tx\n"},
		{`"ünï€"`, "ünï€"}, {`""`, ""},
	}
	f.checkField("Test", "LastName", cases)
	f.checkField("Test", "Email", cases)
	// O14: phone types and big behave as text, no reformatting.
	db := f.typesDB()
	phone := append(cases, [2]string{`"+31 (0)6-1234 5678"`, "+31 (0)6-1234 5678"}, [2]string{`"0612345678"`, "0612345678"})
	for _, n := range []string{"P", "PF", "PG", "B"} {
		f.checkField(db, n, phone)
	}
}

func TestB25_SelectValues(t *testing.T) {
	f := newFixture(t)
	db := f.typesDB()
	f.checkField(db, "S1", [][2]string{{`"value1"`, "value1"}, {`"value2"`, "value2"}, {`"Value1"`, ""}, {`"value"`, ""},
		{`"value1 "`, ""}, {`""`, ""}, {`null`, ""}, {`true`, ""}, {`["value1"]`, ""}})
	f.checkField(db, "S2", [][2]string{{`"value1"`, ""}, {`"VALUE1"`, "VALUE1"}, {`"value"`, ""}})
	f.checkField(db, "S3", [][2]string{{`"value "`, ""}, {`" value"`, " value"}, {`"value"`, "value"}, {"\"`value\"", "`value"}})
	f.checkField(db, "S4", [][2]string{{`true`, "1"}, {`false`, ""}, {`1`, "1"}, {`0`, "0"}, {`"1"`, "1"}, {`1.0`, "1"}})
}

func TestB26_IntegerValues(t *testing.T) {
	f := newFixture(t)
	db := f.typesDB()
	cases := [][2]string{
		{`"value"`, "0"}, {`"   3 "`, "3"}, {`"true"`, "0"}, {`true`, "1"}, {`false`, "0"}, {`-2`, "-2"},
		{`2.99`, "2"}, {`-2.99`, "-2"}, {`[]`, "0"}, {`[0]`, "1"}, {`{"a":0}`, "1"}, {`null`, "0"}, {`""`, "0"},
		{`"12abc"`, "12"}, {`"-7"`, "-7"}, {`"+5"`, "5"}, {`"1e3"`, "1000"}, {`6`, "6"},
	}
	f.checkField("Test", "ANumber", cases)
	// O14: foreign_key behaves as integer.
	f.checkField(db, "FK", cases)
	f.checkField(db, "I", cases)
}

func TestB27_FloatValues(t *testing.T) {
	f := newFixture(t)
	db := f.typesDB()
	f.checkField(db, "F", [][2]string{
		{`"value"`, "0"}, {`" 2.99  "`, "2.99"}, {`"true"`, "0"}, {`true`, "1"}, {`false`, "0"}, {`-2`, "-2"},
		{`2.99`, "2.99"}, {`[]`, "0"}, {`[1]`, "1"}, {`null`, "0"},
		// O13: PHP-like formatting, no trailing .0, 14 significant digits.
		{`1.0`, "1"}, {`0.30000000000000004`, "0.3"}, {`"1.50"`, "1.5"}, {`-0.5`, "-0.5"},
	})
}

// pDateCase is one row of the B29 table: the datetime output, "E" for the
// type's empty value, "Z" for 0000-00-00 on all four types.
type pDateCase struct{ in, out string }

func (f *pfx) checkDates(db string, cases []pDateCase) {
	f.t.Helper()
	for _, c := range cases {
		got := f.valuesOf(db, `{"D":`+c.in+`,"DT":`+c.in+`,"ED":`+c.in+`,"EDT":`+c.in+`}`)
		want := map[string]string{}
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
				f.t.Errorf("%s = %s: want %q, got %q", k, c.in, w, got[k])
			}
		}
	}
}

func TestB28_DateAlgorithm(t *testing.T) {
	f := newFixture(t)
	db := f.typesDB()
	f.checkDates(db, []pDateCase{
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
	// The birthdate of the fixture (empty_date) too.
	f.checkField("Test", "Birthdate", [][2]string{{`"2001-02-03 04:05:06"`, "2001-02-03"}, {`""`, ""}, {`"0000-00-00"`, ""}, {`"0000-00-01"`, "0000-00-00"}})
}

func TestB29_DateExamples(t *testing.T) {
	f := newFixture(t)
	db := f.typesDB()
	f.checkDates(db, []pDateCase{
		{`"2020-01-02 03:04:05"`, "2020-01-02 03:04:05"},
		{`"  2020-01-02t03:04:05  "`, "2020-01-02 03:04:05"},
		{`"2020-01-02t03:04:05.987654"`, "2020-01-02 03:04:05"},
		{`"2020-01-02 03:4"`, "2020-01-02 03:04:00"},
		{`"2020-2"`, "2020-02-01 00:00:00"},
		{`"2020-01-02 03:"`, "E"}, {`"2020-01-02 03:04 02:00"`, "E"}, {`"2020-01-02tz03:04"`, "E"}, {`"2020 2"`, "E"},
		{`"1900-01-001 00:00"`, "E"},
		{`"0000-00-00 23:59:59"`, "E"},
		{`"0000-00-01 00:00"`, "Z"},
		{`"aa"`, "E"}, {`"true"`, "E"}, {`""`, "E"}, {`true`, "E"}, {`false`, "E"}, {`[]`, "E"}, {`[1,2]`, "E"},
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
		got := f.valuesOf(db, `{"DT":`+c.in+`,"D":`+c.in+`}`)
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
	got := f.valuesOf(db, `{"DT":"a"}`)["DT"]
	at, err := time.ParseInLocation("2006-01-02 15:04:05", got, amsterdam)
	if err != nil || time.Since(at).Abs() > 26*time.Hour {
		t.Errorf(`"a": want a time near now, got %q`, got)
	}
}

func TestB30_NoValueIsRefused(t *testing.T) {
	f := newFixture(t)
	db := f.typesDB()
	weird := []string{`null`, `true`, `[[[]]]`, `{"a":{"b":[1,2,{"c":null}]}}`, `1e308`, `-1e308`, `123456789012345678901234567890`,
		`"\u0000"`, `"` + strings.Repeat("x", 300) + `"`, `"9999-99-99 99:99:99"`, `"@99999999999999999999"`, `-0`, `0.000000001`}
	names := []string{"D", "DT", "ED", "EDT", "F", "I", "S1", "T", "E", "P", "PF", "PG", "B", "FK"}
	target := f.mkIn(db, `{}`)
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
		created(t, f.do("POST", "/v2/database/"+db+"/profiles", `{"fields":`+b.String()+`}`))
		f.putFields(target, b.String())
		f.put(target, `{"fields":`+b.String()+`}`)
		expectEmpty(t, f.do("PUT", "/v2/database/"+db+"/profiles?fields[]=ID%3E0", `{"fields":`+b.String()+`}`), 200)
	}
	// A NUL is data like any other (PostgreSQL stores it as U+FFFD).
	f.put(target, `{"secret":"x\u0000y","fields":{"T":"a\u0000b"}}`)
	f.put(target, `{"secret":"x\u0000y","fields":{"T":"a\u0000b"}}`)
	if got := listIDs(t, f.do("GET", "/v2/database/"+db+"/profiles?"+pq("fields[]", "T==a\x00b", "fields[]", "ID=="+target), nil)); len(got) != 1 {
		t.Errorf("a stored NUL is not found by the filter: %v", got)
	}
	// Integers clamp to int64 (O13).
	if v := f.valuesOf(db, `{"I":123456789012345678901234567890,"FK":-99999999999999999999}`); v["I"] != "9223372036854775807" || v["FK"] != "-9223372036854775808" {
		t.Errorf("integer overflow: %v", v)
	}
}

func TestB31_IntegerNullStoresZero(t *testing.T) {
	f := newFixture(t)
	id := f.mk(`{}`)
	f.expectFields(id, defaultsFields)
	f.put(id, `{"fields":{"ANumber":null}}`)
	f.expectFields(id, `{"Email":"","LastName":"","Birthdate":"","ANumber":"0"}`)
	f.put(id, `{"fields":{"ANumber":5}}`)
	f.put(id, `{"fields":{"ANumber":""}}`)
	f.expectFields(id, `{"Email":"","LastName":"","Birthdate":"","ANumber":"0"}`)
	id2 := f.mkFields(`{"ANumber":null}`)
	f.expectFields(id2, `{"Email":"","LastName":"","Birthdate":"","ANumber":"0"}`)
}

func TestB32_ValuesAreStrings(t *testing.T) {
	f := newFixture(t)
	db := f.typesDB()
	id := f.mkFields(`{"ANumber":6}`)
	f.expectFields(id, `{"Email":"","LastName":"","Birthdate":"","ANumber":"6"}`)
	id2 := f.mk(`{}`)
	f.expectFields(id2, defaultsFields)
	expectLike(t, f.do("GET", "/v2/database/Test/profiles?fields[]=ID%3D%3D"+id, nil),
		`{"start":0,"limit":100,"count":1,"data":[{"ID":"`+id+`","fields":{"Email":"","LastName":"","Birthdate":"","ANumber":"6"},"interests":[],"database":"`+f.DB+`","secret":"<SECRET>","created":"<TS>","modified":"<TS>","removed":false}],"total":1}`)
	// Every type is written as a string.
	tid := f.mkIn(db, `{"fields":{"F":1.5,"I":3,"FK":4,"D":"2020-01-02","S4":1}}`)
	r := f.do("GET", "/v2/profile/"+tid+"/fields", nil)
	var m map[string]any
	json.Unmarshal(r.Body, &m)
	for k, v := range m {
		if _, ok := v.(string); !ok {
			t.Errorf("field %s is %T, not a string", k, v)
		}
	}
	if m["F"] != "1.5" || m["I"] != "3" || m["FK"] != "4" || m["S4"] != "1" {
		t.Errorf("values: %v", m)
	}
}

func TestB33_DefaultsOnCreate(t *testing.T) {
	f := newFixture(t)
	for _, v := range []string{"v1", "v2", "v3", "v4"} {
		id := created(t, f.do("POST", "/"+v+"/database/Test/profiles", ``))
		f.expectFields(id, defaultsFields)
		id = created(t, f.do("POST", "/"+v+"/database/Test/profiles", `{}`))
		f.expectFields(id, defaultsFields)
		id = created(t, f.do("POST", "/"+v+"/database/Test/profiles", `[]`))
		f.expectFields(id, defaultsFields)
	}
	// Only some fields given: the others take their default.
	id := f.mkFields(`{"LastName":"x"}`)
	f.expectFields(id, `{"Email":"","LastName":"x","Birthdate":"","ANumber":"-1"}`)
	// O15: defaults of fields without a default value, per type.
	db := f.typesDB()
	r := f.do("GET", "/v2/profile/"+f.mkIn(db, `{}`)+"/fields", nil)
	expectJSON(t, r, `{"D":"0000-00-00","DT":"0000-00-00 00:00:00","ED":"","EDT":"","F":"0","I":"0","S1":"","S2":"","S3":"","S4":"","T":"","E":"","P":"","PF":"","PG":"","B":"","FK":"0"}`)
	// A select's default is the choice marked with *, without the marker.
	sel := f.addDatabase("Sel", `{"name":"S","type":"select","value":"a\r\nb*\r\nc"}`, `{"name":"D","type":"date","value":"2020-05-06"}`,
		`{"name":"F","type":"float","value":"2.50"}`, `{"name":"T","type":"text","value":"hello"}`)
	expectJSON(t, f.do("GET", "/v2/profile/"+f.mkIn(sel, `{}`)+"/fields", nil), `{"S":"b","D":"2020-05-06","F":"2.5","T":"hello"}`)
	if v := f.valuesOf(sel, `{"S":"b*"}`)["S"]; v != "" {
		t.Errorf(`select "b*": want "", got %q`, v)
	}
	if v := f.valuesOf(sel, `{"S":"b"}`)["S"]; v != "b" {
		t.Errorf(`select "b": want "b", got %q`, v)
	}
}

func TestB34_NewFieldOnExistingProfiles(t *testing.T) {
	f := newFixture(t)
	old := f.mkFields(`{"LastName":"old"}`)
	gone := f.mk(`{}`)
	expectEmpty200Deleted(t, f.do("DELETE", "/v2/profile/"+gone, nil), "profile "+gone)
	f.addField("Test", `{"name":"N2","type":"integer","value":5}`)
	f.addField("Test", `{"name":"F2","type":"float","value":1.5}`)
	f.addField("Test", `{"name":"D2","type":"date","value":"2020-01-01"}`)
	f.addField("Test", `{"name":"ED2","type":"empty_date"}`)
	f.addField("Test", `{"name":"DT2","type":"datetime"}`)
	f.addField("Test", `{"name":"EDT2","type":"empty_datetime"}`)
	f.addField("Test", `{"name":"T2","type":"text","value":"dflt"}`)
	f.expectFields(old, `{"Email":"","LastName":"old","Birthdate":"","ANumber":"-1","N2":"0","F2":"0","D2":"0000-00-00","ED2":"0000-00-00","DT2":"0000-00-00 00:00:00","EDT2":"0000-00-00 00:00:00","T2":"dflt"}`)
	// A removed profile keeps reading empty.
	f.expectFields(gone, `{"Email":"","LastName":"","Birthdate":"","ANumber":"","N2":"","F2":"","D2":"","ED2":"","DT2":"","EDT2":"","T2":""}`)
	// New profiles get the defaults.
	f.expectFields(f.mk(`{}`), `{"Email":"","LastName":"","Birthdate":"","ANumber":"-1","N2":"5","F2":"1.5","D2":"2020-01-01","ED2":"","DT2":"0000-00-00 00:00:00","EDT2":"","T2":"dflt"}`)
}

func TestO12_DateForms(t *testing.T) {
	f := newFixture(t)
	db := f.typesDB()
	f.checkDates(db, []pDateCase{
		{`"2020/01/02"`, "2020-01-02 00:00:00"},
		{`"02-01-2020"`, "2020-01-02 00:00:00"},
		{`"2020-01-02T03:04"`, "2020-01-02 03:04:00"},
		{`"2020-01-02 03:04:05-01:00"`, "2020-01-02 05:04:05"},
		{`"@0"`, "1970-01-01 01:00:00"},
	})
	for _, c := range []struct {
		in   string
		want func(time.Time) string
	}{
		{`"today"`, func(n time.Time) string { return n.Format("2006-01-02") + " 00:00:00" }},
		{`"tomorrow"`, func(n time.Time) string { return n.AddDate(0, 0, 1).Format("2006-01-02") + " 00:00:00" }},
		{`"  NOW "`, func(n time.Time) string { return n.Format("2006-01-02 15:04:05") }},
	} {
		before := time.Now().In(amsterdam)
		got := f.valuesOf(db, `{"DT":`+c.in+`}`)["DT"]
		after := time.Now().In(amsterdam)
		if got != c.want(before) && got != c.want(after) {
			t.Errorf("%s: want %q, got %q", c.in, c.want(before), got)
		}
	}
}

func TestO16_TimeZoneConfigurable(t *testing.T) {
	t.Parallel()
	s := startServer(t, "--tz", "UTC")
	created(t, s.do("POST", "/v2/databases", `{"name":"Test"}`))
	created(t, s.do("POST", "/v2/database/Test/fields", `{"name":"DT","type":"datetime"}`))
	id := created(t, s.do("POST", "/v2/database/Test/profiles", `{"fields":{"DT":"2020-01-02 03:04:05z"}}`))
	var p struct {
		Fields  map[string]string
		Created string
	}
	json.Unmarshal(s.do("GET", "/v2/profile/"+id, nil).Body, &p)
	if p.Fields["DT"] != "2020-01-02 03:04:05" {
		t.Fatalf("DT in UTC: %q", p.Fields["DT"])
	}
	at, err := time.ParseInLocation("2006-01-02 15:04:05", p.Created, time.UTC)
	if err != nil || time.Since(at).Abs() > 5*time.Second {
		t.Fatalf("created %q is not now in UTC", p.Created)
	}
}
