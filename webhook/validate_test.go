package webhook

import (
	"slices"
	"testing"

	"github.com/kopernik/kopernik"
)

func TestWh3_1_CreateWithEveryKey(t *testing.T) {
	for _, b := range []*kopernik.Map{
		jsonBody(t, `{"handler":"https://hooks.example.org/in?x=1","trigger":"update",
			"callers":["rest","import"],"database":"1","collection":10}`),
		form(t, "handler=https%3A%2F%2Fhooks.example.org%2Fin%3Fx%3D1&trigger=update"+
			"&callers[]=rest&callers[]=import&database=1&collection=10"),
		form(t, "handler=https://hooks.example.org/in?x=1&trigger=UPDATE&callers=rest,%20Import&database=1&collection=10"),
		form(t, "handler=https://hooks.example.org/in?x=1&trigger=update&callers[0]=rest&callers[1]=import&callers[2]=rest&database=1&collection=10"),
	} {
		w, err := ParseNew(b, testCatalog(), Rules{})
		if err != nil {
			t.Fatalf("%v: %v", b, err)
		}
		want := kopernik.Webhook{Handler: "https://hooks.example.org/in?x=1", Trigger: "update",
			Callers: []string{"rest", "import"}, Database: 1, Collection: 10}
		if w.Handler != want.Handler || w.Trigger != want.Trigger || !slices.Equal(w.Callers, want.Callers) ||
			w.Database != want.Database || w.Collection != want.Collection {
			t.Errorf("got %+v, want %+v", w, want)
		}
	}
}

func TestWh3_1_MinimalCreateHasNoLimits(t *testing.T) {
	w, err := ParseNew(form(t, "handler=http://10.1.2.3:8080/&trigger=delete"), testCatalog(), Rules{})
	if err != nil {
		t.Fatal(err)
	}
	if w.Callers != nil || w.Database != 0 || w.Collection != 0 || w.Trigger != "delete" {
		t.Errorf("got %+v", w)
	}
}

func TestWh3_5_EveryTriggerAccepted(t *testing.T) {
	for _, tr := range []string{"create", "update", "delete", "click", "delivery", "open", "bounce", "failure"} {
		w, err := ParseNew(form(t, "handler=https://h.example/&trigger="+tr), testCatalog(), Rules{})
		if err != nil || w.Trigger != tr {
			t.Errorf("trigger %s: %+v, %v", tr, w, err)
		}
	}
}

func TestWh3_6_EveryCallerAccepted(t *testing.T) {
	all := "ms,publisher,rest,soap,click,open,failure,bounce,import,copy"
	w, err := ParseNew(form(t, "handler=https://h.example/&trigger=create&callers="+all), testCatalog(), Rules{})
	if err != nil || len(w.Callers) != 10 {
		t.Fatalf("%+v, %v", w, err)
	}
}

func TestWh3_1_EmptyCallersMeanAll(t *testing.T) {
	for _, b := range []string{`"callers":[]`, `"callers":""`, `"callers":null`, `"callers":{}`} {
		w, err := ParseNew(jsonBody(t, `{"handler":"https://h.example/","trigger":"create",`+b+`}`), testCatalog(), Rules{})
		if err != nil || len(w.Callers) != 0 {
			t.Errorf("%s: %+v, %v", b, w, err)
		}
	}
}

func TestWh3_1_RefusedBodies(t *testing.T) {
	cases := []struct {
		body string
		msg  string
	}{
		{`{"trigger":"create"}`, MsgHandlerRequired},
		{`{"handler":"","trigger":"create"}`, MsgHandlerRequired},
		{`{"handler":"https://h.example/"}`, MsgTriggerRequired},
		{`{"handler":"https://h.example/","trigger":""}`, MsgTriggerRequired},
		{`{"handler":"https://h.example/","trigger":"sent"}`, MsgInvalidTrigger},
		{`{"handler":"https://h.example/","trigger":["create"]}`, MsgInvalidTrigger},
		{`{"handler":"ftp://h.example/","trigger":"create"}`, MsgInvalidHandler},
		{`{"handler":"/relative/path","trigger":"create"}`, MsgInvalidHandler},
		{`{"handler":"h.example/in","trigger":"create"}`, MsgInvalidHandler},
		{`{"handler":"https:///nohost","trigger":"create"}`, MsgInvalidHandler},
		{`{"handler":"mailto:a@h.example","trigger":"create"}`, MsgInvalidHandler},
		{`{"handler":"https://h.example:99999/","trigger":"create"}`, MsgInvalidHandler},
		{`{"handler":"https://bücher.example/","trigger":"create"}`, MsgInvalidHandler},
		{`{"handler":"http://[fe80::1%25eth0]/","trigger":"create"}`, MsgInvalidHandler},
		{`{"handler":["https://h.example/"],"trigger":"create"}`, MsgInvalidHandler},
		{`{"handler":"https://h.example/","trigger":"create","callers":["rest","web"]}`, MsgInvalidCallers},
		{`{"handler":"https://h.example/","trigger":"create","callers":"rest,,import"}`, MsgInvalidCallers},
		{`{"handler":"https://h.example/","trigger":"create","callers":[1]}`, MsgInvalidCallers},
		{`{"handler":"https://h.example/","trigger":"create","callers":true}`, MsgInvalidCallers},
		{`{"handler":"https://h.example/","trigger":"create","database":3}`, kopernik.MsgNoDatabase},
		{`{"handler":"https://h.example/","trigger":"create","database":"shop"}`, kopernik.MsgNoDatabase},
		{`{"handler":"https://h.example/","trigger":"create","database":-1}`, kopernik.MsgNoDatabase},
		{`{"handler":"https://h.example/","trigger":"create","database":1.5}`, kopernik.MsgNoDatabase},
		{`{"handler":"https://h.example/","trigger":"create","collection":11}`, kopernik.MsgNoCollection},
		{`{"handler":"https://h.example/","trigger":"create","database":1,"collection":20}`, MsgCollectionOutside},
	}
	for _, c := range cases {
		_, err := ParseNew(jsonBody(t, c.body), testCatalog(), Rules{})
		t.Run(c.body, func(t *testing.T) { wantInvalid(t, err, c.msg) })
	}
}

func TestWh7_AllowListAppliesToHandlers(t *testing.T) {
	hosts, err := ParseHosts("hooks.example.org, *.trusted.example, 192.0.2.7")
	if err != nil {
		t.Fatal(err)
	}
	r := Rules{Hosts: hosts}
	for _, ok := range []string{"https://hooks.example.org/x", "https://HOOKS.example.org./x",
		"http://a.trusted.example:8080/", "http://b.a.trusted.example/", "http://192.0.2.7/"} {
		if _, err := ParseNew(form(t, "trigger=create&handler="+ok), testCatalog(), r); err != nil {
			t.Errorf("%s refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"https://evil.example/", "https://trusted.example/", "https://sub.hooks.example.org/",
		"http://192.0.2.8/", "https://hooks.example.org.evil.example/"} {
		_, err := ParseNew(form(t, "trigger=create&handler="+bad), testCatalog(), r)
		wantInvalid(t, err, MsgHandlerNotAllowed)
	}
}

func TestWh7_PrivateLiteralRefusedWhenConfigured(t *testing.T) {
	r := Rules{RefusePrivate: true}
	for _, bad := range []string{"http://127.0.0.1:9000/", "http://10.0.0.1/", "http://[::1]/", "http://169.254.169.254/latest",
		"http://[::ffff:192.168.1.1]/", "http://0.0.0.0/"} {
		_, err := ParseNew(form(t, "trigger=create&handler="+bad), testCatalog(), r)
		wantInvalid(t, err, MsgHandlerNotAllowed)
		if _, err := ParseNew(form(t, "trigger=create&handler="+bad), testCatalog(), Rules{}); err != nil {
			t.Errorf("%s refused without the switch: %v", bad, err)
		}
	}
	if _, err := ParseNew(form(t, "trigger=create&handler=http://192.0.2.1/"), testCatalog(), r); err != nil {
		t.Errorf("public address refused: %v", err)
	}
}

func TestWh3_3_UpdateChangesOnlySuppliedKeys(t *testing.T) {
	old := kopernik.Webhook{ID: 7, Handler: "https://h.example/", Trigger: "update",
		Callers: []string{"rest"}, Database: 1}
	w, err := ParseUpdate(old, form(t, "trigger=delete"), testCatalog(), Rules{})
	if err != nil {
		t.Fatal(err)
	}
	if w.ID != 7 || w.Handler != old.Handler || w.Trigger != "delete" || !slices.Equal(w.Callers, old.Callers) || w.Database != 1 {
		t.Errorf("got %+v", w)
	}
	w, err = ParseUpdate(old, jsonBody(t, `{"callers":[]}`), testCatalog(), Rules{})
	if err != nil || len(w.Callers) != 0 {
		t.Errorf("clearing callers: %+v, %v", w, err)
	}
}

func TestWh3_3_UpdateClearsScope(t *testing.T) {
	old := kopernik.Webhook{Handler: "https://h.example/", Trigger: "create", Database: 1, Collection: 10}
	for _, b := range []*kopernik.Map{
		jsonBody(t, `{"database":0,"collection":0}`),
		jsonBody(t, `{"database":null,"collection":null}`),
		jsonBody(t, `{"database":"","collection":""}`),
		form(t, "database=&collection=0"),
	} {
		w, err := ParseUpdate(old, b, testCatalog(), Rules{})
		if err != nil || w.Database != 0 || w.Collection != 0 {
			t.Errorf("%v: %+v, %v", b, w, err)
		}
	}
	// Clearing the collection alone leaves a database-wide webhook.
	w, err := ParseUpdate(old, form(t, "collection=0"), testCatalog(), Rules{})
	if err != nil || w.Database != 1 || w.Collection != 0 {
		t.Errorf("%+v, %v", w, err)
	}
}

func TestWh3_3_UpdateChecksTheResultingScope(t *testing.T) {
	old := kopernik.Webhook{Handler: "https://h.example/", Trigger: "create", Database: 1, Collection: 10}
	_, err := ParseUpdate(old, form(t, "database=2"), testCatalog(), Rules{})
	wantInvalid(t, err, MsgCollectionOutside)
	w, err := ParseUpdate(old, form(t, "database=2&collection=20"), testCatalog(), Rules{})
	if err != nil || w.Database != 2 || w.Collection != 20 {
		t.Errorf("moving both: %+v, %v", w, err)
	}
	_, err = ParseUpdate(old, form(t, "handler="), testCatalog(), Rules{})
	wantInvalid(t, err, MsgHandlerRequired)
}

func TestWh3_3_UpdateLeavesAVanishedScopeAlone(t *testing.T) {
	gone := kopernik.Webhook{Handler: "https://h.example/", Trigger: "create", Database: 3, Collection: 30}
	w, err := ParseUpdate(gone, form(t, "trigger=update"), testCatalog(), Rules{})
	if err != nil || w.Database != 3 || w.Collection != 30 || w.Trigger != "update" {
		t.Errorf("%+v, %v", w, err)
	}
	_, err = ParseUpdate(gone, form(t, "database=1"), testCatalog(), Rules{})
	wantInvalid(t, err, MsgCollectionOutside)
	w, err = ParseUpdate(gone, form(t, "database=0&collection=0"), testCatalog(), Rules{})
	if err != nil || w.Database != 0 || w.Collection != 0 {
		t.Errorf("clearing: %+v, %v", w, err)
	}
}

func TestWh3_1_HostsConfigRejectsJunk(t *testing.T) {
	for _, bad := range []string{"https://x.example", "x.example/path", "user@x.example", "*.", "a*.example"} {
		if _, err := ParseHosts(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	h, err := ParseHosts(" a.example ,, ::1 ")
	if err != nil || len(h) != 2 || !h.Allows("[::1]") || !h.Allows("A.EXAMPLE") {
		t.Errorf("%v, %v", h, err)
	}
}
