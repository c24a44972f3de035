package docs

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/seed78c03fa0/tonic/tonic"
)

// mounted returns a mux that serves the page under /docs/ as the package
// doc says, and, under /ns, mounted with HandleNamespace, which strips the
// prefix.
func mounted(specURL string) http.Handler {
	mux := tonic.NewTrieServeMux()
	mux.Handle("GET", "/docs/{file...}", Handler(specURL))
	inner := tonic.NewTrieServeMux()
	inner.Handle("GET", "/{file...}", Handler(specURL))
	mux.HandleNamespace("/ns/api-docs", inner)
	return mux
}

func serve(h http.Handler, method, target string) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(method, target, nil))
	return w
}

// TestHandlerServes checks what each path gets: the page, an asset, or
// the redirect that adds the slash, with the security headers.
func TestHandlerServes(t *testing.T) {
	t.Parallel()
	h := mounted("/openapi.json")
	for _, tt := range []struct {
		name, target string
		wantStatus   int
		wantType     string
		wantLocation string
		wantBody     string
	}{
		{"the page", "/docs/", 200, "text/html; charset=utf-8", "", `<meta name="tonic-openapi-spec" content="/openapi.json">`},
		{"the script", "/docs/docs.js", 200, "text/javascript; charset=utf-8", "", "tonic-openapi-spec"},
		{"the styles", "/docs/docs.css", 200, "text/css; charset=utf-8", "", "--fg"},
		{"the icon", "/docs/favicon.svg", 200, "image/svg+xml", "", "<svg"},
		{"no slash: redirected", "/docs", 301, "", "/docs/", ""},
		{"a deeper path ending in a slash: the page", "/docs/tags/", 200, "text/html; charset=utf-8", "", "docs.js"},
		{"a deeper path: redirected with its query", "/docs/tags?x=1", 301, "", "/docs/tags/?x=1", ""},
		{"under a namespace", "/ns/api-docs/", 200, "text/html; charset=utf-8", "", "docs.css"},
		{"under a namespace, no slash", "/ns/api-docs", 301, "", "/ns/api-docs/", ""},
		{"an asset under a namespace", "/ns/api-docs/docs.js", 200, "text/javascript; charset=utf-8", "", "tonic-openapi-spec"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := serve(h, "GET", tt.target)
			if w.Code != tt.wantStatus {
				t.Fatalf("GET %s: got %d, want %d (%s)", tt.target, w.Code, tt.wantStatus, w.Body)
			}
			if tt.wantLocation != "" {
				loc, err := http.NewRequest("GET", "http://x"+tt.target, nil)
				if err != nil {
					t.Fatal(err)
				}
				got, err := loc.URL.Parse(w.Header().Get("Location"))
				if err != nil || got.RequestURI() != tt.wantLocation {
					t.Errorf("GET %s: redirected to %q (%v), want %q", tt.target, w.Header().Get("Location"), got, tt.wantLocation)
				}
				return
			}
			if ct := w.Header().Get("Content-Type"); ct != tt.wantType {
				t.Errorf("GET %s: got Content-Type %q, want %q", tt.target, ct, tt.wantType)
			}
			csp := w.Header().Get("Content-Security-Policy")
			for _, want := range []string{"default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'"} {
				if !strings.Contains(csp, want) {
					t.Errorf("GET %s: Content-Security-Policy %q lacks %q", tt.target, csp, want)
				}
			}
			if strings.Contains(csp, "unsafe") {
				t.Errorf("GET %s: Content-Security-Policy %q allows something unsafe", tt.target, csp)
			}
			if got := w.Header().Get("X-Content-Type-Options"); got != "nosniff" {
				t.Errorf("GET %s: X-Content-Type-Options %q", tt.target, got)
			}
			if !strings.Contains(w.Body.String(), tt.wantBody) {
				t.Errorf("GET %s: body lacks %q", tt.target, tt.wantBody)
			}
		})
	}
}

// TestHandlerRejectsOtherMethods checks the JSON 405 of a POST.
func TestHandlerRejectsOtherMethods(t *testing.T) {
	t.Parallel()
	w := serve(Handler("/openapi.json"), "POST", "/docs/")
	if w.Code != http.StatusMethodNotAllowed || w.Header().Get("Allow") != "GET, HEAD" ||
		!strings.Contains(w.Body.String(), `"method_not_allowed"`) {
		t.Errorf("POST: got %d Allow %q %s, want a JSON 405", w.Code, w.Header().Get("Allow"), w.Body)
	}
}

// TestPageIsStrict checks that the page has no inline code, loads only
// its own assets, and escapes the spec URL and title.
func TestPageIsStrict(t *testing.T) {
	t.Parallel()
	h := Handler(`/openapi.json?a=1&b="2"`, Options{Title: "<b>Docs</b>"})
	page := serve(h, "GET", "/").Body.String()
	for _, inline := range []string{"<style", " style=", "<script>", " onclick=", " onload=", "javascript:", "http://", "https://", "//"} {
		if strings.Contains(page, inline) {
			t.Errorf("the page holds %q", inline)
		}
	}
	if !strings.Contains(page, `content="/openapi.json?a=1&amp;b=&#34;2&#34;"`) || !strings.Contains(page, "<title>&lt;b&gt;Docs&lt;/b&gt;</title>") {
		t.Errorf("the spec URL or title is not escaped:\n%s", page)
	}
	refs := regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(page, -1)
	if len(refs) != 3 {
		t.Errorf("got %d asset references, want 3 (icon, styles, script)", len(refs))
	}
	total := len(page)
	for _, m := range refs {
		w := serve(h, "GET", "/"+m[1])
		if w.Code != 200 {
			t.Errorf("the page's %s: got %d", m[1], w.Code)
		}
		total += w.Body.Len()
	}
	t.Logf("the page and its assets: %d bytes", total)
}

// TestHandlerMisuse checks the panics at construction.
func TestHandlerMisuse(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name    string
		specURL string
		opts    []Options
		want    string
	}{
		{"empty", "", nil, "docs: Handler with an empty spec URL"},
		{"another origin", "https://example.com/openapi.json", nil, `docs: Handler spec URL "https://example.com/openapi.json": want a path`},
		{"scheme-relative", "//example.com/openapi.json", nil, `docs: Handler spec URL "//example.com/openapi.json": want a path`},
		{"two options", "/openapi.json", []Options{{}, {}}, "docs: Handler with 2 Options, want at most one"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				r := recover()
				msg := ""
				switch v := r.(type) {
				case error:
					msg = v.Error()
				case string:
					msg = v
				}
				if !strings.HasPrefix(msg, tt.want) {
					t.Errorf("got panic %v, want one starting %q", r, tt.want)
				}
			}()
			Handler(tt.specURL, tt.opts...)
		})
	}
}

// TestHEAD checks that HEAD gets the headers without the body.
func TestHEAD(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(Handler("/openapi.json"))
	defer srv.Close()
	resp, err := http.Head(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || len(b) != 0 || resp.Header.Get("Content-Security-Policy") == "" {
		t.Errorf("HEAD: got %d, %d bytes, CSP %q", resp.StatusCode, len(b), resp.Header.Get("Content-Security-Policy"))
	}
	srv.Client().CloseIdleConnections()
}
