package httpapi

import (
	"strings"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/selection"
)

// Resolvers of the selection words (idKinds) and of the rules a view or
// miniview path names (paramKinds). They read the selection index of the
// request's catalog snapshot, so a definition and the fields it names are
// always of one version.

// resolveView takes a view ID, or a name that only one view of the account
// has (O-21).
func resolveView(rq *request, ids []string) error {
	v := selection.Of(rq.cat).LookupView(ids[0])
	if v == nil {
		return notFound(kopernik.MsgNoView)
	}
	rq.view, rq.db = v, rq.cat.Database(v.Database)
	return nil
}

// resolveMiniview is resolveView for miniviews.
func resolveMiniview(rq *request, ids []string) error {
	m := selection.Of(rq.cat).LookupMiniview(ids[0])
	if m == nil {
		return notFound(kopernik.MsgNoMiniview)
	}
	rq.miniview, rq.coll = m, rq.cat.Collection(m.Collection)
	if rq.coll != nil {
		rq.db = rq.cat.Database(rq.coll.DatabaseID)
	}
	return nil
}

// resolveRule resolves rule/{id} (kind view) or minirule/{id} (kind
// miniview): an ID of a rule of that kind, or a name only one such rule
// of the account has.
func resolveRule(kind kopernik.SelectionKind) func(rq *request, ids []string) error {
	msg := kopernik.MsgNoRule
	if kind == kopernik.KindMiniview {
		msg = kopernik.MsgNoMinirule
	}
	return func(rq *request, ids []string) error {
		r := selection.Of(rq.cat).LookupRule(kind, ids[0])
		if r == nil {
			return notFound(msg)
		}
		rq.rule = r
		rq.ownerOfRule()
		return nil
	}
}

// ownerOfRule fills in the view or miniview a resolved rule belongs to.
func (rq *request) ownerOfRule() {
	defs := selection.Of(rq.cat)
	if rq.rule.Owner.Kind == kopernik.KindMiniview {
		if m := defs.Miniview(rq.rule.Owner.ID); m != nil {
			rq.miniview, rq.coll = m, rq.cat.Collection(m.Collection)
		}
		return
	}
	if v := defs.View(rq.rule.Owner.ID); v != nil {
		rq.view, rq.db = v, rq.cat.Database(v.Database)
	}
}

// msgConditionType answers a condition path whose type is not the type of
// the condition it names (§8.5). The condition exists, so this is not a
// missing target: a v1 DELETE fails with it instead of answering 204.
const msgConditionType = "Condition type does not match"

// resolveCondition resolves condition/{type}/{id} (kind view) or
// minicondition/{type}/{id} (kind miniview): the ID of a condition of a
// rule of that kind, whose type the {type} segment names in any case.
func resolveCondition(kind kopernik.SelectionKind) func(rq *request, ids []string) error {
	msg := kopernik.MsgNoCondition
	if kind == kopernik.KindMiniview {
		msg = kopernik.MsgNoMinicondition
	}
	return func(rq *request, ids []string) error {
		defs := selection.Of(rq.cat)
		id, _ := parseID(ids[1])
		c := defs.Condition(id)
		var r *kopernik.Rule
		if c != nil {
			r = defs.Rule(c.Rule)
		}
		if r == nil || r.Owner.Kind != kind {
			return notFound(msg)
		}
		if t, ok := selection.ParseType(ids[0]); !ok || t != c.Type() {
			return errMsg(msgConditionType)
		}
		rq.cond, rq.rule = c, r
		rq.ownerOfRule()
		return nil
	}
}

// resolveViewRule resolves {rule} of view/{id}/rule/{rule} (kind view) or
// {minirule} of miniview/{id}/minirule/{minirule} (kind miniview): a rule of
// that view or miniview, by ID or by its name, which is unique there.
func resolveViewRule(kind kopernik.SelectionKind) paramKind {
	msg := kopernik.MsgNoRule
	if kind == kopernik.KindMiniview {
		msg = kopernik.MsgNoMinirule
	}
	return func(rq *request, present bool, at int) error {
		if !present {
			return missingElement(at)
		}
		owner := kopernik.ViewRef(0)
		if kind == kopernik.KindMiniview {
			owner = kopernik.MiniviewRef(rq.miniview.ID)
		} else {
			owner.ID = rq.view.ID
		}
		id, byID := parseID(rq.param)
		for _, r := range selection.Of(rq.cat).RulesOf(owner) {
			if (byID && r.ID == id) || (!allDigits(rq.param) && strings.EqualFold(r.Name, rq.param)) {
				rq.rule = r
				return nil
			}
		}
		return notFound(msg)
	}
}
