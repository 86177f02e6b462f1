package site

import (
	"context"
	"testing"
)

// TestListed checks Site.Listed, by which serve tells a file added from
// one saved: the files and folders of the last generation are listed,
// drafts included, and a file is listed only once an Update has read it.
func TestListed(t *testing.T) {
	dir := t.TempDir()
	writeSite(t, dir, map[string]string{
		"briefbook.yaml":          "title: T\n",
		"content/briefs/a.md":     "---\ntitle: A\ndate: 2021-04-06\ndomain: cyber\n---\nA.\n",
		"content/briefs/d.md":     "---\ntitle: D\ndate: 2021-04-06\ndomain: cyber\ndraft: true\n---\nD.\n",
		"content/briefs/sub-x.md": "---\ntitle: X\ndate: 2021-04-06\ndomain: cyber\n---\nX.\n",
		"content/briefs/sub/y.md": "---\ntitle: Y\ndate: 2021-04-06\ndomain: cyber\n---\nY.\n",
		"static/css/extra.css":    "p{}\n",
	})
	ctx := context.Background()
	s, _, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for p, want := range map[string]bool{
		"briefbook.yaml": true, "content/briefs/a.md": true, "content/briefs/d.md": true,
		"content/briefs/sub": true, "content/briefs/sub/y.md": true, "static/css/extra.css": true, "static": true,
		"content/briefs/b.md": false, "content/briefs/su": false, "content/briefs/sub/z.md": false,
	} {
		if got := s.Listed(p); got != want {
			t.Errorf("Listed(%q) = %v, want %v", p, got, want)
		}
	}
	writeSite(t, dir, map[string]string{"content/briefs/b.md": "---\ntitle: B\ndate: 2021-04-06\ndomain: cyber\n---\nB.\n"})
	if s.Listed("content/briefs/b.md") {
		t.Error("Listed(b.md) before the Update that reads it = true, want false")
	}
	if _, err := s.Update(ctx, []string{"content/briefs/b.md"}); err != nil {
		t.Fatal(err)
	}
	if !s.Listed("content/briefs/b.md") {
		t.Error("Listed(b.md) after the Update that read it = false, want true")
	}
}
