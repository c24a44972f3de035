package main

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/seed78c03fa0/tonic/client"
	"github.com/seed78c03fa0/tonic/tonic"
	"github.com/seed78c03fa0/tonic/tonictest"
)

// Request types that a well-behaved client would not send, to draw the
// API's 400 and 415 answers through package client.
type (
	// badLimit sends a limit that is not a number.
	badLimit struct {
		Limit string `query:"limit"`
	}
	// numericName sends a number where the API wants a string.
	numericName struct {
		Name int `json:"name"`
	}
	// textBody sends a body labelled text/plain.
	textBody struct {
		ContentType string `header:"Content-Type"`
		Name        string `json:"name"`
	}
	// acceptHTML asks for HTML.
	acceptHTML struct {
		ID     string `path:"id"`
		Accept string `header:"Accept"`
	}
)

// TestAPIThroughClient drives every route, and every error status they
// answer, through package client against the API served by a real server
// over HTTP and over HTTPS with the certificate verified.
func TestAPIThroughClient(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		tls  bool
	}{{"HTTP", false}, {"HTTPS", true}} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h, _ := newTestAPI(t, nil)
			s := tonictest.NewServer(t, h, tonictest.ServerOptions{TLS: tt.tls})
			writer := s.Client(t, client.Options{Header: http.Header{"Authorization": {client.BasicAuth(testAuth.user, testAuth.password)}}})
			checkRoutes(t, writer)
			checkErrors(t, s, writer)
		})
	}
}

// checkRoutes calls every route successfully.
func checkRoutes(t *testing.T, c *client.Client) {
	t.Helper()
	ctx := context.Background()
	created, err := client.Do[Item](ctx, c, routeCreate, &ItemInput{Name: "widget", Count: 3})
	if err != nil || created.Status != 201 || created.Header.Get("Location") != "/1.0/stuff/1" || *created.Body != mustItem("1", "widget", 3) {
		t.Fatalf("create: got %+v, %v", created, err)
	}
	if _, err := client.Call[Item](ctx, c, routeCreate, &ItemInput{Name: "gadget"}); err != nil {
		t.Fatalf("create: %v", err)
	}
	if got, err := client.Call[Item](ctx, c, routeGet, &idRequest{ID: "1"}); err != nil || *got != mustItem("1", "widget", 3) {
		t.Errorf("get: got %+v, %v", got, err)
	}
	if got, err := client.Call[Item](ctx, c, routeUpdate, &updateRequest{ID: "1", ItemInput: ItemInput{Name: "sprocket", Count: 7}}); err != nil || *got != mustItem("1", "sprocket", 7) {
		t.Errorf("update: got %+v, %v", got, err)
	}
	one := 1
	page, err := client.Call[ItemPage](ctx, c, routeList, &listRequest{Limit: &one, Offset: 1})
	if err != nil || page.Total != 2 || page.Limit != 1 || page.Offset != 1 || len(page.Items) != 1 || page.Items[0].Name != "gadget" {
		t.Errorf("list: got %+v, %v", page, err)
	}
	if got, err := client.Do[struct{}](ctx, c, routeDelete, &idRequest{ID: "2"}); err != nil || got.Status != 204 {
		t.Errorf("delete: got %+v, %v", got, err)
	}
	if got, err := client.Call[SleepResult](ctx, c, "GET /1.0/sleep/{ms}", &sleepRequest{MS: 1}); err != nil || got.SleptMS != 1 {
		t.Errorf("sleep: got %+v, %v", got, err)
	}
}

// mustItem is an item stamped with testTime.
func mustItem(id, name string, count int64) Item {
	return Item{ID: id, Name: name, Count: count, Created: testTime, Updated: testTime}
}

// checkErrors draws each error status from the API, and one from the
// client's own side.
func checkErrors(t *testing.T, s *tonictest.Server, writer *client.Client) {
	t.Helper()
	reader := s.Client(t)
	wrong := s.Client(t, client.Options{Header: http.Header{"Authorization": {client.BasicAuth(testAuth.user, "wrong")}}})
	zero := 0
	tests := []struct {
		name    string
		c       *client.Client
		pattern string
		req     any
		status  int
		code    string
		message string
	}{
		{"not a number", reader, routeList, &badLimit{Limit: "ten"}, 400, "bad_request", `query.limit: got "ten", want an integer`},
		{"wrong type", writer, routeCreate, &numericName{Name: 1}, 400, "bad_request", "body.name: got number, want a string"},
		{"no credentials", reader, routeCreate, &ItemInput{Name: "x"}, 401, "unauthorized", "authentication required"},
		{"wrong password", wrong, routeDelete, &idRequest{ID: "1"}, 401, "unauthorized", "authentication required"},
		{"not found", reader, routeGet, &idRequest{ID: "999"}, 404, "not_found", `no stuff with id "999"`},
		{"method not allowed", writer, "PATCH /1.0/stuff/{id}", &idRequest{ID: "1"}, 405, "method_not_allowed",
			"PATCH /1.0/stuff/1 is not allowed; the allowed methods are DELETE, GET, HEAD, OPTIONS, PUT"},
		{"not acceptable", reader, routeGet, &acceptHTML{ID: "1", Accept: "text/html"}, 406, "not_acceptable", `Accept is "text/html", which rules out application/json`},
		{"too large", writer, routeCreate, &ItemInput{Name: strings.Repeat("x", maxBodyBytes)}, 413, "request_entity_too_large", ""},
		{"not JSON", writer, routeCreate, &textBody{ContentType: "text/plain", Name: "x"}, 415, "unsupported_media_type", `Content-Type is "text/plain", want application/json`},
		{"invalid body", writer, routeCreate, &ItemInput{Name: ""}, 422, "unprocessable_entity", "body.name: must be at least 1 character"},
		{"invalid query", reader, routeList, &listRequest{Limit: &zero}, 422, "unprocessable_entity", "query.limit: must be at least 1"},
	}
	for _, tt := range tests {
		ctx := tonic.ContextWithRequestID(context.Background(), "client-"+strings.ReplaceAll(tt.name, " ", "-"))
		_, err := client.Call[Item](ctx, tt.c, tt.pattern, tt.req)
		var e *tonic.Error
		switch {
		case !errors.As(err, &e):
			t.Errorf("%s: got %v, want a *tonic.Error", tt.name, err)
		case e.Status != tt.status || e.Code != tt.code || (tt.message != "" && e.Message != tt.message) || e.RequestID != tonic.RequestIDFrom(ctx):
			t.Errorf("%s: got %d %s %q (request ID %q), want %d %s %q (%q)", tt.name, e.Status, e.Code, e.Message, e.RequestID,
				tt.status, tt.code, tt.message, tonic.RequestIDFrom(ctx))
		}
	}
	checkCanceled(t, s, reader)
}

// checkCanceled draws a 503: a slow request that the server cancels, as
// the admin DELETE /debug/requests/{id} does.
func checkCanceled(t *testing.T, s *tonictest.Server, c *client.Client) {
	t.Helper()
	const id = "client-slow-1"
	errc := make(chan error, 1)
	go func() {
		_, err := client.Call[SleepResult](tonic.ContextWithRequestID(context.Background(), id), c, "GET /1.0/sleep/{ms}", &sleepRequest{MS: 60000})
		errc <- err
	}()
	for deadline := time.Now().Add(time.Minute); !s.Server.CancelRequest(id); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the slow request never showed in the server's table")
		}
	}
	var e *tonic.Error
	if err := <-errc; !errors.As(err, &e) || e.Status != 503 || e.Code != "request_canceled" || e.RequestID != id {
		t.Errorf("canceled: got %v, want a 503 request_canceled for %s", err, id)
	}
}

// TestAPIInProcess serves typed requests through the whole API handler,
// middleware included, without a socket.
func TestAPIInProcess(t *testing.T) {
	t.Parallel()
	h, _ := newTestAPI(t, nil)
	auth := tonictest.Options{Header: http.Header{"Authorization": {client.BasicAuth(testAuth.user, testAuth.password)}}}
	created := tonictest.Do[Item](t, h, routeCreate, &ItemInput{Name: "widget", Count: 3}, auth)
	if got := tonictest.Do[Item](t, h, routeGet, &idRequest{ID: created.ID}); *got != *created {
		t.Errorf("get: got %+v, want %+v", got, created)
	}
	tonictest.Error(t, tonictest.Serve(t, h, routeCreate, &numericName{Name: 1}, auth), http.StatusBadRequest, "body.name")
	tonictest.Error(t, tonictest.Serve(t, h, routeList, &badLimit{Limit: "x"}), http.StatusBadRequest, "query.limit")
	tonictest.Error(t, tonictest.Serve(t, h, routeCreate, &ItemInput{Name: "x"}), http.StatusUnauthorized, "")
	tonictest.Error(t, tonictest.Serve(t, h, routeGet, &idRequest{ID: "9"}), http.StatusNotFound, "")
}

// TestAPIRoutes checks, with the mux's own matching, the route each request
// reaches, through the middleware.
func TestAPIRoutes(t *testing.T) {
	t.Parallel()
	h, _ := newTestAPI(t, []string{"*"})
	tests := []struct{ method, target, pattern, id string }{
		{"GET", "/1.0/stuff", routeList, ""},
		{"POST", "/1.0/stuff", routeCreate, ""},
		{"GET", "/1.0/stuff/42", routeGet, "42"},
		{"HEAD", "/1.0/stuff/42", routeGet, "42"},
		{"PUT", "/1.0/stuff/a%2Fb", routeUpdate, "a/b"},
		{"DELETE", "/1.0/stuff/7", routeDelete, "7"},
		{"GET", "/1.0/sleep/10", "GET /1.0/sleep/{ms}", ""},
	}
	for _, tt := range tests {
		r := tonictest.Matched(t, h, httptest.NewRequest(tt.method, tt.target, nil))
		if r.Pattern != tt.pattern || r.PathValue("id") != tt.id {
			t.Errorf("%s %s: got %q with id %q, want %q with %q", tt.method, tt.target, r.Pattern, r.PathValue("id"), tt.pattern, tt.id)
		}
	}
}
