package sqlstore

import (
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
		subIdx: map[string][]*ment{}, subsOf: map[int64][]*ment{}}
	a.pinfo = newOwnerInfo(t.s, kopernik.DatabaseOwner(db.ID), db.Fields)
	a.observed = t.observingAny(kopernik.DatabaseOwner(db.ID))
	if a.coll != nil {
		a.sinfo = newOwnerInfo(t.s, kopernik.CollectionOwner(a.coll.ID), a.coll.Fields)
		a.observed = a.observed || t.observingAny(kopernik.CollectionOwner(a.coll.ID))
	}
	if job.RemoveMissing {
		a.touched = map[int64]bool{}
		a.subLvl = a.coll != nil
	}
	return a
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
			k := matchKeyOf(p, a.keys.Profile)
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
		k := matchKeyOf(s, a.keys.Sub)
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
