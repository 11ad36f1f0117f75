package sqlstore

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/imports"
	"github.com/kopernik/kopernik/values"
)

// The import applier writes one batch of planned rows inside one write
// transaction. It does per batch what single writes do per request, with
// the per-row costs taken out where the result is the same:
//
//   - the entities a batch's keys can match are read with one query per
//     few hundred keys (key IN (…)) instead of one per row, and kept in
//     memory with the batch's own creates and changes, so that a later row
//     of the batch sees what an earlier one did;
//   - creates are kept back and written with multi-row INSERTs (IDs taken
//     from the global sequences in blocks); so are their journal rows;
//   - an update is one UPDATE of the values it really changes.
//
// Every created, updated and deleted entity still gets its own journal row
// and its own Change for the observers, in row order, so selections and
// webhooks see an import like the same writes made one by one (with caller
// import).

// ment is an entity as the batch knows it. id is negative for one created
// in this batch until the pending rows are written.
type ment struct {
	id        int64
	owner     kopernik.Owner
	profileID int64 // subprofiles: the profile's id (negative while it is pending too)
	parent    *ment // subprofiles created in the batch: their profile's ment, for its final id
	secret    string
	created   string
	modified  string
	info      *ownerInfo
	vals      []string // by position in info.fields
	removed   bool
	pending   bool // not yet written
	pl        *imports.Plan
	// Prepared ahead by the batch's reader (see prepareCreate): the
	// journal document and the bound values, valid while !changed.
	journal string
	bound   []any
	changed bool
}

// ownerInfo is what the applier needs of an owner's fields, worked out
// once per batch: positions, defaults and the journal's key order.
type ownerInfo struct {
	o        kopernik.Owner
	fields   []*kopernik.Field
	pos      map[int64]int
	defaults []string
	byName   []int // positions in the journal's order (names sorted)
}

func newOwnerInfo(s *Store, o kopernik.Owner, fields []*kopernik.Field) *ownerInfo {
	oi := &ownerInfo{o: o, fields: fields, pos: make(map[int64]int, len(fields)), defaults: make([]string, len(fields))}
	for i, f := range fields {
		oi.pos[f.ID] = i
		oi.defaults[i] = s.conv.Default(f)
		oi.byName = append(oi.byName, i)
	}
	slices.SortFunc(oi.byName, func(a, b int) int { return strings.Compare(fields[a].Name, fields[b].Name) })
	return oi
}

// journal is the journal document of the given positions (all when nil),
// as journalData writes it.
func (oi *ownerInfo) journal(vals []string, only []bool) string {
	var b strings.Builder
	b.WriteString(`{"fields":{`)
	first := true
	for _, i := range oi.byName {
		if only != nil && !only[i] {
			continue
		}
		if !first {
			b.WriteByte(',')
		}
		first = false
		writeJSONString(&b, oi.fields[i].Name)
		b.WriteByte(':')
		writeJSONString(&b, vals[i])
	}
	if first {
		return "{}"
	}
	b.WriteString("}}")
	return b.String()
}

// jevent is one journal row (and Change) waiting for the flush.
type jevent struct {
	kind    kopernik.ChangeKind
	e       *ment
	changed []int64 // update: fields whose value changed, in field order
	data    string  // update: the journal document
	params  func() *kopernik.Map
}

type applier struct {
	t       *Tx
	job     *kopernik.Import
	db      *kopernik.Database
	coll    *kopernik.Collection // the collection rows write into, if any
	keys    imports.Keys
	now     string
	rep     *imports.Report
	touched map[int64]bool // removeMissing: ids of the removal level
	subLvl  bool           // removeMissing counts subprofiles

	tmp      int64
	byP      map[int64]*ment // profiles by id
	byS      map[int64]*ment // subprofiles by id (another sequence: ids overlap)
	profIdx  map[string][]*ment
	subIdx   map[string][]*ment
	pinfo    *ownerInfo
	sinfo    *ownerInfo
	prepared map[*imports.Plan]*ment // profile creates prepared by the reader
	subsOf   map[int64][]*ment       // profile id → its live subprofiles (no subprofile keys)
	pendP    []*ment
	pendS    []*ment
	events   []jevent
	observed bool
}

func newApplier(t *Tx, job *kopernik.Import, db *kopernik.Database, p *imports.Planner, rep *imports.Report) *applier {
	a := &applier{t: t, job: job, db: db, coll: p.Collection(), keys: p.Keys(), rep: rep,
		now: kopernik.Stamp(t.s.now()), byP: map[int64]*ment{}, byS: map[int64]*ment{}, profIdx: map[string][]*ment{},
		subIdx: map[string][]*ment{}, subsOf: map[int64][]*ment{}, observed: t.s.observers.Load() != nil}
	a.pinfo = newOwnerInfo(t.s, kopernik.DatabaseOwner(db.ID), db.Fields)
	if a.coll != nil {
		a.sinfo = newOwnerInfo(t.s, kopernik.CollectionOwner(a.coll.ID), a.coll.Fields)
	}
	if job.RemoveMissing {
		a.touched = map[int64]bool{}
		a.subLvl = a.coll != nil
	}
	return a
}

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

// entKey is the match key of an entity on the given key fields.
func entKey(e *ment, fields []*kopernik.Field) string {
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
			k := entKey(e, a.keys.Profile)
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
			k := entKey(e, a.keys.Sub)
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

// row applies one planned row.
func (a *applier) row(pl *imports.Plan) error {
	m := a.matches(pl)
	st := imports.Decide(a.job.Action, pl, m)
	if st.NotApplied != "" {
		a.rep.Row(pl.Line, st.NotApplied)
		return nil
	}
	if a.touched != nil {
		if a.subLvl {
			for _, s := range m.Subs {
				a.touched[s.ID] = true
			}
		} else {
			for _, id := range m.Profiles {
				a.touched[id] = true
			}
		}
	}
	if len(st.DeleteProfiles)+len(st.DeleteSubs) > 0 {
		if err := a.flush(); err != nil {
			return err
		}
		for _, id := range st.DeleteSubs {
			if err := a.remove(a.byS[id]); err != nil {
				return err
			}
		}
		for _, id := range st.DeleteProfiles {
			if err := a.remove(a.byP[id]); err != nil {
				return err
			}
		}
	}
	for _, id := range st.UpdateProfiles {
		if err := a.update(a.byP[id], pl.Profile, pl.ProfileParams); err != nil {
			return err
		}
	}
	for _, id := range st.UpdateSubs {
		if err := a.update(a.byS[id], pl.Sub, pl.SubParams); err != nil {
			return err
		}
	}
	if st.CreateProfile {
		p := a.create(a.pinfo, nil, pl.Profile, pl)
		if len(pl.ProfileKey) > 0 {
			k := entKey(p, a.keys.Profile)
			a.profIdx[k] = append(a.profIdx[k], p)
		}
		a.subsOf[p.id] = nil
		if st.NewSub && a.coll != nil {
			a.createSub(p, pl)
		}
	}
	for _, pid := range st.AddSubTo {
		a.createSub(a.byP[pid], pl)
	}
	return nil
}

func (a *applier) createSub(parent *ment, pl *imports.Plan) {
	s := a.create(a.sinfo, parent, pl.Sub, pl)
	if len(a.keys.Sub) > 0 {
		k := entKey(s, a.keys.Sub)
		a.subIdx[k] = append(a.subIdx[k], s)
	}
	a.subsOf[parent.id] = append(a.subsOf[parent.id], s)
}

// prepareCreate works out, ahead of the writer, the profile a row would
// create: its values, secret, journal document and bound values. The
// batch's reader does it on its own goroutine for every row that may
// create, so the single writer only decides and writes.
func prepareCreate(s *Store, oi *ownerInfo, pl *imports.Plan) *ment {
	e := &ment{owner: oi.o, secret: values.NewSecret(), info: oi, vals: slices.Clone(oi.defaults), pending: true, pl: pl}
	for _, v := range pl.Profile {
		if i, ok := oi.pos[v.Field.ID]; ok {
			e.vals[i] = s.d.Text(v.Value)
		}
	}
	e.journal = oi.journal(e.vals, nil)
	e.bound = make([]any, len(oi.fields))
	for i, f := range oi.fields {
		e.bound[i] = bindValue(f.Type, e.vals[i])
	}
	return e
}

// create keeps a new entity back for the next flush.
func (a *applier) create(oi *ownerInfo, parent *ment, given []imports.Value, pl *imports.Plan) *ment {
	a.tmp--
	var e *ment
	if pre := a.prepared[pl]; pre != nil && parent == nil && pre.info.o == oi.o {
		delete(a.prepared, pl) // a row creates one profile
		e = pre
		e.id, e.parent, e.created, e.modified = a.tmp, nil, a.now, a.now
	} else {
		e = &ment{id: a.tmp, owner: oi.o, parent: parent, secret: values.NewSecret(), created: a.now, modified: a.now,
			info: oi, vals: slices.Clone(oi.defaults), pending: true, pl: pl, changed: true}
		for _, v := range given {
			e.vals[oi.pos[v.Field.ID]] = a.t.s.d.Text(v.Value)
		}
	}
	params := pl.ProfileParams
	if parent != nil {
		e.profileID = parent.id
		params = pl.SubParams
	}
	a.by(oi.o)[e.id] = e
	if oi.o.Kind == kopernik.OwnerDatabase {
		a.pendP = append(a.pendP, e)
	} else {
		a.pendS = append(a.pendS, e)
	}
	a.events = append(a.events, jevent{kind: kopernik.ChangeCreate, e: e, params: params})
	return e
}

// update writes the values of a row that differ from what e holds.
func (a *applier) update(e *ment, given []imports.Value, params func() *kopernik.Map) error {
	oi := e.info
	var changed []int64
	var only []bool
	var sets []string
	var args []any
	for i, f := range oi.fields {
		for j := len(given) - 1; j >= 0; j-- {
			if given[j].Field.ID != f.ID {
				continue
			}
			v := a.t.s.d.Text(given[j].Value)
			if v != e.vals[i] {
				if !e.changed {
					// Prepared values are shared with the batch, which a
					// retried run reads again.
					e.vals, e.changed = slices.Clone(e.vals), true
				}
				if only == nil {
					only = make([]bool, len(oi.fields))
				}
				only[i] = true
				changed = append(changed, f.ID)
				e.vals[i] = v
				sets = append(sets, fieldColumn(f.ID)+" = ?")
				args = append(args, bindValue(f.Type, v))
			}
			break
		}
	}
	if len(changed) == 0 {
		return nil // modified moves only with a real change (B42)
	}
	e.modified = a.now
	e.changed = true // what was prepared for a pending create is stale
	if !e.pending {
		a.t.touch()
		args = append(args, a.now, e.id)
		if _, err := a.t.Exec(`UPDATE `+ownerTable(e.owner)+` SET `+strings.Join(sets, ", ")+`, modified = ? WHERE id = ?`, args...); err != nil {
			return err
		}
	}
	a.events = append(a.events, jevent{kind: kopernik.ChangeUpdate, e: e, changed: changed, data: oi.journal(e.vals, only), params: params})
	return nil
}

// remove soft-deletes a written entity as DELETE does (journal, cascade).
func (a *applier) remove(e *ment) error {
	if e == nil || e.removed {
		return nil
	}
	ent := e.entity(a.t.Cat)
	if err := a.t.removeEntity(ent); err != nil {
		return err
	}
	e.removed = true
	if e.owner.Kind == kopernik.OwnerDatabase {
		for _, s := range a.subsOf[e.id] {
			s.removed = true
		}
		// Subprofiles of this profile found through their own keys.
		for _, list := range a.subIdx {
			for _, s := range list {
				if s.profileID == e.id {
					s.removed = true
				}
			}
		}
	}
	return nil
}

func (e *ment) entity(cat *kopernik.Catalog) *kopernik.Entity {
	vals := make(map[int64]string, len(e.vals))
	for i, f := range e.info.fields {
		vals[f.ID] = e.vals[i]
	}
	pid := e.profileID
	if e.parent != nil {
		pid = e.parent.id
	}
	return &kopernik.Entity{ID: e.id, Owner: e.owner, ProfileID: pid, Secret: e.secret, Created: e.created,
		Modified: e.modified, Values: vals}
}

// flush writes the pending creates, then the journal rows of everything
// since the last flush, then tells the observers, all in row order.
func (a *applier) flush() error {
	if err := a.writeCreates(a.pendP, a.pinfo); err != nil {
		return err
	}
	a.pendP = a.pendP[:0]
	if a.coll != nil {
		for _, s := range a.pendS {
			s.profileID = s.parent.id
		}
		if err := a.writeCreates(a.pendS, a.sinfo); err != nil {
			return err
		}
	}
	a.pendS = a.pendS[:0]
	if len(a.events) == 0 {
		return nil
	}
	caller := kopernik.CallerOf(a.t.job)
	args := make([]any, 0, 6*len(a.events))
	for _, ev := range a.events {
		data := ev.data
		if ev.kind == kopernik.ChangeCreate {
			data = ev.e.journal
			if ev.e.changed {
				data = ev.e.info.journal(ev.e.vals, nil)
			}
		}
		args = append(args, a.now, ev.kind.String(), entityWord(ev.e.owner.Kind), ev.e.id, ev.e.owner.ID, data)
	}
	if err := a.t.bulkInsert("journal", journalCols, args); err != nil {
		return err
	}
	if a.observed {
		obs := a.t.s.observers.Load()
		for _, ev := range a.events {
			c := &kopernik.Change{Kind: ev.kind, At: a.now, Caller: caller, Entity: ev.e.entity(a.t.Cat),
				Fields: ev.changed, Params: &kopernik.ChangeParams{Fields: ev.params()}}
			for _, o := range *obs {
				if err := o(a.t, c); err != nil {
					return err
				}
			}
		}
	}
	a.events = a.events[:0]
	return nil
}

// writeCreates gives pending entities their IDs and writes their rows.
func (a *applier) writeCreates(list []*ment, oi *ownerInfo) error {
	o, fields := oi.o, oi.fields
	if len(list) == 0 {
		return nil
	}
	a.t.touch()
	ids, err := a.t.allocIDs(o, list)
	if err != nil {
		return err
	}
	by := a.by(o)
	for i, e := range list {
		delete(by, e.id)
		if sub, ok := a.subsOf[e.id]; ok && o.Kind == kopernik.OwnerDatabase {
			delete(a.subsOf, e.id)
			a.subsOf[ids[i]] = sub
		}
		e.id, e.pending = ids[i], false
		by[e.id] = e
		if a.touched != nil && (o.Kind == kopernik.OwnerCollection) == a.subLvl {
			a.touched[e.id] = true
		}
	}
	cols := []string{"id", "secret", "created", "modified"}
	if o.Kind == kopernik.OwnerCollection {
		cols = append(cols, "profile_id")
	}
	for _, f := range fields {
		cols = append(cols, fieldColumn(f.ID))
	}
	n := len(cols)
	args := make([]any, 0, n*len(list))
	for _, e := range list {
		args = append(args, e.id, e.secret, e.created, e.modified)
		if o.Kind == kopernik.OwnerCollection {
			args = append(args, e.profileID)
		}
		if !e.changed {
			args = append(args, e.bound...)
			continue
		}
		for i, f := range fields {
			args = append(args, bindValue(f.Type, e.vals[i]))
		}
	}
	if err := a.t.bulkInsert(ownerTable(o), cols, args); err != nil {
		return err
	}
	kind := o.Kind
	owner := o.ID
	a.t.AfterCommit(func() {
		for _, id := range ids {
			a.t.s.owners.put(kind, id, owner)
		}
	})
	return nil
}

// allocIDs takes one ID per entity from the global sequence of its kind.
func (t *Tx) allocIDs(o kopernik.Owner, list []*ment) ([]int64, error) {
	ids := make([]int64, 0, len(list))
	if !t.s.d.LastInsertID() {
		// PostgreSQL: one statement per block, the ids returned.
		var q string
		var args []any
		if o.Kind == kopernik.OwnerDatabase {
			q = `INSERT INTO profile_seq (database_id) SELECT ? FROM generate_series(1, ?) RETURNING id`
			args = []any{o.ID, len(list)}
		} else {
			var pids []int64
			for _, e := range list {
				pids = append(pids, e.profileID)
			}
			q = `INSERT INTO subprofile_seq (collection_id, profile_id) SELECT ?, p FROM unnest(?::bigint[]) WITH ORDINALITY AS u(p, n) ORDER BY n RETURNING id`
			args = []any{o.ID, pids}
		}
		rows, err := t.Query(q, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			ids = append(ids, id)
		}
		if err := closeRows(rows); err != nil {
			return nil, err
		}
		slices.Sort(ids)
		return ids, nil
	}
	// SQLite: the writer holds the write lock, so the AUTOINCREMENT ids of
	// one multi-row INSERT are consecutive and end at the last insert id.
	per := 1000
	for start := 0; start < len(list); start += per {
		part := list[start:min(start+per, len(list))]
		var q string
		args := make([]any, 0, 2*len(part))
		if o.Kind == kopernik.OwnerDatabase {
			q = `INSERT INTO profile_seq (database_id) VALUES ` + strings.TrimSuffix(strings.Repeat("(?),", len(part)), ",")
			for range part {
				args = append(args, o.ID)
			}
		} else {
			q = `INSERT INTO subprofile_seq (collection_id, profile_id) VALUES ` + strings.TrimSuffix(strings.Repeat("(?, ?),", len(part)), ",")
			for _, e := range part {
				args = append(args, o.ID, e.profileID)
			}
		}
		res, err := t.Exec(q, args...)
		if err != nil {
			return nil, err
		}
		last, err := res.LastInsertId()
		if err != nil {
			return nil, err
		}
		for i := range part {
			ids = append(ids, last-int64(len(part)-1-i))
		}
	}
	return ids, nil
}

var journalCols = []string{"at", "kind", "entity", "entity_id", "owner_id", "data"}

// BulkCopier is a dialect that loads many rows faster than multi-row
// INSERTs (PostgreSQL's COPY), on the writer's connection inside its
// transaction. args holds n values per row.
type BulkCopier interface {
	CopyRows(ctx context.Context, conn *sql.Conn, table string, cols []string, n int, args []any) error
}

// bulkInsert writes rows of cols into table: by the dialect's COPY where it
// has one, else by multi-row INSERTs.
func (t *Tx) bulkInsert(table string, cols []string, args []any) error {
	if c, ok := t.s.d.(BulkCopier); ok && len(args) >= 64*len(cols) {
		return c.CopyRows(t.ctx, t.conn, table, cols, len(cols), args)
	}
	return t.insertRows(`INSERT INTO `+table+` (`+strings.Join(cols, ", ")+`) VALUES `, len(cols), args)
}

// insertRows runs prefix + "(?, …), (?, …) …" over args, n per row, in
// statements of a bounded number of parameters (both engines' limits are
// far above it). Full-size statements share one prepared text.
func (t *Tx) insertRows(prefix string, n int, args []any, suffix ...string) error {
	tail := strings.Join(suffix, "")
	per := max(1, min(500, 16000/n))
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", n), ", ") + ")"
	full := ""
	for len(args) > 0 {
		rows := min(per, len(args)/n)
		var q string
		if rows == per {
			if full == "" {
				full = prefix + strings.TrimSuffix(strings.Repeat(one+", ", per), ", ") + tail
			}
			q = full
		} else {
			q = prefix + strings.TrimSuffix(strings.Repeat(one+", ", rows), ", ") + tail
		}
		if _, err := t.Exec(q, args[:rows*n]...); err != nil {
			return err
		}
		args = args[rows*n:]
	}
	return nil
}
