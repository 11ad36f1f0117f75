package sqlstore

import (
	"bytes"
	"context"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/selection"
)

func (t *Tx) condition(id int64) (*kopernik.Condition, *kopernik.Rule, error) {
	defs := t.defs()
	if c := defs.Condition(id); c != nil {
		if r := defs.Rule(c.Rule); r != nil {
			return c, r, nil
		}
	}
	return nil, nil, kopernik.Errorf(kopernik.ENOTFOUND, kopernik.MsgNoCondition)
}

// scope is what a condition of the rule is read against: the snapshot of
// this transaction, so that references and cycles are checked against the
// structure the write commits on.
func (t *Tx) scope(r *kopernik.Rule) selection.Scope {
	return selection.Scope{Catalog: t.Cat, Defs: t.defs(), Owner: r.Owner, Loc: t.s.clk.Loc}
}

func (s *Store) CreateCondition(ctx context.Context, rule int64, body *kopernik.Map) (int64, kopernik.ConditionType, error) {
	var id int64
	var typ kopernik.ConditionType
	err := s.writeDDL(ctx, func(t *Tx) error {
		r, err := t.rule(rule)
		if err != nil {
			return err
		}
		p, err := selection.ParseCondition(t.scope(r), body)
		if err != nil {
			return err
		}
		if id, err = t.insertCondition(rule, p); err != nil {
			return err
		}
		typ = p.ConditionType()
		return t.commitDefinitions([]kopernik.SelectionRef{r.Owner}, nil)
	})
	return id, typ, err
}

func (t *Tx) insertCondition(rule int64, p kopernik.ConditionProps) (int64, error) {
	doc, err := kopernik.EncodeConditionProps(p)
	if err != nil {
		return 0, err
	}
	var id int64
	err = t.QueryRow(`INSERT INTO conditions (rule_id, type, props) VALUES (?, ?, ?) RETURNING id`,
		rule, string(p.ConditionType()), string(doc)).Scan(&id)
	return id, err
}

// UpdateCondition changes the properties the body names; an update that
// changes nothing writes nothing.
func (s *Store) UpdateCondition(ctx context.Context, id int64, body *kopernik.Map) error {
	return s.writeDDL(ctx, func(t *Tx) error {
		c, r, err := t.condition(id)
		if err != nil {
			return err
		}
		p, err := selection.UpdateCondition(t.scope(r), c.Props, body)
		if err != nil {
			return err
		}
		doc, err := kopernik.EncodeConditionProps(p)
		if err != nil {
			return err
		}
		old, err := kopernik.EncodeConditionProps(c.Props)
		if err != nil || bytes.Equal(doc, old) {
			return err
		}
		if _, err := t.Exec(`UPDATE conditions SET props = ? WHERE id = ?`, string(doc), id); err != nil {
			return err
		}
		return t.commitDefinitions([]kopernik.SelectionRef{r.Owner}, nil)
	})
}

func (s *Store) DeleteCondition(ctx context.Context, id int64) error {
	return s.writeDDL(ctx, func(t *Tx) error {
		_, r, err := t.condition(id)
		if err != nil {
			return err
		}
		if _, err := t.Exec(`DELETE FROM conditions WHERE id = ?`, id); err != nil {
			return err
		}
		return t.commitDefinitions([]kopernik.SelectionRef{r.Owner}, nil)
	})
}
