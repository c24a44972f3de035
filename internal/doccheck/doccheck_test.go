package doccheck

import (
	"bufio"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// root returns the module's root directory.
func root(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}

// snippet is a block of code in the documentation.
type snippet struct {
	where string // file:line
	lines []string
}

// docSnippets returns the indented code blocks of a doc.go comment.
func docSnippets(t *testing.T, path string) []snippet {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []snippet
	var cur *snippet
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if code, ok := strings.CutPrefix(line, "//\t"); ok {
			if cur == nil {
				out = append(out, snippet{where: path + ":" + itoa(n)})
				cur = &out[len(out)-1]
			}
			cur.lines = append(cur.lines, code)
			continue
		}
		if line == "//" && cur != nil {
			cur.lines = append(cur.lines, "")
			continue
		}
		cur = nil
	}
	return out
}

// readmeSnippets returns the ```go blocks of a Markdown file.
func readmeSnippets(t *testing.T, path string) []snippet {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []snippet
	var cur *snippet
	for n, line := range strings.Split(string(b), "\n") {
		switch {
		case cur == nil && strings.TrimSpace(line) == "```go":
			out = append(out, snippet{where: path + ":" + itoa(n+1)})
			cur = &out[len(out)-1]
		case cur != nil && strings.TrimSpace(line) == "```":
			cur = nil
		case cur != nil:
			cur.lines = append(cur.lines, line)
		}
	}
	return out
}

// isGo reports whether a snippet parses as Go: declarations, or statements
// in a function body.
func isGo(s snippet) bool {
	src := strings.Join(s.lines, "\n")
	fset := token.NewFileSet()
	if _, err := parser.ParseFile(fset, "", "package p\n"+src, 0); err == nil {
		return true
	}
	_, err := parser.ParseFile(fset, "", "package p\nfunc _() {\n"+src+"\n}", 0)
	return err == nil
}

// testLines returns the trimmed lines of the _test.go files under dir, or
// with all, of every .go file under dir, recursively: code that make test
// compiles.
func testLines(t *testing.T, dir string, all bool) map[string]bool {
	t.Helper()
	lines := map[string]bool{}
	walk := func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != dir && (!all || d.Name() == "testdata" || d.Name() == "bench" || strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if !d.IsDir() && (strings.HasSuffix(path, "_test.go") || all && strings.HasSuffix(path, ".go")) {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, l := range strings.Split(string(b), "\n") {
				lines[strings.TrimSpace(l)] = true
			}
		}
		return nil
	}
	if err := filepath.WalkDir(dir, walk); err != nil {
		t.Fatal(err)
	}
	return lines
}

// check reports the lines of a Go snippet that no test file has.
func check(t *testing.T, s snippet, lines map[string]bool) {
	t.Helper()
	for _, l := range s.lines {
		l = strings.TrimSpace(l)
		if l == "" || l == "..." || strings.HasPrefix(l, "//") {
			continue
		}
		if !lines[l] {
			t.Errorf("%s: the snippet's line %q is in no test file: make the snippet the code of an Example", s.where, l)
		}
	}
}

// TestDocSnippetsAreTestedCode: each Go snippet of a package's doc.go is
// code of that package's tests.
func TestDocSnippetsAreTestedCode(t *testing.T) {
	r := root(t)
	docs, err := filepath.Glob(filepath.Join(r, "*", "doc.go"))
	if err != nil {
		t.Fatal(err)
	}
	more, _ := filepath.Glob(filepath.Join(r, "*", "*", "doc.go"))
	checked := 0
	for _, doc := range append(docs, more...) {
		if strings.Contains(doc, string(filepath.Separator)+"bench"+string(filepath.Separator)) {
			continue
		}
		var lines map[string]bool
		for _, s := range docSnippets(t, doc) {
			if !isGo(s) {
				continue
			}
			if lines == nil {
				lines = testLines(t, filepath.Dir(doc), false)
			}
			check(t, s, lines)
			checked++
		}
	}
	if checked == 0 {
		t.Error("found no Go snippet in any doc.go: the test looks in the wrong place")
	}
}

// TestReadmeSnippetsAreTestedCode: each ```go block of the README is code
// that make test compiles: a test, an Example, or a program of the module
// (examples/).
func TestReadmeSnippetsAreTestedCode(t *testing.T) {
	r := root(t)
	lines := testLines(t, r, true)
	snippets := readmeSnippets(t, filepath.Join(r, "README.md"))
	if len(snippets) == 0 {
		t.Fatal("found no ```go block in README.md")
	}
	for _, s := range snippets {
		check(t, s, lines)
	}
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		if n /= 10; n == 0 {
			return string(b[i:])
		}
	}
}
