package sqlstore

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kopernik/kopernik"
)

// nameKind selects the character rules of structure.md §1.
type nameKind int

const (
	nameDatabase nameKind = iota
	nameCollection
	nameField
	nameInterest
)

// checkName applies the name rules shared by every structure entity. Names
// address entities in URLs and filters, so anything that would be ambiguous
// there is refused.
func checkName(kind nameKind, name string) error {
	if name == "" {
		return kopernik.Errorf(kopernik.EINVALID, kopernik.MsgNameRequired)
	}
	invalid := kopernik.Errorf(kopernik.EINVALID, kopernik.MsgInvalidName)
	if !utf8.ValidString(name) || utf8.RuneCountInString(name) > 255 || strings.Contains(name, "/") {
		return invalid
	}
	first, _ := utf8.DecodeRuneInString(name)
	last, _ := utf8.DecodeLastRuneInString(name)
	if unicode.IsSpace(first) || unicode.IsSpace(last) || allDigits(name) {
		return invalid
	}
	for _, r := range name {
		if unicode.IsControl(r) {
			return invalid
		}
	}
	if kind == nameField || kind == nameInterest {
		// These characters are the operators of the fields[] filter.
		if strings.ContainsAny(name, "=<>!~") {
			return invalid
		}
	}
	if kind == nameField {
		if l := strings.ToLower(name); l == "id" || l == "code" {
			return invalid
		}
	}
	return nil
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func nameInUse() error { return kopernik.Errorf(kopernik.EINVALID, kopernik.MsgNameInUse) }
