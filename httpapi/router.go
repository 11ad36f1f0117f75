package httpapi

import (
	"net/http"
	"strconv"

	"github.com/kopernik/kopernik"
)

type handler func(rq *request)

// routeSet is what one sub-path offers per method.
type routeSet struct {
	get, post, put, del handler
	// tail: extra segments are ignored on GET and POST (list and create routes,
	// conventions §1.1 item 6).
	tail bool
	// param: the route takes one more segment that its handler reads itself.
	param bool
	// v2: the route exists from v2 on.
	v2 bool
	// putOnlyTail: PUT ignores extra segments too (B9 for profile routes).
	putTail bool
}

// route checks, in the order of conventions §1.1 item 4, what the request
// addresses and calls the handler.
func (s *Server) route(rq *request) {
	cat, err := s.store.Catalog(rq.r.Context())
	if err != nil {
		rq.fail(err)
		return
	}
	rq.cat = cat
	switch rq.seg(0) {
	case "databases":
		rq.dispatchSet(databasesRoutes, 1)
	case "database":
		s.withDatabase(rq)
	case "collection":
		s.withCollection(rq)
	case "interest":
		if !rq.v.hasV2Routes {
			rq.failMsg(msgInvalidMethod)
			return
		}
		s.withInterest(rq)
	case "identity", "account":
		rq.dispatchSet(identityRoutes, 1)
	case "consumption":
		if !rq.v.hasV2Routes {
			rq.failMsg(msgInvalidMethod)
			return
		}
		rq.dispatchSet(consumptionRoutes, 1)
	default:
		if extra := s.extraRoute(rq); extra {
			return
		}
		rq.failMsg(msgInvalidMethod)
	}
}

// extraRoute is where resources added after the structure API hook in.
func (s *Server) extraRoute(rq *request) bool {
	if h := extraWords[rq.seg(0)]; h != nil {
		h(s, rq)
		return true
	}
	return false
}

var extraWords = map[string]func(*Server, *request){}

// missingElement is the error for a route whose ID segment is absent.
func (rq *request) missingElement(i int) {
	rq.failMsg("Invalid request, element " + strconv.Itoa(i) + " is missing in 'directory' path")
}

// dispatch picks the route set named by the segment at index at ("" when the
// path ends there) and runs it.
func (rq *request) dispatch(routes map[string]*routeSet, at int) {
	rq.dispatchSet(routes[rq.seg(at)], at+1)
}

// dispatchSet runs the handler of rs for the method; segments from index rest on
// are extra.
func (rq *request) dispatchSet(rs *routeSet, restAt int) {
	rest := len(rq.segs) - restAt
	if rs == nil || (rs.v2 && !rq.v.hasV2Routes) {
		rq.failMsg(msgInvalidMethod)
		return
	}
	var h handler
	method := rq.method
	switch method {
	case http.MethodGet:
		h = rs.get
	case http.MethodPost:
		h = rs.post
		if h == nil && rs.put != nil {
			h, rq.postAsPut = rs.put, true
		}
	case http.MethodPut:
		h = rs.put
		if h == nil && rs.post != nil {
			h, method = rs.post, http.MethodPost
		}
	case http.MethodDelete:
		h = rs.del
	}
	if h == nil {
		rq.failMsg(msgInvalidMethod)
		return
	}
	allowed := 0
	if rs.param {
		allowed = 1
	}
	if rest > allowed {
		tailOK := rs.tail && (method == http.MethodGet || method == http.MethodPost) ||
			rs.putTail && method == http.MethodPut
		if !tailOK {
			rq.failMsg(msgInvalidMethod)
			return
		}
	}
	h(rq)
}

// parseID reads a positive decimal ID; anything else is not an ID.
func parseID(s string) (int64, bool) {
	if s == "" || len(s) > 18 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, n > 0
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// lookupDatabase resolves a database segment: digits are always an ID, anything
// else a name matched case-insensitively.
func lookupDatabase(cat *kopernik.Catalog, seg string) *kopernik.Database {
	if allDigits(seg) {
		id, ok := parseID(seg)
		if !ok {
			return nil
		}
		return cat.Database(id)
	}
	if seg == "" {
		return nil
	}
	return cat.DatabaseByName(seg)
}

// lookupField resolves a field segment by ID or case-insensitive name.
func lookupField(fields []*kopernik.Field, seg string) *kopernik.Field {
	if allDigits(seg) {
		id, _ := parseID(seg)
		for _, f := range fields {
			if f.ID == id {
				return f
			}
		}
		return nil
	}
	return kopernik.FieldByName(fields, seg)
}
