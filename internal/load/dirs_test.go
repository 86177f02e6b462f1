package load

import (
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// TestDirs checks that Dirs opens the same files as the site's *os.Root,
// and refuses the same: a symbolic link up to elsewhere in the site is
// followed (the file's folder alone would refuse it), one leaving the
// site is not.
func TestDirs(t *testing.T) {
	outside := t.TempDir()
	root := t.TempDir()
	write := func(p, content string) {
		t.Helper()
		full := filepath.Join(root, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, p string) {
		t.Helper()
		if err := os.Symlink(target, filepath.Join(root, filepath.FromSlash(p))); err != nil {
			t.Fatal(err)
		}
	}
	write("briefbook.yaml", "title: x")
	write("content/briefs/a.md", "a")
	write("content/briefs/2024/b.md", "b")
	write("content/shared/c.md", "c")
	if err := os.WriteFile(filepath.Join(outside, "secret.md"), []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	link("../shared/c.md", "content/briefs/up.md")
	link(filepath.Join(outside, "secret.md"), "content/briefs/out.md")
	link("../../..", "content/briefs/2024/escape")

	r, err := os.OpenRoot(root)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	d := NewDirs(r)
	defer d.Close()
	read := func(o Opener, name string) (string, bool) {
		f, err := o.Open(name)
		if err != nil {
			return "", false
		}
		defer f.Close()
		b, err := io.ReadAll(f)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return string(b), true
	}
	for _, tc := range []struct {
		name string
		want string // "" when refused
	}{
		{"briefbook.yaml", "title: x"},
		{"content/briefs/a.md", "a"},
		{"content/briefs/2024/b.md", "b"},
		{"content/briefs/up.md", "c"},
		{"content/briefs/out.md", ""},
		{"content/briefs/2024/escape/etc/passwd", ""},
		{"content/briefs/missing.md", ""},
		{"content/missing/x.md", ""},
		{"content/briefs/../shared/c.md", "c"},
	} {
		for range 2 { // the second time from the folder kept open
			got, ok := read(d, tc.name)
			if want := tc.want != ""; ok != want || got != tc.want {
				t.Errorf("Dirs.Open(%q) = %q, %v; want %q", tc.name, got, ok, tc.want)
			}
			rgot, rok := read(r, tc.name)
			if rok != ok || rgot != got {
				t.Errorf("Dirs.Open(%q) = %q, %v; the root gives %q, %v", tc.name, got, ok, rgot, rok)
			}
		}
	}

	// Several goroutines at once (go test -race).
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if got, ok := read(d, "content/briefs/2024/b.md"); !ok || got != "b" {
				t.Errorf("concurrent Open: %q, %v", got, ok)
			}
		})
	}
	wg.Wait()
}
