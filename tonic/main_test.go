package tonic

import (
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// waitLimit is how long a test waits for something that must happen before
// it fails: long enough never to be reached on a loaded machine unless
// something is wrong.
const waitLimit = 20 * time.Second
