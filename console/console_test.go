package console

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func get(t *testing.T, h http.Handler, method, path string, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// TestI15_4_StrictCSPOnEveryAnswer: every answer under /admin/, errors and
// redirects included, carries the policy that forbids inline script and eval
// and allows only the console's own origin.
func TestI15_4_StrictCSPOnEveryAnswer(t *testing.T) {
	h := Mount(http.NotFoundHandler())
	for _, p := range []string{"/admin/", "/admin/js/main.js", "/admin/app.css", "/admin/nope", "/admin", "/admin/../v4/databases"} {
		w := get(t, h, "GET", p)
		csp := w.Header().Get("Content-Security-Policy")
		if csp != CSP {
			t.Errorf("%s: Content-Security-Policy %q, want %q", p, csp, CSP)
		}
		if w.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no X-Content-Type-Options: nosniff", p)
		}
	}
	for _, must := range []string{"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"} {
		if !strings.Contains(CSP, must) {
			t.Errorf("policy lacks %q", must)
		}
	}
	for _, never := range []string{"unsafe-inline", "unsafe-eval", "*", "data:"} {
		if strings.Contains(CSP, never) {
			t.Errorf("policy allows %q", never)
		}
	}
}

// TestI15_1_ServesTheConsoleAndLeavesTheAPIAlone: /admin/ is the page, its
// files come with the types a browser runs them by, /admin redirects, and
// every other path reaches the API handler unchanged.
func TestI15_1_ServesTheConsoleAndLeavesTheAPIAlone(t *testing.T) {
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Header().Set("X-API", r.URL.Path) })
	h := Mount(api)
	cases := []struct{ path, ctype string }{
		{"/admin/", "text/html"},
		{"/admin/index.html", "text/html"},
		{"/admin/js/main.js", "javascript"},
		{"/admin/js/pages/profiles.js", "javascript"},
		{"/admin/app.css", "text/css"},
		{"/admin/favicon.svg", "image/svg+xml"},
	}
	for _, c := range cases {
		w := get(t, h, "GET", c.path)
		if w.Code != 200 || !strings.Contains(w.Header().Get("Content-Type"), c.ctype) {
			t.Errorf("GET %s: %d %q, want 200 %s", c.path, w.Code, w.Header().Get("Content-Type"), c.ctype)
		}
		if w.Header().Get("X-API") != "" {
			t.Errorf("GET %s reached the API", c.path)
		}
	}
	if w := get(t, h, "GET", "/admin"); w.Code != http.StatusMovedPermanently || w.Header().Get("Location") != "/admin/" {
		t.Errorf("GET /admin: %d Location %q, want 301 to /admin/", w.Code, w.Header().Get("Location"))
	}
	for _, p := range []string{"/v4/databases", "/databases", "/", "/authenticate", "/healthz", "/administrator", "/v4/admin/"} {
		if w := get(t, h, "GET", p); w.Header().Get("X-API") != p {
			t.Errorf("GET %s did not reach the API", p)
		}
	}
	if w := get(t, h, "GET", "/admin/js/"); w.Code != 404 {
		t.Errorf("a directory answered %d, want 404 (no listings)", w.Code)
	}
	if w := get(t, h, "POST", "/admin/"); w.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /admin/ answered %d, want 405", w.Code)
	}
}

// TestI15_1_RevalidatedByETag: files carry an ETag and no-cache, so a new
// binary's files replace old ones at once and an unchanged file costs a 304.
func TestI15_1_RevalidatedByETag(t *testing.T) {
	h := New()
	w := get(t, h, "GET", "/admin/js/api.js")
	etag := w.Header().Get("ETag")
	if etag == "" || w.Header().Get("Cache-Control") != "no-cache" {
		t.Fatalf("ETag %q Cache-Control %q", etag, w.Header().Get("Cache-Control"))
	}
	if w := get(t, h, "GET", "/admin/js/api.js", "If-None-Match", etag); w.Code != http.StatusNotModified {
		t.Errorf("revalidation answered %d, want 304", w.Code)
	}
	if w := get(t, h, "GET", "/admin/js/ui.js", "If-None-Match", etag); w.Code != 200 {
		t.Errorf("another file with this ETag answered %d, want 200", w.Code)
	}
}

// TestI15_4_NoMarkupFromData: no script of the console writes HTML from a
// string (innerHTML and its kin, document.write, eval, new Function): every
// value reaches the page as text. index.html holds no inline script or style,
// which the policy would block anyway.
func TestI15_4_NoMarkupFromData(t *testing.T) {
	bad := regexp.MustCompile(`innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|setTimeout\(\s*['"]|createContextualFragment|DOMParser`)
	n := 0
	err := fs.WalkDir(static, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := static.ReadFile(p)
		s := string(b)
		if strings.HasSuffix(p, ".js") {
			n++
			// The explanation in dom.js names what it never does.
			for i, line := range strings.Split(s, "\n") {
				if m := bad.FindString(line); m != "" && !strings.HasPrefix(strings.TrimSpace(line), "//") {
					t.Errorf("%s:%d uses %s", p, i+1, m)
				}
			}
		}
		if strings.HasSuffix(p, ".html") {
			if regexp.MustCompile(`<script(?:\s[^>]*)?>\s*[^<\s]`).MatchString(s) || strings.Contains(s, "<style") || regexp.MustCompile(`\son[a-z]+=`).MatchString(s) || strings.Contains(s, "style=") {
				t.Errorf("%s has inline script or style", p)
			}
		}
		return nil
	})
	if err != nil || n < 5 {
		t.Fatalf("walked %d scripts: %v", n, err)
	}
}
