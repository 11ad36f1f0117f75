package sqlstore

import (
	"context"
	"strconv"
	"strings"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/selection"
)

func (t *Tx) view(id int64) (*kopernik.View, error) {
	if v := t.defs().View(id); v != nil {
		return v, nil
	}
	return nil, kopernik.Errorf(kopernik.ENOTFOUND, kopernik.MsgNoView)
}

func (s *Store) CreateView(ctx context.Context, database, parent int64, body *kopernik.Map) (int64, error) {
	var id int64
	err := s.writeDDL(ctx, func(t *Tx) error {
		if _, err := t.database(database); err != nil {
			return err
		}
		if parent != 0 {
			p, err := t.view(parent)
			if err != nil {
				return err
			}
			if p.Database != database {
				return kopernik.Errorf(kopernik.ENOTFOUND, kopernik.MsgNoView)
			}
		}
		v := &kopernik.View{Database: database, Parent: parent}
		if err := selection.ApplyView(t.defs(), v, body, true); err != nil {
			return err
		}
		var err error
		if id, err = t.insertView(v); err != nil {
			return err
		}
		return t.commitDefinitions([]kopernik.SelectionRef{kopernik.ViewRef(id)}, nil)
	})
	return id, err
}

func (t *Tx) insertView(v *kopernik.View) (int64, error) {
	var id int64
	err := t.QueryRow(`INSERT INTO views (database_id, parent_id, name, description,
		intent_email, intent_sms, intent_fax, intent_pdf) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		v.Database, v.Parent, v.Name, v.Description,
		v.Intentions.Email, v.Intentions.SMS, v.Intentions.Fax, v.Intentions.PDF).Scan(&id)
	return id, err
}

// UpdateView changes name and description, which select nothing: the
// members stay as they are.
func (s *Store) UpdateView(ctx context.Context, id int64, body *kopernik.Map) error {
	return s.writeDDL(ctx, func(t *Tx) error {
		old, err := t.view(id)
		if err != nil {
			return err
		}
		v := *old
		if err := selection.ApplyView(t.defs(), &v, body, false); err != nil {
			return err
		}
		if v == *old {
			return nil
		}
		if _, err := t.Exec(`UPDATE views SET name = ?, description = ? WHERE id = ?`, v.Name, v.Description, id); err != nil {
			return err
		}
		return t.bumpCatalog()
	})
}

// DeleteView deletes the view and everything nested in it, with their rules
// and conditions (O-22). Conditions of other selections that refer to a
// deleted view stay and dangle (§9).
func (s *Store) DeleteView(ctx context.Context, id int64) error {
	return s.writeDDL(ctx, func(t *Tx) error {
		if _, err := t.view(id); err != nil {
			return err
		}
		defs := t.defs()
		var deleted []kopernik.SelectionRef
		for _, v := range defs.Subtree(id) {
			ref := kopernik.ViewRef(v.ID)
			if err := t.deleteRulesOf(ref); err != nil {
				return err
			}
			if _, err := t.Exec(`DELETE FROM views WHERE id = ?`, v.ID); err != nil {
				return err
			}
			deleted = append(deleted, ref)
		}
		return t.commitDefinitions(referrers(defs, deleted), deleted)
	})
}

// referrers lists the selections, other than the deleted ones, with a
// condition that names one of them: their references dangle from now on.
func referrers(defs *selection.Definitions, deleted []kopernik.SelectionRef) []kopernik.SelectionRef {
	gone := map[kopernik.SelectionRef]bool{}
	for _, d := range deleted {
		gone[d] = true
	}
	var out []kopernik.SelectionRef
	for _, d := range deleted {
		for _, r := range defs.ReferringTo(d) {
			if !gone[r] {
				gone[r] = true
				out = append(out, r)
			}
		}
	}
	return out
}

// deleteRulesOf deletes the rules of a view or miniview and their conditions.
func (t *Tx) deleteRulesOf(ref kopernik.SelectionRef) error {
	for _, r := range t.defs().RulesOf(ref) {
		if err := t.deleteRule(r.ID); err != nil {
			return err
		}
	}
	return nil
}

// CopyView copies a view beside itself (O-23): same parent, the given name,
// its intentions, and its rules and conditions with new IDs; references in
// the conditions keep their targets. With nested, the views nested in it
// are copied below the copy, named "<name> (copy)", "<name> (copy 2)", …
// as view names must be unique in the database.
func (s *Store) CopyView(ctx context.Context, id int64, name string, nested bool) (int64, error) {
	var newID int64
	err := s.writeDDL(ctx, func(t *Tx) error {
		src, err := t.view(id)
		if err != nil {
			return err
		}
		defs := t.defs()
		top := *src
		top.ID = 0
		if err := selection.ApplyView(defs, &top, &kopernik.Map{Keys: []string{"name"}, Values: []any{name}}, true); err != nil {
			return err
		}
		taken := map[string]bool{}
		for _, v := range defs.ViewsOf(src.Database) {
			taken[strings.ToLower(v.Name)] = true
		}
		taken[strings.ToLower(top.Name)] = true
		views := []*kopernik.View{src}
		if nested {
			views = defs.Subtree(id)
		}
		copied := map[int64]int64{}
		var refs []kopernik.SelectionRef
		for _, v := range views { // parents before their children
			c := *v
			if v.ID == id {
				c = top
			} else {
				c.Parent = copied[v.Parent]
				c.Name = copyName(v.Name, taken)
			}
			nid, err := t.insertView(&c)
			if err != nil {
				return err
			}
			copied[v.ID] = nid
			if err := t.copyRules(defs, kopernik.ViewRef(v.ID), kopernik.ViewRef(nid), selection.Remap{}); err != nil {
				return err
			}
			refs = append(refs, kopernik.ViewRef(nid))
		}
		newID = copied[id]
		return t.commitDefinitions(refs, nil)
	})
	return newID, err
}

// copyName is the first of "<name> (copy)", "<name> (copy 2)", … that no
// view of the database has; it is taken from then on.
func copyName(name string, taken map[string]bool) string {
	for n := 1; ; n++ {
		c := name + " (copy)"
		if n > 1 {
			c = name + " (copy " + strconv.Itoa(n) + ")"
		}
		if !taken[strings.ToLower(c)] {
			taken[strings.ToLower(c)] = true
			return c
		}
	}
}

// copyRules copies the rules of from, with their conditions, to to, passing
// every reference through m.
func (t *Tx) copyRules(defs *selection.Definitions, from, to kopernik.SelectionRef, m selection.Remap) error {
	for _, r := range defs.RulesOf(from) {
		nr := *r
		nr.Owner = to
		rid, err := t.insertRule(&nr)
		if err != nil {
			return err
		}
		for _, c := range defs.ConditionsOf(r.ID) {
			p, err := m.Rewrite(c.Props)
			if err != nil {
				return err
			}
			if _, err := t.insertCondition(rid, p); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *Store) UpdateSelectionIntentions(ctx context.Context, ref kopernik.SelectionRef, in kopernik.IntentionsInput) error {
	return s.writeDDL(ctx, func(t *Tx) error {
		cur, fields, err := t.selectionIntentions(ref)
		if err != nil {
			return err
		}
		next, err := nextIntentions(cur, in, fields)
		if err != nil || next == cur {
			return err
		}
		return t.writeSelectionIntentions(ref, next)
	})
}

// selectionIntentions returns the intentions of a view or miniview and the
// fields their prerequisites are looked for in: the database's for a view,
// the collection's for a miniview (§7).
func (t *Tx) selectionIntentions(ref kopernik.SelectionRef) (kopernik.Intentions, []*kopernik.Field, error) {
	defs := t.defs()
	if ref.Kind == kopernik.KindMiniview {
		m, err := t.miniview(ref.ID)
		if err != nil {
			return kopernik.Intentions{}, nil, err
		}
		fields, err := t.ownerFields(kopernik.CollectionOwner(m.Collection))
		return m.Intentions, fields, err
	}
	v := defs.View(ref.ID)
	if v == nil {
		return kopernik.Intentions{}, nil, kopernik.Errorf(kopernik.ENOTFOUND, kopernik.MsgNoView)
	}
	fields, err := t.ownerFields(kopernik.DatabaseOwner(v.Database))
	return v.Intentions, fields, err
}

func (t *Tx) writeSelectionIntentions(ref kopernik.SelectionRef, in kopernik.Intentions) error {
	table := "views"
	if ref.Kind == kopernik.KindMiniview {
		table = "miniviews"
	}
	if _, err := t.Exec(`UPDATE `+table+` SET intent_email = ?, intent_sms = ?, intent_fax = ?, intent_pdf = ? WHERE id = ?`,
		in.Email, in.SMS, in.Fax, in.PDF, ref.ID); err != nil {
		return err
	}
	return t.bumpCatalog()
}

// dropSelectionIntentions switches off the intentions of the owner's views
// (a database) or miniviews (a collection) whose channel field is gone.
func (t *Tx) dropSelectionIntentions(o kopernik.Owner, fields []*kopernik.Field) error {
	var refs []kopernik.SelectionRef
	var curs []kopernik.Intentions
	defs := t.defs()
	if o.Kind == kopernik.OwnerDatabase {
		for _, v := range defs.ViewsOf(o.ID) {
			refs, curs = append(refs, kopernik.ViewRef(v.ID)), append(curs, v.Intentions)
		}
	} else {
		for _, m := range defs.MiniviewsOf(o.ID) {
			refs, curs = append(refs, kopernik.MiniviewRef(m.ID)), append(curs, m.Intentions)
		}
	}
	for i, ref := range refs {
		if next := keepChannels(curs[i], fields); next != curs[i] {
			if err := t.writeSelectionIntentions(ref, next); err != nil {
				return err
			}
		}
	}
	return nil
}
