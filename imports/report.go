package imports

import (
	"errors"
	"fmt"
	"strings"
)

// MaxReported is how many failed rows `lasterror` describes; the rest are
// only counted.
const MaxReported = 5

// Report collects what an import has to say in `lasterror`: rows not
// applied (counted, the first few described), columns ignored, and the fault
// that stopped it. Its fields are exported so the job can store it with its
// progress and pick it up again after a restart.
type Report struct {
	NotApplied int64    `json:"notApplied"`
	First      []string `json:"first,omitempty"`
	Ignored    []string `json:"ignored,omitempty"`
	Stopped    string   `json:"stopped,omitempty"`
	// KeptMissing is set when removeMissing was skipped (see RemoveMissing).
	KeptMissing bool `json:"keptMissing,omitempty"`
}

// RemoveMissing says whether removeMissing may run after the rows: only
// when every row applied and the source was read to its end. Otherwise an
// entity whose row failed, or was never read, would count as missing and be
// deleted; the report then says the removal was skipped.
func (r *Report) RemoveMissing() bool {
	ok := r.NotApplied == 0 && r.Stopped == ""
	r.KeptMissing = !ok
	return ok
}

// Row records one row that was not applied, from a *RowError or a reason
// for the row on line.
func (r *Report) Row(line int64, reason string) {
	r.NotApplied++
	if len(r.First) < MaxReported {
		r.First = append(r.First, fmt.Sprintf("line %d: %s", line, reason))
	}
}

// RowError records a *RowError; it reports whether err was one.
func (r *Report) RowError(err error) bool {
	var re *RowError
	if !errors.As(err, &re) {
		return false
	}
	r.Row(re.Line, re.Msg)
	return true
}

// Stop records the fault that ended the import.
func (r *Report) Stop(err error) { r.Stopped = err.Error() }

// LastError is the text of `lasterror`, "" when there is nothing to say
// (the status document prints false then).
func (r *Report) LastError() string {
	var parts []string
	if r.Stopped != "" {
		parts = append(parts, "Import stopped: "+r.Stopped+".")
	}
	if r.NotApplied > 0 {
		rows := "rows"
		if r.NotApplied == 1 {
			rows = "row"
		}
		s := fmt.Sprintf("%d %s not applied: %s", r.NotApplied, rows, strings.Join(r.First, "; "))
		if more := r.NotApplied - int64(len(r.First)); more > 0 {
			s += fmt.Sprintf("; and %d more", more)
		}
		parts = append(parts, s+".")
	}
	if r.KeptMissing {
		parts = append(parts, "removeMissing skipped because not every row was applied.")
	}
	if len(r.Ignored) > 0 {
		parts = append(parts, "Columns ignored, no such field: "+strings.Join(r.Ignored, ", ")+".")
	}
	return strings.Join(parts, " ")
}
