package marshal_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/seed78c03fa0/tonic/marshal"
	"github.com/seed78c03fa0/tonic/tonic"
)

// order is a request whose fields carry validation tags, in the body and
// in parameters.
type order struct {
	ID    string   `path:"id" pattern:"^[0-9]+$"`
	Limit int      `query:"limit" minimum:"1" maximum:"50"`
	Sort  []string `query:"sort" enum:"name,size"`
	Token string   `header:"X-Token" required:"true" minLength:"4"`
	Name  string   `json:"name" minLength:"1" maxLength:"10"`
	Email string   `json:"email,omitempty" format:"email"`
	Lines []line   `json:"lines" minItems:"1" maxItems:"3"`
}

type line struct {
	SKU   string `json:"sku" pattern:"^[A-Z]{3}-[0-9]+$"`
	Count int    `json:"count" exclusiveMinimum:"0"`
}

// Validate refuses one name with 409, so that tests see whether it ran.
func (o *order) Validate() error {
	if o.Name == "nobody" {
		return tonic.NewError(http.StatusConflict, "nobody may order")
	}
	return nil
}

func placeOrder(_ context.Context, in *order) (*order, error) { return in, nil }

func TestValidationTags(t *testing.T) {
	t.Parallel()
	mux := tonic.NewTrieServeMux()
	mux.Handle(http.MethodPost, "/orders/{id}", marshal.Typed(placeOrder))
	const good = `{"name":"ann","lines":[{"sku":"ABC-1","count":2}]}`
	tests := []struct {
		name   string
		target string
		token  string
		body   string
		status int
		fields []tonic.FieldError
		desc   string
	}{
		{name: "passes", target: "/orders/12", token: "abcd", body: good, status: 200},
		{name: "optional parameters absent", target: "/orders/12?sort=size", token: "abcd", body: good, status: 200},
		{name: "Validate runs after the tags pass", target: "/orders/12", token: "abcd",
			body: `{"name":"nobody","lines":[{"sku":"ABC-1","count":2}]}`, status: 409, desc: "nobody may order"},
		{name: "Validate does not run when the tags fail", target: "/orders/12", token: "abcd",
			body: `{"name":"nobody","email":"x","lines":[{"sku":"ABC-1","count":2}]}`, status: 422,
			desc:   "body.email: must be an email address",
			fields: []tonic.FieldError{{Path: "body.email", Rule: "format", Message: "must be an email address"}}},
		{name: "one body field", target: "/orders/12", token: "abcd", body: `{"name":"","lines":[{"sku":"ABC-1","count":2}]}`, status: 422,
			desc:   "body.name: must be at least 1 character",
			fields: []tonic.FieldError{{Path: "body.name", Rule: "minLength", Message: "must be at least 1 character"}}},
		{name: "every failing field, body and parameters", target: "/orders/x1?limit=51&sort=name&sort=date", token: "abc",
			body: `{"name":"abcdefghijk","email":"ann","lines":[{"sku":"ABC-1","count":1},{"sku":"abc","count":0}]}`, status: 422,
			desc: "body.name: must be at most 10 characters (and 7 more)",
			fields: []tonic.FieldError{
				{Path: "body.name", Rule: "maxLength", Message: "must be at most 10 characters"},
				{Path: "body.email", Rule: "format", Message: "must be an email address"},
				{Path: "body.lines[1].sku", Rule: "pattern", Message: "must match the pattern ^[A-Z]{3}-[0-9]+$"},
				{Path: "body.lines[1].count", Rule: "exclusiveMinimum", Message: "must be greater than 0"},
				{Path: "path.id", Rule: "pattern", Message: "must match the pattern ^[0-9]+$"},
				{Path: "query.limit", Rule: "maximum", Message: "must be at most 50"},
				{Path: "query.sort[1]", Rule: "enum", Message: `must be one of "name", "size"`},
				{Path: "header.X-Token", Rule: "minLength", Message: "must be at least 4 characters"},
			}},
		{name: "missing lines", target: "/orders/12", token: "abcd", body: `{"name":"ann"}`, status: 422,
			desc:   "body.lines: must have at least 1 item",
			fields: []tonic.FieldError{{Path: "body.lines", Rule: "minItems", Message: "must have at least 1 item"}}},
		{name: "a parameter given zero is checked", target: "/orders/12?limit=0", token: "abcd", body: good, status: 422,
			desc:   "query.limit: must be at least 1",
			fields: []tonic.FieldError{{Path: "query.limit", Rule: "minimum", Message: "must be at least 1"}}},
		{name: "an empty optional body field is absent", target: "/orders/12", token: "abcd",
			body: `{"name":"ann","email":"","lines":[{"sku":"ABC-1","count":2}]}`, status: 200},
		{name: "binding errors come first", target: "/orders/12?limit=ten", token: "abcd", body: `{"name":""}`, status: 400,
			desc: `query.limit: got "ten", want an integer`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := request(http.MethodPost, tt.target, tt.body, "Content-Type", "application/json", "X-Token", tt.token)
			w := serve(mux, r)
			if w.Code != tt.status {
				t.Fatalf("got %d %s, want %d", w.Code, w.Body, tt.status)
			}
			if tt.status == 200 {
				return
			}
			var got struct {
				Description string             `json:"description"`
				Fields      []tonic.FieldError `json:"fields"`
			}
			if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
				t.Fatal(err)
			}
			if got.Description != tt.desc || !slices.Equal(got.Fields, tt.fields) {
				t.Errorf("got %q %+v,\nwant %q %+v", got.Description, got.Fields, tt.desc, tt.fields)
			}
		})
	}
}

func TestValidationBodyIsExact(t *testing.T) {
	t.Parallel()
	h := tonic.UseErrorWriter(tonic.ProblemErrors{})(marshal.Typed(placeOrder))
	r := request(http.MethodPost, "/", `{"name":"","lines":[{"sku":"ABC-1","count":2}]}`, "Content-Type", "application/json", "X-Token", "abcd")
	r.SetPathValue("id", "1")
	w := serve(h, r)
	want := `{"type":"about:blank","title":"Unprocessable Entity","status":422,"detail":"body.name: must be at least 1 character",` +
		`"error":"unprocessable_entity","fields":[{"path":"body.name","rule":"minLength","message":"must be at least 1 character"}]}` + "\n"
	if w.Code != 422 || w.Body.String() != want || w.Header().Get("Content-Type") != "application/problem+json" {
		t.Errorf("got %d %s %q,\nwant 422 application/problem+json %q", w.Code, w.Header().Get("Content-Type"), w.Body, want)
	}
}

// bigList is a request that fails once per element.
type bigList []struct {
	N int `json:"n" minimum:"1"`
}

func TestValidationListsAtMostAHundred(t *testing.T) {
	t.Parallel()
	h := marshal.Typed(func(_ context.Context, in bigList) (bigList, error) { return in, nil })
	body := "[" + strings.TrimSuffix(strings.Repeat(`{"n":0},`, 150), ",") + "]"
	w := serve(h, request(http.MethodPost, "/", body, "Content-Type", "application/json"))
	var got struct {
		Description string             `json:"description"`
		Fields      []tonic.FieldError `json:"fields"`
	}
	_ = json.Unmarshal(w.Body.Bytes(), &got)
	if w.Code != 422 || len(got.Fields) != 100 || got.Description != "body[0].n: must be at least 1 (and 149 more)" || got.Fields[99].Path != "body[99].n" {
		t.Errorf("got %d %q with %d fields, want 422 listing 100 of 150", w.Code, got.Description, len(got.Fields))
	}
}

// Requests with bad tags, for the construction panics.
type (
	badTagReq struct {
		Name string `json:"name" maxLength:"many"`
	}
	badParamTagReq struct {
		Limit int `query:"limit" maxLength:"3"`
	}
)

func TestValidationBadTagPanics(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		make func()
		want string
	}{
		{"Typed, body field", func() {
			marshal.Typed(func(context.Context, *badTagReq) (*thing, error) { return nil, nil })
		}, `marshal_test.badTagReq field Name: tag maxLength:"many": want a non-negative integer`},
		{"Typed, parameter", func() {
			marshal.Typed(func(context.Context, *badParamTagReq) (*thing, error) { return nil, nil })
		}, `marshal_test.badParamTagReq field Limit: tag maxLength:"3": applies to strings, and this is an integer field (int)`},
		{"Marshaled", func() {
			marshal.Marshaled(func(*url.URL, http.Header, *badTagReq) (int, http.Header, *thing, error) { return 0, nil, nil, nil })
		}, `argument 3 is *marshal_test.badTagReq: validate: marshal_test.badTagReq field Name: tag maxLength:"many"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			defer func() {
				got := recover()
				msg, _ := got.(string)
				if err, ok := got.(error); ok {
					msg = err.Error()
				}
				if !strings.HasPrefix(msg, "marshal: ") || !strings.Contains(msg, tt.want) {
					t.Errorf("got panic %v, want a marshal: panic containing %q", got, tt.want)
				}
			}()
			tt.make()
		})
	}
}
