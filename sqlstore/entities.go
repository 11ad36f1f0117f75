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
	rows, err := s.readQuery(ctx, q, s.selectByID(cat, o, fields), id)
	if err != nil {
		return nil, err
	}
	var e *kopernik.Entity
	for rows.Next() {
		if e, err = scanEntity(rows, o, fields); err != nil {
			rows.Close()
			return nil, err
		}
	}
	if err := closeRows(rows); err != nil {
		return nil, err
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
	err := s.write(ctx, func(t *Tx) error {
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
	args      []any // args[0] is the ID
	interests []int64
	journal   string
}

func (s *Store) prepareCreate(cat *kopernik.Catalog, o kopernik.Owner, profileID int64, in kopernik.EntityInput, now time.Time) (preparedCreate, error) {
	p := preparedCreate{version: cat.Version, o: o, profileID: profileID}
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
	return p, nil
}

// insertCreate executes a prepared create and returns the new ID.
func (t *Tx) insertCreate(p preparedCreate) (int64, error) {
	t.touch()
	var id int64
	var err error
	if p.o.Kind == kopernik.OwnerDatabase {
		id, err = t.insertID(`INSERT INTO profile_seq (database_id) VALUES (?)`, p.o.ID)
	} else {
		id, err = t.insertID(`INSERT INTO subprofile_seq (collection_id, profile_id) VALUES (?, ?)`, p.o.ID, p.profileID)
	}
	if err != nil {
		return 0, err
	}
	args := append([]any{id}, p.args[1:]...)
	if _, err := t.Exec(p.insert, args...); err != nil {
		return 0, err
	}
	for _, iid := range p.interests {
		if _, err := t.Exec(`INSERT INTO profile_interests (profile_id, interest_id) VALUES (?, ?)`, id, iid); err != nil {
			return 0, err
		}
	}
	// Cached only once durable: a rolled-back ID may be handed out again.
	o := p.o
	t.AfterCommit(func() { t.s.owners.put(o.Kind, id, o.ID) })
	return id, t.journal("create", o, id, p.journal)
}

// journal writes one mutation record in the mutation's own transaction.
func (t *Tx) journal(kind string, o kopernik.Owner, id int64, data string) error {
	_, err := t.Exec(`INSERT INTO journal (at, kind, entity, entity_id, owner_id, data) VALUES (?, ?, ?, ?, ?, ?)`,
		kopernik.Stamp(t.s.now()), kind, entityWord(o.Kind), id, o.ID, data)
	return err
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
	if in.Secret != nil && t.s.d.Text(*in.Secret) != e.Secret {
		sets = append(sets, "secret = ?")
		args = append(args, t.s.d.Text(*in.Secret))
	}
	interestsChanged := false
	if o.Kind == kopernik.OwnerDatabase && in.Interests != nil && e.Removed == "" {
		var err error
		if interestsChanged, err = t.applyInterests(e, in.Interests, in.InterestsMerge); err != nil {
			return err
		}
		bump = bump || interestsChanged
	}
	if bump {
		sets = append(sets, "modified = ?")
		args = append(args, kopernik.Stamp(t.s.now()))
	}
	if len(sets) == 0 {
		return nil
	}
	args = append(args, e.ID)
	if _, err := t.Exec(`UPDATE `+ownerTable(o)+` SET `+strings.Join(sets, ", ")+` WHERE id = ?`, args...); err != nil {
		return err
	}
	if len(changed) == 0 && !interestsChanged {
		return nil
	}
	return t.journal("update", o, e.ID, journalData(changed, interestsChanged))
}

// applyInterests replaces (or merges into) a profile's interest set.
func (t *Tx) applyInterests(e *kopernik.Entity, v any, merge bool) (bool, error) {
	d := t.Cat.Database(e.Owner.ID)
	on, off := resolveInterests(d, v)
	want := map[int64]bool{}
	if merge {
		for _, i := range e.Interests {
			want[i] = true
		}
		for _, i := range off {
			delete(want, i)
		}
	}
	for _, i := range on {
		want[i] = true
	}
	have := map[int64]bool{}
	for _, i := range e.Interests {
		have[i] = true
	}
	changed := false
	for i := range have {
		if !want[i] {
			changed = true
			if _, err := t.Exec(`DELETE FROM profile_interests WHERE profile_id = ? AND interest_id = ?`, e.ID, i); err != nil {
				return false, err
			}
		}
	}
	for i := range want {
		if !have[i] {
			changed = true
			if _, err := t.Exec(`INSERT INTO profile_interests (profile_id, interest_id) VALUES (?, ?)`, e.ID, i); err != nil {
				return false, err
			}
		}
	}
	return changed, nil
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
		return t.removeEntity(e.Owner, id)
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
			if err := t.removeEntity(e.Owner, id); err != nil {
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
// subprofile of it, in the caller's transaction (B52, B54).
func (t *Tx) removeEntity(o kopernik.Owner, id int64) error {
	now := kopernik.Stamp(t.s.now())
	if err := t.blank(o, now, "id = ?", id); err != nil {
		return err
	}
	if err := t.journal("delete", o, id, "{}"); err != nil {
		return err
	}
	if o.Kind != kopernik.OwnerDatabase {
		return nil
	}
	for _, c := range t.Cat.Database(o.ID).Collections {
		co := kopernik.CollectionOwner(c.ID)
		rows, err := t.Query(`SELECT id FROM `+ownerTable(co)+` WHERE profile_id = ? AND removed IS NULL`, id)
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
		if err := closeRows(rows); err != nil {
			return err
		}
		if len(ids) == 0 {
			continue
		}
		if err := t.blank(co, now, "profile_id = ? AND removed IS NULL", id); err != nil {
			return err
		}
		for _, sid := range ids {
			if err := t.journal("delete", co, sid, "{}"); err != nil {
				return err
			}
		}
	}
	return nil
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
