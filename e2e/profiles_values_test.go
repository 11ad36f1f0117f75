package e2e

// behaviour.md section C where the tests run on profiles only: select (B25)
// and float (B27) values, date forms (O12) and the time zone (O16). What holds
// for both kinds is in entities_values_test.go, whose owner helpers these use.

import (
	"encoding/json"
	"testing"
	"time"
)

func TestB25_SelectValues(t *testing.T) {
	db := newEntityFixture(t, "profile").typesOwner()
	db.checkField("S1", [][2]string{{`"value1"`, "value1"}, {`"value2"`, "value2"}, {`"Value1"`, ""}, {`"value"`, ""},
		{`"value1 "`, ""}, {`""`, ""}, {`null`, ""}, {`true`, ""}, {`["value1"]`, ""}})
	db.checkField("S2", [][2]string{{`"value1"`, ""}, {`"VALUE1"`, "VALUE1"}, {`"value"`, ""}})
	db.checkField("S3", [][2]string{{`"value "`, ""}, {`" value"`, " value"}, {`"value"`, "value"}, {"\"`value\"", "`value"}})
	db.checkField("S4", [][2]string{{`true`, "1"}, {`false`, ""}, {`1`, "1"}, {`0`, "0"}, {`"1"`, "1"}, {`1.0`, "1"}})
}

func TestB27_FloatValues(t *testing.T) {
	db := newEntityFixture(t, "profile").typesOwner()
	db.checkField("F", [][2]string{
		{`"value"`, "0"}, {`" 2.99  "`, "2.99"}, {`"true"`, "0"}, {`true`, "1"}, {`false`, "0"}, {`-2`, "-2"},
		{`2.99`, "2.99"}, {`[]`, "0"}, {`[1]`, "1"}, {`null`, "0"},
		// O13: PHP-like formatting, no trailing .0, 14 significant digits.
		{`1.0`, "1"}, {`0.30000000000000004`, "0.3"}, {`"1.50"`, "1.5"}, {`-0.5`, "-0.5"},
	})
}

func TestO12_DateForms(t *testing.T) {
	db := newEntityFixture(t, "profile").typesOwner()
	db.checkDates([]pDateCase{
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
		got := db.valuesOf(`{"DT":` + c.in + `}`)["DT"]
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
