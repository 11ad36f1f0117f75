package e2e

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestI15_ConsoleWebhooks: a webhook created in the console calls a
// loopback receiver (the server allows 127.0.0.1), its page counts the
// delivery the API reports (and another webhook's failure), an edit and a
// delete reach the API, and a
// handler URL with markup in its query shows as text in the list.
func TestI15_ConsoleWebhooks(t *testing.T) {
	s := hookServer(t)
	p := startBrowser(t, s.Base)
	rcv := newHookReceiver(t)
	markup := `<i>x</i>`
	db := mustCreate(t, s, "/v4/databases", map[string]any{"name": "shop"})
	mustCreate(t, s, "/v4/database/"+db+"/fields", map[string]any{"name": "city", "type": "text"})
	var hook string

	must(t, "Create", func(t *testing.T) {
		p.p(t)
		p.signIn(s.Token)
		p.click(`.main-nav a[href="#/webhooks"]`)
		p.wait("the webhooks page", `!!document.querySelector('.webhooks[data-state=ready] .form-new-webhook')`)
		p.fill(".form-new-webhook input[name=handler]", rcv.URL("/in?from="+markup))
		p.choose(".form-new-webhook select[name=trigger]", "create")
		p.click(".form-new-webhook input[name=callers]") // the first caller: rest
		p.choose(".form-new-webhook select[name=database]", db)
		p.click(".form-new-webhook button[type=submit]")
		p.wait("the webhook page", `!!document.querySelector('.webhook[data-state=ready] .deliveries')`)
		hook = strings.TrimPrefix(eval[string](p, `location.hash`), "#/webhook/")
		var w map[string]any
		json.Unmarshal(s.do("GET", "/v4/webhook/"+hook, nil).Body, &w)
		if w["handler"] != rcv.URL("/in?from="+markup) || w["trigger"] != "create" || w["database"] != db || w["collection"] != false {
			t.Fatalf("webhook %s as the API has it: %v", hook, w)
		}
		if cs, _ := w["callers"].([]any); len(cs) != 1 || cs[0] != "rest" {
			t.Fatalf("callers %v", w["callers"])
		}
	})

	must(t, "DeliveryCounted", func(t *testing.T) {
		p.p(t)
		id := mustCreate(t, s, "/v4/database/"+db+"/profiles", map[string]any{"fields": map[string]any{"city": "Delft"}})
		got := rcv.waitFor(t, 1)
		if got[0].Form.Get("type") != "create" || got[0].Form.Get("profile") != id || got[0].Path != "/in?from="+markup {
			t.Fatalf("delivery %s %v", got[0].Path, got[0].Form)
		}
		// The page refreshes its counters by itself.
		p.wait("the delivered count", `document.querySelector('.count-delivered')?.dataset.n === '1'`)
		var w struct{ Deliveries map[string]int }
		json.Unmarshal(s.do("GET", "/v4/webhook/"+hook, nil).Body, &w)
		if w.Deliveries["delivered"] != 1 {
			t.Fatalf("the API counts %v", w.Deliveries)
		}
	})

	must(t, "EditAndList", func(t *testing.T) {
		p.p(t)
		p.choose(".form-webhook select[name=trigger]", "update")
		p.choose(".form-webhook select[name=database]", "")
		p.click(".form-webhook button[type=submit]")
		p.wait("saved", `(document.querySelector('.messages .ok') || {}).textContent === 'Webhook saved.'`)
		var w map[string]any
		json.Unmarshal(s.do("GET", "/v4/webhook/"+hook, nil).Body, &w)
		if w["trigger"] != "update" || w["database"] != false || w["handler"] != rcv.URL("/in?from="+markup) {
			t.Fatalf("webhook after the edit: %v", w)
		}
		// Scoped to the database again, the list names it; the handler's
		// markup is text.
		s.do("PUT", "/v4/webhook/"+hook, map[string]any{"database": db})
		p.open("#/webhooks")
		p.wait("the list", `!!document.querySelector('.webhooks[data-state=ready] tbody tr[data-id]')`)
		if got := p.text(".webhooks tbody tr td:nth-child(5)"); got != "database shop" {
			t.Fatalf("scope shown %q", got)
		}
		if got := p.text(".webhooks tbody tr td:nth-child(2)"); got != rcv.URL("/in?from="+markup) {
			t.Fatalf("handler shown %q", got)
		}
		if n := eval[int](p, `document.querySelectorAll('#main i').length`); n != 0 {
			t.Fatalf("the handler became %d elements", n)
		}
	})

	must(t, "FailureCounted", func(t *testing.T) {
		p.p(t)
		// A receiver that answers 404: the event is given up at once.
		gone := httptest.NewServer(http.NotFoundHandler())
		t.Cleanup(gone.Close)
		other := mustCreate(t, s, "/v4/webhooks", map[string]any{"handler": gone.URL + "/gone", "trigger": "delete", "database": db})
		id := mustCreate(t, s, "/v4/database/"+db+"/profiles", map[string]any{"fields": map[string]any{"city": "Leiden"}})
		s.do("DELETE", "/v4/profile/"+id, nil)
		p.open("#/webhook/" + other)
		p.wait("the failed count", `document.querySelector('.count-failed')?.dataset.n === '1'`)
		var w struct{ Deliveries map[string]int }
		json.Unmarshal(s.do("GET", "/v4/webhook/"+other, nil).Body, &w)
		if w.Deliveries["failed"] != 1 || w.Deliveries["delivered"] != 0 {
			t.Fatalf("the API counts %v", w.Deliveries)
		}
		s.do("DELETE", "/v4/webhook/"+other, nil)
		p.open("#/webhooks")
	})

	must(t, "Delete", func(t *testing.T) {
		p.p(t)
		p.click(".webhooks tbody tr.link")
		p.wait("the webhook page", `!!document.querySelector('.webhook[data-state=ready] .danger-zone')`)
		p.click(".danger-zone button.danger")
		p.wait("the armed button", `!!document.querySelector('.danger-zone button.danger.armed')`)
		p.click(".danger-zone button.danger")
		p.wait("the empty list", `location.hash === '#/webhooks' && !!document.querySelector('.webhooks[data-state=ready] td.empty')`)
		expectError(t, s.do("GET", "/v4/webhook/"+hook, nil), "No webhook with supplied ID")
	})
}
