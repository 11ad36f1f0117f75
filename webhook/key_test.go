package webhook

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestWh6_KeyPEMRoundTrip(t *testing.T) {
	k := keys(t)[0]
	pkcs8 := EncodePrivateKey(k)
	if !strings.HasPrefix(string(pkcs8), "-----BEGIN PRIVATE KEY-----") {
		t.Fatalf("not PKCS #8: %.40s", pkcs8)
	}
	pkcs1 := pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(k)})
	// A certificate before the key, as in a combined file, is skipped.
	withCert := append(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte("x")}), pkcs1...)
	for name, data := range map[string][]byte{"pkcs8": pkcs8, "pkcs1": pkcs1, "cert first": withCert} {
		got, err := ParsePrivateKey(data)
		if err != nil || !got.Equal(k) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestWh6_RefusedKeys(t *testing.T) {
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ecDER, _ := x509.MarshalPKCS8PrivateKey(ec)
	for name, data := range map[string][]byte{
		"1024 bits": EncodePrivateKey(small),
		"ecdsa":     pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: ecDER}),
		"no PEM":    []byte("not a key"),
		"garbage":   pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: []byte("x")}),
		"public":    PublicKeyPEM(&keys(t)[0].PublicKey),
	} {
		if _, err := ParsePrivateKey(data); err == nil {
			t.Errorf("%s accepted", name)
		}
	}
	if _, err := NewKeyring(Key{ID: DefaultKeyID, Private: small}); err == nil {
		t.Error("keyring took a 1024-bit key")
	}
}

func TestWh6_LoadKeyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "webhook.pem")
	if err := os.WriteFile(path, EncodePrivateKey(keys(t)[1]), 0o600); err != nil {
		t.Fatal(err)
	}
	k, err := LoadKeyFile(path)
	if err != nil || !k.Equal(keys(t)[1]) {
		t.Fatalf("%v", err)
	}
	if _, err := LoadKeyFile(path + ".missing"); err == nil {
		t.Error("missing file loaded")
	}
	if err := os.WriteFile(path, []byte("junk"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadKeyFile(path); err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("junk file: %v", err)
	}
}

func TestWh6_PublicKeyForms(t *testing.T) {
	pub := &keys(t)[0].PublicKey
	block, rest := pem.Decode(PublicKeyPEM(pub))
	if block == nil || block.Type != "PUBLIC KEY" || len(rest) != 0 {
		t.Fatalf("PEM %v", block)
	}
	k, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil || !pub.Equal(k) {
		t.Fatalf("PEM key: %v", err)
	}
	txt := DKIMRecord(pub)
	if !strings.HasPrefix(txt, "v=DKIM1; k=rsa; p=MIIBIjAN") {
		t.Errorf("TXT %s", txt)
	}
	fromTXT, err := publicKeyFromTXT(txt)
	if err != nil || !pub.Equal(fromTXT) {
		t.Errorf("TXT key: %v", err)
	}
	// The zone line splits the text into strings of at most 255 bytes that
	// join back to the record.
	zone := ZoneRecord("sel._domainkey.example.org", pub)
	if !strings.HasPrefix(zone, "sel._domainkey.example.org. IN TXT ( \"") {
		t.Errorf("zone line %s", zone)
	}
	var joined strings.Builder
	for i, s := range strings.Split(zone, `"`) {
		if i%2 == 1 {
			if len(s) > 255 {
				t.Errorf("string of %d bytes", len(s))
			}
			joined.WriteString(s)
		}
	}
	if joined.String() != txt {
		t.Errorf("zone strings join to %s", joined.String())
	}
}

func TestWh6_KeyringSignsWithTheNewest(t *testing.T) {
	ks := keys(t)
	ring, err := NewKeyring(Key{ID: "2024a._domainkey.example.org", Private: ks[0]}, Key{ID: "2024b._domainkey.example.org", Private: ks[1]})
	if err != nil {
		t.Fatal(err)
	}
	newest, ok := ring.Newest()
	if !ok || newest.ID != "2024b._domainkey.example.org" || !newest.Private.Equal(ks[1]) {
		t.Fatalf("newest %v", newest.ID)
	}
	srv, got := receiver(t, 200)
	c := NewClient(ClientConfig{Signer: &Signer{Key: newest, CopernicaID: AccountHeader("9")}})
	defer c.Close()
	c.Deliver(t.Context(), srv.URL, Encoder{}.Encode(specExample()))
	pub, _ := publicKeyFromTXT(DKIMRecord(&ks[1].PublicKey))
	if err := verify(got()[0], pub, "2024b._domainkey.example.org", time.Now()); err != nil {
		t.Error(err)
	}
	if _, ok := Keyring(nil).Newest(); ok {
		t.Error("empty keyring has a key")
	}
	for name, bad := range map[string][]Key{
		"same ID":  {{ID: "a._domainkey.x", Private: ks[0]}, {ID: "A._domainkey.x", Private: ks[1]}},
		"quote":    {{ID: `a"b`, Private: ks[0]}},
		"empty ID": {{ID: "", Private: ks[0]}},
		"no key":   {{ID: "a._domainkey.x"}},
		"dots":     {{ID: "a..x", Private: ks[0]}},
	} {
		if _, err := NewKeyring(bad...); err == nil {
			t.Errorf("%s accepted", name)
		}
	}
}
