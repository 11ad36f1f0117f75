package e2e

// behaviour.md sections G (lists and paging), H (the fields filter), I
// (ordering), J (shapes) and K (client compatibility) where they hold for
// both kinds: the profile list GET database/{db}/profiles, the subprofile list
// GET collection/{id}/subprofiles and, per O19, GET
// profile/{pid}/subprofiles/{coll}.

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// view is one list of the kind with the positions, in four(), of the
// entities it shows.
type view struct {
	path func(v string) string
	idx  []int
}

// views are the lists over four()'s entities: the kind's list and, for
// subprofiles, each parent's own list (the second by collection name).
func (f *efx) views() []view {
	all := view{f.list, []int{0, 1, 2, 3}}
	if !f.sub() {
		return []view{all}
	}
	p1, p2 := f.Parent, f.Parent2
	return []view{all,
		{func(v string) string { return f.own(v, p1) }, []int{0, 1}},
		{func(v string) string { return v + "/profile/" + p2 + "/subprofiles/test" }, []int{2, 3}}}
}

// filterCase is a set of fields[] conditions and the positions, in four(),
// of the entities it matches. {int} and {INT} stand for the kind's integer
// field, {date} for its date field.
type filterCase struct {
	conds []string
	want  []int
}

func (f *efx) expectFilters(ids []string, cases []filterCase) {
	f.t.Helper()
	r := strings.NewReplacer("{int}", f.Int, "{INT}", strings.ToUpper(f.Int), "{date}", f.Date)
	for _, c := range cases {
		conds := make([]string, len(c.conds))
		for i, cond := range c.conds {
			conds[i] = r.Replace(cond)
		}
		f.expectFilter(conds, at(ids, c.want...)...)
	}
}

func TestB58_ListEnvelope(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		empty := subEnvelope(0, 100, 0)
		expectJSON(t, f.do("GET", f.list("/v2"), nil), empty)
		ids := f.four()
		for _, w := range f.views() {
			var items []string
			for _, i := range w.idx {
				items = append(items, f.item(ids[i]))
			}
			want := subEnvelope(0, 100, len(items), items...)
			for _, v := range []string{"/v1", "/v2", "/v3", ""} {
				expectJSON(t, f.do("GET", w.path(v), nil), want)
			}
			// v4 adds nextid (O7), not to an empty page.
			expectJSON(t, f.do("GET", w.path("/v4"), nil), withNextID(want, ids[w.idx[len(w.idx)-1]]))
			expectJSON(t, f.do("GET", w.path("/v4")+"?start=9", nil), `{"start":9,"limit":100,"count":0,"data":[],"total":`+strconv.Itoa(len(items))+`}`)
		}
		if f.sub() {
			// A profile without subprofiles has an empty list.
			for _, v := range []string{"/v1", "/v2", "/v3", ""} {
				expectJSON(t, f.do("GET", f.own(v, f.p.mk(`{}`)), nil), empty)
			}
		}
		// v1 shapes equal v2 shapes (O17).
		expectJSON(t, f.do("GET", f.entity("/v1", ids[0]), nil), f.snapshot(ids[0]))
	})
}

func TestB59_TotalFalseOmitsTotal(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		f.four()
		for _, w := range f.views() {
			base := w.path("/v2")
			for _, v := range []string{"thisisfalse", "0", "false", ""} {
				r := f.do("GET", base+"?total="+v+"&limit=1&dataonly=1", nil)
				var m map[string]any
				json.Unmarshal(r.Body, &m)
				if _, ok := m["total"]; ok || len(m) != 4 || !strings.HasPrefix(string(r.Body), `{"start":0,"limit":1,"count":1,"data":[{`) || !strings.HasSuffix(string(r.Body), `}]}`) {
					t.Fatalf("%s total=%s: %s", base, v, r.Body)
				}
			}
			for _, v := range []string{"TRue", "trUE"} {
				r := f.do("GET", base+"?total="+v+"&limit=1&dataonly=1", nil)
				if !strings.HasSuffix(string(r.Body), `}],"total":`+strconv.Itoa(len(w.idx))+`}`) {
					t.Fatalf("%s total=%s: %s", base, v, r.Body)
				}
			}
			// total=false with an empty page: just the four keys.
			expectJSON(t, f.do("GET", base+"?total=0&start=10", nil), `{"start":10,"limit":100,"count":0,"data":[]}`)
		}
	})
}

func TestB60_OutOfRangePaging(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		f.four()
		for _, w := range f.views() {
			total := strconv.Itoa(len(w.idx))
			expectJSON(t, f.do("GET", w.path("/v2")+"?start=-2", nil), `{"start":-2,"limit":100,"count":0,"data":[],"total":`+total+`}`)
			expectJSON(t, f.do("GET", w.path("/v2")+"?limit=-2", nil), `{"start":0,"limit":-2,"count":0,"data":[],"total":`+total+`}`)
			expectJSON(t, f.do("GET", w.path("/v2")+"?limit=0", nil), `{"start":0,"limit":0,"count":0,"data":[],"total":`+total+`}`)
			expectJSON(t, f.do("GET", w.path("/v2")+"?start=4", nil), `{"start":4,"limit":100,"count":0,"data":[],"total":`+total+`}`)
			expectJSON(t, f.do("GET", w.path("/v2")+"?start=99999999999", nil), `{"start":99999999999,"limit":100,"count":0,"data":[],"total":`+total+`}`)
			expectJSON(t, f.do("GET", w.path("/v4")+"?start=-2&limit=-3", nil), `{"start":-2,"limit":-3,"count":0,"data":[],"total":`+total+`}`)
			// O7: the cap is echoed: 1000 in v2–v4, 100 in v1.
			for _, c := range []struct{ v, limit, echo string }{{"/v1", "500", "100"}, {"/v1", "100", "100"}, {"/v2", "5000", "1000"},
				{"/v3", "1001", "1000"}, {"/v4", "1000", "1000"}, {"/v2", "99999999999999999999", "1000"}} {
				r := f.do("GET", w.path(c.v)+"?dataonly=1&limit="+c.limit, nil)
				if !strings.HasPrefix(string(r.Body), `{"start":0,"limit":`+c.echo+`,"count":`+total+`,`) {
					t.Fatalf("%s limit=%s: %s", w.path(c.v), c.limit, r.Body)
				}
			}
		}
	})
}

func TestB61_LimitOne(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		ids := f.four()
		for _, qs := range []string{"limit=1", "limit[]=x", "limit[a]=b", "limit%5B%5D=x"} {
			for start := 0; start < 4; start++ {
				r := f.do("GET", f.list("/v2")+"?"+qs+"&start="+strconv.Itoa(start), nil)
				expectIDs(t, r, ids[start])
				if !strings.HasPrefix(string(r.Body), `{"start":`+strconv.Itoa(start)+`,"limit":1,"count":1,"data":[`) {
					t.Fatalf("%s: %s", qs, r.Body)
				}
			}
		}
	})
}

func TestB62_CountAndOffset(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		var ids []string
		for i := 0; i < 7; i++ {
			ids = append(ids, f.create(`{"`+f.Int+`":`+strconv.Itoa(i)+`}`))
		}
		for _, base := range f.lists("/v2") {
			r := f.do("GET", base+"?start=3&limit=3", nil)
			expectIDs(t, r, ids[3:6]...)
			if !strings.HasPrefix(string(r.Body), `{"start":3,"limit":3,"count":3,"data":[`) || !strings.HasSuffix(string(r.Body), `],"total":7}`) {
				t.Fatalf("envelope: %s", r.Body)
			}
			r = f.do("GET", base+"?start=5&limit=3", nil)
			expectIDs(t, r, ids[5:]...)
			if !strings.HasPrefix(string(r.Body), `{"start":5,"limit":3,"count":2,"data":[`) {
				t.Fatalf("envelope: %s", r.Body)
			}
			// start is an offset into the ordered, filtered result.
			for _, cond := range []string{"ID>" + ids[1], f.Int + ">1"} {
				r = f.do("GET", base+"?start=1&limit=2&order=desc&"+pq("fields[]", cond), nil)
				expectIDs(t, r, ids[5], ids[4])
				if !strings.HasSuffix(string(r.Body), `],"total":5}`) {
					t.Fatalf("envelope: %s", r.Body)
				}
			}
			// Walking pages visits every entity once.
			var seen []string
			for start := 0; start < 7; start += 2 {
				seen = append(seen, listIDs(t, f.do("GET", base+"?limit=2&start="+strconv.Itoa(start), nil))...)
			}
			if strings.Join(seen, ",") != strings.Join(ids, ",") {
				t.Fatalf("paging visited %v", seen)
			}
		}
	})
}

func TestB63_DataOnly(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		var id, item string
		if f.sub() {
			id = f.create(`{"Score":2,"ActionTime":"2020-04-27 14:15:34"}`)
			item = `{"ID":"` + id + `","fields":{"Score":"2","ActionTime":"2020-04-27 14:15:34"},"profile":"` + f.Parent + `","collection":"` + f.s.C + `","modified":"` + f.get(id).Modified + `"}`
		} else {
			f.p.addInterest("Golf", "")
			id = f.p.mk(`{"fields":{"LastName":"D"},"interests":["golf"]}`)
			item = `{"ID":"` + id + `","fields":{"Email":"","LastName":"D","Birthdate":"","ANumber":"-1"},"interests":["Golf"],"modified":"` + f.get(id).Modified + `"}`
		}
		for _, base := range f.lists("") {
			for _, v := range []string{"/v1", "/v2", "/v3", ""} {
				expectJSON(t, f.do("GET", v+base+"?dataonly=true", nil), subEnvelope(0, 100, 1, item))
			}
			for _, d := range []string{"true", "1"} {
				expectJSON(t, f.do("GET", "/v4"+base+"?dataonly="+d, nil), withNextID(subEnvelope(0, 100, 1, item), id))
			}
		}
		// dataonly applies to lists only; the single GET is unchanged.
		expectJSON(t, f.do("GET", f.entity("/v2", id)+"?dataonly=true", nil), f.item(id))
	})
}

func TestB64_TotalCountsFilter(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		kind  string
		conds []string // match the first two of four()
	}{
		{"profile", []string{"LASTNAME==mUIT", "ANumber>=-1"}},
		{"subprofile", []string{"SCORE>=-1", "ActionTime!="}},
	} {
		t.Run(c.kind, func(t *testing.T) {
			f := newEntityFixture(t, c.kind)
			ids := f.four()
			filter := pq("fields[]", c.conds[0], "fields[]", c.conds[1])
			r := f.do("GET", f.list("/v2")+"?"+filter, nil)
			expectIDs(t, r, ids[0], ids[1])
			if !strings.HasSuffix(string(r.Body), `],"total":2}`) || !strings.HasPrefix(string(r.Body), `{"start":0,"limit":100,"count":2,`) {
				t.Fatalf("envelope: %s", r.Body)
			}
			r = f.do("GET", f.list("/v2")+"?limit=1&"+filter, nil)
			expectIDs(t, r, ids[0])
			if !strings.HasSuffix(string(r.Body), `],"total":2}`) || !strings.HasPrefix(string(r.Body), `{"start":0,"limit":1,"count":1,`) {
				t.Fatalf("envelope: %s", r.Body)
			}
			// The integers of four() are -1, 6, 0, -5: each view counts its own.
			for _, w := range f.views() {
				n := 0
				for _, i := range w.idx {
					if i == 1 || i == 2 {
						n++
					}
				}
				expectJSON(t, f.do("GET", w.path("/v2")+"?limit=0&"+pq("fields[]", f.Int+">=0"), nil), `{"start":0,"limit":0,"count":0,"data":[],"total":`+strconv.Itoa(n)+`}`)
			}
		})
	}
}

func TestB65_FilterWhitespace(t *testing.T) {
	t.Parallel()
	shared := []filterCase{
		{[]string{" {INT}==6 "}, []int{1}},
		{[]string{"{int}== 6"}, []int{1}},
		{[]string{"{int}==6 "}, []int{1}},
		{[]string{"{int} ==6"}, []int{0, 1, 2, 3}},
		{[]string{"{int}>= -1"}, []int{0, 1, 2}},
	}
	for _, c := range []struct {
		kind  string
		cases []filterCase
	}{
		{"profile", []filterCase{
			{[]string{" LASTNAME==mUIT "}, []int{0, 1}},
			{[]string{"\tLastName==Muit\n"}, []int{0, 1}},
			{[]string{"LastName ==Muit"}, []int{0, 1, 2, 3}},
			{[]string{"LastName== Muit"}, nil},
			// An empty date compares as the zero date (conventions §8.3).
			{[]string{"Birthdate<= 2000-01-03 14:15:34"}, []int{0, 2, 3}},
			{[]string{"Birthdate== 1990-05-06"}, []int{0}},
		}},
		{"subprofile", []filterCase{
			{[]string{"ActionTime<= 2020-04-27 14:15:34"}, []int{0, 2, 3}},
			{[]string{"ActionTime== 2020-04-27t14:15:34 "}, []int{0}},
		}},
	} {
		t.Run(c.kind, func(t *testing.T) {
			f := newEntityFixture(t, c.kind)
			ids := f.four()
			f.expectFilters(ids, shared)
			f.expectFilters(ids, c.cases)
		})
	}
}

func TestB66_UnknownFieldConditionIgnored(t *testing.T) {
	t.Parallel()
	shared := []filterCase{
		{[]string{"bogus==1"}, []int{0, 1, 2, 3}},
		{[]string{"{int}>=0", "wonky>5", "{int}<=5"}, []int{2}},
	}
	for _, c := range []struct {
		kind  string
		cases []filterCase
	}{
		{"profile", []filterCase{
			{[]string{"bogus==1", "LastName==Muit"}, []int{0, 1}},
			{[]string{"LastName==Muit", "wonky>5", "ANumber==6"}, []int{1}},
		}},
		{"subprofile", []filterCase{
			// Profile fields are unknown in a subprofile filter.
			{[]string{"LastName==x", "Score==6"}, []int{1}},
		}},
	} {
		t.Run(c.kind, func(t *testing.T) {
			f := newEntityFixture(t, c.kind)
			ids := f.four()
			f.expectFilters(ids, shared)
			f.expectFilters(ids, c.cases)
		})
	}
}

func TestB68_ConditionsAnded(t *testing.T) {
	t.Parallel()
	shared := []filterCase{
		{[]string{"{int}>=-1", "{int}<=5"}, []int{0, 2}},
		{[]string{"{int}>5", "{int}<5"}, nil},
	}
	for _, c := range []struct {
		kind  string
		cases []filterCase
	}{
		{"profile", []filterCase{{[]string{"ANumber>=-5", "Birthdate>2000-01-01"}, []int{1, 3}}}},
		{"subprofile", []filterCase{{[]string{"Score>=-5", "ActionTime>2020-01-01"}, []int{0, 1}}}},
	} {
		t.Run(c.kind, func(t *testing.T) {
			f := newEntityFixture(t, c.kind)
			ids := f.four()
			f.expectFilters(ids, shared)
			f.expectFilters(ids, c.cases)
			// Several conditions on one field and on ID, over eleven more entities
			// whose integer runs from -2 to 8: more[k] holds k-2.
			var more []string
			for i := -2; i <= 8; i++ {
				more = append(more, f.create(`{"`+f.Int+`":`+strconv.Itoa(i)+`}`))
			}
			f.expectFilter([]string{f.Int + ">=0", f.Int + "<=5"}, append([]string{ids[2]}, more[2:8]...)...)
			f.expectFilter([]string{f.Int + ">0", f.Int + "<5", f.Int + "!=3"}, more[3], more[4], more[6])
			f.expectFilter([]string{f.Int + ">5", f.Int + "<5"})
			f.expectFilter([]string{f.Int + ">=0", f.Int + "<=5", "ID>" + more[4]}, more[5:8]...)
		})
	}
}

func TestB69_EmptyValues(t *testing.T) {
	t.Parallel()
	shared := []filterCase{
		{[]string{"{int}=="}, []int{2}},
		{[]string{"{date}=="}, []int{2}},
		{[]string{"{date}!="}, []int{0, 1, 3}},
	}
	for _, c := range []struct {
		kind  string
		cases []filterCase
	}{
		{"profile", []filterCase{
			{[]string{"LASTNAME=="}, []int{2}},
			{[]string{"LASTNAME==", "ANumber=="}, []int{2}},
			{[]string{"LastName!="}, []int{0, 1, 3}},
			{[]string{"Email=="}, []int{1, 2, 3}},
		}},
		{"subprofile", []filterCase{{[]string{"Score==", "ActionTime=="}, []int{2}}}},
	} {
		t.Run(c.kind, func(t *testing.T) {
			f := newEntityFixture(t, c.kind)
			ids := f.four()
			f.expectFilters(ids, shared)
			f.expectFilters(ids, c.cases)
		})
	}
}

func TestB70_NumericAndDateValuesNormalised(t *testing.T) {
	t.Parallel()
	shared := []filterCase{
		{[]string{"{int}==abc"}, []int{2}},
		{[]string{"{int}==6.9"}, []int{1}},
		{[]string{"{int}>=-1.9"}, []int{0, 1, 2}},
		{[]string{"{int}<6abc"}, []int{0, 2, 3}},
		// Numbers compare as numbers, not text.
		{[]string{"{int}>10"}, nil},
		{[]string{"{int}<-2"}, []int{3}},
	}
	for _, c := range []struct {
		kind  string
		cases []filterCase
	}{
		{"profile", []filterCase{
			{[]string{"Birthdate>=2000-01-02"}, []int{1, 3}},
			{[]string{"Birthdate>=2000-01-03 23:00"}, []int{1, 3}},
			{[]string{"Birthdate<2000-1-3"}, []int{0, 2}},
			{[]string{"Birthdate>1990-05-06", "Birthdate<2010-01-01"}, []int{3}},
		}},
		{"subprofile", []filterCase{
			{[]string{"ActionTime>=2020-04-28"}, []int{1}},
			{[]string{"ActionTime>=2020-1-1"}, []int{0, 1}},
			{[]string{"ActionTime<2020-04-27 14:15:35", "ActionTime>2019-06-01 12:00:00"}, []int{0}},
		}},
	} {
		t.Run(c.kind, func(t *testing.T) {
			f := newEntityFixture(t, c.kind)
			ids := f.four()
			f.expectFilters(ids, shared)
			f.expectFilters(ids, c.cases)
		})
	}
}

func TestB71_SpecialNames(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		ids := f.four()
		// id is the entity's own ID.
		f.expectFilter([]string{"ID>" + ids[1]}, ids[2], ids[3])
		f.expectFilter([]string{"id==" + ids[0]}, ids[0])
		f.expectFilter([]string{"Id<=" + ids[1] + "abc"}, ids[0], ids[1])
		f.expectFilter([]string{"iD!=" + ids[0]}, ids[1:]...)
		// code = the secret, text, case-insensitive.
		f.put(ids[2], `{"secret":"MySecret"}`)
		f.expectFilter([]string{"code==mysecret"}, ids[2])
		f.expectFilter([]string{"CODE=~my%"}, ids[2])
		f.expectFilter([]string{"Code==" + strings.ToUpper(f.get(ids[3]).Secret)}, ids[3])
		// modified = the timestamp, a datetime.
		nextSecond()
		f.put(ids[1], `{"fields":{"`+f.Int+`":7}}`)
		m := f.get(ids[1]).Modified
		f.expectFilter([]string{"modified>=" + m}, ids[1])
		f.expectFilter([]string{"MODIFIED<" + m}, ids[0], ids[2], ids[3])
		f.expectFilter([]string{"Modified>=" + m[:10]}, ids...)
		f.expectFilter([]string{"modified>2999-01-01"})
		// A real field of that name wins (fields named id or code are refused
		// by structure.md §1), in an owner of its own.
		spec, create := f.specOwner()
		a, b := create("foo"), create("bar")
		for _, c := range []struct {
			cond string
			want []string
		}{
			{"modified==foo", []string{a}}, {"MODIFIED==BAR", []string{b}}, {"MODIFIED==FOO", []string{a}},
			{"modified>=c", []string{a}}, {"modified=~%o%", []string{a}}, {"ID==" + b, []string{b}},
		} {
			if got := listIDs(t, f.do("GET", spec+"?"+pq("fields[]", c.cond), nil)); strings.Join(got, ",") != strings.Join(c.want, ",") {
				t.Fatalf("%s: want %v, got %v", c.cond, c.want, got)
			}
		}
	})
}

// specOwner adds an owner (database or collection) "Spec" whose only field is
// a text field named modified, and returns its v2 list and a function that
// creates an entity with a value for it.
func (f *efx) specOwner() (list string, create func(value string) string) {
	f.t.Helper()
	if f.sub() {
		c := f.s.addCollection("Spec", `{"name":"modified","type":"text"}`)
		pid := f.p.mk(`{}`)
		return "/v2/collection/" + c + "/subprofiles", func(value string) string { return f.s.subIn(c, pid, `{"modified":"`+value+`"}`) }
	}
	db := f.p.addDatabase("Spec", `{"name":"modified","type":"text"}`)
	return "/v2/database/" + db + "/profiles", func(value string) string { return f.p.mkIn(db, `{"fields":{"modified":"`+value+`"}}`) }
}

func TestB67_CaseInsensitiveNamesAndText(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		kind  string
		cases []filterCase
		text  func(t *testing.T, f *efx) // text comparisons, on a text field of the kind
	}{
		{"profile", []filterCase{
			{[]string{"LASTNAME==mUIT"}, []int{0, 1}},
			{[]string{"lastname==MUIT"}, []int{0, 1}},
			{[]string{"EMAIL==RM@WYZ.BIZ"}, []int{0}},
			{[]string{"lastname!=muit"}, []int{2, 3}},
			{[]string{"LastName=~mu%"}, []int{0, 1}},
			{[]string{"LastName>n"}, []int{3}},
			{[]string{"aNuMbEr==6"}, []int{1}},
			{[]string{"BIRTHDATE=~2010%"}, []int{1}},
		}, func(t *testing.T, f *efx) {
			// No accent folding (O11; the Unicode case folding O11 proposes is
			// not implemented for SQLite, see the report).
			e := f.create(`{"LastName":"École"}`)
			f.expectFilter([]string{"LastName==École"}, e)
			f.expectFilter([]string{"LastName==Ecole"})
		}},
		{"subprofile", []filterCase{
			{[]string{"sCoRe==6"}, []int{1}},
			{[]string{"ACTIONTIME=~2020%"}, []int{0}},
		}, func(t *testing.T, f *efx) {
			c := f.s.addCollection("Texts", `{"name":"Note","type":"text"}`)
			pid := f.p.mk(`{}`)
			a := f.s.subIn(c, pid, `{"Note":"Muit"}`)
			f.s.subIn(c, pid, `{"Note":"Other"}`)
			for _, cond := range []string{"NOTE==mUIT", "note==MUIT", "Note=~mu%", "NOTE!=other"} {
				expectIDs(t, f.do("GET", "/v2/collection/"+c+"/subprofiles?"+pq("fields[]", cond), nil), a)
				expectIDs(t, f.do("GET", "/v2/profile/"+pid+"/subprofiles/texts?"+pq("fields[]", cond), nil), a)
			}
		}},
	} {
		t.Run(c.kind, func(t *testing.T) {
			f := newEntityFixture(t, c.kind)
			ids := f.four()
			f.expectFilters(ids, c.cases)
			c.text(t, f)
		})
	}
}

func TestB73_DefaultOrderByID(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		ids := f.four()
		f.put(ids[0], `{"fields":{"`+f.Int+`":100}}`)
		for _, w := range f.views() {
			want := at(ids, w.idx...)
			expectIDs(t, f.do("GET", w.path("/v2"), nil), want...)
			expectIDs(t, f.do("GET", w.path("/v2")+"?orderby=id", nil), want...)
			expectIDs(t, f.do("GET", w.path("/v2")+"?orderby=ID&order=asc", nil), want...)
		}
	})
}

func TestB74_OrderDirection(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		ids := f.four()
		for _, w := range f.views() {
			want := at(ids, w.idx...)
			rev := make([]string, len(want))
			for i, id := range want {
				rev[len(want)-1-i] = id
			}
			for _, o := range []string{"desc", "DESC", "descending", "descendING", "Desc"} {
				expectIDs(t, f.do("GET", w.path("/v2")+"?order="+o, nil), rev...)
			}
			for _, o := range []string{"descendin", "asc", "ascending", "", "%20desc", "desc%20", "bogus"} {
				expectIDs(t, f.do("GET", w.path("/v2")+"?order="+o, nil), want...)
			}
			expectIDs(t, f.do("GET", w.path("/v2")+"?order[]=desc", nil), want...)
			// ORDER is not order.
			expectIDs(t, f.do("GET", w.path("/v2")+"?ORDER=desc", nil), want...)
			// nextid only for ascending ID order (O7).
			if r := f.do("GET", w.path("/v4")+"?order=desc&dataonly=1", nil); strings.Contains(string(r.Body), "nextid") {
				t.Fatalf("nextid in descending list: %s", r.Body)
			}
		}
	})
}

func TestB75_OrderBy(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		kind            string
		x               string // a fifth entity: integer 6 like the second, and for profiles LastName "muit"
		byDate, dateRev []int  // four() ordered by the date field, ascending and descending
		text            func(t *testing.T, f *efx, ids []string, x string)
	}{
		{"profile", `{"LastName":"muit","ANumber":6}`, []int{2, 0, 3, 1}, []int{1, 3, 0, 2}, func(t *testing.T, f *efx, ids []string, x string) {
			// Text: case-insensitive (O11); ties by ID ascending, also descending (O30).
			expectIDs(t, f.do("GET", f.list("/v2")+"?orderby=lastname", nil), ids[2], ids[0], ids[1], x, ids[3])
			expectIDs(t, f.do("GET", f.list("/v2")+"?orderby=lastname&order=desc", nil), ids[3], ids[0], ids[1], x, ids[2])
		}},
		{"subprofile", `{"Score":6}`, []int{2, 3, 0, 1}, []int{1, 0, 3, 2}, func(t *testing.T, f *efx, ids []string, x string) {
			// A profile field is an unknown name here: ID order.
			expectIDs(t, f.do("GET", f.list("/v2")+"?orderby=LastName", nil), ids[0], ids[1], ids[2], ids[3], x)
		}},
	} {
		t.Run(c.kind, func(t *testing.T) {
			f := newEntityFixture(t, c.kind)
			ids := f.four()
			list := f.list("/v2") + "?"
			for _, ob := range []string{strings.ToLower(f.Date), f.Date, strings.ToUpper(f.Date), f.p.F[f.Date]} {
				expectIDs(t, f.do("GET", list+"orderby="+ob, nil), at(ids, c.byDate...)...)
			}
			expectIDs(t, f.do("GET", list+"orderby="+strings.ToLower(f.Date)+"&order=desc", nil), at(ids, c.dateRev...)...)
			expectIDs(t, f.do("GET", list+"orderby="+f.p.F[f.Date]+"&order=DESC", nil), at(ids, c.dateRev...)...)
			// The integers -1, 6, 0, -5 order numerically, in every view.
			for _, ob := range []string{strings.ToLower(f.Int), strings.ToUpper(f.Int), f.p.F[f.Int]} {
				expectIDs(t, f.do("GET", list+"orderby="+ob, nil), ids[3], ids[0], ids[2], ids[1])
			}
			expectIDs(t, f.do("GET", list+"orderby="+f.Int+"&order=desc", nil), ids[1], ids[2], ids[0], ids[3])
			for _, w := range f.views()[1:] {
				desc := at(ids, w.idx...)
				if w.idx[0] == 0 { // Parent's -1 and 6
					desc[0], desc[1] = desc[1], desc[0]
				} // Parent2's 0 and -5 are in descending order already
				expectIDs(t, f.do("GET", w.path("/v2")+"?orderby="+f.Int+"&order=desc", nil), desc...)
			}
			// Ties by ID ascending, also descending (O30).
			x := f.create(c.x)
			expectIDs(t, f.do("GET", list+"orderby="+f.Int+"&order=desc", nil), ids[1], x, ids[2], ids[0], ids[3])
			c.text(t, f, ids, x)
			// Unknown name: ID order.
			all := append(append([]string{}, ids...), x)
			expectIDs(t, f.do("GET", list+"orderby=bogus", nil), all...)
			expectIDs(t, f.do("GET", list+"orderby=bogus&order=desc", nil), x, ids[3], ids[2], ids[1], ids[0])
			expectIDs(t, f.do("GET", list+"orderby=99999", nil), all...)
			for _, name := range []string{"lastname", f.Int} {
				expectIDs(t, f.do("GET", list+"orderby[]="+name, nil), all...)
			}
			// modified: the timestamp; ties by ID.
			nextSecond()
			f.put(ids[0], `{"fields":{"`+f.Int+`":1}}`)
			expectIDs(t, f.do("GET", list+"orderby=MODIFIED", nil), ids[1], ids[2], ids[3], x, ids[0])
			// random: a permutation, still paged.
			r := f.do("GET", list+"orderby=random", nil)
			if got := listIDs(t, r); len(got) != 5 || !strings.HasSuffix(string(r.Body), `"total":5}`) {
				t.Fatalf("random: %s", r.Body)
			}
			if n := len(listIDs(t, f.do("GET", list+"orderby=random&limit=2&start=4", nil))); n != 1 {
				t.Fatalf("random page: %d items", n)
			}
			// orderby=modified beats a field named modified.
			spec, create := f.specOwner()
			a, b := create("b"), create("a")
			expectIDs(t, f.do("GET", spec+"?orderby=modified", nil), a, b)
			expectIDs(t, f.do("GET", spec+"?orderby=modified&order=desc", nil), a, b) // same second: tie by ID
			nextSecond()
			f.put(a, `{"fields":{"modified":"c"}}`)
			expectIDs(t, f.do("GET", spec+"?orderby=modified", nil), b, a)
			expectIDs(t, f.do("GET", spec+"?orderby=modified&order=desc", nil), a, b)
			// v4 nextid not in field order.
			for _, name := range []string{f.Int, f.pick("lastname", f.Date)} {
				if r := f.do("GET", f.list("/v4")+"?orderby="+name+"&dataonly=1", nil); strings.Contains(string(r.Body), "nextid") {
					t.Fatalf("nextid with orderby=%s: %s", name, r.Body)
				}
			}
		})
	}
}

func TestB76_IDsStringsMetaIntegers(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		id := f.create(`{}`)
		// The references of an entity object, all strings.
		refs := map[string]any{"ID": id, "database": f.p.DB}
		if f.sub() {
			refs = map[string]any{"ID": id, "profile": f.Parent, "collection": f.s.C}
		}
		for _, v := range spVersions {
			var m map[string]any
			json.Unmarshal(f.do("GET", f.entity(v, id), nil).Body, &m)
			for k, want := range refs {
				if m[k] != want {
					t.Fatalf("%s: %s = %#v, want %q", v, k, m[k], want)
				}
			}
			for _, p := range append(f.lists(v), f.list(v)+"?dataonly=1") {
				r := f.do("GET", p, nil)
				var env map[string]any
				json.Unmarshal(r.Body, &env)
				for _, k := range []string{"start", "limit", "count", "total"} {
					if _, ok := env[k].(float64); !ok {
						t.Fatalf("%s: %s is %T", p, k, env[k])
					}
				}
				if !strings.HasPrefix(string(r.Body), `{"start":0,"limit":100,"count":1,"data":[{"ID":"`+id+`",`) {
					t.Fatalf("%s: %s", p, r.Body)
				}
				item := env["data"].([]any)[0].(map[string]any)
				for k, want := range refs {
					if k == "database" && strings.Contains(p, "dataonly") {
						continue // a dataonly profile item has no database (B63)
					}
					if item[k] != want {
						t.Fatalf("%s item: %s = %#v, want %q", p, k, item[k], want)
					}
				}
				// nextid (v4) is an ID, and IDs are strings (conventions §5.3).
				n, ok := env["nextid"]
				if (v == "/v4") != ok || ok && n != strconv.Itoa(atoi(id)+1) {
					t.Fatalf("%s: nextid %#v", p, n)
				}
			}
		}
		expectJSON(t, f.do("GET", f.idsPath("/v2"), nil), `["`+id+`"]`)
	})
}

func TestB78_ContentTypeExact(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		id := f.create(`{}`)
		paths := [][2]string{
			{"GET", f.entity("/v2", id)}, {"GET", f.entity("/v2", id) + "/fields"}, {"GET", f.list("/v2")}, {"GET", f.idsPath("/v2")},
			{"GET", f.entity("/v1", id) + "/events"}, {"GET", f.entity("/v2", "99984")}, {"PUT", f.bulk("/v2")}, {"GET", f.list("/v4")},
		}
		if f.sub() {
			paths = append(paths, [2]string{"GET", f.own("/v2", f.Parent)}, [2]string{"POST", "/v2/profile/" + f.Parent + "/subprofiles/bogus"})
		} else {
			paths = append(paths, [2]string{"GET", f.entity("/v2", id) + "/interests"})
		}
		for _, p := range paths {
			var body any
			if p[0] != "GET" {
				body = `{}`
			}
			r := f.do(p[0], p[1], body)
			if ct := r.Header.Values("Content-Type"); len(ct) != 1 || ct[0] != "application/json" {
				t.Fatalf("%s %s: Content-Type %q: %s", p[0], p[1], ct, r)
			}
		}
	})
}

// expectCreated asserts a creation answer (201, X-Created digits, X-Location
// and Location = base + version prefix + /{kind}/{id}) and returns the ID.
func (f *efx) expectCreated(r resp, prefix string) string {
	f.t.Helper()
	id := created(f.t, r)
	if !digitsRe.MatchString(id) || len(r.Header.Values("X-Created")) != 1 {
		f.t.Fatalf("X-Created %q", r.Header.Values("X-Created"))
	}
	// O2: X-Location with the called version, Location the same on a 201.
	loc := f.Base + f.entity(prefix, id)
	if r.Header.Get("X-Location") != loc || r.Header.Get("Location") != loc {
		f.t.Fatalf("%s: X-Location %q Location %q, want %q", prefix, r.Header.Get("X-Location"), r.Header.Get("Location"), loc)
	}
	return id
}

func TestB79_XCreatedDigits(t *testing.T) {
	eachKind(t, func(t *testing.T, f *efx) {
		// Unversioned (O25): no version in X-Location.
		for _, v := range append(spVersions, "") {
			id := f.expectCreated(f.do("POST", f.createPath(v), `{}`), v)
			if d := f.get(id); d.ID != id {
				t.Fatalf("X-Created does not name the %s", f.Kind)
			}
		}
		// A PUT that creates sends X-Created too (B48, O4), in v3/v4 with the
		// CREATE headers.
		for _, v := range []string{"/v3", "/v4"} {
			f.expectCreated(f.do("PUT", f.bulk(v)+"?"+pq("fields[]", f.Int+"==9", "create", "1"), f.wrap(`{}`)), v)
		}
	})
}

func TestB80_PostIsPut(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		kind                string
		firstKey, firstJSON string // the first POST's field and its JSON value
		firstVal            string // as it reads back
		want, wantFields    string // the fields after the POSTs to the entity, and to its fields
	}{
		{"profile", "LastName", `"posted"`, "posted", `{"Email":"","LastName":"posted","Birthdate":"","ANumber":"4"}`,
			`{"Email":"","LastName":"posted","Birthdate":"2020-04-27","ANumber":"9"}`},
		{"subprofile", "Score", `5`, "5", `{"Score":"4","ActionTime":""}`, `{"Score":"9","ActionTime":"2020-04-27 14:15:34"}`},
	} {
		t.Run(c.kind, func(t *testing.T) {
			f := newEntityFixture(t, c.kind)
			id := f.create(`{}`)
			f.expect303(f.do("POST", f.entity("/v2", id), `{"fields":{"`+c.firstKey+`":`+c.firstJSON+`},"secret":"psec"}`), id, "")
			if d := f.get(id); d.Secret != "psec" || d.Fields[c.firstKey] != c.firstVal {
				t.Fatalf("POST alias not applied: %+v", d)
			}
			f.expect303(f.do("POST", f.entity("/v1", id)+"?x=1", `{"fields":{"`+f.Int+`":2}}`), id, "x=1")
			f.expect303(f.do("POST", f.entity("", id)+"/", `{"fields":{"`+f.Int+`":7}}`), id, "")
			for _, v := range []string{"/v3", "/v4"} {
				spExpectEmpty(t, f.do("POST", f.entity(v, id), `{"fields":{"`+f.Int+`":`+v[2:]+`}}`), 204)
			}
			f.expectFields(id, c.want)
			// O24: POST {kind}/{id}/fields is its PUT too (tail ignored).
			f.expect303(f.do("POST", f.entity("/v2", id)+"/fields", `{"`+f.Int+`":8}`), id, "")
			f.expect303(f.do("POST", f.entity("/v1", id)+"/fields/x", `{"`+f.Date+`":"2020-04-27 14:15:34"}`), id, "")
			spExpectEmpty(t, f.do("POST", f.entity("/v4", id)+"/fields", `{"`+f.Int+`":9}`), 204)
			f.expectFields(id, c.wantFields)
			// Nothing was created.
			expectIDs(t, f.do("GET", f.list("/v2"), nil), id)
			// The POST alias on a removed entity behaves like PUT.
			f.del(id)
			f.expect303(f.do("POST", f.entity("/v2", id), `{"secret":"after"}`), id, "")
			if d := f.get(id); d.Secret != "after" {
				t.Fatalf("POST on removed: %+v", d)
			}
		})
	}
}
