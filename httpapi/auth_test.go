package httpapi

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kopernik/kopernik"
)

// brokenTokens is a store whose token table cannot be read, as when the disk
// fails under a running server.
type brokenTokens struct{ kopernik.Store }

var errDisk = errors.New("disk I/O error reading tokens")

func (brokenTokens) CheckToken(context.Context, string) (kopernik.Token, bool, error) {
	return kopernik.Token{}, false, errDisk
}

func (brokenTokens) TokenLive(context.Context, int64) (bool, error) { return false, errDisk }

// TestC6_1_TokenCheckStoreFailureIs500 covers conventions §6.1 (500 only for
// server faults) against §2.4: a store that fails while checking a token is a
// fault of the server, not an invalid token. The client gets 500 Internal
// error in the JSON error shape and the cause is logged.
func TestC6_1_TokenCheckStoreFailureIs500(t *testing.T) {
	a := newTestAPI(t, Config{}, func(st kopernik.Store) kopernik.Store { return brokenTokens{st} })
	jwt := issueTestJWT(t, a)
	for _, c := range []struct {
		name string
		send func() *httptest.ResponseRecorder
	}{
		{"access_token", func() *httptest.ResponseRecorder { return a.do("GET", "/v2/databases", "") }},
		{"bearer", func() *httptest.ResponseRecorder {
			return a.do("GET", "/v3/databases", "", "Authorization", "Bearer "+a.tok)
		}},
		{"jwt", func() *httptest.ResponseRecorder {
			return a.do("GET", "/v4/databases", "", "Authorization", "Bearer "+jwt)
		}},
		{"exchange", func() *httptest.ResponseRecorder { return a.do("GET", "/authenticate?access_token="+a.tok, "") }},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := countErrorLogs(t, a)
			wantError(t, c.send(), http.StatusInternalServerError, "Internal error")
			if after := countErrorLogs(t, a); after != before+1 {
				t.Fatalf("want one error log line naming the cause, got %d new", after-before)
			}
		})
	}
}

// countErrorLogs counts ERROR records that carry the store's error text.
func countErrorLogs(t testing.TB, a *testAPI) int {
	n := 0
	for _, l := range a.log.lines(t) {
		if msg, _ := l["err"].(string); l["level"] == "ERROR" && strings.Contains(msg, errDisk.Error()) {
			n++
		}
	}
	return n
}

// issueTestJWT makes a JWT for the test token with the server's own key, the
// way the exchange endpoint does, without going through the (broken) token check.
func issueTestJWT(t testing.TB, a *testAPI) string {
	t.Helper()
	toks, err := a.st.ListTokens(context.Background())
	if err != nil || len(toks) != 1 {
		t.Fatalf("tokens %v: %v", toks, err)
	}
	jwt, err := a.s.issueJWT(context.Background(), toks[0])
	if err != nil {
		t.Fatal(err)
	}
	return jwt
}
