package kopernik

// ConditionType is the canonical name of one of the fifteen condition types
// (selections.md §5); input spellings are resolved by the selection package.
type ConditionType string

const (
	CondField       ConditionType = "Field"
	CondInterest    ConditionType = "Interest"
	CondDate        ConditionType = "Date"
	CondDoubleField ConditionType = "DoubleField"
	CondPart        ConditionType = "Part"
	CondReferView   ConditionType = "ReferView"
	CondMiniView    ConditionType = "MiniView"
	CondChange      ConditionType = "Change"
	CondExport      ConditionType = "Export"
	CondEmail       ConditionType = "Email"
	CondSms         ConditionType = "Sms"
	CondFax         ConditionType = "Fax"
	CondSurvey      ConditionType = "Survey"
	CondLastContact ConditionType = "LastContact"
	CondToDo        ConditionType = "ToDo"
)

// ConditionTypes lists the fifteen types in the order of the spec's table.
var ConditionTypes = []ConditionType{
	CondField, CondInterest, CondDate, CondDoubleField, CondPart, CondReferView, CondMiniView,
	CondChange, CondExport, CondEmail, CondSms, CondFax, CondSurvey, CondLastContact, CondToDo,
}

// Condition is one test of a rule (or minirule). Its type is fixed at
// creation and is the type of Props.
type Condition struct {
	ID    int64
	Rule  int64
	Props ConditionProps
}

// Type is the condition's type; a condition without properties has none.
func (c *Condition) Type() ConditionType {
	if c == nil || c.Props == nil {
		return ""
	}
	return c.Props.ConditionType()
}

// ConditionProps is the typed property set of one condition type. The
// structs store as a JSON document (encoding/json with their tags) and are
// decoded again with DecodeConditionProps. References are IDs: a field,
// interest, view or miniview may be renamed or deleted without touching the
// condition; a deleted target leaves the reference dangling (selections.md §9).
type ConditionProps interface {
	ConditionType() ConditionType
}

// FieldComparison values are spelled as the API prints them.
type FieldComparison string

const (
	CmpEquals      FieldComparison = "equals"
	CmpNotEquals   FieldComparison = "not equals"
	CmpContains    FieldComparison = "contains"
	CmpNotContains FieldComparison = "not contains"
	CmpLess        FieldComparison = "less"
	CmpMore        FieldComparison = "more"
	CmpIsEmail     FieldComparison = "is_email"
	CmpRegexp      FieldComparison = "regexp"
	CmpIsNumeric   FieldComparison = "is-numeric"
)

// FieldCondition compares a field with a value or another field (§5.1).
type FieldCondition struct {
	Field      int64           `json:"field"`
	Comparison FieldComparison `json:"comparison"`
	// Value is kept as the client sent it; it is brought into the field's
	// comparison form when the condition is prepared for evaluation.
	Value      string `json:"value,omitempty"`
	OtherField int64  `json:"other-field,omitempty"` // 0: compare with Value
	Numeric    bool   `json:"numeric-comparison,omitempty"`
}

// InterestCondition tests one interest or a group of interests (§5.2).
type InterestCondition struct {
	Mode     string `json:"match-mode"`
	Interest int64  `json:"interest,omitempty"`
	Group    string `json:"interest-group,omitempty"`
}

// TimeUnit is a unit of a mutation (§4); "" means none (no flooring).
type TimeUnit string

const (
	UnitSecond TimeUnit = "second"
	UnitMinute TimeUnit = "minute"
	UnitHour   TimeUnit = "hour"
	UnitDay    TimeUnit = "day"
	UnitWeek   TimeUnit = "week"
	UnitMonth  TimeUnit = "month"
	UnitYear   TimeUnit = "year"
)

// Mutation is a point relative to the build time (§4). Shape A moves by
// Count Units and floors to Floor; shape B (Interval) moves by a calendar
// interval, to the second.
type Mutation struct {
	Minus    bool     `json:"minus,omitempty"`
	Count    int64    `json:"count,omitempty"`
	Unit     TimeUnit `json:"unit,omitempty"`
	Floor    TimeUnit `json:"floor,omitempty"`
	Interval bool     `json:"interval,omitempty"`
	Years    int64    `json:"years,omitempty"`
	Months   int64    `json:"months,omitempty"`
	Days     int64    `json:"days,omitempty"`
	Hours    int64    `json:"hours,omitempty"`
	Minutes  int64    `json:"minutes,omitempty"`
	Seconds  int64    `json:"seconds,omitempty"`
}

// TimeWindow bounds a moment (§4): times are "YYYY-MM-DD HH:MM:SS" in the
// service zone, "" when unset; a mutation overrides the fixed time on its
// own side (O-8).
type TimeWindow struct {
	BeforeTime     string    `json:"before-time,omitempty"`
	AfterTime      string    `json:"after-time,omitempty"`
	BeforeMutation *Mutation `json:"before-mutation,omitempty"`
	AfterMutation  *Mutation `json:"after-mutation,omitempty"`
}

// Relative reports whether the window moves with the clock.
func (w TimeWindow) Relative() bool { return w.BeforeMutation != nil || w.AfterMutation != nil }

// Bounded reports whether the window restricts anything.
func (w TimeWindow) Bounded() bool {
	return w.BeforeTime != "" || w.AfterTime != "" || w.Relative()
}

// DateCondition tests a date or datetime field against a window (§5.3).
type DateCondition struct {
	Field      int64      `json:"field"`
	IgnoreYear bool       `json:"ignoreyear,omitempty"`
	Window     TimeWindow `json:"window"`
}

// DoubleFieldCondition groups entities by the values of Fields (§5.4).
type DoubleFieldCondition struct {
	Mode   string  `json:"match-mode"`
	Fields []int64 `json:"fields"`
}

// PartAmount is a begin or length of a Part condition: Abs entities or Abs
// percent of the set, counted from the end when Neg. Neg is kept apart from
// Abs because "-0" differs from "0" (§5.5).
type PartAmount struct {
	Abs     int64 `json:"abs,omitempty"`
	Percent bool  `json:"percent,omitempty"`
	Neg     bool  `json:"neg,omitempty"`
}

// SortKey is one sort key of a Part condition.
type SortKey struct {
	Field   int64 `json:"field"`
	Desc    bool  `json:"desc,omitempty"`
	Numeric bool  `json:"numeric,omitempty"`
}

// PartCondition sorts the set and keeps a slice of it (§5.5).
type PartCondition struct {
	Begin  PartAmount  `json:"begin"`
	Length *PartAmount `json:"length,omitempty"` // nil: all
	Sort   []SortKey   `json:"fields,omitempty"`
}

// ReferViewCondition tests membership of another view (§5.6).
type ReferViewCondition struct {
	View int64 `json:"refer-view"`
	// Not is check-type "no": the profile must not be a member.
	Not bool `json:"not,omitempty"`
}

// MiniViewCondition counts the profile's subprofiles in a miniview (§5.7).
// Nil bounds are unset; the defaults of §5.7 apply when evaluating.
type MiniViewCondition struct {
	Miniview int64  `json:"mini-view"`
	Min      *int64 `json:"min-subprofiles,omitempty"`
	Max      *int64 `json:"max-subprofiles,omitempty"`
}

// ChangeCondition tests the change journal (§5.8).
type ChangeCondition struct {
	ChangeType string     `json:"change-type"`
	Field      int64      `json:"field,omitempty"`
	Interest   int64      `json:"interest,omitempty"`
	Window     TimeWindow `json:"window"`
}

// ExportCondition tests the export log (§5.9).
type ExportCondition struct {
	IncludeNever bool       `json:"include-never-exported-profiles,omitempty"`
	Window       TimeWindow `json:"window"`
}

// MailingCondition is an Email, Sms or Fax condition (§5.10). The three
// Email-only properties stay empty for the other two.
type MailingCondition struct {
	Channel     ConditionType `json:"channel"` // CondEmail, CondSms or CondFax
	Mode        string        `json:"match-mode"`
	Destination string        `json:"required-destination,omitempty"`
	Document    string        `json:"document,omitempty"`
	Template    string        `json:"template,omitempty"`
	// Number is "n", or "a,b" for the between operator; "" when unset.
	Number   string     `json:"number,omitempty"`
	Operator string     `json:"operator,omitempty"`
	Result   string     `json:"required-result,omitempty"`
	URL      string     `json:"clicked-url,omitempty"`
	Errors   string     `json:"required-errors,omitempty"`
	Window   TimeWindow `json:"window"`
}

// SurveyCondition tests survey submissions (§5.11).
type SurveyCondition struct {
	Survey    string     `json:"survey-name,omitempty"`
	Submitter string     `json:"submitter"`
	Window    TimeWindow `json:"window"`
}

// ContactCondition is a LastContact or ToDo condition (§5.12).
type ContactCondition struct {
	Kind        ConditionType `json:"kind"` // CondLastContact or CondToDo
	MatchType   string        `json:"match-type"`
	Mode        string        `json:"match-mode"`
	ContactType string        `json:"contact-type,omitempty"`
	MinClosed   *int64        `json:"min-closed,omitempty"`
	MaxClosed   *int64        `json:"max-closed,omitempty"`
	User        string        `json:"user,omitempty"`
	Priority    string        `json:"priority,omitempty"`
	Contains    string        `json:"contains,omitempty"`
	Window      TimeWindow    `json:"window"`
}

func (*FieldCondition) ConditionType() ConditionType       { return CondField }
func (*InterestCondition) ConditionType() ConditionType    { return CondInterest }
func (*DateCondition) ConditionType() ConditionType        { return CondDate }
func (*DoubleFieldCondition) ConditionType() ConditionType { return CondDoubleField }
func (*PartCondition) ConditionType() ConditionType        { return CondPart }
func (*ReferViewCondition) ConditionType() ConditionType   { return CondReferView }
func (*MiniViewCondition) ConditionType() ConditionType    { return CondMiniView }
func (*ChangeCondition) ConditionType() ConditionType      { return CondChange }
func (*ExportCondition) ConditionType() ConditionType      { return CondExport }
func (m *MailingCondition) ConditionType() ConditionType   { return m.Channel }
func (*SurveyCondition) ConditionType() ConditionType      { return CondSurvey }
func (c *ContactCondition) ConditionType() ConditionType   { return c.Kind }
