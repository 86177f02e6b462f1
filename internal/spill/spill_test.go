package spill

import (
	"bytes"
	"fmt"
	"os"
	"sync"
	"testing"
)

func TestPutGet(t *testing.T) {
	dir := t.TempDir()
	s, err := New(dir)
	if err != nil {
		t.Fatal(err)
	}
	inputs := [][]byte{[]byte("<p>one</p>"), {}, []byte("<h2 id=\"한국\">한국</h2>"), bytes.Repeat([]byte("x"), 100000)}
	refs := make([]Ref, len(inputs))
	for i, in := range inputs {
		if refs[i], err = s.Put(in); err != nil {
			t.Fatal(err)
		}
	}
	for i := len(inputs) - 1; i >= 0; i-- {
		got, err := s.Get(refs[i])
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, inputs[i]) {
			t.Errorf("Get(%v) = %.20q…, want %.20q…", refs[i], got, inputs[i])
		}
	}
	if want := int64(10 + 0 + len(inputs[2]) + 100000); s.Size() != want {
		t.Errorf("Size = %d, want %d", s.Size(), want)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Put([]byte("late")); err == nil {
		t.Error("Put after Close succeeded")
	}
	// Nothing is left in the folder, during or after the build.
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("store left %d files in %s", len(entries), dir)
	}
}

func TestConcurrent(t *testing.T) {
	s, err := New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				want := []byte(fmt.Sprintf("goroutine %d body %d %s", g, i, bytes.Repeat([]byte{'a' + byte(g)}, i)))
				r, err := s.Put(want)
				if err != nil {
					t.Error(err)
					return
				}
				got, err := s.Get(r)
				if err != nil || !bytes.Equal(got, want) {
					t.Errorf("got %q, %v; want %q", got, err, want)
					return
				}
			}
		})
	}
	wg.Wait()
}
