package webhook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"time"
)

// Format is the body encoding of deliveries (spec §5.1, O-4).
type Format string

const (
	// FormatForm is what every event page of the hosted service documents.
	FormatForm Format = "form"
	// FormatJSON sends the decoded structure, as the signing example shows it.
	FormatJSON Format = "json"
)

// ParseFormat reads the configuration value; "" is the default, form.
func ParseFormat(s string) (Format, error) {
	switch Format(s) {
	case "", FormatForm:
		return FormatForm, nil
	case FormatJSON:
		return FormatJSON, nil
	}
	return "", fmt.Errorf("webhook body format %q: want form or json", s)
}

// ContentType is the media type of bodies in this format.
func (f Format) ContentType() string {
	if f == FormatJSON {
		return "application/json"
	}
	return "application/x-www-form-urlencoded"
}

// Payload is a body ready to send: its bytes never change between attempts,
// so neither does its Digest.
type Payload struct {
	Body        []byte
	ContentType string
}

// Encoder turns events into bodies.
type Encoder struct {
	Format Format
	// Loc is the service time zone of `timestamp` (conventions §5.3); nil is UTC.
	Loc *time.Location
}

// Encode builds the body of ev with the keys of spec §5.2 (create, update) or
// §5.3 (delete), in the order of those tables.
func (e Encoder) Encode(ev *Event) Payload {
	entries := payloadEntries(ev, e.Loc)
	if e.Format == FormatJSON {
		return Payload{Body: encodeJSON(entries), ContentType: FormatJSON.ContentType()}
	}
	return Payload{Body: encodeForm(entries), ContentType: FormatForm.ContentType()}
}

type entryKind uint8

const (
	kindText entryKind = iota
	kindNumber
	kindMap
	kindList
)

type entry struct {
	key   string
	kind  entryKind
	text  string
	num   int64
	pairs []Pair
	list  []string
}

const timestampLayout = "2006-01-02 15:04:05"

func payloadEntries(ev *Event, loc *time.Location) []entry {
	if loc == nil {
		loc = time.UTC
	}
	del := ev.Type == TriggerDelete
	sub := ev.IsSubprofile()
	es := make([]entry, 0, 13)
	es = append(es, entry{key: "type", text: ev.Type})
	if !del {
		es = append(es, entry{key: "parameters", kind: kindMap, pairs: ev.Parameters})
	}
	es = append(es,
		entry{key: "timestamp", text: ev.At.In(loc).Format(timestampLayout)},
		entry{key: "time", kind: kindNumber, num: ev.At.Unix()},
		entry{key: "profile", kind: kindNumber, num: ev.Profile})
	if sub {
		es = append(es, entry{key: "subprofile", kind: kindNumber, num: ev.Subprofile})
	}
	es = append(es, entry{key: "database", kind: kindNumber, num: ev.Database})
	if sub {
		es = append(es, entry{key: "collection", kind: kindNumber, num: ev.Collection})
	}
	if !del {
		es = append(es, entry{key: "created", text: ev.Created}, entry{key: "modified", text: ev.Modified})
	}
	es = append(es, entry{key: "fields", kind: kindMap, pairs: ev.Fields})
	if !del && !sub {
		es = append(es, entry{key: "interests", kind: kindList, list: ev.Interests})
	}
	return append(es, entry{key: "id", kind: kindNumber, num: ev.ID()})
}

// encodeForm flattens maps and lists the way PHP's http_build_query does
// (fields[email]=…, interests[]=…). An empty map or list has no spelling in
// this encoding and is left out.
func encodeForm(es []entry) []byte {
	var b bytes.Buffer
	add := func(k, v string) {
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(k))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(v))
	}
	for _, e := range es {
		switch e.kind {
		case kindText:
			add(e.key, e.text)
		case kindNumber:
			add(e.key, strconv.FormatInt(e.num, 10))
		case kindMap:
			for _, p := range e.pairs {
				add(e.key+"["+p.Name+"]", p.Value)
			}
		case kindList:
			for _, s := range e.list {
				add(e.key+"[]", s)
			}
		}
	}
	return b.Bytes()
}

// encodeJSON keeps every key, empty maps as {} and an empty list as [], so a
// typed receiver always finds the shape it expects. IDs and `time` are JSON
// numbers, as in the decoded examples of the event pages; field values stay
// strings, as the API returns them.
func encodeJSON(es []entry) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, e := range es {
		if i > 0 {
			b.WriteByte(',')
		}
		writeJSONString(&b, e.key)
		b.WriteByte(':')
		switch e.kind {
		case kindText:
			writeJSONString(&b, e.text)
		case kindNumber:
			b.WriteString(strconv.FormatInt(e.num, 10))
		case kindMap:
			b.WriteByte('{')
			for j, p := range e.pairs {
				if j > 0 {
					b.WriteByte(',')
				}
				writeJSONString(&b, p.Name)
				b.WriteByte(':')
				writeJSONString(&b, p.Value)
			}
			b.WriteByte('}')
		case kindList:
			b.WriteByte('[')
			for j, s := range e.list {
				if j > 0 {
					b.WriteByte(',')
				}
				writeJSONString(&b, s)
			}
			b.WriteByte(']')
		}
	}
	b.WriteByte('}')
	return b.Bytes()
}

func writeJSONString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false) // "<" in a field value is text, not markup to defuse
	_ = enc.Encode(s)        // a string always encodes; invalid UTF-8 becomes U+FFFD
	b.Truncate(b.Len() - 1)  // Encode ends with a newline
}
