package proxy

import (
	"net/http"
	"net/http/httputil"
	"strings"

	"github.com/seed78c03fa0/tonic/internal/reqid"
	"github.com/seed78c03fa0/tonic/tonic"
)

// The forwarding headers that the client sends and a proxy rewrites,
// canonical. ReverseProxy itself deletes Forwarded and X-Forwarded-* before
// Rewrite; X-Real-Ip is the other one that backends believe.
const (
	headerXFF      = "X-Forwarded-For"
	headerXFHost   = "X-Forwarded-Host"
	headerXFProto  = "X-Forwarded-Proto"
	headerForward  = "Forwarded"
	headerXRealIP  = "X-Real-Ip"
	statusUpgraded = http.StatusSwitchingProtocols
)

// rewrite is the Rewrite of p's ReverseProxy: the outbound request goes to
// the exchange's backend with the request ID and forwarding headers set.
// Hop-by-hop headers are already gone (ReverseProxy removes them), and so
// are the client's Forwarded and X-Forwarded-* headers.
func (p *Proxy) rewrite(pr *httputil.ProxyRequest) {
	x := exchangeFrom(pr.In.Context())
	if q := pr.In.URL.RawQuery; q != pr.Out.URL.RawQuery && cleanQuery(q) {
		pr.Out.URL.RawQuery = q
	}
	x.outURL = *pr.Out.URL
	pr.SetURL(x.b.url)
	p.setForwarded(pr)
	pr.Out.Header[reqid.HeaderKey] = x.ids
}

// maxQueryParams is the most query parameters a query may have to be sent
// as the client wrote it: net/url's limit.
const maxQueryParams = 10000

// cleanQuery reports whether the raw query q parses the same everywhere: no
// ';' (which some servers take as a separator and Go does not), every '%'
// followed by two hex digits, at most maxQueryParams parameters.
// ReverseProxy re-encodes a query that is not clean, dropping what it cannot
// parse; it also re-encodes every query (sorting the parameters, turning
// %20 into +) when the main module's go.mod is older than go 1.24 (GODEBUG
// urlmaxqueryparams). rewrite gives a clean query back its original form.
func cleanQuery(q string) bool {
	if strings.Count(q, "&") >= maxQueryParams {
		return false
	}
	for i := 0; i < len(q); i++ {
		switch q[i] {
		case ';':
			return false
		case '%':
			if i+2 >= len(q) || !isHex(q[i+1]) || !isHex(q[i+2]) {
				return false
			}
			i += 2
		}
	}
	return true
}

// isHex reports whether c is a hexadecimal digit.
func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// setForwarded sets X-Forwarded-For, -Host and -Proto from the connection
// (ProxyRequest.SetXForwarded), after deleting the client's X-Real-Ip as
// well; with TrustForwarded, the client's headers are kept and its address
// appended to X-Forwarded-For.
func (p *Proxy) setForwarded(pr *httputil.ProxyRequest) {
	if !p.opts.TrustForwarded {
		delete(pr.Out.Header, headerXRealIP)
		pr.SetXForwarded()
		return
	}
	in := pr.In.Header
	if v, ok := in[headerXFF]; ok {
		pr.Out.Header[headerXFF] = v
	}
	pr.SetXForwarded()
	for _, k := range []string{headerXFHost, headerXFProto, headerForward} {
		if v, ok := in[k]; ok {
			pr.Out.Header[k] = v
		}
	}
}

// modifyResponse is the ModifyResponse of p's ReverseProxy. It records the
// backend's latency to its response headers, drops the backend's
// X-Request-ID (the client gets the one ServeHTTP set, once), and names a
// stream or a switched protocol in the server's in-flight table, so that a
// drain report shows what it waits for.
func (p *Proxy) modifyResponse(res *http.Response) error {
	x := exchangeFrom(res.Request.Context())
	if x == nil {
		return nil
	}
	x.b.latency.UpdateSince(x.start)
	delete(res.Header, reqid.HeaderKey)
	switch {
	case res.StatusCode == statusUpgraded:
		tonic.SetRequestStatus(x, x.b.statusUpgraded)
	case res.ContentLength < 0:
		tonic.SetRequestStatus(x, x.b.statusStreaming)
	}
	return nil
}
