package postgres_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/sqlstore"
	"github.com/kopernik/kopernik/storetest"
)

// TestI10_BuildByDifferenceWithStaleStatistics: a rebuild compares the
// stored members with the new ones. When the planner's statistics say the
// view has no members (autovacuum sampled the table while it was empty, and
// builds below the ANALYZE threshold leave the statistics alone), a
// nested-loop anti join scans every new member for each stored one; at a
// million profiles that ran for minutes. The build must not plan one.
func TestI10_BuildByDifferenceWithStaleStatistics(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.PostgresSchema(t)
	st := openNode(t, dsn, 0)
	raw, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()

	name, integer := "N", kopernik.TypeInteger
	db, err := st.CreateDatabase(ctx, kopernik.DatabaseInput{Name: ptr("Stale")})
	if err != nil {
		t.Fatal(err)
	}
	o := kopernik.DatabaseOwner(db)
	if _, err := st.CreateField(ctx, o, kopernik.FieldInput{Name: &name, Type: &integer}); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 200; i++ {
		in := &kopernik.Map{}
		in.Set("N", i)
		if _, err := st.CreateEntity(ctx, o, 0, kopernik.EntityInput{Fields: in}); err != nil {
			t.Fatal(err)
		}
	}
	cond := func(kv ...any) *kopernik.Map {
		m := &kopernik.Map{}
		for i := 0; i+1 < len(kv); i += 2 {
			m.Set(kv[i].(string), kv[i+1])
		}
		return m
	}
	view, err := st.CreateView(ctx, db, 0, cond("name", "big"))
	if err != nil {
		t.Fatal(err)
	}
	ref := kopernik.ViewRef(view)
	rule, err := st.CreateRule(ctx, ref, cond("name", "r"))
	if err != nil {
		t.Fatal(err)
	}
	c, _, err := st.CreateCondition(ctx, rule, cond("type", "Field", "field", "N", "comparison", "more", "value", "1000"))
	if err != nil {
		t.Fatal(err)
	}
	members := func() int {
		t.Helper()
		if err := st.RebuildSelectionNow(ctx, ref); err != nil {
			t.Fatal(err)
		}
		ids, err := st.MemberIDs(ctx, ref, 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		return len(ids)
	}
	if n := members(); n != 0 {
		t.Fatalf("N>1000: %d members, want 0", n)
	}
	// The statistics see the member table while the view is empty.
	if _, err := raw.Exec(`ANALYZE view_members`); err != nil {
		t.Fatal(err)
	}
	if err := st.UpdateCondition(ctx, c, cond("type", "Field", "field", "N", "comparison", "more", "value", "0")); err != nil {
		t.Fatal(err)
	}
	if n := members(); n != 200 {
		t.Fatalf("N>0: %d members, want 200", n)
	}

	var plans []string
	sqlstore.BuildPlanHook = func(plan string) { plans = append(plans, plan) }
	defer func() { sqlstore.BuildPlanHook = nil }()
	if err := st.UpdateCondition(ctx, c, cond("type", "Field", "field", "N", "comparison", "more", "value", "100")); err != nil {
		t.Fatal(err)
	}
	if n := members(); n != 100 {
		t.Fatalf("N>100: %d members, want 100", n)
	}
	if len(plans) == 0 {
		t.Fatal("no build by difference ran")
	}
	for _, p := range plans {
		if strings.Contains(p, "Nested Loop") {
			t.Fatalf("a build by difference planned a nested loop:\n%s", p)
		}
	}
}
