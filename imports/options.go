package imports

import (
	"bufio"
	"errors"
	"net/url"
	"strings"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/reqdata"
	"github.com/kopernik/kopernik/values"
)

// Request is a POST imports body, checked and ready to store.
type Request struct {
	// Import holds the options, Status (running, or ready for start without
	// autostart) and, for an inline source, TotalLines. ID and Created are
	// the store's.
	Import kopernik.Import
	// Source is the inline source in Import.Format (an array `source` is
	// stored as JSON text); nil for a location.
	Source []byte
}

// Config is what the POST needs from the server configuration.
type Config struct {
	Fetcher *Fetcher // nil: a location is refused
	Limits  Limits
}

// Messages of POST imports besides the spec's two.
const (
	MsgInvalidAction    = "Invalid action"
	MsgInvalidDelimiter = "Invalid delimiter"
	MsgInvalidFormat    = "Invalid format"
	MsgInvalidTarget    = "Invalid delete target"
	MsgSourceAndURL     = "Give either source or location, not both"
)

// ParseRequest reads a POST imports body (profiles.md §3.25, O26). Every
// rule that can be checked before the job runs is checked here — the
// options, the key fields, and for an inline source its syntax and its
// columns — so that a refused request stores nothing. Top-level keys are
// case-sensitive (B15); unknown ones are ignored (B14).
func ParseRequest(cat *kopernik.Catalog, body *kopernik.Map, cfg Config) (*Request, error) {
	db := databaseOf(cat, get(body, "database"))
	if db == nil {
		return nil, kopernik.Errorf(kopernik.ENOTFOUND, kopernik.MsgNoDatabase)
	}
	im := kopernik.Import{
		DatabaseID:        db.ID,
		Action:            kopernik.ImportAdd,
		DeleteTarget:      kopernik.TargetProfile,
		IgnoreEmptyFields: flag(body, "ignoreEmptyFields", false),
		RemoveMissing:     flag(body, "removeMissing", false),
		Autostart:         flag(body, "autostart", true),
		Followups:         flag(body, "followups", false),
		Rebuild:           flag(body, "rebuild", false),
	}
	if v := get(body, "action"); v != nil {
		a, ok := parseAction(v)
		if !ok {
			return nil, invalid(MsgInvalidAction)
		}
		im.Action = a
	}
	if v := get(body, "deleteTarget"); v != nil {
		s, _ := reqdata.String(v)
		switch t := kopernik.ImportTarget(strings.ToLower(strings.TrimSpace(s))); t {
		case kopernik.TargetProfile, kopernik.TargetSubprofile:
			im.DeleteTarget = t
		default:
			return nil, invalid(MsgInvalidTarget)
		}
	}
	keys, err := keyNames(get(body, "keyFields"))
	if err != nil {
		return nil, err
	}
	im.KeyFields = keys
	planner, err := NewPlanner(db, &im, values.Conv{})
	if err != nil {
		return nil, err
	}
	if err := readFormat(body, &im); err != nil {
		return nil, err
	}
	req := &Request{Import: im}
	source, location := get(body, "source"), get(body, "location")
	if s, ok := location.(string); ok && s == "" {
		location = nil
	}
	switch {
	case source != nil && location != nil:
		return nil, invalid(MsgSourceAndURL)
	case location != nil:
		err = req.useLocation(location, cfg.Fetcher)
	case source != nil:
		err = req.useSource(source, planner, cfg.Limits)
	default:
		err = invalid(kopernik.MsgInvalidData)
	}
	if err != nil {
		return nil, err
	}
	req.Import.Name = nameOf(body, req.Import.Location)
	req.Import.Status = kopernik.ImportRunning
	if !req.Import.Autostart {
		req.Import.Status = kopernik.ImportReady
	}
	return req, nil
}

func invalid(msg string) error { return kopernik.Errorf(kopernik.EINVALID, "%s", msg) }

// get treats null like a missing key, as PHP's isset does.
func get(body *kopernik.Map, key string) any {
	v, _ := body.Get(key)
	return v
}

func flag(body *kopernik.Map, key string, def bool) bool {
	v := get(body, key)
	if v == nil {
		return def
	}
	return reqdata.Bool(v)
}

// databaseOf finds the database by ID or, as a proposal of §3.25, by name.
func databaseOf(cat *kopernik.Catalog, v any) *kopernik.Database {
	switch x := v.(type) {
	case int64:
		return cat.Database(x)
	case float64:
		if x == float64(int64(x)) {
			return cat.Database(int64(x))
		}
	case string:
		s := strings.TrimSpace(x)
		if s == "" {
			return nil
		}
		if allDigits(s) {
			id, _ := reqdata.Int(s)
			return cat.Database(id)
		}
		return cat.DatabaseByName(s)
	}
	return nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// parseAction accepts the spellings of §3.25 regardless of case and of
// runs of blanks ("Update  or add").
func parseAction(v any) (kopernik.ImportAction, bool) {
	s, ok := v.(string)
	if !ok {
		return "", false
	}
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	for _, a := range kopernik.ImportActions {
		if string(a) == s {
			return a, true
		}
	}
	return "", false
}

// keyNames reads keyFields: a list of names; a lone name; or, from a form
// body, a map whose values are the names.
func keyNames(v any) ([]string, error) {
	var list []any
	switch x := v.(type) {
	case nil:
		return nil, nil
	case string:
		if x == "" {
			return nil, nil
		}
		list = []any{x}
	case []any:
		list = x
	case *kopernik.Map:
		list = x.Values
	default:
		return nil, invalid("Invalid key field")
	}
	names := make([]string, 0, len(list))
	for _, e := range list {
		s, ok := reqdata.String(e)
		if !ok || strings.TrimSpace(s) == "" {
			return nil, invalid("Invalid key field")
		}
		names = append(names, s)
	}
	return names, nil
}

// readFormat reads format and delimiter, which both kinds of source may
// give. A delimiter is accepted as the character itself or as the two
// characters `\t`, which PHP clients send from a single-quoted string.
func readFormat(body *kopernik.Map, im *kopernik.Import) error {
	if v := get(body, "format"); v != nil {
		s, _ := reqdata.String(v)
		switch f := kopernik.ImportFormat(strings.ToLower(strings.TrimSpace(s))); f {
		case kopernik.FormatCSV, kopernik.FormatJSON:
			im.Format = f
		default:
			return invalid(MsgInvalidFormat)
		}
	}
	if v := get(body, "delimiter"); v != nil {
		s, _ := reqdata.String(v)
		switch s {
		case "\t", `\t`:
			im.Delimiter = '\t'
		case ",":
			im.Delimiter = ','
		case ";":
			im.Delimiter = ';'
		default:
			return invalid(MsgInvalidDelimiter)
		}
	}
	return nil
}

// useSource takes an inline source and reads it whole: its syntax and its
// columns are checked now, and its rows counted.
func (req *Request) useSource(v any, p *Planner, lim Limits) error {
	im := &req.Import
	var r Reader
	switch x := v.(type) {
	case string:
		if strings.TrimSpace(x) == "" {
			return invalid(kopernik.MsgInvalidData)
		}
		if im.Format == "" {
			// §3.25 gives no default; the text says which it is.
			im.Format, _ = Sniff(bufio.NewReader(strings.NewReader(x)))
		}
		if im.Format == kopernik.FormatCSV && im.Delimiter == 0 {
			return invalid(MsgInvalidDelimiter)
		}
		req.Source = []byte(x)
		var err error
		if r, err = Open(im.Format, im.Delimiter, strings.NewReader(x), lim); err != nil {
			return sourceInvalid(err)
		}
	case []any:
		req.Source = EncodeRecords(x)
		r = NewRecords(x, lim)
		im.Format, im.Delimiter = kopernik.FormatJSON, 0
	case *kopernik.Map:
		recs := records(x)
		req.Source = EncodeRecords(recs)
		r = NewRecords(recs, lim)
		im.Format, im.Delimiter = kopernik.FormatJSON, 0
	default:
		return invalid(kopernik.MsgInvalidData)
	}
	if im.Format == kopernik.FormatJSON {
		im.Delimiter = 0
	}
	n, err := Survey(r, p)
	if err != nil {
		return sourceInvalid(err)
	}
	im.TotalLines = n
	return nil
}

// records reads a map source: a form body gives a list as a map keyed 0, 1,
// …; any other map is one record.
func records(m *kopernik.Map) []any {
	for _, k := range m.KeyList() {
		if !allDigits(k) {
			return []any{m}
		}
	}
	return m.Values
}

// sourceInvalid turns a reader's fault into the 400 the client sees.
func sourceInvalid(err error) error {
	var se *SourceError
	if errors.As(err, &se) {
		return kopernik.Errorf(kopernik.EINVALID, "Invalid source: %s", se.Error())
	}
	return err
}

func (req *Request) useLocation(v any, f *Fetcher) error {
	s, ok := v.(string)
	if !ok {
		return invalid("Invalid location")
	}
	s = strings.TrimSpace(s)
	if err := f.Check(s); err != nil {
		return err
	}
	req.Import.Location = s
	return nil
}

// nameOf is the label: the name given, else the location without any
// credentials in it (it is shown by GET import/{id}), else "REST import".
func nameOf(body *kopernik.Map, location string) string {
	if s, ok := reqdata.String(get(body, "name")); ok && s != "" {
		return s
	}
	if location != "" {
		if u, err := url.Parse(location); err == nil {
			u.User = nil
			return u.String()
		}
	}
	return "REST import"
}
