package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// ScreenshotDirEnv names the environment variable that gives the directory
// of the screenshots. Defaults to tonic-screenshots in os.TempDir().
const ScreenshotDirEnv = "TONIC_SCREENSHOTS"

// actionTimeout bounds one Page.Run: generous, since a loaded machine may
// be slow, and only reached when something is wrong.
const actionTimeout = 30 * time.Second

// Page is one tab of a Browser, open on one origin for one test. It
// records every problem the page shows: at the end of the test, they fail
// it, after a screenshot has been saved.
type Page struct {
	t      *testing.T
	ctx    context.Context
	origin string

	mu       sync.Mutex
	problems []string
	allowed  []*regexp.Regexp // console errors the test expects
}

// Open opens rawURL in a new tab of b for t. The tab closes when t ends,
// after it has saved a screenshot and failed t on any problem it saw: a
// console error, an uncaught exception, a browser log error, or a request
// to another origin than rawURL's. Problems whose text matches one of the
// allowed regular expressions are accepted: those the test provokes on
// purpose (a 404 it asked for).
func (b *Browser) Open(t *testing.T, rawURL string, allowed ...string) *Page {
	t.Helper()
	u, err := url.Parse(rawURL)
	if err != nil {
		t.Fatalf("browsertest: Open(%q): %v", rawURL, err)
	}
	ctx, cancel := chromedp.NewContext(b.ctx)
	p := &Page{t: t, ctx: ctx, origin: u.Scheme + "://" + u.Host}
	for _, a := range allowed {
		p.allowed = append(p.allowed, regexp.MustCompile(a))
	}
	if err := chromedp.Listen(ctx, p.onEvent); err != nil {
		cancel()
		t.Fatalf("browsertest: opening a tab: %v", err)
	}
	t.Cleanup(func() {
		p.Screenshot("final")
		for _, msg := range p.unexpected() {
			t.Errorf("browser: %s", msg)
		}
		cancel()
	})
	p.Run(chromedp.Navigate(rawURL))
	return p
}

// onEvent records the problems among the tab's events. It runs on the
// tab's reading goroutine: it must return fast.
func (p *Page) onEvent(ev any) {
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			p.problem("console.%s: %s", ev.Type, argsText(ev.Args))
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		text := d.Text
		if d.Exception != nil && d.Exception.Description != "" {
			text += " " + d.Exception.Description
		}
		p.problem("uncaught exception at %s:%d: %s", d.URL, d.LineNumber+1, text)
	case *log.EventEntryAdded:
		if e := ev.Entry; e != nil && e.Level == log.EntryLevelError {
			p.problem("browser log (%s) error: %s %s", e.Source, e.Text, e.URL)
		}
	case *network.EventRequestWillBeSent:
		if ev.Request != nil && !p.sameOrigin(ev.Request.URL) {
			p.problem("request to another origin: %s %s", ev.Request.Method, ev.Request.URL)
		}
	}
}

// sameOrigin reports whether a request to rawURL stays on the page's
// origin; data: and blob: URLs are made by the page itself.
func (p *Page) sameOrigin(rawURL string) bool {
	u, err := url.Parse(rawURL)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "data", "blob", "about":
		return true
	}
	return u.Scheme+"://"+u.Host == p.origin
}

func argsText(args []*runtime.RemoteObject) string {
	var parts []string
	for _, a := range args {
		switch {
		case a == nil:
		case len(a.Value) > 0:
			var str string
			if err := json.Unmarshal(a.Value, &str); err == nil {
				parts = append(parts, str)
			} else {
				parts = append(parts, string(a.Value))
			}
		default:
			parts = append(parts, a.Description)
		}
	}
	return strings.Join(parts, " ")
}

func (p *Page) problem(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	p.mu.Lock()
	defer p.mu.Unlock()
	p.problems = append(p.problems, msg)
}

// unexpected returns the problems that no allowed pattern matches.
func (p *Page) unexpected() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
next:
	for _, msg := range p.problems {
		for _, re := range p.allowed {
			if re.MatchString(msg) {
				continue next
			}
		}
		out = append(out, msg)
	}
	return out
}

// Problems returns the problems seen so far, allowed ones included.
func (p *Page) Problems() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.problems...)
}

// Run runs actions in the tab, failing the test on an error.
func (p *Page) Run(actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		p.t.Fatalf("browser: %v", err)
	}
}

// Eval returns the value of the JavaScript expression in the tab, failing
// the test on an error.
func Eval[T any](p *Page, expression string) T {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expression))
	if err != nil {
		p.t.Fatalf("browser: evaluating %s: %v", expression, err)
	}
	return v
}

// WaitFor polls the JavaScript expression until it is true, failing the
// test after a while.
func (p *Page) WaitFor(what, expression string) {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expression, chromedp.WithPollingInterval(50*time.Millisecond))); err != nil {
		p.t.Fatalf("browser: waiting for %s (%s): %v", what, expression, err)
	}
}

// Screenshot saves a PNG of the whole page as <dir>/<test>-<name>.png and
// logs its path; a failure to take it is logged, not fatal. It returns the
// path, or "" on failure.
func (p *Page) Screenshot(name string) string {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Logf("browser: no screenshot %q: %v", name, err)
		return ""
	}
	dir := ScreenshotDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		p.t.Logf("browser: no screenshot %q: %v", name, err)
		return ""
	}
	path := filepath.Join(dir, fileName(p.t.Name())+"-"+fileName(name)+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		p.t.Logf("browser: no screenshot %q: %v", name, err)
		return ""
	}
	p.t.Logf("browser: screenshot %s", path)
	return path
}

// ScreenshotDir returns the directory of the screenshots: ScreenshotDirEnv,
// or tonic-screenshots in os.TempDir().
func ScreenshotDir() string {
	if d := os.Getenv(ScreenshotDirEnv); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "tonic-screenshots")
}

// fileName makes s safe as a file name.
func fileName(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '.':
			return r
		}
		return '_'
	}, s)
}
