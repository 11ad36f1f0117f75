package webhook

import (
	"encoding/json"
	"time"
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
	Parameters [][2]string `json:"params,omitempty"`
}

// MarshalEvent is the outbox form of ev.
func MarshalEvent(ev *Event) []byte {
	se := storedEvent{Type: ev.Type, Caller: ev.Caller, At: ev.At.Unix(), Database: ev.Database,
		Collection: ev.Collection, Profile: ev.Profile, Subprofile: ev.Subprofile, Created: ev.Created,
		Modified: ev.Modified, Fields: pairsOut(ev.Fields), Interests: ev.Interests, Parameters: pairsOut(ev.Parameters)}
	b, err := json.Marshal(se)
	if err != nil {
		panic(err) // strings and numbers always encode
	}
	return b
}

// UnmarshalEvent reads an event MarshalEvent wrote.
func UnmarshalEvent(data []byte) (*Event, error) {
	var se storedEvent
	if err := json.Unmarshal(data, &se); err != nil {
		return nil, err
	}
	return &Event{Type: se.Type, Caller: se.Caller, At: time.Unix(se.At, 0), Database: se.Database,
		Collection: se.Collection, Profile: se.Profile, Subprofile: se.Subprofile, Created: se.Created,
		Modified: se.Modified, Fields: pairsIn(se.Fields), Interests: se.Interests, Parameters: pairsIn(se.Parameters)}, nil
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
