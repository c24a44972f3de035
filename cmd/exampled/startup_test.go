package main

import (
	"net"
	"strings"
	"testing"
)

func tcpAddr(s string) net.Addr {
	a, err := net.ResolveTCPAddr("tcp", s)
	if err != nil {
		panic(err)
	}
	return a
}

func TestWriteStartup(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		s    startup
		want string
	}{
		{"zero config with TLS", startup{build: build{version: "v1.2.3"}, pid: 42,
			listeners: listeners([]net.Addr{tcpAddr("127.0.0.1:8001")}, []net.Addr{tcpAddr("127.0.0.1:8000"), tcpAddr("127.0.0.1:8443")}),
			auth:      credentials{user: "exampled", password: "pw"}, generated: true, pin: "sha256//PIN="}, `exampled v1.2.3 pid 42, stuff kept in memory
listening admin http://127.0.0.1:8001
listening api http://127.0.0.1:8000
listening api-tls https://127.0.0.1:8443
tls-pin sha256//PIN= (a self-signed development certificate; give -tls-cert and -tls-key for a real one)
auth exampled:pw (generated for this run and its restarts; choose your own with EXAMPLED_AUTH or -auth-file)
try:
  curl -i -u 'exampled:pw' -H 'Content-Type: application/json' -d '{"name":"widget","count":3}' http://127.0.0.1:8000/1.0/stuff
  curl -i 'http://127.0.0.1:8000/1.0/stuff?limit=10&offset=0'
  curl -i http://127.0.0.1:8000/1.0/stuff/1
  curl -i -u 'exampled:pw' -X PUT -H 'Content-Type: application/json' -d '{"name":"gadget","count":4}' http://127.0.0.1:8000/1.0/stuff/1
  curl -i -u 'exampled:pw' -X DELETE http://127.0.0.1:8000/1.0/stuff/1
  curl -i -k --pinnedpubkey 'sha256//PIN=' https://127.0.0.1:8443/1.0/stuff
  curl -i http://127.0.0.1:8000/1.0/sleep/30000 &  curl -s http://127.0.0.1:8001/debug/requests
  curl -s http://127.0.0.1:8001/info;  curl -s http://127.0.0.1:8001/metrics
  kill -USR2 42  (zero-downtime restart);  kill -TERM 42  (drain and exit)
`},
		{"configured, with a data file", startup{build: build{version: "dev"}, pid: 7, data: "/var/lib/exampled/stuff.json",
			listeners: listeners([]net.Addr{tcpAddr("[::1]:9001")}, []net.Addr{tcpAddr("[::1]:9000")}),
			auth:      credentials{user: "o'brien", password: "secret"}}, `exampled dev pid 7, stuff kept in /var/lib/exampled/stuff.json
listening admin http://[::1]:9001
listening api http://[::1]:9000
try:
  curl -i -u 'o'\''brien' -H 'Content-Type: application/json' -d '{"name":"widget","count":3}' http://[::1]:9000/1.0/stuff
  curl -i 'http://[::1]:9000/1.0/stuff?limit=10&offset=0'
  curl -i http://[::1]:9000/1.0/stuff/1
  curl -i -u 'o'\''brien' -X PUT -H 'Content-Type: application/json' -d '{"name":"gadget","count":4}' http://[::1]:9000/1.0/stuff/1
  curl -i -u 'o'\''brien' -X DELETE http://[::1]:9000/1.0/stuff/1
  curl -i http://[::1]:9000/1.0/sleep/30000 &  curl -s http://[::1]:9001/debug/requests
  curl -s http://[::1]:9001/info;  curl -s http://[::1]:9001/metrics
  kill -USR2 7  (zero-downtime restart);  kill -TERM 7  (drain and exit)
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var b strings.Builder
			writeStartup(&b, tt.s)
			if b.String() != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", b.String(), tt.want)
			}
			if strings.Contains(b.String(), "secret") {
				t.Errorf("the startup text shows a configured password")
			}
		})
	}
}
