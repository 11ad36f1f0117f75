package httpapi

import (
	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/selection"
)

// Rules and minirules (selections.md §8.2, §8.4, §8.6). A minirule is a rule
// whose owner is a miniview; the words rule and minirule resolve only their
// own kind, and the answers differ only in X-Deleted and in the paths.

// selectionRef is the view or miniview the path names.
func (rq *request) selectionRef() kopernik.SelectionRef {
	if rq.miniview != nil {
		return kopernik.MiniviewRef(rq.miniview.ID)
	}
	return kopernik.ViewRef(rq.view.ID)
}

// ruleWord is the resource word of the addressed rule's kind.
func (rq *request) ruleWord() string {
	if rq.rule.Owner.Kind == kopernik.KindMiniview {
		return "minirule"
	}
	return "rule"
}

// listRules is GET view/{id}/rules and miniview/{id}/minirules.
func listRules(rq *request) error {
	return pageOf(rq, selection.Of(rq.cat).RulesOf(rq.selectionRef()), rq.ruleObjects)
}

// createRule is POST view/{id}/rules and miniview/{id}/minirules.
func createRule(rq *request) error {
	m, err := rq.bodyMap()
	if err != nil {
		return err
	}
	ref := rq.selectionRef()
	id, err := rq.s.store.CreateRule(rq.r.Context(), ref, m)
	if err != nil {
		return err
	}
	word := "rule/"
	if ref.Kind == kopernik.KindMiniview {
		word = "minirule/"
	}
	return rq.created(id, word+idStr(id))
}

// getRule answers rule/{id}, minirule/{id} and the rule a view or
// miniview path names.
func getRule(rq *request) error {
	return rq.ok(selection.RuleObject(rq.cat, selection.Of(rq.cat), rq.rule))
}

func updateRule(rq *request) error {
	m, err := rq.bodyMap()
	if err != nil {
		return err
	}
	if err := rq.s.store.UpdateRule(rq.r.Context(), rq.rule.ID, m); err != nil {
		return err
	}
	return rq.updated(rq.canonicalPath())
}

func deleteRule(rq *request) error {
	if err := rq.s.store.DeleteRule(rq.r.Context(), rq.rule.ID); err != nil {
		return err
	}
	return rq.deleted(rq.ruleWord(), rq.rule.ID)
}
