package sqlite

import (
	"github.com/mattn/go-sqlite3"

	"github.com/kopernik/kopernik/selection"
	"github.com/kopernik/kopernik/values"
)

// registerSelectionFuncs gives selection builds the Field predicates of
// §5.1 under the names PostgreSQL's migration 00003 defines in SQL; here
// they are the very Go functions the reference algorithm calls.
func registerSelectionFuncs(c *sqlite3.SQLiteConn) error {
	funcs := []struct {
		name string
		fn   any
	}{
		{"kopernik_float", func(s string) float64 { return values.Float(s) }},
		{"kopernik_is_email", selection.IsEmail},
		{"kopernik_is_numeric", selection.IsNumeric},
		{"kopernik_regexp", selection.RegexpMatch},
	}
	for _, f := range funcs {
		if err := c.RegisterFunc(f.name, f.fn, true); err != nil {
			return err
		}
	}
	return nil
}
