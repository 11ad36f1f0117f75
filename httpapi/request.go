package httpapi

import (
	"errors"
	"net/http"
	"strings"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/reqdata"
)

const (
	msgInvalidToken  = "Invalid access token"
	msgInvalidMethod = "Invalid method"
	msgTooLarge      = "Request too large"
	msgFieldsReq     = "URL parameter fields is required"
)

// request is one API call after its path has been split.
type request struct {
	s         *Server
	w         http.ResponseWriter
	r         *http.Request
	v         *version
	versioned bool
	segs      []string // path segments after the version, trailing empties dropped
	q         *reqdata.Query
	cat       *kopernik.Catalog
	// catUnchecked: cat is the node's snapshot, not yet checked against the
	// store; the entity resolver reads the entity and the version together.
	catUnchecked bool
	method       string
	// postAsPut marks a POST that runs a PUT-only route (conventions §3).
	postAsPut bool
	// row is the row of routes.go the router chose, nil until then.
	row      *route
	body     any
	bodyRead bool
	bodyErr  error
	// param is the segment of the route's trailing {param}, if present.
	param string
	// What the path addresses, filled in by the resolvers of idkinds.go.
	db       *kopernik.Database
	coll     *kopernik.Collection
	interest *kopernik.Interest
	field    *kopernik.Field
	ent      *entityRef
	subColl  *kopernik.Collection // {coll} of profile/{id}/subprofiles/{coll}
	email    string
	dataReq  dataRequest
	// Selection objects (selections_ids.go).
	view     *kopernik.View
	miniview *kopernik.Miniview
	rule     *kopernik.Rule
	cond     *kopernik.Condition
	// webhook is what webhook/{id} addresses (webhooks.go).
	webhook *kopernik.Webhook
	// imp is the import of import/{id} (imports.go).
	imp *kopernik.Import
}

func (s *Server) newRequest(w http.ResponseWriter, r *http.Request) (*request, error) {
	q, err := reqdata.ParseQuery(r.URL.RawQuery, s.cfg.MaxQuery)
	if err != nil {
		return nil, errMsg(msgTooLarge)
	}
	rq := &request{s: s, w: w, r: r, q: q, method: r.Method}
	rq.v, rq.versioned, rq.segs = splitPath(r.URL.Path)
	return rq, nil
}

// splitPath separates the version prefix and drops trailing empty segments
// (trailing slashes are ignored) while keeping empty inner segments, which are
// then invalid IDs (conventions §1.1).
func splitPath(p string) (*version, bool, []string) {
	segs := strings.Split(strings.TrimPrefix(p, "/"), "/")
	for len(segs) > 0 && segs[len(segs)-1] == "" {
		segs = segs[:len(segs)-1]
	}
	if len(segs) > 0 && len(segs[0]) == 2 && segs[0][0] == 'v' && segs[0][1] >= '1' && segs[0][1] <= '4' {
		return versions[int(segs[0][1]-'0')], true, segs[1:]
	}
	return versions[2], false, segs
}

// seg returns segment i or "".
func (rq *request) seg(i int) string {
	if i < len(rq.segs) {
		return rq.segs[i]
	}
	return ""
}

// bodyValue decodes the body once. Bodies on GET and DELETE are ignored except
// where a route documents one (it calls this itself).
func (rq *request) bodyValue() (any, error) {
	if !rq.bodyRead {
		rq.bodyRead = true
		if rq.s.announcedTooLarge(rq.w, rq.r) {
			rq.bodyErr = errMsg(msgTooLarge)
			return nil, rq.bodyErr
		}
		rq.body, rq.bodyErr = reqdata.DecodeBody(rq.r.Header.Get("Content-Type"), rq.r.Body, rq.s.cfg.MaxBody)
		if errors.Is(rq.bodyErr, reqdata.ErrTooLarge) {
			rq.bodyErr = errMsg(msgTooLarge)
		} else if rq.bodyErr != nil {
			rq.bodyErr = errMsg(kopernik.MsgInvalidData)
		}
	}
	return rq.body, rq.bodyErr
}

// bodyMap returns the body as an object. An empty list counts as an empty
// object (PHP encodes an empty array as []); other lists and scalars are invalid.
func (rq *request) bodyMap() (*kopernik.Map, error) {
	v, err := rq.bodyValue()
	if err != nil {
		return nil, err
	}
	switch b := v.(type) {
	case *kopernik.Map:
		return b, nil
	case []any:
		if len(b) == 0 {
			return &kopernik.Map{}, nil
		}
	case nil:
		return &kopernik.Map{}, nil
	}
	return nil, errMsg(kopernik.MsgInvalidData)
}

// baseURL is the scheme://host used in Location headers.
func (rq *request) baseURL() string {
	if rq.s.cfg.PublicURL != "" {
		return strings.TrimRight(rq.s.cfg.PublicURL, "/")
	}
	scheme := "http"
	if rq.r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + rq.r.Host
}

// versionPrefix is the version segment as the request used it ("" when none).
func (rq *request) versionPrefix() string {
	if !rq.versioned {
		return ""
	}
	return "/v" + string(rune('0'+rq.v.n))
}

// announcedTooLarge reports a body whose declared length is above the limit,
// so that it is refused without being read: reading would wait for bytes that
// may never come. The answer closes the connection, since the unread bytes
// would otherwise be parsed as the next request.
func (s *Server) announcedTooLarge(w http.ResponseWriter, r *http.Request) bool {
	if r.ContentLength <= s.cfg.MaxBody {
		return false
	}
	w.Header().Set("Connection", "close")
	return true
}
