package serve

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/briefbook/briefbook/internal/watch"
)

// TestDescribe checks the terminal's word for a batch: a single path that
// is gone is "removed", one still there "changed".
func TestDescribe(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "content", "briefs"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "content", "briefs", "kept.md"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		batch watch.Batch
		want  string
	}{
		{watch.Batch{Paths: []string{"content/briefs/kept.md"}}, "changed content/briefs/kept.md"},
		{watch.Batch{Paths: []string{"content/briefs/gone.md"}}, "removed content/briefs/gone.md"},
		{watch.Batch{Paths: []string{"content/briefs/gone.md", "content/briefs/kept.md"}}, "changed content/briefs/gone.md (2 paths)"},
		{watch.Batch{All: true}, "whole site read again"},
	} {
		if got := describe(tc.batch, root); got != tc.want {
			t.Errorf("describe(%v) = %q, want %q", tc.batch, got, tc.want)
		}
	}
}
