package httpapi

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/kopernik/kopernik"
	"github.com/kopernik/kopernik/webhook"
)

// TestW3_1_CreateAnswersWithTheNewID: POST webhooks answers 201 with
// X-Created and an absolute X-Location in the called version, no body; GET
// returns the documented keys, then database and collection (O-2) and the
// delivery counters.
func TestW3_1_CreateAnswersWithTheNewID(t *testing.T) {
	a := newTestAPI(t, Config{})
	db, err := a.st.CreateDatabase(context.Background(), kopernik.DatabaseInput{Name: strp("shop")})
	if err != nil {
		t.Fatal(err)
	}
	rec := a.do("POST", "/v3/webhooks", `{"handler":"https://hooks.example.org/in","trigger":"update","callers":["rest","import"],"database":"`+idStr(db)+`"}`)
	wantEmpty(t, rec, http.StatusCreated)
	id := rec.Header().Get("X-Created")
	if id == "" || rec.Header().Get("X-Location") != "http://example.com/v3/webhook/"+id {
		t.Fatalf("headers %v", rec.Header())
	}
	rec = a.do("GET", "/v3/webhook/"+id, "")
	want := `{"ID":"` + id + `","handler":"https://hooks.example.org/in","trigger":"update","callers":["rest","import"],"database":"` + idStr(db) +
		`","collection":false,"deliveries":{"delivered":0,"failed":0,"retried":0,"pending":0}}`
	if rec.Code != 200 || rec.Body.String() != want {
		t.Fatalf("GET: %d %s\nwant %s", rec.Code, rec.Body.String(), want)
	}
	// The form encoding of PHP clients: callers[] and a comma list alike.
	rec = a.do("POST", "/v2/webhooks", "handler=http%3A%2F%2Fhooks.example.org%2F&trigger=create&callers%5B%5D=import", "Content-Type", "application/x-www-form-urlencoded")
	wantEmpty(t, rec, http.StatusCreated)
	rec = a.do("GET", "/v2/webhook/"+rec.Header().Get("X-Created"), "")
	if want := `"callers":["import"]`; !strings.Contains(rec.Body.String(), want) {
		t.Fatalf("form callers: %s", rec.Body.String())
	}
}

// TestW3_1_Validation: every refusal of §3.1 is a 400 with its message.
func TestW3_1_Validation(t *testing.T) {
	a := newTestAPI(t, Config{Webhooks: webhook.Rules{Hosts: webhook.Hosts{"hooks.example.org", "127.0.0.1"}}})
	ctx := context.Background()
	db, _ := a.st.CreateDatabase(ctx, kopernik.DatabaseInput{Name: strp("shop")})
	other, _ := a.st.CreateDatabase(ctx, kopernik.DatabaseInput{Name: strp("other")})
	coll, _ := a.st.CreateCollection(ctx, other, kopernik.CollectionInput{Name: strp("orders")})
	for _, c := range []struct{ body, msg string }{
		{`{"trigger":"create"}`, webhook.MsgHandlerRequired},
		{`{"handler":"https://hooks.example.org/"}`, webhook.MsgTriggerRequired},
		{`{"handler":"ftp://hooks.example.org/","trigger":"create"}`, webhook.MsgInvalidHandler},
		{`{"handler":"/relative","trigger":"create"}`, webhook.MsgInvalidHandler},
		{`{"handler":"https://internal.example.org/","trigger":"create"}`, webhook.MsgHandlerNotAllowed},
		{`{"handler":"https://hooks.example.org/","trigger":"sometimes"}`, webhook.MsgInvalidTrigger},
		{`{"handler":"https://hooks.example.org/","trigger":"create","callers":"rest,nobody"}`, webhook.MsgInvalidCallers},
		{`{"handler":"https://hooks.example.org/","trigger":"create","database":"999999"}`, kopernik.MsgNoDatabase},
		{`{"handler":"https://hooks.example.org/","trigger":"create","collection":"999999"}`, kopernik.MsgNoCollection},
		{`{"handler":"https://hooks.example.org/","trigger":"create","database":"` + idStr(db) + `","collection":"` + idStr(coll) + `"}`, webhook.MsgCollectionOutside},
	} {
		wantError(t, a.do("POST", "/v4/webhooks", c.body), 400, c.msg)
	}
	// The mailing triggers are accepted and stored (§3.5, O-13).
	wantEmpty(t, a.do("POST", "/v4/webhooks", `{"handler":"http://127.0.0.1:9/","trigger":"bounce"}`), http.StatusCreated)
}

// TestW3_3_UpdateChangesOnlyTheKeysGiven: PUT keeps absent keys, clears a
// limit given as "" (O-2), answers like any single-entity PUT, and validates
// like POST.
func TestW3_3_UpdateChangesOnlyTheKeysGiven(t *testing.T) {
	a := newTestAPI(t, Config{})
	ctx := context.Background()
	db, _ := a.st.CreateDatabase(ctx, kopernik.DatabaseInput{Name: strp("shop")})
	id, err := a.st.CreateWebhook(ctx, kopernik.Webhook{Handler: "https://a.example.org/", Trigger: "create", Database: db, Callers: []string{"rest"}})
	if err != nil {
		t.Fatal(err)
	}
	path := "/v3/webhook/" + idStr(id)
	wantEmpty(t, a.do("PUT", path, `{"handler":"https://b.example.org/x"}`), http.StatusNoContent)
	rec := a.do("GET", path, "")
	if !strings.Contains(rec.Body.String(), `"handler":"https://b.example.org/x","trigger":"create","callers":["rest"],"database":"`+idStr(db)+`"`) {
		t.Fatalf("after PUT handler: %s", rec.Body.String())
	}
	wantEmpty(t, a.do("PUT", path, `{"database":"","callers":[]}`), http.StatusNoContent)
	if rec := a.do("GET", path, ""); !strings.Contains(rec.Body.String(), `"callers":[],"database":false`) {
		t.Fatalf("after clearing: %s", rec.Body.String())
	}
	wantError(t, a.do("PUT", path, `{"trigger":"never"}`), 400, webhook.MsgInvalidTrigger)
	if rec := a.do("PUT", "/v2/webhook/"+idStr(id), `{"trigger":"delete"}`); rec.Code != http.StatusSeeOther {
		t.Fatalf("v2 PUT: %d", rec.Code)
	}
}

// TestW3_4_DeleteAndList: GET webhooks pages the webhooks (O-1); DELETE
// answers with X-Deleted, after which the ID is unknown; v1 has no webhook
// routes.
func TestW3_4_DeleteAndList(t *testing.T) {
	a := newTestAPI(t, Config{})
	ctx := context.Background()
	var ids []int64
	for _, tr := range []string{"create", "update", "delete"} {
		id, err := a.st.CreateWebhook(ctx, kopernik.Webhook{Handler: "https://a.example.org/", Trigger: tr})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	rec := a.do("GET", "/v4/webhooks?limit=2", "")
	if !strings.Contains(rec.Body.String(), `"start":0,"limit":2,"count":2,"data":[{"ID":"`+idStr(ids[0])+`"`) || !strings.Contains(rec.Body.String(), `"total":3`) {
		t.Fatalf("list: %s", rec.Body.String())
	}
	rec = a.do("DELETE", "/v4/webhook/"+idStr(ids[1]), "")
	if rec.Code != http.StatusNoContent || rec.Header().Get("X-Deleted") != "webhook "+idStr(ids[1]) {
		t.Fatalf("DELETE: %d %v", rec.Code, rec.Header())
	}
	wantError(t, a.do("GET", "/v4/webhook/"+idStr(ids[1]), ""), 400, kopernik.MsgNoWebhook)
	wantError(t, a.do("GET", "/v1/webhook/"+idStr(ids[0]), ""), 400, msgInvalidMethod)
	wantError(t, a.do("POST", "/v1/webhooks", `{}`), 400, msgInvalidMethod)
}

func strp(s string) *string { return &s }
