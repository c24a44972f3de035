package validate

import (
	"net/mail"
	"net/netip"
	"net/url"
	"strings"
	"time"
)

// format is one supported value of the format tag.
type format struct {
	check   func(string) bool
	message string
}

// Formats returns the names of the supported formats, in a fixed order.
func Formats() []string {
	return []string{"date-time", "date", "email", "uri", "uuid", "ipv4", "ipv6"}
}

// formatOf returns the format called name, or false if there is none.
func formatOf(name string) (format, bool) {
	switch name {
	case "date-time":
		return format{isDateTime, "must be an RFC 3339 date-time"}, true
	case "date":
		return format{isDate, "must be a date (YYYY-MM-DD)"}, true
	case "email":
		return format{isEmail, "must be an email address"}, true
	case "uri":
		return format{isURI, "must be an absolute URI"}, true
	case "uuid":
		return format{isUUID, "must be a UUID"}, true
	case "ipv4":
		return format{isIPv4, "must be an IPv4 address"}, true
	case "ipv6":
		return format{isIPv6, "must be an IPv6 address"}, true
	}
	return format{}, false
}

// isDateTime reports whether s is a date-time as time.Parse reads
// time.RFC3339, the form encoding/json uses for time.Time.
func isDateTime(s string) bool {
	_, err := time.Parse(time.RFC3339, s)
	return err == nil
}

// isDate reports whether s is an RFC 3339 full-date, "2006-01-02".
func isDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// isEmail reports whether s is a bare address, "name@example.com", as
// net/mail parses it: no display name, no angle brackets, no quoted local
// part.
func isEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Name == "" && a.Address == s
}

// isURI reports whether s is an absolute URI: only characters RFC 3986
// allows, a scheme, and a structure url.Parse accepts.
func isURI(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte(`"<>\^`+"`{|}", c) >= 0 {
			return false
		}
	}
	u, err := url.Parse(s)
	return err == nil && u.Scheme != ""
}

// isUUID reports whether s is a UUID in RFC 9562's text form,
// 8-4-4-4-12 hexadecimal digits, in either case.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// isIPv4 reports whether s is a dotted-quad IPv4 address.
func isIPv4(s string) bool {
	a, err := netip.ParseAddr(s)
	return err == nil && a.Is4()
}

// isIPv6 reports whether s is an IPv6 address, without a zone.
func isIPv6(s string) bool {
	a, err := netip.ParseAddr(s)
	return err == nil && a.Is6() && a.Zone() == ""
}
