package middleware

import (
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"
	"time"
)

// basicCases are Authorization header values, one per way of being right or
// wrong, for the table test and the timing benchmarks. valid,
// wrong-password, wrong-user, password-of-other-user and unknown-user all
// decode to 16 bytes, so that their timings can differ only by what is
// wrong, not by the length of the header the client sent.
var basicCases = []struct {
	name   string
	header string
	ok     bool
}{
	{name: "valid", header: "Basic " + b64("alice:wonderland"), ok: true},
	{name: "lowercase-scheme", header: "basic " + b64("alice:wonderland"), ok: true},
	{name: "uppercase-scheme", header: "BASIC " + b64("bob:b0b-builds"), ok: true},
	{name: "wrong-password", header: "Basic " + b64("alice:wonderlanD")},
	{name: "wrong-user", header: "Basic " + b64("alicf:wonderland")},
	{name: "password-of-other-user", header: "Basic " + b64("alice:b0b-builds")},
	{name: "unknown-user", header: "Basic " + b64("mallo:wonderland")},
	{name: "empty", header: "Basic " + b64(":")},
	{name: "no-header", header: ""},
	{name: "other-scheme", header: "Bearer " + b64("alice:wonderland")},
	{name: "bad-base64", header: "Basic !!!"},
	{name: "no-colon", header: "Basic " + b64("alicewonderland")},
	{name: "long-credentials", header: "Basic " + b64("carol:"+strings.Repeat("p", 300)), ok: true},
	{name: "long-wrong", header: "Basic " + b64("carol:"+strings.Repeat("q", 300))},
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
	return map[string]string{"alice": "wonderland", "bob": "b0b-builds", "carol": strings.Repeat("p", 300)}
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

func TestBasicAuthRepeatedHeaderFails(t *testing.T) {
	t.Parallel()
	r := authRequest("Basic " + b64("alice:wonderland"))
	r.Header.Add("Authorization", "Basic "+b64("alice:wonderland"))
	if rec := serve(BasicAuth("r", testCredentials())(noop), r); rec.Code != 401 {
		t.Errorf("got %d, want 401 for two Authorization lines", rec.Code)
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

// BenchmarkBasicAuthTiming compares the time distributions of the checks of
// well-formed credentials that are right or wrong in different ways. It
// interleaves the cases in short batches inside one loop, rotating their
// order, so that the load of a shared machine weighs on all alike, and
// reports each case's median batch time over the median for valid
// credentials (metric "<case>/valid"). Over several runs,
//
//	go test -run '^$' -bench BasicAuthTiming -count 6 ./middleware | benchstat -
//
// every ratio should sit at 1.00 within a few percent. (The decoding time
// depends on the length of the header the client sent, which is no secret,
// so the cases compared are all 16 bytes long.)
func BenchmarkBasicAuthTiming(b *testing.B) {
	a := newBasicAuth("r", testCredentials())
	var cases []int // indexes into basicCases of the well-formed, short ones
	for i, tc := range basicCases {
		switch tc.name {
		case "valid", "wrong-password", "wrong-user", "password-of-other-user", "unknown-user":
			cases = append(cases, i)
		}
	}
	reqs := make([]*http.Request, len(cases))
	for i, c := range cases {
		reqs[i] = authRequest(basicCases[c].header)
	}
	const batch = 32
	samples := make([][]time.Duration, len(cases))
	ok := true
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for k := range cases {
			c := (i + k) % len(cases)
			start := time.Now()
			for j := 0; j < batch; j++ {
				ok = a.check(reqs[c]) == basicCases[cases[c]].ok && ok
			}
			samples[c] = append(samples[c], time.Since(start))
		}
	}
	b.StopTimer()
	if !ok {
		b.Fatal("wrong answer")
	}
	base := median(samples[0])
	for c := 1; c < len(cases); c++ {
		b.ReportMetric(float64(median(samples[c]))/float64(base), basicCases[cases[c]].name+"/valid")
	}
}

// median returns the median of ds, sorting it.
func median(ds []time.Duration) time.Duration {
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[len(ds)/2]
}

// TestBasicAuthNamesItsScheme checks that documentation generators learn
// the scheme from the handler, and still see through it.
func TestBasicAuthNamesItsScheme(t *testing.T) {
	t.Parallel()
	inner := http.NewServeMux()
	h := BasicAuth("r", map[string]string{"u": "p"})(inner)
	a, ok := h.(interface{ AuthScheme() string })
	if !ok || a.AuthScheme() != "basic" {
		t.Fatalf("got %T, want a handler whose AuthScheme is basic", h)
	}
	if u, ok := h.(interface{ Unwrap() http.Handler }); !ok || u.Unwrap() != http.Handler(inner) {
		t.Errorf("Unwrap does not return the handler inside")
	}
}
