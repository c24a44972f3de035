package main

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	metrics "github.com/rcrowley/go-metrics"
	"github.com/rs/zerolog"

	"github.com/seed78c03fa0/tonic/proxy"
	"github.com/seed78c03fa0/tonic/tonic"
)

// proxyUsage is the help text of -proxy.
const proxyUsage = "`/prefix/=URL[,URL...]`: proxy requests under /prefix/ to the backends, " +
	"round robin, with the prefix replaced by each URL's path (http://h:9000 strips it, http://h:9000/prefix keeps it); " +
	"repeat the flag for more mounts, or separate them with spaces (EXAMPLED_PROXY) (default none)"

// proxyMount is one -proxy mount: the backends that serve the requests
// under a path prefix.
type proxyMount struct {
	prefix   string   // a literal path that starts and ends with '/'
	backends []string // http:// or https:// URLs
}

// proxyFlag parses a -proxy value, appending its mounts to *dst: one or more
// /prefix/=URL[,URL...] separated by spaces (a space can be in neither a
// path prefix nor a URL). A prefix given twice is an error.
func proxyFlag(dst *[]proxyMount) func(string) error {
	return func(s string) error {
		fields := strings.Fields(s)
		if len(fields) == 0 {
			return errors.New("want /prefix/=http://host:port[,http://host2:port]")
		}
		for _, f := range fields {
			m, err := parseMount(f)
			if err != nil {
				return err
			}
			for _, prev := range *dst {
				if prev.prefix == m.prefix {
					return fmt.Errorf("prefix %s is mounted twice", m.prefix)
				}
			}
			*dst = append(*dst, m)
		}
		return nil
	}
}

// parseMount parses /prefix/=URL[,URL...].
func parseMount(s string) (proxyMount, error) {
	prefix, list, ok := strings.Cut(s, "=")
	if !ok || list == "" {
		return proxyMount{}, fmt.Errorf("%q: want /prefix/=http://host:port[,http://host2:port]", s)
	}
	if err := checkPrefix(prefix); err != nil {
		return proxyMount{}, err
	}
	m := proxyMount{prefix: prefix}
	for _, raw := range strings.Split(list, ",") {
		if err := checkBackend(raw); err != nil {
			return proxyMount{}, fmt.Errorf("%s: %v", prefix, err)
		}
		m.backends = append(m.backends, raw)
	}
	return m, nil
}

// checkPrefix accepts a literal path that starts and ends with '/', whose
// segments are neither empty, "." nor "..", and that is not the API's.
func checkPrefix(p string) error {
	if len(p) == 0 || p[0] != '/' || p[len(p)-1] != '/' {
		return fmt.Errorf("prefix %q must start and end with /, e.g. /users/", p)
	}
	if strings.ContainsAny(p, "{}:*%?#") {
		return fmt.Errorf("prefix %q must be a literal path: no {, }, :, *, %%, ? or #", p)
	}
	if p != "/" {
		for _, seg := range strings.Split(p[1:len(p)-1], "/") {
			if seg == "" || seg == "." || seg == ".." {
				return fmt.Errorf("prefix %q has an empty, . or .. segment", p)
			}
		}
	}
	if p == apiPrefix+"/" || strings.HasPrefix(p, apiPrefix+"/") {
		return fmt.Errorf("prefix %q is the API's own %s", p, apiPrefix)
	}
	return nil
}

// checkBackend catches the common mistakes in a backend URL; proxy.New
// checks the rest at start.
func checkBackend(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return fmt.Errorf("backend %q is not an http:// or https:// URL with a host", raw)
	case u.User != nil:
		return fmt.Errorf("backend %q has credentials; a URL must not carry secrets", u.Redacted())
	}
	return nil
}

// proxyName is the name of the proxy of prefix in metrics and logs: the
// prefix without its outer slashes, or "root" for "/".
func proxyName(prefix string) string {
	if name := strings.Trim(prefix, "/"); name != "" {
		return name
	}
	return "root"
}

// mountedProxy is the proxy of one mount.
type mountedProxy struct {
	prefix string
	*proxy.Proxy
}

// proxies are the proxies of the -proxy mounts.
type proxies []mountedProxy

// openProxies returns a proxy for each mount, with its metrics in reg and
// its errors logged to log; on an error, none.
func openProxies(mounts []proxyMount, reg metrics.Registry, log zerolog.Logger) (proxies, error) {
	var ps proxies
	for _, m := range mounts {
		p, err := proxy.New(m.backends, reg, proxy.Options{Name: proxyName(m.prefix), Logger: log})
		if err != nil {
			ps.Close()
			return nil, fmt.Errorf("-proxy %s: %w", m.prefix, err)
		}
		ps = append(ps, mountedProxy{prefix: m.prefix, Proxy: p})
	}
	return ps, nil
}

// mount registers each proxy on mux under its prefix, which the namespace
// strips ("/users/42" reaches the backend as "/42" below its URL's path).
func (ps proxies) mount(mux *tonic.TrieServeMux) {
	for _, p := range ps {
		mux.HandleNamespace(p.prefix, p.Proxy)
	}
}

// Close closes every proxy.
func (ps proxies) Close() {
	for _, p := range ps {
		p.Close()
	}
}
