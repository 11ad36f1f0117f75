package e2e

// behaviour.md sections G (lists and paging), H (the fields filter), I
// (ordering), J (shapes) and K (client compatibility) for the subprofile
// lists: GET collection/{id}/subprofiles and, per O19, GET
// profile/{pid}/subprofiles/{coll}.

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// four creates the subprofiles the list tests share: of profile p1
// s0 (Score -1, 2020-04-27 14:15:34) and s1 (6, 2021-01-01 00:00:00), of
// profile p2 s2 (0, "") and s3 (-5, 2019-06-01 12:00:00).
func (f *spx) four() (p1, p2 string, s []string) {
	f.t.Helper()
	p1, p2 = f.mk(`{}`), f.mk(`{}`)
	s = []string{
		f.sub(p1, `{"ActionTime":"2020-04-27 14:15:34"}`),
		f.sub(p1, `{"Score":6,"ActionTime":"2021-01-01 00:00:00"}`),
		f.sub(p2, `{"Score":0}`),
		f.sub(p2, `{"Score":-5,"ActionTime":"2019-06-01 12:00:00"}`),
	}
	return p1, p2, s
}

func TestB58_ListEnvelope_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	empty := subEnvelope(0, 100, 0)
	expectJSON(t, f.do("GET", "/v2/collection/"+f.C+"/subprofiles", nil), empty)
	p1, p2, s := f.four()
	var items []string
	for _, id := range s {
		items = append(items, f.subItem(id))
	}
	want := subEnvelope(0, 100, 4, items...)
	own1 := subEnvelope(0, 100, 2, items[0], items[1])
	own2 := subEnvelope(0, 100, 2, items[2], items[3])
	for _, v := range []string{"/v1", "/v2", "/v3", ""} {
		expectJSON(t, f.do("GET", v+"/collection/"+f.C+"/subprofiles", nil), want)
		expectJSON(t, f.do("GET", v+"/profile/"+p1+"/subprofiles/"+f.C, nil), own1)
		expectJSON(t, f.do("GET", v+"/profile/"+p2+"/subprofiles/test", nil), own2)
		expectJSON(t, f.do("GET", v+"/profile/"+f.mk(`{}`)+"/subprofiles/"+f.C, nil), empty)
	}
	// v4 adds nextid (O7) to both lists, not to empty ones.
	expectJSON(t, f.do("GET", "/v4/collection/"+f.C+"/subprofiles", nil), withNextID(want, s[3]))
	expectJSON(t, f.do("GET", "/v4/profile/"+p1+"/subprofiles/"+f.C, nil), withNextID(own1, s[1]))
	expectJSON(t, f.do("GET", "/v4/profile/"+p1+"/subprofiles/"+f.C+"?start=9", nil), `{"start":9,"limit":100,"count":0,"data":[],"total":2}`)
	// v1 shapes equal v2 shapes (O17).
	expectJSON(t, f.do("GET", "/v1/subprofile/"+s[0], nil), string(f.do("GET", "/v2/subprofile/"+s[0], nil).Body))
}

func TestB59_TotalFalseOmitsTotal_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	p1, _, _ := f.four()
	for _, base := range []string{"/v2/collection/" + f.C + "/subprofiles", "/v2/profile/" + p1 + "/subprofiles/" + f.C} {
		for _, v := range []string{"thisisfalse", "0", "false", ""} {
			r := f.do("GET", base+"?total="+v+"&limit=1&dataonly=1", nil)
			var m map[string]any
			json.Unmarshal(r.Body, &m)
			if _, ok := m["total"]; ok || len(m) != 4 || !strings.HasPrefix(string(r.Body), `{"start":0,"limit":1,"count":1,"data":[{`) || !strings.HasSuffix(string(r.Body), `}]}`) {
				t.Fatalf("total=%s: %s", v, r.Body)
			}
		}
		for _, v := range []string{"TRue", "trUE"} {
			r := f.do("GET", base+"?total="+v+"&limit=1&dataonly=1", nil)
			if !strings.HasSuffix(string(r.Body), `}],"total":`+map[bool]string{true: "4", false: "2"}[strings.Contains(base, "collection")]+`}`) {
				t.Fatalf("total=%s: %s", v, r.Body)
			}
		}
		expectJSON(t, f.do("GET", base+"?total=0&start=10", nil), `{"start":10,"limit":100,"count":0,"data":[]}`)
	}
}

func TestB60_OutOfRangePaging_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	p1, _, _ := f.four()
	c := "/collection/" + f.C + "/subprofiles"
	expectJSON(t, f.do("GET", "/v2"+c+"?start=-2", nil), `{"start":-2,"limit":100,"count":0,"data":[],"total":4}`)
	expectJSON(t, f.do("GET", "/v2"+c+"?limit=-2", nil), `{"start":0,"limit":-2,"count":0,"data":[],"total":4}`)
	expectJSON(t, f.do("GET", "/v2"+c+"?limit=0", nil), `{"start":0,"limit":0,"count":0,"data":[],"total":4}`)
	expectJSON(t, f.do("GET", "/v2"+c+"?start=4", nil), `{"start":4,"limit":100,"count":0,"data":[],"total":4}`)
	expectJSON(t, f.do("GET", "/v4"+c+"?start=-2&limit=-3", nil), `{"start":-2,"limit":-3,"count":0,"data":[],"total":4}`)
	expectJSON(t, f.do("GET", "/v2/profile/"+p1+"/subprofiles/"+f.C+"?start=-2", nil), `{"start":-2,"limit":100,"count":0,"data":[],"total":2}`)
	// O7: the cap is echoed: 1000 in v2–v4, 100 in v1.
	for _, x := range []struct{ v, limit, echo string }{{"/v1", "500", "100"}, {"/v2", "5000", "1000"}, {"/v3", "1001", "1000"}, {"/v4", "1000", "1000"}} {
		for _, p := range []string{c, "/profile/" + p1 + "/subprofiles/" + f.C} {
			r := f.do("GET", x.v+p+"?dataonly=1&limit="+x.limit, nil)
			if !strings.HasPrefix(string(r.Body), `{"start":0,"limit":`+x.echo+`,"count":`) {
				t.Fatalf("%s limit=%s: %s", x.v, x.limit, r.Body)
			}
		}
	}
}

func TestB61_LimitOne_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	_, _, s := f.four()
	for _, qs := range []string{"limit=1", "limit[]=x", "limit%5B%5D=x"} {
		for start := 0; start < 4; start++ {
			r := f.do("GET", "/v2/collection/"+f.C+"/subprofiles?"+qs+"&start="+strconv.Itoa(start), nil)
			expectIDs(t, r, s[start])
			if !strings.HasPrefix(string(r.Body), `{"start":`+strconv.Itoa(start)+`,"limit":1,"count":1,"data":[`) {
				t.Fatalf("%s: %s", qs, r.Body)
			}
		}
	}
}

func TestB62_CountAndOffset_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	pid := f.mk(`{}`)
	var s []string
	for i := 0; i < 7; i++ {
		s = append(s, f.sub(pid, `{"Score":`+strconv.Itoa(i)+`}`))
	}
	for _, base := range []string{"/v2/collection/" + f.C + "/subprofiles", "/v2/profile/" + pid + "/subprofiles/" + f.C} {
		r := f.do("GET", base+"?start=3&limit=3", nil)
		expectIDs(t, r, s[3:6]...)
		if !strings.HasPrefix(string(r.Body), `{"start":3,"limit":3,"count":3,"data":[`) || !strings.HasSuffix(string(r.Body), `],"total":7}`) {
			t.Fatalf("envelope: %s", r.Body)
		}
		r = f.do("GET", base+"?start=5&limit=3", nil)
		expectIDs(t, r, s[5:]...)
		r = f.do("GET", base+"?start=1&limit=2&order=desc&"+pq("fields[]", "Score>1"), nil)
		expectIDs(t, r, s[5], s[4])
		if !strings.HasSuffix(string(r.Body), `],"total":5}`) {
			t.Fatalf("envelope: %s", r.Body)
		}
	}
}

func TestB63_DataOnly_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	pid := f.mk(`{}`)
	sid := f.sub(pid, `{"Score":2,"ActionTime":"2020-04-27 14:15:34"}`)
	s := f.getSub(sid)
	item := `{"ID":"` + sid + `","fields":{"Score":"2","ActionTime":"2020-04-27 14:15:34"},"profile":"` + pid + `","collection":"` + f.C + `","modified":"` + s.Modified + `"}`
	for _, v := range []string{"/v1", "/v2", "/v3", ""} {
		expectJSON(t, f.do("GET", v+"/collection/"+f.C+"/subprofiles?dataonly=true", nil), subEnvelope(0, 100, 1, item))
		expectJSON(t, f.do("GET", v+"/profile/"+pid+"/subprofiles/"+f.C+"?dataonly=true", nil), subEnvelope(0, 100, 1, item))
	}
	expectJSON(t, f.do("GET", "/v4/collection/"+f.C+"/subprofiles?dataonly=1", nil), withNextID(subEnvelope(0, 100, 1, item), sid))
	// dataonly applies to lists only.
	expectJSON(t, f.do("GET", "/v2/subprofile/"+sid+"?dataonly=true", nil), subJSON(s, f.subFieldsJSON(sid)))
}

func TestB64_TotalCountsFilter_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	p1, _, s := f.four()
	r := f.do("GET", "/v2/collection/"+f.C+"/subprofiles?limit=1&"+pq("fields[]", "SCORE>=-1", "fields[]", "ActionTime!="), nil)
	expectIDs(t, r, s[0])
	if !strings.HasSuffix(string(r.Body), `],"total":2}`) {
		t.Fatalf("total: %s", r.Body)
	}
	r = f.do("GET", "/v2/profile/"+p1+"/subprofiles/"+f.C+"?limit=0&"+pq("fields[]", "Score>=0"), nil)
	expectJSON(t, r, `{"start":0,"limit":0,"count":0,"data":[],"total":1}`)
}

func TestB65_FilterWhitespace_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	_, _, s := f.four()
	f.expectCollFilter([]string{" SCORE==6 "}, s[1])
	f.expectCollFilter([]string{"Score ==6"}, s...)
	f.expectCollFilter([]string{"Score== 6"}, s[1])
	f.expectCollFilter([]string{"Score==6 "}, s[1])
	// An empty date compares as the zero date.
	f.expectCollFilter([]string{"ActionTime<= 2020-04-27 14:15:34"}, s[0], s[2], s[3])
	f.expectCollFilter([]string{"ActionTime== 2020-04-27t14:15:34 "}, s[0])
}

func TestB66_UnknownFieldConditionIgnored_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	_, _, s := f.four()
	f.expectCollFilter([]string{"bogus==1"}, s...)
	// Profile fields are unknown in a subprofile filter.
	f.expectCollFilter([]string{"LastName==x", "Score==6"}, s[1])
	f.expectCollFilter([]string{"Score>=0", "wonky>5", "Score<=5"}, s[2])
}

func TestB67_CaseInsensitiveNames_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	c := f.addCollection("Texts", `{"name":"Note","type":"text"}`)
	pid := f.mk(`{}`)
	a := f.subIn(c, pid, `{"Note":"Muit"}`)
	f.subIn(c, pid, `{"Note":"Other"}`)
	for _, cond := range []string{"NOTE==mUIT", "note==MUIT", "Note=~mu%", "NOTE!=other"} {
		expectIDs(t, f.do("GET", "/v2/collection/"+c+"/subprofiles?"+pq("fields[]", cond), nil), a)
		expectIDs(t, f.do("GET", "/v2/profile/"+pid+"/subprofiles/texts?"+pq("fields[]", cond), nil), a)
	}
	_, _, s := f.four()
	f.expectCollFilter([]string{"sCoRe==6"}, s[1])
	f.expectCollFilter([]string{"ACTIONTIME=~2020%"}, s[0])
}

func TestB68_ConditionsAnded_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	_, _, s := f.four()
	f.expectCollFilter([]string{"Score>=-1", "Score<=5"}, s[0], s[2])
	f.expectCollFilter([]string{"Score>=-5", "ActionTime>2020-01-01"}, s[0], s[1])
	f.expectCollFilter([]string{"Score>5", "Score<5"})
}

func TestB69_EmptyValues_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	_, _, s := f.four()
	f.expectCollFilter([]string{"Score=="}, s[2])
	f.expectCollFilter([]string{"ActionTime=="}, s[2])
	f.expectCollFilter([]string{"Score==", "ActionTime=="}, s[2])
	f.expectCollFilter([]string{"ActionTime!="}, s[0], s[1], s[3])
}

func TestB70_NumericAndDateValuesNormalised_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	_, _, s := f.four()
	f.expectCollFilter([]string{"Score==abc"}, s[2])
	f.expectCollFilter([]string{"Score>=-1.9"}, s[0], s[1], s[2])
	f.expectCollFilter([]string{"Score<6abc"}, s[0], s[2], s[3])
	f.expectCollFilter([]string{"Score>10"})
	f.expectCollFilter([]string{"ActionTime>=2020-04-28"}, s[1])
	f.expectCollFilter([]string{"ActionTime>=2020-1-1"}, s[0], s[1])
	f.expectCollFilter([]string{"ActionTime<2020-04-27 14:15:35", "ActionTime>2019-06-01 12:00:00"}, s[0])
}

func TestB71_SpecialNames_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	_, _, s := f.four()
	// id is the subprofile ID.
	f.expectCollFilter([]string{"ID>" + s[1]}, s[2], s[3])
	f.expectCollFilter([]string{"id==" + s[0]}, s[0])
	f.expectCollFilter([]string{"iD!=" + s[0]}, s[1:]...)
	// code is the subprofile's secret, case-insensitive.
	f.putSub(s[2], `{"secret":"SubSecret"}`)
	f.expectCollFilter([]string{"code==subsecret"}, s[2])
	f.expectCollFilter([]string{"CODE==" + strings.ToUpper(f.getSub(s[3]).Secret)}, s[3])
	// modified is the timestamp.
	nextSecond()
	f.putSub(s[1], `{"fields":{"Score":7}}`)
	m := f.getSub(s[1]).Modified
	f.expectCollFilter([]string{"modified>=" + m}, s[1])
	f.expectCollFilter([]string{"MODIFIED<" + m}, s[0], s[2], s[3])
	// A real field named modified wins.
	c := f.addCollection("Spec", `{"name":"modified","type":"text"}`)
	pid := f.mk(`{}`)
	a := f.subIn(c, pid, `{"modified":"foo"}`)
	f.subIn(c, pid, `{"modified":"bar"}`)
	expectIDs(t, f.do("GET", "/v2/collection/"+c+"/subprofiles?"+pq("fields[]", "MODIFIED==FOO"), nil), a)
}

func TestB73_DefaultOrderByID_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	p1, _, s := f.four()
	f.putSub(s[0], `{"fields":{"Score":100}}`)
	expectIDs(t, f.do("GET", "/v2/collection/"+f.C+"/subprofiles", nil), s...)
	expectIDs(t, f.do("GET", "/v2/collection/"+f.C+"/subprofiles?orderby=id", nil), s...)
	expectIDs(t, f.do("GET", "/v2/profile/"+p1+"/subprofiles/"+f.C+"?orderby=ID&order=asc", nil), s[0], s[1])
}

func TestB74_OrderDirection_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	p1, _, s := f.four()
	for _, o := range []string{"desc", "DESC", "descending", "descendING"} {
		expectIDs(t, f.do("GET", "/v2/collection/"+f.C+"/subprofiles?order="+o, nil), s[3], s[2], s[1], s[0])
		expectIDs(t, f.do("GET", "/v2/profile/"+p1+"/subprofiles/"+f.C+"?order="+o, nil), s[1], s[0])
	}
	for _, o := range []string{"descendin", "asc", "", "bogus", "%20desc"} {
		expectIDs(t, f.do("GET", "/v2/collection/"+f.C+"/subprofiles?order="+o, nil), s...)
	}
	expectIDs(t, f.do("GET", "/v2/collection/"+f.C+"/subprofiles?order[]=desc", nil), s...)
	if r := f.do("GET", "/v4/collection/"+f.C+"/subprofiles?order=desc&dataonly=1", nil); strings.Contains(string(r.Body), "nextid") {
		t.Fatalf("nextid in descending list: %s", r.Body)
	}
}

func TestB75_OrderBy_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	p1, _, s := f.four()
	c := "/v2/collection/" + f.C + "/subprofiles?"
	for _, ob := range []string{"score", "SCORE", f.F["Score"]} {
		expectIDs(t, f.do("GET", c+"orderby="+ob, nil), s[3], s[0], s[2], s[1])
	}
	expectIDs(t, f.do("GET", c+"orderby=score&order=desc", nil), s[1], s[2], s[0], s[3])
	expectIDs(t, f.do("GET", c+"orderby=actiontime", nil), s[2], s[3], s[0], s[1])
	expectIDs(t, f.do("GET", c+"orderby="+f.F["ActionTime"]+"&order=DESC", nil), s[1], s[0], s[3], s[2])
	expectIDs(t, f.do("GET", "/v2/profile/"+p1+"/subprofiles/"+f.C+"?orderby=score&order=desc", nil), s[1], s[0])
	// Ties by ID ascending, also descending (O30).
	x := f.sub(p1, `{"Score":6}`)
	expectIDs(t, f.do("GET", c+"orderby=score&order=desc", nil), s[1], x, s[2], s[0], s[3])
	// Unknown: ID order.
	all := append(append([]string{}, s...), x)
	expectIDs(t, f.do("GET", c+"orderby=bogus", nil), all...)
	expectIDs(t, f.do("GET", c+"orderby=LastName", nil), all...) // a profile field
	expectIDs(t, f.do("GET", c+"orderby=99999", nil), all...)
	// modified.
	nextSecond()
	f.putSub(s[0], `{"fields":{"Score":1}}`)
	expectIDs(t, f.do("GET", c+"orderby=MODIFIED", nil), s[1], s[2], s[3], x, s[0])
	// random: a permutation, still paged.
	r := f.do("GET", c+"orderby=random", nil)
	if got := listIDs(t, r); len(got) != 5 || !strings.HasSuffix(string(r.Body), `"total":5}`) {
		t.Fatalf("random: %s", r.Body)
	}
	if r := f.do("GET", "/v4/collection/"+f.C+"/subprofiles?orderby=score&dataonly=1", nil); strings.Contains(string(r.Body), "nextid") {
		t.Fatalf("nextid with orderby: %s", r.Body)
	}
}

func TestB76_IDsStringsMetaIntegers_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	pid := f.mk(`{}`)
	sid := f.sub(pid, `{"Score":3}`)
	for _, v := range spVersions {
		var m map[string]any
		json.Unmarshal(f.do("GET", v+"/subprofile/"+sid, nil).Body, &m)
		if m["ID"] != sid || m["profile"] != pid || m["collection"] != f.C {
			t.Fatalf("%s: %v", v, m)
		}
		for _, p := range []string{v + "/collection/" + f.C + "/subprofiles", v + "/profile/" + pid + "/subprofiles/" + f.C, v + "/collection/" + f.C + "/subprofiles?dataonly=1"} {
			var env map[string]any
			json.Unmarshal(f.do("GET", p, nil).Body, &env)
			for _, k := range []string{"start", "limit", "count", "total"} {
				if _, ok := env[k].(float64); !ok {
					t.Fatalf("%s: %s is %T", p, k, env[k])
				}
			}
			item := env["data"].([]any)[0].(map[string]any)
			if item["ID"] != sid || item["profile"] != pid || item["collection"] != f.C {
				t.Fatalf("%s item: %v", p, item)
			}
			if n, ok := env["nextid"]; ok && n != strconv.Itoa(spAtoi(sid)+1) {
				t.Fatalf("nextid %#v", n)
			}
		}
	}
	expectJSON(t, f.do("GET", "/v2/collection/"+f.C+"/subprofileids", nil), `["`+sid+`"]`)
}

func TestB78_ContentTypeExact_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	pid := f.mk(`{}`)
	sid := f.sub(pid, `{}`)
	for _, r := range []resp{
		f.do("GET", "/v2/subprofile/"+sid, nil), f.do("GET", "/v2/subprofile/"+sid+"/fields", nil),
		f.do("GET", "/v2/collection/"+f.C+"/subprofiles", nil), f.do("GET", "/v2/collection/"+f.C+"/subprofileids", nil),
		f.do("GET", "/v2/profile/"+pid+"/subprofiles/"+f.C, nil), f.do("GET", "/v1/subprofile/"+sid+"/events", nil),
		f.do("GET", "/v2/subprofile/99984", nil), f.do("PUT", "/v2/profile/"+pid+"/subprofiles/"+f.C, `{}`),
		f.do("POST", "/v2/profile/"+pid+"/subprofiles/bogus", `{}`), f.do("GET", "/v4/collection/"+f.C+"/subprofiles", nil),
	} {
		if ct := r.Header.Values("Content-Type"); len(ct) != 1 || ct[0] != "application/json" {
			t.Fatalf("Content-Type %q: %s", ct, r)
		}
	}
}

func TestB79_XCreatedDigits_Subprofile(t *testing.T) {
	f := newSubFixture(t)
	pid := f.mk(`{}`)
	for _, v := range append(spVersions, "") {
		sid := f.expectCreated(f.do("POST", v+"/profile/"+pid+"/subprofiles/"+f.C, `{}`), v, "subprofile")
		if s := f.getSub(sid); s.ID != sid {
			t.Fatal("X-Created does not name the subprofile")
		}
	}
	// A PUT that creates sends X-Created too (O4), in v3/v4 with the CREATE headers.
	for _, v := range []string{"/v3", "/v4"} {
		f.expectCreated(f.do("PUT", v+"/profile/"+pid+"/subprofiles/"+f.C+"?"+pq("fields[]", "Score==9", "create", "1"), `{}`), v, "subprofile")
	}
}

func TestB80_PostSubprofileIsPut(t *testing.T) {
	f := newSubFixture(t)
	pid := f.mk(`{}`)
	sid := f.sub(pid, `{}`)
	f.expect303(f.do("POST", "/v2/subprofile/"+sid, `{"fields":{"Score":5},"secret":"psec"}`), "subprofile/"+sid, "")
	if s := f.getSub(sid); s.Fields["Score"] != "5" || s.Secret != "psec" {
		t.Fatalf("POST alias not applied: %+v", s)
	}
	f.expect303(f.do("POST", "/v1/subprofile/"+sid+"?x=1", `{"fields":{"Score":6}}`), "subprofile/"+sid, "x=1")
	f.expect303(f.do("POST", "/subprofile/"+sid+"/", `{"fields":{"Score":7}}`), "subprofile/"+sid, "")
	for _, v := range []string{"/v3", "/v4"} {
		spExpectEmpty(t, f.do("POST", v+"/subprofile/"+sid, `{"fields":{"Score":`+v[2:]+`}}`), 204)
	}
	f.expectSubFields(sid, `{"Score":"4","ActionTime":""}`)
	// O24: POST subprofile/{sid}/fields is its PUT too (tail ignored).
	f.expect303(f.do("POST", "/v2/subprofile/"+sid+"/fields", `{"Score":8}`), "subprofile/"+sid, "")
	f.expect303(f.do("POST", "/v1/subprofile/"+sid+"/fields/x", `{"ActionTime":"2020-04-27 14:15:34"}`), "subprofile/"+sid, "")
	spExpectEmpty(t, f.do("POST", "/v4/subprofile/"+sid+"/fields", `{"Score":9}`), 204)
	f.expectSubFields(sid, `{"Score":"9","ActionTime":"2020-04-27 14:15:34"}`)
	// Nothing was created.
	expectIDs(t, f.do("GET", "/v2/collection/"+f.C+"/subprofiles", nil), sid)
	// On a removed subprofile like PUT.
	f.delSub(sid)
	f.expect303(f.do("POST", "/v2/subprofile/"+sid, `{"secret":"after"}`), "subprofile/"+sid, "")
	if s := f.getSub(sid); s.Secret != "after" {
		t.Fatalf("POST on removed: %+v", s)
	}
}
