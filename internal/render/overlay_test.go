package render

import (
	"bytes"
	"errors"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/briefbook/briefbook"
)

// faultyFS is an fs.FS that fails to open the files named in open and to
// list the folders named in readDir, with the given errors, the way a site
// folder does when a file cannot be read or was removed during the build.
type faultyFS struct {
	fstest.MapFS
	open, readDir map[string]error
}

func (f faultyFS) Open(name string) (fs.File, error) {
	if err := f.open[name]; err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	return f.MapFS.Open(name)
}

func (f faultyFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if err := f.readDir[name]; err != nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: err}
	}
	return fs.ReadDir(f.MapFS, name)
}

// TestOverlayErrors checks that the overlay falls back to the built-in
// theme only for a file or folder the site does not have, and reports any
// other error of the site (issue 7: an unreadable style.css or 404.html
// override was silently replaced by the built-in one, and one failed stat
// made every site file of its folder disappear).
func TestOverlayErrors(t *testing.T) {
	site := faultyFS{
		MapFS: fstest.MapFS{
			"static/css/style.css": {Data: []byte("site css")},
			"static/css/extra.css": {Data: []byte("site extra")},
			"static/img/logo.svg":  {Data: []byte("<svg/>")},
			"templates/404.html":   {Data: []byte("site 404")},
		},
		open: map[string]error{
			"static/css/style.css": fs.ErrPermission,
			"static/css/extra.css": fs.ErrPermission,
			"templates/404.html":   fs.ErrPermission,
		},
		readDir: map[string]error{"static/img": errors.New("input/output error")},
	}
	o := Overlay(briefbook.Theme, site)
	for _, name := range []string{"static/css/style.css", "static/css/extra.css", "templates/404.html"} {
		got, err := fs.ReadFile(o, name)
		if !errors.Is(err, fs.ErrPermission) {
			t.Errorf("ReadFile(%s) = %.20q, %v; want permission denied", name, got, err)
		}
	}
	if got, err := fs.ReadFile(o, "templates/brief.html"); err != nil || len(got) == 0 {
		t.Errorf("a file only in the theme: %v", err)
	}
	if _, err := fs.ReadDir(o, "static/img"); err == nil || !strings.Contains(err.Error(), "input/output error") {
		t.Errorf("ReadDir of a folder the site cannot list = %v, want its error", err)
	}
	var walkErr error
	fs.WalkDir(o, "static", func(_ string, _ fs.DirEntry, err error) error {
		if err != nil && walkErr == nil {
			walkErr = err
		}
		return err
	})
	if walkErr == nil {
		t.Error("walking static/ found no error, want static/img's")
	} else if !strings.Contains(walkErr.Error(), "static/img") {
		t.Errorf("walking static/: %v, want static/img's error", walkErr)
	}
	if _, err := fs.ReadFile(o, "static/nowhere.txt"); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a file in neither: %v, want not found", err)
	}
}

// TestNewUnreadableOverride checks that a site template that cannot be
// read stops New with its error rather than making it use the built-in one
// or calling it missing.
func TestNewUnreadableOverride(t *testing.T) {
	site := faultyFS{
		MapFS: fstest.MapFS{"templates/404.html": {Data: []byte("x")}},
		open:  map[string]error{"templates/404.html": fs.ErrPermission},
	}
	_, err := New(Overlay(briefbook.Theme, site), fixtureBook().Site)
	if err == nil || !errors.Is(err, fs.ErrPermission) || strings.Contains(err.Error(), "missing") {
		t.Errorf("New error = %v, want the permission error of templates/404.html", err)
	}
	if err != nil && !strings.Contains(err.Error(), "templates/404.html") {
		t.Errorf("New error %q does not name the file", err)
	}
}

// TestAssetUnreadable checks that a page linking to a static file that is
// there but cannot be read fails with that file's error, while a missing
// one gets its plain URL.
func TestAssetUnreadable(t *testing.T) {
	site := faultyFS{
		MapFS: fstest.MapFS{"static/css/style.css": {Data: []byte("x")}},
		open:  map[string]error{"static/css/style.css": fs.ErrPermission},
	}
	b := fixtureBook()
	r, err := New(Overlay(briefbook.Theme, site), b.Site)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range r.Pages(b) {
		if !strings.HasSuffix(p.Path, ".html") {
			continue
		}
		err := p.Write(new(bytes.Buffer))
		want := "render " // then the page's URL
		if err == nil || !errors.Is(err, fs.ErrPermission) || !strings.HasPrefix(err.Error(), want) ||
			!strings.HasSuffix(err.Error(), "open static/css/style.css: permission denied") {
			t.Errorf("%s: Write error = %v, want the style sheet's error alone", p.Path, err)
		}
	}
	if u, err := r.asset("/nowhere.css"); err != nil || u != r.rel("/nowhere.css") {
		t.Errorf("asset of a missing file = %q, %v; want its plain URL", u, err)
	}
}
