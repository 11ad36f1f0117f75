package webhook

import (
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/reqdata"
)

// Messages of webhook validation. The hosted service's wording is not
// documented; these follow the style of the other resources.
const (
	MsgHandlerRequired   = "Handler is required"
	MsgInvalidHandler    = "Invalid handler"
	MsgHandlerNotAllowed = "Handler host is not allowed"
	MsgTriggerRequired   = "Trigger is required"
	MsgInvalidTrigger    = "Invalid trigger"
	MsgInvalidCallers    = "Invalid callers"
	MsgCollectionOutside = "Collection does not belong to the database"
)

// maxHandler bounds the stored URL; browsers and proxies stop far below
// anything a receiver would need.
const maxHandler = 2048

// Rules is what configuration adds to the validation of handler URLs.
type Rules struct {
	Hosts Hosts
	// RefusePrivate refuses handlers written as a private or loopback IP
	// address. Names are not resolved here: the delivery client checks every
	// address it dials, since what a name resolves to can change.
	RefusePrivate bool
}

// ParseNew validates the body of POST webhooks (spec §3.1). ID and Created are
// left for the store to fill.
func ParseNew(body *kopernik.Map, cat *kopernik.Catalog, r Rules) (kopernik.Webhook, error) {
	var w kopernik.Webhook
	if !body.Has("handler") {
		return w, invalid(MsgHandlerRequired)
	}
	if !body.Has("trigger") {
		return w, invalid(MsgTriggerRequired)
	}
	return ParseUpdate(w, body, cat, r)
}

// ParseUpdate applies the keys present in body to w (PUT webhook/{id}, §3.3):
// absent keys keep their value; database or collection given as 0, "" or null
// clear the limit. The combination is checked as a whole, so moving the
// database of a webhook away from its collection is refused.
func ParseUpdate(w kopernik.Webhook, body *kopernik.Map, cat *kopernik.Catalog, r Rules) (kopernik.Webhook, error) {
	if v, ok := body.Get("handler"); ok {
		h, err := parseHandler(v, r)
		if err != nil {
			return w, err
		}
		w.Handler = h
	}
	if v, ok := body.Get("trigger"); ok {
		t, err := parseTrigger(v)
		if err != nil {
			return w, err
		}
		w.Trigger = t
	}
	if v, ok := body.Get("callers"); ok {
		c, err := parseCallers(v)
		if err != nil {
			return w, err
		}
		w.Callers = c
	}
	if v, ok := body.Get("database"); ok {
		id, ok := parseID(v)
		if !ok || id != 0 && cat.Database(id) == nil {
			return w, invalid(kopernik.MsgNoDatabase)
		}
		w.Database = id
	}
	if v, ok := body.Get("collection"); ok {
		id, ok := parseID(v)
		if !ok || id != 0 && cat.Collection(id) == nil {
			return w, invalid(kopernik.MsgNoCollection)
		}
		w.Collection = id
	}
	// Only a body that touches the scope has it checked: a PUT of the handler
	// alone must not fail over a database removed since the webhook was made.
	scoped := body.Has("database") || body.Has("collection")
	if scoped && w.Collection != 0 && w.Database != 0 {
		// A stored collection can have disappeared since; it then belongs to nothing.
		if c := cat.Collection(w.Collection); c == nil || c.DatabaseID != w.Database {
			return w, invalid(MsgCollectionOutside)
		}
	}
	return w, nil
}

func invalid(msg string) error { return kopernik.Errorf(kopernik.EINVALID, "%s", msg) }

func parseHandler(v any, r Rules) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", invalid(MsgInvalidHandler)
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return "", invalid(MsgHandlerRequired)
	}
	u, err := CheckURL(s, r.Hosts)
	if err != nil {
		return "", err
	}
	if r.RefusePrivate {
		if a, err := netip.ParseAddr(u.Hostname()); err == nil && IsPrivate(a) {
			return "", invalid(MsgHandlerNotAllowed)
		}
	}
	return s, nil
}

// CheckURL parses a handler URL and applies the rules that hold both when a
// webhook is stored and when it is called (configuration may have changed in
// between): absolute http or https with a host, and a host on the allow-list.
func CheckURL(s string, hosts Hosts) (*url.URL, error) {
	if len(s) > maxHandler {
		return nil, invalid(MsgInvalidHandler)
	}
	u, err := url.Parse(s)
	// Hosts must be ASCII (punycode for international names) and IPv6 zones
	// are refused: Go's client rewrites both before sending, and the signed
	// Host header must be the one sent.
	if err != nil || u.Opaque != "" || u.Hostname() == "" || !isASCII(u.Hostname()) || strings.Contains(u.Hostname(), "%") {
		return nil, invalid(MsgInvalidHandler)
	}
	if scheme := strings.ToLower(u.Scheme); scheme != "http" && scheme != "https" {
		return nil, invalid(MsgInvalidHandler)
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return nil, invalid(MsgInvalidHandler)
		}
	}
	if !hosts.Allows(u.Hostname()) {
		return nil, invalid(MsgHandlerNotAllowed)
	}
	return u, nil
}

func parseTrigger(v any) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", invalid(MsgInvalidTrigger)
	}
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "", invalid(MsgTriggerRequired)
	}
	if !knownTrigger(s) {
		return "", invalid(MsgInvalidTrigger)
	}
	return s, nil
}

// parseCallers accepts a JSON array, a form list (callers[]=…), a map (form
// callers[0]=… or a JSON object, whose values count) or one comma-separated
// string. Null, an empty string or an empty list mean "every caller". Names
// are matched case-insensitively and kept once, in the order given.
func parseCallers(v any) ([]string, error) {
	var names []string
	switch v := v.(type) {
	case nil:
		return nil, nil
	case string:
		if strings.TrimSpace(v) == "" {
			return nil, nil
		}
		names = strings.Split(v, ",")
	default:
		m, ok := reqdata.AsMap(v)
		if !ok {
			return nil, invalid(MsgInvalidCallers)
		}
		for _, e := range m.Values {
			s, ok := e.(string)
			if !ok {
				return nil, invalid(MsgInvalidCallers)
			}
			names = append(names, s)
		}
	}
	var out []string
	for _, n := range names {
		n = strings.ToLower(strings.TrimSpace(n))
		if !knownCaller(n) {
			return nil, invalid(MsgInvalidCallers)
		}
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out, nil
}

// parseID reads a database or collection reference. 0, "", null and false
// clear it. Unlike PHP's (int) cast, text that is not a whole number is
// refused rather than read as 0: "abc" must not silently lift a limit.
func parseID(v any) (int64, bool) {
	switch v := v.(type) {
	case nil:
		return 0, true
	case bool:
		return 0, !v
	case int64:
		return v, v >= 0
	case float64:
		if v >= 0 && v < 1<<63 && v == float64(int64(v)) {
			return int64(v), true
		}
		return 0, false
	case string:
		s := strings.TrimSpace(v)
		if s == "" {
			return 0, true
		}
		n, err := strconv.ParseInt(s, 10, 64)
		return n, err == nil && n >= 0 && s[0] != '+'
	}
	return 0, false
}
