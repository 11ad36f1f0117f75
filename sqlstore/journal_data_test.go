package sqlstore

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestJournalDataIsValidJSON(t *testing.T) {
	cases := []struct {
		fields    map[string]string
		interests bool
		want      string
	}{
		{nil, false, `{}`},
		{nil, true, `{"interests":true}`},
		{map[string]string{"b": "2", "a": "q\"\\\n\x01é"}, true, `{"fields":{"a":"q\"\\\u000a\u0001é","b":"2"},"interests":true}`},
		{map[string]string{"x": "\xff"}, false, `{"fields":{"x":"\ufffd"}}`},
	}
	for _, c := range cases {
		got := journalData(c.fields, c.interests)
		if got != c.want {
			t.Errorf("journalData(%v, %v) = %s, want %s", c.fields, c.interests, got, c.want)
		}
		var v map[string]any
		if err := json.Unmarshal([]byte(got), &v); err != nil {
			t.Errorf("%s is not JSON: %v", got, err)
		}
		if c.fields != nil {
			back := map[string]string{}
			for k, x := range v["fields"].(map[string]any) {
				back[k] = x.(string)
			}
			if c.fields["x"] == "" && !reflect.DeepEqual(back, c.fields) {
				t.Errorf("round trip: %v, want %v", back, c.fields)
			}
		}
	}
}
