package httpapi

import (
	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/selection"
)

// Output of views, miniviews and rules. The objects themselves are built by
// package selection in wire order; what this layer adds is last-built,
// which is build state kept by the store, not structure.

// lastBuilt reads last-built for the given selections in one call.
func (rq *request) lastBuilt(refs []kopernik.SelectionRef) ([]string, error) {
	if len(refs) == 0 {
		return nil, nil
	}
	return rq.s.store.LastBuilt(rq.r.Context(), refs)
}

// viewObjects renders views with their last-built.
func (rq *request) viewObjects(views []*kopernik.View) ([]any, error) {
	refs := make([]kopernik.SelectionRef, len(views))
	for i, v := range views {
		refs[i] = kopernik.ViewRef(v.ID)
	}
	built, err := rq.lastBuilt(refs)
	if err != nil {
		return nil, err
	}
	defs := selection.Of(rq.cat)
	out := make([]any, len(views))
	for i, v := range views {
		c := *v
		c.LastBuilt = built[i]
		out[i] = selection.ViewObject(defs, &c)
	}
	return out, nil
}

// miniviewObjects renders miniviews with their last-built.
func (rq *request) miniviewObjects(minis []*kopernik.Miniview) ([]any, error) {
	refs := make([]kopernik.SelectionRef, len(minis))
	for i, m := range minis {
		refs[i] = kopernik.MiniviewRef(m.ID)
	}
	built, err := rq.lastBuilt(refs)
	if err != nil {
		return nil, err
	}
	out := make([]any, len(minis))
	for i, m := range minis {
		c := *m
		c.LastBuilt = built[i]
		out[i] = selection.MiniviewObject(&c)
	}
	return out, nil
}

// pageOf answers a list request with the page of items the paging
// parameters ask for (conventions §7), rendering only that page.
func pageOf[T any](rq *request, items []T, render func([]T) ([]any, error)) error {
	p := rq.page()
	lo, hi := p.bounds(len(items))
	data, err := render(items[lo:hi])
	if err != nil {
		return err
	}
	if data == nil {
		data = []any{}
	}
	return rq.ok(envelope(p.start, p.limit, data, int64(len(items)), p.total))
}

// ruleObjects renders rules or minirules with all their conditions.
func (rq *request) ruleObjects(rules []*kopernik.Rule) ([]any, error) {
	defs := selection.Of(rq.cat)
	out := make([]any, len(rules))
	for i, r := range rules {
		out[i] = selection.RuleObject(rq.cat, defs, r)
	}
	return out, nil
}
