package sqlstore

import (
	"context"
	"strconv"
	"strings"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/selection"
)

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
