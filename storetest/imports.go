package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/sqlstore"
)

// importStore is the store as the import worker needs it.
func importStore(t *testing.T, s kopernik.Store) *sqlstore.Store {
	t.Helper()
	st, ok := s.(*sqlstore.Store)
	if !ok {
		t.Skipf("%T has no import worker", s)
	}
	return st
}

// testImportJobs: a job is stored with its whole source, also a streamed
// one longer than one transaction takes, and read back as stored; an
// unknown ID is not found.
func testImportJobs(t *testing.T, s kopernik.Store) {
	db, _ := fixture(t, s)
	var src strings.Builder
	src.WriteString("Email;LastName\n")
	for i := 0; src.Len() < 9<<20; i++ {
		fmt.Fprintf(&src, "p%d@example.org;%s\n", i, strings.Repeat("x", 100))
	}
	in := &kopernik.Import{DatabaseID: db, Name: "big", Action: kopernik.ImportUpdateOrAdd, KeyFields: []string{"email"},
		IgnoreEmptyFields: true, DeleteTarget: kopernik.TargetProfile, Format: kopernik.FormatCSV, Delimiter: ';',
		Status: kopernik.ImportReady, TotalLines: 7}
	id := must(s.CreateImport(ctx, in, strings.NewReader(src.String())))
	got := must(s.GetImport(ctx, id))
	if got.ID != id || got.Name != "big" || got.Action != kopernik.ImportUpdateOrAdd || len(got.KeyFields) != 1 ||
		got.KeyFields[0] != "email" || !got.IgnoreEmptyFields || got.Delimiter != ';' || got.Format != kopernik.FormatCSV ||
		got.Status != kopernik.ImportReady || got.TotalLines != 7 || got.ProcessedLines != 0 || got.LastRun != "" || got.LastError != "" {
		t.Fatalf("stored job: %+v", got)
	}
	if _, err := s.GetImport(ctx, id+1000); kopernik.ErrorMessage(err) != kopernik.MsgNoImport {
		t.Fatalf("unknown import: %v", err)
	}
}

// testImportAppliesRows: the worker applies a job's rows — creates, an
// update of what an earlier row of the same batch created, a row that
// matches nothing — with a journal row and an observed change per entity
// (caller import), the change reporting the entity as stored.
func testImportAppliesRows(t *testing.T, s kopernik.Store) {
	st := importStore(t, s)
	rec := &recorder{}
	st.Observe(rec.observe)
	db, f := fixture(t, s)
	o := kopernik.DatabaseOwner(db)
	old := must(s.CreateEntity(ctx, o, 0, kopernik.EntityInput{Fields: fields("Email", "old@x.org", "ANumber", 1)}))
	rec.take()
	src := "email,anumber,lastname\nOLD@x.org,2,Old\nnew@x.org,3,New\nNEW@x.org,4,New\nOLD@x.org,2,Old\n"
	id := must(s.CreateImport(ctx, &kopernik.Import{DatabaseID: db, Action: kopernik.ImportUpdateOrAdd, KeyFields: []string{"Email"},
		DeleteTarget: kopernik.TargetProfile, Format: kopernik.FormatCSV, Delimiter: ',', Status: kopernik.ImportRunning, TotalLines: 4},
		strings.NewReader(src)))
	im := must(st.RunImport(ctx, sqlstore.ImportConfig{}, id))
	if im.Status != kopernik.ImportFinished || im.ProcessedLines != 4 || im.LastError != "" || im.LastRun == "" {
		t.Fatalf("job: %+v", im)
	}
	got := rec.take()
	// Update of old (email case, number, name), create of new, update of
	// new; the last row changes nothing.
	newID := int64(0)
	if len(got) == 3 {
		newID = got[1].Entity.ID
	}
	expectChanges(t, s, got, kopernik.ChangeUpdate, kopernik.OwnerDatabase, old,
		kopernik.ChangeCreate, kopernik.OwnerDatabase, newID, kopernik.ChangeUpdate, kopernik.OwnerDatabase, newID)
	for _, c := range got {
		if c.Caller != kopernik.CallerImport {
			t.Fatalf("caller %q", c.Caller)
		}
	}
	if v := got[2].Entity.Values; v[f["Email"]] != "NEW@x.org" || v[f["ANumber"]] != "4" || !equalIDs(got[2].Fields, f["Email"], f["ANumber"]) {
		t.Fatalf("second update: %+v fields %v", v, got[2].Fields)
	}
	ev := must(s.Events(ctx, kopernik.OwnerDatabase, newID))
	if len(ev) != 2 || ev[0].Kind != "create" || ev[1].Kind != "update" {
		t.Fatalf("events of the new profile: %+v", ev)
	}
}

func equalIDs(got []int64, want ...int64) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i] != want[i] {
			return false
		}
	}
	return true
}

// testImportResumesExactlyOnce: a run stopped after some batches committed
// resumes at the next row; every row is applied once.
func testImportResumesExactlyOnce(t *testing.T, s kopernik.Store) {
	st := importStore(t, s)
	db, _ := fixture(t, s)
	var src strings.Builder
	src.WriteString("Email,ANumber\n")
	const rows = 2500
	for i := 0; i < rows; i++ {
		fmt.Fprintf(&src, "p%d@x.org,%d\n", i, i)
	}
	id := must(s.CreateImport(ctx, &kopernik.Import{DatabaseID: db, Action: kopernik.ImportAdd, DeleteTarget: kopernik.TargetProfile,
		Format: kopernik.FormatCSV, Delimiter: ',', Status: kopernik.ImportRunning, TotalLines: rows}, strings.NewReader(src.String())))
	stopCtx, stop := context.WithCancel(ctx)
	_, err := st.RunImport(stopCtx, sqlstore.ImportConfig{BatchRows: 300, Progress: func(_, done, _ int64) {
		if done >= 900 {
			stop()
		}
	}}, id)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("stopped run: %v", err)
	}
	mid := must(s.GetImport(ctx, id))
	if mid.Status != kopernik.ImportRunning || mid.ProcessedLines < 900 || mid.ProcessedLines >= rows {
		t.Fatalf("after the stop: %+v", mid)
	}
	im := must(st.RunImport(ctx, sqlstore.ImportConfig{BatchRows: 300}, id))
	if im.Status != kopernik.ImportFinished || im.ProcessedLines != rows {
		t.Fatalf("resumed: %+v", im)
	}
	res := must(s.ListEntities(ctx, kopernik.ListQuery{Owner: kopernik.DatabaseOwner(db), Limit: 1, Total: true}))
	if res.Total != rows {
		t.Fatalf("%d profiles, want %d", res.Total, rows)
	}
	for _, n := range []string{"0", "899", fmt.Sprint(mid.ProcessedLines), fmt.Sprint(rows - 1)} {
		res := must(s.ListEntities(ctx, kopernik.ListQuery{Owner: kopernik.DatabaseOwner(db), Limit: 10, Total: true,
			Where: Where(t, s, kopernik.DatabaseOwner(db), "ANumber=="+n)}))
		if res.Total != 1 {
			t.Fatalf("row %s applied %d times", n, res.Total)
		}
	}
}
