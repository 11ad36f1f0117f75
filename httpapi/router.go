package httpapi

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/kopernik/kopernik"
)

// handler serves one route. It writes its success answer itself and returns
// errors, which rq.fail writes in Copernica's shape.
type handler func(rq *request) error

const (
	GET    = http.MethodGet
	POST   = http.MethodPost
	PUT    = http.MethodPut
	DELETE = http.MethodDelete
)

// vset is a set of API versions: bit n stands for version n.
type vset uint8

const (
	v1   vset = 1 << 1
	v2   vset = 1 << 2
	v3   vset = 1 << 3
	v4   vset = 1 << 4
	all       = v1 | v2 | v3 | v4
	v2up      = v2 | v3 | v4
	v3up      = v3 | v4
)

func (s vset) has(n int) bool { return s&(1<<n) != 0 }

// ends says what segments beyond a route's pattern do.
type ends bool

const (
	exact ends = false // they make the route unknown: Invalid method
	tail  ends = true  // they are ignored (conventions §1.1 item 6, B9)
)

// route is one row of the table in routes.go.
type route struct {
	method  string
	pattern string
	in      vset
	h       handler
	ends    ends
}

// wordRoutes is what one resource word offers in one version.
type wordRoutes struct {
	kind   *idKind // nil when the word takes no ID
	shapes []*shape
	// bareDelete: a DELETE row addresses word/{id} itself, so a DELETE of an
	// ID that does not exist is a missing target (deleteGone).
	bareDelete bool
}

// shape is one sub-path after the ID: literal segments and an optional
// trailing parameter, with at most one row per method.
type shape struct {
	lits                []string
	param               string
	get, post, put, del *route
}

// table[n] maps the resource words of version n to their routes.
var table = mustCompile(routes)

func mustCompile(rows []route) [5]map[string]*wordRoutes {
	t, err := compile(rows, idKinds)
	if err != nil {
		panic("httpapi: route table: " + err.Error())
	}
	return t
}

// compile turns the rows into per-version lookup structures and refuses a
// table that the router could not serve unambiguously.
func compile(rows []route, kinds map[string]*idKind) ([5]map[string]*wordRoutes, error) {
	var t [5]map[string]*wordRoutes
	for n := 1; n <= 4; n++ {
		t[n] = map[string]*wordRoutes{}
	}
	for i := range rows {
		r := &rows[i]
		segs := strings.Split(r.pattern, "/")
		word := segs[0]
		if word == "" || isParam(word) {
			return t, fmt.Errorf("%s %s: a pattern starts with a resource word", r.method, r.pattern)
		}
		kind := kinds[word]
		at := 1
		if kind != nil {
			for ; at < len(segs) && isParam(segs[at]); at++ {
			}
			if at-1 != kind.segs {
				return t, fmt.Errorf("%s %s: %q takes %d ID segment(s)", r.method, r.pattern, word, kind.segs)
			}
		}
		lits, param := segs[at:], ""
		if n := len(lits); n > 0 && isParam(lits[n-1]) {
			lits, param = lits[:n-1], lits[n-1][1:len(lits[n-1])-1]
		}
		for _, l := range lits {
			if l == "" || isParam(l) {
				return t, fmt.Errorf("%s %s: a {param} may only end a pattern", r.method, r.pattern)
			}
		}
		if r.h == nil || r.in == 0 || r.in&^all != 0 {
			return t, fmt.Errorf("%s %s: a row needs a handler and versions", r.method, r.pattern)
		}
		for n := 1; n <= 4; n++ {
			if !r.in.has(n) {
				continue
			}
			wr := t[n][word]
			if wr == nil {
				wr = &wordRoutes{kind: kind}
				t[n][word] = wr
			}
			sh := wr.shape(lits)
			if sh == nil {
				sh = &shape{lits: lits, param: param}
				wr.shapes = append(wr.shapes, sh)
			}
			if sh.param != param {
				return t, fmt.Errorf("%s %s: the same sub-path ends in {%s} elsewhere", r.method, r.pattern, sh.param)
			}
			slot := sh.slot(r.method)
			if slot == nil {
				return t, fmt.Errorf("%s %s: no such method", r.method, r.pattern)
			}
			if *slot != nil {
				return t, fmt.Errorf("%s %s: two rows in v%d", r.method, r.pattern, n)
			}
			*slot = r
			if r.method == DELETE && len(lits) == 0 && param == "" {
				wr.bareDelete = true
			}
		}
	}
	return t, nil
}

func isParam(s string) bool { return len(s) > 2 && s[0] == '{' && s[len(s)-1] == '}' }

// shape finds the shape with exactly these literal segments.
func (wr *wordRoutes) shape(lits []string) *shape {
	for _, sh := range wr.shapes {
		if slices.Equal(sh.lits, lits) {
			return sh
		}
	}
	return nil
}

func (sh *shape) slot(method string) **route {
	switch method {
	case GET:
		return &sh.get
	case POST:
		return &sh.post
	case PUT:
		return &sh.put
	case DELETE:
		return &sh.del
	}
	return nil
}

// takes reports whether some route of the word serves the method, directly
// or through the POST/PUT rules of conventions §3.
func (wr *wordRoutes) takes(method string) bool {
	for _, sh := range wr.shapes {
		switch method {
		case GET:
			if sh.get != nil {
				return true
			}
		case POST, PUT:
			if sh.post != nil || sh.put != nil {
				return true
			}
		case DELETE:
			if sh.del != nil {
				return true
			}
		}
	}
	return false
}

// match picks the shape whose literal segments match the most of rest.
func (wr *wordRoutes) match(rest []string) *shape {
	var best *shape
	for _, sh := range wr.shapes {
		if len(sh.lits) > len(rest) || (best != nil && len(sh.lits) <= len(best.lits)) {
			continue
		}
		ok := true
		for i, l := range sh.lits {
			if rest[i] != l {
				ok = false
				break
			}
		}
		if ok {
			best = sh
		}
	}
	return best
}

// pick chooses the row for the request's method, applying the POST→PUT and
// PUT→POST rules of conventions §3.
func (sh *shape) pick(rq *request) *route {
	switch rq.method {
	case GET:
		return sh.get
	case POST:
		if sh.post == nil && sh.put != nil {
			rq.postAsPut = true
			return sh.put
		}
		return sh.post
	case PUT:
		if sh.put == nil {
			return sh.post
		}
		return sh.put
	case DELETE:
		return sh.del
	}
	return nil
}

var errInvalidMethod = errMsg(msgInvalidMethod)

// createsByID reports a create of a profile whose database the path names
// by its ID (v2 and later). The writer checks the structure again
// inside its transaction and works the create out anew if it moved, so this
// request may route on the node's snapshot without the per-request check of
// a shared store: IDs never change meaning, and an owner the snapshot does
// not know yet is looked up with the check (ownerKnown). v1 bodies are read
// against the fields, and names may have changed, so those keep the check.
func createsByID(rq *request) bool {
	if rq.method != POST || rq.v.v1ProfileBody || len(rq.segs) != 3 || !isID(rq.segs[1]) {
		return false
	}
	return rq.segs[0] == "database" && rq.segs[2] == "profiles"
}

// readsEntityByID: GET profile/{id} or subprofile/{id}, the commonest read.
// Its catalog check travels with the row (kopernik.CheckedEntityReader)
// instead of costing a round trip of its own first.
func readsEntityByID(rq *request) bool {
	return rq.method == GET && len(rq.segs) == 2 && (rq.segs[0] == "profile" || rq.segs[0] == "subprofile") && isID(rq.segs[1])
}

func ownerKnown(cat *kopernik.Catalog, rq *request) bool {
	id, _ := strconv.ParseInt(rq.segs[1], 10, 64)
	return cat.Database(id) != nil
}

func isID(s string) bool {
	if s == "" || len(s) > 18 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// route checks, in the order of conventions §1.1 item 4, what the request
// addresses and runs its handler.
func (s *Server) route(rq *request) error {
	wr := table[rq.v.n][rq.seg(0)]
	if wr == nil || (methodFirst[rq.seg(0)] && !wr.takes(rq.method)) {
		return errInvalidMethod
	}
	var cat *kopernik.Catalog
	switch {
	case createsByID(rq):
		if cat = s.store.Snapshot(); !ownerKnown(cat, rq) {
			cat = nil
		}
	case readsEntityByID(rq):
		if _, ok := s.store.(kopernik.CheckedEntityReader); ok {
			cat, rq.catUnchecked = s.store.Snapshot(), true
		}
	}
	if cat == nil {
		var err error
		if cat, err = s.store.Catalog(rq.r.Context()); err != nil {
			return err
		}
	}
	rq.cat = cat
	at := 1
	if wr.kind != nil {
		end := 1 + wr.kind.segs
		if len(rq.segs) < end {
			return missingElement(len(rq.segs))
		}
		if err := wr.kind.resolve(rq, rq.segs[1:end]); err != nil {
			if len(rq.segs) == end && wr.bareDelete && rq.gone(err) {
				return nil
			}
			return err
		}
		at = end
	}
	rest := rq.segs[at:]
	sh := wr.match(rest)
	if sh == nil {
		return errInvalidMethod
	}
	rt := sh.pick(rq)
	if rt == nil {
		return errInvalidMethod
	}
	rq.row = rt
	used := len(sh.lits)
	present := sh.param != "" && len(rest) > used
	if present {
		rq.param = rest[used]
		used++
	}
	if len(rest) > used && rt.ends != tail {
		return errInvalidMethod
	}
	if pk := paramKinds[sh.param]; pk != nil {
		if err := pk(rq, present, at+len(sh.lits)); err != nil {
			if rq.gone(err) {
				return nil
			}
			return err
		}
	}
	return rt.h(rq)
}

// gone answers a DELETE of a target that does not exist with 204 and no
// X-Deleted in the versions that do so (C6, O1), and reports whether it did.
func (rq *request) gone(err error) bool {
	if !rq.v.deleteGone || rq.method != DELETE || kopernik.ErrorCode(err) != kopernik.ENOTFOUND {
		return false
	}
	rq.w.WriteHeader(http.StatusNoContent)
	return true
}

// missingElement is the error for a route whose ID segment at index i is absent.
func missingElement(i int) error {
	return errMsg(fmt.Sprintf("Invalid request, element %d is missing in 'directory' path", i))
}
