package load

import (
	"os"
	"path"
	"sync"
)

// Opener opens a file of the site folder by its slash-separated path,
// never following a symbolic link out of the folder: an *os.Root, or a
// [Dirs].
type Opener interface {
	Open(name string) (*os.File, error)
}

// Dirs opens the files of a site folder as an *os.Root does, but opens each
// folder holding them only once. os.Root.Open opens every folder on the way
// to a file (content, content/briefs, ...) for each file it opens; Dirs
// keeps each file's folder open, as an *os.Root inside the site's, and
// opens the file from there. A file the folder's root cannot open (a
// symbolic link leading elsewhere in the site, which the folder's root
// refuses) is opened from the site's root, so Dirs opens exactly the files
// the site's root does.
//
// Dirs is meant for one batch of reads: a folder kept open stays the one
// first opened even if it is replaced later. Its methods may be called from
// several goroutines at once. Close closes the folders it opened.
type Dirs struct {
	root *os.Root
	mu   sync.Mutex
	dirs map[string]*os.Root // nil for a folder that could not be opened
}

// NewDirs returns a Dirs opening the files of the site folder root.
func NewDirs(root *os.Root) *Dirs {
	return &Dirs{root: root, dirs: map[string]*os.Root{}}
}

// Open opens the file at the slash-separated path name for reading.
func (d *Dirs) Open(name string) (*os.File, error) {
	dir, base := path.Split(name)
	if dir == "" || base == "" || base == "." || base == ".." {
		return d.root.Open(name)
	}
	if sub := d.dir(dir); sub != nil {
		if f, err := sub.Open(base); err == nil {
			return f, nil
		}
	}
	return d.root.Open(name) // reports the error as the site's root sees it
}

// dir returns the open folder dir (ending in a slash), opening it the
// first time, or nil if it cannot be opened.
func (d *Dirs) dir(dir string) *os.Root {
	d.mu.Lock()
	defer d.mu.Unlock()
	sub, ok := d.dirs[dir]
	if !ok {
		var err error
		if sub, err = d.root.OpenRoot(dir); err != nil {
			sub = nil
		}
		d.dirs[dir] = sub
	}
	return sub
}

// Close closes every folder d opened; the site's root stays open.
func (d *Dirs) Close() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for k, sub := range d.dirs {
		if sub != nil {
			sub.Close()
		}
		delete(d.dirs, k)
	}
}
