package httpapi

import (
	"net/http"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/reqdata"
)

func listFields(rq *request) {
	rq.ok(listOf(rq.page(), rq.ownerFields(), fieldObj))
}

// fieldInput reads the body keys of structure.md §6.2.
func fieldInput(m *kopernik.Map) (kopernik.FieldInput, error) {
	in := kopernik.FieldInput{
		Name: optString(m, "name"), Displayed: optBool(m, "displayed"), Ordered: optBool(m, "ordered"),
		Length: optInt(m, "length"), TextLines: optInt(m, "textlines"), Hidden: optBool(m, "hidden"),
		Index: optBool(m, "index"), Lock: optBool(m, "lock"), Description: optString(m, "description"),
	}
	if v, ok := m.Get("type"); ok {
		s, _ := reqdata.String(v)
		t, ok := kopernik.ParseFieldType(s)
		if !ok {
			return in, kopernik.Errorf(kopernik.EINVALID, kopernik.MsgInvalidFieldType)
		}
		in.Type = &t
	}
	in.Value, in.HasValue = m.Get("value")
	return in, nil
}

func createField(rq *request) {
	m, err := rq.bodyMap()
	if err != nil {
		rq.fail(err)
		return
	}
	in, err := fieldInput(m)
	if err != nil {
		rq.fail(err)
		return
	}
	id, err := rq.s.store.CreateField(rq.r.Context(), rq.owner(), in)
	if err != nil {
		rq.fail(err)
		return
	}
	rq.created(id, rq.ownerPath()+"/field/"+idStr(id))
}

// fieldParam resolves the {f} segment after …/field.
func (rq *request) fieldParam(at int) *kopernik.Field {
	seg := rq.seg(at)
	if at >= len(rq.segs) {
		rq.failMsg(kopernik.MsgNoFieldID)
		return nil
	}
	f := lookupField(rq.ownerFields(), seg)
	if f == nil {
		rq.failMsg(kopernik.MsgNoField)
	}
	return f
}

// fieldSeg is where {f} stands in database/{db}/field/{f} and collection/{c}/field/{f}.
const fieldSeg = 3

func updateField(rq *request) {
	f := rq.fieldParam(fieldSeg)
	if f == nil {
		return
	}
	m, err := rq.bodyMap()
	if err != nil {
		rq.fail(err)
		return
	}
	in, err := fieldInput(m)
	if err != nil {
		rq.fail(err)
		return
	}
	if err := rq.s.store.UpdateField(rq.r.Context(), rq.owner(), f.ID, in); err != nil {
		rq.fail(err)
		return
	}
	rq.updated(rq.canonicalPath())
}

func deleteField(rq *request) {
	at := fieldSeg
	if at < len(rq.segs) && rq.v.deleteGone && lookupField(rq.ownerFields(), rq.seg(at)) == nil {
		// v1 answers a delete of something that is not there with 204 (C6).
		rq.w.WriteHeader(http.StatusNoContent)
		return
	}
	f := rq.fieldParam(at)
	if f == nil {
		return
	}
	if err := rq.s.store.DeleteField(rq.r.Context(), rq.owner(), f.ID); err != nil {
		rq.fail(err)
		return
	}
	rq.deleted("field", f.ID)
}
