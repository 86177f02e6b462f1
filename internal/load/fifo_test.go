//go:build unix

package load

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/briefbook/briefbook/internal/diag"
)

// TestScanSpecialFiles checks that a named pipe where a file of the site
// would be is skipped with a warning, not silently (issue 7), and that
// Scan does not open it, which would block.
func TestScanSpecialFiles(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{"static/css/a.css": "a", "content/briefs/a.md": ""})
	for _, p := range []string{"static/css/pipe.css", "content/briefs/pipe.md", "content/notes"} {
		if err := syscall.Mkfifo(filepath.Join(root, filepath.FromSlash(p)), 0o644); err != nil {
			t.Skipf("cannot make a named pipe: %v", err)
		}
	}
	var d diag.List
	files, err := Scan(root, &d)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 {
		t.Errorf("files = %v, want the two regular files", files)
	}
	want := []string{
		"content/briefs/pipe.md: warning: skipped: a named pipe, not a regular file",
		"static/css/pipe.css: warning: skipped: a named pipe, not a regular file",
	}
	if g, w := strings.Join(diagStrings(&d), "\n"), strings.Join(want, "\n"); g != w {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", g, w)
	}
}
