package e2e

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// tlsServer is a server started with --tls auto and what its start line
// says about its certificates.
type tlsServer struct {
	*server
	caFile string
	port   string
}

// startTLSServer starts `serve --tls auto` (with --tls-dir on PostgreSQL,
// where there is no data dir to keep the CA in).
func startTLSServer(t *testing.T, extra ...string) *tlsServer {
	t.Helper()
	args := append([]string{"--tls", "auto"}, extra...)
	if engine == "postgres" {
		args = append(args, "--tls-dir", filepath.Join(t.TempDir(), "tls"))
	}
	s := startServer(t, args...)
	ts := &tlsServer{server: s}
	ts.readStartLine(t)
	return ts
}

func (ts *tlsServer) readStartLine(t *testing.T) {
	t.Helper()
	var line struct {
		Addr   string `json:"addr"`
		TLS    string `json:"tls"`
		CA     string `json:"tls_ca"`
		TLSURL string `json:"tls_url"`
	}
	if err := json.Unmarshal(ts.proc.Listening, &line); err != nil {
		t.Fatal(err)
	}
	if line.TLS != "auto" || line.CA == "" || line.TLSURL != "https://"+line.Addr {
		t.Fatalf("start line does not announce TLS: %s", ts.proc.Listening)
	}
	ts.caFile = line.CA
	_, ts.port, _ = net.SplitHostPort(line.Addr)
}

// roots is a pool holding only the server's CA: what a client that
// followed `kopernik cert` trusts.
func roots(t *testing.T, caFile string) *x509.CertPool {
	t.Helper()
	pem, err := os.ReadFile(caFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatalf("%s holds no certificate", caFile)
	}
	return pool
}

func httpsClient(pool *x509.CertPool) *http.Client {
	return &http.Client{
		Timeout:       20 * time.Second,
		Transport:     &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

func send(t *testing.T, c *http.Client, method, url, body string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, b
}

// TestTLS14_1_TLSAndPlainInterleavedOnOnePort: reads over https and writes
// over plain http alternate on the one port of the real binary, each on
// kept-alive connections, and see each other's data; an entity created over
// https is announced with an https:// X-Location.
func TestTLS14_1_TLSAndPlainInterleavedOnOnePort(t *testing.T) {
	t.Parallel()
	ts := startTLSServer(t)
	secure := httpsClient(roots(t, ts.caFile))
	plain := &http.Client{Timeout: 20 * time.Second}
	https := "https://localhost:" + ts.port
	plainBase := "http://localhost:" + ts.port
	tok := "access_token=" + ts.Token
	for i := 0; i < 10; i++ {
		name := "db" + string(rune('a'+i))
		res, body := send(t, plain, "POST", plainBase+"/v2/databases?"+tok, `{"name":"`+name+`"}`)
		if res.StatusCode != 201 || res.TLS != nil {
			t.Fatalf("plain POST: %d %s", res.StatusCode, body)
		}
		id := res.Header.Get("X-Created")
		res, body = send(t, secure, "GET", https+"/v2/database/"+id+"?"+tok, "")
		if res.StatusCode != 200 || res.TLS == nil || !strings.Contains(string(body), `"name":"`+name+`"`) {
			t.Fatalf("GET over TLS after plain POST: %d %s", res.StatusCode, body)
		}
	}
	res, body := send(t, secure, "POST", https+"/v3/databases?"+tok, `{"name":"over_tls"}`)
	if res.StatusCode != 201 || !strings.HasPrefix(res.Header.Get("X-Location"), https+"/v3/database/") {
		t.Fatalf("POST over TLS: %d %s X-Location %q", res.StatusCode, body, res.Header.Get("X-Location"))
	}
	res, body = send(t, plain, "GET", plainBase+"/v3/databases?"+tok, "")
	if res.StatusCode != 200 || !strings.Contains(string(body), `"over_tls"`) {
		t.Fatalf("plain GET after POST over TLS: %d %s", res.StatusCode, body)
	}
	// A client that does not trust the CA is refused, as it should be.
	_, err := (&http.Client{Timeout: 10 * time.Second}).Get(https + "/healthz")
	var unknown x509.UnknownAuthorityError
	if !errors.As(err, &unknown) {
		t.Fatalf("a client without the CA: %v, want an unknown authority error", err)
	}
}

// TestTLS14_1_SilentAndStalledClientsDoNotBlockOthers: a client that sends
// nothing and one that stops inside its TLS handshake hold no one up, and
// the server closes both (the silent one after the 10-second sniffing
// limit, the stalled one after the 10-second header limit).
func TestTLS14_1_SilentAndStalledClientsDoNotBlockOthers(t *testing.T) {
	skipSecondEngine(t)
	t.Parallel()
	ts := startTLSServer(t)
	addr := "127.0.0.1:" + ts.port
	silent, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	stalled, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer stalled.Close()
	// A handshake record header announcing 512 bytes, and 5 of them.
	if _, err := stalled.Write([]byte{0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03}); err != nil {
		t.Fatal(err)
	}

	secure := httpsClient(roots(t, ts.caFile))
	plain := &http.Client{Timeout: 20 * time.Second}
	start := time.Now()
	for i := 0; i < 5; i++ {
		// Fresh connections each time: each must get past the sniffer.
		secure.CloseIdleConnections()
		plain.CloseIdleConnections()
		if res, body := send(t, secure, "GET", "https://localhost:"+ts.port+"/v2/databases?access_token="+ts.Token, ""); res.StatusCode != 200 {
			t.Fatalf("TLS GET beside stalled clients: %d %s", res.StatusCode, body)
		}
		if res, body := send(t, plain, "GET", "http://localhost:"+ts.port+"/v2/databases?access_token="+ts.Token, ""); res.StatusCode != 200 {
			t.Fatalf("plain GET beside stalled clients: %d %s", res.StatusCode, body)
		}
	}
	// Generous for a loaded machine, far below the 10 s a blocked accept
	// loop would cost.
	if d := time.Since(start); d > 8*time.Second {
		t.Errorf("10 requests beside two stalled clients took %v", d)
	}

	var wg sync.WaitGroup
	for name, c := range map[string]net.Conn{"silent": silent, "stalled handshake": stalled} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.SetReadDeadline(time.Now().Add(30 * time.Second))
			_, err := io.Copy(io.Discard, c) // until the server closes it
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				t.Errorf("%s client still open after 30 s", name)
			}
		}()
	}
	wg.Wait()
}

// servedSerial is the serial of the server certificate a client trusting
// only pool is shown.
func servedSerial(t *testing.T, addr string, pool *x509.CertPool) *big.Int {
	t.Helper()
	c, err := tls.Dial("tcp", addr, &tls.Config{RootCAs: pool, ServerName: "localhost"})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	return c.ConnectionState().PeerCertificates[0].SerialNumber
}

// TestTLS14_1_AutoReusesCertificatesAcrossRestarts: a restarted server
// serves the same certificate from the same CA, so a client that trusted
// the CA once keeps working; `kopernik cert` names that CA.
func TestTLS14_1_AutoReusesCertificatesAcrossRestarts(t *testing.T) {
	t.Parallel()
	ts := startTLSServer(t)
	ca, err := os.ReadFile(ts.caFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := roots(t, ts.caFile)
	serial := servedSerial(t, "127.0.0.1:"+ts.port, pool)

	ts.restart()
	ts.readStartLine(t)
	if now, _ := os.ReadFile(ts.caFile); string(now) != string(ca) {
		t.Fatal("the CA changed across a restart")
	}
	if got := servedSerial(t, "127.0.0.1:"+ts.port, pool); got.Cmp(serial) != 0 {
		t.Fatalf("serial %v after the restart, %v before", got, serial)
	}
	if res, body := send(t, httpsClient(pool), "GET", "https://localhost:"+ts.port+"/v4/identity?access_token="+ts.Token, ""); res.StatusCode != 200 {
		t.Fatalf("GET over TLS after restart: %d %s", res.StatusCode, body)
	}

	args := []string{"cert", "--tls-dir", filepath.Dir(ts.caFile)}
	if ts.Data != "" && filepath.Dir(ts.caFile) == filepath.Join(ts.Data, "tls") {
		args = []string{"cert", "--data", ts.Data}
	}
	r := runCLI(t, binary, cliEnv(), args...)
	expectExit(t, r, 0)
	for _, want := range []string{ts.caFile, "curl.cainfo", "update-ca-certificates", "--cacert"} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("kopernik %s does not say %q:\n%s", strings.Join(args, " "), want, r.Stdout)
		}
	}
}

// TestTLS14_1_GivenCertificateFiles: --tls-cert and --tls-key serve a pair
// made elsewhere (here: by an earlier --tls auto in another directory).
func TestTLS14_1_GivenCertificateFiles(t *testing.T) {
	skipSecondEngine(t)
	t.Parallel()
	other := startTLSServer(t)
	dir := filepath.Dir(other.caFile)
	s := startServer(t, "--tls-cert", filepath.Join(dir, "server.crt"), "--tls-key", filepath.Join(dir, "server.key"))
	var line struct{ TLS, Addr string }
	json.Unmarshal(s.proc.Listening, &line)
	if line.TLS != "files" {
		t.Fatalf("start line: %s", s.proc.Listening)
	}
	_, port, _ := net.SplitHostPort(line.Addr)
	if res, body := send(t, httpsClient(roots(t, other.caFile)), "GET", "https://127.0.0.1:"+port+"/v2/databases?access_token="+s.Token, ""); res.StatusCode != 200 {
		t.Fatalf("GET over TLS with given files: %d %s", res.StatusCode, body)
	}
	if _, err := os.Stat(filepath.Join(s.Data, "tls")); !os.IsNotExist(err) {
		t.Errorf("given files made a local CA anyway (%v)", err)
	}
}

// TestTLS14_1_TLSCommandLineMistakes are refused before anything starts.
func TestTLS14_1_TLSCommandLineMistakes(t *testing.T) {
	skipSecondEngine(t)
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "never-created")
	for _, c := range []struct {
		args []string
		says string
	}{
		{[]string{"--tls", "on"}, `"auto"`},
		{[]string{"--tls-cert", "a.pem"}, "--tls-key"},
		{[]string{"--tls-key", "a.key"}, "--tls-cert"},
		{[]string{"--tls", "auto", "--tls-cert", "a.pem", "--tls-key", "a.key"}, "choose one"},
		{[]string{"--tls-dir", dir}, "--tls auto"},
		{[]string{"--tls", "auto", "--postgres", "postgres://nobody@127.0.0.1:1/none"}, "--tls-dir"},
		{[]string{"--metrics=false", "--metrics-listen", "127.0.0.1:0"}, "--metrics-listen"},
	} {
		args := append([]string{"serve"}, c.args...)
		if !strings.Contains(strings.Join(c.args, " "), "--postgres") {
			args = append(args, "--data", dir)
		}
		r := runCLI(t, binary, cliEnv(), args...)
		expectExit(t, r, 2, c.says)
		if _, err := os.Stat(dir); err == nil {
			t.Fatalf("kopernik %q created the data dir before refusing", args)
		}
	}
	r := runCLI(t, binary, cliEnv(), "cert", "--data", dir)
	expectExit(t, r, 0)
	if !strings.Contains(r.Stdout, "no local CA") {
		t.Errorf("kopernik cert without a CA: %q", r.Stdout)
	}
}
