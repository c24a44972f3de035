package browser

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/seed78c03fa0/tonic/browser/internal/browsertest"
	"github.com/seed78c03fa0/tonic/openapi/docs"
	"github.com/seed78c03fa0/tonic/tonic"
)

// sampleDocument is the OpenAPI 3.1 document the docs page is tested with,
// until the document builder serves exampled's own.
const sampleDocument = "../openapi/docs/testdata/sample.json"

// docsServer serves the sample document at /openapi.json and the docs page
// for specURL under /docs/, as a service would mount them.
func docsServer(t *testing.T, specURL string) string {
	t.Helper()
	doc, err := os.ReadFile(sampleDocument)
	if err != nil {
		t.Fatal(err)
	}
	mux := tonic.NewTrieServeMux()
	mux.HandleFunc("GET", "/openapi.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write(doc)
	})
	mux.Handle("GET", "/docs/{file...}", docs.Handler(specURL))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestDocsPage renders the sample document and checks what a reader sees
// of OpenAPI 3.1: the operations, a type list with "null", enums with and
// without null, an anyOf of a $ref and null, $ref links that lead to their
// schema, and the filter.
func TestDocsPage(t *testing.T) {
	b := browser(t)
	base := docsServer(t, "/openapi.json")
	p := b.Open(t, base+"/docs") // redirected to /docs/
	p.WaitFor("the document to render", `document.body.dataset.rendered === "true"`)

	p.Screenshot("rendered")
	if got := browsertest.Eval[string](p, `location.pathname`); got != "/docs/" {
		t.Errorf("got path %q, want /docs/ (the redirect that adds the slash)", got)
	}
	if got := browsertest.Eval[string](p, `document.title`); got != "Stuff API · API documentation" {
		t.Errorf("got title %q", got)
	}
	if got := browsertest.Eval[float64](p, `document.querySelectorAll("article.op").length`); got != 6 {
		t.Errorf("got %v operations, want 6", got)
	}
	// propText is the text of the row of property prop in component schema.
	propText := func(schema, prop string) string {
		return browsertest.Eval[string](p, `(() => {
			const rows = document.querySelectorAll("#schema-`+schema+` table.props > tbody > tr");
			for (const r of rows) if (r.querySelector("td.prop code").textContent === "`+prop+`") return r.textContent;
			return "";
		})()`)
	}
	for _, tt := range []struct {
		name           string
		schema, prop   string
		wantSubstrings []string
	}{
		{"type list with null", "NewStuff", "note", []string{"string | null", "nullable", "length ≤ 500"}},
		{"required, with an example", "NewStuff", "name", []string{"*", "string", `e.g. "spanner"`, "length ≥ 1"}},
		{"$ref to an enum", "NewStuff", "kind", []string{"Kind"}},
		{"array with item pattern", "NewStuff", "tags", []string{"array of string", "unique items", "items ≤ 10"}},
		{"map", "NewStuff", "attributes", []string{"map of number"}},
		{"3.1 numeric exclusiveMinimum", "NewStuff", "weight", []string{"number (double)", "> 0"}},
		{"nullable type list, last page", "StuffPage", "next_cursor", []string{"string | null", "Null on the last page."}},
		{"array of $ref", "StuffPage", "items", []string{"array of Stuff"}},
	} {
		got := propText(tt.schema, tt.prop)
		for _, want := range tt.wantSubstrings {
			if !strings.Contains(got, want) {
				t.Errorf("%s: %s.%s reads %q, want %q in it", tt.name, tt.schema, tt.prop, got, want)
			}
		}
	}
	for _, tt := range []struct {
		name, schema string
		want         []string
	}{
		{"enum", "Kind", []string{`one of: "gadget", "widget", "doohickey"`}},
		{"enum with null", "Priority", []string{"integer | null", "nullable", "one of: 1, 2, 3, null"}},
		{"allOf with anyOf of $ref and null", "Stuff", []string{"all of NewStuff", "Owner | null", "read-only", "date-time"}},
	} {
		got := browsertest.Eval[string](p, `document.getElementById("schema-`+tt.schema+`").textContent`)
		for _, want := range tt.want {
			if !strings.Contains(got, want) {
				t.Errorf("%s: schema %s reads %q, want %q in it", tt.name, tt.schema, got, want)
			}
		}
	}
	op := browsertest.Eval[string](p, `document.getElementById("op-listStuff").textContent`)
	for _, want := range []string{"GET", "/stuff", "limit", "≤ 100", "default 20", "cursor", "X-Request-ID", "header", "StuffPage", "400", "The request does not decode"} {
		if !strings.Contains(op, want) {
			t.Errorf("listStuff reads %q, want %q in it", op, want)
		}
	}

	// A $ref link leads to its schema.
	p.Run(chromedp.Click(chromedp.CSS(`#op-getStuff a.ref[href="#schema-Stuff"]`)))
	if got := browsertest.Eval[string](p, `location.hash`); got != "#schema-Stuff" {
		t.Errorf("after clicking the Stuff link: got hash %q", got)
	}

	// The filter hides the other operations.
	p.Run(chromedp.SendKeys(chromedp.CSS("#filter"), "sleep"))
	p.WaitFor("the filter", `document.querySelectorAll("article.op:not(.hidden)").length === 1`)
	if got := browsertest.Eval[string](p, `document.querySelector("article.op:not(.hidden)").id`); got != "op-sleep" {
		t.Errorf("filtered on sleep: got %q shown", got)
	}
}

// TestDocsPageMissingDocument checks that a document that cannot be
// fetched is said so on the page.
func TestDocsPageMissingDocument(t *testing.T) {
	b := browser(t)
	base := docsServer(t, "/nothing.json")
	p := b.Open(t, base+"/docs/", `status of 404 .*/nothing\.json`) // the page's fetch, failing on purpose
	p.WaitFor("the error", `document.body.dataset.rendered === "error"`)
	if got := browsertest.Eval[string](p, `document.getElementById("status").textContent`); !strings.Contains(got, "404") {
		t.Errorf("got %q, want the error to name the 404", got)
	}
}
