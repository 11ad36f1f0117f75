package e2e

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// phpCLI finds php with its curl extension. Where the tests must run it
// (CI, or KOPERNIK_REQUIRE_PHP set, as .ci/run does after installing the
// Debian packages php-cli and php-curl) a missing php fails the test;
// elsewhere it is skipped with the command that installs it.
func phpCLI(t *testing.T) string {
	t.Helper()
	required := os.Getenv("KOPERNIK_REQUIRE_PHP") != "" || os.Getenv("CI") != ""
	missing := func(why string) {
		t.Helper()
		if required {
			t.Fatalf("%s, and this run requires the PHP test (CI or KOPERNIK_REQUIRE_PHP)", why)
		}
		t.Skipf("%s: apt-get install php-cli php-curl to run it", why)
	}
	php, err := exec.LookPath("php")
	if err != nil {
		missing("no php on PATH")
	}
	out, err := exec.Command(php, "-m").Output()
	if err != nil {
		missing("php -m failed: " + err.Error())
	}
	for _, m := range strings.Fields(string(out)) {
		if m == "curl" {
			return php
		}
	}
	missing("php has no curl extension")
	return ""
}

func runPHP(t *testing.T, php string, ini []string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, php, append(append(ini, "testdata/php/roundtrip.php"), args...)...)
	cmd.Env = cliEnv()
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// TestTLS14_1_CopernicasPHPClientWorksUnchanged: a client that behaves like
// Copernica's official PHP class (reads over https://HOST, writes to HOST
// without a scheme, i.e. plain http, on the same port; X-Created read from
// the raw headers) reads and writes against `serve --tls auto` once PHP
// trusts the CA through curl.cainfo, as the README tells. Without that
// trust every GET is false, which is the failure the issue reported.
func TestTLS14_1_CopernicasPHPClientWorksUnchanged(t *testing.T) {
	php := phpCLI(t)
	t.Parallel()
	ts := startTLSServer(t)
	host := "localhost:" + ts.port
	// -d is php.ini's setting given on the command line.
	out, err := runPHP(t, php, []string{"-d", "curl.cainfo=" + ts.caFile, "-d", "openssl.cafile=" + ts.caFile}, host, ts.Token)
	if err != nil || !strings.Contains(out, "steps: 13 ok, 0 failed") {
		t.Fatalf("php roundtrip: %v\n%s", err, out)
	}

	// The same client without the CA: the reads fail, the writes go through.
	ts2 := startTLSServer(t)
	out, _ = runPHP(t, php, nil, "localhost:"+ts2.port, ts2.Token)
	if !strings.Contains(out, "FAIL GET databases over https: false") || !strings.Contains(out, "ok POST databases over http") {
		t.Fatalf("without trusting the CA, GETs should be false and POSTs work:\n%s", out)
	}
}
