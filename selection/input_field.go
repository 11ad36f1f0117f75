package selection

import (
	"regexp"
	"strings"

	"github.com/kopernik/kopernik"
)

var comparisons = newEnum(
	string(kopernik.CmpEquals), string(kopernik.CmpNotEquals), string(kopernik.CmpContains),
	string(kopernik.CmpNotContains), string(kopernik.CmpLess), string(kopernik.CmpMore),
	string(kopernik.CmpIsEmail), string(kopernik.CmpRegexp), string(kopernik.CmpIsNumeric))

// applyField reads a Field condition (§5.1). Setting `value` clears
// `other-field`; both in one body leave the other field in charge.
func applyField(s *scope, x *kopernik.FieldCondition, b body, create bool) error {
	checkValue := create
	if v, ok := b.get("field"); ok {
		f, err := s.field("field", v)
		if err != nil {
			return err
		}
		x.Field, checkValue = f.ID, true
	}
	if v, ok := b.get("comparison"); ok {
		c, err := comparisons.parse("comparison", v)
		if err != nil {
			return err
		}
		x.Comparison, checkValue = kopernik.FieldComparison(c), true
	}
	if v, ok := b.get("value"); ok {
		t, err := text("value", v)
		if err != nil {
			return err
		}
		x.Value, x.OtherField, checkValue = t, 0, true
	}
	if v, ok := b.get("other-field"); ok {
		x.OtherField = 0
		if !isUnset(v) {
			f, err := s.field("other-field", v)
			if err != nil {
				return err
			}
			x.OtherField = f.ID
		}
	}
	if v, ok := b.get("numeric-comparison"); ok {
		x.Numeric, checkValue = boolean(v), true
	}
	if x.Field == 0 {
		return invalid(fmtRequired, "field")
	}
	if !checkValue || x.OtherField != 0 {
		return nil
	}
	if x.Comparison == kopernik.CmpRegexp {
		if _, err := regexp.Compile(regexpFlags + x.Value); err != nil {
			return invalid(fmtInvalidRegexp, "value")
		}
	}
	if f := s.Catalog.Field(x.Field); f != nil && !x.Numeric && orderComparison(x.Comparison) && f.Type.IsDate() {
		if !fixedDate(f, x.Value, s.Loc) {
			return invalid(fmtRelativeValue)
		}
	}
	return nil
}

// regexpFlags makes `regexp` case-insensitive (O-10).
const regexpFlags = "(?i)"

// orderComparison reports the comparisons that read `value` in the field's
// own comparison form (number, date) rather than as text.
func orderComparison(c kopernik.FieldComparison) bool {
	switch c {
	case kopernik.CmpEquals, kopernik.CmpNotEquals, kopernik.CmpLess, kopernik.CmpMore:
		return true
	}
	return false
}

// applyDate reads a Date condition (§5.3).
func applyDate(s *scope, x *kopernik.DateCondition, b body) error {
	if v, ok := b.get("field"); ok {
		f, err := s.field("field", v)
		if err != nil {
			return err
		}
		if !f.Type.IsDate() {
			return invalid(fmtNotDateField, "field")
		}
		x.Field = f.ID
	}
	if v, ok := b.get("compare-mode"); ok {
		m, err := compareModes.parse("compare-mode", v)
		if err != nil {
			return err
		}
		x.IgnoreYear = m == "ignoreyear"
	}
	if err := applyWindow(&x.Window, b); err != nil {
		return err
	}
	if x.Field == 0 {
		return invalid(fmtRequired, "field")
	}
	return nil
}

var compareModes = newEnum("full", "ignoreyear")

// DoubleField match modes (§5.4).
const (
	DoubleUnique       = "match_unique_profiles"
	DoubleNonUnique    = "match_non_unique_profiles"
	DoubleRepeated     = "match_repeated_profiles"
	DoubleNonRepeated  = "match_non_repeated_profiles"
	DoubleLast         = "match_last_profiles"
	DoubleToBeRepeated = "match_toberepeated_profiles"
)

var doubleModes = newEnum(DoubleUnique, DoubleNonUnique, DoubleRepeated, DoubleNonRepeated, DoubleLast, DoubleToBeRepeated)

// applyDoubleField reads a DoubleField condition (§5.4).
func applyDoubleField(s *scope, x *kopernik.DoubleFieldCondition, b body) error {
	if v, ok := b.get("match-mode"); ok {
		m, err := doubleModes.parse("match-mode", v)
		if err != nil {
			return err
		}
		x.Mode = m
	}
	if v, ok := b.get("fields"); ok {
		items := nameList(v)
		x.Fields = x.Fields[:0]
		for _, it := range items {
			f, err := s.field("fields", it)
			if err != nil {
				return err
			}
			if !containsID(x.Fields, f.ID) {
				x.Fields = append(x.Fields, f.ID)
			}
		}
	}
	if len(x.Fields) == 0 {
		return invalid(fmtRequired, "fields")
	}
	return nil
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// nameList reads a list of references: a JSON or form list, a string
// holding a JSON array, or a string such as "[firstname, lastname]" or
// "firstname,lastname" (§5.4).
func nameList(v any) []any {
	if l, ok := list(v); ok {
		return l
	}
	if isUnset(v) {
		return nil
	}
	s, ok := v.(string)
	if !ok {
		return []any{v}
	}
	s = strings.TrimSpace(s)
	s = strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")
	var out []any
	for _, part := range strings.Split(s, ",") {
		part = strings.Trim(strings.TrimSpace(part), `"'`)
		if part != "" {
			out = append(out, part)
		}
	}
	return out
}
