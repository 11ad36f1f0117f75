package filter

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kopernik/kopernik"
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
		conds, err := Parse(elems, 3)
		if err != nil && err != ErrTooMany && err != ErrTooLong {
			t.Fatalf("unexpected error %v", err)
		}
		if len(conds) > 3 {
			t.Fatalf("%d conditions beyond max", len(conds))
		}
		for _, e := range elems {
			c, ok := Split(e)
			if !ok {
				continue
			}
			if !c.Op.Valid() || c.Name == "" {
				t.Fatalf("Split(%q) = %#v", e, c)
			}
			if c.Name+string(c.Op)+c.Value != strings.Trim(e, phpBlanks) {
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

// sqlShape is every token compiled SQL may contain: generated identifiers,
// keywords, the fixed literals, placeholders and operators — no user text.
var sqlShape = regexp.MustCompile(`^(?:\s+|(?:[a-z]+\.)?(?:f_[1-9][0-9]*|id|secret|modified)\b|` +
	`AND|NOT|LIKE|GLOB|ESCAPE|COLLATE|NOCASE|CAST|AS|TEXT|ASC|DESC|lower|printf|random|bigint|float8|text|` +
	`'\\'|E'\\\\'|"C"|'%\.14g'|\?|\$[1-9][0-9]*|<>|<=|>=|=|<|>|\(|\)|,|::)*$`)

var placeholderRE = regexp.MustCompile(`\$[0-9]+|\?`)

func FuzzCompile(f *testing.F) {
	seeds := []struct {
		name, op, value, fname string
		typ                    uint8
		pg                     bool
		offset                 uint8
	}{
		{"LASTNAME", "==", "mUIT", "x", 0, false, 0},
		{"LastName", "=~", `100\%%`, "x", 0, true, 3},
		{"ANumber", ">=", "abc", "x", 0, true, 0},
		{"Score", "<", "1e999", "x", 0, false, 0},
		{"Color", "!~", "*[?%_", "x", 0, false, 0},
		{"Color", "=~", "'); DROP TABLE p; --", "x", 0, true, 1},
		{"id", ">", "5", "x", 0, true, 0},
		{"code", "!=", "f_301", "x", 0, false, 0},
		{"modified", "<=", "2020-01-02 03:04:05", "x", 0, true, 0},
		{"Birthdate", "=~", "2000-%", "x", 0, false, 0},
		{"own", "==", "?", "own", 6, false, 0},
		{"own", "==", "$1", "own", 11, true, 0},
		{"Robert'); --", "<>", "x", "Robert'); --", 7, true, 0},
		{"own", "=~", "\xff\x00", "OWN", 13, true, 0},
		{"own", "=", "x", "own", 0, false, 0},
		{"ID", "==", "-9999999999999999999999", "id", 1, false, 0},
	}
	for _, s := range seeds {
		f.Add(s.name, s.op, s.value, s.fname, s.typ, s.pg, s.offset)
	}
	f.Fuzz(func(t *testing.T, name, op, value, fname string, typ uint8, pg bool, offset uint8) {
		d := SQLite
		if pg {
			d = Postgres
		}
		fields := append(testFields(), &kopernik.Field{ID: 999, Name: fname, Type: kopernik.FieldTypes[int(typ)%len(kopernik.FieldTypes)]})
		tg := Target{Fields: fields}
		conds := []Cond{{name, Op(op), value}, {"ANumber", OpGe, value}, {"LastName", OpLike, value}}
		where, args, n := Compile(d, tg, conds, testNorm, int(offset))

		if n != len(args) {
			t.Fatalf("applied %d, %d args", n, len(args))
		}
		if !sqlShape.MatchString(where) {
			t.Fatalf("unexpected SQL text: %q", where)
		}
		phs := placeholderRE.FindAllString(where, -1)
		if len(phs) != len(args) {
			t.Fatalf("%d placeholders, %d args: %q", len(phs), len(args), where)
		}
		if pg {
			for i, ph := range phs {
				if ph != "$"+strconv.Itoa(int(offset)+i+1) {
					t.Fatalf("placeholder %d is %s: %q", i, ph, where)
				}
			}
		}
		// The SQL does not depend on the value: it never reaches the text.
		if skeleton, _, _ := Compile(d, tg, []Cond{{name, Op(op), "v"}, {"ANumber", OpGe, "v"}, {"LastName", OpLike, "v"}}, testNorm, int(offset)); skeleton != where {
			t.Fatalf("SQL depends on the value %q:\n%q\n%q", value, where, skeleton)
		}
		for _, a := range args {
			switch v := a.(type) {
			case int64:
			case float64:
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("non-finite argument %v", v)
				}
			case string:
				if pg && (!utf8.ValidString(v) || strings.IndexByte(v, 0) >= 0) {
					t.Fatalf("PostgreSQL argument %q is not storable text", v)
				}
			default:
				t.Fatalf("argument of type %T", a)
			}
		}
		if ob := OrderBy(d, tg, name, value); !sqlShape.MatchString(ob) || placeholderRE.MatchString(ob) {
			t.Fatalf("unexpected ORDER BY text: %q", ob)
		}
	})
}
