package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	metrics "github.com/rcrowley/go-metrics"
	"github.com/rs/zerolog"

	"github.com/seed78c03fa0/tonic/server"
	"github.com/seed78c03fa0/tonic/tonic"
)

// testTime is the clock of the stores in tests.
var testTime = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// testAuth is the writer in tests.
var testAuth = credentials{user: "alice", password: "s3cret"}

// newTestAPI returns the API over a store in memory, with its registry.
func newTestAPI(t *testing.T, corsOrigins []string) (http.Handler, metrics.Registry) {
	t.Helper()
	store, err := OpenStore("", func() time.Time { return testTime })
	if err != nil {
		t.Fatal(err)
	}
	reg := metrics.NewRegistry()
	return mustAPI(t, apiOptions{store: store, log: zerolog.Nop(), registry: reg, auth: testAuth, corsOrigins: corsOrigins}), reg
}

// mustAPI returns newAPI's handler, failing tb on its error.
func mustAPI(tb testing.TB, o apiOptions) http.Handler {
	tb.Helper()
	if o.version == "" {
		o.version = "test"
	}
	h, _, err := newAPI(o)
	if err != nil {
		tb.Fatal(err)
	}
	return h
}

// call is one request to the API.
type call struct {
	method, target, body string
	auth                 *credentials      // Basic credentials, or none
	header               map[string]string // more headers; a JSON body gets a Content-Type unless given
}

// result is what a call got.
type result struct {
	code   int
	header http.Header
	body   string
}

// serveAPI serves c through h with the request ID "req-1".
func serveAPI(h http.Handler, c call) result {
	return serveContext(context.Background(), h, c)
}

// serveContext serves c through h with ctx as the request's context.
func serveContext(ctx context.Context, h http.Handler, c call) result {
	r := httptest.NewRequest(c.method, c.target, strings.NewReader(c.body)).WithContext(ctx)
	r.Header.Set(tonic.RequestIDHeader, "req-1")
	if c.body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	for k, v := range c.header {
		r.Header.Set(k, v)
	}
	if c.auth != nil {
		r.SetBasicAuth(c.auth.user, c.auth.password)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return result{code: w.Code, header: w.Header(), body: w.Body.String()}
}

// serveFresh serves c through a new API and checks its status and body.
func serveFresh(t *testing.T, c call, code int, body string) result {
	t.Helper()
	h, _ := newTestAPI(t, nil)
	got := serveAPI(h, c)
	if got.code != code || got.body != body {
		t.Errorf("%s %s: got %d %s, want %d %s", c.method, c.target, got.code, got.body, code, body)
	}
	return got
}

// itemJSON is the JSON of an item stamped with testTime.
func itemJSON(id, name string, count int) string {
	return `{"id":"` + id + `","name":"` + name + `","count":` + strconv.Itoa(count) +
		`,"created":"2026-01-02T03:04:05Z","updated":"2026-01-02T03:04:05Z"}`
}

// errJSON is the body of a tonic error for request req-1.
func errJSON(name, description string) string {
	return `{"error":"` + name + `","description":"` + description + `","request_id":"req-1"}` + "\n"
}

// err422 is the body of a 422 for one value that breaks one rule.
func err422(path, rule, message string) string {
	return `{"error":"unprocessable_entity","description":"` + path + ": " + message + `","request_id":"req-1",` +
		`"fields":[{"path":"` + path + `","rule":"` + rule + `","message":"` + message + `"}]}` + "\n"
}

func TestStuffLifecycle(t *testing.T) {
	t.Parallel()
	h, _ := newTestAPI(t, nil)
	auth := &testAuth
	steps := []struct {
		name     string
		call     call
		code     int
		body     string
		location string
	}{
		{"create widget", call{method: "POST", target: "/1.0/stuff", body: `{"name":"widget","count":3}`, auth: auth},
			201, itemJSON("1", "widget", 3), "/1.0/stuff/1"},
		{"create gadget", call{method: "POST", target: "/1.0/stuff", body: `{"name":"gadget"}`, auth: auth},
			201, itemJSON("2", "gadget", 0), "/1.0/stuff/2"},
		{"get widget", call{method: "GET", target: "/1.0/stuff/1"}, 200, itemJSON("1", "widget", 3), ""},
		{"replace widget", call{method: "PUT", target: "/1.0/stuff/1", body: `{"name":"sprocket","count":7}`, auth: auth},
			200, itemJSON("1", "sprocket", 7), ""},
		{"list all", call{method: "GET", target: "/1.0/stuff"}, 200,
			`{"items":[` + itemJSON("1", "sprocket", 7) + `,` + itemJSON("2", "gadget", 0) + `],"total":2,"limit":100,"offset":0}`, ""},
		{"list second page", call{method: "GET", target: "/1.0/stuff?limit=1&offset=1"}, 200,
			`{"items":[` + itemJSON("2", "gadget", 0) + `],"total":2,"limit":1,"offset":1}`, ""},
		{"list past the end", call{method: "GET", target: "/1.0/stuff?offset=5"}, 200,
			`{"items":[],"total":2,"limit":100,"offset":5}`, ""},
		{"delete widget", call{method: "DELETE", target: "/1.0/stuff/1", auth: auth}, 204, "", ""},
		{"get deleted", call{method: "GET", target: "/1.0/stuff/1"}, 404, errJSON("not_found", `no stuff with id \"1\"`), ""},
		{"delete again", call{method: "DELETE", target: "/1.0/stuff/1", auth: auth}, 404, errJSON("not_found", `no stuff with id \"1\"`), ""},
		{"ids are not reused", call{method: "POST", target: "/1.0/stuff", body: `{"name":"gizmo","count":1}`, auth: auth},
			201, itemJSON("3", "gizmo", 1), "/1.0/stuff/3"},
		{"list after delete", call{method: "GET", target: "/1.0/stuff?limit=5"}, 200,
			`{"items":[` + itemJSON("2", "gadget", 0) + `,` + itemJSON("3", "gizmo", 1) + `],"total":2,"limit":5,"offset":0}`, ""},
	}
	for _, s := range steps { // in order: each step sees the ones before
		got := serveAPI(h, s.call)
		if got.code != s.code || strings.TrimSuffix(got.body, "\n") != strings.TrimSuffix(s.body, "\n") {
			t.Errorf("%s: %s %s: got %d %s, want %d %s", s.name, s.call.method, s.call.target, got.code, got.body, s.code, s.body)
		}
		if loc := got.header.Get("Location"); loc != s.location {
			t.Errorf("%s: Location: got %q, want %q", s.name, loc, s.location)
		}
		if s.body != "" && got.header.Get("Content-Type") != "application/json" {
			t.Errorf("%s: Content-Type: got %q, want application/json", s.name, got.header.Get("Content-Type"))
		}
	}
}

func TestErrors(t *testing.T) {
	t.Parallel()
	auth := &testAuth
	long := strings.Repeat("é", maxNameLen+1)
	tests := []struct {
		name  string
		call  call
		code  int
		body  string
		allow string
	}{
		{"unknown route", call{method: "GET", target: "/1.0/nope"}, 404, errJSON("not_found", "GET /1.0/nope not found"), ""},
		{"outside the namespace", call{method: "GET", target: "/2.0/stuff"}, 404, errJSON("not_found", "GET /2.0/stuff not found"), ""},
		{"unknown id", call{method: "GET", target: "/1.0/stuff/42"}, 404, errJSON("not_found", `no stuff with id \"42\"`), ""},
		{"id that is not a number", call{method: "GET", target: "/1.0/stuff/abc"}, 404, errJSON("not_found", `no stuff with id \"abc\"`), ""},
		{"replace unknown id", call{method: "PUT", target: "/1.0/stuff/9", body: `{"name":"x"}`, auth: auth}, 404, errJSON("not_found", `no stuff with id \"9\"`), ""},
		{"method not allowed", call{method: "PATCH", target: "/1.0/stuff/1"}, 405,
			errJSON("method_not_allowed", "PATCH /1.0/stuff/1 is not allowed; the allowed methods are DELETE, GET, HEAD, OPTIONS, PUT"), "DELETE, GET, HEAD, OPTIONS, PUT"},
		{"method not allowed on the list", call{method: "DELETE", target: "/1.0/stuff"}, 405,
			errJSON("method_not_allowed", "DELETE /1.0/stuff is not allowed; the allowed methods are GET, HEAD, OPTIONS, POST"), "GET, HEAD, OPTIONS, POST"},
		{"not JSON", call{method: "POST", target: "/1.0/stuff", body: "name=x", auth: auth, header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}}, 415,
			errJSON("unsupported_media_type", `Content-Type is \"application/x-www-form-urlencoded\", want application/json`), ""},
		{"malformed JSON", call{method: "POST", target: "/1.0/stuff", body: `{"name":`, auth: auth}, 400,
			errJSON("bad_request", "body: malformed JSON at byte 8: unexpected end of JSON input"), ""},
		{"unknown field", call{method: "POST", target: "/1.0/stuff", body: `{"name":"x","colour":"red"}`, auth: auth}, 400,
			errJSON("bad_request", "body.colour: unknown field"), ""},
		{"id in the body", call{method: "PUT", target: "/1.0/stuff/1", body: `{"id":"2","name":"x"}`, auth: auth}, 400,
			errJSON("bad_request", "body.id: unknown field"), ""},
		{"count of the wrong type", call{method: "POST", target: "/1.0/stuff", body: `{"name":"x","count":"3"}`, auth: auth}, 400,
			errJSON("bad_request", "body.count: got string, want an integer"), ""},
		{"no name", call{method: "POST", target: "/1.0/stuff", body: `{"count":3}`, auth: auth}, 422,
			err422("body.name", "minLength", "must be at least 1 character"), ""},
		{"name too long", call{method: "POST", target: "/1.0/stuff", body: `{"name":"` + long + `"}`, auth: auth}, 422,
			err422("body.name", "maxLength", "must be at most 100 characters"), ""},
		{"control character in name", call{method: "POST", target: "/1.0/stuff", body: `{"name":"a\u0007b"}`, auth: auth}, 422,
			errJSON("unprocessable_entity", "name: control characters are not allowed"), ""},
		{"invalid UTF-8 in name", call{method: "POST", target: "/1.0/stuff", body: "{\"name\":\"a\xff\"}", auth: auth}, 400,
			errJSON("bad_request", "body.name: not valid UTF-8"), ""},
		{"lone surrogate in name", call{method: "POST", target: "/1.0/stuff", body: `{"name":"\ud800"}`, auth: auth}, 400,
			errJSON("bad_request", `body.name: \\ud800 is the first half of a UTF-16 surrogate pair, without the second`), ""},
		{"negative count", call{method: "PUT", target: "/1.0/stuff/1", body: `{"name":"x","count":-1}`, auth: auth}, 422,
			err422("body.count", "minimum", "must be at least 0"), ""},
		{"body too large", call{method: "POST", target: "/1.0/stuff", body: `{"name":"` + strings.Repeat("x", maxBodyBytes) + `"}`, auth: auth}, 413,
			errJSON("request_entity_too_large", "body is larger than 16384 bytes"), ""},
		{"limit not a number", call{method: "GET", target: "/1.0/stuff?limit=ten"}, 400,
			errJSON("bad_request", `query.limit: got \"ten\", want an integer`), ""},
		{"limit zero", call{method: "GET", target: "/1.0/stuff?limit=0"}, 422, err422("query.limit", "minimum", "must be at least 1"), ""},
		{"limit too large", call{method: "GET", target: "/1.0/stuff?limit=1001"}, 422, err422("query.limit", "maximum", "must be at most 1000"), ""},
		{"negative offset", call{method: "GET", target: "/1.0/stuff?offset=-1"}, 422, err422("query.offset", "minimum", "must be at least 0"), ""},
		{"sleep too long", call{method: "GET", target: "/1.0/sleep/60001"}, 422, err422("path.ms", "maximum", "must be at most 60000"), ""},
		{"negative sleep", call{method: "GET", target: "/1.0/sleep/-1"}, 422, err422("path.ms", "minimum", "must be at least 0"), ""},
		{"sleep not a number", call{method: "GET", target: "/1.0/sleep/soon"}, 400, errJSON("bad_request", `path.ms: got \"soon\", want an integer`), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := serveFresh(t, tt.call, tt.code, tt.body)
			if allow := got.header.Get("Allow"); allow != tt.allow {
				t.Errorf("Allow: got %q, want %q", allow, tt.allow)
			}
		})
	}
}

func TestAuth(t *testing.T) {
	t.Parallel()
	unauthorized := errJSON("unauthorized", "authentication required")
	wrongPassword := &credentials{user: "alice", password: "guess"}
	wrongUser := &credentials{user: "mallory", password: "s3cret"}
	tests := []struct {
		name string
		call call
		code int
		body string
	}{
		{"create without credentials", call{method: "POST", target: "/1.0/stuff", body: `{"name":"x"}`}, 401, unauthorized},
		{"create with a wrong password", call{method: "POST", target: "/1.0/stuff", body: `{"name":"x"}`, auth: wrongPassword}, 401, unauthorized},
		{"create as an unknown user", call{method: "POST", target: "/1.0/stuff", body: `{"name":"x"}`, auth: wrongUser}, 401, unauthorized},
		{"credentials checked before the body", call{method: "POST", target: "/1.0/stuff", body: `{"name":`}, 401, unauthorized},
		{"malformed header", call{method: "POST", target: "/1.0/stuff", body: `{"name":"x"}`, header: map[string]string{"Authorization": "Basic !!!"}}, 401, unauthorized},
		{"another scheme", call{method: "POST", target: "/1.0/stuff", body: `{"name":"x"}`, header: map[string]string{"Authorization": "Bearer abc"}}, 401, unauthorized},
		{"replace without credentials", call{method: "PUT", target: "/1.0/stuff/1", body: `{"name":"x"}`}, 401, unauthorized},
		{"delete without credentials", call{method: "DELETE", target: "/1.0/stuff/1"}, 401, unauthorized},
		{"reads need none", call{method: "GET", target: "/1.0/stuff"}, 200, `{"items":[],"total":0,"limit":100,"offset":0}` + "\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := serveFresh(t, tt.call, tt.code, tt.body)
			wantChallenge := ""
			if tt.code == 401 {
				wantChallenge = `Basic realm="exampled", charset="UTF-8"`
			}
			if c := got.header.Get("WWW-Authenticate"); c != wantChallenge {
				t.Errorf("WWW-Authenticate: got %q, want %q", c, wantChallenge)
			}
		})
	}
}

func TestCORS(t *testing.T) {
	t.Parallel()
	const origin = "https://app.example.com"
	preflight := func(origin, method, headers string) map[string]string {
		return map[string]string{"Origin": origin, "Access-Control-Request-Method": method, "Access-Control-Request-Headers": headers}
	}
	tests := []struct {
		name    string
		origins []string
		call    call
		code    int
		want    map[string]string // response headers; "" means absent
	}{
		{"preflight of a write", []string{origin}, call{method: "OPTIONS", target: "/1.0/stuff", header: preflight(origin, "POST", "authorization, content-type")}, 204,
			map[string]string{"Access-Control-Allow-Origin": origin, "Access-Control-Allow-Methods": "GET, HEAD, POST, PUT, DELETE",
				"Access-Control-Allow-Headers": "Authorization, Content-Type, X-Request-ID", "Access-Control-Max-Age": "600"}},
		{"preflight from another origin", []string{origin}, call{method: "OPTIONS", target: "/1.0/stuff/1", header: preflight("https://evil.example", "DELETE", "")}, 204,
			map[string]string{"Access-Control-Allow-Origin": "", "Access-Control-Allow-Methods": ""}},
		{"preflight for a header not allowed", []string{origin}, call{method: "OPTIONS", target: "/1.0/stuff", header: preflight(origin, "POST", "x-secret")}, 204,
			map[string]string{"Access-Control-Allow-Origin": "", "Access-Control-Allow-Methods": ""}},
		{"read from the origin", []string{origin}, call{method: "GET", target: "/1.0/stuff", header: map[string]string{"Origin": origin}}, 200,
			map[string]string{"Access-Control-Allow-Origin": origin, "Access-Control-Expose-Headers": "Location, X-Request-ID", "Vary": "Origin"}},
		{"any origin", []string{"*"}, call{method: "GET", target: "/1.0/stuff", header: map[string]string{"Origin": "https://else.example"}}, 200,
			map[string]string{"Access-Control-Allow-Origin": "*"}},
		{"no CORS: the mux answers OPTIONS", nil, call{method: "OPTIONS", target: "/1.0/stuff", header: preflight(origin, "POST", "")}, 204,
			map[string]string{"Access-Control-Allow-Origin": "", "Allow": "GET, HEAD, OPTIONS, POST"}},
		{"no CORS: no header on reads", nil, call{method: "GET", target: "/1.0/stuff", header: map[string]string{"Origin": origin}}, 200,
			map[string]string{"Access-Control-Allow-Origin": ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h, _ := newTestAPI(t, tt.origins)
			got := serveAPI(h, tt.call)
			if got.code != tt.code {
				t.Errorf("%s %s: got %d %s, want %d", tt.call.method, tt.call.target, got.code, got.body, tt.code)
			}
			for k, v := range tt.want {
				if g := got.header.Get(k); g != v {
					t.Errorf("%s: got %q, want %q", k, g, v)
				}
			}
		})
	}
}

// TestCrossSiteWrites: a page of another site cannot make a signed-in
// browser write; the page of a CORS origin, same-origin pages and clients
// that are no browser can, and reads are never refused.
func TestCrossSiteWrites(t *testing.T) {
	t.Parallel()
	const app = "https://app.example.com"
	site := func(fetchSite, origin string) map[string]string {
		return map[string]string{"Sec-Fetch-Site": fetchSite, "Origin": origin}
	}
	tests := []struct {
		name    string
		origins []string
		call    call
		code    int
	}{
		{"another site's form", nil, call{method: "POST", target: "/1.0/stuff", body: `{"name":"x"}`, auth: &testAuth, header: site("cross-site", "https://evil.example")}, 403},
		{"another site's delete", []string{app}, call{method: "DELETE", target: "/1.0/stuff/1", auth: &testAuth, header: site("cross-site", "https://evil.example")}, 403},
		{"refused before the credentials are asked for", nil, call{method: "PUT", target: "/1.0/stuff/1", body: `{"name":"x"}`, header: site("cross-site", "https://evil.example")}, 403},
		{"a CORS origin", []string{app}, call{method: "POST", target: "/1.0/stuff", body: `{"name":"x"}`, auth: &testAuth, header: site("cross-site", app)}, 201},
		{"same origin", nil, call{method: "POST", target: "/1.0/stuff", body: `{"name":"x"}`, auth: &testAuth, header: site("same-origin", "")}, 201},
		{"curl", nil, call{method: "POST", target: "/1.0/stuff", body: `{"name":"x"}`, auth: &testAuth}, 201},
		{"another site's read", nil, call{method: "GET", target: "/1.0/stuff", header: site("cross-site", "https://evil.example")}, 200},
		{"CORS for every origin leaves writes to the operator's choice", []string{"*"}, call{method: "POST", target: "/1.0/stuff", body: `{"name":"x"}`, auth: &testAuth, header: site("cross-site", "https://else.example")}, 201},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h, _ := newTestAPI(t, tt.origins)
			got := serveAPI(h, tt.call)
			if got.code != tt.code {
				t.Fatalf("%s %s: got %d %s, want %d", tt.call.method, tt.call.target, got.code, got.body, tt.code)
			}
			if tt.code == 403 && !strings.Contains(got.body, `"error":"cross_origin_request"`) {
				t.Errorf("got body %s, want a cross_origin_request error", got.body)
			}
		})
	}
}

func TestSleep(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		target string
		cause  error // the cause the request's context is canceled with, or nil
		code   int
		body   string
	}{
		{"no wait", "/1.0/sleep/0", nil, 200, `{"slept_ms":0}` + "\n"},
		{"a short wait", "/1.0/sleep/1", nil, 200, `{"slept_ms":1}` + "\n"},
		{"canceled by an operator", "/1.0/sleep/60000", server.ErrRequestCanceled, 503,
			errJSON("request_canceled", "the request was canceled by an operator")},
		{"cut off by the drain", "/1.0/sleep/60000", server.ErrShuttingDown, 503,
			errJSON("shutting_down", "the server is shutting down")},
		{"client gone", "/1.0/sleep/60000", context.Canceled, 499,
			errJSON("client_closed_request", "the client closed the request")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h, _ := newTestAPI(t, nil)
			ctx, cancel := context.WithCancelCause(context.Background())
			defer cancel(nil)
			if tt.cause != nil {
				cancel(tt.cause)
			}
			got := serveContext(ctx, h, call{method: "GET", target: tt.target})
			if got.code != tt.code || got.body != tt.body {
				t.Errorf("GET %s: got %d %s, want %d %s", tt.target, got.code, got.body, tt.code, tt.body)
			}
		})
	}
}

func TestPerRouteMetrics(t *testing.T) {
	t.Parallel()
	h, reg := newTestAPI(t, nil)
	for _, c := range []call{
		{method: "POST", target: "/1.0/stuff", body: `{"name":"x"}`, auth: &testAuth},
		{method: "GET", target: "/1.0/stuff/1"},
		{method: "GET", target: "/1.0/stuff/2"},
		{method: "GET", target: "/nope"},
	} {
		serveAPI(h, c)
	}
	for name, want := range map[string]int64{"POST /1.0/stuff.count": 1, "GET /1.0/stuff/{id}.count": 2, "unmatched.count": 1} {
		c, ok := reg.Get(name).(metrics.Counter)
		if !ok {
			t.Errorf("counter %q: missing; registry has %v", name, names(reg))
			continue
		}
		if got := c.Count(); got != want {
			t.Errorf("counter %q: got %d, want %d", name, got, want)
		}
	}
	if tm, ok := reg.Get("GET /1.0/stuff/{id}.timer").(metrics.Timer); !ok || tm.Count() != 2 {
		t.Errorf("timer GET /1.0/stuff/{id}.timer: got %v, want one that timed 2 requests", reg.Get("GET /1.0/stuff/{id}.timer"))
	}
}

// names lists the metrics in reg.
func names(reg metrics.Registry) []string {
	var ns []string
	reg.Each(func(name string, _ any) { ns = append(ns, name) })
	return ns
}
