package imports

import (
	"strings"

	"github.com/kopernik/kopernik"
)

// FieldRef is what a column or key name addresses: a field of the database,
// or a field of one of its collections.
type FieldRef struct {
	Field *kopernik.Field
	Coll  *kopernik.Collection // nil for a database field
	Local string               // the name without its collection prefix
}

// Resolve finds the field a column or key name addresses (§3.25): names
// match case-insensitively; `Collection.Field` addresses a subprofile field.
// Field and collection names may themselves contain dots, so a database
// field of the whole name wins, then the split after the shortest collection
// name that has such a field.
func Resolve(db *kopernik.Database, name string) (FieldRef, bool) {
	if f := kopernik.FieldByName(db.Fields, name); f != nil {
		return FieldRef{Field: f, Local: name}, true
	}
	for i := 0; i < len(name); i++ {
		if name[i] != '.' {
			continue
		}
		c := db.CollectionByName(name[:i])
		if c == nil {
			continue
		}
		if f := kopernik.FieldByName(c.Fields, name[i+1:]); f != nil {
			return FieldRef{Field: f, Coll: c, Local: name[i+1:]}, true
		}
	}
	return FieldRef{}, false
}

// Keys are the resolved key fields of an import, in the order given.
type Keys struct {
	Profile []*kopernik.Field
	Sub     []*kopernik.Field
	Coll    *kopernik.Collection // collection of Sub; nil when Sub is empty
}

// ResolveKeys resolves keyFields. Every name must address a field, and the
// subprofile keys one collection only: a row writes one subprofile (A.1).
// A field named twice counts once.
func ResolveKeys(db *kopernik.Database, names []string) (Keys, error) {
	var k Keys
	seen := map[int64]bool{}
	for _, n := range names {
		ref, ok := Resolve(db, strings.TrimSpace(n))
		if !ok {
			return Keys{}, kopernik.Errorf(kopernik.EINVALID, "Invalid key field: %s", n)
		}
		if seen[ref.Field.ID] {
			continue
		}
		seen[ref.Field.ID] = true
		if ref.Coll == nil {
			k.Profile = append(k.Profile, ref.Field)
			continue
		}
		if k.Coll != nil && k.Coll.ID != ref.Coll.ID {
			return Keys{}, kopernik.Errorf(kopernik.EINVALID, "Invalid key field: %s: key fields address more than one collection", n)
		}
		k.Coll = ref.Coll
		k.Sub = append(k.Sub, ref.Field)
	}
	return k, nil
}
