//go:build linux

package main

import (
	"bytes"
	cryptotls "crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/seed78c03fa0/tonic/admin"
	tonictls "github.com/seed78c03fa0/tonic/tls"
)

// newClient returns a client with its own keep-alive connections, closed
// at the end of the test; tlsConfig verifies the HTTPS server.
func newClient(t *testing.T, tlsConfig *cryptotls.Config) *http.Client {
	tr := &http.Transport{TLSClientConfig: tlsConfig, ForceAttemptHTTP2: true, MaxIdleConnsPerHost: 8}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: waitLimit}
}

// request is one HTTP request of an end-to-end test.
type request struct {
	method, url, body string
	auth              *credentials
	header            map[string]string
}

// response is what a request got.
type response struct {
	code   int
	header http.Header
	body   string
	proto  int    // the HTTP major version
	id     string // the request's ID, when a test sets it
}

// send sends r with c. A JSON body gets its Content-Type unless given.
func send(c *http.Client, r request) (response, error) {
	var body io.Reader
	if r.body != "" {
		body = bytes.NewReader([]byte(r.body)) // replayable: NewRequest sets GetBody
	}
	req, err := http.NewRequest(r.method, r.url, body)
	if err != nil {
		return response{}, err
	}
	if r.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range r.header {
		req.Header.Set(k, v)
	}
	if r.auth != nil {
		req.SetBasicAuth(r.auth.user, r.auth.password)
	}
	resp, err := c.Do(req)
	if err != nil {
		return response{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return response{code: resp.StatusCode, header: resp.Header, body: string(b), proto: resp.ProtoMajor}, err
}

// mustSend sends r and fails the test on a transport error.
func mustSend(t *testing.T, c *http.Client, r request) response {
	t.Helper()
	resp, err := send(c, r)
	if err != nil {
		t.Fatalf("%s %s: %v", r.method, r.url, err)
	}
	return resp
}

// getJSON GETs url, wants 200, and decodes the body into v.
func getJSON(t *testing.T, c *http.Client, url string, v any) {
	t.Helper()
	resp := mustSend(t, c, request{method: "GET", url: url})
	if resp.code != http.StatusOK {
		t.Fatalf("GET %s: got %d %s, want 200", url, resp.code, resp.body)
	}
	if err := json.Unmarshal([]byte(resp.body), v); err != nil {
		t.Fatalf("GET %s: %v in %s", url, err, resp.body)
	}
}

// info returns the admin server's /info.
func info(t *testing.T, c *http.Client, adminURL string) admin.Info {
	t.Helper()
	var i admin.Info
	getJSON(t, c, adminURL+"/info", &i)
	return i
}

// listEverything pages through GET /1.0/stuff and returns every item by ID.
func listEverything(t *testing.T, c *http.Client, apiURL string) map[string]Item {
	t.Helper()
	items := map[string]Item{}
	for offset := 0; ; offset += maxLimit {
		var page ItemPage
		getJSON(t, c, apiURL+"/1.0/stuff?limit="+strconv.Itoa(maxLimit)+"&offset="+strconv.Itoa(offset), &page)
		for _, it := range page.Items {
			items[it.ID] = it
		}
		if offset+len(page.Items) >= page.Total || len(page.Items) == 0 {
			if len(items) != page.Total {
				t.Fatalf("listing: got %d items, want the total %d", len(items), page.Total)
			}
			return items
		}
	}
}

// certFiles writes a new self-signed certificate for the loopback names to
// cert.pem and key.pem in dir (replacing them atomically), and returns it.
func certFiles(t *testing.T, dir string) *tonictls.SelfSignedCert {
	t.Helper()
	ss, err := tonictls.SelfSigned(tonictls.SelfSignedOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for name, b := range map[string][]byte{"cert.pem": ss.CertPEM, "key.pem": ss.KeyPEM} {
		tmp := filepath.Join(dir, name+".new")
		if err := os.WriteFile(tmp, b, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	return ss
}

// authArg is the -auth value of c.
func authArg(c credentials) string {
	return fmt.Sprintf("%s:%s", c.user, c.password)
}
