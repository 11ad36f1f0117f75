package httpapi

import (
	"context"
	"net/http"
	"testing"

	"github.com/kopernik/kopernik"
)

// profileFixture makes database "shop" with a text field "city", interests
// "news" and "sale", and one profile; it returns the database and profile IDs.
func profileFixture(t testing.TB, a *testAPI) (db, profile int64) {
	t.Helper()
	ctx := context.Background()
	name := func(v string) *string { return &v }
	db, err := a.st.CreateDatabase(ctx, kopernik.DatabaseInput{Name: name("shop")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.st.CreateField(ctx, kopernik.DatabaseOwner(db), kopernik.FieldInput{Name: name("city")}); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"news", "sale"} {
		if _, err := a.st.CreateInterest(ctx, db, kopernik.InterestInput{Name: name(n)}); err != nil {
			t.Fatal(err)
		}
	}
	profile, err = a.st.CreateEntity(ctx, kopernik.DatabaseOwner(db), 0, kopernik.EntityInput{})
	if err != nil {
		t.Fatal(err)
	}
	return db, profile
}

// TestProfiles3_4_BulkPutChecksBodyBeforeSelector covers the check order of
// PUT database/{db}/profiles (profiles.md §3.4, the live service's order): a
// body whose fields is not an object is refused before the missing fields[]
// parameter is noticed, also with trailing segments (B9).
func TestProfiles3_4_BulkPutChecksBodyBeforeSelector(t *testing.T) {
	a := newTestAPI(t, Config{})
	profileFixture(t, a)
	for _, v := range []string{"/v2", "/v3", "/v4", ""} {
		for _, tail := range []string{"", "/bogus", "/bogus/x"} {
			path := v + "/database/shop/profiles" + tail
			for _, body := range []string{`{"fields":"city"}`, `{"fields":12}`, `{"fields":true}`, `[1]`, `{bad`} {
				wantError(t, a.do("PUT", path, body), http.StatusBadRequest, kopernik.MsgInvalidData)
			}
			// With a usable body the missing selector is what is wrong.
			wantError(t, a.do("PUT", path, `{"fields":{"city":"Delft"}}`), http.StatusBadRequest, msgFieldsReq)
		}
	}
}

// TestO9_PostInterestsAnswersLikeAPostOnAPutRoute covers profiles.md §3.11 and
// behaviour.md O9 as revised: POST profile/{id}/interests applies the change
// and answers 200 with an empty body and no Location in v1/v2, 204 in v3/v4;
// never the 303 that makes clients of the common PHP library throw.
func TestO9_PostInterestsAnswersLikeAPostOnAPutRoute(t *testing.T) {
	a := newTestAPI(t, Config{})
	_, id := profileFixture(t, a)
	p := "/profile/" + idStr(id) + "/interests"
	for _, c := range []struct {
		prefix, body, want string
		status             int
	}{
		{"/v1", `["news"]`, `["news"]`, http.StatusOK},
		{"/v2", `{"sale":1,"news":0}`, `["sale"]`, http.StatusOK},
		{"", `["news"]`, `["news","sale"]`, http.StatusOK},
		{"/v3", `{"sale":0}`, `["news"]`, http.StatusNoContent},
		{"/v4", `["sale"]`, `["news","sale"]`, http.StatusNoContent},
	} {
		rec := a.do("POST", c.prefix+p, c.body)
		wantEmpty(t, rec, c.status)
		for _, h := range []string{"Location", "X-Location", "X-Created", "Content-Type"} {
			if v := rec.Header().Get(h); v != "" {
				t.Fatalf("POST %s: header %s: %q", c.prefix+p, h, v)
			}
		}
		if got := a.do("GET", "/v2"+p, "").Body.String(); got != c.want {
			t.Fatalf("after POST %s %s: interests %s, want %s", c.prefix+p, c.body, got, c.want)
		}
	}
}
