package values

import (
	"strconv"
	"time"

	"github.com/kopernik/kopernik"
)

// Conv holds what conversion needs from the server configuration.
type Conv struct {
	Loc *time.Location   // service time zone, e.g. Europe/Amsterdam; nil means UTC
	Now func() time.Time // clock (tests inject a fixed one); nil means time.Now
}

func (c Conv) loc() *time.Location {
	if c.Loc == nil {
		return time.UTC
	}
	return c.Loc
}

func (c Conv) now() time.Time {
	if c.Now == nil {
		return time.Now()
	}
	return c.Now()
}

// Normalize converts an input value for field f to its stored text form,
// exactly as Copernica does (B24–B29, B31). It never fails: Copernica answers
// every value with a conversion, not an error (B30).
func (c Conv) Normalize(f *kopernik.Field, v any) string {
	if f == nil {
		return Text(v)
	}
	switch t := f.Type; {
	case t.IsInteger():
		return strconv.FormatInt(Int(v), 10)
	case t == kopernik.TypeFloat:
		return FormatFloat(finite(Float(v)))
	case t.IsDate():
		return c.date(t, v)
	case t == kopernik.TypeSelect:
		return pick(f.Value, Text(v))
	case t == kopernik.TypeBig:
		// big exists to hold what does not fit a text field, so length never applies.
		return Text(v)
	}
	return cut(Text(v), f.Length)
}

// Default returns the value a new profile or subprofile gets for a field it
// was not given (B33).
func (c Conv) Default(f *kopernik.Field) string {
	if f.Type == kopernik.TypeSelect {
		_, def := Choices(f.Value)
		return def
	}
	return c.Normalize(f, f.Value)
}

// FillForExisting returns the value rows that already exist get when the
// field is added. Copernica adds the column with the SQL zero of its type, so
// numbers and dates ignore the field default, even the empty_ date types (B34).
func (c Conv) FillForExisting(f *kopernik.Field) string {
	switch {
	case f.Type.IsNumeric():
		return "0"
	case f.Type.IsDate():
		return ZeroDate(f.Type)
	}
	return c.Default(f)
}

// NormalizeDefault normalises a field's default value property when a field is
// created or updated. Text and select defaults are kept as sent because a select
// default holds the choice list, which must survive byte for byte (structure.md
// §4.2); numbers are stored normalised (§4.1, "abc" → "0").
func (c Conv) NormalizeDefault(t kopernik.FieldType, v any) string {
	switch {
	case t.IsNumeric():
		return c.Normalize(&kopernik.Field{Type: t}, v)
	case t.IsDate():
		// An empty default must stay empty: §4.1 lists "" as the date default and
		// each new profile then gets the type's own empty value.
		if s := Text(v); s == "" {
			return ""
		}
		return c.Normalize(&kopernik.Field{Type: t}, v)
	}
	return Text(v)
}

// Convert turns a stored value of oldType into the stored form for field f when
// the field changes type. Stored values are themselves valid input, so
// re-normalising the text gives what Copernica shows after the change; oldType
// is accepted so callers need not know that.
func (c Conv) Convert(oldType kopernik.FieldType, f *kopernik.Field, stored string) string {
	_ = oldType
	return c.Normalize(f, stored)
}
