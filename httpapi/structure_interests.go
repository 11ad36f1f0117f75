package httpapi

import (
	"github.com/kopernik/kopernik"
)

func listInterests(rq *request) error {
	return rq.ok(listOf(rq.page(), rq.db.Interests, interestObj))
}

func interestInput(m *kopernik.Map) kopernik.InterestInput {
	return kopernik.InterestInput{Name: optString(m, "name"), Group: optString(m, "group"), Description: optString(m, "description")}
}

func createInterest(rq *request) error {
	m, err := rq.bodyMap()
	if err != nil {
		return err
	}
	id, err := rq.s.store.CreateInterest(rq.r.Context(), rq.db.ID, interestInput(m))
	if err != nil {
		return err
	}
	return rq.created(id, "interest/"+idStr(id))
}

func updateInterest(rq *request) error {
	m, err := rq.bodyMap()
	if err != nil {
		return err
	}
	if err := rq.s.store.UpdateInterest(rq.r.Context(), rq.interest.ID, interestInput(m)); err != nil {
		return err
	}
	return rq.updated(rq.canonicalPath())
}

func deleteInterest(rq *request) error {
	if err := rq.s.store.DeleteInterest(rq.r.Context(), rq.interest.ID); err != nil {
		return err
	}
	return rq.deleted("interest", rq.interest.ID)
}
