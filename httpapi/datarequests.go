package httpapi

import (
	"bytes"
	"net/http"
	"strconv"

	"github.com/kopernik/kopernik"
)

// Data requests (profiles.md §3.26, O27) are built synchronously: the answer to
// the POST already means the data is available.

func init() {
	profileRoutes["datarequest"] = &routeSet{post: postEntityDataRequest}
	subprofileRoutes["datarequest"] = &routeSet{post: postEntityDataRequest}
	extraWords["email"] = (*Server).withEmail
	extraWords["datarequest"] = (*Server).withDataRequest
}

// subprofilesOf collects the live subprofiles of a profile in every collection.
func (rq *request) subprofilesOf(d *kopernik.Database, pid int64) ([]any, error) {
	var out []any
	for _, c := range d.Collections {
		for start := int64(0); ; start += 1000 {
			res, err := rq.s.store.ListEntities(rq.r.Context(), kopernik.ListQuery{
				Owner: kopernik.CollectionOwner(c.ID), ProfileID: pid, Start: start, Limit: 1000})
			if err != nil {
				return nil, err
			}
			for _, e := range res.Items {
				out = append(out, subprofileObj(e, c, false))
			}
			if len(res.Items) < 1000 {
				break
			}
		}
	}
	return out, nil
}

func postEntityDataRequest(rq *request) {
	e := rq.ent.e
	var source []any
	typ := "profile"
	if rq.ent.kind == kopernik.OwnerDatabase {
		source = append(source, profileObj(e, rq.db, false))
		subs, err := rq.subprofilesOf(rq.db, e.ID)
		if err != nil {
			rq.fail(err)
			return
		}
		source = append(source, subs...)
	} else {
		typ = "subprofile"
		source = append(source, subprofileObj(e, rq.coll, false))
	}
	rq.saveDataRequest(typ, idStr(e.ID), [][]any{source})
}

func (rq *request) saveDataRequest(typ, id string, data [][]any) {
	list := make([]any, 0, len(data))
	for _, d := range data {
		if d == nil {
			d = []any{}
		}
		list = append(list, d)
	}
	var b bytes.Buffer
	doc := newObj(2).set("info", newObj(2).set("type", typ).set("id", id)).set("data", list)
	if err := writeValue(&b, doc); err != nil {
		rq.fail(err)
		return
	}
	drID, err := rq.s.store.SaveDataRequest(rq.r.Context(), b.Bytes())
	if err != nil {
		rq.fail(err)
		return
	}
	rq.created(drID, "datarequest/"+idStr(drID))
}

// withEmail serves POST email/{address}/datarequest: every profile whose e-mail
// field equals the address, case-insensitively, with its subprofiles.
func (s *Server) withEmail(rq *request) {
	if len(rq.segs) < 2 {
		rq.missingElement(1)
		return
	}
	if len(rq.segs) != 3 || rq.segs[2] != "datarequest" || rq.method != http.MethodPost && rq.method != http.MethodPut {
		rq.failMsg(msgInvalidMethod)
		return
	}
	addr := rq.segs[1]
	var data [][]any
	for _, d := range rq.cat.Databases {
		for _, f := range d.Fields {
			if f.Type != kopernik.TypeEmail {
				continue
			}
			match := kopernik.Cmp{Col: kopernik.Column{Field: f}, Op: kopernik.OpEq, Value: addr}
			res, err := rq.s.store.ListEntities(rq.r.Context(), kopernik.ListQuery{Owner: kopernik.DatabaseOwner(d.ID),
				Where: match, Limit: 1000})
			if err != nil {
				rq.fail(err)
				return
			}
			for _, e := range res.Items {
				source := []any{profileObj(e, d, false)}
				subs, err := rq.subprofilesOf(d, e.ID)
				if err != nil {
					rq.fail(err)
					return
				}
				data = append(data, append(source, subs...))
			}
		}
	}
	rq.saveDataRequest("email", addr, data)
}

// withDataRequest serves GET datarequest/{id}[/status|/data].
func (s *Server) withDataRequest(rq *request) {
	if len(rq.segs) < 2 {
		rq.missingElement(1)
		return
	}
	if rq.method != http.MethodGet || len(rq.segs) > 3 {
		rq.failMsg(msgInvalidMethod)
		return
	}
	id, _ := parseID(rq.segs[1])
	var result []byte
	ok := false
	if id > 0 {
		var err error
		if result, ok, err = rq.s.store.DataRequest(rq.r.Context(), id); err != nil {
			rq.fail(err)
			return
		}
	}
	switch rq.seg(2) {
	case "status":
		if !ok {
			rq.ok(newObj(1).set("status", "not available"))
			return
		}
		rq.ok(newObj(3).set("status", "available").set("available", int64(len(result))).set("content-type", "application/json"))
	case "data":
		if !ok {
			writeError(rq.w, http.StatusNotFound, "Data not available (yet)")
			return
		}
		rq.raw(result)
	case "":
		if !ok {
			rq.ok(newObj(1).set("data", "Data not available (yet)"))
			return
		}
		rq.raw(result)
	default:
		rq.failMsg(msgInvalidMethod)
	}
}

func (rq *request) raw(body []byte) {
	h := rq.w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	rq.w.WriteHeader(http.StatusOK)
	rq.w.Write(body)
}
