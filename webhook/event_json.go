package webhook

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"
	"unicode/utf8"
)

// storedEvent is the form an event is queued in. The body is built when it
// is sent, so the configured body format applies to events already queued;
// names were resolved when the change was recorded.
type storedEvent struct {
	Type       string      `json:"type"`
	Caller     string      `json:"caller"`
	At         int64       `json:"at"` // Unix seconds
	Database   int64       `json:"db"`
	Collection int64       `json:"coll,omitempty"`
	Profile    int64       `json:"p"`
	Subprofile int64       `json:"s,omitempty"`
	Created    string      `json:"created,omitempty"`
	Modified   string      `json:"modified,omitempty"`
	Fields     [][2]string `json:"fields"`
	Interests  []string    `json:"interests,omitempty"`
	// Parameters are pairs, or the index of the field pair a parameter
	// repeats exactly (a create's parameters usually are its fields): the
	// outbox row is most of what an event costs the writer.
	Parameters []json.RawMessage `json:"params,omitempty"`
}

// MarshalEvent is the outbox form of ev. It runs inside the writer's
// transaction for every queued change, so it appends by hand instead of
// going through reflection; UnmarshalEvent reads it with encoding/json.
func MarshalEvent(ev *Event) []byte {
	b := make([]byte, 0, 256)
	b = append(b, `{"type":`...)
	b = appendJSONString(b, ev.Type)
	if ev.Caller != CallerREST {
		b = append(b, `,"caller":`...)
		b = appendJSONString(b, ev.Caller)
	}
	b = append(b, `,"at":`...)
	b = strconv.AppendInt(b, ev.At.Unix(), 10)
	b = append(b, `,"db":`...)
	b = strconv.AppendInt(b, ev.Database, 10)
	if ev.Collection != 0 {
		b = append(b, `,"coll":`...)
		b = strconv.AppendInt(b, ev.Collection, 10)
	}
	b = append(b, `,"p":`...)
	b = strconv.AppendInt(b, ev.Profile, 10)
	if ev.Subprofile != 0 {
		b = append(b, `,"s":`...)
		b = strconv.AppendInt(b, ev.Subprofile, 10)
	}
	if ev.Created != "" {
		b = append(b, `,"created":`...)
		b = appendJSONString(b, ev.Created)
	}
	if ev.Modified != "" {
		b = append(b, `,"modified":`...)
		b = appendJSONString(b, ev.Modified)
	}
	b = appendPairs(b, "fields", ev.Fields)
	if len(ev.Interests) > 0 {
		b = append(b, `,"interests":[`...)
		for i, s := range ev.Interests {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, s)
		}
		b = append(b, ']')
	}
	if len(ev.Parameters) > 0 {
		b = append(b, `,"params":[`...)
		for i, p := range ev.Parameters {
			if i > 0 {
				b = append(b, ',')
			}
			if j := indexOfPair(ev.Fields, p); j >= 0 {
				b = strconv.AppendInt(b, int64(j), 10)
				continue
			}
			b = append(b, '[')
			b = appendJSONString(b, p.Name)
			b = append(b, ',')
			b = appendJSONString(b, p.Value)
			b = append(b, ']')
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

func indexOfPair(ps []Pair, p Pair) int {
	for i, q := range ps {
		if q == p {
			return i
		}
	}
	return -1
}

func appendPairs(b []byte, key string, ps []Pair) []byte {
	b = append(b, ',', '"')
	b = append(b, key...)
	b = append(b, `":[`...)
	for i, p := range ps {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = appendJSONString(b, p.Name)
		b = append(b, ',')
		b = appendJSONString(b, p.Value)
		b = append(b, ']')
	}
	return append(b, ']')
}

// appendJSONString quotes s as JSON; invalid UTF-8 becomes U+FFFD, as
// encoding/json writes it.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, `\ufffd`...)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}

// UnmarshalEvent reads an event MarshalEvent wrote.
func UnmarshalEvent(data []byte) (*Event, error) {
	var se storedEvent
	if err := json.Unmarshal(data, &se); err != nil {
		return nil, err
	}
	ev := &Event{Type: se.Type, Caller: se.Caller, At: time.Unix(se.At, 0), Database: se.Database,
		Collection: se.Collection, Profile: se.Profile, Subprofile: se.Subprofile, Created: se.Created,
		Modified: se.Modified, Fields: pairsIn(se.Fields), Interests: se.Interests}
	if ev.Caller == "" {
		ev.Caller = CallerREST
	}
	for _, raw := range se.Parameters {
		var pair [2]string
		if err := json.Unmarshal(raw, &pair); err == nil {
			ev.Parameters = append(ev.Parameters, Pair{pair[0], pair[1]})
			continue
		}
		var j int
		if err := json.Unmarshal(raw, &j); err != nil || j < 0 || j >= len(ev.Fields) {
			return nil, fmt.Errorf("webhook event: parameter %s is neither a pair nor a field index", raw)
		}
		ev.Parameters = append(ev.Parameters, ev.Fields[j])
	}
	return ev, nil
}

func pairsOut(ps []Pair) [][2]string {
	if len(ps) == 0 {
		return nil
	}
	out := make([][2]string, len(ps))
	for i, p := range ps {
		out[i] = [2]string{p.Name, p.Value}
	}
	return out
}

func pairsIn(ps [][2]string) []Pair {
	if len(ps) == 0 {
		return nil
	}
	out := make([]Pair, len(ps))
	for i, p := range ps {
		out[i] = Pair{p[0], p[1]}
	}
	return out
}
