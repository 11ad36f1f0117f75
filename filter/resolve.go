package filter

import (
	"strconv"
	"strings"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/values"
)

// modifiedField is the synthetic field a `modified` value normalises as.
var modifiedField = &kopernik.Field{Name: "modified", Type: kopernik.TypeDatetime}

// Resolve applies conventions.md §8.3 to parsed conditions against the fields
// of a database (profiles) or collection (subprofiles): a name matches a
// field case-insensitively, then the special names id, code and modified; all
// conditions that apply must hold (an And). Values are brought into the form
// their column compares in, once, here: numeric and date values normalised
// like input values (B70), text and select values verbatim, LIKE patterns
// trimmed on numeric and date columns. The expression is nil when no
// condition applies; the conditions that do not apply come back as ignored.
func Resolve(fields []*kopernik.Field, conds []Cond, conv values.Conv) (kopernik.Expr, []Ignored) {
	var and kopernik.And
	var ignored []Ignored
	for _, c := range conds {
		op := c.Op.cmp()
		if op == 0 {
			ignored = append(ignored, Ignored{Element: c.String(), Reason: UnknownOperator})
			continue
		}
		col, ok := resolveName(fields, c.Name)
		if !ok {
			ignored = append(ignored, Ignored{Element: c.String(), Reason: UnknownField})
			continue
		}
		and = append(and, kopernik.Cmp{Col: col, Op: op, Value: comparisonForm(col, op, c.Value, conv)})
	}
	if len(and) == 0 {
		return nil, ignored
	}
	return and, ignored
}

// resolveName finds what a condition's name tests: a field first (B71), then
// the special names.
func resolveName(fields []*kopernik.Field, name string) (kopernik.Column, bool) {
	if f := fieldByName(fields, name); f != nil {
		_, ok := kindOf(f)
		return kopernik.Column{Field: f}, ok
	}
	switch {
	case strings.EqualFold(name, "id"):
		return kopernik.Column{Fixed: kopernik.ColID}, true
	case strings.EqualFold(name, "code"):
		return kopernik.Column{Fixed: kopernik.ColSecret}, true
	case strings.EqualFold(name, "modified"):
		return kopernik.Column{Fixed: kopernik.ColModified}, true
	}
	return kopernik.Column{}, false
}

// comparisonForm is raw in the comparison form of col (see kopernik.Cmp).
func comparisonForm(col kopernik.Column, op kopernik.CmpOp, raw string, conv values.Conv) string {
	f := col.Field
	switch col.Fixed {
	case kopernik.ColID:
		f = nil
		if op != kopernik.OpLike && op != kopernik.OpNotLike {
			return strconv.FormatInt(values.Int(raw), 10)
		}
	case kopernik.ColSecret:
		return raw
	case kopernik.ColModified:
		f = modifiedField
	}
	if f != nil && !f.Type.IsNumeric() && !f.Type.IsDate() {
		return raw // text-like and select: verbatim, also as a pattern
	}
	if op == kopernik.OpLike || op == kopernik.OpNotLike {
		return strings.Trim(raw, blanks)
	}
	return conv.Normalize(f, raw)
}

// ResolveOrder resolves orderby/order (conventions.md §9, B73–B75). The
// special words id, random and modified (any case) beat fields of the same
// name; then a field name (case-insensitive) or a field ID in digits;
// anything else orders by ID. order desc/descending (any case) sorts
// descending, every other value ascending.
func ResolveOrder(fields []*kopernik.Field, orderby, order string) kopernik.Order {
	o := kopernik.Order{Desc: strings.EqualFold(order, "desc") || strings.EqualFold(order, "descending")}
	switch {
	case strings.EqualFold(orderby, "id"):
		return o
	case strings.EqualFold(orderby, "random"):
		o.By = kopernik.OrderRandom
		return o
	case strings.EqualFold(orderby, "modified"):
		o.By = kopernik.OrderModified
		return o
	}
	f := fieldByName(fields, orderby)
	if f == nil && isDigits(orderby) {
		if n, err := strconv.ParseInt(orderby, 10, 64); err == nil {
			for _, g := range fields {
				if g != nil && g.ID == n {
					f = g
				}
			}
		}
	}
	if _, ok := kindOf(f); ok {
		o.By, o.Field = kopernik.OrderField, f
	}
	return o
}

func fieldByName(fields []*kopernik.Field, name string) *kopernik.Field {
	for _, f := range fields {
		if f != nil && strings.EqualFold(f.Name, name) {
			return f
		}
	}
	return nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
