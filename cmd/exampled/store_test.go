package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// openTestStore opens a store on path ("" for memory) with the test clock.
func openTestStore(t *testing.T, path string) *Store {
	t.Helper()
	s, err := OpenStore(path, func() time.Time { return testTime })
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// mustCreate creates an item named name.
func mustCreate(t *testing.T, s *Store, name string) Item {
	t.Helper()
	it, err := s.Create(ItemInput{Name: name, Count: 1})
	if err != nil {
		t.Fatalf("Create(%q): %v", name, err)
	}
	return it
}

// listAll returns every item of s.
func listAll(t *testing.T, s *Store) []Item {
	t.Helper()
	items, total, err := s.List(0, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	if total != len(items) {
		t.Fatalf("List: got %d items and a total of %d", len(items), total)
	}
	return items
}

// itemNames returns the IDs and names of items, "id:name".
func itemNames(items []Item) []string {
	ns := []string{}
	for _, it := range items {
		ns = append(ns, it.ID+":"+it.Name)
	}
	return ns
}

// readFileState reads the data file as JSON.
func readFileState(t *testing.T, path string) fileState {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var fst fileState
	if err := json.Unmarshal(b, &fst); err != nil {
		t.Fatalf("the data file is not JSON: %v\n%s", err, b)
	}
	return fst
}

func TestStoreIDs(t *testing.T) {
	t.Parallel()
	s := openTestStore(t, "")
	for range 12 {
		mustCreate(t, s, "x")
	}
	tests := []struct {
		id   string
		want bool
	}{
		{"1", true}, {"12", true}, {"13", false}, {"0", false}, {"01", false}, {"+1", false}, {" 1", false},
		{"", false}, {"1.0", false}, {"18446744073709551616", false}, {"-1", false},
	}
	for _, tt := range tests {
		_, err := s.Get(tt.id)
		if got := err == nil; got != tt.want || (err != nil && !errors.Is(err, errNotFound)) {
			t.Errorf("Get(%q): got %v, want found=%v", tt.id, err, tt.want)
		}
	}
}

func TestStorePersists(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "stuff.json")
	leftover := path + ".tmp-123" // what a crash in the middle of a write leaves
	if err := os.WriteFile(leftover, []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := openTestStore(t, path)
	if _, err := os.Stat(leftover); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the temporary file of an interrupted write: got %v, want it removed", err)
	}
	for _, name := range []string{"a", "b", "c"} {
		mustCreate(t, s, name)
	}
	if _, err := s.Update("2", ItemInput{Name: "B", Count: 5}); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete("1"); err != nil {
		t.Fatal(err)
	}

	fst := readFileState(t, path)
	if fst.Generation != 6 || fst.NextID != 4 || !reflect.DeepEqual(itemNames(fst.Items), []string{"2:B", "3:c"}) {
		t.Errorf("the data file: got generation %d, next_id %d, items %v; want 6, 4, [2:B 3:c]", fst.Generation, fst.NextID, itemNames(fst.Items))
	}
	reopened := openTestStore(t, path)
	if got, want := listAll(t, reopened), listAll(t, s); !reflect.DeepEqual(got, want) {
		t.Errorf("reopened: got %v, want %v", got, want)
	}
	if it := mustCreate(t, reopened, "d"); it.ID != "4" {
		t.Errorf("the first ID after reopening: got %s, want 4", it.ID)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		files = append(files, e.Name())
	}
	if want := []string{"stuff.json", "stuff.json.lock"}; !reflect.DeepEqual(files, want) {
		t.Errorf("the directory: got %v, want %v (no temporary file left)", files, want)
	}
}

func TestStoreSeesOtherProcess(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "stuff.json")
	a, b := openTestStore(t, path), openTestStore(t, path)
	steps := []struct {
		name string
		do   func() error
		by   *Store // the other store, which checks the result
		want []string
	}{
		{"a creates", func() error { _, err := a.Create(ItemInput{Name: "one"}); return err }, b, []string{"1:one"}},
		{"b creates", func() error { _, err := b.Create(ItemInput{Name: "two"}); return err }, a, []string{"1:one", "2:two"}},
		{"a replaces b's", func() error { _, err := a.Update("2", ItemInput{Name: "TWO"}); return err }, b, []string{"1:one", "2:TWO"}},
		{"b deletes a's", func() error { return b.Delete("1") }, a, []string{"2:TWO"}},
		{"a creates after b's changes", func() error { _, err := a.Create(ItemInput{Name: "three"}); return err }, b, []string{"2:TWO", "3:three"}},
	}
	for _, s := range steps {
		if err := s.do(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if got := itemNames(listAll(t, s.by)); !reflect.DeepEqual(got, s.want) {
			t.Errorf("%s: the other store lists %v, want %v", s.name, got, s.want)
		}
	}
	if it, err := b.Get("3"); err != nil || it.Name != "three" {
		t.Errorf("b.Get(3): got %+v, %v; want three", it, err)
	}
}

// TestStoreSharedFileConcurrent interleaves writes of two stores on one
// file, as the old and the new process make them during a restart: every
// acknowledged write must be in the file, with an ID of its own.
func TestStoreSharedFileConcurrent(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "stuff.json")
	stores := []*Store{openTestStore(t, path), openTestStore(t, path)}
	const workers, perWorker = 4, 15
	var mu sync.Mutex
	acked := map[string]string{} // id -> name
	var wg sync.WaitGroup
	errs := make(chan error, workers*perWorker)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWorker {
				s := stores[(w+i)%2]
				name := fmt.Sprintf("w%d-%d", w, i)
				it, err := s.Create(ItemInput{Name: name})
				if err != nil {
					errs <- err
					continue
				}
				if _, _, err := s.List(0, 10); err != nil { // reads interleave too
					errs <- err
				}
				mu.Lock()
				if prev, dup := acked[it.ID]; dup {
					errs <- fmt.Errorf("ID %s given to %s and %s", it.ID, prev, name)
				}
				acked[it.ID] = name
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	fresh := openTestStore(t, path)
	got := map[string]string{}
	for _, it := range listAll(t, fresh) {
		got[it.ID] = it.Name
	}
	if len(acked) != workers*perWorker || !reflect.DeepEqual(got, acked) {
		t.Errorf("the file holds %d items, want the %d acknowledged (%d writes): got %v, want %v", len(got), len(acked), workers*perWorker, got, acked)
	}
}

func TestStoreFailedWrite(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "stuff.json")
	s := openTestStore(t, path)
	mustCreate(t, s, "kept")
	broken := errors.New("disk full")
	s.file.rename = func(string, string) error { return broken }
	if _, err := s.Create(ItemInput{Name: "lost"}); !errors.Is(err, broken) {
		t.Errorf("Create with a failing disk: got %v, want %v", err, broken)
	}
	if err := s.Delete("1"); !errors.Is(err, broken) {
		t.Errorf("Delete with a failing disk: got %v, want %v", err, broken)
	}
	s.file.rename = os.Rename
	if got := itemNames(listAll(t, s)); !reflect.DeepEqual(got, []string{"1:kept"}) {
		t.Errorf("after failed writes: got %v, want [1:kept] (what the file holds)", got)
	}
	if it := mustCreate(t, s, "next"); it.ID != "2" {
		t.Errorf("the ID after failed writes: got %s, want 2 (no failed write was acknowledged)", it.ID)
	}
	if matches, _ := filepath.Glob(path + ".tmp-*"); len(matches) != 0 {
		t.Errorf("temporary files left by the failed writes: %v", matches)
	}
}

func TestOpenStoreErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		content string // of the data file; "dir" makes it a directory
		want    string // in the error
	}{
		{"malformed", `{"generation":1,`, "unexpected EOF"},
		{"unknown field", `{"generation":1,"next_id":1,"items":[],"extra":1}`, `unknown field "extra"`},
		{"id not a number", `{"generation":1,"next_id":5,"items":[{"id":"x","name":"a"}]}`, `item 0: id "x" is not a number in ascending order below next_id 5`},
		{"ids out of order", `{"generation":1,"next_id":5,"items":[{"id":"2","name":"a"},{"id":"1","name":"b"}]}`, `item 1: id "1"`},
		{"id not below next_id", `{"generation":1,"next_id":2,"items":[{"id":"2","name":"a"}]}`, `item 0: id "2"`},
		{"a directory", "dir", "is a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "stuff.json")
			var err error
			if tt.content == "dir" {
				err = os.Mkdir(path, 0o700)
			} else {
				err = os.WriteFile(path, []byte(tt.content), 0o600)
			}
			if err != nil {
				t.Fatal(err)
			}
			_, err = OpenStore(path, time.Now)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("OpenStore: got %v, want an error with %q", err, tt.want)
			}
		})
	}
	t.Run("no directory", func(t *testing.T) {
		t.Parallel()
		path := filepath.Join(t.TempDir(), "missing", "stuff.json")
		if _, err := OpenStore(path, time.Now); err == nil || !strings.Contains(err.Error(), "lock file") {
			t.Errorf("OpenStore in a missing directory: got %v, want an error about the lock file", err)
		}
	})
}

func TestStoreMemoryConcurrent(t *testing.T) {
	t.Parallel()
	s := openTestStore(t, "")
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				it, err := s.Create(ItemInput{Name: fmt.Sprint(w, i)})
				if err == nil {
					_, err = s.Update(it.ID, ItemInput{Name: "u"})
				}
				if err == nil {
					_, _, err = s.List(0, 5)
				}
				if err == nil && i%2 == 0 {
					err = s.Delete(it.ID)
				}
				if err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if got := len(listAll(t, s)); got != 8*25 {
		t.Errorf("items left: got %d, want %d", got, 8*25)
	}
}
