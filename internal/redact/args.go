package redact

import (
	"strings"
)

// Args returns a copy of a command line (os.Args) with the values of the
// flags that name secrets replaced by Mask: "-auth=[REDACTED]", or "-auth"
// followed by "[REDACTED]" when the value is the next argument. So are the
// passwords of URLs with user information ("https://u:[REDACTED]@host").
// The program name and the number and order of the arguments are kept.
// Flags are read as package flag reads them: one or two dashes, and none
// after "--".
func (m *Matcher) Args(args []string) []string {
	out := make([]string, len(args))
	flags := true
	maskNext := false
	for i, a := range args {
		switch {
		case i == 0:
		case maskNext:
			a, maskNext = Mask, false
		case flags && a == "--":
			flags = false
		case flags && len(a) > 1 && a[0] == '-':
			name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
			if m.Name(name) {
				if hasValue {
					a = a[:strings.IndexByte(a, '=')+1] + Mask
				} else {
					maskNext = true
				}
			}
		}
		out[i] = maskURLPasswords(a)
	}
	return out
}

// maskURLPasswords masks the password of every URL with user information
// in s: "scheme://user:password@" becomes "scheme://user:[REDACTED]@".
func maskURLPasswords(s string) string {
	var b strings.Builder
	rest := s
	for {
		i := strings.Index(rest, "://")
		if i < 0 {
			break
		}
		auth := rest[i+3:]
		end := strings.IndexAny(auth, "/?#@ ")
		if end < 0 || auth[end] != '@' {
			b.WriteString(rest[:i+3])
			rest = auth
			continue
		}
		user, _, hasPassword := strings.Cut(auth[:end], ":")
		if !hasPassword {
			b.WriteString(rest[:i+3+end])
			rest = auth[end:]
			continue
		}
		b.WriteString(rest[:i+3])
		b.WriteString(user + ":" + Mask)
		rest = auth[end:]
	}
	if b.Len() == 0 {
		return s
	}
	b.WriteString(rest)
	return b.String()
}
