package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/selection"
)

// Owner kinds of the rules table.
const (
	ownerView     = "view"
	ownerMiniview = "miniview"
)

func ownerKindText(k kopernik.SelectionKind) string {
	if k == kopernik.KindMiniview {
		return ownerMiniview
	}
	return ownerView
}

// loadSelections reads every definition into the index the catalog snapshot
// carries. Like the rest of the catalog it is small and read only after a
// structure change.
func loadSelections(ctx context.Context, q querier) (*selection.Definitions, error) {
	views, err := scanAll(ctx, q, `SELECT id, database_id, parent_id, name, description,
		intent_email, intent_sms, intent_fax, intent_pdf FROM views ORDER BY id`, scanView)
	if err != nil {
		return nil, err
	}
	minis, err := scanAll(ctx, q, `SELECT id, collection_id, name, description,
		intent_email, intent_sms, intent_fax, intent_pdf FROM miniviews ORDER BY id`, scanMiniview)
	if err != nil {
		return nil, err
	}
	rules, err := scanAll(ctx, q, `SELECT id, owner_kind, owner_id, name, description, inversed, disabled
		FROM rules ORDER BY id`, scanRule)
	if err != nil {
		return nil, err
	}
	conds, err := scanAll(ctx, q, `SELECT id, rule_id, type, props FROM conditions ORDER BY id`, scanCondition)
	if err != nil {
		return nil, err
	}
	return selection.NewDefinitions(views, minis, rules, conds), nil
}

func scanView(rows *sql.Rows) (*kopernik.View, error) {
	v := &kopernik.View{}
	err := rows.Scan(&v.ID, &v.Database, &v.Parent, &v.Name, &v.Description,
		&v.Intentions.Email, &v.Intentions.SMS, &v.Intentions.Fax, &v.Intentions.PDF)
	return v, err
}

func scanMiniview(rows *sql.Rows) (*kopernik.Miniview, error) {
	m := &kopernik.Miniview{}
	err := rows.Scan(&m.ID, &m.Collection, &m.Name, &m.Description,
		&m.Intentions.Email, &m.Intentions.SMS, &m.Intentions.Fax, &m.Intentions.PDF)
	return m, err
}

func scanRule(rows *sql.Rows) (*kopernik.Rule, error) {
	r := &kopernik.Rule{}
	var kind string
	err := rows.Scan(&r.ID, &kind, &r.Owner.ID, &r.Name, &r.Description, &r.Inversed, &r.Disabled)
	r.Owner.Kind = kopernik.KindView
	if kind == ownerMiniview {
		r.Owner.Kind = kopernik.KindMiniview
	}
	return r, err
}

// scanCondition reads a condition row. A document that no longer decodes
// is a fault of the store, not something to skip: the snapshot would show a
// rule with fewer conditions than it has.
func scanCondition(rows *sql.Rows) (*kopernik.Condition, error) {
	c := &kopernik.Condition{}
	var typ, props string
	if err := rows.Scan(&c.ID, &c.Rule, &typ, &props); err != nil {
		return nil, err
	}
	p, err := kopernik.DecodeConditionProps(kopernik.ConditionType(typ), []byte(props))
	if err != nil {
		return nil, fmt.Errorf("condition %d: %w", c.ID, err)
	}
	c.Props = p
	return c, nil
}
