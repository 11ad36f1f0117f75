package values

import (
	"crypto/rand"
	"encoding/hex"
	"strings"

	"github.com/kopernik/kopernik"
)

// Secret normalises a secret given to PUT profile (B44). The bool is false
// for null, which leaves the stored secret as it is. Non-ASCII characters
// become '?' because Copernica keeps secrets in a Latin-only column.
func Secret(v any) (string, bool) {
	switch v.(type) {
	case nil:
		return "", false
	case []any, *kopernik.Map:
		return "1", true
	}
	s := Text(v)
	var b strings.Builder
	for _, r := range s {
		if r >= 0x80 { // invalid UTF-8 bytes arrive as U+FFFD and go too
			r = '?'
		}
		b.WriteRune(r)
	}
	return b.String(), true
}

// NewSecret returns a new random secret of exactly 28 lowercase hex characters,
// the form Copernica gives new profiles (B36).
func NewSecret() string {
	var b [14]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails since Go 1.24
	return hex.EncodeToString(b[:])
}
