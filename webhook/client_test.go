package webhook

import (
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func payload() Payload { return Encoder{}.Encode(specExample()) }

func TestWh7_Success(t *testing.T) {
	srv, got := receiver(t, 200)
	c := NewClient(ClientConfig{})
	defer c.Close()
	res := c.Deliver(t.Context(), srv.URL+"/in", payload())
	if res.Outcome() != Success || res.Status != 200 || res.RemoteIP != "127.0.0.1" || res.Err != nil {
		t.Fatalf("%+v", res)
	}
	r := got()
	if len(r) != 1 || r[0].r.Method != "POST" || r[0].r.Header.Get("Signature") != "" {
		t.Errorf("request %+v", r)
	}
}

func TestWh7_ServerErrorIsTemporaryAndLogged(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Trace", "abc")
		w.Header().Set("X-Long", strings.Repeat("é", 2000))
		w.WriteHeader(500)
	}))
	defer srv.Close()
	c := NewClient(ClientConfig{})
	defer c.Close()
	res := c.Deliver(t.Context(), srv.URL, payload())
	if res.Outcome() != Temporary || res.Status != 500 {
		t.Fatalf("%+v", res)
	}
	rec := res.Record()
	if rec.Status != 500 || rec.RemoteIP != "127.0.0.1" || rec.Time.IsZero() || rec.Error != "" ||
		!strings.Contains(rec.Header, "X-Trace: abc\n") || !strings.Contains(rec.Header, "X-Long: éé") || len(rec.Header) > MaxRecordHeader || !utf8Valid(rec.Header) {
		t.Errorf("record %+v", rec)
	}
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "?") == s }

func TestWh7_NotFoundIsPermanent(t *testing.T) {
	srv, _ := receiver(t, 404)
	c := NewClient(ClientConfig{})
	defer c.Close()
	if res := c.Deliver(t.Context(), srv.URL, payload()); res.Outcome() != Permanent || res.Status != 404 {
		t.Fatalf("%+v", res)
	}
}

func TestWh7_RedirectNotFollowed(t *testing.T) {
	target, got := receiver(t, 200)
	srv := httptest.NewServer(http.RedirectHandler(target.URL, http.StatusFound))
	defer srv.Close()
	c := NewClient(ClientConfig{})
	defer c.Close()
	res := c.Deliver(t.Context(), srv.URL, payload())
	if res.Outcome() != Temporary || res.Status != 302 || res.Header.Get("Location") != target.URL {
		t.Fatalf("%+v", res)
	}
	if n := len(got()); n != 0 {
		t.Errorf("redirect target got %d requests", n)
	}
}

func TestWh7_HangingReceiverTimesOut(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(release) })
	c := NewClient(ClientConfig{Timeout: 300 * time.Millisecond})
	defer c.Close()
	start := time.Now()
	res := c.Deliver(t.Context(), srv.URL, payload())
	took := time.Since(start)
	var ne net.Error
	if res.Outcome() != Temporary || res.Status != 0 || !errors.As(res.Err, &ne) || !ne.Timeout() {
		t.Fatalf("%+v", res)
	}
	if took < 300*time.Millisecond || took > 3*time.Second {
		t.Errorf("attempt took %v with a 300ms timeout", took)
	}
	if rec := res.Record(); rec.Status != 0 || rec.RemoteIP != "127.0.0.1" || rec.Error == "" {
		t.Errorf("record %+v", rec)
	}
}

// TestWh7_ResponseBodyReadBounded: a receiver that never stops sending does
// not hold the attempt until the timeout.
func TestWh7_ResponseBodyReadBounded(t *testing.T) {
	var sent atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		chunk := make([]byte, 32<<10)
		for r.Context().Err() == nil {
			n, err := w.Write(chunk)
			sent.Add(int64(n))
			if err != nil {
				return
			}
		}
	}))
	defer srv.Close()
	c := NewClient(ClientConfig{Timeout: 10 * time.Second})
	defer c.Close()
	start := time.Now()
	res := c.Deliver(t.Context(), srv.URL, payload())
	if res.Outcome() != Success || time.Since(start) > 5*time.Second {
		t.Fatalf("%+v after %v", res, time.Since(start))
	}
}

func TestWh7_AllowListRefusal(t *testing.T) {
	srv, got := receiver(t, 200)
	c := NewClient(ClientConfig{Rules: Rules{Hosts: Hosts{"hooks.example.org"}}})
	defer c.Close()
	res := c.Deliver(t.Context(), srv.URL, payload())
	if !errors.Is(res.Err, ErrRefused) || res.Outcome() != Permanent || res.Status != 0 {
		t.Fatalf("%+v", res)
	}
	if len(got()) != 0 {
		t.Error("refused handler was called")
	}
	// The same receiver is reached once listed.
	c2 := NewClient(ClientConfig{Rules: Rules{Hosts: Hosts{"hooks.example.org", "127.0.0.1"}}})
	defer c2.Close()
	if res := c2.Deliver(t.Context(), srv.URL, payload()); res.Outcome() != Success {
		t.Fatalf("%+v", res)
	}
}

func TestWh7_SchemeRefusal(t *testing.T) {
	c := NewClient(ClientConfig{})
	defer c.Close()
	for _, u := range []string{"ftp://127.0.0.1/", "file:///etc/passwd", "127.0.0.1:80", "gopher://h.example/"} {
		if res := c.Deliver(t.Context(), u, payload()); !errors.Is(res.Err, ErrRefused) || res.Outcome() != Permanent {
			t.Errorf("%s: %+v", u, res)
		}
	}
}

// TestWh7_PrivateAddressRefusedAtDial: the check runs on the resolved
// address, so a name ("localhost") is refused like a literal.
func TestWh7_PrivateAddressRefusedAtDial(t *testing.T) {
	srv, got := receiver(t, 200)
	c := NewClient(ClientConfig{Rules: Rules{RefusePrivate: true}})
	defer c.Close()
	for _, u := range []string{srv.URL, strings.Replace(srv.URL, "127.0.0.1", "localhost", 1)} {
		res := c.Deliver(t.Context(), u, payload())
		if !errors.Is(res.Err, ErrRefused) || res.Outcome() != Permanent || res.Status != 0 {
			t.Errorf("%s: %+v", u, res)
		}
		if ip := res.Record().RemoteIP; ip != "127.0.0.1" && ip != "::1" {
			t.Errorf("%s: record names %q", u, ip)
		}
	}
	if len(got()) != 0 {
		t.Error("private receiver was called")
	}
}

func TestWh7_PrivateRanges(t *testing.T) {
	for _, a := range []string{"127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.0.1", "169.254.169.254",
		"100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255", "::1", "::", "fc00::1", "fd12::1", "fe80::1", "ff02::1",
		"::ffff:10.0.0.1", "64:ff9b::a00:1"} {
		if err := refusePrivate("tcp", net.JoinHostPort(a, "80"), nil); !errors.Is(err, ErrRefused) {
			t.Errorf("%s allowed", a)
		}
	}
	for _, a := range []string{"192.0.2.1", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2001:db8::1", "64:ff9b::808:808"} {
		if err := refusePrivate("tcp", net.JoinHostPort(a, "443"), nil); err != nil {
			t.Errorf("%s refused: %v", a, err)
		}
	}
}

func TestWh7_HTTPSReceiver(t *testing.T) {
	hosts := make(chan string, 1)
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hosts <- r.Host
		w.WriteHeader(202)
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the untrusting client's handshake failure is expected
	srv.StartTLS()
	defer srv.Close()
	tlsCfg := srv.Client().Transport.(*http.Transport).TLSClientConfig
	c := NewClient(ClientConfig{TLS: tlsCfg, Signer: testSigner(t, DefaultKeyID)})
	defer c.Close()
	if res := c.Deliver(t.Context(), srv.URL, payload()); res.Outcome() != Success || res.Status != 202 {
		t.Fatalf("%+v", res)
	}
	if host := <-hosts; host != strings.TrimPrefix(srv.URL, "https://") {
		t.Errorf("Host %q", host)
	}
	// A receiver whose certificate the client does not trust is a network
	// failure, retried later.
	c2 := NewClient(ClientConfig{})
	defer c2.Close()
	if res := c2.Deliver(t.Context(), srv.URL, payload()); res.Outcome() != Temporary {
		t.Fatalf("%+v", res)
	}
}

func TestWh7_CancelledContextIsTemporary(t *testing.T) {
	srv, _ := receiver(t, 200)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	c := NewClient(ClientConfig{})
	defer c.Close()
	if res := c.Deliver(ctx, srv.URL, payload()); res.Outcome() != Temporary {
		t.Fatalf("%+v", res)
	}
}
