package sqlstore

import (
	"strings"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/imports"
	"github.com/kopernik/kopernik/values"
)

// Lookups of the import applier: which stored entities a batch's keys can
// match, read a few hundred keys at a time and kept in memory with the
// batch's own changes (imports_apply.go).
// keyOf is the match key of a plan's keys.
func (a *applier) keyOf(keys []imports.Key) string {
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(0)
		}
		b.WriteString(imports.MatchForm(k.Field, a.t.s.d.Text(k.Value)))
	}
	return b.String()
}

// matchKeyOf is the match key of an entity on the given key fields.
func matchKeyOf(e *ment, fields []*kopernik.Field) string {
	var b strings.Builder
	for i, f := range fields {
		if i > 0 {
			b.WriteByte(0)
		}
		b.WriteString(imports.MatchForm(f, e.vals[e.info.pos[f.ID]]))
	}
	return b.String()
}

// prefetch reads the live entities the batch's keys can match.
func (a *applier) prefetch(plans []*imports.Plan) error {
	if a.job.Action == kopernik.ImportAdd {
		return nil
	}
	if len(a.keys.Profile) > 0 {
		seen := map[string]bool{}
		var vals []any
		f := a.keys.Profile[0]
		for _, pl := range plans {
			if pl == nil || len(pl.ProfileKey) == 0 {
				continue
			}
			v := a.lookupValue(f, pl.ProfileKey[0].Value)
			k := valueKey(v)
			if !seen[k] {
				seen[k] = true
				vals = append(vals, v)
			}
		}
		if err := a.fetch(a.pinfo, a.t.s.d.IndexExpr(f.Type, fieldColumn(f.ID)), vals, func(e *ment) {
			k := matchKeyOf(e, a.keys.Profile)
			a.profIdx[k] = append(a.profIdx[k], e)
		}); err != nil {
			return err
		}
	}
	if a.coll == nil {
		return nil
	}

	if len(a.keys.Sub) > 0 {
		seen := map[string]bool{}
		var vals []any
		f := a.keys.Sub[0]
		for _, pl := range plans {
			if pl == nil || len(pl.SubKey) == 0 {
				continue
			}
			v := a.lookupValue(f, pl.SubKey[0].Value)
			k := valueKey(v)
			if !seen[k] {
				seen[k] = true
				vals = append(vals, v)
			}
		}
		return a.fetch(a.sinfo, a.t.s.d.IndexExpr(f.Type, fieldColumn(f.ID)), vals, func(e *ment) {
			k := matchKeyOf(e, a.keys.Sub)
			a.subIdx[k] = append(a.subIdx[k], e)
		})
	}
	// Subprofiles found through their profiles only.
	var pids []any
	for _, list := range a.profIdx {
		for _, e := range list {
			pids = append(pids, e.id)
			a.subsOf[e.id] = nil
		}
	}
	return a.fetch(a.sinfo, "profile_id", pids, func(e *ment) {
		a.subsOf[e.profileID] = append(a.subsOf[e.profileID], e)
	})
}

func (a *applier) by(o kopernik.Owner) map[int64]*ment {
	if o.Kind == kopernik.OwnerDatabase {
		return a.byP
	}
	return a.byS
}

// lookupValue is the value a key is looked up with: PostgreSQL's index is
// on lower(col), SQLite's NOCASE column compares case-insensitively itself.
func (a *applier) lookupValue(f *kopernik.Field, v string) any {
	v = a.t.s.d.Text(v)
	if f.Type.IsTextLike() && a.t.s.d.IndexExpr(f.Type, "c") != "c" {
		return imports.MatchForm(f, v)
	}
	return bindValue(f.Type, v)
}

func valueKey(v any) string {
	switch x := v.(type) {
	case string:
		return "s" + x
	case int64:
		return "i" + values.Text(x)
	case float64:
		return "f" + values.Text(x)
	}
	return ""
}

// fetch reads the live entities of o whose expr is one of vals, in ID order.
func (a *applier) fetch(oi *ownerInfo, expr string, vals []any, add func(*ment)) error {
	o, fields := oi.o, oi.fields
	const per = 500
	for len(vals) > 0 {
		n := min(per, len(vals))
		part := vals[:n]
		vals = vals[n:]
		q := `SELECT ` + selectList(o, fields, "") + ` FROM ` + ownerTable(o) + ` WHERE removed IS NULL AND ` + expr +
			` IN (` + strings.TrimSuffix(strings.Repeat("?,", n), ",") + `) ORDER BY id`
		rows, err := a.t.Query(q, part...)
		if err != nil {
			return err
		}
		for rows.Next() {
			e, err := scanEntity(rows, o, fields)
			if err != nil {
				rows.Close()
				return err
			}
			m := &ment{id: e.ID, owner: o, profileID: e.ProfileID, secret: e.Secret, created: e.Created, modified: e.Modified,
				info: oi, vals: make([]string, len(fields))}
			for i, f := range fields {
				m.vals[i] = e.Values[f.ID]
			}
			by := a.by(o)
			if by[m.id] == nil {
				by[m.id] = m
				add(m)
			}
		}
		if err := closeRows(rows); err != nil {
			return err
		}
	}
	return nil
}

// matches finds what a row's keys match now.
func (a *applier) matches(pl *imports.Plan) imports.Matches {
	var m imports.Matches
	if len(pl.ProfileKey) > 0 {
		for _, e := range a.profIdx[a.keyOf(pl.ProfileKey)] {
			if !e.removed {
				m.Profiles = append(m.Profiles, e.id)
			}
		}
	}
	if !pl.HasSub || a.coll == nil {
		return m
	}
	inProfiles := func(pid int64) bool {
		if len(pl.ProfileKey) == 0 {
			return true
		}
		for _, p := range m.Profiles {
			if p == pid {
				return true
			}
		}
		return false
	}
	if len(pl.SubKey) > 0 {
		for _, e := range a.subIdx[a.keyOf(pl.SubKey)] {
			if !e.removed && inProfiles(e.profileID) {
				m.Subs = append(m.Subs, imports.SubMatch{ID: e.id, ProfileID: e.profileID})
			}
		}
		return m
	}
	for _, pid := range m.Profiles {
		for _, e := range a.subsOf[pid] {
			if !e.removed {
				m.Subs = append(m.Subs, imports.SubMatch{ID: e.id, ProfileID: e.profileID})
			}
		}
	}
	return m
}
