package tls

import (
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// TestExpiryWhileServing proves, with a clock moved past the certificate's
// NotAfter, that GetCertificate reports the expiry once, keeps serving the
// certificate, and that Reload then refuses the same (expired) pair.
func TestExpiryWhileServing(t *testing.T) {
	t.Parallel()
	ss, err := SelfSigned(SelfSignedOptions{})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	for name, data := range map[string][]byte{certFile: ss.CertPEM, keyFile: ss.KeyPEM} {
		if err := os.WriteFile(name, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	var (
		mu     sync.Mutex
		warned []error
	)
	src, err := LoadCertSource(certFile, keyFile, func(err error) {
		mu.Lock()
		defer mu.Unlock()
		warned = append(warned, err)
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(warned) != 0 {
		t.Fatalf("warnings at load: got %v, want none", warned)
	}
	src.now = func() time.Time { return ss.Certificate.Leaf.NotAfter.Add(time.Minute) }

	var wg sync.WaitGroup
	for range 8 { // concurrent handshakes report it once between them
		wg.Add(1)
		go func() {
			defer wg.Done()
			cert, err := src.GetCertificate(nil)
			if err != nil || !cert.Leaf.Equal(ss.Certificate.Leaf) {
				t.Errorf("GetCertificate: got %v, %v, want the loaded certificate", cert, err)
			}
		}()
	}
	wg.Wait()
	var ve *ValidityError
	if len(warned) != 1 || !errors.As(warned[0], &ve) || !errors.Is(ve, ErrExpired) || ve.File != certFile {
		t.Fatalf("warnings: got %v, want one *ValidityError wrapping ErrExpired for %s", warned, certFile)
	}
	if err := src.Reload(); !errors.Is(err, ErrExpired) {
		t.Errorf("Reload: got %v, want ErrExpired", err)
	}
}
