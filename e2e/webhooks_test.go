package e2e

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// timeout is a channel that fires after s seconds: a bound on a wait, never
// an assertion about speed.
func timeout(s int) <-chan time.Time { return time.After(time.Duration(s) * time.Second) }

// hookServer starts a server that may call loopback receivers.
func hookServer(t *testing.T, extra ...string) *server {
	return startServer(t, append([]string{"--webhook-allow-host", "127.0.0.1", "--webhook-poll", "100ms"}, extra...)...)
}

// TestW3_RoutesOverTheBinary: the routes of §3 on the real binary: create
// with X-Created and X-Location, read back with the scope keys, update,
// list, delete with X-Deleted; the host allow-list refuses other hosts.
func TestW3_RoutesOverTheBinary(t *testing.T) {
	s := hookServer(t)
	db := created(t, s.do("POST", "/v3/databases", `{"name":"shop"}`))
	r := s.do("POST", "/v3/webhooks", `{"handler":"http://127.0.0.1:9/in","trigger":"create","callers":"rest, import","database":"`+db+`"}`)
	id := created(t, r)
	if r.Header.Get("X-Location") != s.Base+"/v3/webhook/"+id {
		t.Fatalf("X-Location %q", r.Header.Get("X-Location"))
	}
	expectJSON(t, s.do("GET", "/v3/webhook/"+id, nil), `{"ID":"`+id+`","handler":"http://127.0.0.1:9/in","trigger":"create","callers":["rest","import"],"database":"`+db+
		`","collection":false,"deliveries":{"delivered":0,"failed":0,"retried":0,"pending":0}}`)
	if r := s.do("PUT", "/v3/webhook/"+id, `{"trigger":"delete","database":null}`); r.Status != 204 {
		t.Fatalf("PUT: %s", r)
	}
	expectJSON(t, s.do("GET", "/v4/webhooks", nil), `{"start":0,"limit":100,"count":1,"data":[{"ID":"`+id+
		`","handler":"http://127.0.0.1:9/in","trigger":"delete","callers":["rest","import"],"database":false,"collection":false}],"total":1}`)
	expectError(t, s.do("POST", "/v3/webhooks", `{"handler":"http://10.1.2.3/in","trigger":"create"}`), "Handler host is not allowed")
	expectError(t, s.do("POST", "/v3/webhooks", `{"handler":"mailto:a@example.org","trigger":"create"}`), "Invalid handler")
	r = s.do("DELETE", "/v2/webhook/"+id, nil)
	if r.Status != 200 || r.Header.Get("X-Deleted") != "webhook "+id {
		t.Fatalf("DELETE: %s %v", r, r.Header)
	}
	expectError(t, s.do("GET", "/v3/webhook/"+id, nil), "No webhook with supplied ID")
	expectError(t, s.do("GET", "/v1/webhooks", nil), "Invalid method")
}

// shopWithHooks makes a database with fields, an interest and a collection,
// and one webhook per trigger to rcv.
func shopWithHooks(t *testing.T, s *server, rcv *hookReceiver, extra string) (db, coll string) {
	db = created(t, s.do("POST", "/v3/databases", `{"name":"shop"}`))
	created(t, s.do("POST", "/v3/database/"+db+"/fields", `{"name":"email","type":"email"}`))
	created(t, s.do("POST", "/v3/database/"+db+"/fields", `{"name":"city"}`))
	created(t, s.do("POST", "/v3/database/"+db+"/interests", `{"name":"cycling"}`))
	created(t, s.do("POST", "/v3/database/"+db+"/interests", `{"name":"tennis"}`))
	coll = created(t, s.do("POST", "/v3/database/"+db+"/collections", `{"name":"orders"}`))
	created(t, s.do("POST", "/v3/collection/"+coll+"/fields", `{"name":"total"}`))
	for _, tr := range []string{"create", "update", "delete"} {
		created(t, s.do("POST", "/v3/webhooks", `{"handler":"`+rcv.URL("/hook/"+tr+"?x=1")+`","trigger":"`+tr+`"`+extra+`}`))
	}
	return db, coll
}

var stampRe = regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$`)

// TestW5_PayloadOfEveryEvent: each trigger's body has the keys of §5.2 and
// §5.3 in their table order, form-encoded with maps flattened and interests
// as a list; removing a profile sends its subprofiles' deletes first; a
// write that changes nothing sends nothing.
func TestW5_PayloadOfEveryEvent(t *testing.T) {
	rcv := newHookReceiver(t)
	s := hookServer(t)
	db, coll := shopWithHooks(t, s, rcv, "")
	p := created(t, s.do("POST", "/v3/database/"+db+"/profiles", `{"fields":{"email":"ann@example.org"},"interests":["cycling"]}`))
	got := rcv.waitFor(t, 1)
	d := got[0]
	if d.Path != "/hook/create?x=1" {
		t.Fatalf("path %q", d.Path)
	}
	wantKeys(t, d.Body, "type", "parameters[email]", "parameters[cycling]", "timestamp", "time", "profile", "database", "created", "modified",
		"fields[email]", "fields[city]", "interests[]", "id")
	f := d.Form
	if f.Get("type") != "create" || f.Get("profile") != p || f.Get("id") != p || f.Get("database") != db ||
		f.Get("fields[email]") != "ann@example.org" || f.Get("interests[]") != "cycling" || f.Get("parameters[cycling]") != "1" ||
		!stampRe.MatchString(f.Get("timestamp")) || !stampRe.MatchString(f.Get("modified")) || d.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
		t.Fatalf("create payload %v", f)
	}
	if ts, err := time.ParseInLocation("2006-01-02 15:04:05", f.Get("timestamp"), mustZone(t, "Europe/Amsterdam")); err != nil || fmt.Sprint(ts.Unix()) != f.Get("time") {
		t.Fatalf("timestamp %q and time %q are not one moment in the service zone", f.Get("timestamp"), f.Get("time"))
	}

	// An update that changes nothing sends nothing; the next one does.
	if r := s.do("PUT", "/v3/profile/"+p+"/fields", `{"email":"ann@example.org"}`); r.Status != 204 {
		t.Fatal(r)
	}
	if r := s.do("PUT", "/v3/profile/"+p+"/fields", `{"city":"Utrecht"}`); r.Status != 204 {
		t.Fatal(r)
	}
	d = rcv.waitFor(t, 2)[1]
	wantKeys(t, d.Body, "type", "parameters[city]", "timestamp", "time", "profile", "database", "created", "modified",
		"fields[email]", "fields[city]", "interests[]", "id")
	if d.Path != "/hook/update?x=1" || d.Form.Get("fields[city]") != "Utrecht" || d.Form.Get("parameters[city]") != "Utrecht" {
		t.Fatalf("update: %s %v", d.Path, d.Form)
	}

	sp := created(t, s.do("POST", "/v3/profile/"+p+"/subprofiles/"+coll, `{"total":"12"}`))
	d = rcv.waitFor(t, 3)[2]
	wantKeys(t, d.Body, "type", "parameters[total]", "timestamp", "time", "profile", "subprofile", "database", "collection",
		"created", "modified", "fields[total]", "id")
	if d.Form.Get("subprofile") != sp || d.Form.Get("id") != sp || d.Form.Get("profile") != p || d.Form.Get("collection") != coll {
		t.Fatalf("subprofile create %v", d.Form)
	}

	if r := s.do("DELETE", "/v3/profile/"+p, nil); r.Status != 204 {
		t.Fatal(r)
	}
	got = rcv.waitFor(t, 5)
	wantKeys(t, got[3].Body, "type", "timestamp", "time", "profile", "subprofile", "database", "collection", "fields[total]", "id")
	wantKeys(t, got[4].Body, "type", "timestamp", "time", "profile", "database", "fields[email]", "fields[city]", "id")
	if got[3].Form.Get("subprofile") != sp || got[3].Form.Get("fields[total]") != "12" || got[4].Form.Get("fields[city]") != "Utrecht" ||
		got[4].Path != "/hook/delete?x=1" {
		t.Fatalf("deletes: %v / %v", got[3].Form, got[4].Form)
	}
	time.Sleep(300 * time.Millisecond) // a stray sixth delivery would show up by now
	if n := len(rcv.all()); n != 5 {
		t.Fatalf("%d deliveries; want 5", n)
	}
	// The counters follow once the server has the answers (bounded wait).
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		var st struct {
			Deliveries map[string]int
		}
		json.Unmarshal(s.do("GET", "/v3/webhook/3", nil).Body, &st)
		if st.Deliveries["delivered"] == 2 && st.Deliveries["pending"] == 0 && st.Deliveries["failed"] == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("delete webhook counters %v", st.Deliveries)
		}
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// wantKeys checks the keys of a form body, in order, each once (a key
// repeated by a list, like interests[], counts once).
func wantKeys(t *testing.T, body []byte, keys ...string) {
	t.Helper()
	var got []string
	for _, kv := range strings.Split(string(body), "&") {
		k, _, _ := strings.Cut(kv, "=")
		k, _ = url.QueryUnescape(k)
		if len(got) == 0 || got[len(got)-1] != k {
			got = append(got, k)
		}
	}
	if strings.Join(got, " ") != strings.Join(keys, " ") {
		t.Fatalf("keys %v\nwant %v", got, keys)
	}
}

// TestW5_1_JSONBody: --webhook-format json sends the decoded structure.
func TestW5_1_JSONBody(t *testing.T) {
	rcv := newHookReceiver(t)
	s := hookServer(t, "--webhook-format", "json")
	db, _ := shopWithHooks(t, s, rcv, "")
	p := created(t, s.do("POST", "/v3/database/"+db+"/profiles", `{"fields":{"email":"ann@example.org"}}`))
	d := rcv.waitFor(t, 1)[0]
	var v map[string]any
	if err := json.Unmarshal(d.Body, &v); err != nil || d.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("%v: %s", err, d.Body)
	}
	if v["type"] != "create" || fmt.Sprint(v["profile"]) != p || v["fields"].(map[string]any)["email"] != "ann@example.org" {
		t.Fatalf("json body %s", d.Body)
	}
}

// TestW3_6_CallersAndScope: a webhook limited to the import caller hears
// nothing of REST writes; one limited to a collection hears its subprofiles
// only; one limited to another database hears nothing (§3.6, §4.2).
func TestW3_6_CallersAndScope(t *testing.T) {
	rcv := newHookReceiver(t)
	s := hookServer(t)
	db := created(t, s.do("POST", "/v3/databases", `{"name":"shop"}`))
	other := created(t, s.do("POST", "/v3/databases", `{"name":"other"}`))
	coll := created(t, s.do("POST", "/v3/database/"+db+"/collections", `{"name":"orders"}`))
	created(t, s.do("POST", "/v3/webhooks", `{"handler":"`+rcv.URL("/import")+`","trigger":"create","callers":["import"]}`))
	created(t, s.do("POST", "/v3/webhooks", `{"handler":"`+rcv.URL("/other")+`","trigger":"create","database":"`+other+`"}`))
	created(t, s.do("POST", "/v3/webhooks", `{"handler":"`+rcv.URL("/coll")+`","trigger":"create","collection":"`+coll+`"}`))
	created(t, s.do("POST", "/v3/webhooks", `{"handler":"`+rcv.URL("/db")+`","trigger":"create","database":"`+db+`"}`))
	created(t, s.do("POST", "/v3/webhooks", `{"handler":"`+rcv.URL("/rest")+`","trigger":"create","callers":["rest"]}`))
	p := created(t, s.do("POST", "/v3/database/"+db+"/profiles", `{}`))
	created(t, s.do("POST", "/v3/profile/"+p+"/subprofiles/"+coll, `{}`))
	got := rcv.waitFor(t, 4)
	time.Sleep(300 * time.Millisecond)
	paths := map[string]int{}
	for _, d := range rcv.all() {
		paths[d.Path]++
	}
	if fmt.Sprint(paths) != "map[/coll:1 /db:1 /rest:2]" {
		t.Fatalf("deliveries by handler %v (%d)", paths, len(got))
	}
}

// TestW6_SignatureVerifiesWithThePrintedKey: every delivery carries the
// headers of §6, and its Signature verifies with the public key that
// `kopernik webhook-key --pem` prints; the TXT record carries the same key.
func TestW6_SignatureVerifiesWithThePrintedKey(t *testing.T) {
	rcv := newHookReceiver(t)
	s := hookServer(t)
	pemText := kopernik(t, append([]string{"webhook-key", "--pem"}, s.StoreArgs()...)...)
	block, _ := pem.Decode([]byte(pemText))
	if block == nil || block.Type != "PUBLIC KEY" {
		t.Fatalf("webhook-key --pem printed %q", pemText)
	}
	pk, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	pub := pk.(*rsa.PublicKey)
	txt := kopernik(t, append([]string{"webhook-key"}, s.StoreArgs()...)...)
	joined := strings.Join(regexp.MustCompile(`"([^"]*)"`).FindAllString(txt, -1), "")
	if !strings.HasPrefix(txt, "kopernik._domainkey.localhost. IN TXT") ||
		strings.ReplaceAll(joined, `"`, "") != "v=DKIM1; k=rsa; p="+base64.StdEncoding.EncodeToString(block.Bytes) {
		t.Fatalf("TXT record %q does not carry the PEM's key", txt)
	}

	db, _ := shopWithHooks(t, s, rcv, "")
	created(t, s.do("POST", "/v3/database/"+db+"/profiles", `{"fields":{"email":"a@example.org"}}`))
	created(t, s.do("POST", "/v3/database/"+db+"/profiles", `{"fields":{"email":"b@example.org"}}`))
	got := rcv.waitFor(t, 2)
	sigRe := regexp.MustCompile(`^keyId="kopernik\._domainkey\.localhost",algorithm="rsa-sha256",headers="\(request-target\) host date content-length content-type x-copernica-id digest x-nonce",signature="([A-Za-z0-9+/=]+)"$`)
	for _, d := range got {
		h := d.Header
		m := sigRe.FindStringSubmatch(h.Get("Signature"))
		if m == nil {
			t.Fatalf("Signature %q", h.Get("Signature"))
		}
		sum := sha256.Sum256(d.Body)
		if h.Get("Digest") != "SHA-256="+base64.StdEncoding.EncodeToString(sum[:]) || h.Get("X-Copernica-Id") != "account-1" ||
			len(h.Get("X-Nonce")) != 32 || d.Host != strings.TrimPrefix(rcv.srv.URL, "http://") {
			t.Fatalf("headers %v host %q", h, d.Host)
		}
		date, err := time.Parse(time.RFC1123, h.Get("Date"))
		if err != nil || time.Since(date) > time.Minute || !strings.HasSuffix(h.Get("Date"), "GMT") {
			t.Fatalf("Date %q", h.Get("Date"))
		}
		signing := strings.Join([]string{
			"(request-target): post " + d.Path,
			"host: " + d.Host,
			"date: " + h.Get("Date"),
			"content-length: " + fmt.Sprint(len(d.Body)),
			"content-type: " + h.Get("Content-Type"),
			"x-copernica-id: " + h.Get("X-Copernica-Id"),
			"digest: " + h.Get("Digest"),
			"x-nonce: " + h.Get("X-Nonce"),
		}, "\n")
		sig, _ := base64.StdEncoding.DecodeString(m[1])
		hashed := sha256.Sum256([]byte(signing))
		if err := rsa.VerifyPKCS1v15(pub, crypto.SHA256, hashed[:], sig); err != nil {
			t.Fatalf("signature does not verify with the printed key: %v", err)
		}
	}
	if got[0].Header.Get("X-Nonce") == got[1].Header.Get("X-Nonce") {
		t.Fatal("two deliveries share a nonce")
	}
}

// TestW4_1_BulkWritesFireOneEventPerEntity: a bulk PUT fires an update for
// every profile it changed, in ID order, and none for a match it left as it
// was; a bulk DELETE fires a delete per profile. The metrics count the
// deliveries (kopernik_webhooks_*).
func TestW4_1_BulkWritesFireOneEventPerEntity(t *testing.T) {
	rcv := newHookReceiver(t)
	s := hookServer(t)
	db := created(t, s.do("POST", "/v3/databases", `{"name":"shop"}`))
	created(t, s.do("POST", "/v3/database/"+db+"/fields", `{"name":"city"}`))
	created(t, s.do("POST", "/v3/database/"+db+"/fields", `{"name":"tag"}`))
	var ids []string
	for _, body := range []string{`{"city":"Delft"}`, `{"city":"Delft","tag":"x"}`, `{"city":"Utrecht"}`, `{"city":"Delft"}`} {
		ids = append(ids, created(t, s.do("POST", "/v3/database/"+db+"/profiles", `{"fields":`+body+`}`)))
	}
	created(t, s.do("POST", "/v3/webhooks", `{"handler":"`+rcv.URL("/update")+`","trigger":"update"}`))
	created(t, s.do("POST", "/v3/webhooks", `{"handler":"`+rcv.URL("/delete")+`","trigger":"delete","database":"`+db+`"}`))
	// The second Delft profile already has the tag: matched, not changed.
	if r := s.do("PUT", "/v3/database/"+db+"/profiles?fields[]=city%3D%3DDelft", `{"fields":{"tag":"x"}}`); r.Status/100 != 2 {
		t.Fatal(r)
	}
	got := rcv.waitFor(t, 2)
	if got[0].Form.Get("profile") != ids[0] || got[1].Form.Get("profile") != ids[3] || got[0].Form.Get("parameters[tag]") != "x" {
		t.Fatalf("bulk update events: %v / %v", got[0].Form, got[1].Form)
	}
	if r := s.do("DELETE", "/v3/database/"+db+"/profiles", `{"profiles":[`+ids[3]+`,`+ids[0]+`,`+ids[1]+`]}`); r.Status/100 != 2 {
		t.Fatal(r)
	}
	got = rcv.waitFor(t, 5)
	var deleted []string
	for _, d := range got[2:] {
		if d.Path != "/delete" || d.Form.Get("type") != "delete" {
			t.Fatalf("after the bulk delete: %s %v", d.Path, d.Form)
		}
		deleted = append(deleted, d.Form.Get("profile"))
	}
	if len(got) != 5 || strings.Join(deleted, ",") != ids[0]+","+ids[1]+","+ids[3] {
		t.Fatalf("deleted %v; want %v in ID order", deleted, []string{ids[0], ids[1], ids[3]})
	}
	// The receiver has the requests a moment before the server has their
	// answers and has settled them: scrape until the counts arrive (bounded).
	wants := []string{`kopernik_webhooks_attempts_total{result="delivered"} 5`, "kopernik_webhooks_pending 0", "kopernik_webhooks_attempt_duration_seconds_count 5"}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		_, body := scrape(t, s.Base+"/metrics")
		missing := ""
		for _, want := range wants {
			if !strings.Contains(body, want) {
				missing = want
			}
		}
		if missing == "" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/metrics lacks %q", missing)
		}
	}
}

// TestW6_ConfiguredKeyFile: with --webhook-key FILE and --webhook-key-id the
// deliveries are signed with that key under that name, and webhook-key
// prints its public half; a file that holds no usable key stops serve
// before it listens.
func TestW6_ConfiguredKeyFile(t *testing.T) {
	priv, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKCS8PrivateKey(priv)
	file := filepath.Join(t.TempDir(), "hooks.pem")
	if err := os.WriteFile(file, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	rcv := newHookReceiver(t)
	keyArgs := []string{"--webhook-key", file, "--webhook-key-id", "hooks._domainkey.example.org"}
	s := hookServer(t, keyArgs...)
	printed := kopernik(t, append(append([]string{"webhook-key", "--pem"}, keyArgs...), s.StoreArgs()...)...)
	pubDER, _ := x509.MarshalPKIXPublicKey(&priv.PublicKey)
	if printed != string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pubDER})) {
		t.Fatalf("webhook-key --pem printed another key:\n%s", printed)
	}
	db, _ := shopWithHooks(t, s, rcv, "")
	created(t, s.do("POST", "/v3/database/"+db+"/profiles", `{}`))
	d := rcv.waitFor(t, 1)[0]
	sig := d.Header.Get("Signature")
	m := regexp.MustCompile(`signature="([^"]+)"`).FindStringSubmatch(sig)
	if !strings.HasPrefix(sig, `keyId="hooks._domainkey.example.org",`) || m == nil {
		t.Fatalf("Signature %q", sig)
	}
	h := d.Header
	signing := "(request-target): post " + d.Path + "\nhost: " + d.Host + "\ndate: " + h.Get("Date") + "\ncontent-length: " + fmt.Sprint(len(d.Body)) +
		"\ncontent-type: " + h.Get("Content-Type") + "\nx-copernica-id: " + h.Get("X-Copernica-Id") + "\ndigest: " + h.Get("Digest") + "\nx-nonce: " + h.Get("X-Nonce")
	raw, _ := base64.StdEncoding.DecodeString(m[1])
	sum := sha256.Sum256([]byte(signing))
	if err := rsa.VerifyPKCS1v15(&priv.PublicKey, crypto.SHA256, sum[:], raw); err != nil {
		t.Fatalf("not signed with the configured key: %v", err)
	}

	bad := filepath.Join(t.TempDir(), "bad.pem")
	os.WriteFile(bad, []byte("not a key"), 0o600)
	st := newStore(t)
	r := runCLI(t, binary, cliEnv(), append([]string{"serve", "--listen", "127.0.0.1:0", "--webhook-key", bad}, st.StoreArgs()...)...)
	if r.Code == 0 || !strings.Contains(r.Stderr, "webhook signing key") {
		t.Fatalf("serve with a bad key file: exit %d, stderr %q", r.Code, r.Stderr)
	}
}

// TestW3_1_PrivateHandlersNeedTheAllowList: without --webhook-allow-host a
// handler on a loopback or private address is refused and a public host is
// accepted; the allow-list opens exactly the hosts it names.
func TestW3_1_PrivateHandlersNeedTheAllowList(t *testing.T) {
	s := startServer(t)
	for _, h := range []string{"http://127.0.0.1:9/in", "http://[::1]/in", "http://10.0.0.1/in", "http://169.254.169.254/latest"} {
		expectError(t, s.do("POST", "/v3/webhooks", `{"handler":"`+h+`","trigger":"create"}`), "Handler host is not allowed")
	}
	created(t, s.do("POST", "/v3/webhooks", `{"handler":"https://hooks.example.org/in","trigger":"create"}`))
	l := hookServer(t)
	created(t, l.do("POST", "/v3/webhooks", `{"handler":"http://127.0.0.1:9/in","trigger":"create"}`))
	expectError(t, l.do("POST", "/v3/webhooks", `{"handler":"https://hooks.example.org/in","trigger":"create"}`), "Handler host is not allowed")
}
