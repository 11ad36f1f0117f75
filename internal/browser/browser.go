// Package browser starts a headless Chromium for the console's browser tests,
// its benchmark and its screenshots: always the same flags, a fresh profile
// that is removed afterwards, and nothing that calls out to the network.
package browser

import (
	"context"
	"errors"
	"os"
	"os/exec"

	"github.com/chromedp/chromedp"
)

// ErrNotFound reports that no Chromium is installed (Debian: apt-get install
// chromium; .ci/run installs it).
var ErrNotFound = errors.New("no chromium binary: install Debian's chromium package or set KOPERNIK_CHROMIUM")

// Find returns the Chromium to run: $KOPERNIK_CHROMIUM, else the first of the
// usual names on PATH.
func Find() (string, error) {
	if p := os.Getenv("KOPERNIK_CHROMIUM"); p != "" {
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNotFound
}

// Options shape the browser window.
type Options struct {
	Width, Height int // 0: 1280×900
}

// Start launches Chromium and returns a chromedp context for its first tab;
// stop ends the browser and removes its profile. The flags keep it from
// reaching out on its own (background networking, component updates, sync,
// QUIC): every request it makes is one the page asked for.
func Start(parent context.Context, o Options) (ctx context.Context, stop func(), err error) {
	bin, err := Find()
	if err != nil {
		return nil, nil, err
	}
	dir, err := os.MkdirTemp("", "kopernik-chromium")
	if err != nil {
		return nil, nil, err
	}
	if o.Width == 0 {
		o.Width, o.Height = 1280, 900
	}
	flags := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(dir),
		chromedp.WindowSize(o.Width, o.Height),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(parent, flags...)
	ctx, cancelTab := chromedp.NewContext(actx)
	stop = func() {
		cancelTab()
		cancelAlloc()
		os.RemoveAll(dir)
	}
	// The first Run starts the browser; fail here rather than in the caller's
	// first step.
	if err := chromedp.Do(ctx); err != nil {
		stop()
		return nil, nil, err
	}
	return ctx, stop, nil
}

// SignIn opens the console of the server at base and signs in with token,
// the way a person does: type the token, press the button, wait for the
// navigation that only a signed-in console shows.
func SignIn(ctx context.Context, base, token string) error {
	return chromedp.Do(ctx,
		chromedp.Navigate(base+"/admin/"),
		chromedp.WaitVisible(chromedp.CSS("#token")),
		chromedp.SendKeys(chromedp.CSS("#token"), token),
		chromedp.Click(chromedp.CSS("form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(".main-nav")),
	)
}
