package conformance

import (
	"bufio"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
	"github.com/pb33f/libopenapi-validator/config"
)

// waitLimit bounds every wait for exampled: generous for a loaded
// machine, and reached only when something is wrong.
const waitLimit = 60 * time.Second

// built is the exampled binary the tests share, built once.
var built struct {
	once sync.Once
	dir  string
	path string
	err  error
	out  []byte
}

// binary returns the path of exampled, building it on first use.
func binary(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "conformance-"); built.err != nil {
			return
		}
		built.path = filepath.Join(built.dir, "exampled")
		cmd := exec.Command("go", "build", "-o", built.path, "./cmd/exampled")
		cmd.Dir = ".." // in tonic's module, with its go.sum
		built.out, built.err = cmd.CombinedOutput()
	})
	if built.err != nil {
		t.Fatalf("go build: %v\n%s", built.err, built.out)
	}
	return built.path
}

// removeBinary removes what binary built.
func removeBinary() {
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
}

// exampledDocument returns what exampled -openapi prints.
func exampledDocument(t *testing.T) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	out, err := exec.CommandContext(ctx, binary(t), "-openapi").Output()
	if err != nil {
		t.Fatalf("exampled -openapi: %v", err)
	}
	return out
}

// startExampled runs exampled on free loopback ports with the given writer
// credentials, and returns the base URL of its API once it serves. It is
// stopped with SIGTERM, and waited for, when the test ends.
func startExampled(t *testing.T, auth string) string {
	t.Helper()
	cmd := exec.Command(binary(t), "-listen", "127.0.0.1:0", "-admin", "127.0.0.1:0")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "EXAMPLED_AUTH=" + auth} // not in argv
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	api := make(chan string, 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if url, ok := strings.CutPrefix(sc.Text(), "listening api "); ok {
				api <- url
			}
		}
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		<-done
		if err := cmd.Wait(); err != nil {
			t.Errorf("exampled after SIGTERM: %v", err)
		}
	})
	select {
	case url := <-api:
		return url
	case <-done:
		t.Fatal("exampled exited before it served")
	case <-time.After(waitLimit):
		t.Fatal("timed out waiting for exampled to serve")
	}
	return ""
}

// newValidator returns a request and response validator of the OpenAPI
// document doc, with format assertions on, failing the test if the
// document does not build. A request body where the document declares
// none is an error.
func newValidator(t *testing.T, doc []byte) validator.Validator {
	t.Helper()
	d, err := libopenapi.NewDocument(doc)
	if err != nil {
		t.Fatalf("libopenapi.NewDocument: %v", err)
	}
	v, errs := validator.NewValidator(d, config.WithFormatAssertions(), config.WithRejectUndeclaredRequestBody())
	if len(errs) > 0 {
		t.Fatalf("validator.NewValidator: %v", errs)
	}
	return v
}
