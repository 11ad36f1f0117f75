package sqlstore

import (
	"strings"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/selection"
)

// change is §5.8 over the journal table (O-16): for a profile its own
// entries and, for "any" and the subprofile types, those of its
// subprofiles; for a subprofile its own entries. The journal records the
// fields an update set by name and only whether the interests changed, so
// a watched field is found by its current name and the interest types
// cannot tell one interest, nor on from off, apart: they hold when the
// interests changed at all (docs/decisions.md).
func (b *selBuild) change(x *kopernik.ChangeCondition) sqlPart {
	var field *kopernik.Field
	if x.Field != 0 {
		if field = b.cat.Field(x.Field); field == nil {
			return sqlFalse
		}
	}
	if x.Interest != 0 && b.cat.Interest(x.Interest) == nil {
		return sqlFalse
	}
	win := b.window(b.d.Binary("j.at"), selection.Resolve(x.Window, b.now))
	profile := b.target.Kind == kopernik.OwnerDatabase
	own := func(kind string, extra sqlPart) sqlPart {
		c := "j.entity = '" + entityWord(b.target.Kind) + "'"
		if kind != "" {
			c += " AND j.kind = '" + kind + "'"
		}
		p := join([]sqlPart{{sql: c}, win, extra}, " AND ")
		return sqlPart{"e.id IN (SELECT j.entity_id FROM journal j WHERE " + p.sql + ")", p.args}
	}
	sub := func(kind string) sqlPart {
		c := "j.entity = 'subprofile'"
		if kind != "" {
			c += " AND j.kind = '" + kind + "'"
		}
		p := join([]sqlPart{{sql: c}, win}, " AND ")
		return sqlPart{"e.id IN (SELECT s.profile_id FROM journal j JOIN subprofile_seq s ON s.id = j.entity_id WHERE " + p.sql + ")", p.args}
	}
	fields := sqlPart{sql: b.d.Instr("j.data", "'\"fields\":'") + " > 0"}
	if field != nil {
		var key []byte
		key = append(key, '"')
		key = append(key, jsonKey(field.Name)...)
		key = append(key, '"', ':')
		fields = sqlPart{b.d.Instr("j.data", "?") + " > 0", []any{string(key)}}
	}
	interests := sqlPart{sql: b.d.Instr("j.data", "'\"interests\":true'") + " > 0"}
	switch x.ChangeType {
	case selection.ChangeAny, selection.ChangeNone:
		p := own("", sqlTrue)
		if profile {
			p = join([]sqlPart{p, sub("")}, " OR ")
		}
		if x.ChangeType == selection.ChangeNone {
			return not(p)
		}
		return p
	case selection.ChangeField:
		return own("update", fields)
	case selection.ChangeNoField:
		return not(own("update", fields))
	case selection.ChangeNew:
		return own("create", sqlTrue)
	case selection.ChangeNotNew:
		return not(own("create", sqlTrue))
	case selection.ChangeEdit:
		return own("update", sqlTrue)
	case selection.ChangeNoEdit:
		return not(own("update", sqlTrue))
	case selection.ChangeInterest, selection.ChangeGotInterest, selection.ChangeLostInterest:
		if !profile {
			return sqlFalse
		}
		return own("update", interests)
	}
	if !profile {
		return sqlFalse
	}
	kinds := map[string]struct {
		kind string
		neg  bool
	}{
		selection.ChangeNewSubprofile:      {"create", false},
		selection.ChangeNoNewSubprofile:    {"create", true},
		selection.ChangeEditSubprofile:     {"update", false},
		selection.ChangeNoEditSubprofile:   {"update", true},
		selection.ChangeRemoveSubprofile:   {"delete", false},
		selection.ChangeNoRemoveSubprofile: {"delete", true},
	}
	k, ok := kinds[x.ChangeType]
	if !ok {
		return sqlFalse
	}
	if k.neg {
		return not(sub(k.kind))
	}
	return sub(k.kind)
}

// jsonKey is name as journalData writes it inside a JSON string.
func jsonKey(name string) string {
	var b strings.Builder
	writeJSONString(&b, name)
	s := b.String()
	return s[1 : len(s)-1]
}
