package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/briefbook/briefbook/internal/testtheme"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"

	"github.com/briefbook/briefbook/internal/browsertest"
	"github.com/briefbook/briefbook/internal/render"
	"github.com/briefbook/briefbook/internal/site"
)

// sampleBook is the sample book of the repository, at its root.
const sampleBook = "../.."

// TestSampleBookPDF prints the sample book with the real Chromium and
// checks the PDF's text with pdftotext (poppler-utils): every brief's
// title is there after the contents, on a new page, in the order of the
// /book/ page, and the contents give that page; the PDF has a bookmark
// titled as each brief. The PDF and its pages as PNG are
// kept in the test's artifact folder, to look at.
func TestSampleBookPDF(t *testing.T) {
	exe := browsertest.Exe(t)
	pdftotext := browsertest.Tool(t, "poppler-utils", "pdftotext")
	pdftoppm := browsertest.Tool(t, "poppler-utils", "pdftoppm")
	dir := t.ArtifactDir()
	t.Logf("the PDF and its pages as PNG are in %s", dir)
	out := filepath.Join(dir, "book.pdf")
	res, err := Run(Options{Source: sampleBook, Output: out, Browser: exe})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("%PDF-")) || res.Bytes != len(data) {
		t.Fatalf("%s is not the PDF printed (%d bytes, Run says %d)", out, len(data), res.Bytes)
	}
	marks := bookmarkTitles(t, data)
	text, err := exec.Command(pdftotext, "-layout", "-enc", "UTF-8", out, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(string(text), "\f")
	titles := bookTitles(t)
	if len(titles) != res.Briefs || len(titles) == 0 {
		t.Fatalf("/book/ shows %d briefs, the book has %d", len(titles), res.Briefs)
	}
	for _, title := range titles {
		if !marks[title] {
			t.Errorf("no bookmark for brief %q; bookmarks: %v", title, marks)
		}
	}
	// Each title in the contents with a page number, in book order, and
	// at the top of that page.
	last := 2
	for _, title := range titles {
		n, ok := contentsPage(pages[1], title)
		switch {
		case !ok:
			t.Errorf("the contents have no page number for %q", title)
		case n <= last || n > len(pages):
			t.Errorf("the contents give page %d for %q, after page %d (of %d)", n, title, last, len(pages))
		case !startsWith(pages[n-1], title):
			t.Errorf("brief %q is not at the top of page %d, which the contents give:\n%s", title, n, pages[n-1])
		default:
			last = n
		}
	}
	cmd := exec.Command(pdftoppm, "-r", "60", "-png", out, filepath.Join(dir, "page"))
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("pdftoppm: %v\n%s", err, msg)
	}
}

// bookTitles returns the titles of the briefs of the sample book in the
// order of its /book/ page.
func bookTitles(t *testing.T) []string {
	t.Helper()
	s, gen, err := site.Open(context.Background(), sampleBook, site.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	page, err := gen.Render(nil, "book/index.html")
	if err != nil {
		t.Fatal(err)
	}
	bySlug := map[string]string{}
	for _, b := range gen.Book.Briefs {
		bySlug[b.Slug] = b.Title
	}
	var titles []string
	for _, m := range regexp.MustCompile(`<article class="?book-brief"? id="?b:([^ ">]+)`).FindAllSubmatch(page, -1) {
		titles = append(titles, bySlug[string(m[1])])
	}
	return titles
}

// bookmarkTitles returns the titles of the PDF's bookmarks.
func bookmarkTitles(t *testing.T, pdf []byte) map[string]bool {
	t.Helper()
	bms, err := api.Bookmarks(bytes.NewReader(pdf), nil)
	if err != nil {
		t.Fatalf("reading the bookmarks: %v", err)
	}
	m := map[string]bool{}
	var walk func([]pdfcpu.Bookmark)
	walk = func(bs []pdfcpu.Bookmark) {
		for _, b := range bs {
			m[b.Title] = true
			walk(b.Kids)
		}
	}
	walk(bms)
	return m
}

// contentsPage returns the page number the contents (the text of their
// page) give after title.
func contentsPage(contents, title string) (int, bool) {
	words := strings.Fields(title)
	for i, w := range words {
		words[i] = regexp.QuoteMeta(w)
	}
	m := regexp.MustCompile(strings.Join(words, `\s*`) + `\s+(\d+)\b`).FindStringSubmatch(contents)
	if m == nil {
		return 0, false
	}
	n, err := strconv.Atoi(m[1])
	return n, err == nil
}

// startsWith reports whether the brief title is at the top of the text
// of a page: each of its words in the page's first 600 characters, which
// leave room for the header of a part and the brief's domains. Words, not
// the whole title: pdftotext breaks a title where the page does, and may
// put the line of domains between its lines; a title may also break after
// a hyphen or dash.
func startsWith(page, title string) bool {
	head := []rune(strings.Join(strings.Fields(page), " "))
	head = head[:min(len(head), 600)]
	words := strings.FieldsFunc(title, func(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Pd, r) })
	for _, w := range words {
		if !strings.Contains(string(head), w) {
			return false
		}
	}
	return true
}

// TestFindBrowser checks the search for a browser: the one given, the
// first of Browsers on PATH, and the error naming what to do.
func TestFindBrowser(t *testing.T) {
	dir := t.TempDir()
	fake := filepath.Join(dir, "chromium-browser")
	if err := os.WriteFile(fake, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	if got, err := FindBrowser(""); err != nil || got != fake {
		t.Errorf("FindBrowser(\"\") = %q, %v; want %q", got, err, fake)
	}
	if got, err := FindBrowser(fake); err != nil || got != fake {
		t.Errorf("FindBrowser(%q) = %q, %v", fake, got, err)
	}
	if _, err := FindBrowser(filepath.Join(dir, "chrome")); !errors.Is(err, ErrNoBrowser) {
		t.Errorf("a missing --browser gives %v, want ErrNoBrowser", err)
	}
	t.Setenv("PATH", t.TempDir())
	_, err := FindBrowser("")
	if !errors.Is(err, ErrNoBrowser) || !strings.Contains(err.Error(), "--browser") {
		t.Errorf("no browser on PATH gives %v", err)
	}
}

// TestOutputRefused checks that Run never writes over a file that is not
// a PDF, nor into a folder, and leaves them as they were.
func TestOutputRefused(t *testing.T) {
	dir := t.TempDir()
	notes := filepath.Join(dir, "notes.pdf")
	if err := os.WriteFile(notes, []byte("my notes"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{notes, dir} {
		if _, err := Run(Options{Source: sampleBook, Output: out, Browser: "/nonexistent"}); err == nil || !strings.Contains(err.Error(), "briefbook pdf writes only to a new file or over a PDF") {
			t.Errorf("output %s: error %v", out, err)
		}
	}
	if b, _ := os.ReadFile(notes); string(b) != "my notes" {
		t.Errorf("notes.pdf changed: %q", b)
	}
}

// TestTooBig checks that a book of more briefs than /book/ shows is
// refused before Chromium is started.
func TestTooBig(t *testing.T) {
	dir := t.TempDir()
	briefs := filepath.Join(dir, "content", "briefs")
	if err := os.MkdirAll(briefs, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := range render.MaxBookBriefs + 1 {
		src := fmt.Sprintf("---\ntitle: Brief %d\ndate: 2021-04-06\ndomains: [cyber]\n---\nBody.\n", i)
		if err := os.WriteFile(filepath.Join(briefs, fmt.Sprintf("b%d.md", i)), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "book.pdf")
	// A browser that is there, and must not be run.
	_, err := Run(Options{Source: dir, Output: out, Browser: "/bin/false"})
	if err == nil || !strings.Contains(err.Error(), "briefbook pdf prints a book of at most 2000") {
		t.Errorf("a book of %d briefs gives %v", render.MaxBookBriefs+1, err)
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s written, or: %v", out, err)
	}
}

// TestRenderErrorKeepsPDF breaks a template in a way only rendering finds
// (a field the page data does not have): Chromium would print the error
// page, so Run fails and leaves the PDF already there as it was.
func TestRenderErrorKeepsPDF(t *testing.T) {
	exe := browsertest.Exe(t)
	dir := t.TempDir()
	broken := testtheme.FailingFooter(t)
	files := map[string]string{
		"briefbook.yaml":                 "title: T\n",
		"content/briefs/a.md":            "---\ntitle: A\ndate: 2024-01-02\ndomain: x\n---\nText.\n",
		"templates/partials/footer.html": broken,
	}
	for name, text := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(dir, "book.pdf")
	good := []byte("%PDF-1.7\n% a good PDF printed before\n")
	if err := os.WriteFile(out, good, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Run(Options{Source: dir, Output: out, Browser: exe})
	if err == nil || !strings.Contains(err.Error(), "NoSuchField") {
		t.Errorf("Run error = %v, want the template's", err)
	}
	if b, _ := os.ReadFile(out); !bytes.Equal(b, good) {
		t.Errorf("book.pdf was written over (%d bytes)", len(b))
	}
}
