package selection

import (
	"slices"
	"strconv"
	"strings"

	"github.com/kopernik/kopernik"
)

// ExportRun is one export as an export log would record it (§5.9, A.2).
type ExportRun struct {
	At     string             // StampLayout, service zone
	Entity kopernik.OwnerKind // profiles or subprofiles
	IDs    []int64
}

// exportTest holds for an entity exported within the window, or never
// exported at all when the flag asks for those. Without an export log
// nothing was ever exported, so the condition is the flag (§5.9).
type exportTest struct {
	x       *kopernik.ExportCondition
	bounds  Bounds
	runs    []ExportRun
	subject kopernik.OwnerKind
}

func (t exportTest) Holds(e *kopernik.Entity, _ Lookups) bool {
	ever := false
	for _, r := range t.runs {
		if r.Entity != t.subject || !slices.Contains(r.IDs, e.ID) {
			continue
		}
		if t.bounds.Contains(r.At) {
			return true
		}
		ever = true
	}
	return t.x.IncludeNever && !ever
}

// Empty-history policy (§5.0, O-18): the server keeps no mailings, survey
// submissions, contact reports or to-do items, so every entity has zero of
// them. Positive modes never hold, negative modes always hold; a mailing
// count requirement is tested against 0.

func emptyHistory(p kopernik.ConditionProps) bool {
	switch x := p.(type) {
	case *kopernik.MailingCondition:
		if x.Mode != MailNothing && x.Mode != MailNotDocument {
			return false
		}
		return countHolds(0, x.Operator, x.Number)
	case *kopernik.SurveyCondition:
		switch x.Submitter {
		case "none", "noprofile", "nosubprofile":
			return true
		}
		return false
	case *kopernik.ContactCondition:
		return x.Mode == ContactNotContacted
	}
	return false
}

// countHolds compares a received count with a mailing's number; no number
// means no requirement, no operator means "=".
func countHolds(n int64, op, number string) bool {
	if number == "" {
		return true
	}
	if op == "<>" {
		lo, hi, _ := strings.Cut(number, ",")
		a, _ := strconv.ParseInt(lo, 10, 64)
		z, _ := strconv.ParseInt(hi, 10, 64)
		return a <= n && n <= z
	}
	want, _ := strconv.ParseInt(number, 10, 64)
	switch op {
	case "!=":
		return n != want
	case "<":
		return n < want
	case ">":
		return n > want
	}
	return n == want
}
