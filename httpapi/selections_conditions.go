package httpapi

import (
	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/selection"
)

// Conditions and miniconditions (selections.md §8.4–§8.6, §8.8).

// conditionWord is the resource word of a condition of the addressed rule.
func (rq *request) conditionWord() string {
	if rq.rule.Owner.Kind == kopernik.KindMiniview {
		return "minicondition"
	}
	return "condition"
}

// createCondition is POST rule/{id}/conditions and minirule/{id}/conditions:
// `type` and its properties; the new condition's path names its type.
func createCondition(rq *request) error {
	m, err := rq.bodyMap()
	if err != nil {
		return err
	}
	id, typ, err := rq.s.store.CreateCondition(rq.r.Context(), rq.rule.ID, m)
	if err != nil {
		return err
	}
	return rq.created(id, rq.conditionWord()+"/"+string(typ)+"/"+idStr(id))
}

// ruleConditions is the conditions envelope of a rule on its own: v1's GET
// rule/{id}/conditions and minirule/{id}/conditions. Like every complete
// list route it ignores further segments (conventions §1.1 item 6).
func ruleConditions(rq *request) error {
	defs := selection.Of(rq.cat)
	conds := defs.ConditionsOf(rq.rule.ID)
	items := make([]any, len(conds))
	for i, c := range conds {
		items[i] = selection.ConditionObject(rq.cat, defs, c)
	}
	return rq.ok(selection.Envelope(items))
}

// postRuleConditions is POST rule/{id}/conditions and minirule/{id}/conditions
// (and v1's PUT). It creates a condition. In the versions with the v1 alias
// (conditionByRule), a segment after conditions names a condition of this
// rule to update as PUT condition/{type}/{cid} would (§8.8); elsewhere that
// segment is ignored, like extra segments on every create route.
func postRuleConditions(rq *request) error {
	const at = 3 // rule/{id}/conditions/{cid}
	if len(rq.segs) <= at || !rq.v.conditionByRule {
		return createCondition(rq)
	}
	if rq.rule.Owner.Kind == kopernik.KindMiniview {
		// The v1 minirule alias names a type, not a condition: nothing to update.
		return errMsg(msgMiniconditionByRule)
	}
	if len(rq.segs) > at+1 {
		return errInvalidMethod
	}
	id, _ := parseID(rq.segs[at])
	c := selection.Of(rq.cat).Condition(id)
	if c == nil || c.Rule != rq.rule.ID {
		return notFound(kopernik.MsgNoCondition)
	}
	rq.cond = c
	// A POST that updates answers like a POST on a PUT route (O-24).
	rq.postAsPut = rq.method == POST
	return updateCondition(rq)
}

// msgMiniconditionByRule refuses v1's PUT/POST minirule/{id}/conditions/{type},
// which names no condition (§8.8).
const msgMiniconditionByRule = "No condition ID supplied, use minicondition/{type}/{id}"

// updateCondition is PUT condition/{type}/{id} and minicondition/{type}/{id}:
// only the properties in the body change (§8.5).
func updateCondition(rq *request) error {
	m, err := rq.bodyMap()
	if err != nil {
		return err
	}
	if err := rq.s.store.UpdateCondition(rq.r.Context(), rq.cond.ID, m); err != nil {
		return err
	}
	return rq.updated(rq.canonicalPath())
}

func deleteCondition(rq *request) error {
	if err := rq.s.store.DeleteCondition(rq.r.Context(), rq.cond.ID); err != nil {
		return err
	}
	return rq.deleted(rq.conditionWord(), rq.cond.ID)
}
