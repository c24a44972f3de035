package tonic

import (
	"os/exec"
	"strings"
	"testing"
)

// TestCoreDependencies: the routing core imports the standard library and
// httprouter, nothing else: not tableflip, x/sys or xid, which the server
// brings.
func TestCoreDependencies(t *testing.T) {
	t.Parallel()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to list the dependencies: %v", err)
	}
	out, err := exec.Command(goTool, "list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	allowed := map[string]bool{
		"github.com/julienschmidt/httprouter": true,
		"github.com/seed78c03fa0/tonic/tonic": true,
	}
	for _, dep := range strings.Fields(string(out)) {
		if !allowed[dep] {
			t.Errorf("the core imports %s; it may import only the standard library and httprouter", dep)
		}
	}
}
