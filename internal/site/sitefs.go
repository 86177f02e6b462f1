package site

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"sort"
	"time"

	"github.com/briefbook/briefbook/internal/load"
)

// listedFS is a read-only file system that shows only some files of a site
// folder, the ones [load.Scan] listed, and the folders holding them. It is
// the site's side of the theme overlay: a file that Scan skipped (hidden, an
// editor's backup, a symbolic link leaving the site) is never copied to the
// output or used as a template.
//
// Only names that Scan did not list are reported as missing. A listed file
// that can no longer be opened or stat'ed, whatever the reason (removed
// during the build, permission denied, replaced by a folder), gives a
// [*fileError], which does not match fs.ErrNotExist; so render.Overlay
// reports it instead of showing the built-in theme's file or folder in its
// place.
type listedFS struct {
	root  fs.FS               // the site folder, confined by an os.Root
	files map[string]bool     // listed files
	dirs  map[string][]string // folder → names of its files and folders, sorted
}

// newListedFS returns the files of the given kinds among files, under the
// site folder root.
func newListedFS(root *os.Root, files []load.File, kinds ...load.Kind) *listedFS {
	l := &listedFS{root: root.FS(), files: map[string]bool{}, dirs: map[string][]string{}}
	want := map[load.Kind]bool{}
	for _, k := range kinds {
		want[k] = true
	}
	for _, f := range files {
		if !want[f.Kind] {
			continue
		}
		l.files[f.Path] = true
		for p := f.Path; p != "."; {
			dir := path.Dir(p)
			_, seen := l.dirs[dir]
			l.dirs[dir] = append(l.dirs[dir], path.Base(p))
			if seen {
				break
			}
			p = dir
		}
	}
	for _, names := range l.dirs {
		sort.Strings(names)
	}
	return l
}

// Open opens a listed file, or a folder holding listed files.
func (l *listedFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if l.files[name] {
		return l.openFile(name)
	}
	if _, ok := l.dirs[name]; ok {
		entries, err := l.ReadDir(name)
		if err != nil {
			return nil, err
		}
		return &listedDir{info: dirInfo(path.Base(name)), entries: entries}, nil
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

// ReadDir lists the listed files and folders in the folder name.
func (l *listedFS) ReadDir(name string) ([]fs.DirEntry, error) {
	names, ok := l.dirs[name]
	if !ok {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	entries := make([]fs.DirEntry, 0, len(names))
	for _, n := range names {
		p := path.Join(name, n)
		if !l.files[p] {
			entries = append(entries, fs.FileInfoToDirEntry(dirInfo(n)))
			continue
		}
		info, err := fs.Stat(l.root, p)
		if err == nil && !info.Mode().IsRegular() {
			err = errNotRegular
		}
		if err != nil {
			return nil, &fileError{path: p, err: err}
		}
		entries = append(entries, fs.FileInfoToDirEntry(info))
	}
	return entries, nil
}

// openFile opens the listed file name, checking that it is still a regular
// file.
func (l *listedFS) openFile(name string) (fs.File, error) {
	f, err := l.root.Open(name)
	if err != nil {
		return nil, &fileError{path: name, err: err}
	}
	info, err := f.Stat()
	if err == nil && !info.Mode().IsRegular() {
		err = errNotRegular
	}
	if err != nil {
		f.Close()
		return nil, &fileError{path: name, err: err}
	}
	return f, nil
}

// errNotRegular is the cause of a fileError for a listed file that has been
// replaced by something else, such as a folder.
var errNotRegular = errors.New("no longer a regular file")

// fileError is the error of a file that [load.Scan] listed but that cannot
// be opened, stat'ed or read as a regular file any more. Its message names
// the file by its path in the site folder and gives the cause:
// "static/css/style.css: cannot read file: permission denied". It never
// matches fs.ErrNotExist, not even for a file removed since Scan, so that a
// listed file is never taken for one that is not there.
type fileError struct {
	path string // slash-separated, relative to the site folder
	err  error  // the cause, as the file system gave it
}

func (e *fileError) Error() string {
	msg := e.path + ": cannot read file: " + unwrapPath(e.err).Error()
	if errors.Is(e.err, fs.ErrNotExist) {
		msg += " (it was removed during the build)"
	}
	return msg
}

// Unwrap returns the cause, such as fs.ErrPermission, unless the cause is
// that the file no longer exists.
func (e *fileError) Unwrap() error {
	if errors.Is(e.err, fs.ErrNotExist) {
		return nil
	}
	return e.err
}

// unwrapPath drops the operation and path that *fs.PathError adds, since a
// fileError names the file already.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// dirInfo describes a folder of a listedFS.
type dirInfo string

func (d dirInfo) Name() string       { return string(d) }
func (d dirInfo) Size() int64        { return 0 }
func (d dirInfo) Mode() fs.FileMode  { return fs.ModeDir | 0o755 }
func (d dirInfo) ModTime() time.Time { return time.Time{} }
func (d dirInfo) IsDir() bool        { return true }
func (d dirInfo) Sys() any           { return nil }

// listedDir is an open folder of a listedFS.
type listedDir struct {
	info    dirInfo
	entries []fs.DirEntry
	off     int
}

func (d *listedDir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *listedDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: string(d.info), Err: fs.ErrInvalid}
}
func (d *listedDir) Close() error { return nil }

// ReadDir returns the folder's next n entries, or all the rest if n <= 0.
func (d *listedDir) ReadDir(n int) ([]fs.DirEntry, error) {
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
