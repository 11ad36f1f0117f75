package httpapi

import (
	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/reqdata"
)

func listFields(rq *request) error {
	return rq.ok(listOf(rq.page(), rq.ownerFields(), fieldObj))
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
			return in, errMsg(kopernik.MsgInvalidFieldType)
		}
		in.Type = &t
	}
	in.Value, in.HasValue = m.Get("value")
	return in, nil
}

func createField(rq *request) error {
	m, err := rq.bodyMap()
	if err != nil {
		return err
	}
	in, err := fieldInput(m)
	if err != nil {
		return err
	}
	id, err := rq.s.store.CreateField(rq.r.Context(), rq.owner(), in)
	if err != nil {
		return err
	}
	return rq.created(id, rq.ownerPath()+"/field/"+idStr(id))
}

func updateField(rq *request) error {
	m, err := rq.bodyMap()
	if err != nil {
		return err
	}
	in, err := fieldInput(m)
	if err != nil {
		return err
	}
	if err := rq.s.store.UpdateField(rq.r.Context(), rq.owner(), rq.field.ID, in); err != nil {
		return err
	}
	return rq.updated(rq.canonicalPath())
}

func deleteField(rq *request) error {
	if err := rq.s.store.DeleteField(rq.r.Context(), rq.owner(), rq.field.ID); err != nil {
		return err
	}
	return rq.deleted("field", rq.field.ID)
}
