package tlsauto

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Issue 14 §1: `kopernik cert` says where the CA certificate is and how to
// trust it in the system store, in PHP and for curl.
func TestTLS14_1_TrustTextNamesTheCAAndEveryWayToTrustIt(t *testing.T) {
	a := autoCerts(t)
	text, err := TrustText(filepath.Dir(a.CAFile()))
	if err != nil {
		t.Fatal(err)
	}
	ca := a.CAFile()
	fp := Fingerprint(a.ca.cert)
	for _, want := range []string{
		"certificate:  " + ca,
		fp,
		"sudo cp " + ca + " /usr/local/share/ca-certificates/kopernik-local-ca.crt",
		"sudo update-ca-certificates",
		"curl.cainfo = " + ca,
		"openssl.cafile = " + ca,
		"curl --cacert " + ca + " 'https://localhost:",
		"covers: localhost, 127.0.0.1, ::1",
		"ca.key",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}

	// The fingerprint is the one openssl shows, so users can compare them.
	if _, err := exec.LookPath("openssl"); err == nil {
		out, err := exec.Command("openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in", ca).Output()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(out), "="+fp) {
			t.Errorf("openssl says %s, we say %s", out, fp)
		}
	}
}

func TestTLS14_1_TrustTextWithoutCA(t *testing.T) {
	text, err := TrustText(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "no local CA") || !strings.Contains(text, "serve --tls auto") {
		t.Fatalf("text: %s", text)
	}
}
