package httpapi

// page holds the coerced list parameters (conventions §7.2).
type page struct {
	start, limit int64
	total        bool
}

func (rq *request) page() page {
	p := page{start: rq.q.Int("start", 0), limit: rq.q.Int("limit", defaultLimit), total: rq.q.Bool("total", true)}
	if p.limit > int64(rq.v.maxLimit) {
		p.limit = int64(rq.v.maxLimit)
	}
	return p
}

// empty reports a page that can hold nothing: out-of-range values are echoed,
// not corrected (B60).
func (p page) empty() bool { return p.start < 0 || p.limit <= 0 }

// bounds returns the slice bounds of the page in a list of n items.
func (p page) bounds(n int) (int, int) {
	if p.empty() || p.start >= int64(n) {
		return 0, 0
	}
	lo := int(p.start)
	hi := lo + int(p.limit)
	if hi > n || hi < lo {
		hi = n
	}
	return lo, hi
}

// listOf pages an in-memory list (structure lists are small).
func listOf[T any](p page, items []T, render func(T) any) *obj {
	lo, hi := p.bounds(len(items))
	data := make([]any, 0, hi-lo)
	for _, it := range items[lo:hi] {
		data = append(data, render(it))
	}
	return envelope(p.start, p.limit, data, int64(len(items)), p.total)
}

// nested is the envelope of a list embedded in another object (§7.3): always
// complete, limit as documented or the count when larger.
func nested[T any](limit int, items []T, render func(T) any) *obj {
	data := make([]any, 0, len(items))
	for _, it := range items {
		data = append(data, render(it))
	}
	if len(items) > limit {
		limit = len(items)
	}
	return envelope(0, int64(limit), data, int64(len(items)), true)
}
