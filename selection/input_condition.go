package selection

import (
	"time"

	"github.com/kopernik/kopernik"
)

// Scope is what a condition is read against: the structure, the other
// selections, and the view or miniview that owns the rule.
type Scope struct {
	Catalog *kopernik.Catalog
	Defs    *Definitions
	Owner   kopernik.SelectionRef
	// Loc is the service time zone; it reads date values of Field
	// conditions (nil: UTC).
	Loc *time.Location
}

// scope is a Scope with the owner resolved.
type scope struct {
	Scope
	database   *kopernik.Database
	collection *kopernik.Collection // set for a minirule
	fields     []*kopernik.Field    // the fields a condition of this owner tests
}

func (s Scope) resolve() (*scope, error) {
	r := &scope{Scope: s}
	switch s.Owner.Kind {
	case kopernik.KindView:
		if v := s.Defs.View(s.Owner.ID); v != nil {
			r.database = s.Catalog.Database(v.Database)
		}
	case kopernik.KindMiniview:
		if m := s.Defs.Miniview(s.Owner.ID); m != nil {
			r.collection = s.Catalog.Collection(m.Collection)
			if r.collection != nil {
				r.database = s.Catalog.Database(r.collection.DatabaseID)
			}
		}
	}
	if r.database == nil || (s.Owner.Kind == kopernik.KindMiniview && r.collection == nil) {
		return nil, invalid(MsgNoOwner)
	}
	r.fields = r.database.Fields
	if r.collection != nil {
		r.fields = r.collection.Fields
	}
	return r, nil
}

func (s *scope) mini() bool { return s.collection != nil }

// ParseType reads a condition type name: any letter case, and '_', '-' or
// ' ' between words are ignored ("field", "DoubleField", "refer_view").
func ParseType(name string) (kopernik.ConditionType, bool) {
	k := enumKey(name)
	for _, t := range kopernik.ConditionTypes {
		if enumKey(string(t)) == k {
			return t, true
		}
	}
	return "", false
}

// AllowedInMinirule reports the types a minirule accepts (§5.0, O-14): the
// union of the two doc pages minus those that test profile-only data.
func AllowedInMinirule(t kopernik.ConditionType) bool {
	switch t {
	case kopernik.CondInterest, kopernik.CondLastContact, kopernik.CondToDo, kopernik.CondReferView:
		return false
	}
	return true
}

// ParseCondition reads a new condition from a request body: `type` plus the
// properties of that type, defaults for the rest (§5). Every error is
// EINVALID (400).
func ParseCondition(sc Scope, b *kopernik.Map) (kopernik.ConditionProps, error) {
	s, err := sc.resolve()
	if err != nil {
		return nil, err
	}
	v, _ := body{b}.get("type")
	name, _ := v.(string)
	t, ok := ParseType(name)
	if !ok {
		return nil, invalid(MsgUnknownType)
	}
	if s.mini() && !AllowedInMinirule(t) {
		return nil, invalid(MsgTypeNotInMinirule)
	}
	p := defaults(t)
	if err := apply(s, p, body{b}, true); err != nil {
		return nil, err
	}
	return p, nil
}

// UpdateCondition applies a partial update (PUT condition, §8.5): only the
// properties in the body change. A `type` in the body must name the stored
// type. old is not modified.
func UpdateCondition(sc Scope, old kopernik.ConditionProps, b *kopernik.Map) (kopernik.ConditionProps, error) {
	s, err := sc.resolve()
	if err != nil {
		return nil, err
	}
	if v, ok := (body{b}).get("type"); ok {
		name, _ := v.(string)
		if t, ok := ParseType(name); !ok || t != old.ConditionType() {
			return nil, invalid(MsgTypeMismatch)
		}
	}
	p, err := Clone(old)
	if err != nil {
		return nil, err
	}
	if err := apply(s, p, body{b}, false); err != nil {
		return nil, err
	}
	return p, nil
}

// Clone copies a property set deeply (through its stored document, which
// is exactly what must survive).
func Clone(p kopernik.ConditionProps) (kopernik.ConditionProps, error) {
	doc, err := kopernik.EncodeConditionProps(p)
	if err != nil {
		return nil, err
	}
	return kopernik.DecodeConditionProps(p.ConditionType(), doc)
}

// defaults is a new condition of type t before its body is read (O-11).
func defaults(t kopernik.ConditionType) kopernik.ConditionProps {
	p := kopernik.NewConditionProps(t)
	switch x := p.(type) {
	case *kopernik.FieldCondition:
		x.Comparison = kopernik.CmpEquals
	case *kopernik.InterestCondition:
		x.Mode = ModeWithInterest
	case *kopernik.DoubleFieldCondition:
		x.Mode = DoubleUnique
	case *kopernik.ChangeCondition:
		x.ChangeType = ChangeAny
	case *kopernik.MailingCondition:
		x.Mode = MailSomething
		x.Destination = "anything"
		if t == kopernik.CondEmail {
			x.Result = "nocheck"
		}
	case *kopernik.SurveyCondition:
		x.Submitter = "anything"
	case *kopernik.ContactCondition:
		x.MatchType = "match_intelligent"
		x.Mode = ContactContacted
	}
	return p
}

// apply reads the body into p and checks the result: required properties
// must be set afterwards, and every property sent is validated. A stored
// reference that was not sent is not checked again, since it may dangle
// (§9); create makes a Field condition check its value even when only the
// defaults were sent.
func apply(s *scope, p kopernik.ConditionProps, b body, create bool) error {
	switch x := p.(type) {
	case *kopernik.FieldCondition:
		return applyField(s, x, b, create)
	case *kopernik.InterestCondition:
		return applyInterest(s, x, b)
	case *kopernik.DateCondition:
		return applyDate(s, x, b)
	case *kopernik.DoubleFieldCondition:
		return applyDoubleField(s, x, b)
	case *kopernik.PartCondition:
		return applyPart(s, x, b)
	case *kopernik.ReferViewCondition:
		return applyReferView(s, x, b)
	case *kopernik.MiniViewCondition:
		return applyMiniView(s, x, b)
	case *kopernik.ChangeCondition:
		return applyChange(s, x, b)
	case *kopernik.ExportCondition:
		return applyExport(x, b)
	case *kopernik.MailingCondition:
		return applyMailing(x, b)
	case *kopernik.SurveyCondition:
		return applySurvey(x, b)
	case *kopernik.ContactCondition:
		return applyContact(x, b)
	}
	return invalid(MsgUnknownType)
}
