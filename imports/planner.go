package imports

import (
	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/values"
)

// Planner turns the rows of one import into write plans. It maps the
// source's columns onto the database's fields as they become known (a JSON
// source may add columns while it is read) and normalises cells with the
// same conversion as single writes.
type Planner struct {
	db     *kopernik.Database
	conv   values.Conv
	action kopernik.ImportAction
	target kopernik.ImportTarget
	skip   bool // ignoreEmptyFields
	keys   Keys

	checked bool
	cols    []column
	coll    *kopernik.Collection // the collection the columns write into, if any
	dup     bool                 // two columns address one field
	nProf   int                  // columns of profile fields, to size a plan's slices
	nSub    int
	unknown []string
}

// column is one source column as mapped.
type column struct {
	name string   // as the source spells it
	ref  FieldRef // Field nil: no such field, the column is ignored
	norm func(any) string
}

// NewPlanner prepares the planning of im's rows into db. The key fields are
// resolved here; whether they are columns is checked with the first columns.
func NewPlanner(db *kopernik.Database, im *kopernik.Import, conv values.Conv) (*Planner, error) {
	keys, err := ResolveKeys(db, im.KeyFields)
	if err != nil {
		return nil, err
	}
	if err := checkKeys(im.Action, targetOf(im), keys); err != nil {
		return nil, err
	}
	return &Planner{db: db, conv: conv, action: im.Action, target: targetOf(im), skip: im.IgnoreEmptyFields, keys: keys}, nil
}

func targetOf(im *kopernik.Import) kopernik.ImportTarget {
	if im.DeleteTarget == "" {
		return kopernik.TargetProfile
	}
	return im.DeleteTarget
}

// checkKeys holds the rules on key fields that need no source (O26): every
// action but add matches on keys, and a profile delete matches profiles by
// their own fields (deleting a whole profile because one subprofile matched
// is too easy a mistake to allow).
func checkKeys(a kopernik.ImportAction, target kopernik.ImportTarget, k Keys) error {
	if a.NeedsKeys() && len(k.Profile)+len(k.Sub) == 0 {
		return kopernik.Errorf(kopernik.EINVALID, kopernik.MsgInvalidData)
	}
	if a == kopernik.ImportDelete && target == kopernik.TargetProfile && len(k.Sub) > 0 {
		return kopernik.Errorf(kopernik.EINVALID, "Invalid key field: %s.%s: deleting profiles matches on profile fields only", k.Coll.Name, k.Sub[0].Name)
	}
	return nil
}

// Columns brings the mapping up to date with the source's columns. The first
// call checks the source as a whole: some column must be a field, the key
// fields must be columns, the columns may address one collection only, and a
// subprofile delete needs that collection. Later calls map columns a JSON
// source added; one of another collection ends the import. Call it after
// every row that read without error (a failed row may come before any
// column is known), before planning the row.
func (p *Planner) Columns(names []string) error {
	if len(names) == len(p.cols) && p.checked {
		return nil
	}
	for _, n := range names[len(p.cols):] {
		ref, _ := Resolve(p.db, n)
		if ref.Field == nil {
			p.unknown = append(p.unknown, n)
		}
		if ref.Coll != nil {
			if p.coll != nil && p.coll.ID != ref.Coll.ID {
				return kopernik.Errorf(kopernik.EINVALID, "Columns address more than one collection: %s and %s", p.coll.Name, ref.Coll.Name)
			}
			p.coll = ref.Coll
		}
		for _, c := range p.cols {
			if ref.Field != nil && c.ref.Field == ref.Field {
				p.dup = true
			}
		}
		c := column{name: n, ref: ref}
		if ref.Field != nil {
			c.norm = normalizer(p.conv, ref.Field)
			if ref.Coll == nil {
				p.nProf++
			} else {
				p.nSub++
			}
		}
		p.cols = append(p.cols, c)
	}
	if p.checked {
		return nil
	}
	p.checked = true
	if len(p.unknown) == len(p.cols) {
		return kopernik.Errorf(kopernik.EINVALID, "No column of the source is a field of the database")
	}
	for _, f := range append(append([]*kopernik.Field(nil), p.keys.Profile...), p.keys.Sub...) {
		if p.columnOf(f) < 0 {
			return kopernik.Errorf(kopernik.EINVALID, "Key field %s is not a column of the source", p.keyName(f))
		}
	}
	if p.action == kopernik.ImportDelete && p.target == kopernik.TargetSubprofile && p.coll == nil {
		return kopernik.Errorf(kopernik.EINVALID, "Deleting subprofiles needs Collection.Field columns")
	}
	return nil
}

// Unknown lists the columns that address no field, which the import
// ignores as a single write ignores unknown names (B18).
func (p *Planner) Unknown() []string { return p.unknown }

// Collection is the collection the rows write into, nil for profiles only.
func (p *Planner) Collection() *kopernik.Collection { return p.coll }

// Keys are the resolved key fields.
func (p *Planner) Keys() Keys { return p.keys }

func (p *Planner) columnOf(f *kopernik.Field) int {
	for i, c := range p.cols {
		if c.ref.Field == f {
			return i
		}
	}
	return -1
}

func (p *Planner) keyName(f *kopernik.Field) string {
	if f.Owner.Kind == kopernik.OwnerCollection && p.keys.Coll != nil {
		return p.keys.Coll.Name + "." + f.Name
	}
	return f.Name
}

// isEmpty is what ignoreEmptyFields passes over: an empty cell, or null.
func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	}
	return false
}
