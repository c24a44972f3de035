package conformance

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/seed78c03fa0/tonic/marshal"
	"github.com/seed78c03fa0/tonic/openapi"
	"github.com/seed78c03fa0/tonic/tonic"
)

// Checked carries one field per validation keyword, in the body and in the
// query, for TestKeywordsAgree.
type Checked struct {
	Page     *int      `query:"page" minimum:"1" maximum:"50"`
	Kind     string    `query:"kind" enum:"a,b"`
	Low      int       `query:"low" minimum:"1"`
	Min      int       `json:"min,omitempty" minimum:"10"`
	Max      float64   `json:"max,omitempty" maximum:"2.5"`
	ExMin    int       `json:"exmin,omitempty" exclusiveMinimum:"0"`
	ExMax    int       `json:"exmax,omitempty" exclusiveMaximum:"100"`
	Short    string    `json:"short,omitempty" maxLength:"3"`
	Long     string    `json:"long,omitempty" minLength:"2"`
	Code     string    `json:"code,omitempty" pattern:"^[A-Z]{3}$"`
	When     string    `json:"when,omitempty" format:"date-time"`
	Day      string    `json:"day,omitempty" format:"date"`
	Email    string    `json:"email,omitempty" format:"email"`
	URI      string    `json:"uri,omitempty" format:"uri"`
	UUID     string    `json:"uuid,omitempty" format:"uuid"`
	IPv4     string    `json:"ipv4,omitempty" format:"ipv4"`
	IPv6     string    `json:"ipv6,omitempty" format:"ipv6"`
	Size     string    `json:"size,omitempty" enum:"small,large"`
	Level    int       `json:"level,omitempty" enum:"1,2,3"`
	Tags     *[]string `json:"tags,omitempty" minItems:"1" maxItems:"2" maxLength:"4"`
	Nullable *int      `json:"nullable,omitempty" minimum:"5"`
}

// Ack is the response of TestKeywordsAgree's endpoint.
type Ack struct {
	OK bool `json:"ok"`
}

// TestKeywordsAgree checks that the server and the document agree on each
// validation keyword: for a valid and an invalid value of each, the server
// answers 200 exactly when libopenapi-validator finds the request
// conforming (422 otherwise), and its 422 body conforms to the document.
func TestKeywordsAgree(t *testing.T) {
	t.Parallel()
	mux := tonic.NewTrieServeMux()
	mux.Handle("POST", "/checked", marshal.Typed(func(context.Context, *Checked) (*Ack, error) {
		return &Ack{OK: true}, nil
	}))
	doc, err := openapi.New(mux, openapi.Info{Title: "keywords", Version: "1"})
	if err != nil {
		t.Fatal(err)
	}
	v := newValidator(t, doc.JSON())
	srv := httptest.NewServer(mux)
	defer srv.Close()
	tests := []struct {
		name  string
		query string
		body  string
		valid bool
	}{
		{"nothing", "", `{}`, true},
		{"query minimum, in", "page=1", `{}`, true},
		{"query minimum, out", "page=0", `{}`, false},
		{"query maximum, out", "page=51", `{}`, false},
		{"query enum, in", "kind=b", `{}`, true},
		{"query enum, out", "kind=c", `{}`, false},
		{"query enum, given empty", "kind=", `{}`, false},
		{"query minimum, given zero", "low=0", `{}`, false},
		{"query minimum, out", "low=-1", `{}`, false},
		{"body minLength, empty: absent", "", `{"long":""}`, true},
		{"minimum, in", "", `{"min":10}`, true},
		{"minimum, out", "", `{"min":9}`, false},
		{"maximum, in", "", `{"max":2.5}`, true},
		{"maximum, out", "", `{"max":2.51}`, false},
		{"exclusiveMinimum, in", "", `{"exmin":1}`, true},
		{"exclusiveMinimum, out", "", `{"exmin":-1}`, false},
		{"exclusiveMaximum, in", "", `{"exmax":99}`, true},
		{"exclusiveMaximum, out", "", `{"exmax":100}`, false},
		{"maxLength counts characters", "", `{"short":"été"}`, true},
		{"maxLength, out", "", `{"short":"abcd"}`, false},
		{"minLength, in", "", `{"long":"ab"}`, true},
		{"minLength, out", "", `{"long":"a"}`, false},
		{"pattern, in", "", `{"code":"ABC"}`, true},
		{"pattern, out", "", `{"code":"ABCD"}`, false},
		{"date-time, in", "", `{"when":"2026-01-02T03:04:05Z"}`, true},
		{"date-time, out", "", `{"when":"2026-01-02 03:04:05"}`, false},
		{"date, in", "", `{"day":"2026-01-02"}`, true},
		{"date, out", "", `{"day":"2026-13-02"}`, false},
		{"email, in", "", `{"email":"ann@example.com"}`, true},
		{"email, out", "", `{"email":"ann.example.com"}`, false},
		{"uri, in", "", `{"uri":"https://example.com/a?b=c"}`, true},
		{"uri, out", "", `{"uri":"example.com"}`, false},
		{"uuid, in", "", `{"uuid":"123e4567-e89b-12d3-a456-426614174000"}`, true},
		{"uuid, out", "", `{"uuid":"123e4567-e89b-12d3-a456"}`, false},
		{"ipv4, in", "", `{"ipv4":"192.0.2.1"}`, true},
		{"ipv4, out", "", `{"ipv4":"192.0.2.256"}`, false},
		{"ipv6, in", "", `{"ipv6":"2001:db8::1"}`, true},
		{"ipv6, out", "", `{"ipv6":"2001:db8::g"}`, false},
		{"enum, in", "", `{"size":"large"}`, true},
		{"enum, out", "", `{"size":"medium"}`, false},
		{"integer enum, in", "", `{"level":2}`, true},
		{"integer enum, out", "", `{"level":4}`, false},
		{"minItems, out", "", `{"tags":[]}`, false},
		{"maxItems, in", "", `{"tags":["a","b"]}`, true},
		{"maxItems, out", "", `{"tags":["a","b","c"]}`, false},
		{"element maxLength, out", "", `{"tags":["abcde"]}`, false},
		{"null pointer", "", `{"nullable":null}`, true},
		{"pointer minimum, out", "", `{"nullable":4}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := exchange{method: "POST", path: "/checked?" + tt.query, body: tt.body}
			req, resp, body := x.send(t, srv.Client(), srv.URL)
			ok, errs := v.ValidateHttpRequest(req)
			want := http.StatusUnprocessableEntity
			if tt.valid {
				want = http.StatusOK
			}
			if ok != tt.valid || resp.StatusCode != want {
				t.Errorf("the document finds the request conforming: %v, and the server answers %d; want %v and %d%s",
					ok, resp.StatusCode, tt.valid, want, describe(errs))
			}
			if ok, errs := v.ValidateHttpResponse(req, resp); !ok {
				t.Errorf("the %d response breaks the document:%s", resp.StatusCode, describe(errs))
			}
			if !tt.valid && !strings.Contains(string(body), `"fields":[{`) {
				t.Errorf("the 422 has no fields")
			}
		})
	}
}
