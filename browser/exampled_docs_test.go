package browser

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/seed78c03fa0/tonic/browser/internal/browsertest"
)

// TestExampledDocs opens exampled's own /docs/ page, which renders the
// document exampled serves at /openapi.json, and checks that every
// operation of that document is on the page, with no console error and no
// request to another origin (the harness fails the test on either).
func TestExampledDocs(t *testing.T) {
	b := browser(t)
	ex := startExampled(t)

	res, err := http.Get(ex.api + "/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]struct {
			OperationID string `json:"operationId"`
		} `json:"paths"`
	}
	err = json.NewDecoder(res.Body).Decode(&doc)
	res.Body.Close()
	if err != nil {
		t.Fatalf("decoding exampled's document: %v", err)
	}
	var ids []string
	for _, ops := range doc.Paths {
		for _, op := range ops {
			ids = append(ids, op.OperationID)
		}
	}
	if len(ids) < 7 {
		t.Fatalf("exampled's document has %d operations (%v), want every route", len(ids), ids)
	}

	p := b.Open(t, ex.api+"/docs/")
	p.WaitFor("the document to render", `document.body.dataset.rendered === "true"`)
	p.Screenshot("exampled-docs")
	if got := browsertest.Eval[float64](p, `document.querySelectorAll("article.op").length`); int(got) != len(ids) {
		t.Errorf("got %v operations on the page, want the document's %d", got, len(ids))
	}
	for _, id := range ids {
		text := browsertest.Eval[string](p, `(document.getElementById("op-`+id+`") || {textContent: ""}).textContent`)
		if text == "" {
			t.Errorf("operation %s is not on the page", id)
		}
	}
	create := browsertest.Eval[string](p, `(document.getElementById("op-create") || {textContent: ""}).textContent`)
	for _, want := range []string{"POST", "/1.0/stuff", "201", "ItemInput", "401"} {
		if !strings.Contains(create, want) {
			t.Errorf("the create operation reads %q, want %q in it", create, want)
		}
	}
}
