package webhook

import (
	"bytes"
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	keyOnce  sync.Once
	testKeys [2]*rsa.PrivateKey
)

// keys generates two 2048-bit keys once per test run; generation is slow.
func keys(t *testing.T) [2]*rsa.PrivateKey {
	t.Helper()
	keyOnce.Do(func() {
		for i := range testKeys {
			k, err := GenerateKey()
			if err != nil {
				panic(err)
			}
			testKeys[i] = k
		}
	})
	return testKeys
}

// received is one request as a receiver saw it.
type received struct {
	r    *http.Request
	body []byte
}

// receiver records every request and answers status.
func receiver(t *testing.T, status int) (*httptest.Server, func() []received) {
	var mu sync.Mutex
	var got []received
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, received{r, b})
		mu.Unlock()
		w.WriteHeader(status)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []received {
		mu.Lock()
		defer mu.Unlock()
		return append([]received(nil), got...)
	}
}

// publicKeyFromTXT reads the key out of a DKIM TXT record, as a receiver that
// fetched it from DNS would.
func publicKeyFromTXT(txt string) (*rsa.PublicKey, error) {
	tags := map[string]string{}
	for _, part := range strings.Split(txt, ";") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if ok {
			tags[strings.TrimSpace(k)] = strings.Join(strings.Fields(v), "")
		}
	}
	if tags["v"] != "DKIM1" || tags["k"] != "rsa" {
		return nil, fmt.Errorf("not an RSA DKIM record: %q", txt)
	}
	der, err := base64.StdEncoding.DecodeString(tags["p"])
	if err != nil {
		return nil, err
	}
	k, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		return nil, err
	}
	pub, ok := k.(*rsa.PublicKey)
	if !ok {
		return nil, errors.New("not an RSA key")
	}
	return pub, nil
}

var sigParam = regexp.MustCompile(`^([a-zA-Z]+)="([^"]*)"$`)

// verify checks a received delivery the way spec §6 tells receivers to:
// the signature covers the required headers, the Digest matches the body,
// the Date is recent, and the signature verifies over the signing string
// rebuilt from the request as received.
func verify(rc received, pub *rsa.PublicKey, keyID string, now time.Time) error {
	params := map[string]string{}
	for _, p := range strings.Split(rc.r.Header.Get("Signature"), ",") {
		m := sigParam.FindStringSubmatch(p)
		if m == nil {
			return fmt.Errorf("malformed Signature parameter %q", p)
		}
		params[m[1]] = m[2]
	}
	if params["keyId"] != keyID || params["algorithm"] != "rsa-sha256" {
		return fmt.Errorf("keyId %q algorithm %q", params["keyId"], params["algorithm"])
	}
	names := strings.Fields(params["headers"])
	for _, must := range []string{"(request-target)", "host", "date", "content-length", "content-type", "x-copernica-id", "digest", "x-nonce"} {
		found := false
		for _, n := range names {
			found = found || n == must
		}
		if !found {
			return fmt.Errorf("signature does not cover %s", must)
		}
	}
	date, err := http.ParseTime(rc.r.Header.Get("Date"))
	if err != nil || now.Sub(date) > time.Minute || date.Sub(now) > time.Minute {
		return fmt.Errorf("date %q not recent (%v)", rc.r.Header.Get("Date"), err)
	}
	sum := sha256.Sum256(rc.body)
	if rc.r.Header.Get("Digest") != "SHA-256="+base64.StdEncoding.EncodeToString(sum[:]) {
		return errors.New("digest does not match the body")
	}
	if rc.r.Header.Get("Content-Length") != strconv.Itoa(len(rc.body)) {
		return errors.New("content-length does not match the body")
	}
	var lines []string
	for _, n := range names {
		var v string
		switch n {
		case "(request-target)":
			v = strings.ToLower(rc.r.Method) + " " + rc.r.RequestURI
		case "host":
			v = rc.r.Host
		default:
			v = rc.r.Header.Get(n)
		}
		lines = append(lines, n+": "+v)
	}
	sig, err := base64.StdEncoding.DecodeString(params["signature"])
	if err != nil {
		return err
	}
	hashed := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return rsa.VerifyPKCS1v15(pub, crypto.SHA256, hashed[:], sig)
}

func testSigner(t *testing.T, keyID string) *Signer {
	return &Signer{Key: Key{ID: keyID, Private: keys(t)[0]}, CopernicaID: AccountHeader("1")}
}

func TestWh6_SignatureVerifiesWithThePrintedTXTRecord(t *testing.T) {
	srv, got := receiver(t, 200)
	now := time.Now()
	c := NewClient(ClientConfig{Signer: testSigner(t, DefaultKeyID), Now: func() time.Time { return now }})
	defer c.Close()
	p := Encoder{Loc: amsterdam(t)}.Encode(specExample())
	res := c.Deliver(t.Context(), srv.URL+"/hooks/in?src=kopernik&x=a%20b", p)
	if res.Outcome() != Success {
		t.Fatalf("delivery: %+v", res)
	}
	rcv := got()
	if len(rcv) != 1 {
		t.Fatalf("%d requests", len(rcv))
	}
	pub, err := publicKeyFromTXT(DKIMRecord(&keys(t)[0].PublicKey))
	if err != nil {
		t.Fatal(err)
	}
	if err := verify(rcv[0], pub, DefaultKeyID, time.Now()); err != nil {
		t.Fatalf("receiver refuses the delivery: %v", err)
	}
	h := rcv[0].r.Header
	wantSig := `keyId="kopernik._domainkey.localhost",algorithm="rsa-sha256",headers="(request-target) host date content-length content-type x-copernica-id digest x-nonce",signature="`
	if !strings.HasPrefix(h.Get("Signature"), wantSig) {
		t.Errorf("Signature %s", h.Get("Signature"))
	}
	if h.Get("X-Copernica-ID") != "account-1" || h.Get("Content-Type") != "application/x-www-form-urlencoded" ||
		!regexp.MustCompile(`^[0-9a-f]{32}$`).MatchString(h.Get("X-Nonce")) ||
		h.Get("Date") != now.UTC().Format("Mon, 02 Jan 2006 15:04:05 GMT") ||
		rcv[0].r.RequestURI != "/hooks/in?src=kopernik&x=a%20b" || !bytes.Equal(rcv[0].body, p.Body) {
		t.Errorf("headers %v, target %s", h, rcv[0].r.RequestURI)
	}
	// The receiver's check can fail: a changed body or header breaks it.
	bad := rcv[0]
	bad.body = append([]byte(nil), bad.body...)
	bad.body[0] ^= 1
	if verify(bad, pub, DefaultKeyID, time.Now()) == nil {
		t.Error("tampered body verified")
	}
	bad = rcv[0]
	bad.r = bad.r.Clone(t.Context())
	bad.r.Header.Set("X-Copernica-ID", "account-2")
	if verify(bad, pub, DefaultKeyID, time.Now()) == nil {
		t.Error("tampered header verified")
	}
	other, _ := publicKeyFromTXT(DKIMRecord(&keys(t)[1].PublicKey))
	if verify(rcv[0], other, DefaultKeyID, time.Now()) == nil {
		t.Error("verified with another key")
	}
	if verify(rcv[0], pub, DefaultKeyID, time.Now().Add(5*time.Minute)) == nil {
		t.Error("old Date accepted")
	}
}

func TestWh6_EveryAttemptSignedAfresh(t *testing.T) {
	srv, got := receiver(t, 503)
	clock := time.Now().Add(-2 * time.Minute)
	c := NewClient(ClientConfig{Signer: testSigner(t, "sel1._domainkey.example.org"), Now: func() time.Time { return clock }})
	defer c.Close()
	p := Encoder{Format: FormatJSON}.Encode(specExample())
	c.Deliver(t.Context(), srv.URL, p)
	clock = clock.Add(90 * time.Second)
	c.Deliver(t.Context(), srv.URL, p)
	rcv := got()
	if len(rcv) != 2 {
		t.Fatalf("%d requests", len(rcv))
	}
	a, b := rcv[0].r.Header, rcv[1].r.Header
	if a.Get("Date") == b.Get("Date") || a.Get("X-Nonce") == b.Get("X-Nonce") || a.Get("Signature") == b.Get("Signature") {
		t.Errorf("attempts share Date, nonce or signature:\n%v\n%v", a, b)
	}
	if a.Get("Digest") != b.Get("Digest") || !bytes.Equal(rcv[0].body, rcv[1].body) {
		t.Error("body or Digest changed between attempts")
	}
	pub, _ := publicKeyFromTXT(DKIMRecord(&keys(t)[0].PublicKey))
	if err := verify(rcv[1], pub, "sel1._domainkey.example.org", clock); err != nil {
		t.Errorf("second attempt: %v", err)
	}
	if rcv[1].r.Header.Get("Content-Type") != "application/json" {
		t.Errorf("content type %q", rcv[1].r.Header.Get("Content-Type"))
	}
}

func TestWh6_HostHeader(t *testing.T) {
	for _, c := range []struct{ scheme, host, want string }{
		{"https", "Hooks.Example.org", "hooks.example.org"},
		{"https", "hooks.example.org:443", "hooks.example.org"},
		{"http", "hooks.example.org:80", "hooks.example.org"},
		{"http", "hooks.example.org:443", "hooks.example.org:443"},
		{"https", "hooks.example.org:8443", "hooks.example.org:8443"},
		{"http", "[::1]:8080", "[::1]:8080"},
		{"http", "[::1]", "[::1]"},
		{"https", "[2001:DB8::1]:443", "[2001:db8::1]"},
	} {
		got, err := hostHeader(c.scheme, c.host)
		if err != nil || got != c.want {
			t.Errorf("%s://%s: %q, %v; want %q", c.scheme, c.host, got, err, c.want)
		}
	}
}

// TestWh6_SignedHostIsTheSentHost delivers to a non-default port and checks
// the receiver saw exactly the host that was signed.
func TestWh6_SignedHostIsTheSentHost(t *testing.T) {
	srv, got := receiver(t, 204)
	c := NewClient(ClientConfig{Signer: testSigner(t, DefaultKeyID)})
	defer c.Close()
	url := strings.Replace(srv.URL, "127.0.0.1", "LocalHost", 1)
	if res := c.Deliver(t.Context(), url, Encoder{}.Encode(specExample())); res.Outcome() != Success {
		t.Fatalf("%+v", res)
	}
	r := got()[0]
	if !strings.HasPrefix(r.r.Host, "localhost:") {
		t.Errorf("Host %q", r.r.Host)
	}
	pub, _ := publicKeyFromTXT(DKIMRecord(&keys(t)[0].PublicKey))
	if err := verify(r, pub, DefaultKeyID, time.Now()); err != nil {
		t.Error(err)
	}
}

func TestWh6_SignerNeedsKeyAndContentType(t *testing.T) {
	req, _ := http.NewRequest("POST", "https://h.example/", nil)
	if (&Signer{}).Sign(req, nil, time.Now()) == nil {
		t.Error("signed without a key")
	}
	if testSigner(t, DefaultKeyID).Sign(req, nil, time.Now()) == nil {
		t.Error("signed without a Content-Type")
	}
	req.Header.Set("Content-Type", "application/json")
	if testSigner(t, `a",signature="forged`).Sign(req, nil, time.Now()) == nil {
		t.Error("signed with a key ID that breaks the header")
	}
	s := testSigner(t, DefaultKeyID)
	s.CopernicaID = ""
	if s.Sign(req, nil, time.Now()) == nil {
		t.Error("signed without X-Copernica-ID")
	}
	if err := testSigner(t, DefaultKeyID).Sign(req, nil, time.Now()); err != nil {
		t.Errorf("complete signer refused: %v", err)
	}
}
