package httpapi

import (
	"time"
)

// getIdentity answers identity and its alias account (conventions §2.6).
func getIdentity(rq *request) error {
	a := rq.s.cfg.Account
	o := newObj(7).set("id", a.ID).set("name", a.Name).set("description", a.Description).set("company", a.Company)
	if rq.v.identityPlus {
		o.set("customer", newObj(3).set("id", a.ID).set("name", a.Company).set("isPartner", false))
		o.set("usedBy", []any{})
		o.set("license", newObj(2).set("id", a.ID).set("isTrial", false))
	}
	return rq.ok(o)
}

func getConsumption(rq *request) error {
	begin, bArr, bok := rq.q.Scalar("begin")
	end, eArr, eok := rq.q.Scalar("end")
	if !bok || !eok || bArr || eArr || !isDay(begin) || !isDay(end) {
		return errMsg("Parameters begin and end are required (YYYY-MM-DD)")
	}
	n, err := rq.s.store.APICalls(rq.r.Context(), begin, end)
	if err != nil {
		return err
	}
	n += rq.s.calls.unflushed(begin, end)
	return rq.ok(newObj(7).set("emails", 0).set("texts", 0).set("fax", 0).set("webpages", 0).
		set("apicalls", n).set("litmustests", 0).set("twofiftyoktests", 0))
}

func isDay(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}
