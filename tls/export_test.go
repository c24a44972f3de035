package tls

import "time"

// SetClock makes the certificate source of c read the time from now instead
// of time.Now, so that a test can serve past the certificate's NotAfter. It
// must be called before c serves.
func SetClock(c *Config, now func() time.Time) { c.certs.now = now }
