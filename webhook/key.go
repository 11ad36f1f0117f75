package webhook

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"strings"
)

// KeyBits is the size of generated keys and the least a configured key may have.
const KeyBits = 2048

// DefaultKeyID is the DNS name a receiver looks the key up under when the
// operator configured none. It resolves nowhere on purpose: a receiver must be
// told the key (or the operator's real name) before it can trust anything.
const DefaultKeyID = "kopernik._domainkey.localhost"

// Key is one signing key with the DNS name where its public half is published.
type Key struct {
	ID      string // keyId: <selector>._domainkey.<domain>
	Private *rsa.PrivateKey
}

// GenerateKey makes a new signing key, for stores that keep their own when the
// configuration names no key file.
func GenerateKey() (*rsa.PrivateKey, error) {
	return rsa.GenerateKey(rand.Reader, KeyBits)
}

// EncodePrivateKey writes k as a PKCS #8 "PRIVATE KEY" PEM block, the form
// openssl genpkey writes today.
func EncodePrivateKey(k *rsa.PrivateKey) []byte {
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		// Only unsupported key types fail, and an *rsa.PrivateKey is supported.
		panic(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
}

// ParsePrivateKey reads the first private key PEM block of data, in PKCS #8 or
// PKCS #1 ("RSA PRIVATE KEY") form, and refuses keys that are not RSA or are
// shorter than KeyBits.
func ParsePrivateKey(data []byte) (*rsa.PrivateKey, error) {
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			return nil, errors.New("no PEM private key found")
		}
		var k any
		var err error
		switch block.Type {
		case "PRIVATE KEY":
			k, err = x509.ParsePKCS8PrivateKey(block.Bytes)
		case "RSA PRIVATE KEY":
			k, err = x509.ParsePKCS1PrivateKey(block.Bytes)
		default:
			continue // e.g. a certificate kept in the same file
		}
		if err != nil {
			return nil, fmt.Errorf("parsing %s: %w", block.Type, err)
		}
		rk, ok := k.(*rsa.PrivateKey)
		if !ok {
			return nil, fmt.Errorf("signing key is %T, want RSA (rsa-sha256)", k)
		}
		if n := rk.N.BitLen(); n < KeyBits {
			return nil, fmt.Errorf("signing key has %d bits, want at least %d", n, KeyBits)
		}
		return rk, nil
	}
}

// LoadKeyFile reads a PEM private key file.
func LoadKeyFile(path string) (*rsa.PrivateKey, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	k, err := ParsePrivateKey(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return k, nil
}

// PublicKeyPEM writes the public half as a "PUBLIC KEY" (SubjectPublicKeyInfo)
// PEM block, for receivers configured with a key instead of a DNS lookup.
func PublicKeyPEM(pub *rsa.PublicKey) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: publicDER(pub)})
}

// DKIMRecord is the TXT record text to publish at the key's ID, in DKIM key
// record syntax: receivers built for the hosted service fetch it from DNS.
func DKIMRecord(pub *rsa.PublicKey) string {
	return "v=DKIM1; k=rsa; p=" + base64.StdEncoding.EncodeToString(publicDER(pub))
}

// ZoneRecord is the same record as a zone file line. One TXT string holds at
// most 255 bytes and a 2048-bit key is longer, so the text is split into
// several quoted strings, which resolvers join again.
func ZoneRecord(keyID string, pub *rsa.PublicKey) string {
	txt := DKIMRecord(pub)
	var parts []string
	for len(txt) > 255 {
		parts = append(parts, `"`+txt[:255]+`"`)
		txt = txt[255:]
	}
	parts = append(parts, `"`+txt+`"`)
	return keyID + ". IN TXT ( " + strings.Join(parts, " ") + " )"
}

func publicDER(pub *rsa.PublicKey) []byte {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		panic(err) // only unsupported key types fail
	}
	return der
}

// ValidKeyID checks a keyId before it goes into a quoted header parameter:
// a DNS name of letters, digits, hyphens, underscores and dots.
func ValidKeyID(id string) bool {
	if id == "" || len(id) > 253 || strings.HasPrefix(id, ".") || strings.HasSuffix(id, ".") || strings.Contains(id, "..") {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// Keyring holds the configured keys, oldest first. Rotation adds a key at the
// end; the old one stays listed (and its TXT record published) for a grace
// period, so `kopernik webhook-key` can still print it.
type Keyring []Key

// NewKeyring checks that every key has a usable, distinct ID: two keys under
// one DNS name would leave receivers with only one of them.
func NewKeyring(keys ...Key) (Keyring, error) {
	seen := map[string]bool{}
	for _, k := range keys {
		if !ValidKeyID(k.ID) {
			return nil, fmt.Errorf("webhook key ID %q is not a DNS name", k.ID)
		}
		id := strings.ToLower(k.ID)
		if seen[id] {
			return nil, fmt.Errorf("webhook key ID %q is used by two keys", k.ID)
		}
		seen[id] = true
		if k.Private == nil || k.Private.N.BitLen() < KeyBits {
			return nil, fmt.Errorf("webhook key %q: want an RSA key of at least %d bits", k.ID, KeyBits)
		}
	}
	return Keyring(keys), nil
}

// Newest is the key that signs: the last one configured.
func (r Keyring) Newest() (Key, bool) {
	if len(r) == 0 {
		return Key{}, false
	}
	return r[len(r)-1], true
}
