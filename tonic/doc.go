// Package tonic is the routing core of the tonic JSON web-service
// framework: a trie mux that understands methods and {wildcards}, route
// groups, namespaces, virtual hosts, one error model for the whole
// framework, content negotiation, and the per-request Record that every
// layer shares. It imports only the standard library and httprouter; the
// server lifecycle lives in package server.
//
// # Routing
//
// TrieServeMux routes by method and path. A pattern is a '/' followed by
// segments, each a literal, a wildcard {name} (one non-empty segment) or, as
// the last segment, a catch-all {name...} (the rest of the path, possibly
// empty). httprouter's :name and *name are accepted as the same wildcards,
// so route tables move over unchanged. Handlers read values with
// r.PathValue("name"), unescaped, and find the matched route in r.Pattern
// ("GET /users/{id}"). The query string is never touched.
//
// The most specific route wins, segment by segment: a literal beats a
// wildcard, which beats a catch-all. A more specific route that fails
// deeper, or lacks the request's method, does not hide a less specific one
// that matches, so /users/new and /users/{id} coexist, and so do /a/{x}/c
// and /a/b/{y}. Routes with the same shape and method (/a/{x} and /a/{y})
// cannot be told apart: registering the second panics, naming both. Every
// registration mistake panics at registration with a "tonic:" message,
// naming the route; a nil handler is one, whether the interface is nil or
// holds a nil func or pointer (http.HandlerFunc(nil), a nil *TrieServeMux).
// Nothing panics at request time.
//
// A route with method AnyMethod ("*") serves every method that its pattern
// has no route of its own for, extension methods included, as a ServeMux
// pattern without a method does. At one pattern a method's own route wins
// (and, for HEAD, the GET route); between patterns the most specific path
// wins first, so an AnyMethod route for /a/b serves GET /a/b beside a GET
// route for /a/{x} (ServeMux refuses that pair as a conflict). A path that
// an AnyMethod route matches never gets a 405, and its OPTIONS requests go
// to that route, not to the automatic OPTIONS answer. Its handler sees the
// request's own method, HEAD included, with the body it writes kept.
//
// Pattern literals are taken as ServeMux takes them: escapes are decoded
// ("/%61bc" is "/abc"), a malformed escape is kept literally ("/%x" matches
// the request path /%25x), and '#' is a character like any other ("/#/"
// matches /%23/). A '?' is refused: it would match only an escaped %3F,
// and is always a query string mistaken for part of the path.
//
// A wildcard's value is unescaped, so it may hold what the path itself
// could not: a catch-all {file...} matched by /files/..%2F..%2Fetc%2Fpasswd
// is "../../etc/passwd", and by /files/%2Fetc%2Fpasswd "/etc/passwd",
// however the path was cleaned. Before a value names a file, read it with
// LocalPathValue, or mount the route's handler behind middleware.LocalPath
// ("file"), which answer 400 to a value that would leave its root.
//
// Requests are matched on the escaped path, normalised: escapes of
// characters other than '/' and '%' are decoded ("/%61bc" is "/abc") and
// "%2f" is "%2F", so an escaped slash stays inside its segment. Paths with
// empty, "." or ".." segments are cleaned with httprouter.CleanPath before
// matching, and redirected to the clean path (RedirectCleanPath); a path
// that matches only with its trailing slash toggled is redirected too
// (RedirectTrailingSlash). A path without a leading '/', which only a
// handler calling ServeHTTP can hand over, is cleaned to the rooted path
// and redirected there like an unclean path. Redirects use 301 for GET and
// HEAD and 308 otherwise, keep the query, happen only when the target
// exists, and are
// always to a path on the same site. "Exists" looks into namespaces: a
// target under a namespace whose handler is (or wraps, through Unwrap) a
// TrieServeMux exists only when that mux would serve it, so /1.0/stuff/..
// is no redirect to /1.0 when the mux under /1.0 has no "/" route. A
// redirect takes one hop to where the request is served: a path that needs
// cleaning and a toggled trailing slash, here or in a namespace's mux, is
// redirected once to the final path. A path that is served nowhere is
// answered where it is, without a redirect.
//
// HEAD is served by the GET route, without a body, unless HEAD is
// registered. OPTIONS is answered with an Allow header unless registered.
// When no route has the request's method, the redirect to the path with
// its trailing slash toggled comes first, if a route there has the method:
// with PUT /r and GET /r/ registered, GET /r is redirected to /r/, as
// ServeMux does. Otherwise a path that exists for other methods gets 405
// with a sorted Allow header that lists the methods of every route
// matching the path, OPTIONS included; a path that exists for no method
// gets 404. The request target "*" gets 400 (OPTIONS * never reaches the
// mux: net/http's server answers it).
//
// Group registers routes under a prefix ("/1.0") on the same mux, at no
// cost per request. HandleNamespace mounts a handler, typically another
// TrieServeMux or a handler from elsewhere, under a prefix, with the prefix
// stripped from the path it sees; the longest prefix wins and the prefix may
// have wildcards. HostServeMux dispatches by host name; its "*" host holds
// the host-less routes, which a request for a host whose mux has no route
// for the path falls back to, as with ServeMux's host-less patterns (see
// HostServeMux for a host whose mux has the path for other methods).
//
// The README's "Coming from http.ServeMux" section sets ServeMux patterns
// beside tonic's and lists every behaviour that differs, with the reason.
//
// # The request's record
//
// A Record travels with every request, in its context: the first tonic
// layer that sees the request installs it (the server, a middleware, or a
// namespace that needs one), the muxes fill in the matched route with the
// prefixes of the namespaces it went through, handlers report what they are
// doing with SetRequestStatus, and the layers outside (logs, metrics, the
// server's in-flight table) read it after the handler returns, with
// RouteOf. Nothing is written back up the stack, so middleware from
// elsewhere that replaces the request (r.WithContext, r.Clone) anywhere in
// between hides nothing. The record also carries the request ID
// (RequestIDFrom) and the request's start, so that a request reads the
// clock once for it.
//
// # Errors
//
// Every tonic component reports an HTTP error the same way. An error carries
// its status when it is an *Error (see NewError, Errorf and WrapError) or when
// anything it wraps has a StatusCode() int method, as Tiger Tonic's errors do;
// StatusOf finds it through wrapping. Such an error is public: its message is
// shown to the client. A plain error with a 5xx status is private: the client
// sees the generic status text and the detail belongs in the logs.
//
// WriteError writes the response with the ErrorWriter that the request's
// context carries: JSONErrors by default, which writes
//
//	{"error":"not_found","description":"GET /nope not found"}
//
// or ProblemErrors for RFC 9457 application/problem+json. A service chooses
// the format once, with ContextWithErrorWriter on the server's base context
// (server.Options.ErrorWriter) or the UseErrorWriter middleware; there is no
// package-level switch. A client whose Accept header excludes JSON gets
// text/plain. The muxes answer 404, 405 and redirects through WriteError.
//
// # httprouter
//
// Handlers mounted on an httprouter.Router read their values the same way
// as on TrieServeMux: wrap them with HTTPRouterHandle, or read values with
// PathValue, which falls back to httprouter.ParamsFromContext.
package tonic
