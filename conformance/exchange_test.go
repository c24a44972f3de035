package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi-validator/errors"
)

// exchange is one request to exampled and what it must get.
type exchange struct {
	name   string
	op     string // the operationId it exercises
	method string
	path   string // with the query
	body   string
	header map[string]string // Content-Type is application/json for a body unless given
	auth   bool              // send the writer's credentials
	code   int
	// conforms says whether the request conforms to the document: false for
	// those the server must refuse because the document forbids them.
	conforms bool
}

// The writer's credentials of the exampled the exchanges run against.
const (
	writer   = "alice"
	password = "s3cret"
)

// exchanges exercise every operation of exampled's document with each
// status it documents, except the 500 of a failing store and the 503 of a
// canceled sleep, which a client cannot cause. They run in order: item 1
// is created, read, replaced and deleted.
func exchanges() []exchange {
	long := strings.Repeat("x", 101)
	huge := `{"name":"` + strings.Repeat("x", 20_000) + `","count":1}`
	text := map[string]string{"Accept": "text/plain"}
	form := map[string]string{"Content-Type": "text/plain"}
	crossSite := map[string]string{"Sec-Fetch-Site": "cross-site"} // a page of another site
	return []exchange{
		{"create", "create", "POST", "/1.0/stuff", `{"name":"widget","count":3}`, nil, true, 201, true},
		{"create, malformed JSON", "create", "POST", "/1.0/stuff", `{"name":`, nil, true, 400, false},
		{"create, unknown field", "create", "POST", "/1.0/stuff", `{"name":"x","colour":"red"}`, nil, true, 400, false},
		{"create, no credentials", "create", "POST", "/1.0/stuff", `{"name":"x","count":1}`, nil, false, 401, false},
		{"create, from another site", "create", "POST", "/1.0/stuff", `{"name":"x","count":1}`, crossSite, true, 403, true},
		{"create, refusing JSON", "create", "POST", "/1.0/stuff", `{"name":"x","count":1}`, text, true, 406, true},
		{"create, body over 16 KiB", "create", "POST", "/1.0/stuff", huge, nil, true, 413, false},
		{"create, not JSON", "create", "POST", "/1.0/stuff", "name=x", form, true, 415, false},
		{"create, empty name", "create", "POST", "/1.0/stuff", `{"name":"","count":1}`, nil, true, 422, false},
		{"create, name too long", "create", "POST", "/1.0/stuff", `{"name":"` + long + `","count":1}`, nil, true, 422, false},
		{"create, count too large", "create", "POST", "/1.0/stuff", `{"name":"x","count":1000000001}`, nil, true, 422, false},
		// The schema cannot say "no control characters": Validate does.
		{"create, control character", "create", "POST", "/1.0/stuff", `{"name":"a\u0007b","count":1}`, nil, true, 422, true},

		{"list", "list", "GET", "/1.0/stuff", "", nil, false, 200, true},
		{"list a page", "list", "GET", "/1.0/stuff?limit=10&offset=0", "", nil, false, 200, true},
		{"list, limit not a number", "list", "GET", "/1.0/stuff?limit=ten", "", nil, false, 400, false},
		{"list, refusing JSON", "list", "GET", "/1.0/stuff", "", text, false, 406, true},
		{"list, limit zero", "list", "GET", "/1.0/stuff?limit=0", "", nil, false, 422, false},
		{"list, limit too large", "list", "GET", "/1.0/stuff?limit=1001", "", nil, false, 422, false},
		{"list, negative offset", "list", "GET", "/1.0/stuff?offset=-1", "", nil, false, 422, false},

		{"get", "get", "GET", "/1.0/stuff/1", "", nil, false, 200, true},
		{"get, a body of the wrong shape", "get", "GET", "/1.0/stuff/1", `{"id":"2"}`, nil, false, 400, false},
		{"get, unknown id", "get", "GET", "/1.0/stuff/42", "", nil, false, 404, true},
		{"get, refusing JSON", "get", "GET", "/1.0/stuff/1", "", text, false, 406, true},

		{"update", "update", "PUT", "/1.0/stuff/1", `{"name":"gadget","count":4}`, nil, true, 200, true},
		{"update, id in the body", "update", "PUT", "/1.0/stuff/1", `{"id":"2","name":"x","count":1}`, nil, true, 400, false},
		{"update, no credentials", "update", "PUT", "/1.0/stuff/1", `{"name":"x","count":1}`, nil, false, 401, false},
		{"update, from another site", "update", "PUT", "/1.0/stuff/1", `{"name":"x","count":1}`, crossSite, true, 403, true},
		{"update, unknown id", "update", "PUT", "/1.0/stuff/9", `{"name":"x","count":1}`, nil, true, 404, true},
		{"update, refusing JSON", "update", "PUT", "/1.0/stuff/1", `{"name":"x","count":1}`, text, true, 406, true},
		{"update, body over 16 KiB", "update", "PUT", "/1.0/stuff/1", huge, nil, true, 413, false},
		{"update, not JSON", "update", "PUT", "/1.0/stuff/1", "name=x", form, true, 415, false},
		{"update, negative count", "update", "PUT", "/1.0/stuff/1", `{"name":"x","count":-1}`, nil, true, 422, false},

		{"sleep", "sleep", "GET", "/1.0/sleep/1", "", nil, false, 200, true},
		{"sleep, ms not a number", "sleep", "GET", "/1.0/sleep/soon", "", nil, false, 400, false},
		{"sleep, refusing JSON", "sleep", "GET", "/1.0/sleep/1", "", text, false, 406, true},
		{"sleep, too long", "sleep", "GET", "/1.0/sleep/60001", "", nil, false, 422, false},
		{"version", "version", "GET", "/1.0/version", "", nil, false, 200, true},

		{"remove, a body of the wrong shape", "remove", "DELETE", "/1.0/stuff/1", `[]`, nil, true, 400, false},
		{"remove, no credentials", "remove", "DELETE", "/1.0/stuff/1", "", nil, false, 401, false},
		{"remove, from another site", "remove", "DELETE", "/1.0/stuff/1", "", crossSite, true, 403, true},
		{"remove, refusing JSON", "remove", "DELETE", "/1.0/stuff/1", "", text, true, 406, true},
		{"remove", "remove", "DELETE", "/1.0/stuff/1", "", nil, true, 204, true},
		{"remove, unknown id", "remove", "DELETE", "/1.0/stuff/1", "", nil, true, 404, true},
	}
}

func TestExampledAnswersAsDocumented(t *testing.T) {
	t.Parallel()
	base := startExampled(t, writer+":"+password)
	c := &http.Client{Timeout: waitLimit}
	doc := get(t, c, base+"/openapi.json")
	v := newValidator(t, doc)
	for _, x := range exchanges() {
		t.Run(x.name, func(t *testing.T) {
			req, resp, _ := x.send(t, c, base)
			ok, errs := v.ValidateHttpRequest(req)
			if ok != x.conforms {
				t.Errorf("the document finds the request conforming: %v, want %v%s", ok, x.conforms, describe(errs))
			}
			if resp.StatusCode != x.code {
				t.Errorf("got %d, want %d", resp.StatusCode, x.code)
			}
			if ok, errs := v.ValidateHttpResponse(req, resp); !ok {
				t.Errorf("the %d response (%s) breaks the document:%s", resp.StatusCode, resp.Header.Get("Content-Type"), describe(errs))
			}
		})
	}
	checkCoverage(t, doc, exchanges())
}

// send sends x to the server at base and returns the request, with a body
// to read again, and the response, whose body it read: body, which the
// response's Body reads again.
func (x exchange) send(t *testing.T, c *http.Client, base string) (*http.Request, *http.Response, []byte) {
	t.Helper()
	newRequest := func() *http.Request {
		r, err := http.NewRequest(x.method, base+x.path, strings.NewReader(x.body))
		if err != nil {
			t.Fatal(err)
		}
		if x.body != "" {
			r.Header.Set("Content-Type", "application/json")
		}
		for k, v := range x.header {
			r.Header.Set(k, v)
		}
		if x.auth {
			r.SetBasicAuth(writer, password)
		}
		return r
	}
	resp, err := c.Do(newRequest())
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return newRequest(), resp, body
}

// get returns the body of a 200 answer to GET url.
func get(t *testing.T, c *http.Client, url string) []byte {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: got %d %v", url, resp.StatusCode, err)
	}
	return body
}

// describe lists validation errors, one a line.
func describe(errs []*errors.ValidationError) string {
	var b strings.Builder
	for _, e := range errs {
		fmt.Fprintf(&b, "\n\t%s: %s", e.Message, e.Reason)
		for _, se := range e.SchemaValidationErrors {
			fmt.Fprintf(&b, "\n\t\t%s: %s", se.FieldPath, se.Reason)
		}
	}
	return b.String()
}

// checkCoverage fails the test unless the exchanges exercise every status
// of every operation of doc, but for 500 and the 503 of a canceled sleep.
func checkCoverage(t *testing.T, doc []byte, xs []exchange) {
	t.Helper()
	var d struct {
		Paths map[string]map[string]struct {
			OperationID string                     `json:"operationId"`
			Responses   map[string]json.RawMessage `json:"responses"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(doc, &d); err != nil {
		t.Fatal(err)
	}
	for _, item := range d.Paths {
		for _, op := range item {
			for status := range op.Responses {
				if status == "500" || (op.OperationID == "sleep" && status == "503") {
					continue
				}
				if !slices.ContainsFunc(xs, func(x exchange) bool { return x.op == op.OperationID && fmt.Sprint(x.code) == status }) {
					t.Errorf("no exchange gets %s from %s", status, op.OperationID)
				}
			}
		}
	}
}
