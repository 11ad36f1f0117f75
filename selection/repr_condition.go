package selection

import (
	"github.com/kopernik/kopernik"
)

// ConditionObject is a condition as GET rule prints it (§6): ID, type,
// rule, then every property of its type, unset ones false. A reference to
// a deleted field, interest, view or miniview prints false (§9).
func ConditionObject(cat *kopernik.Catalog, defs *Definitions, c *kopernik.Condition) *kopernik.Map {
	o := newObject(12).
		add("ID", idText(c.ID)).
		add("type", string(c.Type())).
		add("rule", idText(c.Rule))
	r := refs{cat, defs}
	switch x := c.Props.(type) {
	case *kopernik.FieldCondition:
		o.add("comparison", string(x.Comparison)).
			add("field", r.field(x.Field)).
			add("value", x.Value).
			add("other-field", r.field(x.OtherField)).
			add("numeric-comparison", x.Numeric)
	case *kopernik.InterestCondition:
		o.add("match-mode", x.Mode).
			add("interest", r.interest(x.Interest)).
			add("interest-group", orFalse(x.Group))
	case *kopernik.DateCondition:
		mode := "full"
		if x.IgnoreYear {
			mode = "ignoreyear"
		}
		o.add("field", r.field(x.Field)).add("compare-mode", mode)
		addWindow(o, x.Window)
	case *kopernik.DoubleFieldCondition:
		names := make([]any, len(x.Fields))
		for i, id := range x.Fields {
			names[i] = r.fieldName(id)
		}
		o.add("match-mode", x.Mode).add("fields", names)
	case *kopernik.PartCondition:
		length := any(false)
		if x.Length != nil {
			length = amountText(*x.Length)
		}
		keys := make([]any, len(x.Sort))
		for i, k := range x.Sort {
			order := "asc"
			if k.Desc {
				order = "desc"
			}
			keys[i] = newObject(3).add("field", r.fieldName(k.Field)).add("order", order).add("numeric", k.Numeric).m
		}
		o.add("begin", amountText(x.Begin)).add("length", length).add("fields", keys)
	case *kopernik.ReferViewCondition:
		check := "yes"
		if x.Not {
			check = "no"
		}
		o.add("refer-view", r.selection(kopernik.ViewRef(x.View))).add("check-type", check)
	case *kopernik.MiniViewCondition:
		o.add("mini-view", r.selection(kopernik.MiniviewRef(x.Miniview))).
			add("min-subprofiles", countOrFalse(x.Min)).
			add("max-subprofiles", countOrFalse(x.Max))
	case *kopernik.ChangeCondition:
		o.add("change-type", x.ChangeType).
			add("field", r.field(x.Field)).
			add("interest", r.interest(x.Interest))
		addWindow(o, x.Window)
	case *kopernik.ExportCondition:
		o.add("include-never-exported-profiles", x.IncludeNever)
		addWindow(o, x.Window)
	case *kopernik.MailingCondition:
		o.add("match-mode", x.Mode).
			add("required-destination", orFalse(x.Destination)).
			add("document", orFalse(x.Document)).
			add("template", orFalse(x.Template)).
			add("number", orFalse(x.Number)).
			add("operator", orFalse(x.Operator))
		if x.Channel == kopernik.CondEmail {
			o.add("required-result", orFalse(x.Result)).
				add("clicked-url", orFalse(x.URL)).
				add("required-errors", orFalse(x.Errors))
		}
		addWindow(o, x.Window)
	case *kopernik.SurveyCondition:
		o.add("survey-name", orFalse(x.Survey)).add("submitter", x.Submitter)
		addWindow(o, x.Window)
	case *kopernik.ContactCondition:
		o.add("match-type", x.MatchType).
			add("match-mode", x.Mode).
			add("contact-type", orFalse(x.ContactType)).
			add("min-closed", countOrFalse(x.MinClosed)).
			add("max-closed", countOrFalse(x.MaxClosed)).
			add("user", orFalse(x.User)).
			add("priority", orFalse(x.Priority)).
			add("contains", orFalse(x.Contains))
		addWindow(o, x.Window)
	}
	return o.m
}

func addWindow(o object, w kopernik.TimeWindow) {
	mut := func(m *kopernik.Mutation) any {
		if m == nil {
			return false
		}
		return MutationText(m)
	}
	o.add("before-time", orFalse(w.BeforeTime)).
		add("after-time", orFalse(w.AfterTime)).
		add("before-mutation", mut(w.BeforeMutation)).
		add("after-mutation", mut(w.AfterMutation))
}

// amountText prints a Part begin or length as it can be sent back: "-0",
// "10%", "-5".
func amountText(a kopernik.PartAmount) string {
	s := idText(a.Abs)
	if a.Percent {
		s += "%"
	}
	if a.Neg {
		s = "-" + s
	}
	return s
}

// refs prints references, false when unset or dangling.
type refs struct {
	cat  *kopernik.Catalog
	defs *Definitions
}

func (r refs) field(id int64) any {
	if f := r.cat.Field(id); id != 0 && f != nil {
		return FieldObject(f)
	}
	return false
}

func (r refs) fieldName(id int64) any {
	if f := r.cat.Field(id); f != nil {
		return f.Name
	}
	return false
}

func (r refs) interest(id int64) any {
	if i := r.cat.Interest(id); id != 0 && i != nil {
		return InterestObject(i)
	}
	return false
}

func (r refs) selection(ref kopernik.SelectionRef) any {
	if ref.ID != 0 && r.defs.Exists(ref) {
		return idText(ref.ID)
	}
	return false
}
