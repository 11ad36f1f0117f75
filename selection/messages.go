package selection

// Error messages of selection input. Copernica documents none of them; they
// name the property at fault so a client can fix its request.
const (
	MsgUnknownType       = "Invalid condition type"
	MsgTypeNotInMinirule = "Condition type not allowed in a minirule"
	MsgTypeMismatch      = "Condition type cannot be changed"
	MsgCycle             = "Selection would depend on itself"
	MsgNoOwner           = "No view or miniview for this rule"
)

// Messages with the property name filled in.
const (
	fmtInvalid       = "Invalid value for %s"
	fmtRequired      = "Property %s is required"
	fmtUnknownField  = "Unknown field in %s"
	fmtUnknownIntr   = "Unknown interest in %s"
	fmtUnknownGroup  = "Unknown interest group in %s"
	fmtUnknownView   = "Unknown view in %s"
	fmtUnknownMini   = "Unknown miniview in %s"
	fmtAmbiguousMini = "Miniview name in %s is not unique, use its ID"
	fmtNotDateField  = "Field in %s is not a date field"
	fmtInvalidTime   = "Invalid time in %s, use YYYY-MM-DD HH:MM:SS"
	fmtInvalidMut    = "Invalid mutation in %s"
	fmtInvalidRegexp = "Invalid regular expression in %s"
	fmtRelativeValue = "Value of a date field comparison must be a fixed date (use a Date condition for relative dates)"
	fmtNotInMini     = "Value of %s is not allowed in a minirule"
	fmtMinAboveMax   = "min-subprofiles is larger than max-subprofiles"
)
