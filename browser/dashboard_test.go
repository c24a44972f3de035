package browser

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/seed78c03fa0/tonic/browser/internal/browsertest"
)

// TestDashboard opens exampled's admin dashboard in Chromium while the API
// serves some load: the header names the service and its version, the
// charts draw, the numbers change between two reads, and the cancel button
// of a slow request cancels it. The page must show no console error and
// ask no other origin (browsertest.Page), and a screenshot is saved.
func TestDashboard(t *testing.T) {
	b := browser(t)
	ex := startExampled(t)
	stopLoad := load(t, ex.api, 20000, "/1.0/stuff", "/1.0/sleep/3", "/1.0/stuff/nothing-here")

	p := b.Open(t, ex.admin+"/")
	p.WaitFor("two polls", `Number(document.body.dataset.polls || 0) >= 2`)
	for _, tt := range []struct{ sel, want string }{
		{"#service", "exampled"},
		{"#version", exampledVersion},
		{"#readiness", "ready"},
	} {
		if got := browsertest.Eval[string](p, `document.querySelector("`+tt.sel+`").textContent`); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.sel, got, tt.want)
		}
	}
	p.WaitFor("the charts", `document.querySelectorAll("#charts .chart canvas").length >= 9`)

	first := browsertest.Eval[string](p, `document.getElementById("served-api").textContent`)
	polls := browsertest.Eval[float64](p, `Number(document.body.dataset.polls)`)
	p.WaitFor("the served count to change", `document.getElementById("served-api").textContent !== `+quote(first)+
		` && Number(document.body.dataset.polls) > `+jsNumber(polls))
	p.WaitFor("a row of the slowest routes", `document.querySelector("#routes tbody td.mono") !== null`)
	stopLoad()

	// A slow request, canceled from its row.
	const id = "browsertest-slow-1"
	res := make(chan string, 1)
	go func() {
		req, _ := http.NewRequest("GET", ex.api+"/1.0/sleep/59000", nil)
		req.Header.Set("X-Request-ID", id)
		resp, err := (&http.Client{Timeout: 2 * waitLimit}).Do(req) // the sleep ends before, canceled or not
		if err != nil {
			res <- "error: " + err.Error()
			return
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		res <- resp.Status + " " + string(body)
	}()
	button := `button[data-request-id="` + id + `"]`
	p.WaitFor("the slow request's row", `document.querySelector('`+button+`') !== null`)
	p.Screenshot("loaded")
	p.Run(chromedp.Click(chromedp.CSS(button)))
	got := <-res
	if !strings.HasPrefix(got, "503") || !strings.Contains(got, "canceled") {
		t.Errorf("the canceled request: got %q, want a 503 that says it was canceled", got)
	}
	p.WaitFor("the button to say so", `document.querySelector('`+button+`') === null || document.querySelector('`+button+`').textContent === "canceled"`)
}

func quote(s string) string { return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"` }

func jsNumber(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
