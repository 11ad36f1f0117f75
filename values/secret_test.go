package values

import (
	"regexp"
	"testing"
)

// B44.
func TestSecret(t *testing.T) {
	tests := []struct {
		in   any
		want string
		ok   bool
	}{
		{"s`~\"{}'üCE", "s`~\"{}'?CE", true},
		{"", "", true},
		{"plain", "plain", true},
		{"日本", "??", true},
		{"a\xffb", "a?b", true},
		{nil, "", false},
		{list(), "1", true},
		{list("x"), "1", true},
		{object(), "1", true},
		{object("a", "b"), "1", true},
		{true, "1", true},
		{false, "", true},
		{int64(5), "5", true},
		{2.5, "2.5", true},
	}
	for _, tt := range tests {
		got, ok := Secret(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Secret(%#v) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// B36.
func TestNewSecret(t *testing.T) {
	format := regexp.MustCompile(`^[0-9a-f]{28}$`)
	seen := map[string]bool{}
	for range 100 {
		s := NewSecret()
		if !format.MatchString(s) {
			t.Fatalf("NewSecret() = %q", s)
		}
		if seen[s] {
			t.Fatalf("NewSecret() repeated %q", s)
		}
		seen[s] = true
	}
}
