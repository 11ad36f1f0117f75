package selection

import (
	"strconv"
	"strings"

	"github.com/kopernik/kopernik"
)

// Change types (§5.8).
const (
	ChangeAny                = "any"
	ChangeNone               = "none"
	ChangeField              = "field"
	ChangeNoField            = "nofield"
	ChangeNew                = "new"
	ChangeNotNew             = "notnew"
	ChangeEdit               = "edit"
	ChangeNoEdit             = "noedit"
	ChangeNewSubprofile      = "newsubprofile"
	ChangeNoNewSubprofile    = "nonewsubprofile"
	ChangeEditSubprofile     = "editsubprofile"
	ChangeNoEditSubprofile   = "noeditsubprofile"
	ChangeRemoveSubprofile   = "removesubprofile"
	ChangeNoRemoveSubprofile = "noremovesubprofile"
	ChangeInterest           = "interest"
	ChangeGotInterest        = "gotinterest"
	ChangeLostInterest       = "lostinterest"
)

var changeTypes = newEnum(ChangeAny, ChangeNone, ChangeField, ChangeNoField, ChangeNew, ChangeNotNew,
	ChangeEdit, ChangeNoEdit, ChangeNewSubprofile, ChangeNoNewSubprofile, ChangeEditSubprofile,
	ChangeNoEditSubprofile, ChangeRemoveSubprofile, ChangeNoRemoveSubprofile, ChangeInterest,
	ChangeGotInterest, ChangeLostInterest)

// changeTypeForSubprofiles reports the change types a minicondition takes
// (O-16): those that speak about the entity itself.
func changeTypeForSubprofiles(t string) bool {
	switch t {
	case ChangeAny, ChangeNone, ChangeField, ChangeNoField, ChangeNew, ChangeNotNew, ChangeEdit, ChangeNoEdit:
		return true
	}
	return false
}

// applyChange reads a Change condition (§5.8).
func applyChange(s *scope, x *kopernik.ChangeCondition, b body) error {
	if v, ok := b.get("change-type"); ok {
		t, err := changeTypes.parse("change-type", v)
		if err != nil {
			return err
		}
		if s.mini() && !changeTypeForSubprofiles(t) {
			return invalid(fmtNotInMini, "change-type")
		}
		x.ChangeType = t
	}
	if v, ok := b.get("field"); ok {
		x.Field = 0
		if !isUnset(v) {
			f, err := s.field("field", v)
			if err != nil {
				return err
			}
			x.Field = f.ID
		}
	}
	// Subprofiles have no interests: a minicondition ignores the property.
	if v, ok := b.get("interest"); ok && !s.mini() {
		x.Interest = 0
		if !isUnset(v) {
			i, err := s.interest("interest", v)
			if err != nil {
				return err
			}
			x.Interest = i.ID
		}
	}
	return applyWindow(&x.Window, b)
}

// applyExport reads an Export condition (§5.9).
func applyExport(x *kopernik.ExportCondition, b body) error {
	if v, ok := b.get("include-never-exported-profiles"); ok {
		x.IncludeNever = boolean(v)
	}
	return applyWindow(&x.Window, b)
}

// Mailing match modes (§5.10).
const (
	MailSomething   = "match_profiles_that_received_something"
	MailDocument    = "match_profiles_that_received_document"
	MailNothing     = "match_profiles_that_received_nothing"
	MailNotDocument = "match_profiles_that_received_not_document"
)

var (
	mailModes        = newEnum(MailSomething, MailDocument, MailNothing, MailNotDocument)
	mailDestinations = newEnum("profile", "subprofile", "anything")
	mailOperators    = newEnum("=", "!=", "<>", "<", ">").alias("==", "=")
	mailResults      = newEnum("nocheck", "view", "viewnoclick", "anyclick", "clickonurl", "noclick",
		"error", "noerror", "abuse", "noabuse", "nothing", "anything")
	mailErrors = newEnum("mailmessage", "unreachable", "nocontent", "nohost", "nodata",
		"privateiprange", "other", "temp", "final")
)

// enumProp and textProp drive the reading of the many plain properties of
// the history conditions.
type enumProp struct {
	name string
	e    enum
	dst  *string
}

type textProp struct {
	names []string // the documented name first, then accepted aliases
	dst   *string
}

func readEnums(b body, props []enumProp) error {
	for _, p := range props {
		v, ok := b.get(p.name)
		if !ok {
			continue
		}
		if isUnset(v) {
			*p.dst = ""
			continue
		}
		c, err := p.e.parse(p.name, v)
		if err != nil {
			return err
		}
		*p.dst = c
	}
	return nil
}

func readTexts(b body, props []textProp) error {
	for _, p := range props {
		v, ok := b.get(p.names...)
		if !ok {
			continue
		}
		t, err := text(p.names[0], v)
		if err != nil {
			return err
		}
		*p.dst = strings.TrimSpace(t)
	}
	return nil
}

// applyMailing reads an Email, Sms or Fax condition (§5.10); the three
// Email-only properties are unknown (ignored) for the other two.
func applyMailing(x *kopernik.MailingCondition, b body) error {
	enums := []enumProp{
		{"match-mode", mailModes, &x.Mode},
		{"required-destination", mailDestinations, &x.Destination},
		{"operator", mailOperators, &x.Operator},
	}
	texts := []textProp{{[]string{"document"}, &x.Document}, {[]string{"template"}, &x.Template}, {[]string{"number"}, &x.Number}}
	email := x.Channel == kopernik.CondEmail
	if email {
		enums = append(enums, enumProp{"required-result", mailResults, &x.Result})
		texts = append(texts, textProp{[]string{"clicked-url", "required-url"}, &x.URL})
	}
	if err := readEnums(b, enums); err != nil {
		return err
	}
	if x.Mode == "" {
		return invalid(fmtRequired, "match-mode")
	}
	if err := readTexts(b, texts); err != nil {
		return err
	}
	if v, ok := b.get("required-errors"); ok && email {
		x.Errors = ""
		if id, isCode := refID(v); isCode {
			x.Errors = strconv.FormatInt(id, 10)
		} else if !isUnset(v) {
			e, err := mailErrors.parse("required-errors", v)
			if err != nil {
				return err
			}
			x.Errors = e
		}
	}
	if x.Number != "" {
		n, ok := canonicalNumber(x.Number, x.Operator == "<>")
		if !ok {
			return invalid(fmtInvalid, "number")
		}
		x.Number = n
	}
	return applyWindow(&x.Window, b)
}

// canonicalNumber checks a mailing count: one whole number, or for the
// between operator two separated by ',' or '-' (O-17), printed as "a,b".
func canonicalNumber(s string, between bool) (string, bool) {
	if !between {
		n, err := strconv.ParseUint(strings.TrimSpace(s), 10, 62)
		return strconv.FormatUint(n, 10), err == nil
	}
	sep := ","
	if !strings.Contains(s, sep) {
		sep = "-"
	}
	lo, hi, found := strings.Cut(s, sep)
	if !found {
		return "", false
	}
	a, err1 := strconv.ParseUint(strings.TrimSpace(lo), 10, 62)
	z, err2 := strconv.ParseUint(strings.TrimSpace(hi), 10, 62)
	if err1 != nil || err2 != nil || a > z {
		return "", false
	}
	return strconv.FormatUint(a, 10) + "," + strconv.FormatUint(z, 10), true
}

// Survey submitters (§5.11).
var surveySubmitters = newEnum("profile", "subprofile", "anything", "none", "noprofile", "nosubprofile")

// applySurvey reads a Survey condition (§5.11).
func applySurvey(x *kopernik.SurveyCondition, b body) error {
	if err := readTexts(b, []textProp{{[]string{"survey-name"}, &x.Survey}}); err != nil {
		return err
	}
	if err := readEnums(b, []enumProp{{"submitter", surveySubmitters, &x.Submitter}}); err != nil {
		return err
	}
	if x.Submitter == "" {
		return invalid(fmtRequired, "submitter")
	}
	return applyWindow(&x.Window, b)
}

// Contact match modes (§5.12).
const (
	ContactContacted    = "match_contacted_profiles"
	ContactNotContacted = "match_not_contacted_profiles"
)

var (
	contactModes = newEnum(ContactContacted, ContactNotContacted)
	matchTypes   = newEnum("match_intelligent", "match_exact")
)

// applyContact reads a LastContact or ToDo condition (§5.12).
func applyContact(x *kopernik.ContactCondition, b body) error {
	enums := []enumProp{{"match-type", matchTypes, &x.MatchType}, {"match-mode", contactModes, &x.Mode}}
	if err := readEnums(b, enums); err != nil {
		return err
	}
	if x.Mode == "" {
		return invalid(fmtRequired, "match-mode")
	}
	if x.MatchType == "" {
		return invalid(fmtRequired, "match-type")
	}
	texts := []textProp{{[]string{"contact-type"}, &x.ContactType}, {[]string{"user"}, &x.User},
		{[]string{"priority"}, &x.Priority}, {[]string{"contains"}, &x.Contains}}
	if err := readTexts(b, texts); err != nil {
		return err
	}
	var err error
	if v, ok := b.get("min-closed"); ok {
		if x.MinClosed, err = optCount("min-closed", v); err != nil {
			return err
		}
	}
	if v, ok := b.get("max-closed"); ok {
		if x.MaxClosed, err = optCount("max-closed", v); err != nil {
			return err
		}
	}
	return applyWindow(&x.Window, b)
}
