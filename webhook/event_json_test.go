package webhook

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestW4_QueuedEventRoundTrips: what the outbox stores reads back as the
// same event, whatever bytes the values hold (quotes, backslashes, control
// characters, non-ASCII), and it is valid JSON; invalid UTF-8 becomes U+FFFD.
func TestW4_QueuedEventRoundTrips(t *testing.T) {
	odd := "a\"b\\c\x00\x1f\n\té€😀\u2028<>&"
	ev := &Event{Type: TriggerUpdate, Caller: CallerImport, At: time.Unix(1714565002, 0),
		Database: 4, Collection: 9, Profile: 123, Subprofile: 77, Created: "2023-11-02 09:00:00", Modified: "2024-05-01 14:03:22",
		Fields: []Pair{{"email", "ann@example.org"}, {odd, odd}, {"empty", ""}}, Interests: []string{"cycling", odd},
		Parameters: []Pair{{"city", odd}, {odd, odd}, {"email", "ann@example.org"}}}
	data := MarshalEvent(ev)
	if !json.Valid(data) || !strings.Contains(string(data), `,1,0]`) {
		t.Fatalf("not JSON, or parameters that repeat a field not stored as its index: %s", data)
	}
	got, err := UnmarshalEvent(data)
	if err != nil || !reflect.DeepEqual(got, ev) {
		t.Fatalf("round trip: %v\n got %+v\nwant %+v", err, got, ev)
	}
	// A profile delete: no collection, subprofile, timestamps, parameters.
	del := &Event{Type: TriggerDelete, Caller: CallerREST, At: time.Unix(5, 0), Database: 1, Profile: 2, Fields: []Pair{{"x", "\xff"}}}
	got, err = UnmarshalEvent(MarshalEvent(del))
	if err != nil || got.Fields[0].Value != "\uFFFD" || got.Subprofile != 0 || got.Parameters != nil || got.Created != "" {
		t.Fatalf("delete round trip: %v %+v", err, got)
	}
}
