package tonic

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// muxPair holds the same routes on a ServeMux and on tonic's muxes, so that
// a request can be sent to both and the answers compared.
type muxPair struct {
	std   *http.ServeMux
	hosts *HostServeMux
	muxes map[string]*TrieServeMux // by host, "*" for the host-less routes
}

func newMuxPair() *muxPair {
	return &muxPair{std: http.NewServeMux(), hosts: NewHostServeMux(), muxes: map[string]*TrieServeMux{}}
}

// handle registers a handler writing name as the ServeMux pattern std and
// as tonic's method and pattern for host ("*" for none).
func (p *muxPair) handle(std, host, method, pattern, name string) {
	p.std.Handle(std, named(name))
	m := p.muxes[host]
	if m == nil {
		m = NewTrieServeMux()
		p.muxes[host] = m
		p.hosts.Handle(host, m)
	}
	m.Handle(method, pattern, named(name))
}

// answer is what a mux answered, reduced to what the rows compare.
type answer struct {
	code     int
	body     string // the handler's name for a 2xx, else ""
	location string
}

func (a answer) String() string {
	return strings.TrimSpace(strings.Join([]string{http.StatusText(a.code), a.body, a.location}, " "))
}

// sameAs reports whether a and b agree in the way the rows claim: the same
// status, or both a redirect (ServeMux uses other codes; see the README),
// with the same handler and Location.
func (a answer) sameAs(b answer) bool {
	redirects := a.code/100 == 3 && b.code/100 == 3
	return (a.code == b.code || redirects) && a.body == b.body && a.location == b.location
}

func serveAnswer(h http.Handler, r *http.Request) answer {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	a := answer{code: w.Code, location: w.Header().Get("Location")}
	if w.Code/100 == 2 {
		a.body = w.Body.String()
	}
	return a
}

// request builds a request; a target without a leading '/' other than "*"
// is set on URL.Path directly, as only a handler calling ServeHTTP can.
func request(method, host, target string) *http.Request {
	if target == "*" || strings.HasPrefix(target, "/") {
		r := httptest.NewRequest(method, target, nil)
		r.Host = host
		return r
	}
	r := httptest.NewRequest(method, "/", nil)
	r.Host = host
	r.URL.Path, r.RequestURI = target, target
	return r
}

// TestMuxLikeServeMux runs the cases of issue 15 through ServeMux and
// tonic's muxes. Rows with same set must get ServeMux's answer; the others
// differ as the README's "Coming from http.ServeMux" says, and want is
// tonic's answer. Handler is checked to decide as ServeHTTP does.
func TestMuxLikeServeMux(t *testing.T) {
	t.Parallel()
	p := newMuxPair()
	p.handle("/any", "*", AnyMethod, "/any", "any")                     // item 2
	p.handle("GET /any", "*", "GET", "/any", "get-any")                 // item 2
	p.handle("GET /#/", "*", "GET", "/#/{rest...}", "hash")             // item 3
	p.handle("GET /%x", "*", "GET", "/%x", "percent-x")                 // item 3
	p.handle("GET /%", "*", "GET", "/%", "percent")                     // item 3
	p.handle("GET /rooted", "*", "GET", "/rooted", "rooted")            // item 4
	p.handle("PUT /r", "*", "PUT", "/r", "put-r")                       // item 6
	p.handle("GET /r/", "*", "GET", "/r/{rest...}", "get-r")            // item 6
	p.handle("GET /other", "*", "GET", "/other", "other")               // item 7
	p.handle("POST /h", "*", "POST", "/h", "post-h")                    // item 7
	p.handle("GET example.com/h", "example.com", "GET", "/h", "host-h") // item 7
	tests := []struct {
		name                 string
		method, host, target string
		want                 answer
		same                 bool // ServeMux answers the same
	}{
		{"2: extension method to the any-method route", "PURGE", "", "/any", answer{200, "any", ""}, true},
		{"2: a method's case matters", "Get", "", "/any", answer{200, "any", ""}, true},
		{"2: a method's own route wins", "GET", "", "/any", answer{200, "get-any", ""}, true},
		{"2: POST to the any-method route", "POST", "", "/any", answer{200, "any", ""}, true},
		{"2: OPTIONS to the any-method route", "OPTIONS", "", "/any", answer{200, "any", ""}, true},
		{"3: # in a pattern", "GET", "", "/%23/apage", answer{200, "hash", ""}, true},
		{"3: malformed escape kept literally", "GET", "", "/%25x", answer{200, "percent-x", ""}, true},
		{"3: lone % kept literally", "GET", "", "/%25", answer{200, "percent", ""}, true},
		{"4: no leading slash, redirected", "GET", "", "rooted", answer{301, "", "/rooted"}, true},
		{"4: no leading slash, nothing there", "GET", "", "nowhere", answer{404, "", ""}, false},
		{"5: GET *", "GET", "", "*", answer{400, "", ""}, true},
		{"6: the redirect wins over 405", "GET", "", "/r", answer{301, "", "/r/"}, true},
		{"6: the method's own route", "PUT", "", "/r", answer{200, "put-r", ""}, true},
		{"6: neither has the method", "POST", "", "/r", answer{405, "", ""}, true},
		{"6: automatic OPTIONS", "OPTIONS", "", "/r", answer{204, "", ""}, false},
		{"7: the host's route", "GET", "example.com", "/h", answer{200, "host-h", ""}, true},
		{"7: no route for the path at the host", "GET", "example.com", "/other", answer{200, "other", ""}, true},
		{"7: the host has other methods, the host-less routes this one", "POST", "example.com", "/h", answer{200, "post-h", ""}, true},
		{"7: nobody has the method", "DELETE", "example.com", "/h", answer{405, "", ""}, true},
		{"7: nobody has the path", "GET", "example.com", "/nope", answer{404, "", ""}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := serveAnswer(p.hosts, request(tt.method, tt.host, tt.target))
			if !got.sameAs(tt.want) || got.code != tt.want.code {
				t.Errorf("%s %s%s: got %v, want %v", tt.method, tt.host, tt.target, got, tt.want)
			}
			std := serveAnswer(p.std, request(tt.method, tt.host, tt.target))
			if tt.same && !std.sameAs(got) {
				t.Errorf("%s %s%s: ServeMux answers %v, tonic %v; want the same", tt.method, tt.host, tt.target, std, got)
			}
			if !tt.same && std.sameAs(got) {
				t.Errorf("%s %s%s: ServeMux now answers as tonic does (%v): mark the row same", tt.method, tt.host, tt.target, got)
			}
			h, _ := p.hosts.Handler(request(tt.method, tt.host, tt.target))
			if m := innerMux(h); m != nil {
				h, _ = m.Handler(request(tt.method, tt.host, tt.target))
			}
			if viaHandler := serveAnswer(h, request(tt.method, tt.host, tt.target)); viaHandler != got {
				t.Errorf("%s %s%s: Handler's handler answers %v, ServeHTTP %v", tt.method, tt.host, tt.target, viaHandler, got)
			}
		})
	}
}

// TestMuxNilHandlers: a nil handler, however typed, is refused at
// registration with a message naming the route. std registers the same on
// a ServeMux, where it refuses it too; stdTakes marks where it does not.
func TestMuxNilHandlers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		register func()
		want     string
		std      func()
		stdTakes bool
	}{
		{"nil interface", func() { NewTrieServeMux().Handle("GET", "/", nil) }, "tonic: nil handler for GET /",
			func() { http.NewServeMux().Handle("GET /", nil) }, false},
		{"nil HandlerFunc", func() { NewTrieServeMux().Handle("GET", "/", http.HandlerFunc(nil)) }, "tonic: nil handler for GET /",
			func() { http.NewServeMux().Handle("GET /", http.HandlerFunc(nil)) }, false},
		{"nil func", func() { NewTrieServeMux().HandleFunc("POST", "/a", nil) }, "tonic: nil handler for POST /a",
			func() { http.NewServeMux().HandleFunc("POST /a", nil) }, false},
		{"nil mux", func() { NewTrieServeMux().Handle("GET", "/m", (*TrieServeMux)(nil)) }, "tonic: nil handler for GET /m",
			func() { http.NewServeMux().Handle("GET /m", (*http.ServeMux)(nil)) }, true},
		{"any method", func() { NewTrieServeMux().Handle(AnyMethod, "/a", http.HandlerFunc(nil)) }, "tonic: nil handler for * /a",
			func() { http.NewServeMux().Handle("/a", http.HandlerFunc(nil)) }, false},
		{"namespace", func() { NewTrieServeMux().HandleNamespace("/ns", http.HandlerFunc(nil)) }, "tonic: nil handler for namespace /ns",
			func() { http.NewServeMux().Handle("/ns/", http.HandlerFunc(nil)) }, false},
		{"namespace mux", func() { NewTrieServeMux().HandleNamespace("/ns", (*TrieServeMux)(nil)) }, "tonic: nil handler for namespace /ns",
			func() { http.NewServeMux().Handle("/ns/", (*http.ServeMux)(nil)) }, true},
		{"group", func() { NewTrieServeMux().Group("/v1").Handle("GET", "/x", http.HandlerFunc(nil)) }, "tonic: nil handler for GET /v1/x",
			func() { http.NewServeMux().Handle("GET /v1/x", http.HandlerFunc(nil)) }, false},
		{"host", func() { NewHostServeMux().Handle("example.com", http.HandlerFunc(nil)) }, `tonic: nil handler for host "example.com"`,
			func() { http.NewServeMux().Handle("example.com/", http.HandlerFunc(nil)) }, false},
		{"host mux", func() { NewHostServeMux().Handle("*", (*TrieServeMux)(nil)) }, `tonic: nil handler for host "*"`,
			func() { http.NewServeMux().Handle("/", (*http.ServeMux)(nil)) }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := panicMessage(tt.register); got != tt.want {
				t.Errorf("got panic %q, want %q", got, tt.want)
			}
			if got := panicMessage(tt.std); (got == "") != tt.stdTakes {
				t.Errorf("ServeMux: got panic %q, want one: %v", got, !tt.stdTakes)
			}
		})
	}
}

// TestMuxAnyMethod: the rules of AnyMethod routes that ServeMux has no
// counterpart for, or where tonic differs.
func TestMuxAnyMethod(t *testing.T) {
	t.Parallel()
	m := NewTrieServeMux()
	m.Handle(AnyMethod, "/a/b", named("any-ab"))
	m.Handle("GET", "/a/{x}", named("get-ax"))
	m.Handle("POST", "/p", named("post-p"))
	m.Group("/g").Handle("*", "/{rest...}", named("any-g"))
	m.Handle("GET", "/g/x", named("get-gx"))
	tests := []struct {
		name, method, target string
		want                 answer
	}{
		{"a literal with any method beats a wildcard with the method", "GET", "/a/b", answer{200, "any-ab", ""}},
		{"the wildcard serves other paths", "GET", "/a/c", answer{200, "get-ax", ""}},
		{"no any-method route, 405", "PUT", "/p", answer{405, "", ""}},
		{"through a group", "DELETE", "/g/x", answer{200, "any-g", ""}},
		{"the method's own route in the group's path", "GET", "/g/x", answer{200, "get-gx", ""}},
		{"HEAD falls back to GET before the any-method route", "HEAD", "/g/x", answer{200, "", ""}},
		{"OPTIONS goes to the any-method route", "OPTIONS", "/g/x", answer{200, "any-g", ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := serveAnswer(m, request(tt.method, "", tt.target)); got != tt.want {
				t.Errorf("%s %s: got %v, want %v", tt.method, tt.target, got, tt.want)
			}
		})
	}
	if got := panicMessage(func() { m.Handle("*", "/a/b", named("again")) }); got != "tonic: * /a/b is already registered" {
		t.Errorf("a second any-method route: got panic %q", got)
	}
	if got := panicMessage(func() { http.NewServeMux().Handle("/a/b", named("x")) }); got != "" {
		t.Errorf("ServeMux refuses a method-less pattern: %q", got)
	}
	var methods []string
	for _, rt := range m.Routes() {
		methods = append(methods, rt.Method+" "+rt.Pattern)
	}
	if got, want := strings.Join(methods, ", "), "* /a/b, GET /a/{x}, POST /p, * /g/{rest...}, GET /g/x"; got != want {
		t.Errorf("Routes: got %s, want %s", got, want)
	}
}

// TestMuxAnyMethodConflictsLooser: ServeMux refuses "/a/b" beside
// "GET /a/{x}" (neither is more specific); tonic takes the literal path
// first, as it does for every method.
func TestMuxAnyMethodConflictsLooser(t *testing.T) {
	t.Parallel()
	std := http.NewServeMux()
	std.Handle("GET /a/{x}", named("get-ax"))
	if got := panicMessage(func() { std.Handle("/a/b", named("any-ab")) }); got == "" {
		t.Errorf("ServeMux accepts /a/b beside GET /a/{x}; the README says it refuses it")
	}
}
