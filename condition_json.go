package kopernik

import (
	"encoding/json"
	"fmt"
)

// NewConditionProps returns the empty property set of type t, nil for an
// unknown type. Mailing and contact conditions carry their type inside.
func NewConditionProps(t ConditionType) ConditionProps {
	switch t {
	case CondField:
		return &FieldCondition{}
	case CondInterest:
		return &InterestCondition{}
	case CondDate:
		return &DateCondition{}
	case CondDoubleField:
		return &DoubleFieldCondition{}
	case CondPart:
		return &PartCondition{}
	case CondReferView:
		return &ReferViewCondition{}
	case CondMiniView:
		return &MiniViewCondition{}
	case CondChange:
		return &ChangeCondition{}
	case CondExport:
		return &ExportCondition{}
	case CondEmail, CondSms, CondFax:
		return &MailingCondition{Channel: t}
	case CondSurvey:
		return &SurveyCondition{}
	case CondLastContact, CondToDo:
		return &ContactCondition{Kind: t}
	}
	return nil
}

// EncodeConditionProps is the stored property document of p.
func EncodeConditionProps(p ConditionProps) ([]byte, error) { return json.Marshal(p) }

// DecodeConditionProps reads a document written by EncodeConditionProps for
// a condition of type t. The type stored with the condition wins over any
// type named inside the document, so a row can never change its type.
func DecodeConditionProps(t ConditionType, doc []byte) (ConditionProps, error) {
	p := NewConditionProps(t)
	if p == nil {
		return nil, fmt.Errorf("unknown condition type %q", t)
	}
	if err := json.Unmarshal(doc, p); err != nil {
		return nil, fmt.Errorf("condition properties of type %s: %w", t, err)
	}
	switch x := p.(type) {
	case *MailingCondition:
		x.Channel = t
	case *ContactCondition:
		x.Kind = t
	}
	return p, nil
}
