package httpapi

import (
	"github.com/kopernik/kopernik"
)

var interestRoutes = map[string]*routeSet{
	"": {put: updateInterest, del: deleteInterest},
}

func (s *Server) withInterest(rq *request) {
	if len(rq.segs) < 2 {
		rq.missingElement(1)
		return
	}
	id, _ := parseID(rq.segs[1])
	rq.interest = rq.cat.Interest(id)
	if rq.interest == nil {
		rq.failMsg(kopernik.MsgNoInterest)
		return
	}
	rq.dispatch(interestRoutes, 2)
}

func listInterests(rq *request) {
	rq.ok(listOf(rq.page(), rq.db.Interests, interestObj))
}

func interestInput(m *kopernik.Map) kopernik.InterestInput {
	return kopernik.InterestInput{Name: optString(m, "name"), Group: optString(m, "group"), Description: optString(m, "description")}
}

func createInterest(rq *request) {
	m, err := rq.bodyMap()
	if err != nil {
		rq.fail(err)
		return
	}
	id, err := rq.s.store.CreateInterest(rq.r.Context(), rq.db.ID, interestInput(m))
	if err != nil {
		rq.fail(err)
		return
	}
	rq.created(id, "interest/"+idStr(id))
}

func updateInterest(rq *request) {
	m, err := rq.bodyMap()
	if err != nil {
		rq.fail(err)
		return
	}
	if err := rq.s.store.UpdateInterest(rq.r.Context(), rq.interest.ID, interestInput(m)); err != nil {
		rq.fail(err)
		return
	}
	rq.updated(rq.canonicalPath())
}

func deleteInterest(rq *request) {
	if err := rq.s.store.DeleteInterest(rq.r.Context(), rq.interest.ID); err != nil {
		rq.fail(err)
		return
	}
	rq.deleted("interest", rq.interest.ID)
}
