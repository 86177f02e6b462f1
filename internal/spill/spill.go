// Package spill keeps the rendered bodies of a book on disk between the
// parse and render stages.
//
// The parse stage turns every brief's markdown into HTML and the render
// stage needs that HTML only once, when it writes the brief's page (and the
// pages of profiles). Holding every body in memory in between would make a
// build's memory grow with the size of the book: 100,000 briefs of 8 KB are
// a gigabyte of HTML. Instead the parse stage appends each body to one
// temporary file and keeps only its offset and length; the render stage
// reads it back with a positioned read. The file is the operating system's
// to cache: its pages are not part of the process's memory.
//
// The file is created in the system's temporary folder and unlinked at once
// where the system allows it, so it disappears when the build ends, even if
// the build is killed.
package spill

import (
	"fmt"
	"os"
	"slices"
	"sync"
)

// Store is an append-only file of byte strings. It is safe for concurrent
// use.
type Store struct {
	mu     sync.Mutex
	f      *os.File
	name   string // path to remove on Close, "" when already unlinked
	size   int64
	closed bool
}

// Ref locates a byte string in a Store.
type Ref struct {
	Off int64
	Len int64
}

// New creates an empty store in dir, or in the system's temporary folder
// when dir is "".
func New(dir string) (*Store, error) {
	f, err := os.CreateTemp(dir, "briefbook-bodies-*")
	if err != nil {
		return nil, fmt.Errorf("spill: %w", err)
	}
	s := &Store{f: f, name: f.Name()}
	// On Unix an open file outlives its name: remove the name now so that
	// nothing is left behind whatever happens to the process.
	if os.Remove(f.Name()) == nil {
		s.name = ""
	}
	return s, nil
}

// Put appends b to the store and returns where it is. Concurrent Puts
// write at once, each to the range it reserved.
func (s *Store) Put(b []byte) (Ref, error) {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return Ref{}, os.ErrClosed
	}
	r := Ref{Off: s.size, Len: int64(len(b))}
	s.size += int64(len(b))
	s.mu.Unlock()
	if _, err := s.f.WriteAt(b, r.Off); err != nil {
		return Ref{}, fmt.Errorf("spill: %w", err)
	}
	return r, nil
}

// Get returns a new slice holding the bytes at r. Reads may run
// concurrently with each other and with Put.
func (s *Store) Get(r Ref) ([]byte, error) {
	return s.Append(nil, r)
}

// Append appends the bytes at r to dst and returns the extended slice,
// reusing dst's memory when it has room. Reads may run concurrently with
// each other and with Put.
func (s *Store) Append(dst []byte, r Ref) ([]byte, error) {
	n := len(dst)
	dst = slices.Grow(dst, int(r.Len))[:n+int(r.Len)]
	if r.Len == 0 {
		return dst, nil
	}
	if _, err := s.f.ReadAt(dst[n:], r.Off); err != nil {
		return nil, fmt.Errorf("spill: %w", err)
	}
	return dst, nil
}

// Size returns the number of bytes stored, or reserved by Puts under way.
func (s *Store) Size() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.size
}

// Close closes the file, removing it if it still has a name.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	err := s.f.Close()
	if s.name != "" {
		if rerr := os.Remove(s.name); err == nil {
			err = rerr
		}
	}
	return err
}
