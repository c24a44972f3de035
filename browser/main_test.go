package browser

import (
	"fmt"
	"os"
	"testing"

	"go.uber.org/goleak"

	"github.com/seed78c03fa0/tonic/browser/internal/browsertest"
)

// chrome is the browser every test of this binary shares, started once by
// TestMain; nil, with launchErr, when there is none.
var (
	chrome    *browsertest.Browser
	launchErr error
)

func TestMain(m *testing.M) {
	chrome, launchErr = browsertest.Launch()
	if launchErr != nil {
		fmt.Fprintf(os.Stderr, "browser tests: %v\n", launchErr)
	}
	code := m.Run()
	chrome.Close()
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintf(os.Stderr, "goleak: %v\n", err)
			code = 1
		}
	}
	os.Exit(code)
}

// browser returns the shared browser, or skips t (fails it under
// TONIC_REQUIRE_BROWSER=1) when there is none.
func browser(t *testing.T) *browsertest.Browser {
	t.Helper()
	return browsertest.Need(t, chrome, launchErr)
}
