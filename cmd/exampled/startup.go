package main

import (
	"fmt"
	"io"
	"net"
	"strings"
)

// listener is one line of the startup text: "listening api http://...".
type listener struct {
	name, scheme string
	addr         net.Addr
}

// url returns the base URL of l.
func (l listener) url() string {
	return l.scheme + "://" + l.addr.String()
}

// startup is what the startup text says.
type startup struct {
	build     build
	pid       int
	listeners []listener // admin, api and, with -tls-listen, api-tls
	data      string     // the data file, or "" in memory
	auth      credentials
	generated bool   // the password was generated
	pin       string // the public-key pin of a generated certificate
}

// writeStartup prints the startup text: one machine-readable line per
// listener ("listening NAME URL"), the credentials when generated, and
// commands to try.
func writeStartup(w io.Writer, s startup) {
	var b strings.Builder
	store := "in memory"
	if s.data != "" {
		store = "in " + s.data
	}
	fmt.Fprintf(&b, "exampled %s pid %d, stuff kept %s\n", s.build.version, s.pid, store)
	urls := map[string]string{}
	for _, l := range s.listeners {
		fmt.Fprintf(&b, "listening %s %s\n", l.name, l.url())
		urls[l.name] = l.url()
	}
	if s.pin != "" {
		fmt.Fprintf(&b, "tls-pin %s (a self-signed development certificate; give -tls-cert and -tls-key for a real one)\n", s.pin)
	}
	if s.generated {
		fmt.Fprintf(&b, "auth %s:%s (generated for this run and its restarts; choose your own with EXAMPLED_AUTH or -auth-file)\n", s.auth.user, s.auth.password)
	}
	writeTry(&b, s, urls)
	io.WriteString(w, b.String())
}

// writeTry prints the commands to try.
func writeTry(b *strings.Builder, s startup, urls map[string]string) {
	api, admin := urls["api"]+apiPrefix, urls["admin"]
	u := "-u " + shellQuote(s.auth.user) // curl asks for the password
	if s.generated {
		u = "-u " + shellQuote(s.auth.user+":"+s.auth.password)
	}
	js := "-H 'Content-Type: application/json'"
	fmt.Fprintf(b, "try:\n")
	fmt.Fprintf(b, "  curl -i %s %s -d '{\"name\":\"widget\",\"count\":3}' %s/stuff\n", u, js, api)
	fmt.Fprintf(b, "  curl -i '%s/stuff?limit=10&offset=0'\n", api)
	fmt.Fprintf(b, "  curl -i %s/stuff/1\n", api)
	fmt.Fprintf(b, "  curl -i %s -X PUT %s -d '{\"name\":\"gadget\",\"count\":4}' %s/stuff/1\n", u, js, api)
	fmt.Fprintf(b, "  curl -i %s -X DELETE %s/stuff/1\n", u, api)
	if tlsURL, ok := urls["api-tls"]; ok {
		verify := ""
		if s.pin != "" {
			verify = "-k --pinnedpubkey '" + s.pin + "' "
		}
		fmt.Fprintf(b, "  curl -i %s%s%s/stuff\n", verify, tlsURL, apiPrefix)
	}
	fmt.Fprintf(b, "  curl -i %s/sleep/30000 &  curl -s %s/debug/requests\n", api, admin)
	fmt.Fprintf(b, "  curl -s %s/info;  curl -s %s/metrics\n", admin, admin)
	fmt.Fprintf(b, "  kill -USR2 %d  (zero-downtime restart);  kill -TERM %d  (drain and exit)\n", s.pid, s.pid)
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
