package imports

import (
	"fmt"

	"github.com/kopernik/kopernik"
)

// Value is a field value in its stored form.
type Value struct {
	Field *kopernik.Field
	Value string
}

// Key is the value of one key field of a row.
type Key struct {
	Field *kopernik.Field
	// Value is the stored form, which is also the comparison form of a
	// kopernik.Cmp on this field.
	Value string
	// Match is the form in which two values are equal exactly when the stores
	// call them equal (see MatchForm).
	Match string
}

// Plan is what one row asks to write, before any lookup: the values for the
// profile and for its subprofile, each with the keys that find existing ones.
type Plan struct {
	Line       int64
	Profile    []Value // profile fields the row sets, in column order
	ProfileKey []Key   // in keyFields order; empty when no profile field is a key
	// HasSub says the row works on a subprofile: some cell of a collection
	// column is not empty (a row without one, a customer without an order,
	// creates no empty subprofile), the import deletes subprofiles, or the
	// only keys are subprofile keys. Values are the stored text as values.Conv
	// gives it; an engine that cannot hold some bytes (PostgreSQL and NUL)
	// applies the same replacement as for single writes.
	HasSub bool
	Sub    []Value
	SubKey []Key

	row  Row
	cols []column
	skip bool
}

// Plan maps one row. Cells are normalised exactly as a single write
// normalises field values (behaviour.md C); empty cells are passed over with
// ignoreEmptyFields; a later column for the same field wins (B17). A row
// whose key cell is missing or empty is a *RowError: matching on an empty
// key would touch every entity whose key is empty.
func (p *Planner) Plan(row Row) (*Plan, error) {
	if !p.checked {
		return nil, fmt.Errorf("imports: Plan before Columns")
	}
	pl := &Plan{Line: row.Line, row: row, cols: p.cols, skip: p.skip}
	if p.action == kopernik.ImportDelete {
		// A delete writes nothing; only its keys count.
		pl.HasSub = p.target == kopernik.TargetSubprofile
	} else {
		p.values(pl, row)
	}
	if p.action == kopernik.ImportAdd {
		return pl, nil
	}
	if len(p.keys.Profile) == 0 {
		// Only subprofile keys: the row is found by its subprofile or not
		// at all, so it must have one.
		pl.HasSub = true
	}
	var err error
	if pl.ProfileKey, err = p.keyValues(row, p.keys.Profile); err != nil {
		return nil, err
	}
	if !pl.HasSub {
		return pl, nil
	}
	if pl.SubKey, err = p.keyValues(row, p.keys.Sub); err != nil {
		return nil, err
	}
	return pl, nil
}

func (p *Planner) values(pl *Plan, row Row) {
	pl.Profile = make([]Value, 0, p.nProf)
	if p.nSub > 0 {
		pl.Sub = make([]Value, 0, p.nSub)
	}
	for i, c := range p.cols {
		f := c.ref.Field
		if f == nil {
			continue
		}
		v := row.Cell(i)
		if v == Absent || (p.skip && isEmpty(v)) {
			continue
		}
		if c.ref.Coll == nil {
			pl.Profile = p.put(pl.Profile, f, c.norm(v))
			continue
		}
		if !isEmpty(v) {
			pl.HasSub = true
		}
		pl.Sub = p.put(pl.Sub, f, c.norm(v))
	}
}

// put sets f to s, replacing an earlier value of a column that addressed
// the same field.
func (p *Planner) put(vals []Value, f *kopernik.Field, s string) []Value {
	if p.dup {
		for i := range vals {
			if vals[i].Field == f {
				vals[i].Value = s
				return vals
			}
		}
	}
	return append(vals, Value{Field: f, Value: s})
}

// keyValues reads the key fields from the last column that gives each.
func (p *Planner) keyValues(row Row, fields []*kopernik.Field) ([]Key, error) {
	if len(fields) == 0 {
		return nil, nil
	}
	keys := make([]Key, 0, len(fields))
	for _, f := range fields {
		v, col := Absent, -1
		for i := len(p.cols) - 1; i >= 0; i-- {
			if p.cols[i].ref.Field == f {
				if v, col = row.Cell(i), i; v != Absent {
					break
				}
			}
		}
		if v == Absent || isEmpty(v) {
			return nil, &RowError{Line: row.Line, Msg: "key field " + p.keyName(f) + " is empty"}
		}
		s := p.cols[col].norm(v)
		keys = append(keys, Key{Field: f, Value: s, Match: MatchForm(f, s)})
	}
	return keys, nil
}

// MatchForm is the form of a stored value under which two values are equal
// exactly when the stores compare them equal (§3.25: "equal after
// normalisation, text-like types case-insensitive"). Both engines fold ASCII
// letters only — SQLite's NOCASE and PostgreSQL's lower() under the C
// collation of the text columns — so this folds ASCII only, and an
// in-memory match agrees with a lookup in SQL. Other types are already
// canonical once normalised.
func MatchForm(f *kopernik.Field, stored string) string {
	if !f.Type.IsTextLike() {
		return stored
	}
	for i := 0; i < len(stored); i++ {
		if c := stored[i]; 'A' <= c && c <= 'Z' {
			b := []byte(stored)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return stored
}

// ProfileWhere is the condition a profile must meet to match the row: every
// profile key equal. nil when the row has no profile key.
func (pl *Plan) ProfileWhere() kopernik.Expr { return where(pl.ProfileKey) }

// SubWhere is the condition on the subprofile's own fields; the writer adds
// the owner restriction (within matched profiles, or the whole collection
// when the row has no profile key). nil when the row has no subprofile key.
func (pl *Plan) SubWhere() kopernik.Expr { return where(pl.SubKey) }

func where(keys []Key) kopernik.Expr {
	if len(keys) == 0 {
		return nil
	}
	and := make(kopernik.And, len(keys))
	for i, k := range keys {
		and[i] = kopernik.Cmp{Col: kopernik.Column{Field: k.Field}, Op: kopernik.OpEq, Value: k.Value}
	}
	return and
}

// ProfileParams are the parameters of the row's profile event (webhooks.md
// §5.5): the profile columns as the source names them, with the cells as
// given. SubParams are the collection columns without their prefix.
func (pl *Plan) ProfileParams() *kopernik.Map { return pl.params(false) }
func (pl *Plan) SubParams() *kopernik.Map     { return pl.params(true) }

func (pl *Plan) params(sub bool) *kopernik.Map {
	m := &kopernik.Map{}
	for i, c := range pl.cols {
		if c.ref.Field == nil || (c.ref.Coll != nil) != sub {
			continue
		}
		v := pl.row.Cell(i)
		if v == Absent || (pl.skip && isEmpty(v)) {
			continue
		}
		m.Set(c.ref.Local, v)
	}
	return m
}
