package site

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// writeSite writes files (slash-separated path → content) under dir.
func writeSite(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for p, content := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestBundles checks that files next to briefs and profiles are published
// as they are at their path under content/, that one whose path a page
// already has is reported and left out, and that Changed finds an edited
// one (issue 10: page bundles).
func TestBundles(t *testing.T) {
	dir := t.TempDir()
	chart := "<svg xmlns=\"http://www.w3.org/2000/svg\">  <text>  kept   as is  </text></svg>\n"
	writeSite(t, dir, map[string]string{
		"briefbook.yaml":                "title: T\n",
		"content/briefs/a.md":           "---\ntitle: A\ndate: 2021-04-06\ndomain: cyber\n---\n![c](a/chart.svg) [r](../actors/r.pdf)\n",
		"content/briefs/a/chart.svg":    chart,
		"content/briefs/a/index.html":   "<p>clash</p>\n",
		"content/actors/r.pdf":          "%PDF",
		"content/domains/notes/x.txt":   "x",
		"content/briefs/.hidden.png":    "hidden",
		"content/briefs/a/chart.svg~":   "backup",
		"content/elsewhere/skipped.png": "skipped",
	})
	ctx := context.Background()
	s, g, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var diags []string
	for _, dg := range g.Diagnostics() {
		diags = append(diags, dg.String())
	}
	want := []string{"content/briefs/a/index.html: error: not published: its output path briefs/a/index.html is that of a generated page"}
	if !slices.Equal(diags, want) {
		t.Errorf("diagnostics %q, want %q", diags, want)
	}
	for _, p := range []string{"briefs/a/chart.svg", "actors/r.pdf", "domains/notes/x.txt"} {
		if !slices.Contains(g.Paths(), p) {
			t.Errorf("%s is not an output path", p)
		}
	}
	for _, p := range []string{"briefs/.hidden.png", "briefs/a/chart.svg~", "elsewhere/skipped.png"} {
		if slices.Contains(g.Paths(), p) {
			t.Errorf("%s is an output path", p)
		}
	}
	got, err := g.Render(nil, "briefs/a/chart.svg")
	if err != nil || string(got) != chart {
		t.Errorf("briefs/a/chart.svg = %q, %v; want it as it is", got, err)
	}
	page, err := g.Render(nil, "briefs/a/index.html")
	if err != nil || !strings.Contains(string(page), `src="/briefs/a/chart.svg"`) || !strings.Contains(string(page), `href="/actors/r.pdf"`) {
		t.Errorf("the brief's links are not rewritten (%v):\n%s", err, page)
	}

	writeSite(t, dir, map[string]string{"content/briefs/a/chart.svg": "<svg/>"})
	next, err := s.Update(ctx, []string{"content/briefs/a/chart.svg"})
	if err != nil {
		t.Fatal(err)
	}
	changed, err := Changed(g, next)
	if err != nil || !slices.Equal(changed, []string{"briefs/a/chart.svg"}) {
		t.Errorf("Changed = %q, %v; want the chart", changed, err)
	}
	if err := os.Remove(filepath.Join(dir, "content/actors/r.pdf")); err != nil {
		t.Fatal(err)
	}
	last, err := s.Update(ctx, []string{"content/actors/r.pdf"})
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(last.Paths(), "actors/r.pdf") || last.Errors() != 2 {
		t.Errorf("after removing r.pdf: %d errors, paths %q", last.Errors(), last.Paths())
	}
}

// TestRootLinks checks that a link from the site's root must lead to an
// output file, whatever made it (issue 10), with a note when the author
// wrote the base path too.
func TestRootLinks(t *testing.T) {
	dir := t.TempDir()
	writeSite(t, dir, map[string]string{
		"briefbook.yaml":         "title: T\nbaseURL: https://example.org/book/\n",
		"static/img/logo.svg":    "<svg/>",
		"content/briefs/a.md":    "---\ntitle: A\ndate: 2021-04-06\ndomain: cyber\n---\n",
		"content/briefs/a/x.png": "png",
		"content/_index.md": "---\ntitle: Home\n---\n[a](/img/logo.svg) [b](/briefs/a/) [c](/briefs/a) [d](/css/style.css?v=1) " +
			"[e](/) [f](/feed.xml) [g](/briefs/a/x.png#top) [h](/img/nope.svg)\n[i](/book/img/logo.svg) [j](/briefs/b/)\n",
	})
	s, g, err := Open(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var diags []string
	for _, dg := range g.Diagnostics() {
		diags = append(diags, dg.String()+" "+strings.Join(dg.Notes, "; "))
	}
	want := []string{
		"content/_index.md:4:122: error: broken link: /img/nope.svg is neither a file nor a page of the site ",
		"content/_index.md:5:1: error: broken link: /book/img/logo.svg is neither a file nor a page of the site " +
			"links from the site's root are put under the base URL's path /book/: write /img/logo.svg",
		"content/_index.md:5:25: error: broken link: /briefs/b/ is neither a file nor a page of the site ",
	}
	if strings.Join(diags, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(diags, "\n"), strings.Join(want, "\n"))
	}
	home, err := g.Render(nil, "index.html")
	if err != nil || !strings.Contains(string(home), `href="/book/img/logo.svg"`) {
		t.Errorf("root link not under the base path (%v)", err)
	}
}

// TestRootLinksAfterBodyEdit checks that the links from the site's root
// are checked again in a brief whose body an Update changed, when the
// book is reused (resolve's Memo.Edited) and the other documents' problems
// are kept: a broken link added, moved and removed.
func TestRootLinksAfterBodyEdit(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"briefbook.yaml":      "title: T\n",
		"content/briefs/a.md": "---\ntitle: A\ndate: 2021-04-06\ndomain: cyber\n---\nText.\n",
		"content/briefs/b.md": "---\ntitle: B\ndate: 2021-04-07\ndomain: cyber\n---\n[x](/nope/)\n",
	}
	writeSite(t, dir, files)
	s, _, err := Open(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, body := range []string{"Text [y](/gone/).\n", "\nText [y](/gone/).\n", "Text.\n"} {
		files["content/briefs/a.md"] = "---\ntitle: A\ndate: 2021-04-06\ndomain: cyber\n---\n" + body
		writeSite(t, dir, files)
		g, err := s.Update(context.Background(), []string{"content/briefs/a.md"})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := g.memo.Edited(); !ok {
			t.Fatalf("body %q: the book was not reused", body)
		}
		cs, clean, err := Open(context.Background(), dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		cs.Close()
		if got, want := fmt.Sprint(g.Diagnostics()), fmt.Sprint(clean.Diagnostics()); got != want {
			t.Errorf("body %q: diagnostics\n%s\nwant\n%s", body, got, want)
		}
	}
}
