// Command exampled is tonic's example daemon: the "stuff" service, a small
// JSON API that uses the whole framework (the trie mux and a route group,
// marshal's typed endpoints, the middleware, in-process TLS, the server with
// its drain and zero-downtime restart, and the admin listener). Run it with
// `make run`: it needs no flag, no file and no network.
//
// # API
//
// Under /1.0, on -listen (HTTP) and -tls-listen (HTTPS):
//
//	POST   /1.0/stuff          {"name":"widget","count":3} -> 201, Location: /1.0/stuff/{id}, the item
//	GET    /1.0/stuff?limit=L&offset=O                    -> 200 {"items":[...],"total":N,"limit":L,"offset":O}
//	GET    /1.0/stuff/{id}                                -> 200 the item
//	PUT    /1.0/stuff/{id}     {"name":"gadget","count":4} -> 200 the item
//	DELETE /1.0/stuff/{id}                                -> 204
//	GET    /1.0/sleep/{ms}                                -> 200 {"slept_ms":ms}
//	GET    /1.0/version                                   -> 200 {"version":"v1.2.3"}, the stamp /info shows
//	GET    /openapi.json                                  -> 200 the OpenAPI 3.1 document of the routes above
//	GET    /docs/                                         -> 200 a page that renders the document (embedded, works offline)
//
// An item is {"id":"1","name":"widget","count":3,"created":"<RFC 3339>","updated":"<RFC 3339>"}.
// IDs are decimal numbers, never reused. A name has 1 to 100 characters, no
// control characters; a count is 0 to 1000000000; a write body is at most
// 16 KiB. limit is 1 to 1000 (default 100), offset 0 or more (default 0);
// items come in the order they were created. The writes (POST, PUT, DELETE)
// need HTTP Basic authentication, and a browser page of another site cannot
// make them (403 cross_origin_request, middleware.CrossOrigin; the
// -cors-origin origins are trusted, and -cors-origin '*' leaves writes open
// to every site). GET /1.0/sleep/{ms} waits up to 60000 ms,
// showing "sleeping {ms}ms" in the admin in-flight table; cancelled from
// there (or cut off by the end of a drain) it answers 503.
//
// Errors are tonic's JSON errors, {"error":"not_found","description":"...","request_id":"..."}:
// 400 for malformed JSON, unknown fields, a string that is not valid UTF-8
// (never silently rewritten) or a non-numeric parameter, 401
// (with WWW-Authenticate) for missing or wrong credentials, 404, 405 (with
// Allow), 413 for a body over the limit, 415 for a body that is not JSON, 422
// for a value out of bounds (with "fields" listing each by path and rule),
// 503 for a cancelled request.
//
// The bounds are validation tags on the request types, which the server
// enforces and the document publishes; the document lists each route's
// parameters, body, responses and errors, and HTTP Basic security on the
// writes. `exampled -openapi` prints it and exits without listening; the
// checked-in testdata/openapi.golden.json is that output, and the
// conformance module validates it and exampled's answers against it.
//
// Every request gets an X-Request-ID, a JSON log line on stderr, and
// per-route go-metrics counters and timers ("POST /1.0/stuff.count",
// "POST /1.0/stuff.timer"), which the admin server exports at /metrics.
//
// # Command-line client
//
// exampled client calls a running exampled through package
// github.com/seed78c03fa0/tonic/client, with the API's own request and
// response types, and prints the JSON answers:
//
//	exampled client [-url URL] [-ca file | -pin sha256//...] [-request-id ID] [-timeout d] command
//
//	list [limit [offset]]     get ID     create NAME [COUNT]     update ID NAME [COUNT]     delete ID
//
// -url defaults to http://127.0.0.1:8000. Over https, -ca trusts the PEM
// certificates of a file, and -pin the certificate whose public key has the
// tls-pin exampled prints for its self-signed certificate. The writes
// authenticate with the user:password of EXAMPLED_AUTH, as the server reads
// it, never a flag. An error answer exits 1 with its status, code,
// description and request ID.
//
// # Admin
//
// On -admin: /info (version, PID, build), /healthz, /readyz (503 while the
// API drains), /metrics, /debug/metrics, /debug/requests (the in-flight
// table), DELETE /debug/requests/{id} (cancels that request),
// /debug/connections and /debug/pprof/. See package
// github.com/seed78c03fa0/tonic/admin.
//
// # Settings
//
// Each flag but -version and -openapi may also be given as an environment
// variable, EXAMPLED_ and its name in capitals with '_' for '-' (-tls-listen
// is EXAMPLED_TLS_LISTEN), and, but -config too, as a key of the -config
// file, named as the flag. A flag wins over its variable, which wins over
// the file, which wins over the default; an empty variable or file value
// counts as unset:
//
//	-listen addr          API over HTTP (default 127.0.0.1:8000)
//	-tls-listen addr      API over HTTPS (default none)
//	-tls-cert file        PEM certificate chain, reloaded on SIGHUP (default a self-signed certificate)
//	-tls-key file         its PEM private key
//	-admin addr           admin server (default 127.0.0.1:8001)
//	-data file            JSON file that keeps the stuff (default in memory)
//	-auth user:password   the writer (default user exampled, random password); prefer EXAMPLED_AUTH
//	-auth-file file       a file whose first line is the writer's user:password
//	-cors-origin origins  comma-separated origins allowed by CORS, or * (default none)
//	-log-format format    json or console (default json)
//	-pid-file file        PID file for systemd, rewritten by each new process
//	-shutdown-delay d     serve unready this long after SIGTERM (default 0s)
//	-proxy /p/=URL[,URL]  proxy requests under /p/ to the backends (repeatable; default none)
//	-config file          JSON (.json) or YAML (.yaml, .yml) file of these settings (default none)
//	-version              print the version and exit
//	-openapi              print the API's OpenAPI document (JSON) and exit
//
// A -config file holds the settings as the flags take them, as strings,
// with lists for -cors-origin and the repeatable -proxy; paths in it are
// relative to the working directory, as on the command line:
//
//	# /etc/exampled.yaml
//	listen: 0.0.0.0:8000
//	tls-listen: 0.0.0.0:8443
//	tls-cert: /etc/exampled/cert.pem
//	tls-key: /etc/exampled/key.pem
//	data: /var/lib/exampled/stuff.json
//	shutdown-delay: 5s
//	cors-origin: [https://app.example.com]
//	proxy:
//	  - /users/=http://10.0.0.7:9000,http://10.0.0.8:9000
//
// Its keys are checked as strictly as the flags: an unknown key, a key
// given twice or a bad value stops exampled, naming the file, the line and
// the key (see package github.com/seed78c03fa0/tonic/config).
//
// A command line is readable by every local user (ps, /proc/PID/cmdline):
// give the credentials in EXAMPLED_AUTH (the systemd unit reads it from
// /etc/default/exampled) or in a file named by -auth-file. -auth on the
// command line still works, with a warning in the log, and the admin's
// /debug/pprof/cmdline masks its value; an invalid value is reported
// without it.
//
// A bad value stops exampled at start with exit status 2 and a message that
// names the flag (and the variable); a -data file or an address that cannot
// be used stops it with exit status 1. Port 0 picks a free port, which the
// startup text shows and a restart keeps.
//
// # Proxy
//
// Each -proxy /prefix/=URL[,URL...] mounts a reverse proxy (package
// github.com/seed78c03fa0/tonic/proxy) beside /1.0, behind the same
// middleware (request ID, log line, per-route metrics, recovery). Requests
// under the prefix go to the backends in turn, with the prefix replaced by
// the backend URL's path: with http://10.0.0.7:9000, GET /users/42 is
// GET /42 at the backend; with http://10.0.0.7:9000/users the prefix is
// kept. The flag may be repeated; EXAMPLED_PROXY separates mounts with
// spaces, which neither a path prefix nor a URL can hold. Proxied
// responses are bounded by the API's write timeout, like any other. The
// per-backend metrics are on /metrics as proxy.<prefix>.<host:port>.*.
//
// # Startup text
//
// Once it serves, exampled prints to stdout one line per listener, to be
// read by scripts, then the generated credentials and commands to try:
//
//	exampled v1.2.3 pid 4242, stuff kept in memory
//	listening admin http://127.0.0.1:8001
//	listening api http://127.0.0.1:8000
//	listening api-tls https://127.0.0.1:8443
//	tls-pin sha256//BASE64 (a self-signed development certificate; ...)
//	auth exampled:PASSWORD (generated for this run and its restarts; ...)
//	try:
//	  curl ...
//
// The api-tls line comes with -tls-listen, the tls-pin line with a
// self-signed certificate, and the auth line with a generated password. A
// process started by SIGUSR2 prints the text again, with its own PID, and
// keeps the generated password and certificate of the process it replaces.
//
// # Signals
//
// SIGTERM or SIGINT drains and exits 0; SIGUSR2 restarts with zero downtime
// into the binary now at the same path; SIGHUP reloads the -tls-cert and
// -tls-key files; SIGUSR1 logs every goroutine's stack. See server.Run and
// the Operations section of the README.
//
// # Data file
//
// With -data, every change is written to the file before it is
// acknowledged: to a temporary file in the same directory, synced, renamed
// over the file, and the directory synced. The file.lock beside it orders
// the processes that share the file, as the old and the new process do
// during a restart, so that no acknowledged write is lost.
package main
