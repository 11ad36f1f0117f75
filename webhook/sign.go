package webhook

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// SignedHeaders is the header list of every Signature, in signing order
// (spec §6). The documentation requires fewer; Copernica's published verifier
// also insists on content-length, content-type and the nonce, so all eight
// are always signed.
const SignedHeaders = "(request-target) host date content-length content-type x-copernica-id digest x-nonce"

// AccountHeader is the X-Copernica-ID value of an account (O-7: the spelling
// of webhook-security.md, not the account_ of the callbacks page).
func AccountHeader(accountID string) string { return "account-" + accountID }

// Signer adds the headers of spec §6 to a delivery request.
type Signer struct {
	Key         Key
	CopernicaID string    // X-Copernica-ID value, see AccountHeader
	Rand        io.Reader // nonce source; nil is crypto/rand
}

// Sign sets Host, Date, Content-Length, X-Copernica-ID, Digest, X-Nonce and
// Signature on req, whose URL and Content-Type header must already be set and
// whose body is body. now is the time of this attempt: each attempt is signed
// afresh, because receivers refuse a Date older than about a minute.
func (s *Signer) Sign(req *http.Request, body []byte, now time.Time) error {
	if s.Key.Private == nil {
		return errors.New("webhook: signer has no key")
	}
	// Both go into header values verbatim; a quote in the key ID would end
	// the keyId parameter early.
	if !ValidKeyID(s.Key.ID) || s.CopernicaID == "" || strings.ContainsAny(s.CopernicaID, "\r\n") {
		return errors.New("webhook: signer needs a DNS-name key ID and an X-Copernica-ID value")
	}
	ct := req.Header.Get("Content-Type")
	if ct == "" {
		return errors.New("webhook: request to sign has no Content-Type")
	}
	host, err := hostHeader(req.URL.Scheme, req.URL.Host)
	if err != nil {
		return err
	}
	nonce := make([]byte, 16)
	r := s.Rand
	if r == nil {
		r = rand.Reader
	}
	if _, err := io.ReadFull(r, nonce); err != nil {
		return err
	}
	sum := sha256.Sum256(body)

	// Go's client writes the Host and Content-Length headers from these
	// fields, not from req.Header; setting them makes the signed values the
	// sent ones.
	req.Host = host
	req.ContentLength = int64(len(body))
	h := req.Header
	h.Set("Date", now.UTC().Format(http.TimeFormat))
	h.Set("X-Copernica-ID", s.CopernicaID)
	h.Set("Digest", "SHA-256="+base64.StdEncoding.EncodeToString(sum[:]))
	h.Set("X-Nonce", hex.EncodeToString(nonce))

	lines := []string{
		"(request-target): " + strings.ToLower(req.Method) + " " + req.URL.RequestURI(),
		"host: " + host,
		"date: " + h.Get("Date"),
		"content-length: " + strconv.Itoa(len(body)),
		"content-type: " + ct,
		"x-copernica-id: " + s.CopernicaID,
		"digest: " + h.Get("Digest"),
		"x-nonce: " + h.Get("X-Nonce"),
	}
	hashed := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	sig, err := rsa.SignPKCS1v15(nil, s.Key.Private, crypto.SHA256, hashed[:])
	if err != nil {
		return err
	}
	h.Set("Signature", `keyId="`+s.Key.ID+`",algorithm="rsa-sha256",headers="`+SignedHeaders+
		`",signature="`+base64.StdEncoding.EncodeToString(sig)+`"`)
	return nil
}

// hostHeader is the Host value of a handler URL: the host in lower case, with
// the port only when it is not the scheme's default.
func hostHeader(scheme, hostport string) (string, error) {
	host, port := hostport, ""
	if h, p, err := net.SplitHostPort(hostport); err == nil {
		host, port = h, p
	}
	host = strings.ToLower(strings.Trim(host, "[]"))
	if !isASCII(host) {
		// Go's client would send the punycode form, which the signature
		// would then not cover.
		return "", errors.New("webhook: handler host is not ASCII")
	}
	switch strings.ToLower(scheme) + ":" + port {
	case "http:80", "https:443":
		port = ""
	}
	if port == "" {
		if strings.Contains(host, ":") {
			return "[" + host + "]", nil
		}
		return host, nil
	}
	return net.JoinHostPort(host, port), nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
