package filter_test

import (
	"math"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/filter"
)

// sqlShape is every token compiled SQL may contain: generated identifiers,
// keywords, the fixed literals, placeholders and operators — no user text.
var sqlShape = regexp.MustCompile(`^(?:\s+|(?:[a-z_0-9]+\.)?(?:f_[1-9][0-9]*|id|secret|modified|profile_id|interest_id)\b|` +
	`AND|OR|NOT|LIKE|GLOB|ESCAPE|COLLATE|NOCASE|CAST|AS|TEXT|ASC|DESC|EXISTS|SELECT|FROM|WHERE|1=1|1=0|1|` +
	`lower|printf|random|kopernik_mark_nul|profile_interests|k_pi|bigint|float8|text|` +
	`'\\'|E'\\\\'|"C"|'%\.14g'|\?|<>|<=|>=|=|<|>|\(|\)|,|::)*$`)

var placeholderRE = regexp.MustCompile(`\?`)

// shaped wraps e in the nodes the bits of shape name, so the fuzzer also
// drives the tree compiler.
func shaped(e kopernik.Expr, shape uint8) kopernik.Expr {
	if e == nil {
		e = kopernik.Const(true)
	}
	if shape&1 != 0 {
		e = kopernik.Not{X: e}
	}
	if shape&2 != 0 {
		e = kopernik.Or{e, kopernik.HasInterest{ID: int64(shape)}}
	}
	if shape&4 != 0 {
		e = kopernik.And{e, kopernik.Or{}}
	}
	if shape&8 != 0 {
		e = kopernik.Not{X: kopernik.And{e, kopernik.Const(false), kopernik.Not{X: e}}}
	}
	return e
}

func FuzzCompile(f *testing.F) {
	seeds := []struct {
		name, op, value, fname string
		typ                    uint8
		pg                     bool
		shape                  uint8
	}{
		{"LASTNAME", "==", "mUIT", "x", 0, false, 0},
		{"LastName", "=~", `100\%%`, "x", 0, true, 3},
		{"ANumber", ">=", "abc", "x", 0, true, 0},
		{"Score", "<", "1e999", "x", 0, false, 5},
		{"Color", "!~", "*[?%_", "x", 0, false, 0},
		{"Color", "=~", "'); DROP TABLE p; --", "x", 0, true, 1},
		{"id", ">", "5", "x", 0, true, 15},
		{"code", "!=", "f_301", "x", 0, false, 0},
		{"modified", "<=", "2020-01-02 03:04:05", "x", 0, true, 0},
		{"Birthdate", "=~", "2000-%", "x", 0, false, 8},
		{"own", "==", "?", "own", 6, false, 0},
		{"own", "==", "$1", "own", 11, true, 2},
		{"Robert'); --", "<>", "x", "Robert'); --", 7, true, 0},
		{"own", "=~", "\xff\x00", "OWN", 13, true, 0},
		{"own", "=~", "a\x00%", "OWN", 6, false, 0},
		{"LastName", "<", "a\x00", "x", 0, false, 0},
		{"own", "=", "x", "own", 0, false, 0},
		{"ID", "==", "-9999999999999999999999", "id", 1, false, 0},
	}
	for _, s := range seeds {
		f.Add(s.name, s.op, s.value, s.fname, s.typ, s.pg, s.shape)
	}
	compile := func(d filter.Dialect, fields []*kopernik.Field, name, op, value string, shape uint8) (string, []any) {
		conds := []filter.Cond{{Name: name, Op: filter.Op(op), Value: value}, {Name: "ANumber", Op: filter.OpGe, Value: value}, {Name: "LastName", Op: filter.OpLike, Value: value}}
		e, _ := filter.Resolve(fields, conds, filter.TestConv)
		return filter.Compile(d, filter.Target{Table: "p_1"}, shaped(e, shape))
	}
	f.Fuzz(func(t *testing.T, name, op, value, fname string, typ uint8, pg bool, shape uint8) {
		d := sqliteD
		if pg {
			d = pgD
		}
		fields := append(filter.TestFields(), &kopernik.Field{ID: 999, Name: fname, Type: kopernik.FieldTypes[int(typ)%len(kopernik.FieldTypes)]})
		where, args := compile(d, fields, name, op, value, shape)
		if !sqlShape.MatchString(where) {
			t.Fatalf("unexpected SQL text: %q", where)
		}
		if phs := placeholderRE.FindAllString(where, -1); len(phs) != len(args) {
			t.Fatalf("%d placeholders, %d args: %q", len(phs), len(args), where)
		}
		// The SQL does not depend on the value, only on whether it holds a
		// NUL (where SQLite compares differently): no value reaches the text.
		v := "v"
		if strings.IndexByte(value, 0) >= 0 {
			v = "v\x00"
		}
		if skeleton, _ := compile(d, fields, name, op, v, shape); skeleton != where {
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
		if ob := filter.OrderBy(d, filter.Target{}, filter.ResolveOrder(fields, name, value)); !sqlShape.MatchString(ob) || placeholderRE.MatchString(ob) {
			t.Fatalf("unexpected ORDER BY text: %q", ob)
		}
	})
}
