package httpapi

import (
	"log/slog"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/filter"
)

// where resolves a `fields` list against the owner's fields, once per
// request, into the expression storage compiles. Copernica ignores a
// condition on an unknown field or with an unknown operator (B50, B66), and
// so does Kopernik by default; but such a condition is usually a typo, and
// on a bulk PUT it widens the update to every profile, so each one is logged
// as a warning naming the request. With Config.StrictFilters the request is
// refused instead, naming the condition.
func (rq *request) where(fields []*kopernik.Field, raw []string) (kopernik.Expr, error) {
	conds, ignored, err := filter.Parse(raw, rq.s.cfg.MaxConditions)
	if err != nil {
		return nil, kopernik.Errorf(kopernik.EINVALID, kopernik.MsgTooManyConditions)
	}
	e, unknown := filter.Resolve(fields, conds, rq.s.conv)
	ignored = append(ignored, unknown...)
	for _, ig := range ignored {
		// Method and path only: the query string may carry the token.
		rq.s.log.LogAttrs(rq.r.Context(), slog.LevelWarn, "fields condition ignored",
			slog.String("condition", ig.Element), slog.String("reason", ig.Reason.String()),
			slog.String("method", rq.method), slog.String("path", rq.r.URL.Path))
	}
	if len(ignored) > 0 && rq.s.cfg.StrictFilters {
		return nil, kopernik.Errorf(kopernik.EINVALID, "%s", ignored[0].Message())
	}
	return e, nil
}

// selector resolves the `fields` list of a bulk route. Where a usable
// condition is required (the subprofile bulk updates and the unsubscribes,
// O4 and S20), a list without one is refused as if it were missing;
// otherwise it selects every live entity (B50).
func (rq *request) selector(fields []*kopernik.Field, raw []string, required bool) (kopernik.Expr, error) {
	e, err := rq.where(fields, raw)
	if err == nil && e == nil && required {
		err = kopernik.Errorf(kopernik.EINVALID, kopernik.MsgFieldsRequired)
	}
	return e, err
}
