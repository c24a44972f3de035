// Package redact masks secrets before they reach a log or a debug page:
// the values of header names, JSON keys, form and query keys, and
// command-line flags whose names say they hold a secret.
package redact

import (
	"bytes"
	"mime"
	"net/url"
	"strings"
)

// Mask replaces a secret.
const Mask = "[REDACTED]"

// defaultWords are the words that make a name a secret's, normalized (see
// normalize). A name contains one: "X-Api-Key", "access_token",
// "newPassword", "Set-Cookie".
func defaultWords() []string {
	return []string{"password", "passwd", "secret", "token", "apikey", "authorization",
		"cookie", "credential", "privatekey"}
}

// Matcher tells the names that name secrets. Its methods are safe for
// concurrent use.
type Matcher struct {
	words [][]byte
}

// New returns a Matcher for the default words (password, passwd, secret,
// token, api key, authorization, cookie, credential, private key) and the
// extra ones. Words are compared as names are: in lower case, without '-',
// '_', '.' and spaces, so "api_key" and "API-Key" are one word. An extra
// word that normalizes to nothing is ignored.
func New(extra ...string) *Matcher {
	m := &Matcher{}
	for _, w := range append(defaultWords(), extra...) {
		if n := normalize(nil, w); len(n) > 0 {
			m.words = append(m.words, n)
		}
	}
	return m
}

// normalize appends name to dst in lower case, without separators.
func normalize(dst []byte, name string) []byte {
	for i := 0; i < len(name); i++ {
		switch c := name[i]; {
		case c == '-' || c == '_' || c == '.' || c == ' ':
		case 'A' <= c && c <= 'Z':
			dst = append(dst, c+'a'-'A')
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// Name reports whether name (a header name, a JSON, form or query key, a
// flag name) names a secret: it contains one of m's words.
func (m *Matcher) Name(name string) bool {
	var buf [64]byte
	n := normalize(buf[:0], name)
	for _, w := range m.words {
		if bytes.Contains(n, w) {
			return true
		}
	}
	return false
}

// Query returns the query string q with the value of every key that names
// a secret replaced by Mask, unescaped ("token=[REDACTED]&page=2"). It
// returns q itself when there is nothing to mask.
func (m *Matcher) Query(q string) string {
	if q == "" || !m.anySecretKey(q) {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + len(Mask))
	for {
		part, rest, more := strings.Cut(q, "&")
		if key, _, hasValue := strings.Cut(part, "="); hasValue && m.Name(queryKey(key)) {
			b.WriteString(key)
			b.WriteString("=" + Mask)
		} else {
			b.WriteString(part)
		}
		if !more {
			break
		}
		b.WriteByte('&')
		q = rest
	}
	return b.String()
}

// anySecretKey reports whether a key of the query q names a secret.
func (m *Matcher) anySecretKey(q string) bool {
	for q != "" {
		var part string
		part, q, _ = strings.Cut(q, "&")
		if key, _, ok := strings.Cut(part, "="); ok && m.Name(queryKey(key)) {
			return true
		}
	}
	return false
}

// queryKey unescapes a query key, or returns it as it is when it does not
// unescape.
func queryKey(key string) string {
	if !strings.ContainsAny(key, "%+") {
		return key
	}
	if k, err := url.QueryUnescape(key); err == nil {
		return k
	}
	return key
}

// URI returns the request URI uri with its query masked as Query does.
func (m *Matcher) URI(uri string) string {
	path, q, ok := strings.Cut(uri, "?")
	if !ok {
		return uri
	}
	if masked := m.Query(q); masked != q {
		return path + "?" + masked
	}
	return uri
}

// Body returns a captured body, perhaps cut short, with its secrets masked
// as the media type of contentType says: the values of secret keys in JSON
// (any type ending in json, or a body that starts like JSON when the type
// is missing or unknown) and in application/x-www-form-urlencoded.
// Anything else is returned as it is.
func (m *Matcher) Body(contentType string, body []byte) []byte {
	mt, _, _ := mime.ParseMediaType(contentType)
	switch {
	case mt == "application/x-www-form-urlencoded":
		return []byte(m.Query(string(body))) // any bytes: it splits on & and = only
	case strings.HasSuffix(mt, "json") || looksLikeJSON(body):
		return m.JSON(body)
	}
	return body
}

// looksLikeJSON reports whether body starts, after spaces, with '{' or '['.
func looksLikeJSON(body []byte) bool {
	b := bytes.TrimLeft(body, " \t\r\n")
	return len(b) > 0 && (b[0] == '{' || b[0] == '[')
}
