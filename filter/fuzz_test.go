package filter

import (
	"strings"
	"testing"
)

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"age>=18", "name===x", "a ==b", " LASTNAME==mUIT ", "city== Delft", "=", "~", "!", "",
		"=a==b", "a<>b", "a!~%x%", "a=~", "\x00a==b\x0b", "a\xff>=\xfe", "a!!b", "ab", "==",
		"a==1\nb<2\n \n=", strings.Repeat("x", MaxLen+1),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		elems := strings.Split(in, "\n")
		conds, ignored, err := Parse(elems, 3)
		if err != nil && err != ErrTooMany && err != ErrTooLong {
			t.Fatalf("unexpected error %v", err)
		}
		if len(conds) > 3 {
			t.Fatalf("%d conditions beyond max", len(conds))
		}
		if err == nil && len(conds)+len(ignored) != len(elems) {
			t.Fatalf("%d elements gave %d conditions and %d ignored", len(elems), len(conds), len(ignored))
		}
		for _, e := range elems {
			c, ok := Split(e)
			if !ok {
				continue
			}
			if !c.Op.Valid() || c.Name == "" {
				t.Fatalf("Split(%q) = %#v", e, c)
			}
			if c.Name+string(c.Op)+c.Value != strings.Trim(e, blanks) {
				t.Fatalf("Split(%q) = %#v does not reassemble", e, c)
			}
			if strings.ContainsAny(c.Name[1:], "=<>!~") {
				t.Fatalf("Split(%q): name %q holds an operator character", e, c.Name)
			}
		}
		// LIKE patterns never come out malformed.
		p := ParsePattern(in)
		like := p.Like()
		for i := 0; i < len(like); i++ {
			if like[i] == '\\' {
				if i+1 == len(like) || !strings.ContainsRune(`%_\`, rune(like[i+1])) {
					t.Fatalf("pattern %q gives a malformed LIKE pattern %q", in, like)
				}
				i++
			}
		}
		if ParsePattern(p.Like()).Like() != p.Like() {
			t.Fatalf("pattern %q does not round-trip", in)
		}
	})
}
