package render

import (
	"io"
	"io/fs"
	"sort"
)

// Overlay returns a file system that shows site over base, file by file: a
// file in site hides the file of the same name in base, and a folder present
// in both lists the entries of both. site may be nil.
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
	sf, serr := o.site.Open(name)
	if serr != nil {
		return o.base.Open(name)
	}
	st, err := sf.Stat()
	if err != nil || !st.IsDir() {
		return sf, err
	}
	bst, err := fs.Stat(o.base, name)
	if err != nil || !bst.IsDir() {
		return sf, nil
	}
	entries, err := o.ReadDir(name)
	if err != nil {
		sf.Close()
		return nil, err
	}
	return &overlayDir{File: sf, entries: entries}, nil
}

// ReadDir lists the union of name's entries in site and base, sorted by
// name; an entry of site hides the entry of base with the same name.
func (o overlayFS) ReadDir(name string) ([]fs.DirEntry, error) {
	se, serr := fs.ReadDir(o.site, name)
	be, berr := fs.ReadDir(o.base, name)
	if serr != nil && berr != nil {
		return nil, berr
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
