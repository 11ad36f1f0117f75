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
	if len(r.Ignored) > 0 {
		parts = append(parts, "Columns ignored, no such field: "+strings.Join(r.Ignored, ", ")+".")
	}
	return strings.Join(parts, " ")
}
