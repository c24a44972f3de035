package middleware

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"

	"github.com/seed78c03fa0/tonic/tonic"
)

// basicAuth is a configured BasicAuth.
type basicAuth struct {
	users     [][2][sha256.Size]byte // SHA-256 of each user name and password
	challenge string                 // the WWW-Authenticate value
}

// BasicAuth returns middleware that lets through only requests carrying
// HTTP Basic credentials (RFC 7617) that match an entry of credentials, a
// map from user name to password. The scheme name is matched without regard
// to case. Handlers read the user with r.BasicAuth(). The header is parsed
// by hand rather than with r.BasicAuth so that the check does not allocate
// for credentials up to 256 bytes, which keeps its timing flat.
//
// The check takes the same time whatever is wrong: the user name and the
// password given are hashed with SHA-256 (an absent or malformed header
// counts as empty ones), and both hashes are compared in constant time with
// those of every entry, so the time depends neither on which part differs
// nor on where, nor on whether the user exists. It depends only on what the
// client itself sent (the length of the header, and whether it decodes),
// which reveals nothing.
//
// Every failure gets the same response: 401 with
// WWW-Authenticate: Basic realm="<realm>", charset="UTF-8" and the body
// tonic.WriteError writes for "authentication required".
//
// It panics if realm is empty or holds control characters, if credentials
// is empty, or if a user name is empty or contains a colon.
func BasicAuth(realm string, credentials map[string]string) Middleware {
	a := newBasicAuth(realm, credentials)
	return func(next http.Handler) http.Handler {
		mustHandler("BasicAuth", next)
		return &basicAuthHandler{wrapped{next: next, serve: func(w http.ResponseWriter, r *http.Request) {
			if !a.check(r) {
				w.Header().Set("WWW-Authenticate", a.challenge)
				tonic.WriteError(w, r, http.StatusUnauthorized,
					tonic.NewError(http.StatusUnauthorized, "authentication required"))
				return
			}
			next.ServeHTTP(w, r)
		}}}
	}
}

// basicAuthHandler is the handler BasicAuth returns: a middleware handler
// that also names the authentication it requires.
type basicAuthHandler struct{ wrapped }

// AuthScheme returns "basic", the HTTP authentication scheme (RFC 7617)
// the handler requires, for documentation generators: the openapi package
// documents the routes behind it as secured by HTTP Basic authentication,
// with a 401 response.
func (*basicAuthHandler) AuthScheme() string { return "basic" }

// newBasicAuth validates the arguments and hashes the credentials.
func newBasicAuth(realm string, credentials map[string]string) *basicAuth {
	if realm == "" || strings.ContainsFunc(realm, func(c rune) bool { return c < ' ' || c == 0x7f }) {
		panic(fmt.Sprintf("middleware: BasicAuth: unusable realm %q", realm))
	}
	if len(credentials) == 0 {
		panic("middleware: BasicAuth without credentials")
	}
	a := &basicAuth{challenge: `Basic realm="` + quoteEscape(realm) + `", charset="UTF-8"`}
	for user, pass := range credentials {
		if user == "" || strings.Contains(user, ":") {
			panic(fmt.Sprintf("middleware: BasicAuth: user name %q is empty or contains a colon", user))
		}
		a.users = append(a.users, [2][sha256.Size]byte{sha256.Sum256([]byte(user)), sha256.Sum256([]byte(pass))})
	}
	return a
}

// check reports whether r carries valid credentials, in constant time.
func (a *basicAuth) check(r *http.Request) bool {
	var buf [basicBuf]byte
	user, pass, ok := parseBasic(r.Header["Authorization"], &buf)
	uh, ph := sha256.Sum256(user), sha256.Sum256(pass)
	match := 0
	for i := range a.users {
		match |= subtle.ConstantTimeCompare(uh[:], a.users[i][0][:]) &
			subtle.ConstantTimeCompare(ph[:], a.users[i][1][:])
	}
	return ok && match == 1
}

// basicBuf is the size of the stack buffer parseBasic decodes into; longer
// credentials are decoded into the heap.
const basicBuf = 256

// parseBasic parses the Authorization header lines as RFC 7617 Basic
// credentials, with a case-insensitive scheme, as r.BasicAuth does. It
// decodes into buf when the credentials fit, so that checking them does not
// allocate and every attempt costs about the same; ok is false, with empty
// user and password, when the header is missing, repeated or malformed.
func parseBasic(lines []string, buf *[basicBuf]byte) (user, pass []byte, ok bool) {
	const prefix = "Basic "
	if len(lines) != 1 || len(lines[0]) < len(prefix) || !strings.EqualFold(lines[0][:len(prefix)], prefix) {
		return nil, nil, false
	}
	enc := lines[0][len(prefix):]
	var in [basicBuf * 4 / 3]byte
	src, dst := in[:], buf[:]
	if len(enc) > len(src) {
		src, dst = make([]byte, len(enc)), make([]byte, base64.StdEncoding.DecodedLen(len(enc)))
	}
	src = src[:copy(src, enc)]
	n, err := base64.StdEncoding.Decode(dst, src)
	if err != nil {
		return nil, nil, false
	}
	user, pass, ok = bytes.Cut(dst[:n], []byte{':'})
	if !ok {
		return nil, nil, false
	}
	return user, pass, true
}

// quoteEscape escapes s for the inside of an RFC 9110 quoted-string.
func quoteEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s)
}
