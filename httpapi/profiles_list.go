package httpapi

import (
	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/filter"
)

// listQuery reads the shared list parameters of profiles.md §1.7 and
// resolves the filter and the order against the owner's fields.
func (rq *request) listQuery(o kopernik.Owner) (kopernik.ListQuery, page, error) {
	p := rq.page()
	q := kopernik.ListQuery{Owner: o, Start: p.start, Limit: p.limit, Total: p.total}
	fields := rq.cat.Fields(o)
	if raw, ok := rq.q.List("fields"); ok {
		var err error
		if q.Where, err = rq.where(fields, raw); err != nil {
			return q, p, err
		}
	}
	var orderby, order string
	if v, isArr, ok := rq.q.Scalar("orderby"); ok && !isArr {
		orderby = v
	}
	if v, isArr, ok := rq.q.Scalar("order"); ok && !isArr {
		order = v
	}
	q.Order = filter.ResolveOrder(fields, orderby, order)
	return q, p, nil
}

// writeList answers a profile or subprofile list. v4 adds nextid when the page
// is in ascending ID order (O7).
func (rq *request) writeList(q kopernik.ListQuery, p page, render func(*kopernik.Entity) any) error {
	res, err := rq.s.store.ListEntities(rq.r.Context(), q)
	if err != nil {
		return err
	}
	data := make([]any, 0, len(res.Items))
	for _, e := range res.Items {
		data = append(data, render(e))
	}
	env := envelope(p.start, p.limit, data, res.Total, p.total)
	if rq.v.nextID && len(res.Items) > 0 && q.Order.By == kopernik.OrderID && !q.Order.Desc {
		env.set("nextid", idStr(res.Items[len(res.Items)-1].ID+1))
	}
	return rq.ok(env)
}

// writeIDs answers the ID-list routes: a bare array of ID strings (O8: all IDs
// when no limit is given, no cap).
func (rq *request) writeIDs(o kopernik.Owner) error {
	start := rq.q.Int("start", 0)
	limit := int64(-1)
	if rq.q.Has("limit") {
		limit = rq.q.Int("limit", 0)
	}
	if start < 0 || (limit == 0) {
		return rq.ok([]string{})
	}
	ids, err := rq.s.store.EntityIDs(rq.r.Context(), o, start, limit)
	if err != nil {
		return err
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = idStr(id)
	}
	return rq.ok(out)
}

// requireSelector returns the fields[] conditions of a route that needs them.
func (rq *request) requireSelector() ([]string, error) {
	conds, ok := rq.q.List("fields")
	if !ok {
		return nil, errMsg(msgFieldsReq)
	}
	return conds, nil
}

// answerBulk answers a bulk PUT: PUTN, or PUTN+new when it created one.
func (rq *request) answerBulk(res kopernik.BulkResult, word string) error {
	if res.Created > 0 {
		return rq.createdByPut(res.Created, word+"/"+idStr(res.Created))
	}
	return rq.bulkUpdated()
}
