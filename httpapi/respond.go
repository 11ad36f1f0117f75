package httpapi

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"sync"

	"github.com/kopernik/kopernik"
)

// writeJSON sends a JSON body with exactly "application/json": the official PHP
// class decodes nothing else (B78).
// bodyBufs holds response buffers: growing a fresh one for every answer was
// a seventh of all the bytes a busy server allocated.
var bodyBufs = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 4096)) }}

// maxPooledBody keeps an occasional huge list from pinning its buffer.
const maxPooledBody = 1 << 20

func writeJSON(w http.ResponseWriter, status int, v any) {
	b := bodyBufs.Get().(*bytes.Buffer)
	defer func() {
		if b.Cap() <= maxPooledBody {
			b.Reset()
			bodyBufs.Put(b)
		}
	}()
	if err := writeValue(b, v); err != nil {
		writeError(w, http.StatusInternalServerError, "Internal error")
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(b.Len()))
	w.WriteHeader(status)
	// net/http copies the body into its own buffer before Write returns, so
	// the buffer can go back to the pool afterwards.
	w.Write(b.Bytes())
}

func writeError(w http.ResponseWriter, status int, msg string) {
	if sw, ok := w.(*statusWriter); ok {
		sw.errMsg = msg
	}
	writeJSON(w, status, newObj(1).set("error", newObj(1).set("message", msg)))
}

// writeErr maps a domain error to the wire: 400 for everything the client
// caused (the PHP class only recognises 400 as failure), 500 for faults.
func writeErr(w http.ResponseWriter, err error) {
	if kopernik.ErrorCode(err) == kopernik.EINTERNAL {
		writeError(w, http.StatusInternalServerError, "Internal error")
		return
	}
	writeError(w, http.StatusBadRequest, kopernik.ErrorMessage(err))
}

func (rq *request) fail(err error) {
	if rq.r.Context().Err() != nil {
		// The client hung up; nothing failed on our side and nobody reads this.
		rq.s.log.Debug("client gone", "method", rq.method, "path", rq.r.URL.Path)
		writeError(rq.w, http.StatusBadRequest, "Request cancelled")
		return
	}
	if kopernik.ErrorCode(err) == kopernik.EINTERNAL {
		rq.s.internalError(rq.w, rq.r, err)
		return
	}
	writeErr(rq.w, err)
}

// internalError answers a fault of the server and logs its cause, which the
// client never sees.
func (s *Server) internalError(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	writeError(w, http.StatusInternalServerError, "Internal error")
}

func (rq *request) failMsg(msg string) { writeError(rq.w, http.StatusBadRequest, msg) }

func (rq *request) ok(v any) { writeJSON(rq.w, http.StatusOK, v) }

// created answers a POST (or PUT) that made a new entity at path (without version).
func (rq *request) created(id int64, path string) {
	h := rq.w.Header()
	h.Set("X-Created", strconv.FormatInt(id, 10))
	loc := rq.baseURL() + rq.versionPrefix() + "/" + path
	h.Set("X-Location", loc)
	h.Set("Location", loc)
	rq.w.WriteHeader(http.StatusCreated)
}

// createdByPut answers a PUT that created an entity: 303 to the unversioned URL
// in v1/v2, 201 in v3/v4 (conventions §5.1).
func (rq *request) createdByPut(id int64, path string) {
	if !rq.v.putRedirects {
		rq.created(id, path)
		return
	}
	h := rq.w.Header()
	h.Set("X-Created", strconv.FormatInt(id, 10))
	h.Set("X-Location", rq.baseURL()+rq.versionPrefix()+"/"+path)
	h.Set("Location", rq.baseURL()+"/"+path)
	rq.w.WriteHeader(http.StatusSeeOther)
}

// updated answers a PUT on one entity. path is the entity's canonical path
// without version; the 303 repeats the query string as received (C8).
func (rq *request) updated(path string) {
	if !rq.v.putRedirects {
		rq.w.WriteHeader(http.StatusNoContent)
		return
	}
	if rq.postAsPut {
		rq.updatedByPost()
		return
	}
	loc := rq.baseURL() + "/" + path
	if rq.r.URL.RawQuery != "" {
		loc += "?" + rq.r.URL.RawQuery
	}
	rq.w.Header().Set("Location", loc)
	rq.w.WriteHeader(http.StatusSeeOther)
}

// updatedByPost answers a POST that changed an entity and created none, like
// a POST sent to a PUT-only route (conventions §3): 200 with an empty body in
// v1/v2, where the PUT's 303 would make clients throw; the PUT's 204 in v3/v4.
func (rq *request) updatedByPost() {
	if rq.v.putRedirects {
		rq.w.WriteHeader(http.StatusOK)
		return
	}
	rq.w.WriteHeader(http.StatusNoContent)
}

// bulkUpdated answers a PUT on a multi-entity route that created nothing.
func (rq *request) bulkUpdated() {
	if rq.v.okNotNoCont {
		rq.w.WriteHeader(http.StatusOK)
		return
	}
	rq.w.WriteHeader(http.StatusNoContent)
}

// deleted answers a successful DELETE.
func (rq *request) deleted(kind string, id int64) {
	rq.w.Header().Set("X-Deleted", kind+" "+strconv.FormatInt(id, 10))
	if rq.v.okNotNoCont {
		rq.w.WriteHeader(http.StatusOK)
		return
	}
	rq.w.WriteHeader(http.StatusNoContent)
}

// canonicalPath is the request path without version and trailing slashes.
func (rq *request) canonicalPath() string {
	p := ""
	for i, s := range rq.segs {
		if i > 0 {
			p += "/"
		}
		p += url.PathEscape(s)
	}
	return p
}
