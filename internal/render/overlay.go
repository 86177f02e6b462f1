package render

import (
	"errors"
	"io"
	"io/fs"
	"sort"
)

// Overlay returns a file system that shows site over base, file by file: a
// file in site hides the file of the same name in base, and a folder present
// in both lists the entries of both. site may be nil.
//
// Only a name that site reports as missing (an error matching
// fs.ErrNotExist) is looked up in base. Any other error of site, such as a
// file that cannot be read or a folder one of whose files cannot be
// listed, is returned as it is, so that a site file that is there but
// cannot be read is an error, never silently replaced by the built-in file.
// A file system standing for a folder that may change while it is read must
// therefore not report a file it listed before as missing; see the site's
// side in internal/build.
//
// It is how a site's own templates/ and static/ override the built-in theme
// (briefbook.Theme): New(Overlay(briefbook.Theme, os.DirFS(root)), site).
func Overlay(base, site fs.FS) fs.FS {
	if site == nil {
		return base
	}
	return overlayFS{base: base, site: site}
}

type overlayFS struct{ base, site fs.FS }

// Open opens name from site when it is a file there, and from base
// otherwise; a folder present in both is opened as their union.
func (o overlayFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	sf, err := o.site.Open(name)
	if errors.Is(err, fs.ErrNotExist) {
		return o.base.Open(name)
	}
	if err != nil {
		return nil, err
	}
	st, err := sf.Stat()
	if err != nil {
		sf.Close()
		return nil, err
	}
	if !st.IsDir() {
		return sf, nil
	}
	bst, err := fs.Stat(o.base, name)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && !bst.IsDir()) {
		return sf, nil
	}
	if err != nil {
		sf.Close()
		return nil, err
	}
	entries, err := o.ReadDir(name)
	if err != nil {
		sf.Close()
		return nil, err
	}
	return &overlayDir{File: sf, entries: entries}, nil
}

// ReadDir lists the union of name's entries in site and base, sorted by
// name; an entry of site hides the entry of base with the same name. It
// fails if either cannot list name for any reason but its absence, or if
// neither has it.
func (o overlayFS) ReadDir(name string) ([]fs.DirEntry, error) {
	se, serr := fs.ReadDir(o.site, name)
	be, berr := fs.ReadDir(o.base, name)
	switch {
	case serr != nil && !errors.Is(serr, fs.ErrNotExist):
		return nil, serr
	case berr != nil && !errors.Is(berr, fs.ErrNotExist):
		return nil, berr
	case serr != nil && berr != nil:
		return nil, serr
	}
	seen := map[string]bool{}
	var out []fs.DirEntry
	for _, e := range se {
		seen[e.Name()] = true
		out = append(out, e)
	}
	for _, e := range be {
		if !seen[e.Name()] {
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

// overlayDir is a folder of the overlay, listing the union of both.
type overlayDir struct {
	fs.File
	entries []fs.DirEntry
	off     int
}

func (d *overlayDir) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.off:]
	if n <= 0 {
		d.off = len(d.entries)
		return rest, nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	n = min(n, len(rest))
	d.off += n
	return rest[:n], nil
}
