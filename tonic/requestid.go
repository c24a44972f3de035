package tonic

// RequestIDHeader is the header that carries a request ID in and out.
const RequestIDHeader = "X-Request-ID"

// MaxRequestIDLen bounds the length of an incoming request ID that is kept.
const MaxRequestIDLen = 128

// ValidRequestID reports whether id is safe to take from a client: 1 to
// MaxRequestIDLen characters, each a letter, a digit or one of "-_.:+/=".
func ValidRequestID(id string) bool {
	if id == "" || len(id) > MaxRequestIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case c == '-' || c == '_' || c == '.' || c == ':' || c == '+' || c == '/' || c == '=':
		default:
			return false
		}
	}
	return true
}
