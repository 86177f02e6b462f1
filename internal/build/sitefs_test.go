package build

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/briefbook/briefbook"
	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/load"
	"github.com/briefbook/briefbook/internal/render"
	"github.com/briefbook/briefbook/internal/resolve"
	"github.com/briefbook/briefbook/internal/write"
)

// overrides are site files that override or add to the built-in theme.
var overrides = map[string]string{
	"static/css/style.css": "body { color: red }",
	"static/css/extra.css": "p { color: blue }",
	"static/css/more.css":  "a { color: green }",
	"templates/404.html":   `{{ template "layout" . }}{{ define "main" }}<p>Gone</p>{{ end }}`,
}

// buildAfterScan runs the stages of Run that follow the scan on files, as
// Run does, after calling change: so a test can change the site between
// the scan and the stages that read the theme, deterministically.
func buildAfterScan(t *testing.T, src, out string, change func()) error {
	t.Helper()
	var d diag.List
	files, err := load.Scan(src, &d)
	if err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(src)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	site := newListedFS(root, files, load.Template, load.Static)
	in := parseAll(context.Background(), src, files, nil, &d)
	book := resolve.Resolve(in, &d)
	if d.HasErrors() {
		t.Fatalf("the fixture has errors: %v", d.Sorted())
	}
	change()
	theme := render.Overlay(briefbook.Theme, site)
	r, err := render.New(theme, book.Site)
	if err != nil {
		return err
	}
	static, err := fs.Sub(theme, "static")
	if err != nil {
		return err
	}
	return write.Site(context.Background(), out, r.Pages(book), static, func(string) {})
}

// TestSiteFileChangedDuringBuild removes site files, or puts a folder in
// their place, after the scan listed them (issue 7: a static file deleted
// while a build runs made every other static file of its folder silently
// disappear, and a removed override gave way to the built-in one). Each
// must fail the build with an error naming the file, and write nothing.
func TestSiteFileChangedDuringBuild(t *testing.T) {
	tests := []struct {
		name   string
		file   string
		folder bool // put a folder in the file's place
		want   string
	}{
		{name: "static file removed", file: "static/css/extra.css",
			want: "static/css/extra.css: cannot read file: no such file or directory (it was removed during the build)"},
		{name: "style sheet override removed", file: "static/css/style.css",
			want: "static/css/style.css: cannot read file: no such file or directory (it was removed during the build)"},
		{name: "404 override removed", file: "templates/404.html",
			want: "templates/404.html: cannot read file: no such file or directory (it was removed during the build)"},
		{name: "static file replaced by a folder", file: "static/css/extra.css", folder: true,
			want: "static/css/extra.css: cannot read file: no longer a regular file"},
		{name: "template replaced by a folder", file: "templates/404.html", folder: true,
			want: "templates/404.html: cannot read file: no longer a regular file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := writeSite(t, with(fixture, overrides))
			out := filepath.Join(t.TempDir(), "out")
			err := buildAfterScan(t, src, out, func() {
				p := filepath.Join(src, filepath.FromSlash(tt.file))
				if err := os.Remove(p); err != nil {
					t.Fatal(err)
				}
				if tt.folder {
					if err := os.WriteFile(p+".tmp", []byte("x"), 0o644); err != nil {
						t.Fatal(err)
					}
					if err := os.Mkdir(p, 0o755); err != nil {
						t.Fatal(err)
					}
				}
			})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", err, tt.want)
			}
			if errors.Is(err, fs.ErrNotExist) {
				t.Errorf("error %v matches fs.ErrNotExist, so an overlay would take the built-in file", err)
			}
			if exists(out) {
				t.Errorf("a failed build wrote %s", out)
			}
		})
	}
	t.Run("unchanged", func(t *testing.T) {
		src := writeSite(t, with(fixture, overrides))
		out := filepath.Join(t.TempDir(), "out")
		if err := buildAfterScan(t, src, out, func() {}); err != nil {
			t.Fatal(err)
		}
		for name, want := range map[string]string{"css/more.css": "a{color:green}", "404.html": "<p>Gone</p>"} {
			if got := readOut(t, out, name); !strings.Contains(got, want) {
				t.Errorf("%s = %q, want the site's (%q)", name, got, want)
			}
		}
	})
}

// TestFileError checks what a fileError matches: its cause, unless the
// cause is that the file is missing.
func TestFileError(t *testing.T) {
	perm := &fileError{path: "static/a.css", err: &fs.PathError{Op: "openat", Path: "static/a.css", Err: fs.ErrPermission}}
	if !errors.Is(perm, fs.ErrPermission) || perm.Error() != "static/a.css: cannot read file: permission denied" {
		t.Errorf("fileError of permission denied: %q", perm)
	}
	gone := &fileError{path: "static/a.css", err: &fs.PathError{Op: "openat", Path: "static/a.css", Err: fs.ErrNotExist}}
	if errors.Is(gone, fs.ErrNotExist) {
		t.Errorf("fileError of a removed file matches fs.ErrNotExist")
	}
}
