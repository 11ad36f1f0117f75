package webhook

import (
	"strings"
	"testing"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/reqdata"
)

// testCatalog has database 1 with collection 10 and database 2 with
// collection 20.
func testCatalog() *kopernik.Catalog {
	return kopernik.NewCatalog(1, []*kopernik.Database{
		{ID: 1, Name: "shop", Collections: []*kopernik.Collection{{ID: 10, DatabaseID: 1, Name: "orders"}}},
		{ID: 2, Name: "news", Collections: []*kopernik.Collection{{ID: 20, DatabaseID: 2, Name: "reads"}}},
	})
}

// body decodes a request body as the server would, so the tests see the
// shapes real form and JSON clients produce.
func body(t *testing.T, contentType, text string) *kopernik.Map {
	t.Helper()
	v, err := reqdata.DecodeBody(contentType, strings.NewReader(text), 1<<20)
	if err != nil {
		t.Fatalf("decoding %q: %v", text, err)
	}
	m, ok := v.(*kopernik.Map)
	if !ok {
		t.Fatalf("decoding %q: root is %T", text, v)
	}
	return m
}

func form(t *testing.T, text string) *kopernik.Map {
	return body(t, "application/x-www-form-urlencoded", text)
}

func jsonBody(t *testing.T, text string) *kopernik.Map { return body(t, "application/json", text) }

// wantInvalid checks that err is a client error with exactly msg.
func wantInvalid(t *testing.T, err error, msg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %q", msg)
	}
	if kopernik.ErrorCode(err) != kopernik.EINVALID || kopernik.ErrorMessage(err) != msg {
		t.Fatalf("error %v (code %s), want invalid %q", err, kopernik.ErrorCode(err), msg)
	}
}
