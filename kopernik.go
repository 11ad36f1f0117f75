// Package kopernik holds the domain of the server: the entities Copernica's REST
// API manages, the error type every layer speaks, and the Store interface the
// storage engines implement. It imports nothing of HTTP or SQL so that both
// sides can depend on it without depending on each other.
package kopernik

import "time"

// FieldType is one of the fourteen Copernica field types.
type FieldType string

const (
	TypeInteger       FieldType = "integer"
	TypeFloat         FieldType = "float"
	TypeDate          FieldType = "date"
	TypeEmptyDate     FieldType = "empty_date"
	TypeDatetime      FieldType = "datetime"
	TypeEmptyDatetime FieldType = "empty_datetime"
	TypeText          FieldType = "text"
	TypeEmail         FieldType = "email"
	TypePhone         FieldType = "phone"
	TypePhoneFax      FieldType = "phone_fax"
	TypePhoneGSM      FieldType = "phone_gsm"
	TypeSelect        FieldType = "select"
	TypeBig           FieldType = "big"
	TypeForeignKey    FieldType = "foreign_key"
)

// FieldTypes lists every type in a stable order (used by tests and docs).
var FieldTypes = []FieldType{
	TypeInteger, TypeFloat, TypeDate, TypeEmptyDate, TypeDatetime, TypeEmptyDatetime,
	TypeText, TypeEmail, TypePhone, TypePhoneFax, TypePhoneGSM, TypeSelect, TypeBig, TypeForeignKey,
}

// ParseFieldType accepts the API spelling of a type. "empty_data" is a misspelling
// printed on Copernica's collection-field page; clients copied it, so it is accepted.
func ParseFieldType(s string) (FieldType, bool) {
	if s == "empty_data" {
		return TypeEmptyDate, true
	}
	for _, t := range FieldTypes {
		if string(t) == s {
			return t, true
		}
	}
	return "", false
}

// IsNumeric reports integer-like and float types (compared as numbers).
func (t FieldType) IsNumeric() bool {
	return t == TypeInteger || t == TypeFloat || t == TypeForeignKey
}

// IsInteger reports types stored as whole numbers.
func (t FieldType) IsInteger() bool { return t == TypeInteger || t == TypeForeignKey }

// IsDate reports the four date types.
func (t FieldType) IsDate() bool {
	return t == TypeDate || t == TypeEmptyDate || t == TypeDatetime || t == TypeEmptyDatetime
}

// HasTime reports the two datetime types.
func (t FieldType) HasTime() bool { return t == TypeDatetime || t == TypeEmptyDatetime }

// IsTextLike reports types stored as text and compared case-insensitively.
func (t FieldType) IsTextLike() bool {
	switch t {
	case TypeText, TypeEmail, TypePhone, TypePhoneFax, TypePhoneGSM, TypeBig:
		return true
	}
	return false
}

// UniquePerOwner reports channel types of which a database or collection may hold one.
func (t FieldType) UniquePerOwner() bool {
	return t == TypeEmail || t == TypePhoneFax || t == TypePhoneGSM
}

// Owner identifies what a field (or setting) belongs to: a database or a collection.
type Owner struct {
	Kind OwnerKind
	ID   int64
}

type OwnerKind uint8

const (
	OwnerDatabase OwnerKind = iota
	OwnerCollection
)

func DatabaseOwner(id int64) Owner   { return Owner{OwnerDatabase, id} }
func CollectionOwner(id int64) Owner { return Owner{OwnerCollection, id} }

// Field is a user-defined, typed field of a database or collection.
type Field struct {
	ID          int64
	Owner       Owner
	Name        string
	Type        FieldType
	Value       string // default value, as stored (for select: the choices)
	Displayed   bool
	Ordered     bool
	Length      int
	TextLines   int
	Hidden      bool
	Index       bool
	Lock        bool
	Description string
}

// Interest is a yes/no flag that profiles of a database carry.
type Interest struct {
	ID          int64
	DatabaseID  int64
	Name        string
	Group       string
	Description string
}

// Intentions says which channels may be used for mailings.
type Intentions struct {
	Email, SMS, Fax, PDF bool
}

// Unsubscribe behaviours.
const (
	UnsubNothing = "nothing"
	UnsubRemove  = "remove"
	UnsubUpdate  = "update"
)

// UnsubscribeField is one field overwritten by the "update" behaviour; kept by
// field ID so a rename follows and a delete drops it.
type UnsubscribeField struct {
	FieldID int64
	Value   string
}

// Unsubscribe is the unsubscribe setting of a database or collection.
type Unsubscribe struct {
	Behavior string
	Fields   []UnsubscribeField
}

// Database is a Copernica database with its structure.
type Database struct {
	ID          int64
	Name        string
	Description string
	Archived    bool
	Created     time.Time
	Intentions  Intentions
	Unsubscribe Unsubscribe
	Fields      []*Field
	Interests   []*Interest
	Collections []*Collection
}

// Collection is a table of subprofiles inside a database.
type Collection struct {
	ID          int64
	DatabaseID  int64
	Name        string
	Description string
	Intentions  Intentions
	Unsubscribe Unsubscribe
	Fields      []*Field
}

// Token is an API token as listed by the admin CLI (the secret is never kept).
type Token struct {
	ID      int64
	Name    string
	V4Only  bool
	Created time.Time
	Revoked bool
}
