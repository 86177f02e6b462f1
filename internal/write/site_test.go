package write

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"github.com/briefbook/briefbook/internal/minify"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
)

// testPage is an output file of a test site: Write gives its bytes.
type testPage struct {
	Path  string
	Write func(w io.Writer) error
}

// siteOf runs Site on the pages and the static files (may be nil),
// skipping ".keep", each minified by its media type as the build's content
// function does.
func siteOf(ctx context.Context, output string, pages []testPage, static fstest.MapFS, warn func(string)) error {
	byPath := map[string]func(w io.Writer) error{}
	var paths []string
	for _, p := range pages {
		paths = append(paths, p.Path)
		byPath[p.Path] = p.Write
	}
	for name, f := range static {
		if name == ".keep" {
			continue
		}
		paths = append(paths, name)
		byPath[name] = func(w io.Writer) error { _, err := w.Write(f.Data); return err }
	}
	return Site(ctx, output, paths, func(dst []byte, p string) ([]byte, error) {
		var raw bytes.Buffer
		if err := byPath[p](&raw); err != nil {
			return dst, fmt.Errorf("writing %s: %w", p, err)
		}
		mt := minify.MediaType(p)
		if mt == "" {
			return append(dst, raw.Bytes()...), nil
		}
		out := bytes.NewBuffer(dst)
		err := minify.To(out, mt, raw.Bytes())
		return out.Bytes(), err
	}, warn)
}

// page returns a page whose Write writes content.
func page(path, content string) testPage {
	return testPage{Path: path, Write: func(w io.Writer) error {
		_, err := io.WriteString(w, content)
		return err
	}}
}

// failing returns a page that writes part of its content, then fails.
func failing(path string) testPage {
	return testPage{Path: path, Write: func(w io.Writer) error {
		io.WriteString(w, "<p>half a page")
		return errors.New("template exploded")
	}}
}

// samplePages returns n pages plus an index, a feed and a stylesheet.
func samplePages(n int, version string) []testPage {
	pages := []testPage{
		page("index.html", "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n  <title>Book</title>\n</head>\n<body>\n  <p>   Version   "+version+"  </p>\n</body>\n</html>\n"),
		page("feed.xml", "<?xml version=\"1.0\"?>\n<feed>\n  <title>  Book  </title>\n</feed>\n"),
		page("robots.txt", "User-agent: *\n\nAllow: /\n"),
	}
	for i := range n {
		pages = append(pages, page(fmt.Sprintf("briefs/b%03d/index.html", i),
			fmt.Sprintf("<!DOCTYPE html>\n<html>\n<head><title>Brief %d</title></head>\n<body>\n  <h1>  Brief  %d  </h1>\n</body>\n</html>\n", i, i)))
	}
	return pages
}

var sampleStatic = fstest.MapFS{
	"style.css":        {Data: []byte("body {\n  color : #ff0000 ;\n}\n")},
	"js/app.js":        {Data: []byte("function add ( a , b ) {\n  return a + b ;\n}\n")},
	"img/logo.png":     {Data: []byte("\x89PNG  not minified  ")},
	"data/site.json":   {Data: []byte("{ \"a\" : [ 1 , 2 ] }")},
	".keep":            {Data: []byte("")},
	".well-known/x.tx": {Data: []byte("kept")},
}

// siblings returns the names in dir, sorted.
func siblings(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestSiteWritesAndMinifies(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "public")
	if err := siteOf(context.Background(), out, samplePages(3, "1"), sampleStatic, nil); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"index.html":             `<!doctype html><html lang="en"><head><title>Book</title></head><body><p>Version 1</p></body></html>`,
		"briefs/b002/index.html": `<!doctype html><html><head><title>Brief 2</title></head><body><h1>Brief 2</h1></body></html>`,
		"feed.xml":               "<?xml version=\"1.0\"?>\n<feed>\n  <title>  Book  </title>\n</feed>\n", // XML is not minified (issue 10)
		"robots.txt":             "User-agent: *\n\nAllow: /\n",
		"style.css":              "body{color:red}",
		"js/app.js":              "function add(e,t){return e+t}",
		"img/logo.png":           "\x89PNG  not minified  ",
		"data/site.json":         `{"a":[1,2]}`,
		".well-known/x.tx":       "kept",
		"briefs/b000/index.html": `<!doctype html><html><head><title>Brief 0</title></head><body><h1>Brief 0</h1></body></html>`,
	}
	for name, content := range want {
		if got := readFile(t, filepath.Join(out, name)); got != content {
			t.Errorf("%s = %q, want %q", name, got, content)
		}
	}
	if got := readFile(t, filepath.Join(out, MarkerFile)); !strings.HasPrefix(got, manifestHeader+"\n") {
		t.Errorf("the marker starts %.40q, want the manifest header", got)
	}
	if _, err := os.Stat(filepath.Join(out, ".keep")); !os.IsNotExist(err) {
		t.Errorf(".keep was copied")
	}
	if got := siblings(t, root); strings.Join(got, " ") != "public" {
		t.Errorf("after the build the parent holds %q, want only public", got)
	}
}

func TestSiteRebuildReplacesOutput(t *testing.T) {
	for _, exch := range []bool{true, false} {
		t.Run(fmt.Sprintf("exchange=%v", exch), func(t *testing.T) {
			defer func(old bool) { canExchange = old }(canExchange)
			canExchange = exch
			root := t.TempDir()
			out := filepath.Join(root, "public")
			if err := siteOf(context.Background(), out, samplePages(5, "1"), sampleStatic, nil); err != nil {
				t.Fatal(err)
			}
			if err := siteOf(context.Background(), out, samplePages(2, "2"), nil, nil); err != nil {
				t.Fatal(err)
			}
			if got := readFile(t, filepath.Join(out, "index.html")); !strings.Contains(got, "Version 2") {
				t.Errorf("index.html was not replaced: %q", got)
			}
			for _, gone := range []string{"briefs/b004/index.html", "style.css"} {
				if _, err := os.Stat(filepath.Join(out, gone)); !os.IsNotExist(err) {
					t.Errorf("%s of the previous build is still there", gone)
				}
			}
			if got := siblings(t, root); strings.Join(got, " ") != "public" {
				t.Errorf("after the rebuild the parent holds %q, want only public", got)
			}
		})
	}
}

func TestSiteIsDeterministic(t *testing.T) {
	root := t.TempDir()
	a, b := filepath.Join(root, "a"), filepath.Join(root, "b")
	if err := siteOf(context.Background(), a, samplePages(200, "1"), sampleStatic, nil); err != nil {
		t.Fatal(err)
	}
	if err := siteOf(context.Background(), b, samplePages(200, "1"), sampleStatic, nil); err != nil {
		t.Fatal(err)
	}
	if treeHash(t, a) != treeHash(t, b) {
		t.Errorf("two builds of the same pages differ")
	}
}

func TestSiteIntoEmptyFolderAndThroughSymlink(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{"empty/": "", "real/": ""})
	if err := siteOf(context.Background(), filepath.Join(root, "empty"), samplePages(1, "1"), nil, nil); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(root, "link")
	if err := os.Symlink(filepath.Join(root, "real"), link); err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"1", "2"} {
		if err := siteOf(context.Background(), link, samplePages(1, v), nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the output symlink was replaced: %v", err)
	}
	if got := readFile(t, filepath.Join(root, "real", "index.html")); !strings.Contains(got, "Version 2") {
		t.Errorf("the symlink's target was not rebuilt: %q", got)
	}
	if got := strings.Join(siblings(t, root), " "); got != "empty link real" {
		t.Errorf("the parent holds %q", got)
	}
}

// TestSiteFailureLeavesEverything checks that a build that fails, or that
// is refused, changes nothing: the previous output and everything next to
// it hash the same before and after, and no staging folder is left.
func TestSiteFailureLeavesEverything(t *testing.T) {
	panicking := testPage{Path: "boom/index.html", Write: func(w io.Writer) error { panic("nil map") }}
	tests := []struct {
		name   string
		output string // relative to the temporary folder
		pages  []testPage
		want   string
	}{
		{"page fails midway", "public", append(samplePages(50, "2"), failing("briefs/b025/zz.html")), "writing briefs/b025/zz.html: template exploded"},
		{"page panics", "public", append(samplePages(50, "2"), panicking), "writing boom/index.html: panic: nil map"},
		{"first page fails", "public", []testPage{failing("a.html"), page("b.html", "b")}, "writing a.html: template exploded"},
		{"unmarked output", "mine", samplePages(1, "2"), "folder is not empty and was not created by briefbook"},
		{"output is a file", "file.txt", samplePages(1, "2"), "it exists and is not a folder"},
		{"dot-dot path", "public", []testPage{page("../escape.html", "x")}, `invalid output path "../escape.html"`},
		{"absolute path", "public", []testPage{page("/etc/x.html", "x")}, `invalid output path "/etc/x.html"`},
		{"unclean path", "public", []testPage{page("a/../../b.html", "x")}, `invalid output path "a/../../b.html"`},
		{"empty path", "public", []testPage{page("", "x")}, `invalid output path ""`},
		{"dot path", "public", []testPage{page(".", "x")}, `invalid output path "."`},
		{"marker path", "public", []testPage{page(MarkerFile, "x")}, `invalid output path ".briefbook-output"`},
		{"same path twice", "public", []testPage{page("a.html", "1"), page("a.html", "2")}, "two output files have the same path a.html"},
		{"page over static file", "public", []testPage{page("style.css", "x")}, "two output files have the same path style.css"},
		{"page fails in a new folder", "new/deeper/public", []testPage{failing("a.html")}, "writing a.html: template exploded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			if err := siteOf(context.Background(), filepath.Join(root, "public"), samplePages(3, "1"), sampleStatic, nil); err != nil {
				t.Fatal(err)
			}
			writeTree(t, root, map[string]string{"mine/notes.txt": "mine", "file.txt": "a file"})
			before := treeHash(t, root)
			err := siteOf(context.Background(), filepath.Join(root, tt.output), tt.pages, sampleStatic, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Site = %v, want an error containing %q", err, tt.want)
			}
			if after := treeHash(t, root); after != before {
				t.Errorf("a failed build changed the tree; now %q", siblings(t, root))
			}
		})
	}
}

// TestWriteFile checks the record writeFile returns (content hash, size,
// the statKey Lstat gives afterwards) and that it never writes over a file.
func TestWriteFile(t *testing.T) {
	dst := filepath.Join(t.TempDir(), "page.html")
	data := []byte("<p>hello</p>")
	rec, err := writeFile(dst, data)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(dst); string(got) != string(data) {
		t.Errorf("file holds %q, want %q", got, data)
	}
	fi, err := os.Lstat(dst)
	if err != nil {
		t.Fatal(err)
	}
	if rec.sum != sha256.Sum256(data) || rec.size != int64(len(data)) || rec.key != keyOf(fi) {
		t.Errorf("record %+v; want the content's hash, size %d and key %+v", rec, len(data), keyOf(fi))
	}
	_, err = writeFile(dst, []byte("other"))
	var pe *fs.PathError
	if !errors.Is(err, fs.ErrExist) || !errors.As(err, &pe) || pe.Path != dst {
		t.Errorf("writing over a file: error %v, want a path error for %s wrapping fs.ErrExist", err, dst)
	}
	if got, _ := os.ReadFile(dst); string(got) != string(data) {
		t.Errorf("file overwritten: %q", got)
	}
}
