package sqlstore

import (
	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/selection"
	"github.com/kopernik/kopernik/values"
)

// Field conditions (§5.1) in the comparison modes of the reference.

// ownField is the field f when it belongs to the build's target, else nil.
func (b *selBuild) ownField(id int64) *kopernik.Field {
	f := b.cat.Field(id)
	if f == nil || f.Owner != b.target {
		return nil
	}
	return f
}

func col(f *kopernik.Field) string { return "e." + fieldColumn(f.ID) }

// text is a field's value as text, the form the reference compares.
func text(f *kopernik.Field) string {
	if f.Type.IsNumeric() {
		return "CAST(" + col(f) + " AS TEXT)"
	}
	return col(f)
}

// number is a field's value as a number (non-numeric text is 0).
func number(f *kopernik.Field) string {
	if f.Type.IsNumeric() {
		return col(f)
	}
	return "kopernik_float(" + col(f) + ")"
}

// datetime extends a date to midnight so date and datetime texts compare.
func datetime(f *kopernik.Field) string {
	if f.Type.HasTime() {
		return col(f)
	}
	return "CASE WHEN length(" + col(f) + ") = 10 THEN " + col(f) + " || ' 00:00:00' ELSE " + col(f) + " END"
}

// field is §5.1 in the modes of selection.FieldCompareMode.
func (b *selBuild) field(x *kopernik.FieldCondition) sqlPart {
	f := b.ownField(x.Field)
	if f == nil {
		return sqlFalse
	}
	var other *kopernik.Field
	if x.OtherField != 0 {
		if other = b.ownField(x.OtherField); other == nil {
			return sqlFalse
		}
	}
	m := selection.FieldCompareMode(f, other, x.Numeric)
	switch x.Comparison {
	case kopernik.CmpIsEmail:
		return sqlPart{sql: "kopernik_is_email(" + text(f) + ")"}
	case kopernik.CmpIsNumeric:
		return sqlPart{sql: "kopernik_is_numeric(" + text(f) + ")"}
	case kopernik.CmpRegexp:
		if other != nil {
			return sqlPart{sql: "kopernik_regexp(" + text(other) + ", " + text(f) + ")"}
		}
		if !selection.ValidRegexp(x.Value) {
			return sqlFalse
		}
		return sqlPart{"kopernik_regexp(?, " + text(f) + ")", []any{b.d.Text(x.Value)}}
	case kopernik.CmpContains, kopernik.CmpNotContains:
		hay, needle := text(f), "?"
		var args []any
		if other != nil {
			needle = text(other)
		} else {
			args = []any{b.d.Text(x.Value)}
		}
		if m != selection.CompareExact {
			hay, needle = b.d.Fold(hay), b.d.Fold(needle)
		}
		op := " > 0"
		if x.Comparison == kopernik.CmpNotContains {
			op = " = 0"
		}
		return sqlPart{b.d.Instr(hay, needle) + op, args}
	}
	var op string
	switch x.Comparison {
	case kopernik.CmpEquals:
		op = " = "
	case kopernik.CmpNotEquals:
		op = " <> "
	case kopernik.CmpLess:
		op = " < "
	case kopernik.CmpMore:
		op = " > "
	default:
		return sqlFalse
	}
	var lhs, rhs string
	var arg any
	raw := ""
	if other == nil {
		raw = selection.FieldOperand(f, m, x.Value, b.now.Location())
	}
	switch m {
	case selection.CompareInt:
		lhs, rhs, arg = col(f), "?", values.Int(raw)
		if other != nil {
			rhs = col(other)
		}
	case selection.CompareFloat:
		lhs, rhs, arg = number(f), "?", finite(values.Float(raw))
		if other != nil {
			rhs = number(other)
		}
	case selection.CompareDate:
		lhs, rhs, arg = b.d.Binary(datetime(f)), b.d.Binary("?"), asDatetime(raw)
		if other != nil {
			if other.Type.IsDate() {
				rhs = b.d.Binary(datetime(other))
			} else {
				rhs = b.d.Binary(text(other))
			}
		}
	case selection.CompareExact:
		lhs, rhs, arg = b.d.Binary(text(f)), b.d.Binary("?"), b.d.Text(raw)
		if other != nil {
			rhs = b.d.Binary(text(other))
		}
	default:
		lhs, rhs, arg = b.d.Fold(text(f)), b.d.Fold("?"), b.d.Text(raw)
		if other != nil {
			rhs = b.d.Fold(text(other))
		}
	}
	if other != nil {
		return sqlPart{sql: lhs + op + rhs}
	}
	return sqlPart{lhs + op + rhs, []any{arg}}
}

func asDatetime(s string) string {
	if len(s) == 10 {
		return s + " 00:00:00"
	}
	return s
}

// finite keeps a bound float finite, as the filter does: some drivers
// refuse an infinity, and beyond float64 the order is the same.
func finite(f float64) float64 {
	switch {
	case f > 1.7976931348623157e308:
		return 1.7976931348623157e308
	case f < -1.7976931348623157e308:
		return -1.7976931348623157e308
	case f != f:
		return 0
	}
	return f
}
