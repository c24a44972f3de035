package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

// fileState is the JSON form of a store in its data file. Generation comes
// first, so that generation reads it without reading the items.
type fileState struct {
	Generation uint64 `json:"generation"`
	NextID     uint64 `json:"next_id"`
	Items      []Item `json:"items"`
}

// dataFile is the file a Store keeps its state in, and the lock file
// (path.lock) that orders the processes sharing it. The data file is only
// ever replaced whole, by a rename, so a reader sees either the old or the
// new content; the lock file is never replaced, so that locks on it hold.
type dataFile struct {
	path, lockPath string
	rename         func(oldpath, newpath string) error // os.Rename; tests make it fail
}

func newDataFile(path string) *dataFile {
	return &dataFile{path: path, lockPath: path + ".lock", rename: os.Rename}
}

// open reads the file, or creates it with an empty store, under the
// exclusive lock. It removes the temporary files of writes that a crash
// interrupted.
func (f *dataFile) open() (state, error) {
	unlock, err := f.lock(true)
	if err != nil {
		return state{}, err
	}
	defer unlock()
	if leftovers, err := filepath.Glob(f.tempPattern()); err == nil {
		for _, name := range leftovers {
			os.Remove(name)
		}
	}
	st, err := f.load()
	if errors.Is(err, fs.ErrNotExist) {
		st = state{gen: 1, nextID: 1}
		err = f.save(st)
	}
	return st, err
}

// lock takes the lock file, exclusively or shared, and returns the function
// that releases it. Each call opens the lock file anew: flock locks belong to
// an open file, so goroutines of one process exclude each other too.
func (f *dataFile) lock(exclusive bool) (unlock func(), err error) {
	lf, err := os.OpenFile(f.lockPath, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("opening the lock file: %w", err)
	}
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	for {
		err = syscall.Flock(int(lf.Fd()), how)
		if !errors.Is(err, syscall.EINTR) {
			break
		}
	}
	if err != nil {
		lf.Close()
		return nil, fmt.Errorf("locking %s: %w", f.lockPath, err)
	}
	return func() { lf.Close() }, nil // closing the file releases the lock
}

// generation returns the generation the file holds, reading only the start
// of the file; ok is false if the file does not start as save writes it.
func (f *dataFile) generation() (gen uint64, ok bool, err error) {
	df, err := os.Open(f.path)
	if err != nil {
		return 0, false, err
	}
	defer df.Close()
	dec := json.NewDecoder(df)
	dec.UseNumber()
	var toks [3]json.Token
	for i := range toks {
		if toks[i], err = dec.Token(); err != nil {
			return 0, false, nil
		}
	}
	n, isNum := toks[2].(json.Number)
	if toks[0] != json.Delim('{') || toks[1] != "generation" || !isNum {
		return 0, false, nil
	}
	gen, err = strconv.ParseUint(string(n), 10, 64)
	return gen, err == nil, nil
}

// load reads and checks the whole file.
func (f *dataFile) load() (state, error) {
	b, err := os.ReadFile(f.path)
	if err != nil {
		return state{}, err
	}
	var fst fileState
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&fst); err != nil {
		return state{}, fmt.Errorf("%s: %w", f.path, err)
	}
	st := state{gen: fst.Generation, nextID: fst.NextID, entries: make([]entry, len(fst.Items))}
	for i, it := range fst.Items {
		seq, err := strconv.ParseUint(it.ID, 10, 64)
		if err != nil || strconv.FormatUint(seq, 10) != it.ID || seq >= st.nextID || (i > 0 && seq <= st.entries[i-1].seq) {
			return state{}, fmt.Errorf("%s: item %d: id %q is not a number in ascending order below next_id %d", f.path, i, it.ID, st.nextID)
		}
		st.entries[i] = entry{seq: seq, item: it}
	}
	return st, nil
}

// save replaces the file with st atomically and durably: it writes a
// temporary file in the same directory, syncs it, renames it over the file
// and syncs the directory, so that after a crash the file holds either the
// old or the new state, and once save returns the new one survives.
func (f *dataFile) save(st state) error {
	fst := fileState{Generation: st.gen, NextID: st.nextID, Items: make([]Item, len(st.entries))}
	for i, e := range st.entries {
		fst.Items[i] = e.item
	}
	b, err := json.Marshal(fst)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(f.path), filepath.Base(f.path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("saving the store: %w", err)
	}
	if err := writeSynced(tmp, append(b, '\n')); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("saving the store: %w", err)
	}
	if err := f.rename(tmp.Name(), f.path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("saving the store: %w", err)
	}
	if err := syncDir(filepath.Dir(f.path)); err != nil {
		return fmt.Errorf("saving the store: %w", err)
	}
	return nil
}

// tempPattern matches the temporary files of save.
func (f *dataFile) tempPattern() string {
	return filepath.Join(filepath.Dir(f.path), escapeGlob(filepath.Base(f.path))+".tmp-*")
}

// escapeGlob quotes the characters that filepath.Match treats specially.
func escapeGlob(s string) string {
	var b bytes.Buffer
	for _, c := range s {
		if c == '*' || c == '?' || c == '[' || c == '\\' {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// writeSynced writes b to f, syncs and closes it.
func writeSynced(f *os.File, b []byte) error {
	_, err := f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// syncDir syncs the directory dir, which makes a rename in it durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}
