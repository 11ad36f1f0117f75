package sqlstore

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/values"
)

var _ kopernik.EntityStore = (*Store)(nil)

// entityOwner finds the owner of an entity.
func (s *Store) entityOwner(ctx context.Context, q querier, kind kopernik.OwnerKind, id int64) (kopernik.Owner, bool, error) {
	if o, ok := s.owners.get(kind, id); ok {
		return kopernik.Owner{Kind: kind, ID: o}, true, nil
	}
	col := "database_id"
	if kind == kopernik.OwnerCollection {
		col = "collection_id"
	}
	rows, err := s.readQuery(ctx, q, Rebind(s.d, `SELECT `+col+` FROM `+seqTable(kind)+` WHERE id = ?`), id)
	if err != nil {
		return kopernik.Owner{}, false, err
	}
	var owner int64
	found := false
	for rows.Next() {
		if err := rows.Scan(&owner); err != nil {
			rows.Close()
			return kopernik.Owner{}, false, err
		}
		found = true
	}
	if err := closeRows(rows); err != nil || !found {
		return kopernik.Owner{}, false, err
	}
	return kopernik.Owner{Kind: kind, ID: owner}, true, nil
}

func notFound(kind kopernik.OwnerKind) error {
	if kind == kopernik.OwnerDatabase {
		return kopernik.Errorf(kopernik.ENOTFOUND, kopernik.MsgNoEntity)
	}
	return kopernik.Errorf(kopernik.ENOTFOUND, kopernik.MsgNoSubprofile)
}

// loadEntity reads one entity (live or removed) with its interests.
func (s *Store) loadEntity(ctx context.Context, q querier, cat *kopernik.Catalog, kind kopernik.OwnerKind, id int64) (*kopernik.Entity, error) {
	o, ok, err := s.entityOwner(ctx, q, kind, id)
	if err != nil {
		return nil, err
	}
	fields := cat.Fields(o)
	if !ok || (fields == nil && !ownerExists(cat, o)) {
		return nil, notFound(kind)
	}
	var e *kopernik.Entity
	if rr, ok := s.d.(RowReader); ok && q == querier(s.rdb) {
		err = rr.ReadRows(ctx, s.rdb, s.selectByID(cat, o, fields), []any{id}, func(sc RowScanner) (err error) {
			e, err = scanEntity(sc, o, fields)
			return err
		})
		if err != nil {
			return nil, err
		}
	} else {
		rows, err := s.readQuery(ctx, q, s.selectByID(cat, o, fields), id)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			if e, err = scanEntity(rows, o, fields); err != nil {
				rows.Close()
				return nil, err
			}
		}
		if err := closeRows(rows); err != nil {
			return nil, err
		}
	}
	if e == nil {
		return nil, notFound(kind)
	}
	if db, ok := q.(*sql.DB); ok && db == s.rdb {
		s.owners.put(kind, id, o.ID) // committed data only
	}
	if kind == kopernik.OwnerDatabase && len(cat.Database(o.ID).Interests) > 0 {
		if e.Interests, err = s.interestsOf(ctx, q, []int64{id}, nil); err != nil {
			return nil, err
		}
	}
	return e, nil
}

func ownerExists(cat *kopernik.Catalog, o kopernik.Owner) bool {
	if o.Kind == kopernik.OwnerDatabase {
		return cat.Database(o.ID) != nil
	}
	return cat.Collection(o.ID) != nil
}

// interestsOf reads the interests of profiles; with into set it fills a map per
// profile and returns nil.
func (s *Store) interestsOf(ctx context.Context, q querier, ids []int64, into map[int64][]int64) ([]int64, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	ph := strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")
	rows, err := q.QueryContext(ctx, Rebind(s.d, `SELECT profile_id, interest_id FROM profile_interests WHERE profile_id IN (`+ph+`) ORDER BY profile_id, interest_id`), args...)
	if err != nil {
		return nil, err
	}
	var one []int64
	for rows.Next() {
		var pid, iid int64
		if err := rows.Scan(&pid, &iid); err != nil {
			rows.Close()
			return nil, err
		}
		if into != nil {
			into[pid] = append(into[pid], iid)
		} else {
			one = append(one, iid)
		}
	}
	return one, closeRows(rows)
}

func (s *Store) GetEntity(ctx context.Context, kind kopernik.OwnerKind, id int64) (*kopernik.Entity, error) {
	// A read by primary key takes microseconds: not worth arming the driver's
	// interruption on every call, which costs more than the read saves.
	return s.loadEntity(context.WithoutCancel(ctx), s.rdb, s.cat.Load(), kind, id)
}

// GetEntityChecked is GetEntity for a caller that has not checked the
// catalog version yet; it returns the catalog the entity was read with.
// On a shared store the version comes with the row, from the same
// statement and snapshot, instead of from a round trip of its own before
// it: a GET by ID is one round trip. When the version moved (another node
// changed the structure), when the row is missing, or when the statement
// built from this node's catalog fails (a column another node dropped),
// the catalog is brought up to date first and the entity read again.
func (s *Store) GetEntityChecked(ctx context.Context, kind kopernik.OwnerKind, id int64) (*kopernik.Entity, *kopernik.Catalog, error) {
	ctx = context.WithoutCancel(ctx)
	cat := s.cat.Load()
	if !s.d.Shared() {
		e, err := s.loadEntity(ctx, s.rdb, cat, kind, id)
		return e, cat, err
	}
	if rr, ok := s.d.(RowReader); ok {
		if e := s.readChecked(ctx, rr, cat, kind, id); e != nil {
			return e, cat, nil
		}
	}
	cat, err := s.Catalog(ctx)
	if err != nil {
		return nil, nil, err
	}
	e, err := s.loadEntity(ctx, s.rdb, cat, kind, id)
	return e, cat, err
}

// readChecked reads the entity with cat when the store's catalog version
// is still cat's, and nil in every other case (the caller's slow path).
func (s *Store) readChecked(ctx context.Context, rr RowReader, cat *kopernik.Catalog, kind kopernik.OwnerKind, id int64) *kopernik.Entity {
	o, ok := s.owners.get(kind, id)
	if !ok {
		return nil
	}
	owner := kopernik.Owner{Kind: kind, ID: o}
	fields := cat.Fields(owner)
	if fields == nil && !ownerExists(cat, owner) {
		return nil
	}
	if s.groups != nil {
		return s.groups.read(ctx, s, rr, cat, owner, fields, id)
	}
	e, err := s.readOneChecked(ctx, rr, cat, owner, fields, id)
	if err != nil {
		return nil
	}
	return e
}

// readOneChecked runs the versioned statement for one ID: nil without an
// error when the row is missing or the version is not cat's.
func (s *Store) readOneChecked(ctx context.Context, rr RowReader, cat *kopernik.Catalog, owner kopernik.Owner, fields []*kopernik.Field, id int64) (*kopernik.Entity, error) {
	var e *kopernik.Entity
	err := rr.ReadRows(ctx, s.rdb, s.selectByIDVersioned(cat, owner, fields), []any{id}, func(sc RowScanner) (err error) {
		e, err = scanChecked(sc, cat, owner, fields)
		return err
	})
	return e, err
}

// scanChecked scans a row of the versioned statement; nil when the row was
// read under another catalog version than cat's.
func scanChecked(sc RowScanner, cat *kopernik.Catalog, owner kopernik.Owner, fields []*kopernik.Field) (*kopernik.Entity, error) {
	var version, interests string
	extra := []any{&version}
	withInterests := checkedInterests(cat, owner)
	if withInterests {
		extra = append(extra, &interests)
	}
	e, err := scanEntity(sc, owner, fields, extra...)
	if err != nil || parseInt(version) != cat.Version {
		return nil, err
	}
	if withInterests {
		e.Interests = interestList(interests)
	}
	return e, nil
}

// resolveFields maps a field map onto the owner's fields: names match
// case-insensitively, unknown names are ignored (B16, B18), and a later key for
// the same field wins (B17).
func (s *Store) resolveFields(fields []*kopernik.Field, in *kopernik.Map) map[int64]string {
	out := map[int64]string{}
	for i, name := range in.KeyList() {
		f := kopernik.FieldByName(fields, name)
		if f == nil {
			continue
		}
		out[f.ID] = s.d.Text(s.conv.Normalize(f, in.Values[i]))
	}
	return out
}

// resolveInterests turns a list of names or a map name → flag into the IDs to
// switch on and off; unknown names are ignored (O9).
func resolveInterests(d *kopernik.Database, v any) (on, off []int64) {
	add := func(name string, flag bool) {
		i := d.InterestByName(name)
		if i == nil {
			return
		}
		on = slices.DeleteFunc(on, func(x int64) bool { return x == i.ID })
		off = slices.DeleteFunc(off, func(x int64) bool { return x == i.ID })
		if flag {
			on = append(on, i.ID)
		} else {
			off = append(off, i.ID)
		}
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			add(values.Text(e), true)
		}
	case *kopernik.Map:
		// PHP sees ["a"] and {"0":"a"} (and the form 0=a) as the same array:
		// an entry with an integer key names an interest to switch on. Interest
		// names are never all digits, so no name is lost.
		for i, k := range x.Keys {
			if isPHPIntKey(k) {
				add(values.Text(x.Values[i]), true)
				continue
			}
			add(k, phpTruthy(x.Values[i]))
		}
	case string:
		if x != "" {
			add(x, true)
		}
	}
	return on, off
}

// isPHPIntKey reports an array key PHP stores as an integer: a decimal
// without leading zeros or plus sign.
func isPHPIntKey(k string) bool {
	d := strings.TrimPrefix(k, "-")
	if d == "" || (len(d) > 1 && d[0] == '0') || (d == "0" && k != "0") || len(d) > 18 {
		return false
	}
	for i := 0; i < len(d); i++ {
		if d[i] < '0' || d[i] > '9' {
			return false
		}
	}
	return true
}

func (s *Store) CreateEntity(ctx context.Context, o kopernik.Owner, profileID int64, in kopernik.EntityInput) (int64, error) {
	// Everything that does not need the transaction is done here, in the
	// request's goroutine, so that the single writer only executes.
	prep, prepErr := s.prepareCreate(s.cat.Load(), o, profileID, in, s.now())
	var id int64
	err := s.writeCreate(ctx, o.Kind, func(t *Tx) error {
		p := prep
		if prepErr != nil || p.version != t.Cat.Version {
			// The structure changed since (or the owner was missing): redo it.
			var err error
			if p, err = t.s.prepareCreate(t.Cat, o, profileID, in, t.s.now()); err != nil {
				return err
			}
		}
		var err error
		id, err = t.insertCreate(p)
		return err
	})
	return id, err
}

func (t *Tx) createEntity(o kopernik.Owner, profileID int64, in kopernik.EntityInput, now time.Time) (int64, error) {
	p, err := t.s.prepareCreate(t.Cat, o, profileID, in, now)
	if err != nil {
		return 0, err
	}
	return t.insertCreate(p)
}

// preparedCreate is a create worked out against one catalog version: the
// statement, its arguments (the ID still to be filled in) and the journal
// document.
type preparedCreate struct {
	version   int64
	o         kopernik.Owner
	profileID int64
	insert    string
	args      []any // args[0] is the ID, then secret, created, modified
	interests []int64
	journal   string
	// What observers are told, kept as it is at hand (see change).
	in     kopernik.EntityInput
	fields []*kopernik.Field
	vals   map[string]string // stored value by field name
}

func (s *Store) prepareCreate(cat *kopernik.Catalog, o kopernik.Owner, profileID int64, in kopernik.EntityInput, now time.Time) (preparedCreate, error) {
	p := preparedCreate{version: cat.Version, o: o, profileID: profileID, in: in}
	if !ownerExists(cat, o) {
		if o.Kind == kopernik.OwnerDatabase {
			return p, kopernik.Errorf(kopernik.ENOTFOUND, kopernik.MsgNoDatabase)
		}
		return p, kopernik.Errorf(kopernik.ENOTFOUND, kopernik.MsgSubprofileNotMade)
	}
	fields := cat.Fields(o)
	given := s.resolveFields(fields, in.Fields)
	stamp := kopernik.Stamp(now)
	created, modified := stamp, stamp
	if in.Created != nil {
		if v, ok := s.stampOrEmpty(*in.Created); ok {
			created = v
		}
	}
	if in.Modified != nil {
		if v, ok := s.stampOrEmpty(*in.Modified); ok {
			modified = v
		}
	}
	secret := values.NewSecret()
	if in.Secret != nil && *in.Secret != "" {
		secret = s.d.Text(*in.Secret)
	}
	var cols strings.Builder
	cols.WriteString("id, secret, created, modified")
	p.args = []any{int64(0), secret, created, modified}
	if o.Kind == kopernik.OwnerCollection {
		cols.WriteString(", profile_id")
		p.args = append(p.args, profileID)
	}
	vals := make(map[string]string, len(fields))
	for _, f := range fields {
		v, ok := given[f.ID]
		if !ok {
			v = s.conv.Default(f)
		}
		cols.WriteString(", " + fieldColumn(f.ID))
		p.args = append(p.args, bindValue(f.Type, v))
		vals[f.Name] = v
	}
	ph := strings.TrimSuffix(strings.Repeat("?, ", len(p.args)), ", ")
	p.insert = `INSERT INTO ` + ownerTable(o) + ` (` + cols.String() + `) VALUES (` + ph + `)`
	if o.Kind == kopernik.OwnerDatabase && in.Interests != nil {
		p.interests, _ = resolveInterests(cat.Database(o.ID), in.Interests)
	}
	p.journal = journalData(vals, false)
	p.fields, p.vals = fields, vals
	return p, nil
}

// change is a create as observers see it.
func (p *preparedCreate) change(id int64) *kopernik.Change {
	e := &kopernik.Entity{ID: id, Owner: p.o, ProfileID: p.profileID, Values: make(map[int64]string, len(p.fields))}
	e.Secret, _ = p.args[1].(string)
	e.Created, _ = p.args[2].(string)
	e.Modified, _ = p.args[3].(string)
	for _, f := range p.fields {
		e.Values[f.ID] = p.vals[f.Name]
	}
	if len(p.interests) > 0 {
		e.Interests = slices.Sorted(slices.Values(p.interests))
	}
	c := &kopernik.Change{Entity: e, InterestsOn: e.Interests, Params: &kopernik.ChangeParams{Fields: p.in.Fields}}
	if p.o.Kind == kopernik.OwnerDatabase {
		c.Params.Interests = submittedInterests(p.in.Interests)
	}
	return c
}

// insertCreate executes a prepared create and returns the new ID.
func (t *Tx) insertCreate(p preparedCreate) (int64, error) {
	t.touch()
	var id int64
	var err error
	if pl, ok := t.s.d.(Pipeliner); ok {
		// The ID from the batch's block; the sequence row travels with the
		// others at the commit.
		seq := seqTable(p.o.Kind)
		if id, err = t.nextID(pl, seq); err == nil {
			if p.o.Kind == kopernik.OwnerDatabase {
				err = t.execLater(`INSERT INTO profile_seq (id, database_id) VALUES (?, ?)`, id, p.o.ID)
			} else {
				err = t.execLater(`INSERT INTO subprofile_seq (id, collection_id, profile_id) VALUES (?, ?, ?)`, id, p.o.ID, p.profileID)
			}
		}
	} else if p.o.Kind == kopernik.OwnerDatabase {
		id, err = t.insertID(`INSERT INTO profile_seq (database_id) VALUES (?)`, p.o.ID)
	} else {
		id, err = t.insertID(`INSERT INTO subprofile_seq (collection_id, profile_id) VALUES (?, ?)`, p.o.ID, p.profileID)
	}
	if err != nil {
		return 0, err
	}
	args := append([]any{id}, p.args[1:]...)
	if err := t.execLater(p.insert, args...); err != nil {
		return 0, err
	}
	for _, iid := range p.interests {
		if err := t.execLater(`INSERT INTO profile_interests (profile_id, interest_id) VALUES (?, ?)`, id, iid); err != nil {
			return 0, err
		}
	}
	// Cached only once durable: a rolled-back ID may be handed out again.
	o := p.o
	t.AfterCommit(func() { t.s.owners.put(o.Kind, id, o.ID) })
	return id, t.record(mutation{kind: kopernik.ChangeCreate, owner: o, id: id, journal: p.journal},
		func() *kopernik.Change { return p.change(id) })
}

// stampOrEmpty validates a client-given timestamp (v1 create): it must parse.
func (s *Store) stampOrEmpty(v string) (string, bool) {
	out := s.conv.Normalize(&kopernik.Field{Type: kopernik.TypeEmptyDatetime}, v)
	return out, out != ""
}

func (s *Store) UpdateEntity(ctx context.Context, kind kopernik.OwnerKind, id int64, in kopernik.EntityInput) error {
	return s.write(ctx, func(t *Tx) error {
		e, err := t.s.loadEntity(t.ctx, t.conn, t.Cat, kind, id)
		if err != nil {
			return err
		}
		return t.updateEntity(e, in)
	})
}

// updateEntity applies in to one loaded entity. modified moves only when a
// stored value really changes (B42, B43); a removed entity keeps reading empty
// but a known field still bumps modified (B55).
func (t *Tx) updateEntity(e *kopernik.Entity, in kopernik.EntityInput) error {
	t.touch()
	o := e.Owner
	fields := t.Cat.Fields(o)
	given := t.s.resolveFields(fields, in.Fields)
	var sets []string
	var args []any
	changed := map[string]string{}
	for _, f := range fields {
		v, ok := given[f.ID]
		if !ok || e.Removed != "" || v == e.Values[f.ID] {
			continue
		}
		sets = append(sets, fieldColumn(f.ID)+" = ?")
		args = append(args, bindValue(f.Type, v))
		changed[f.Name] = v
	}
	bump := len(sets) > 0 || (e.Removed != "" && len(given) > 0)
	secret := e.Secret
	if in.Secret != nil && t.s.d.Text(*in.Secret) != e.Secret {
		secret = t.s.d.Text(*in.Secret)
		sets = append(sets, "secret = ?")
		args = append(args, secret)
	}
	var on, off []int64
	if o.Kind == kopernik.OwnerDatabase && in.Interests != nil && e.Removed == "" {
		var err error
		if on, off, err = t.applyInterests(e, in.Interests, in.InterestsMerge); err != nil {
			return err
		}
		bump = bump || len(on)+len(off) > 0
	}
	now := kopernik.Stamp(t.s.now())
	if bump {
		sets = append(sets, "modified = ?")
		args = append(args, now)
	}
	if len(sets) == 0 {
		return nil
	}
	args = append(args, e.ID)
	if _, err := t.Exec(`UPDATE `+ownerTable(o)+` SET `+strings.Join(sets, ", ")+` WHERE id = ?`, args...); err != nil {
		return err
	}
	interestsChanged := len(on)+len(off) > 0
	if len(changed) == 0 && !interestsChanged {
		return nil // nothing a journal or an observer follows (a secret, a removed entity's stamp)
	}
	return t.record(mutation{kind: kopernik.ChangeUpdate, owner: o, id: e.ID, at: now,
		journal: journalData(changed, interestsChanged)},
		func() *kopernik.Change {
			after := *e
			after.Values = make(map[int64]string, len(e.Values))
			c := &kopernik.Change{Entity: &after, InterestsOn: on, InterestsOff: off,
				Params: &kopernik.ChangeParams{Fields: in.Fields}}
			for _, f := range fields {
				after.Values[f.ID] = e.Values[f.ID]
				if v, ok := changed[f.Name]; ok {
					after.Values[f.ID] = v
					c.Fields = append(c.Fields, f.ID)
				}
			}
			after.Secret, after.Modified = secret, now
			if interestsChanged {
				after.Interests = slices.DeleteFunc(slices.Clone(e.Interests), func(i int64) bool { return slices.Contains(off, i) })
				after.Interests = slices.Sorted(slices.Values(append(after.Interests, on...)))
			}
			if o.Kind == kopernik.OwnerDatabase {
				c.Params.Interests = submittedInterests(in.Interests)
			}
			return c
		})
}

// applyInterests replaces (or merges into) a profile's interest set and
// returns the interests it switched on and off, in ID order.
func (t *Tx) applyInterests(e *kopernik.Entity, v any, merge bool) (on, off []int64, err error) {
	d := t.Cat.Database(e.Owner.ID)
	named, unnamed := resolveInterests(d, v)
	want := map[int64]bool{}
	if merge {
		for _, i := range e.Interests {
			want[i] = true
		}
		for _, i := range unnamed {
			delete(want, i)
		}
	}
	for _, i := range named {
		want[i] = true
	}
	have := map[int64]bool{}
	for _, i := range e.Interests {
		have[i] = true
	}
	for i := range have {
		if !want[i] {
			off = append(off, i)
		}
	}
	for i := range want {
		if !have[i] {
			on = append(on, i)
		}
	}
	slices.Sort(on)
	slices.Sort(off)
	for _, i := range off {
		if _, err := t.Exec(`DELETE FROM profile_interests WHERE profile_id = ? AND interest_id = ?`, e.ID, i); err != nil {
			return nil, nil, err
		}
	}
	for _, i := range on {
		if _, err := t.Exec(`INSERT INTO profile_interests (profile_id, interest_id) VALUES (?, ?)`, e.ID, i); err != nil {
			return nil, nil, err
		}
	}
	return on, off, nil
}

func (s *Store) DeleteEntity(ctx context.Context, kind kopernik.OwnerKind, id int64) error {
	return s.write(ctx, func(t *Tx) error {
		e, err := t.s.loadEntity(t.ctx, t.conn, t.Cat, kind, id)
		if err != nil {
			return err
		}
		if e.Removed != "" {
			if kind == kopernik.OwnerDatabase {
				return kopernik.Errorf(kopernik.EINVALID, kopernik.MsgProfileRemoved)
			}
			return kopernik.Errorf(kopernik.EINVALID, kopernik.MsgSubprofileRemoved)
		}
		return t.removeEntity(e)
	})
}

// PurgeEntity hard-deletes an entity (O18). A live one is first removed as by
// DeleteEntity (journal entries, cascade); then its row goes, and for a profile
// its interests and the rows of its subprofiles. The sequence rows stay, so the
// IDs read as unknown and are never handed out again.
func (s *Store) PurgeEntity(ctx context.Context, kind kopernik.OwnerKind, id int64) error {
	return s.write(ctx, func(t *Tx) error {
		e, err := t.s.loadEntity(t.ctx, t.conn, t.Cat, kind, id)
		if err != nil {
			return err
		}
		if e.Removed == "" {
			if err := t.removeEntity(e); err != nil {
				return err
			}
		}
		if _, err := t.Exec(`DELETE FROM `+ownerTable(e.Owner)+` WHERE id = ?`, id); err != nil {
			return err
		}
		if kind != kopernik.OwnerDatabase {
			return nil
		}
		if _, err := t.Exec(`DELETE FROM profile_interests WHERE profile_id = ?`, id); err != nil {
			return err
		}
		for _, c := range t.Cat.Database(e.Owner.ID).Collections {
			if _, err := t.Exec(`DELETE FROM `+ownerTable(kopernik.CollectionOwner(c.ID))+` WHERE profile_id = ?`, id); err != nil {
				return err
			}
		}
		return nil
	})
}

// removeEntity soft-deletes one live entity, and for a profile every live
// subprofile of it first, in the caller's transaction (B52, B54).
func (t *Tx) removeEntity(e *kopernik.Entity) error {
	now := kopernik.Stamp(t.s.now())
	o := e.Owner
	if o.Kind == kopernik.OwnerDatabase {
		for _, c := range t.Cat.Database(o.ID).Collections {
			if err := t.removeSubprofiles(kopernik.CollectionOwner(c.ID), e.ID, now); err != nil {
				return err
			}
		}
	}
	if err := t.blank(o, now, "id = ?", e.ID); err != nil {
		return err
	}
	return t.record(mutation{kind: kopernik.ChangeDelete, owner: o, id: e.ID, journal: "{}", at: now},
		func() *kopernik.Change { return removed(e, now) })
}

// removeSubprofiles soft-deletes the live subprofiles of one profile in one
// collection, in ID order.
func (t *Tx) removeSubprofiles(co kopernik.Owner, profileID int64, now string) error {
	rows, err := t.Query(`SELECT id FROM `+ownerTable(co)+` WHERE profile_id = ? AND removed IS NULL ORDER BY id`, profileID)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var sid int64
		if err := rows.Scan(&sid); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, sid)
	}
	if err := closeRows(rows); err != nil || len(ids) == 0 {
		return err
	}
	// Observers are told the values the subprofiles had; the rows are blanked.
	var subs []*kopernik.Entity
	if t.observing(kopernik.ChangeDelete, co) {
		for _, sid := range ids {
			sub, err := t.s.loadEntity(t.ctx, t.conn, t.Cat, kopernik.OwnerCollection, sid)
			if err != nil {
				return err
			}
			subs = append(subs, sub)
		}
	}
	if err := t.blank(co, now, "profile_id = ? AND removed IS NULL", profileID); err != nil {
		return err
	}
	for i, sid := range ids {
		if err := t.record(mutation{kind: kopernik.ChangeDelete, owner: co, id: sid, journal: "{}", at: now},
			func() *kopernik.Change { return removed(subs[i], now) }); err != nil {
			return err
		}
	}
	return nil
}

// removed is a delete as observers see it: the entity as it was, marked
// removed at now.
func removed(e *kopernik.Entity, now string) *kopernik.Change {
	gone := *e
	gone.Removed = now
	return &kopernik.Change{Entity: &gone}
}

// blank marks rows removed and wipes their field values.
func (t *Tx) blank(o kopernik.Owner, now, where string, arg any) error {
	t.touch()
	sets := []string{"removed = ?"}
	args := []any{now}
	for _, f := range t.Cat.Fields(o) {
		sets = append(sets, fieldColumn(f.ID)+" = ?")
		args = append(args, zeroValue(f.Type))
	}
	args = append(args, arg)
	_, err := t.Exec(`UPDATE `+ownerTable(o)+` SET `+strings.Join(sets, ", ")+` WHERE `+where, args...)
	return err
}

func (s *Store) Events(ctx context.Context, kind kopernik.OwnerKind, id int64) ([]kopernik.Event, error) {
	if _, err := s.GetEntity(ctx, kind, id); err != nil {
		return nil, err
	}
	rows, err := s.query(ctx, `SELECT id, at, kind, data FROM journal WHERE entity = ? AND entity_id = ? ORDER BY id`, entityWord(kind), id)
	if err != nil {
		return nil, err
	}
	var out []kopernik.Event
	for rows.Next() {
		var ev kopernik.Event
		if err := rows.Scan(&ev.ID, &ev.At, &ev.Kind, &ev.Data); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, ev)
	}
	return out, closeRows(rows)
}

// readQuery runs a query, through the prepared-statement cache when it goes to
// the read pool.
func (s *Store) readQuery(ctx context.Context, q querier, text string, args ...any) (*sql.Rows, error) {
	if db, ok := q.(*sql.DB); ok && db == s.rdb {
		return s.reads.query(ctx, text, args...)
	}
	return q.QueryContext(ctx, text, args...)
}
