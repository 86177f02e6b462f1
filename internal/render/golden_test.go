package render

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"

	briefbook "github.com/briefbook/briefbook"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

const goldenDir = "testdata/golden"

// renderFixture renders every page of the fixture book with the built-in
// theme, keyed by Path.
func renderFixture(t *testing.T) ([]Page, map[string][]byte) {
	t.Helper()
	b := fixtureBook()
	r, err := New(briefbook.Theme, b.Site)
	if err != nil {
		t.Fatal(err)
	}
	pages := r.Pages(b)
	out := map[string][]byte{}
	for _, p := range pages {
		var buf bytes.Buffer
		if err := p.Write(&buf); err != nil {
			t.Fatalf("%s: %v", p.Path, err)
		}
		out[p.Path] = buf.Bytes()
	}
	return pages, out
}

// TestGolden compares every rendered page of the fixture book with its
// snapshot in testdata/golden; go test -update rewrites the snapshots.
func TestGolden(t *testing.T) {
	_, got := renderFixture(t)
	if *update {
		if err := os.RemoveAll(goldenDir); err != nil {
			t.Fatal(err)
		}
		for p, b := range got {
			f := filepath.Join(goldenDir, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(f), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(f, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	var want []string
	err := filepath.WalkDir(goldenDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(goldenDir, p)
		want = append(want, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var have []string
	for p := range got {
		have = append(have, p)
	}
	sort.Strings(have)
	if !equalStrings(have, want) {
		t.Errorf("pages differ from the golden files (run go test -update):\n got %q\nwant %q", have, want)
	}
	for _, p := range want {
		w, err := os.ReadFile(filepath.Join(goldenDir, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		if g, ok := got[p]; ok && !bytes.Equal(g, w) {
			t.Errorf("%s differs from its golden file (run go test -update to accept):\n%s", p, firstDiff(g, w))
		}
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// firstDiff shows the first line where got and want differ.
func firstDiff(got, want []byte) string {
	gl, wl := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
	for i := 0; i < len(gl) || i < len(wl); i++ {
		var g, w []byte
		if i < len(gl) {
			g = gl[i]
		}
		if i < len(wl) {
			w = wl[i]
		}
		if !bytes.Equal(g, w) {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + string(g) + "\nwant: " + string(w)
		}
	}
	return ""
}
