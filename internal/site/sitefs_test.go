package site

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// overrides are site files that override or add to the built-in theme.
var overrides = map[string]string{
	"static/css/style.css": "body { color: red }",
	"static/css/extra.css": "p { color: blue }",
	"static/css/more.css":  "a { color: green }",
	"templates/404.html":   `{{ template "layout" . }}{{ define "main" }}<p>Gone</p>{{ end }}`,
}

// fixtureWith copies the fixture site into a new folder and adds files.
func fixtureWith(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	copyDir(t, "../sitetest/testdata/site", dir)
	for p, content := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// renderAll renders every output file of g and returns the first error.
func renderAll(g *Generation) error {
	for _, p := range g.Paths() {
		if _, err := g.Render(nil, p); err != nil {
			return err
		}
	}
	return nil
}

// TestSiteFileChangedAfterOpen removes site files, or puts a folder in
// their place, after Open listed them (issue 7: a static file deleted
// while a build runs made every other static file of its folder silently
// disappear, and a removed override gave way to the built-in one).
// Rendering must then fail with an error naming the file, which never
// matches fs.ErrNotExist (or an overlay would take the built-in file).
func TestSiteFileChangedAfterOpen(t *testing.T) {
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
		{name: "static file replaced by a folder", file: "static/css/extra.css", folder: true,
			want: "static/css/extra.css: cannot read file: no longer a regular file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := fixtureWith(t, overrides)
			s, g, err := Open(context.Background(), src, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			p := filepath.Join(src, filepath.FromSlash(tt.file))
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
			if tt.folder {
				if err := os.Mkdir(p, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			err = renderAll(g)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want one containing %q", err, tt.want)
			}
			if errors.Is(err, fs.ErrNotExist) {
				t.Errorf("error %v matches fs.ErrNotExist, so an overlay would take the built-in file", err)
			}
		})
	}
	t.Run("unchanged", func(t *testing.T) {
		s, g, err := Open(context.Background(), fixtureWith(t, overrides), Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		for name, want := range map[string]string{"css/more.css": "a{color:green}", "404.html": "<p>Gone</p>"} {
			got, err := g.Render(nil, name)
			if err != nil || !strings.Contains(string(got), want) {
				t.Errorf("%s = %q, %v; want the site's (%q)", name, got, err, want)
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
