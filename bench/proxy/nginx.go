package main

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// nginxConf is nginx as a reverse proxy tuned as its documentation says
// for a keep-alive upstream, doing the work tonic's proxy does: the
// forwarding headers from the connection and a request ID both ways.
const nginxConf = `%s
worker_processes %d;
daemon off;
pid %s/nginx.pid;
error_log %s/nginx-error.log warn;
events { worker_connections 4096; }
http {
	access_log off;
	client_body_temp_path %s/client_body;
	proxy_temp_path %s/proxy_temp;
	fastcgi_temp_path %s/fastcgi_temp;
	uwsgi_temp_path %s/uwsgi_temp;
	scgi_temp_path %s/scgi_temp;
	upstream backend {
		server %s;
		keepalive 128;
	}
	server {
		listen %s;
		location / {
			proxy_pass http://backend;
			proxy_http_version 1.1;
			proxy_set_header Connection "";
			proxy_set_header X-Forwarded-For $remote_addr;
			proxy_set_header X-Forwarded-Host $host;
			proxy_set_header X-Forwarded-Proto $scheme;
			proxy_set_header X-Request-ID $request_id;
			add_header X-Request-ID $request_id;
		}
	}
}
`

// startNginx starts nginx in front of backendURL and returns it once it
// accepts connections.
func startNginx(c config, dir, backendURL string) (*process, error) {
	addr, err := freePort()
	if err != nil {
		return nil, err
	}
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;" // its workers read the temporary directory
	}
	backend := strings.TrimPrefix(backendURL, "http://")
	conf := fmt.Sprintf(nginxConf, user, c.workers, dir, dir, dir, dir, dir, dir, dir, backend, addr)
	path := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(path, []byte(conf), 0o600); err != nil {
		return nil, err
	}
	cmd := exec.Command(c.nginx, "-p", dir, "-c", path, "-e", filepath.Join(dir, "nginx-error.log"))
	out, err := os.Create(filepath.Join(dir, "nginx.out"))
	if err != nil {
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &process{cmd: cmd, url: "http://" + addr, tree: true}
	deadline := time.Now().Add(30 * time.Second)
	for {
		if conn, err := net.Dial("tcp", addr); err == nil {
			conn.Close()
			return p, nil
		}
		if time.Now().After(deadline) {
			p.stop()
			log, _ := os.ReadFile(filepath.Join(dir, "nginx-error.log"))
			return nil, fmt.Errorf("nginx did not listen on %s in 30s:\n%s", addr, log)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// nginxVersion returns "1.22.1" from nginx -v, or "".
func nginxVersion(bin string) string {
	out, _ := exec.Command(bin, "-v").CombinedOutput()
	_, v, _ := strings.Cut(strings.TrimSpace(string(out)), "nginx/")
	return v
}
