package webhook

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/reqdata"
)

func amsterdam(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// specExample is the event of spec §5.4: PUT profile/123/fields with city.
func specExample() *Event {
	return &Event{
		Type: "update", Caller: "rest", At: time.Unix(1714565002, 0),
		Database: 4, Profile: 123,
		Created: "2023-11-02 09:00:00", Modified: "2024-05-01 14:03:22",
		Fields:     []Pair{{"email", "ann@example.org"}, {"city", "Utrecht"}},
		Interests:  []string{"cycling"},
		Parameters: []Pair{{"city", "Utrecht"}},
	}
}

func TestWh5_4_ExampleWireBody(t *testing.T) {
	p := Encoder{Loc: amsterdam(t)}.Encode(specExample())
	want := "type=update&parameters%5Bcity%5D=Utrecht&timestamp=2024-05-01+14%3A03%3A22" +
		"&time=1714565002&profile=123&database=4&created=2023-11-02+09%3A00%3A00" +
		"&modified=2024-05-01+14%3A03%3A22&fields%5Bemail%5D=ann%40example.org" +
		"&fields%5Bcity%5D=Utrecht&interests%5B%5D=cycling&id=123"
	if string(p.Body) != want {
		t.Errorf("body\n got %s\nwant %s", p.Body, want)
	}
	if p.ContentType != "application/x-www-form-urlencoded" {
		t.Errorf("content type %q", p.ContentType)
	}
}

func TestWh5_4_ExampleAsJSON(t *testing.T) {
	p := Encoder{Format: FormatJSON, Loc: amsterdam(t)}.Encode(specExample())
	want := `{"type":"update","parameters":{"city":"Utrecht"},"timestamp":"2024-05-01 14:03:22","time":1714565002,` +
		`"profile":123,"database":4,"created":"2023-11-02 09:00:00","modified":"2024-05-01 14:03:22",` +
		`"fields":{"email":"ann@example.org","city":"Utrecht"},"interests":["cycling"],"id":123}`
	if string(p.Body) != want {
		t.Errorf("body\n got %s\nwant %s", p.Body, want)
	}
	if p.ContentType != "application/json" {
		t.Errorf("content type %q", p.ContentType)
	}
}

func TestWh5_3_ProfileDeleteKeys(t *testing.T) {
	ev := specExample()
	ev.Type = "delete"
	p := Encoder{Loc: amsterdam(t)}.Encode(ev)
	want := "type=delete&timestamp=2024-05-01+14%3A03%3A22&time=1714565002&profile=123&database=4" +
		"&fields%5Bemail%5D=ann%40example.org&fields%5Bcity%5D=Utrecht&id=123"
	if string(p.Body) != want {
		t.Errorf("body\n got %s\nwant %s", p.Body, want)
	}
}

func TestWh5_3_SubprofileDeleteKeys(t *testing.T) {
	ev := &Event{Type: "delete", At: time.Unix(1714565002, 0), Database: 4, Collection: 9, Profile: 123, Subprofile: 77,
		Created: "2023-11-02 09:00:00", Modified: "2024-05-01 14:03:22", Interests: []string{"never sent"},
		Parameters: []Pair{{"never", "sent"}}, Fields: []Pair{{"sku", "A-1"}}}
	got := keysOf(t, Encoder{Format: FormatJSON}.Encode(ev).Body)
	want := []string{"type", "timestamp", "time", "profile", "subprofile", "database", "collection", "fields", "id"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("keys %v, want %v", got, want)
	}
}

func TestWh5_2_SubprofileCreateKeys(t *testing.T) {
	ev := &Event{Type: "create", At: time.Unix(1714565002, 0), Database: 4, Collection: 9, Profile: 123, Subprofile: 77,
		Created: "2024-05-01 14:03:22", Modified: "2024-05-01 14:03:22",
		Fields: []Pair{{"sku", "A-1"}, {"qty", "2"}}, Parameters: []Pair{{"sku", "A-1"}}}
	p := Encoder{Loc: amsterdam(t)}.Encode(ev)
	want := "type=create&parameters%5Bsku%5D=A-1&timestamp=2024-05-01+14%3A03%3A22&time=1714565002" +
		"&profile=123&subprofile=77&database=4&collection=9&created=2024-05-01+14%3A03%3A22" +
		"&modified=2024-05-01+14%3A03%3A22&fields%5Bsku%5D=A-1&fields%5Bqty%5D=2&id=77"
	if string(p.Body) != want {
		t.Errorf("body\n got %s\nwant %s", p.Body, want)
	}
	got := keysOf(t, Encoder{Format: FormatJSON}.Encode(ev).Body)
	wantKeys := []string{"type", "parameters", "timestamp", "time", "profile", "subprofile", "database", "collection",
		"created", "modified", "fields", "id"}
	if !reflect.DeepEqual(got, wantKeys) {
		t.Errorf("keys %v, want %v", got, wantKeys)
	}
}

func TestWh5_1_EmptyMapsAndListsOmittedInForm(t *testing.T) {
	ev := &Event{Type: "create", At: time.Unix(0, 0), Database: 1, Profile: 5}
	p := Encoder{}.Encode(ev)
	want := "type=create&timestamp=1970-01-01+00%3A00%3A00&time=0&profile=5&database=1&created=&modified=&id=5"
	if string(p.Body) != want {
		t.Errorf("body\n got %s\nwant %s", p.Body, want)
	}
	j := Encoder{Format: FormatJSON}.Encode(ev)
	if !strings.Contains(string(j.Body), `"parameters":{}`) || !strings.Contains(string(j.Body), `"fields":{}`) ||
		!strings.Contains(string(j.Body), `"interests":[]`) {
		t.Errorf("JSON keeps empty shapes: %s", j.Body)
	}
}

// TestWh5_1_FormDecodesToTheJSONStructure reads both encodings back the way
// a PHP receiver would (parse_str, json_decode) and compares the results.
func TestWh5_1_FormDecodesToTheJSONStructure(t *testing.T) {
	ev := specExample()
	ev.Fields = append(ev.Fields, Pair{"note", `a&b=c "quoted" <tag> é+%`}, Pair{"two words", "x y"})
	ev.Interests = []string{"cycling", "tennis & squash"}
	ev.Parameters = []Pair{{"note", "a&b"}, {"tennis & squash", "1"}, {"golf", "0"}}
	loc := amsterdam(t)
	formMap := body(t, "application/x-www-form-urlencoded", string(Encoder{Loc: loc}.Encode(ev).Body))
	jsonMap := body(t, "application/json", string(Encoder{Format: FormatJSON, Loc: loc}.Encode(ev).Body))
	if f, j := flatten(formMap), flatten(jsonMap); !reflect.DeepEqual(f, j) {
		t.Errorf("form decodes to\n%v\nJSON to\n%v", f, j)
	}
	if v, _ := formMap.Get("fields"); v.(*kopernik.Map).Keys[3] != "two words" {
		t.Errorf("field name with a blank: %v", v)
	}
}

// flatten renders a decoded body with every scalar as text, since a form
// carries only text.
func flatten(v any) any {
	switch v := v.(type) {
	case *kopernik.Map:
		out := make([]any, 0, 2*v.Len())
		for i, k := range v.Keys {
			out = append(out, k, flatten(v.Values[i]))
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = flatten(e)
		}
		return out
	}
	s, _ := reqdata.String(v)
	return s
}

func keysOf(t *testing.T, b []byte) []string {
	t.Helper()
	if !json.Valid(b) {
		t.Fatalf("invalid JSON: %s", b)
	}
	return jsonBody(t, string(b)).Keys
}

func TestWh5_2_FieldsInFieldOrderAndInterestNames(t *testing.T) {
	db := &kopernik.Database{ID: 1, Fields: []*kopernik.Field{{ID: 3, Name: "email"}, {ID: 1, Name: "city"}, {ID: 9, Name: "age"}},
		Interests: []*kopernik.Interest{{ID: 5, Name: "tennis"}, {ID: 2, Name: "golf"}, {ID: 8, Name: "chess"}}}
	got := FieldPairs(db.Fields, map[int64]string{1: "Utrecht", 3: "a@b.example"})
	want := []Pair{{"email", "a@b.example"}, {"city", "Utrecht"}, {"age", ""}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("fields %v, want %v", got, want)
	}
	names := InterestNames(db, []int64{2, 8, 99, 5})
	if !reflect.DeepEqual(names, []string{"tennis", "golf", "chess"}) {
		t.Errorf("interests %v", names)
	}
	if InterestNames(db, nil) != nil {
		t.Error("no interests should give nil")
	}
}

func TestWh5_1_BodyFormatOption(t *testing.T) {
	for in, want := range map[string]Format{"": FormatForm, "form": FormatForm, "json": FormatJSON} {
		if f, err := ParseFormat(in); err != nil || f != want {
			t.Errorf("%q: %v, %v", in, f, err)
		}
	}
	if _, err := ParseFormat("xml"); err == nil {
		t.Error("xml accepted")
	}
}
