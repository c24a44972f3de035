// Package browsertest runs tonic's pages in a real headless Chromium for
// tests: one browser per test binary (Launch, in TestMain), one tab per test
// (Browser.Open), and a tab that fails its test on a console error, an
// uncaught exception, a browser log error (a Content-Security-Policy
// violation, a failed load) or a request to another origin, and that saves a
// screenshot where the test's log says.
package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// RequireEnv names the environment variable that turns a missing browser
// from a skip into a failure: .ci/run sets it to 1.
const RequireEnv = "TONIC_REQUIRE_BROWSER"

// ChromiumEnv names the environment variable that gives the browser's path,
// before the names looked up in PATH.
const ChromiumEnv = "TONIC_CHROMIUM"

// ErrNoBrowser is returned by Launch when no Chromium can be found.
var ErrNoBrowser = errors.New("browsertest: no chromium found (install Debian's: apt-get install chromium; or set " + ChromiumEnv + " to a Chromium or Chrome binary)")

// startTimeout bounds the start of the browser.
const startTimeout = 60 * time.Second

// browserNames are the programs Launch looks for in PATH, in order.
func browserNames() []string {
	return []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"}
}

// Browser is a headless Chromium shared by the tests of one test binary.
type Browser struct {
	ctx     context.Context // the browser's first tab, which keeps it alive
	cancel  context.CancelFunc
	stop    context.CancelFunc // stops the allocator: kills the process
	dataDir string
	path    string
}

// Launch starts a headless Chromium with a fresh profile, no sandbox (tests
// run as root in CI) and nothing that talks to the network on its own. It
// returns an error that wraps ErrNoBrowser when there is none to start.
func Launch() (*Browser, error) {
	path, err := findBrowser()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "tonic-chromium-")
	if err != nil {
		return nil, err
	}
	allocCtx, stop := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(dir),
		chromedp.WindowSize(1400, 1000),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-features", "Translate,OptimizationHints,MediaRouter"),
		chromedp.Flag("no-pings", true),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("mute-audio", true),
	)
	ctx, cancel := chromedp.NewContext(allocCtx)
	b := &Browser{ctx: ctx, cancel: cancel, stop: stop, dataDir: dir, path: path}
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(ctx) }() // the first run starts the browser; it must not carry a timeout
	select {
	case err = <-started:
	case <-time.After(startTimeout):
		err = fmt.Errorf("no answer after %v", startTimeout)
	}
	if err != nil {
		b.Close()
		return nil, fmt.Errorf("browsertest: starting %s: %w", path, err)
	}
	return b, nil
}

// findBrowser returns the path of the browser to start.
func findBrowser() (string, error) {
	if p := os.Getenv(ChromiumEnv); p != "" {
		if _, err := exec.LookPath(p); err != nil {
			return "", fmt.Errorf("%w: %s=%s: %v", ErrNoBrowser, ChromiumEnv, p, err)
		}
		return p, nil
	}
	for _, name := range browserNames() {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNoBrowser
}

// Path returns the path of the browser's program.
func (b *Browser) Path() string { return b.path }

// Close stops the browser and removes its profile. It is safe on a nil
// Browser.
func (b *Browser) Close() {
	if b == nil {
		return
	}
	b.cancel()
	b.stop()
	// Chromium's helpers may still write into the profile for a moment
	// after the browser has stopped.
	for range 50 {
		if err := os.RemoveAll(b.dataDir); err == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Need returns b for t, or ends t when launchErr says there is no browser:
// with t.Skip, saying what to install, or with t.Fatal when RequireEnv is
// set to 1.
func Need(t *testing.T, b *Browser, launchErr error) *Browser {
	t.Helper()
	if b != nil && launchErr == nil {
		return b
	}
	if launchErr == nil {
		launchErr = ErrNoBrowser
	}
	if os.Getenv(RequireEnv) == "1" {
		t.Fatalf("BROWSER TEST CANNOT RUN (%s=1): %v", RequireEnv, launchErr)
	}
	t.Skipf("BROWSER TEST SKIPPED: %v (set %s=1 to fail instead)", launchErr, RequireEnv)
	return nil
}
