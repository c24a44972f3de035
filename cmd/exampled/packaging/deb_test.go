package packaging

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// buildDeb builds exampled and packages it with build-deb.sh, as `make deb`
// does, and returns the path of the .deb.
func buildDeb(t *testing.T, version string) string {
	t.Helper()
	if _, err := exec.LookPath("dpkg-deb"); err != nil {
		t.Skip("dpkg-deb is not installed (it comes with every Debian system)")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "exampled")
	build := exec.Command("go", "build", "-ldflags", "-X main.version="+version, "-o", bin, "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command("sh", "build-deb.sh", bin, version, filepath.Join(dir, "dist")).CombinedOutput()
	if err != nil {
		t.Fatalf("build-deb.sh: %v\n%s", err, out)
	}
	return strings.TrimSpace(string(out))
}

// dpkgDeb runs dpkg-deb with args and returns its output.
func dpkgDeb(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command("dpkg-deb", args...).Output()
	if err != nil {
		t.Fatalf("dpkg-deb %v: %v", args, err)
	}
	return string(out)
}

func TestDebContents(t *testing.T) {
	deb := buildDeb(t, "v1.2.3")
	arch := runtime.GOARCH
	if out, err := exec.Command("dpkg", "--print-architecture").Output(); err == nil {
		arch = strings.TrimSpace(string(out))
	}
	if want := "exampled_1.2.3_" + arch + ".deb"; filepath.Base(deb) != want {
		t.Errorf("package file: got %s, want %s", filepath.Base(deb), want)
	}

	listing := dpkgDeb(t, "-c", deb)
	for _, want := range []struct{ mode, path string }{
		{"-rwxr-xr-x root/root", "./usr/bin/exampled"},
		{"-rw-r--r-- root/root", "./lib/systemd/system/exampled.service"},
		{"-rw------- root/root", "./etc/default/exampled"}, // it may hold EXAMPLED_AUTH
	} {
		found := false
		for _, line := range strings.Split(listing, "\n") {
			if strings.HasPrefix(line, want.mode) && strings.HasSuffix(line, " "+want.path) {
				found = true
			}
		}
		if !found {
			t.Errorf("dpkg-deb -c lacks %s with mode %s; got:\n%s", want.path, want.mode, listing)
		}
	}

	fields := map[string]string{"Package": "exampled", "Version": "1.2.3", "Architecture": arch, "Depends": "systemd"}
	for field, want := range fields {
		if got := strings.TrimSpace(dpkgDeb(t, "-f", deb, field)); got != want {
			t.Errorf("control field %s: got %q, want %q", field, got, want)
		}
	}
	if got := dpkgDeb(t, "--ctrl-tarfile", deb); !strings.Contains(got, "conffiles") || !strings.Contains(got, "postinst") {
		t.Errorf("control archive lacks conffiles or postinst")
	}
}

func TestDebUnitAndBinary(t *testing.T) {
	deb := buildDeb(t, "e2e-deb")
	dir := t.TempDir()
	dpkgDeb(t, "-x", deb, dir)
	unit, err := os.ReadFile(filepath.Join(dir, "lib/systemd/system/exampled.service"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"ExecReload=/bin/kill -USR2 $MAINPID", "KillSignal=SIGTERM",
		"PIDFile=/run/exampled/exampled.pid", "EnvironmentFile=-/etc/default/exampled", "-pid-file /run/exampled/exampled.pid"} {
		if !strings.Contains(string(unit), want) {
			t.Errorf("the systemd unit lacks %q", want)
		}
	}
	out, err := exec.Command(filepath.Join(dir, "usr/bin/exampled"), "-version").Output()
	if err != nil || !strings.Contains(string(out), "e2e-deb") {
		t.Errorf("packaged exampled -version: got %q (%v), want the stamped version e2e-deb", out, err)
	}
	if got := strings.TrimSpace(dpkgDeb(t, "-f", deb, "Version")); got != "0.0.0~e2e~deb" {
		t.Errorf("a version that is not a release: got %q, want %q", got, "0.0.0~e2e~deb")
	}
	if listing := dpkgDeb(t, "-c", deb); !strings.HasPrefix(listing, "drwxr-xr-x root/root") {
		t.Errorf("the package root must be drwxr-xr-x root/root; got:\n%s", listing)
	}
}
