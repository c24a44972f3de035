package browsertest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

// TestPageSeesProblems checks that a page reports each kind of problem the
// browser tests fail on: without it, a harness that saw nothing would
// pass every test.
func TestPageSeesProblems(t *testing.T) {
	b, err := Launch()
	b = Need(t, b, err)
	defer b.Close()
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; img-src *")
		fmt.Fprint(w, `<!doctype html><title>problems</title>
<script src="/app.js"></script>
<script>document.title = "inline ran";</script>
<img src="http://127.0.0.2:9/elsewhere.png">`)
	})
	mux.HandleFunc("/app.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		fmt.Fprint(w, `console.error("an error on purpose"); setTimeout(() => { throw new Error("thrown on purpose"); }, 0);`)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	var p *Page
	t.Run("page", func(t *testing.T) {
		p = b.Open(t, srv.URL+"/", ".*") // everything allowed: this test reads them
		p.WaitFor("the thrown error", `new Promise(r => setTimeout(() => r(true), 100))`)
	})
	got := strings.Join(p.Problems(), "\n")
	for _, want := range []string{
		"console.error: an error on purpose",
		"uncaught exception",
		"thrown on purpose",
		"Content Security Policy",
		"request to another origin: GET http://127.0.0.2:9/elsewhere.png",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the page's problems lack %q; got:\n%s", want, got)
		}
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintf(os.Stderr, "goleak: %v\n", err)
			code = 1
		}
	}
	os.Exit(code)
}
