//go:build linux

package main

import (
	"bytes"
	cryptotls "crypto/tls"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

func TestE2EVersion(t *testing.T) {
	t.Parallel()
	out, errOut, code := runBinary(t, nil, "-version")
	want := fmt.Sprintf("exampled %s (built %s, %s)\n", e2eVersion, e2eBuildTime, runtime.Version())
	if code != 0 || out != want || errOut != "" {
		t.Errorf("exampled -version: got exit %d, stdout %q, stderr %q; want exit 0, stdout %q", code, out, errOut, want)
	}
}

func TestE2EBadSettings(t *testing.T) {
	t.Parallel()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { busy.Close() }) // after the parallel subtests
	missing := filepath.Join(t.TempDir(), "missing", "stuff.json")
	tests := []struct {
		name string
		args []string
		env  []string
		code int
		want string // the first line of stderr
	}{
		{"bad flag", []string{"-listen", "nowhere"}, nil, 2,
			`exampled: invalid value "nowhere" for flag -listen: want host:port, e.g. 127.0.0.1:8000: address nowhere: missing port in address`},
		{"bad variable", nil, []string{"EXAMPLED_AUTH=bob"}, 2, `exampled: EXAMPLED_AUTH: invalid value for flag -auth: want user:password`},
		{"unknown flag", []string{"-verbose"}, nil, 2, "exampled: flag provided but not defined: -verbose"},
		{"data file in a missing directory", []string{"-data", missing, "-listen", "127.0.0.1:0", "-admin", "127.0.0.1:0"}, nil, 1,
			"exampled: -data " + missing + ": opening the lock file: open " + missing + ".lock: no such file or directory"},
		{"address in use", []string{"-listen", busy.Addr().String(), "-admin", "127.0.0.1:0", "-auth", "u:p"}, nil, 1,
			"exampled: server: Run: server api: listening on tcp " + busy.Addr().String() + ": can't create new listener: listen tcp " + busy.Addr().String() + ": bind: address already in use"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			out, errOut, code := runBinary(t, tt.env, tt.args...)
			lines := strings.Split(errOut, "\n")
			last := ""
			for _, l := range lines { // the log lines come first, as JSON
				if strings.HasPrefix(l, "exampled: ") {
					last = l
					break
				}
			}
			if code != tt.code || last != tt.want || out != "" {
				t.Errorf("exampled %q: got exit %d, stdout %q, stderr %q; want exit %d and %q", tt.args, code, out, errOut, tt.code, tt.want)
			}
		})
	}
}

// TestE2EOverHTTPAndHTTPS drives the API over both listeners of one
// process: CRUD, authentication, error bodies, the admin server, and the
// reload of the certificate files on SIGHUP.
func TestE2EOverHTTPAndHTTPS(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ss := certFiles(t, dir)
	auth := credentials{user: "e2e", password: "pass word:with colon"}
	p := startProcess(t, []string{"EXAMPLED_AUTH=" + authArg(auth), "EXAMPLED_LOG_FORMAT=console"},
		"-listen", "127.0.0.1:0", "-admin", "127.0.0.1:0", "-tls-listen", "127.0.0.1:0",
		"-tls-cert", filepath.Join(dir, "cert.pem"), "-tls-key", filepath.Join(dir, "key.pem"), "-data", filepath.Join(dir, "stuff.json"))
	s := p.waitStartup(p.pid())
	if s["auth"] != "" || s["tls-pin"] != "" {
		t.Errorf("startup text: got auth %q and pin %q, want neither with configured credentials and files", s["auth"], s["tls-pin"])
	}
	pool := ss.CertPool()
	c := newClient(t, &cryptotls.Config{RootCAs: pool})
	for i, base := range []string{s["api"], s["api-tls"]} {
		t.Run(strings.SplitN(base, ":", 2)[0], func(t *testing.T) {
			checkAPI(t, c, base, auth, fmt.Sprint(i*2+1))
		})
	}

	t.Run("admin", func(t *testing.T) {
		i := info(t, c, s["admin"])
		if i.Version != e2eVersion || i.BuildTime != e2eBuildTime || i.PID != p.pid() {
			t.Errorf("/info: got version %q, build time %q, pid %d; want %q, %q, %d", i.Version, i.BuildTime, i.PID, e2eVersion, e2eBuildTime, p.pid())
		}
		var m map[string]map[string]float64
		getJSON(t, c, s["admin"]+"/debug/metrics", &m)
		if got := m["POST /1.0/stuff.count"]["count"]; got != 12 {
			t.Errorf(`/debug/metrics "POST /1.0/stuff.count": got %v, want 12 (checkAPI POSTs six times on each listener)`, got)
		}
		if r := mustSend(t, c, request{method: "GET", url: s["admin"] + "/readyz"}); r.code != 200 {
			t.Errorf("/readyz: got %d %s, want 200", r.code, r.body)
		}
		if r := mustSend(t, c, request{method: "GET", url: s["admin"] + "/metrics"}); r.code != 200 || !strings.Contains(r.body, "go_goroutines") {
			t.Errorf("/metrics: got %d, want 200 with the Go collector", r.code)
		}
	})

	t.Run("exampled client over HTTPS", func(t *testing.T) {
		env := []string{"EXAMPLED_AUTH=" + authArg(auth)}
		client := func(args ...string) (string, string, int) {
			return runBinary(t, env, append([]string{"client", "-url", s["api-tls"], "-ca", filepath.Join(dir, "cert.pem")}, args...)...)
		}
		out, errOut, code := client("create", "from the command line", "5")
		var it Item
		if code != 0 || json.Unmarshal([]byte(out), &it) != nil || it.Name != "from the command line" || it.Count != 5 {
			t.Fatalf("create: got exit %d, stdout %q, stderr %q", code, out, errOut)
		}
		if out, errOut, code := client("get", it.ID); code != 0 || !strings.Contains(out, `"name": "from the command line"`) {
			t.Errorf("get: got exit %d, stdout %q, stderr %q", code, out, errOut)
		}
		if out, errOut, code := client("delete", it.ID); code != 0 || !strings.Contains(out, `"deleted": "`+it.ID+`"`) {
			t.Errorf("delete: got exit %d, stdout %q, stderr %q", code, out, errOut)
		}
		want := "exampled: client: 404 not_found: no stuff with id \"" + it.ID + "\" (request ID cli-e2e)\n"
		if out, errOut, code := client("-request-id", "cli-e2e", "get", it.ID); code != 1 || out != "" || errOut != want {
			t.Errorf("get after delete: got exit %d, stdout %q, stderr %q; want exit 1 and %q", code, out, errOut, want)
		}
		if _, errOut, code := runBinary(t, env, "client", "-url", s["api-tls"], "list"); code != 1 || !strings.Contains(errOut, "certificate signed by unknown authority") {
			t.Errorf("without -ca: got exit %d, stderr %q; want the certificate refused", code, errOut)
		}
	})

	t.Run("SIGHUP reloads the certificate", func(t *testing.T) {
		renewed := certFiles(t, dir)
		pool.AddCert(renewed.Certificate.Leaf)
		p.signal(p.pid(), syscall.SIGHUP)
		waitFor(t, "the renewed certificate", func() bool {
			conn, err := cryptotls.Dial("tcp", strings.TrimPrefix(s["api-tls"], "https://"), &cryptotls.Config{RootCAs: pool, ServerName: "127.0.0.1"})
			if err != nil {
				t.Fatalf("TLS handshake: %v", err)
			}
			defer conn.Close()
			return bytes.Equal(conn.ConnectionState().PeerCertificates[0].Raw, renewed.Certificate.Leaf.Raw)
		})
	})

	p.signal(p.pid(), syscall.SIGTERM)
	if code := p.waitExit(); code != 0 {
		t.Errorf("exit code after SIGTERM: got %d, want 0", code)
	}
	if log := p.log(); !strings.Contains(log, "request") || !strings.Contains(log, "route=") {
		t.Errorf("the console log lacks the request lines:\n%s", tail(log, 10))
	}
}

// checkAPI runs the API rules against base; firstID is the ID the first
// item created gets.
func checkAPI(t *testing.T, c *http.Client, base string, auth credentials, firstID string) {
	t.Helper()
	id := "e2e-" + strings.ReplaceAll(base, "/", "")
	hdr := map[string]string{"X-Request-ID": id}
	created := mustSend(t, c, request{method: "POST", url: base + "/1.0/stuff", body: `{"name":"widget","count":3}`, auth: &auth, header: hdr})
	var it Item
	if created.code != 201 || json.Unmarshal([]byte(created.body), &it) != nil || it.ID != firstID || it.Name != "widget" || it.Count != 3 {
		t.Fatalf("POST: got %d %s, want 201 with item %s", created.code, created.body, firstID)
	}
	if loc := created.header.Get("Location"); loc != "/1.0/stuff/"+firstID {
		t.Errorf("Location: got %q, want /1.0/stuff/%s", loc, firstID)
	}
	if strings.HasPrefix(base, "https") && created.proto != 2 {
		t.Errorf("HTTPS: got HTTP/%d, want HTTP/2", created.proto)
	}
	errBody := func(name, desc string) string {
		return fmt.Sprintf(`{"error":%q,"description":%q,"request_id":%q}`+"\n", name, desc, id)
	}
	wrong := credentials{user: auth.user, password: "wrong"}
	tests := []struct {
		name string
		r    request
		code int
		body string
	}{
		{"get", request{method: "GET", url: base + "/1.0/stuff/" + firstID}, 200, created.body},
		{"replace", request{method: "PUT", url: base + "/1.0/stuff/" + firstID, body: `{"name":"gadget","count":4}`, auth: &auth}, 200, ""},
		{"no credentials", request{method: "POST", url: base + "/1.0/stuff", body: `{"name":"x"}`}, 401, errBody("unauthorized", "authentication required")},
		{"wrong password", request{method: "DELETE", url: base + "/1.0/stuff/" + firstID, auth: &wrong}, 401, errBody("unauthorized", "authentication required")},
		{"not found", request{method: "GET", url: base + "/1.0/stuff/999"}, 404, errBody("not_found", `no stuff with id "999"`)},
		{"method not allowed", request{method: "PATCH", url: base + "/1.0/stuff/" + firstID}, 405,
			errBody("method_not_allowed", "PATCH /1.0/stuff/"+firstID+" is not allowed; the allowed methods are DELETE, GET, HEAD, OPTIONS, PUT")},
		{"not JSON", request{method: "POST", url: base + "/1.0/stuff", body: "x", auth: &auth, header: map[string]string{"Content-Type": "text/plain"}}, 415,
			errBody("unsupported_media_type", `Content-Type is "text/plain", want application/json`)},
		{"bad JSON", request{method: "POST", url: base + "/1.0/stuff", body: `{"name":1}`, auth: &auth}, 400,
			errBody("bad_request", "body.name: got number, want a string")},
		{"invalid", request{method: "POST", url: base + "/1.0/stuff", body: `{"name":""}`, auth: &auth}, 422,
			fmt.Sprintf(`{"error":"unprocessable_entity","description":"body.name: must be at least 1 character","request_id":%q,`+
				`"fields":[{"path":"body.name","rule":"minLength","message":"must be at least 1 character"}]}`+"\n", id)},
		{"delete", request{method: "DELETE", url: base + "/1.0/stuff/" + firstID, auth: &auth}, 204, ""},
		{"deleted", request{method: "GET", url: base + "/1.0/stuff/" + firstID}, 404, errBody("not_found", `no stuff with id "`+firstID+`"`)},
	}
	for _, tt := range tests {
		if tt.r.header == nil {
			tt.r.header = map[string]string{}
		}
		tt.r.header["X-Request-ID"] = id
		got := mustSend(t, c, tt.r)
		if got.code != tt.code || (tt.body != "" && got.body != tt.body) {
			t.Errorf("%s: %s %s: got %d %s, want %d %s", tt.name, tt.r.method, tt.r.url, got.code, got.body, tt.code, tt.body)
		}
		if tt.code == 401 && got.header.Get("WWW-Authenticate") != `Basic realm="exampled", charset="UTF-8"` {
			t.Errorf("%s: WWW-Authenticate: got %q", tt.name, got.header.Get("WWW-Authenticate"))
		}
	}
	mustSend(t, c, request{method: "POST", url: base + "/1.0/stuff", body: `{"name":"kept"}`, auth: &auth})
}

// TestE2ECancelSlowRequest lists a slow request in the admin in-flight
// table, cancels it there, and checks what its client gets.
func TestE2ECancelSlowRequest(t *testing.T) {
	t.Parallel()
	p := startProcess(t, nil, "-listen", "127.0.0.1:0", "-admin", "127.0.0.1:0", "-auth", "u:p")
	s := p.waitStartup(p.pid())
	c := newClient(t, nil)
	const id = "e2e-slow-1"
	got := make(chan response, 1)
	go func() {
		r, err := send(c, request{method: "GET", url: s["api"] + "/1.0/sleep/60000", header: map[string]string{"X-Request-ID": id}})
		if err != nil {
			r.body = err.Error()
		}
		got <- r
	}()
	var row inFlight
	waitFor(t, "the slow request in /debug/requests", func() bool {
		row = findRequest(t, c, s["admin"], id)
		return row.ID != "" && row.Status != ""
	})
	want := inFlight{Server: "api", ID: id, Method: "GET", URI: "/1.0/sleep/60000", Route: "GET /1.0/sleep/{ms}", Status: "sleeping 60000ms"}
	if row != want {
		t.Errorf("/debug/requests: got %+v, want %+v", row, want)
	}
	del := mustSend(t, c, request{method: "DELETE", url: s["admin"] + "/debug/requests/" + id})
	var canceled map[string]string
	if err := json.Unmarshal([]byte(del.body), &canceled); del.code != 200 || err != nil || canceled["canceled"] != id {
		t.Errorf("DELETE /debug/requests/%s: got %d %q, want 200 {\"canceled\":%q}", id, del.code, del.body, id)
	}
	r := <-got
	wantBody := `{"error":"request_canceled","description":"the request was canceled by an operator","request_id":"` + id + `"}` + "\n"
	if r.code != 503 || r.body != wantBody {
		t.Errorf("the canceled request: got %d %s, want 503 %s", r.code, r.body, wantBody)
	}
	waitFor(t, "the canceled request to leave /debug/requests", func() bool { return findRequest(t, c, s["admin"], id).ID == "" })
	if again := mustSend(t, c, request{method: "DELETE", url: s["admin"] + "/debug/requests/" + id}); again.code != 404 {
		t.Errorf("DELETE of a finished request: got %d %s, want 404", again.code, again.body)
	}
	p.signal(p.pid(), syscall.SIGTERM)
	if code := p.waitExit(); code != 0 {
		t.Errorf("exit code after SIGTERM: got %d, want 0", code)
	}
}

// inFlight is the part of a /debug/requests row the tests check.
type inFlight struct {
	Server string `json:"server"`
	ID     string `json:"id"`
	Method string `json:"method"`
	URI    string `json:"uri"`
	Route  string `json:"route"`
	Status string `json:"status"`
}

// findRequest returns the in-flight request id, or the zero row.
func findRequest(t *testing.T, c *http.Client, adminURL, id string) inFlight {
	t.Helper()
	var rows []inFlight
	getJSON(t, c, adminURL+"/debug/requests", &rows)
	for _, r := range rows {
		if r.ID == id {
			return r
		}
	}
	return inFlight{}
}

// pinVerifier returns a TLS configuration that accepts only a certificate
// for 127.0.0.1 whose public key has the pin that exampled printed.
func pinVerifier(pin string) *cryptotls.Config {
	return &cryptotls.Config{
		InsecureSkipVerify: true, // replaced by the pin check below: the certificate is self-signed
		VerifyConnection: func(cs cryptotls.ConnectionState) error {
			leaf := cs.PeerCertificates[0]
			if got := publicKeyPin(cryptotls.Certificate{Leaf: leaf}); got != pin {
				return fmt.Errorf("public key pin: got %s, want %s", got, pin)
			}
			return leaf.VerifyHostname("127.0.0.1")
		},
	}
}
