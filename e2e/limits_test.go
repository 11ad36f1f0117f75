package e2e

import (
	"net/url"
	"strings"
	"testing"
)

// TestRequestSizeLimits covers C§4.2 and C22: bodies above --max-body and
// queries above 64 KiB answer 400 Request too large and change nothing.
func TestRequestSizeLimits(t *testing.T) {
	t.Parallel()
	s := startServer(t, "--max-body", "1024")
	mustCreate(t, s, "/v2/databases", map[string]any{"name": "lim"})
	before := string(s.do("GET", "/v2/database/lim", nil).Body)
	pad := strings.Repeat("x", 1100)

	t.Run("body above --max-body", func(t *testing.T) {
		for _, p := range versionPrefixes {
			expectError(t, s.do("POST", p+"/databases", `{"name":"big","description":"`+pad+`"}`), "Request too large")
			expectError(t, s.do("PUT", p+"/database/lim", url.Values{"description": {pad}}), "Request too large")
			expectError(t, s.do("POST", p+"/database/lim/fields", `{"name":"f","value":"`+pad+`"}`), "Request too large")
			expectError(t, s.do("PUT", p+"/database/lim/unsubscribe", `{"behavior":"nothing","x":"`+pad+`"}`), "Request too large")
		}
		expectError(t, s.raw("POST", "/authenticate", "access_token="+pad, "Content-Type", "application/x-www-form-urlencoded"), "Invalid access token")
		expectJSON(t, s.do("GET", "/v2/database/lim", nil), before)
		// A body just under the limit is fine; bodies on GET are ignored.
		mustCreate(t, s, "/v2/databases", `{"name":"small","description":"`+strings.Repeat("y", 900)+`"}`)
		expectJSON(t, s.do("GET", "/v2/database/lim", `{"x":"`+pad+`"}`), before)
	})

	t.Run("query above 64 KiB", func(t *testing.T) {
		long := "pad=" + strings.Repeat("q", 64<<10)
		for _, p := range versionPrefixes {
			expectError(t, s.do("GET", p+"/databases?"+long, nil), "Request too large")
			expectError(t, s.do("POST", p+"/databases?"+long, `{"name":"q"}`), "Request too large")
		}
		expectError(t, s.raw("GET", "/authenticate?access_token="+s.Token+"&"+long, ""), "Request too large")
		// Exactly at the limit is accepted (token included in the count).
		q := "access_token=" + s.Token + "&pad="
		q += strings.Repeat("q", 64<<10-len(q))
		r := s.raw("GET", "/v2/database/lim?"+q, "")
		expectJSON(t, r, before)
	})
}
