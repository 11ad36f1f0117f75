package e2e

// behaviour.md sections G–K where they concern profiles only: LIKE on numbers
// and dates (O10), select comparisons (B72), interests (B77) and POST
// database (B81). What holds for both kinds is in entities_list_test.go.

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// four creates the four profiles the list tests share and returns their IDs:
// Muit (-1), Muit (6), "" (0), Other (-5, born 2000-01-03).
func (f *pfx) four() []string {
	f.t.Helper()
	return []string{
		f.mkFields(`{"Email":"rm@wyz.biz","LastName":"Muit","Birthdate":"1990-05-06"}`),
		f.mkFields(`{"LastName":"Muit","ANumber":6,"Birthdate":"2010-01-01"}`),
		f.mkFields(`{"LastName":"","ANumber":0}`),
		f.mkFields(`{"LastName":"Other","ANumber":-5,"Birthdate":"2000-01-03"}`),
	}
}

// filter lists Test with the given conditions and returns the IDs.
func (f *pfx) filter(conds ...string) []string {
	f.t.Helper()
	var parts []string
	for _, c := range conds {
		parts = append(parts, "fields[]="+url.QueryEscape(c))
	}
	return listIDs(f.t, f.do("GET", "/v2/database/Test/profiles?"+strings.Join(parts, "&"), nil))
}

func (f *pfx) expectFilter(conds []string, want ...string) {
	f.t.Helper()
	got := f.filter(conds...)
	if strings.Join(got, ",") != strings.Join(want, ",") {
		f.t.Fatalf("%q: want [%s], got [%s]", conds, strings.Join(want, ","), strings.Join(got, ","))
	}
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// TestB65_NULInValueIsData: trimming stops at a NUL, and the comparison does
// not end there either: `LastName==alpha%00` names "alpha\x00", not "alpha"
// (issue 9 §3). PostgreSQL keeps U+FFFD for the NUL on both sides.
func TestB65_NULInValueIsData(t *testing.T) {
	f := newFixture(t)
	plain := f.mkFields(`{"LastName":"alpha"}`)
	nul := f.mkFields(`{"LastName":"alpha\u0000"}`)
	nulX := f.mkFields(`{"LastName":"alpha\u0000x"}`)
	nulY := f.mkFields(`{"LastName":"alpha\u0000y"}`)
	f.expectFilter([]string{"LastName==alpha"}, plain)
	f.expectFilter([]string{"LastName==alpha\x00"}, nul)
	f.expectFilter([]string{"LastName==alpha\x00y"}, nulY)
	f.expectFilter([]string{"LastName!=alpha\x00x", "LastName=~alpha%"}, plain, nul, nulY)
	f.expectFilter([]string{"LastName=~alpha\x00"}, nul)
	f.expectFilter([]string{"LastName=~alpha\x00%"}, nul, nulX, nulY)
}

func TestO10_LikeOnNumbersAndDates(t *testing.T) {
	f := newFixture(t)
	ids := f.four()
	// Numeric and date fields are matched on their output string.
	f.expectFilter([]string{"ANumber=~-%"}, ids[0], ids[3])
	f.expectFilter([]string{"ANumber=~6"}, ids[1])
	f.expectFilter([]string{"ANumber!~-%"}, ids[1], ids[2])
	f.expectFilter([]string{"Birthdate=~20%"}, ids[1], ids[3])
	f.expectFilter([]string{"Birthdate=~%-01-0_"}, ids[1], ids[3])
	f.expectFilter([]string{"ID=~" + ids[2]}, ids[2])
	// Text LIKE: % and _, case-insensitive, backslash escapes.
	x := f.mkFields(`{"LastName":"50%_off"}`)
	y := f.mkFields(`{"LastName":"50xxoff"}`)
	f.expectFilter([]string{"LastName=~50%off"}, x, y)
	f.expectFilter([]string{`LastName=~50\%\_off`}, x)
	f.expectFilter([]string{"LastName=~_uit"}, ids[0], ids[1])
	f.expectFilter([]string{"Email=~%@WYZ.%"}, ids[0])
}

func TestB72_SelectCaseSensitive(t *testing.T) {
	f := newFixture(t)
	sel := f.addDatabase("Sel", `{"name":"S","type":"select","value":"Abc\r\nabc\r\nx_y\r\nxzy"}`, `{"name":"T","type":"text"}`)
	a := f.mkIn(sel, `{"fields":{"S":"Abc","T":"Abc"}}`)
	b := f.mkIn(sel, `{"fields":{"S":"abc","T":"abc"}}`)
	c := f.mkIn(sel, `{"fields":{"S":"x_y","T":"x_y"}}`)
	d := f.mkIn(sel, `{"fields":{"S":"xzy","T":"xzy"}}`)
	get := func(cond string) string {
		return strings.Join(listIDs(t, f.do("GET", "/v2/database/"+sel+"/profiles?"+pq("fields[]", cond), nil)), ",")
	}
	for _, c := range []struct{ cond, want string }{
		{"S==abc", b}, {"S==Abc", a}, {"s==ABC", ""}, {"S!=abc", a + "," + c + "," + d},
		{"T==abc", a + "," + b}, {"T==ABC", a + "," + b},
		// O10: LIKE case-sensitive on select, insensitive on text; backslash escapes.
		{"S=~a%", b}, {"S=~A%", a}, {"T=~A%", a + "," + b}, {"S!~a%", a + "," + c + "," + d},
		{"S=~x_y", c + "," + d}, {`S=~x\_y`, c}, {`T=~x\_%`, c},
		// O10: <> is !=; other operators make the condition ignored.
		{"S<>abc", a + "," + c + "," + d}, {"S=abc", a + "," + b + "," + c + "," + d}, {"S=<abc", a + "," + b + "," + c + "," + d},
		{"S~abc", a + "," + b + "," + c + "," + d}, {"S><abc", a + "," + b + "," + c + "," + d},
	} {
		if got := get(c.cond); got != c.want {
			t.Errorf("%s: want [%s], got [%s]", c.cond, c.want, got)
		}
	}
}

func TestB77_InterestsAlwaysArray(t *testing.T) {
	f := newFixture(t)
	id := f.mk(`{}`)
	expectLike(t, f.do("GET", "/v2/profile/"+id, nil), `{"ID":"`+id+`","fields":`+defaultsFields+`,"interests":[],"database":"`+f.DB+`","secret":"<SECRET>","created":"<TS>","modified":"<TS>","removed":false}`)
	f.addInterest("Tennis", "")
	expectLike(t, f.do("GET", "/v2/database/Test/profiles?dataonly=1", nil), `{"start":0,"limit":100,"count":1,"data":[{"ID":"`+id+`","fields":`+defaultsFields+`,"interests":[],"modified":"<TS>"}],"total":1}`)
	f.put(id, `{"interests":["Tennis"]}`)
	expectLike(t, f.do("GET", "/v2/profile/"+id, nil), `{"ID":"`+id+`","fields":`+defaultsFields+`,"interests":["Tennis"],"database":"`+f.DB+`","secret":"<SECRET>","created":"<TS>","modified":"<TS>","removed":false}`)
	f.put(id, `{"interests":[]}`)
	expectLike(t, f.do("GET", "/v2/profile/"+id, nil), `{"ID":"`+id+`","fields":`+defaultsFields+`,"interests":[],"database":"`+f.DB+`","secret":"<SECRET>","created":"<TS>","modified":"<TS>","removed":false}`)
	// A database without fields: "fields":[] (PHP empty array).
	empty := f.addDatabase("Empty")
	eid := f.mkIn(empty, `{}`)
	expectLike(t, f.do("GET", "/v2/profile/"+eid, nil), `{"ID":"`+eid+`","fields":[],"interests":[],"database":"`+empty+`","secret":"<SECRET>","created":"<TS>","modified":"<TS>","removed":false}`)
	expectJSON(t, f.do("GET", "/v2/profile/"+eid+"/fields", nil), `[]`)
}

func TestB81_PostDatabaseNoop(t *testing.T) {
	f := newFixture(t)
	before := f.do("GET", "/v2/database/Test", nil)
	for _, v := range []string{"v1", "v2"} {
		for _, body := range []string{``, `[]`, `{}`} {
			expectEmpty(t, f.do("POST", "/"+v+"/database/Test", body), 200)
			expectEmpty(t, f.do("POST", "/"+v+"/database/"+f.DB, body), 200)
		}
	}
	expectJSON(t, f.do("GET", "/v2/database/Test", nil), string(before.Body))
	// The PUT on the same path answers 303.
	r := f.do("PUT", "/v2/database/Test", `{}`)
	if r.Status != 303 {
		t.Fatalf("PUT database: %s", r)
	}
}
