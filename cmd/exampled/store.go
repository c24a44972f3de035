package main

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"sync"
	"time"
)

// errNotFound is returned for an ID that names no item.
var errNotFound = errors.New("no such item")

// Store keeps the items, in memory or, with a data file, on disk as well.
//
// With a data file, every change is written to the file (atomically, and
// synced) before the method that made it returns, and several processes may
// share the file, as the old and the new process do during a SIGUSR2
// restart: a change takes an exclusive lock on the file, first re-reads it
// if another process changed it, then writes it; a read takes a shared lock
// and re-reads the file if it changed. IDs come from a counter kept in the
// file, so they are unique across processes. The whole file is rewritten on
// each change, which suits an example's few thousand items.
//
// A Store is safe for concurrent use.
type Store struct {
	now  func() time.Time
	file *dataFile // nil for a store in memory

	mu    sync.RWMutex
	st    state // guarded by mu
	stale bool  // guarded by mu: st may not be what the file holds
}

// state is the content of a store.
type state struct {
	gen     uint64  // incremented by every change
	nextID  uint64  // the sequence number of the next item
	entries []entry // sorted by seq
}

// entry is an item and the number its ID spells.
type entry struct {
	seq  uint64
	item Item
}

// OpenStore returns a store in memory if path is "", else one kept in the
// JSON file path, which it reads, or creates empty, now: an unreadable,
// malformed or unwritable file is an error. now stamps the items' times.
func OpenStore(path string, now func() time.Time) (*Store, error) {
	s := &Store{now: now, st: state{nextID: 1}}
	if path == "" {
		return s, nil
	}
	s.file = newDataFile(path)
	st, err := s.file.open()
	if err != nil {
		return nil, err
	}
	s.st = st
	return s, nil
}

// Create adds an item made from in and returns it.
func (s *Store) Create(in ItemInput) (Item, error) {
	var it Item
	err := s.change(func(st *state) error {
		now := s.now().UTC()
		it = Item{ID: strconv.FormatUint(st.nextID, 10), Name: in.Name, Count: in.Count, Created: now, Updated: now}
		st.entries = append(st.entries, entry{seq: st.nextID, item: it})
		st.nextID++
		return nil
	})
	return it, err
}

// Get returns the item with the ID id, or errNotFound.
func (s *Store) Get(id string) (Item, error) {
	var it Item
	err := s.view(func(st *state) error {
		i, ok := st.find(id)
		if !ok {
			return errNotFound
		}
		it = st.entries[i].item
		return nil
	})
	return it, err
}

// List returns up to limit items from offset on, in the order they were
// created, and the number of items in all.
func (s *Store) List(offset, limit int) ([]Item, int, error) {
	items := []Item{}
	total := 0
	err := s.view(func(st *state) error {
		total = len(st.entries)
		for i := offset; i < total && i-offset < limit; i++ {
			items = append(items, st.entries[i].item)
		}
		return nil
	})
	return items, total, err
}

// Update replaces the name and count of the item with the ID id and returns
// it, or errNotFound.
func (s *Store) Update(id string, in ItemInput) (Item, error) {
	var it Item
	err := s.change(func(st *state) error {
		i, ok := st.find(id)
		if !ok {
			return errNotFound
		}
		e := &st.entries[i]
		e.item.Name, e.item.Count, e.item.Updated = in.Name, in.Count, s.now().UTC()
		it = e.item
		return nil
	})
	return it, err
}

// Delete removes the item with the ID id, or returns errNotFound.
func (s *Store) Delete(id string) error {
	return s.change(func(st *state) error {
		i, ok := st.find(id)
		if !ok {
			return errNotFound
		}
		st.entries = append(st.entries[:i], st.entries[i+1:]...)
		return nil
	})
}

// find returns the index of the entry with the ID id.
func (st *state) find(id string) (int, bool) {
	seq, err := strconv.ParseUint(id, 10, 64)
	if err != nil || strconv.FormatUint(seq, 10) != id {
		return 0, false
	}
	i := sort.Search(len(st.entries), func(i int) bool { return st.entries[i].seq >= seq })
	return i, i < len(st.entries) && st.entries[i].seq == seq
}

// change applies fn, which must leave st alone when it fails, and with a
// data file writes the result before it returns.
func (s *Store) change(fn func(st *state) error) error {
	if s.file == nil {
		s.mu.Lock()
		defer s.mu.Unlock()
		return fn(&s.st)
	}
	unlock, err := s.file.lock(true)
	if err != nil {
		return err
	}
	defer unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.refreshLocked(); err != nil {
		return err
	}
	if err := fn(&s.st); err != nil {
		return err
	}
	s.st.gen++
	if err := s.file.save(s.st); err != nil {
		s.stale = true // the file, whatever it holds now, is the truth
		return err
	}
	return nil
}

// view calls fn on the current state, which it must not modify: with a data
// file, as the file holds it.
func (s *Store) view(fn func(st *state) error) error {
	if s.file == nil {
		s.mu.RLock()
		defer s.mu.RUnlock()
		return fn(&s.st)
	}
	unlock, err := s.file.lock(false)
	if err != nil {
		return err
	}
	defer unlock()
	gen, ok, err := s.file.generation()
	if err != nil {
		return err
	}
	s.mu.RLock()
	if ok && !s.stale && gen == s.st.gen {
		defer s.mu.RUnlock()
		return fn(&s.st)
	}
	s.mu.RUnlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.refreshLocked(); err != nil {
		return err
	}
	return fn(&s.st)
}

// refreshLocked re-reads the data file if another process changed it since
// this one last read or wrote it. The caller holds the file lock and mu.
func (s *Store) refreshLocked() error {
	gen, ok, err := s.file.generation()
	if err != nil {
		return err
	}
	if ok && !s.stale && gen == s.st.gen {
		return nil
	}
	st, err := s.file.load()
	if err != nil {
		return fmt.Errorf("re-reading the store: %w", err)
	}
	s.st, s.stale = st, false
	return nil
}
