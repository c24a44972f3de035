package middleware

import (
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"testing"
)

// basicCases are Authorization header values, one per way of being right or
// wrong, for the table test and the timing benchmark.
var basicCases = []struct {
	name   string
	header string
	ok     bool
}{
	{name: "valid", header: "Basic " + b64("alice:wonderland"), ok: true},
	{name: "lowercase-scheme", header: "basic " + b64("alice:wonderland"), ok: true},
	{name: "uppercase-scheme", header: "BASIC " + b64("bob:builder"), ok: true},
	{name: "wrong-password", header: "Basic " + b64("alice:wonderlanD")},
	{name: "wrong-user", header: "Basic " + b64("alicf:wonderland")},
	{name: "password-of-other-user", header: "Basic " + b64("alice:builder")},
	{name: "unknown-user", header: "Basic " + b64("mallory:wonderland")},
	{name: "empty", header: "Basic " + b64(":")},
	{name: "no-header", header: ""},
	{name: "other-scheme", header: "Bearer " + b64("alice:wonderland")},
	{name: "bad-base64", header: "Basic !!!"},
	{name: "no-colon", header: "Basic " + b64("alicewonderland")},
}

// b64 is base64.StdEncoding of s.
func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

// authRequest is a GET with the given Authorization header, if any.
func authRequest(header string) *http.Request {
	r := httptest.NewRequest("GET", "/", nil)
	if header != "" {
		r.Header.Set("Authorization", header)
	}
	return r
}

// testCredentials are the users of the BasicAuth tests.
func testCredentials() map[string]string {
	return map[string]string{"alice": "wonderland", "bob": "builder"}
}

func TestBasicAuth(t *testing.T) {
	t.Parallel()
	h := BasicAuth(`Tonic "admin"`, testCredentials())(text(200, "secret stuff"))
	var failure *httptest.ResponseRecorder
	for _, tc := range basicCases {
		t.Run(tc.name, func(t *testing.T) {
			rec := serve(h, authRequest(tc.header))
			if tc.ok {
				if rec.Code != 200 || rec.Body.String() != "secret stuff" {
					t.Errorf("got %d %q, want 200 through", rec.Code, rec.Body)
				}
				return
			}
			wantBody := `{"error":"unauthorized","description":"authentication required"}` + "\n"
			if rec.Code != 401 || rec.Body.String() != wantBody {
				t.Errorf("got %d %q, want 401 %q", rec.Code, rec.Body, wantBody)
			}
			if got, want := rec.Header().Get("WWW-Authenticate"), `Basic realm="Tonic \"admin\"", charset="UTF-8"`; got != want {
				t.Errorf("WWW-Authenticate got %q, want %q", got, want)
			}
			if failure != nil && (rec.Body.String() != failure.Body.String() || len(rec.Header()) != len(failure.Header())) {
				t.Errorf("failure response differs from another failure's: %v vs %v", rec.Header(), failure.Header())
			}
			failure = rec
		})
	}
}

func TestBasicAuthConstruction(t *testing.T) {
	t.Parallel()
	wantPanicPrefix(t, "unusable realm", func() { BasicAuth("", testCredentials()) })
	wantPanicPrefix(t, "unusable realm", func() { BasicAuth("a\nb", testCredentials()) })
	wantPanicPrefix(t, "without credentials", func() { BasicAuth("r", nil) })
	wantPanicPrefix(t, `user name "a:b" is empty or contains a colon`, func() { BasicAuth("r", map[string]string{"a:b": "c"}) })
	wantPanicPrefix(t, `user name "" is empty`, func() { BasicAuth("r", map[string]string{"": "c"}) })
}

// BenchmarkBasicAuthCheck times the credential check for each case. It is
// the constant-time evidence: compare the distributions across cases with
//
//	go test -run '^$' -bench BasicAuthCheck -count 10 ./middleware > ba.txt
//	benchstat -col /case ba.txt
//
// Every case, right or wrong in whatever way, should take the same time
// (ratios of about 1.00, within the noise).
func BenchmarkBasicAuthCheck(b *testing.B) {
	a := newBasicAuth("r", testCredentials())
	for _, tc := range basicCases {
		r := authRequest(tc.header)
		b.Run("case="+tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if a.check(r) != tc.ok {
					b.Fatal("wrong answer")
				}
			}
		})
	}
}

// BenchmarkBasicAuthMiddleware times whole failing requests, which must not
// differ by the kind of failure either.
func BenchmarkBasicAuthMiddleware(b *testing.B) {
	h := BasicAuth("r", testCredentials())(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	for _, tc := range basicCases {
		if tc.ok {
			continue
		}
		r := authRequest(tc.header)
		b.Run("case="+tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				h.ServeHTTP(httptest.NewRecorder(), r)
			}
		})
	}
}
