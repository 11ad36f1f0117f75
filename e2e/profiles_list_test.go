package e2e

// behaviour.md sections G (lists and paging), H (the fields filter), I
// (ordering), J (shapes) and K (client compatibility) for profiles.

import (
	"encoding/json"
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

func TestB58_ListEnvelope(t *testing.T) {
	f := newFixture(t)
	expectJSON(t, f.do("GET", "/v2/database/Test/profiles", nil), `{"start":0,"limit":100,"count":0,"data":[],"total":0}`)
	ids := f.four()
	var items []string
	for _, id := range ids {
		p := f.get(id)
		items = append(items, profileJSON(p, f.fieldsJSON(id)))
	}
	want := `{"start":0,"limit":100,"count":4,"data":[` + strings.Join(items, ",") + `],"total":4}`
	for _, v := range []string{"/v1", "/v2", "/v3", ""} {
		expectJSON(t, f.do("GET", v+"/database/Test/profiles", nil), want)
	}
	// v4 adds nextid (O7).
	last, _ := strconv.Atoi(ids[3])
	expectJSON(t, f.do("GET", "/v4/database/Test/profiles", nil), strings.TrimSuffix(want, "}")+`,"nextid":"`+strconv.Itoa(last+1)+`"}`)
}

func TestB59_TotalFalseOmitsTotal(t *testing.T) {
	f := newFixture(t)
	f.four()
	for _, v := range []string{"thisisfalse", "0", "false", ""} {
		r := f.do("GET", "/v2/database/Test/profiles?total="+v+"&limit=1&dataonly=1", nil)
		var m map[string]any
		json.Unmarshal(r.Body, &m)
		if _, ok := m["total"]; ok || !strings.HasPrefix(string(r.Body), `{"start":0,"limit":1,"count":1,"data":[{`) || !strings.HasSuffix(string(r.Body), `}]}`) {
			t.Fatalf("total=%s: %s", v, r.Body)
		}
	}
	for _, v := range []string{"TRue", "trUE"} {
		r := f.do("GET", "/v2/database/Test/profiles?total="+v+"&limit=1&dataonly=1", nil)
		if !strings.HasSuffix(string(r.Body), `}],"total":4}`) {
			t.Fatalf("total=%s: %s", v, r.Body)
		}
	}
	// total=false with an empty page: just the four keys.
	expectJSON(t, f.do("GET", "/v2/database/Test/profiles?total=0&start=10", nil), `{"start":10,"limit":100,"count":0,"data":[]}`)
}

func TestB60_OutOfRangePaging(t *testing.T) {
	f := newFixture(t)
	f.four()
	expectJSON(t, f.do("GET", "/v2/database/Test/profiles?start=-2", nil), `{"start":-2,"limit":100,"count":0,"data":[],"total":4}`)
	expectJSON(t, f.do("GET", "/v2/database/Test/profiles?limit=-2", nil), `{"start":0,"limit":-2,"count":0,"data":[],"total":4}`)
	expectJSON(t, f.do("GET", "/v2/database/Test/profiles?limit=0", nil), `{"start":0,"limit":0,"count":0,"data":[],"total":4}`)
	expectJSON(t, f.do("GET", "/v2/database/Test/profiles?start=4", nil), `{"start":4,"limit":100,"count":0,"data":[],"total":4}`)
	expectJSON(t, f.do("GET", "/v2/database/Test/profiles?start=99999999999", nil), `{"start":99999999999,"limit":100,"count":0,"data":[],"total":4}`)
	expectJSON(t, f.do("GET", "/v4/database/Test/profiles?start=-2&limit=-3", nil), `{"start":-2,"limit":-3,"count":0,"data":[],"total":4}`)
	// O7: the cap is echoed: 1000 in v2–v4, 100 in v1.
	for _, c := range []struct{ v, limit, echo string }{{"v1", "500", "100"}, {"v1", "100", "100"}, {"v2", "5000", "1000"}, {"v3", "1001", "1000"}, {"v4", "1000", "1000"}, {"v2", "99999999999999999999", "1000"}} {
		r := f.do("GET", "/"+c.v+"/database/Test/profiles?dataonly=1&limit="+c.limit, nil)
		if !strings.HasPrefix(string(r.Body), `{"start":0,"limit":`+c.echo+`,"count":4,`) {
			t.Fatalf("%s limit=%s: %s", c.v, c.limit, r.Body)
		}
	}
}

func TestB61_LimitOne(t *testing.T) {
	f := newFixture(t)
	ids := f.four()
	for _, qs := range []string{"limit=1", "limit[]=x", "limit[a]=b", "limit%5B%5D=x"} {
		for start := 0; start < 4; start++ {
			r := f.do("GET", "/v2/database/Test/profiles?"+qs+"&start="+strconv.Itoa(start), nil)
			expectIDs(t, r, ids[start])
			if !strings.HasPrefix(string(r.Body), `{"start":`+strconv.Itoa(start)+`,"limit":1,"count":1,"data":[`) {
				t.Fatalf("%s: %s", qs, r.Body)
			}
		}
	}
}

func TestB62_CountAndOffset(t *testing.T) {
	f := newFixture(t)
	var ids []string
	for i := 0; i < 7; i++ {
		ids = append(ids, f.mk(`{}`))
	}
	r := f.do("GET", "/v2/database/Test/profiles?start=3&limit=3", nil)
	expectIDs(t, r, ids[3:6]...)
	if !strings.HasPrefix(string(r.Body), `{"start":3,"limit":3,"count":3,"data":[`) || !strings.HasSuffix(string(r.Body), `],"total":7}`) {
		t.Fatalf("envelope: %s", r.Body)
	}
	r = f.do("GET", "/v2/database/Test/profiles?start=5&limit=3", nil)
	expectIDs(t, r, ids[5:]...)
	if !strings.HasPrefix(string(r.Body), `{"start":5,"limit":3,"count":2,"data":[`) {
		t.Fatalf("envelope: %s", r.Body)
	}
	// start is an offset into the ordered, filtered result.
	r = f.do("GET", "/v2/database/Test/profiles?start=1&limit=2&order=desc&"+pq("fields[]", "ID>"+ids[1]), nil)
	expectIDs(t, r, ids[5], ids[4])
	if !strings.HasSuffix(string(r.Body), `],"total":5}`) {
		t.Fatalf("envelope: %s", r.Body)
	}
	// Walking pages visits every profile once.
	var seen []string
	for start := 0; start < 7; start += 2 {
		seen = append(seen, listIDs(t, f.do("GET", "/v2/database/Test/profiles?limit=2&start="+strconv.Itoa(start), nil))...)
	}
	if strings.Join(seen, ",") != strings.Join(ids, ",") {
		t.Fatalf("paging visited %v", seen)
	}
}

func TestB63_DataOnly(t *testing.T) {
	f := newFixture(t)
	f.addInterest("Golf", "")
	id := f.mk(`{"fields":{"LastName":"D"},"interests":["golf"]}`)
	p := f.get(id)
	item := `{"ID":"` + id + `","fields":{"Email":"","LastName":"D","Birthdate":"","ANumber":"-1"},"interests":["Golf"],"modified":"` + p.Modified + `"}`
	for _, v := range []string{"v1", "v2", "v3"} {
		expectJSON(t, f.do("GET", "/"+v+"/database/Test/profiles?dataonly=true", nil), `{"start":0,"limit":100,"count":1,"data":[`+item+`],"total":1}`)
	}
	expectJSON(t, f.do("GET", "/v4/database/Test/profiles?dataonly=true", nil), `{"start":0,"limit":100,"count":1,"data":[`+item+`],"total":1,"nextid":"`+strconv.Itoa(atoi(id)+1)+`"}`)
	// dataonly applies to lists only; the single GET is unchanged.
	expectJSON(t, f.do("GET", "/v2/profile/"+id+"?dataonly=true", nil), profileJSON(p, f.fieldsJSON(id)))
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

func TestB64_TotalCountsFilter(t *testing.T) {
	f := newFixture(t)
	ids := f.four()
	r := f.do("GET", "/v2/database/Test/profiles?"+pq("fields[]", "LASTNAME==mUIT", "fields[]", "ANumber>=-1"), nil)
	expectIDs(t, r, ids[0], ids[1])
	if !strings.HasSuffix(string(r.Body), `],"total":2}`) || !strings.HasPrefix(string(r.Body), `{"start":0,"limit":100,"count":2,`) {
		t.Fatalf("envelope: %s", r.Body)
	}
	r = f.do("GET", "/v2/database/Test/profiles?limit=1&"+pq("fields[]", "LASTNAME==mUIT", "fields[]", "ANumber>=-1"), nil)
	if !strings.HasSuffix(string(r.Body), `],"total":2}`) || !strings.HasPrefix(string(r.Body), `{"start":0,"limit":1,"count":1,`) {
		t.Fatalf("envelope: %s", r.Body)
	}
}

func TestB65_FilterWhitespace(t *testing.T) {
	f := newFixture(t)
	ids := f.four()
	f.expectFilter([]string{" LASTNAME==mUIT "}, ids[0], ids[1])
	f.expectFilter([]string{"\tLastName==Muit\n"}, ids[0], ids[1])
	f.expectFilter([]string{"LastName ==Muit"}, ids...)
	f.expectFilter([]string{"LastName== Muit"})
	f.expectFilter([]string{"ANumber== 6"}, ids[1])
	f.expectFilter([]string{"ANumber==6 "}, ids[1])
	f.expectFilter([]string{"ANumber>= -1"}, ids[0], ids[1], ids[2])
	// An empty date compares as the zero date (conventions §8.3).
	f.expectFilter([]string{"Birthdate<= 2000-01-03 14:15:34"}, ids[0], ids[2], ids[3])
	f.expectFilter([]string{"Birthdate== 1990-05-06"}, ids[0])
}

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

func TestB66_UnknownFieldConditionIgnored(t *testing.T) {
	f := newFixture(t)
	ids := f.four()
	f.expectFilter([]string{"bogus==1"}, ids...)
	f.expectFilter([]string{"bogus==1", "LastName==Muit"}, ids[0], ids[1])
	f.expectFilter([]string{"LastName==Muit", "wonky>5", "ANumber==6"}, ids[1])
}

func TestB67_CaseInsensitiveNamesAndText(t *testing.T) {
	f := newFixture(t)
	ids := f.four()
	f.expectFilter([]string{"LASTNAME==mUIT"}, ids[0], ids[1])
	f.expectFilter([]string{"lastname==MUIT"}, ids[0], ids[1])
	f.expectFilter([]string{"EMAIL==RM@WYZ.BIZ"}, ids[0])
	f.expectFilter([]string{"lastname!=muit"}, ids[2], ids[3])
	f.expectFilter([]string{"LastName=~mu%"}, ids[0], ids[1])
	f.expectFilter([]string{"LastName>n"}, ids[3])
	// No accent folding (O11; the Unicode case folding O11 proposes is not
	// implemented for SQLite, see the report).
	e := f.mkFields(`{"LastName":"École"}`)
	f.expectFilter([]string{"LastName==École"}, e)
	f.expectFilter([]string{"LastName==Ecole"})
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

func TestB68_ConditionsAnded(t *testing.T) {
	f := newFixture(t)
	var ids []string
	for i := -2; i <= 8; i++ {
		ids = append(ids, f.mkFields(`{"ANumber":`+strconv.Itoa(i)+`}`))
	}
	// ids[k] has ANumber k-2.
	f.expectFilter([]string{"ANumber>=0", "ANumber<=5"}, ids[2:8]...)
	f.expectFilter([]string{"ANumber>0", "ANumber<5", "ANumber!=3"}, ids[3], ids[4], ids[6])
	f.expectFilter([]string{"ANumber>5", "ANumber<5"})
	f.expectFilter([]string{"ANumber>=0", "ANumber<=5", "ID>" + ids[4]}, ids[5:8]...)
}

func TestB69_EmptyValues(t *testing.T) {
	f := newFixture(t)
	ids := f.four()
	f.expectFilter([]string{"LASTNAME=="}, ids[2])
	f.expectFilter([]string{"ANumber=="}, ids[2])
	f.expectFilter([]string{"LASTNAME==", "ANumber=="}, ids[2])
	f.expectFilter([]string{"LastName!="}, ids[0], ids[1], ids[3])
	f.expectFilter([]string{"Birthdate=="}, ids[2])
	f.expectFilter([]string{"Email=="}, ids[1], ids[2], ids[3])
}

func TestB70_NumericAndDateValuesNormalised(t *testing.T) {
	f := newFixture(t)
	ids := f.four()
	f.expectFilter([]string{"ANumber==abc"}, ids[2])
	f.expectFilter([]string{"ANumber==6.9"}, ids[1])
	f.expectFilter([]string{"ANumber>=-1.9"}, ids[0], ids[1], ids[2])
	f.expectFilter([]string{"ANumber<6abc"}, ids[0], ids[2], ids[3])
	f.expectFilter([]string{"Birthdate>=2000-01-02"}, ids[1], ids[3])
	f.expectFilter([]string{"Birthdate>=2000-01-03 23:00"}, ids[1], ids[3])
	f.expectFilter([]string{"Birthdate<2000-1-3"}, ids[0], ids[2])
	f.expectFilter([]string{"Birthdate>1990-05-06", "Birthdate<2010-01-01"}, ids[3])
	// Numbers compare as numbers, not text.
	f.expectFilter([]string{"ANumber>10"})
	f.expectFilter([]string{"ANumber<-2"}, ids[3])
}

func TestB71_SpecialNames(t *testing.T) {
	f := newFixture(t)
	ids := f.four()
	f.expectFilter([]string{"ID>" + ids[1]}, ids[2], ids[3])
	f.expectFilter([]string{"id==" + ids[0]}, ids[0])
	f.expectFilter([]string{"Id<=" + ids[1] + "abc"}, ids[0], ids[1])
	f.expectFilter([]string{"iD!=" + ids[0]}, ids[1:]...)
	// code = the secret, text, case-insensitive.
	f.put(ids[2], `{"secret":"MySecret"}`)
	f.expectFilter([]string{"code==mysecret"}, ids[2])
	f.expectFilter([]string{"CODE=~my%"}, ids[2])
	sec := f.get(ids[3]).Secret
	f.expectFilter([]string{"Code==" + strings.ToUpper(sec)}, ids[3])
	// modified = the timestamp, a datetime.
	nextSecond()
	f.put(ids[1], `{"fields":{"LastName":"Changed"}}`)
	m := f.get(ids[1]).Modified
	f.expectFilter([]string{"modified>=" + m}, ids[1])
	f.expectFilter([]string{"MODIFIED<" + m}, ids[0], ids[2], ids[3])
	f.expectFilter([]string{"Modified>=" + m[:10]}, ids...)
	f.expectFilter([]string{"modified>2999-01-01"})
	// A real field of that name wins.
	// (Fields named id or code are refused by structure.md §1.)
	spec := f.addDatabase("Spec", `{"name":"modified","type":"text"}`)
	a := f.mkIn(spec, `{"fields":{"modified":"foo"}}`)
	b := f.mkIn(spec, `{"fields":{"modified":"bar"}}`)
	get := func(c string) []string {
		return listIDs(t, f.do("GET", "/v2/database/"+spec+"/profiles?"+pq("fields[]", c), nil))
	}
	for _, c := range []struct {
		cond string
		want []string
	}{
		{"modified==foo", []string{a}}, {"MODIFIED==BAR", []string{b}}, {"modified>=c", []string{a}}, {"modified=~%o%", []string{a}},
		{"ID==" + b, []string{b}},
	} {
		if got := get(c.cond); strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Fatalf("%s: want %v, got %v", c.cond, c.want, got)
		}
	}
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

func TestB73_DefaultOrderByID(t *testing.T) {
	f := newFixture(t)
	var ids []string
	for _, n := range []string{"c", "a", "b", "a"} {
		ids = append(ids, f.mkFields(`{"LastName":"`+n+`"}`))
	}
	f.put(ids[0], `{"fields":{"LastName":"z"}}`)
	expectIDs(t, f.do("GET", "/v2/database/Test/profiles", nil), ids...)
	expectIDs(t, f.do("GET", "/v2/database/Test/profiles?orderby=id", nil), ids...)
	expectIDs(t, f.do("GET", "/v2/database/Test/profiles?orderby=ID&order=asc", nil), ids...)
}

func TestB74_OrderDirection(t *testing.T) {
	f := newFixture(t)
	ids := f.four()
	rev := []string{ids[3], ids[2], ids[1], ids[0]}
	for _, o := range []string{"desc", "DESC", "descending", "descendING", "Desc"} {
		expectIDs(t, f.do("GET", "/v2/database/Test/profiles?order="+o, nil), rev...)
	}
	for _, o := range []string{"descendin", "asc", "ascending", "", "%20desc", "desc%20", "bogus"} {
		expectIDs(t, f.do("GET", "/v2/database/Test/profiles?order="+o, nil), ids...)
	}
	expectIDs(t, f.do("GET", "/v2/database/Test/profiles?order[]=desc", nil), ids...)
	// ORDER is not order.
	expectIDs(t, f.do("GET", "/v2/database/Test/profiles?ORDER=desc", nil), ids...)
	// nextid only for ascending ID order (O7).
	r := f.do("GET", "/v4/database/Test/profiles?order=desc&dataonly=1", nil)
	if strings.Contains(string(r.Body), "nextid") {
		t.Fatalf("nextid in descending list: %s", r.Body)
	}
}

func TestB75_OrderBy(t *testing.T) {
	f := newFixture(t)
	ids := f.four()
	// Birthdates: ids[2] "" < ids[0] 1990 < ids[3] 2000 < ids[1] 2010.
	byBirth := []string{ids[2], ids[0], ids[3], ids[1]}
	for _, ob := range []string{"birthdate", "Birthdate", "BIRTHDATE", f.F["Birthdate"]} {
		expectIDs(t, f.do("GET", "/v2/database/Test/profiles?orderby="+ob, nil), byBirth...)
	}
	expectIDs(t, f.do("GET", "/v2/database/Test/profiles?orderby=birthdate&order=desc", nil), ids[1], ids[3], ids[0], ids[2])
	// ANumber numeric: -5, -1, 0, 6.
	expectIDs(t, f.do("GET", "/v2/database/Test/profiles?orderby=anumber", nil), ids[3], ids[0], ids[2], ids[1])
	// Text: case-insensitive (O11); ties by ID ascending, also descending (O30).
	x := f.mkFields(`{"LastName":"muit"}`)
	expectIDs(t, f.do("GET", "/v2/database/Test/profiles?orderby=lastname", nil), ids[2], ids[0], ids[1], x, ids[3])
	expectIDs(t, f.do("GET", "/v2/database/Test/profiles?orderby=lastname&order=desc", nil), ids[3], ids[0], ids[1], x, ids[2])
	// Unknown name: ID order.
	all := append(append([]string{}, ids...), x)
	expectIDs(t, f.do("GET", "/v2/database/Test/profiles?orderby=bogus", nil), all...)
	expectIDs(t, f.do("GET", "/v2/database/Test/profiles?orderby=bogus&order=desc", nil), x, ids[3], ids[2], ids[1], ids[0])
	expectIDs(t, f.do("GET", "/v2/database/Test/profiles?orderby=99999", nil), all...)
	expectIDs(t, f.do("GET", "/v2/database/Test/profiles?orderby[]=lastname", nil), all...)
	// modified: the timestamp; ties by ID.
	nextSecond()
	f.put(ids[0], `{"fields":{"LastName":"newest"}}`)
	expectIDs(t, f.do("GET", "/v2/database/Test/profiles?orderby=MODIFIED", nil), ids[1], ids[2], ids[3], x, ids[0])
	// random: a permutation, still paged.
	r := f.do("GET", "/v2/database/Test/profiles?orderby=random", nil)
	got := listIDs(t, r)
	if len(got) != 5 || !strings.HasSuffix(string(r.Body), `"total":5}`) {
		t.Fatalf("random: %s", r.Body)
	}
	if n := len(listIDs(t, f.do("GET", "/v2/database/Test/profiles?orderby=random&limit=2&start=4", nil))); n != 1 {
		t.Fatalf("random page: %d items", n)
	}
	// orderby=modified beats a field named modified.
	spec := f.addDatabase("Spec", `{"name":"modified","type":"text"}`)
	a := f.mkIn(spec, `{"fields":{"modified":"b"}}`)
	b := f.mkIn(spec, `{"fields":{"modified":"a"}}`)
	expectIDs(t, f.do("GET", "/v2/database/"+spec+"/profiles?orderby=modified", nil), a, b)
	expectIDs(t, f.do("GET", "/v2/database/"+spec+"/profiles?orderby=modified&order=desc", nil), a, b) // same second: tie by ID
	nextSecond()
	f.put(a, `{"fields":{"modified":"c"}}`)
	expectIDs(t, f.do("GET", "/v2/database/"+spec+"/profiles?orderby=modified", nil), b, a)
	expectIDs(t, f.do("GET", "/v2/database/"+spec+"/profiles?orderby=modified&order=desc", nil), a, b)
	// v4 nextid not in field order.
	r = f.do("GET", "/v4/database/Test/profiles?orderby=lastname&dataonly=1", nil)
	if strings.Contains(string(r.Body), "nextid") {
		t.Fatalf("nextid with orderby: %s", r.Body)
	}
}

func TestB76_IDsStringsMetaIntegers(t *testing.T) {
	f := newFixture(t)
	id := f.mk(`{}`)
	for _, v := range []string{"v1", "v2", "v3", "v4"} {
		var m map[string]any
		json.Unmarshal(f.do("GET", "/"+v+"/profile/"+id, nil).Body, &m)
		if m["ID"] != id || m["database"] != f.DB {
			t.Fatalf("%s: %v", v, m)
		}
		var env map[string]any
		r := f.do("GET", "/"+v+"/database/Test/profiles", nil)
		json.Unmarshal(r.Body, &env)
		for _, k := range []string{"start", "limit", "count", "total"} {
			if _, ok := env[k].(float64); !ok {
				t.Fatalf("%s: %s is %T", v, k, env[k])
			}
		}
		if !strings.HasPrefix(string(r.Body), `{"start":0,"limit":100,"count":1,"data":[{"ID":"`+id+`",`) {
			t.Fatalf("%s: %s", v, r.Body)
		}
		item := env["data"].([]any)[0].(map[string]any)
		if item["ID"] != id || item["database"] != f.DB {
			t.Fatalf("%s item: %v", v, item)
		}
	}
	// nextid is an ID, and IDs are strings (conventions §5.3).
	var env map[string]any
	json.Unmarshal(f.do("GET", "/v4/database/Test/profiles", nil).Body, &env)
	if n, ok := env["nextid"].(string); !ok || n != strconv.Itoa(atoi(id)+1) {
		t.Fatalf("nextid = %#v", env["nextid"])
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

func TestB78_ContentTypeExact(t *testing.T) {
	f := newFixture(t)
	id := f.mk(`{}`)
	for _, r := range []resp{
		f.do("GET", "/v2/profile/"+id, nil), f.do("GET", "/v2/profile/"+id+"/fields", nil),
		f.do("GET", "/v2/profile/"+id+"/interests", nil), f.do("GET", "/v2/database/Test/profiles", nil),
		f.do("GET", "/v2/database/Test/profileids", nil), f.do("GET", "/v1/profile/"+id+"/events", nil),
		f.do("GET", "/v2/profile/99984", nil), f.do("PUT", "/v2/database/Test/profiles", `{}`),
		f.do("GET", "/v4/database/Test/profiles", nil),
	} {
		if ct := r.Header.Values("Content-Type"); len(ct) != 1 || ct[0] != "application/json" {
			t.Fatalf("Content-Type %q: %s", ct, r)
		}
	}
}

func TestB79_XCreatedDigits(t *testing.T) {
	f := newFixture(t)
	for _, v := range []string{"v1", "v2", "v3", "v4"} {
		r := f.do("POST", "/"+v+"/database/Test/profiles", `{}`)
		id := created(t, r)
		if !digitsRe.MatchString(id) || len(r.Header.Values("X-Created")) != 1 {
			t.Fatalf("X-Created %q", r.Header.Values("X-Created"))
		}
		// O2: X-Location with the called version, Location the same on a 201.
		loc := f.Base + "/" + v + "/profile/" + id
		if r.Header.Get("X-Location") != loc || r.Header.Get("Location") != loc {
			t.Fatalf("%s: X-Location %q Location %q, want %q", v, r.Header.Get("X-Location"), r.Header.Get("Location"), loc)
		}
		if p := f.get(id); p.ID != id {
			t.Fatalf("X-Created does not name the profile")
		}
	}
	// Unversioned (O25): no version in X-Location.
	r := f.do("POST", "/database/Test/profiles", `{}`)
	id := created(t, r)
	if r.Header.Get("X-Location") != f.Base+"/profile/"+id {
		t.Fatalf("unversioned X-Location %q", r.Header.Get("X-Location"))
	}
}

func TestB80_PostProfileIsPut(t *testing.T) {
	f := newFixture(t)
	id := f.mk(`{}`)
	r := f.do("POST", "/v2/profile/"+id, `{"fields":{"LastName":"posted"},"secret":"psec"}`)
	f.expect303(r, "profile/"+id, "")
	p := f.get(id)
	if p.Fields["LastName"] != "posted" || p.Secret != "psec" {
		t.Fatalf("POST alias not applied: %+v", p)
	}
	f.expect303(f.do("POST", "/v1/profile/"+id+"?x=1", `{"fields":{"ANumber":2}}`), "profile/"+id, "x=1")
	for _, v := range []string{"v3", "v4"} {
		expectEmpty(t, f.do("POST", "/"+v+"/profile/"+id, `{"fields":{"ANumber":`+v[1:]+`}}`), 204)
	}
	f.expectFields(id, `{"Email":"","LastName":"posted","Birthdate":"","ANumber":"4"}`)
	// Nothing was created.
	if ids := listIDs(t, f.do("GET", "/v2/database/Test/profiles", nil)); len(ids) != 1 {
		t.Fatalf("POST alias created: %v", ids)
	}
	// The POST alias on a removed profile behaves like PUT.
	expectEmpty200Deleted(t, f.do("DELETE", "/v2/profile/"+id, nil), "profile "+id)
	f.expect303(f.do("POST", "/v2/profile/"+id, `{"secret":"after"}`), "profile/"+id, "")
	if p := f.get(id); p.Secret != "after" {
		t.Fatalf("POST on removed: %+v", p)
	}
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
