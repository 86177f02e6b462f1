package serve

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/briefbook/briefbook/internal/watch"
)

// TestDescribe checks the terminal's words for a batch: paths that are
// gone are "removed", those still there "added" when new (Server.added),
// "changed" otherwise, each group named by its first path and a count of
// the others.
func TestDescribe(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "content", "briefs"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"kept.md", "new.md", "also-new.md"} {
		if err := os.WriteFile(filepath.Join(root, "content", "briefs", name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		batch watch.Batch
		want  string
	}{
		{watch.Batch{Paths: []string{"content/briefs/kept.md"}}, "changed content/briefs/kept.md"},
		{watch.Batch{Paths: []string{"content/briefs/gone.md"}}, "removed content/briefs/gone.md"},
		{watch.Batch{Paths: []string{"content/briefs/gone.md", "content/briefs/kept.md"}}, "changed content/briefs/kept.md; removed content/briefs/gone.md"},
		{watch.Batch{Paths: []string{"content/briefs/gone.md", "content/briefs/also-gone.md"}}, "removed content/briefs/gone.md and 1 more"},
		{watch.Batch{Paths: []string{"content/briefs/kept.md", "content/briefs", "content/briefs/gone.md", "content/briefs/also-gone.md"}}, "changed content/briefs/kept.md and 1 more; removed content/briefs/gone.md and 1 more"},
		{watch.Batch{All: true}, "whole site read again"},
	} {
		if got := describe(tc.batch, root, nil); got != tc.want {
			t.Errorf("describe(%v) = %q, want %q", tc.batch, got, tc.want)
		}
	}
	added := map[string]bool{"content/briefs/new.md": true, "content/briefs/also-new.md": true, "content/briefs/gone.md": true}
	for _, tc := range []struct {
		paths []string
		want  string
	}{
		{[]string{"content/briefs/new.md"}, "added content/briefs/new.md"},
		{[]string{"content/briefs/also-new.md", "content/briefs/new.md"}, "added content/briefs/also-new.md and 1 more"},
		{[]string{"content/briefs/kept.md", "content/briefs/new.md"}, "changed content/briefs/kept.md; added content/briefs/new.md"},
		{[]string{"content/briefs/gone.md", "content/briefs/new.md"}, "added content/briefs/new.md; removed content/briefs/gone.md"},
	} {
		if got := describe(watch.Batch{Paths: tc.paths}, root, added); got != tc.want {
			t.Errorf("describe(%q, added %v) = %q, want %q", tc.paths, added, got, tc.want)
		}
	}
}
