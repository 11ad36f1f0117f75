package httpapi

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"sync"

	"github.com/kopernik/kopernik"
)

// bodyBufs holds response buffers: growing a fresh one for every answer was
// a seventh of all the bytes a busy server allocated.
var bodyBufs = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 4096)) }}

// maxPooledBody keeps an occasional huge list from pinning its buffer.
const maxPooledBody = 1 << 20

// writeJSON sends a JSON body with exactly "application/json": the official PHP
// class decodes nothing else (B78). A value that cannot be encoded is returned
// as an error before anything is written.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	b := bodyBufs.Get().(*bytes.Buffer)
	defer func() {
		if b.Cap() <= maxPooledBody {
			b.Reset()
			bodyBufs.Put(b)
		}
	}()
	if err := writeValue(b, v); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(b.Len()))
	w.WriteHeader(status)
	// net/http copies the body into its own buffer before Write returns, so
	// the buffer can go back to the pool afterwards.
	w.Write(b.Bytes())
	return nil
}

// writeError writes Copernica's error body (conventions §6.1) and hands the
// message to the request log.
func writeError(w http.ResponseWriter, status int, msg string) {
	if sw, ok := w.(*statusWriter); ok {
		sw.errMsg = msg
	}
	writeJSON(w, status, newObj(1).set("error", newObj(1).set("message", msg)))
}

// errMsg is a client error with Copernica's exact message: 400.
func errMsg(msg string) error { return &kopernik.Error{Code: kopernik.EINVALID, Message: msg} }

// httpError is an error answered with a status other than 400; the one
// documented case is the 404 of datarequest/{id}/data (conventions §6.1).
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

// fail is the one place that writes an error: the client's errors as 400 with
// their message (the PHP class only recognises 400 as failure), faults of the
// server as 500 Internal error with the cause logged.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if he, ok := err.(*httpError); ok {
		writeError(w, he.status, he.msg)
		return
	}
	if kopernik.ErrorCode(err) == kopernik.EINTERNAL {
		if r.Context().Err() != nil {
			// The client hung up; nothing failed on our side and nobody reads this.
			s.log.Debug("client gone", "method", r.Method, "path", r.URL.Path)
			writeError(w, http.StatusBadRequest, "Request cancelled")
			return
		}
		s.internalError(w, r, err)
		return
	}
	writeError(w, http.StatusBadRequest, kopernik.ErrorMessage(err))
}

// internalError answers a fault of the server and logs its cause, which the
// client never sees.
func (s *Server) internalError(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	writeError(w, http.StatusInternalServerError, "Internal error")
}

func (rq *request) fail(err error) { rq.s.fail(rq.w, rq.r, err) }

// The answers below return an error so that a handler can end with
// "return rq.ok(…)"; only ok can fail (a value that does not encode).

func (rq *request) ok(v any) error { return writeJSON(rq.w, http.StatusOK, v) }

// created answers a POST (or PUT) that made a new entity at path (without version).
func (rq *request) created(id int64, path string) error {
	h := rq.w.Header()
	h.Set("X-Created", strconv.FormatInt(id, 10))
	loc := rq.baseURL() + rq.versionPrefix() + "/" + path
	h.Set("X-Location", loc)
	h.Set("Location", loc)
	rq.w.WriteHeader(http.StatusCreated)
	return nil
}

// createdByPut answers a PUT that created an entity: 303 to the unversioned URL
// in v1/v2, 201 in v3/v4 (conventions §5.1).
func (rq *request) createdByPut(id int64, path string) error {
	if rq.v.putNew != http.StatusSeeOther {
		return rq.created(id, path)
	}
	h := rq.w.Header()
	h.Set("X-Created", strconv.FormatInt(id, 10))
	h.Set("X-Location", rq.baseURL()+rq.versionPrefix()+"/"+path)
	h.Set("Location", rq.baseURL()+"/"+path)
	rq.w.WriteHeader(http.StatusSeeOther)
	return nil
}

// updated answers a PUT on one entity. path is the entity's canonical path
// without version; the 303 repeats the query string as received (C8).
func (rq *request) updated(path string) error {
	if rq.postAsPut {
		return rq.updatedByPost()
	}
	if rq.v.putOne != http.StatusSeeOther {
		rq.w.WriteHeader(rq.v.putOne)
		return nil
	}
	loc := rq.baseURL() + "/" + path
	if rq.r.URL.RawQuery != "" {
		loc += "?" + rq.r.URL.RawQuery
	}
	rq.w.Header().Set("Location", loc)
	rq.w.WriteHeader(http.StatusSeeOther)
	return nil
}

// updatedByPost answers a POST that changed an entity and created none, like
// a POST sent to a PUT-only route (conventions §3): 200 with an empty body in
// v1/v2, where the PUT's 303 would make clients throw; the PUT's 204 in v3/v4.
func (rq *request) updatedByPost() error {
	rq.w.WriteHeader(rq.v.postOnPut)
	return nil
}

// bulkUpdated answers a PUT on a multi-entity route that created nothing.
func (rq *request) bulkUpdated() error {
	rq.w.WriteHeader(rq.v.putMany)
	return nil
}

// deleted answers a successful DELETE of one entity.
func (rq *request) deleted(kind string, id int64) error {
	rq.w.Header().Set("X-Deleted", kind+" "+strconv.FormatInt(id, 10))
	rq.w.WriteHeader(rq.v.deleteOK)
	return nil
}

// deletedMany answers a DELETE of several entities: no single X-Deleted (O5).
func (rq *request) deletedMany() error {
	rq.w.WriteHeader(rq.v.deleteOK)
	return nil
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
