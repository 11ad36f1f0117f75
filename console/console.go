// Package console serves the admin console: static files, embedded in the
// binary, that run in the browser and talk to Kopernik only through its
// public REST API with the user's own token. The server side therefore holds
// no session, no secret and no data route of its own: whatever node of a
// deployment serves the files, the console sees what the API sees.
package console

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

// Prefix is where the console lives. No Copernica resource word starts the
// path with "admin", so the API loses nothing to it.
const Prefix = "/admin/"

//go:embed static
var static embed.FS

// CSP allows the console's own files and requests to its own origin only: no
// inline script or style, no eval, no plugins, no framing. Field values are
// user data, and this is the second wall behind rendering them as text.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
	"object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

type asset struct {
	body  []byte
	ctype string
	etag  string
}

// Handler serves the console's files under Prefix.
type Handler struct {
	assets map[string]asset // by path below Prefix; "" is index.html
}

// New reads the embedded files once; they never change while the process runs.
func New() *Handler {
	h := &Handler{assets: map[string]asset{}}
	err := fs.WalkDir(static, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := static.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		ct := mime.TypeByExtension(path.Ext(p))
		if ct == "" {
			ct = "application/octet-stream"
		}
		h.assets[strings.TrimPrefix(p, "static/")] = asset{body: b, ctype: ct, etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
		return nil
	})
	if err != nil {
		panic("console: embedded files unreadable: " + err.Error()) // a broken build, not a runtime condition
	}
	h.assets[""] = h.assets["index.html"]
	return h
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hd := w.Header()
	hd.Set("Content-Security-Policy", CSP)
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("X-Frame-Options", "DENY")
	hd.Set("Referrer-Policy", "no-referrer")
	if r.URL.Path == strings.TrimSuffix(Prefix, "/") {
		http.Redirect(w, r, Prefix, http.StatusMovedPermanently)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		hd.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	a, ok := h.assets[strings.TrimPrefix(r.URL.Path, Prefix)]
	if !ok || !strings.HasPrefix(r.URL.Path, Prefix) {
		http.NotFound(w, r)
		return
	}
	hd.Set("Content-Type", a.ctype)
	hd.Set("ETag", a.etag)
	// Revalidate every time: an upgraded binary must not run beside modules
	// of the old one, and a 304 costs next to nothing on loopback or a LAN.
	hd.Set("Cache-Control", "no-cache")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.body))
}

// Mount puts the console in front of the API: requests for Prefix (and the
// bare /admin) go to the console, everything else to api untouched.
func Mount(api http.Handler) http.Handler {
	c := New()
	bare := strings.TrimSuffix(Prefix, "/")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p := r.URL.Path; p == bare || strings.HasPrefix(p, Prefix) {
			c.ServeHTTP(w, r)
			return
		}
		api.ServeHTTP(w, r)
	})
}
