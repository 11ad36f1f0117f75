package httpapi

import (
	"bytes"
	"net/http"
	"strconv"

	"github.com/kopernik/kopernik"
)

// Data requests (profiles.md §3.26, O27) are built synchronously: the answer to
// the POST already means the data is available.

// dataRequest is what datarequest/{id} resolved to; an unknown ID is not an
// error but data that is "not available (yet)".
type dataRequest struct {
	result []byte
	ok     bool
}

func resolveDataRequest(rq *request, ids []string) error {
	id, _ := parseID(ids[0])
	if id <= 0 {
		return nil
	}
	result, ok, err := rq.s.store.DataRequest(rq.r.Context(), id)
	if err != nil {
		return err
	}
	rq.dataReq = dataRequest{result: result, ok: ok}
	return nil
}

// resolveEmail takes any address: an address nobody has gives empty data.
func resolveEmail(rq *request, ids []string) error {
	rq.email = ids[0]
	return nil
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

// postEntityDataRequest serves POST profile/{id}/datarequest (the profile and
// its subprofiles) and POST subprofile/{id}/datarequest.
func postEntityDataRequest(rq *request) error {
	e := rq.ent.e
	var source []any
	typ := "profile"
	if rq.ent.kind == kopernik.OwnerDatabase {
		source = append(source, profileObj(e, rq.db, false))
		subs, err := rq.subprofilesOf(rq.db, e.ID)
		if err != nil {
			return err
		}
		source = append(source, subs...)
	} else {
		typ = "subprofile"
		source = append(source, subprofileObj(e, rq.coll, false))
	}
	return rq.saveDataRequest(typ, idStr(e.ID), [][]any{source})
}

func (rq *request) saveDataRequest(typ, id string, data [][]any) error {
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
		return err
	}
	drID, err := rq.s.store.SaveDataRequest(rq.r.Context(), b.Bytes())
	if err != nil {
		return err
	}
	return rq.created(drID, "datarequest/"+idStr(drID))
}

// postEmailDataRequest serves POST email/{address}/datarequest: every profile
// whose e-mail field equals the address, case-insensitively, with its
// subprofiles.
func postEmailDataRequest(rq *request) error {
	addr := rq.email
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
				return err
			}
			for _, e := range res.Items {
				source := []any{profileObj(e, d, false)}
				subs, err := rq.subprofilesOf(d, e.ID)
				if err != nil {
					return err
				}
				data = append(data, append(source, subs...))
			}
		}
	}
	return rq.saveDataRequest("email", addr, data)
}

func getDataRequest(rq *request) error {
	if !rq.dataReq.ok {
		return rq.ok(newObj(1).set("data", "Data not available (yet)"))
	}
	return rq.raw(rq.dataReq.result)
}

func getDataRequestStatus(rq *request) error {
	if !rq.dataReq.ok {
		return rq.ok(newObj(1).set("status", "not available"))
	}
	return rq.ok(newObj(3).set("status", "available").set("available", int64(len(rq.dataReq.result))).
		set("content-type", "application/json"))
}

// getDataRequestData is the one documented 404 of the API (conventions §6.1).
func getDataRequestData(rq *request) error {
	if !rq.dataReq.ok {
		return &httpError{http.StatusNotFound, "Data not available (yet)"}
	}
	return rq.raw(rq.dataReq.result)
}

func (rq *request) raw(body []byte) error {
	h := rq.w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	rq.w.WriteHeader(http.StatusOK)
	rq.w.Write(body)
	return nil
}
