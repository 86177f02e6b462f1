// Package load finds a briefing book's source files and reads them with
// checks.
//
// [Scan] lists the files of a site folder that briefbook reads, each with its
// [Kind]:
//
//	briefbook.yaml            Config
//	content/_index.md         Home
//	content/*.md              Page (content/about.md: the page /about/)
//	content/sources.yaml      Bibliography
//	content/sources.json      Bibliography (CSL-JSON)
//	content/sources.bib       Bibliography (BibTeX)
//	content/briefs/**/*.md    Brief (subfolders allowed)
//	content/actors/*.md       Actor
//	content/domains/*.md      Domain
//	templates/**              Template
//	static/**                 Static
//	content/briefs/**         Bundle (every file that is not .md)
//	content/actors/**         Bundle (every file that is not .md)
//	content/domains/**        Bundle (every file that is not .md)
//
// Bundle files (a chart, the PDF of a report) are published next to the
// pages of their folder, as Hugo publishes the resources of page bundles.
// Everything else is left out. Hidden files and folders (names starting with
// a dot) and editor leftovers (names ending in "~", Emacs "#...#" files) are
// skipped at every level. A markdown file in content/ that is none of the
// kinds above (content/brief/x.md, content/actors/sub/x.md) is skipped with a
// warning, since it is most likely misplaced; other files in content/ are
// skipped silently.
//
// Symbolic links are followed only when they stay inside the site folder and
// point at a regular file; a link that leaves the folder, or that points at a
// folder, is skipped with a warning, so a build never publishes files from
// elsewhere on the machine. That includes a link to a folder anywhere a
// folder of the site's files could be (content/briefs/more, static), whose
// name has no .md. A named pipe, socket or device where a file of the site
// would be is skipped with a warning too: nothing briefbook would read is
// left out silently. A folder, or a link to one, where briefbook reads a
// file by name (briefbook.yaml, content/_index.md, a bibliography file, or
// a file of templates/ or static/ that replaces the built-in theme's) is an
// error at that path: the book would otherwise lose the file without a
// word, or use the built-in one.
//
// A file that Scan lists but that cannot be read, or that was removed after
// Scan listed it, is an error wherever it is read later, never a file that
// is not there: [Read] reports it, and the build's theme overlay does not
// replace it with the built-in theme's file.
//
// [Read] returns a file's bytes after checking them: at most [MaxFileSize]
// bytes, and, for every kind but Static and Bundle, valid UTF-8 with no NUL byte. A
// UTF-8 byte order mark at the start of a text file is removed; line and
// column numbers, here and in later stages, count from the first character
// after it, which is what editors show.
package load

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/briefbook/briefbook"
	"github.com/briefbook/briefbook/internal/diag"
)

// Kind says what role a file plays in a site.
type Kind int

// The kinds of files, see the package documentation for where each lives.
const (
	Config Kind = iota + 1
	Brief
	Actor
	Domain
	Home
	Bibliography
	Template
	Static
	Bundle
	Page
)

var kindNames = [...]string{
	Config:       "config",
	Brief:        "brief",
	Actor:        "actor",
	Domain:       "domain",
	Home:         "home",
	Bibliography: "bibliography",
	Template:     "template",
	Static:       "static",
	Bundle:       "bundle",
	Page:         "page",
}

// String returns the kind's lowercase name, such as "brief".
func (k Kind) String() string {
	if k > 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Text reports whether files of this kind are text, which [Read] checks for
// valid UTF-8 and NUL bytes. Only Static and Bundle files may be binary.
func (k Kind) Text() bool { return k != Static && k != Bundle }

// File is one source file of a site.
type File struct {
	Path string // relative to the site folder, slash-separated: "content/briefs/x.md"
	Kind Kind
	Size int64 // size in bytes when scanned
}

// Scan lists the site's files under root, sorted by Path. Skipped
// symbolic links, special files and misplaced markdown files are reported
// to d as warnings. The error is non-nil only when root itself cannot be
// read; a folder or file below it that cannot be read is reported to d as
// an error.
func Scan(root string, d *diag.List) ([]File, error) {
	return ScanPaths(root, []string{"."}, d)
}

// ScanPaths lists the files that [Scan] would list at or under the given
// paths (slash-separated, relative to root; "." is the whole site), sorted
// by Path, each once, reporting to d what Scan would report about them. A
// path that does not exist, or that Scan would skip (a hidden folder above
// it, a folder briefbook does not read), gives no files. The error is
// non-nil only when root itself cannot be read.
//
// A caller that keeps a site's file list up to date replaces the entries at
// or under each path by what ScanPaths returns.
func ScanPaths(root string, paths []string, d *diag.List) ([]File, error) {
	r, err := os.OpenRoot(root)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	if _, err := r.Stat("."); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var files []File
	for _, start := range paths {
		start = path.Clean(start)
		if badName(r, start, d) || !fs.ValidPath(start) || !reachable(start) {
			continue
		}
		if start != "." {
			// A link is looked at, never walked through, as Scan does.
			info, err := r.Lstat(start)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err == nil && info.Mode()&fs.ModeSymlink != 0 {
				if f, ok, _ := visit(r, start, fs.FileInfoToDirEntry(info), nil, d); ok && !seen[f.Path] {
					seen[f.Path] = true
					files = append(files, f)
				}
				continue
			}
		}
		err := fs.WalkDir(r.FS(), start, func(p string, e fs.DirEntry, err error) error {
			if err != nil && p == start && errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			f, ok, err := visit(r, p, e, err, d)
			if ok && !seen[f.Path] {
				seen[f.Path] = true
				files = append(files, f)
			}
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, nil
}

// badName reports whether the last element of path p is not valid UTF-8,
// warning as Scan does when something is there in a folder briefbook
// reads. A path with an invalid element above its last one is left to the
// warning about that folder.
func badName(r *os.Root, p string, d *diag.List) bool {
	dir, name := path.Split(p)
	if utf8.ValidString(name) || !utf8.ValidString(dir) {
		return false
	}
	if _, err := r.Lstat(p); err == nil && wanted(p) && reachable(strings.TrimSuffix(dir, "/")) {
		d.Warnf(p, nil, 0, 0, 0, "skipped: the name is not valid UTF-8: rename it")
	}
	return true
}

// reachable reports whether Scan walks into the folders above p and
// would look at p itself: none of them is hidden or an editor's file, or
// a folder where briefbook reads a file (see readAsFile), and p lies in a
// folder briefbook reads (or is briefbook.yaml).
func reachable(p string) bool {
	if p == "." {
		return true
	}
	parts := strings.Split(p, "/")
	for i, name := range parts {
		if Skipped(name) {
			return false
		}
		if i < len(parts)-1 && readAsFile(strings.Join(parts[:i+1], "/")) {
			return false // Scan reports the folder and does not walk into it
		}
	}
	return len(parts) == 1 || wanted(p)
}

// visit is Scan's step for the entry e at p, reached with err: it returns
// the file to list, if any, and fs.SkipDir for a folder not to walk into.
func visit(r *os.Root, p string, e fs.DirEntry, err error, d *diag.List) (File, bool, error) {
	if err != nil {
		if p == "." {
			return File{}, false, err
		}
		d.Errorf(p, nil, 0, 0, 0, "cannot read folder: %v", unwrapPath(err))
		return File{}, false, nil
	}
	if p == "." {
		return File{}, false, nil
	}
	if Skipped(e.Name()) {
		if e.IsDir() {
			return File{}, false, fs.SkipDir
		}
		return File{}, false, nil
	}
	if !utf8.ValidString(e.Name()) {
		// Its URL could not be written, nor its name shown as it is.
		if wanted(p) {
			d.Warnf(p, nil, 0, 0, 0, "skipped: the name is not valid UTF-8: rename it")
		}
		if e.IsDir() {
			return File{}, false, fs.SkipDir
		}
		return File{}, false, nil
	}
	if e.IsDir() {
		if readAsFile(p) {
			// A folder where briefbook reads a file by name: the book
			// would silently lose the file, or use the built-in one.
			d.Errorf(p, nil, 0, 0, 0, "%s", folderNotFile(p))
			return File{}, false, fs.SkipDir
		}
		if !wanted(p) {
			return File{}, false, fs.SkipDir
		}
		return File{}, false, nil
	}
	if folders[p] && !linksToFolder(r, p) {
		// A file, or a link to one, where briefbook reads a folder: the
		// book would silently lose that folder's files.
		d.Warnf(p, nil, 0, 0, 0, "skipped: %s should be a folder, not a file", p)
		return File{}, false, nil
	}
	kind := classify(p)
	if (kind == 0 || kind == Bundle) && e.Type()&fs.ModeSymlink != 0 && wanted(p) && linksToFolder(r, p) {
		// A link to a folder has no .md in its name, so it has no kind, or
		// looks like a bundle file.
		d.Warnf(p, nil, 0, 0, 0, "skipped: symbolic link to a folder")
		return File{}, false, nil
	}
	if kind == 0 {
		switch ext := path.Ext(p); {
		case !strings.HasPrefix(p, "content/"):
		case ext == ".md":
			d.Warnf(p, nil, 0, 0, 0, "skipped: markdown files in content/ belong in briefs/, actors/ or domains/ (or at content/'s root: _index.md, the home page, or a page such as about.md)")
		case strings.EqualFold(ext, ".md"):
			d.Warnf(p, nil, 0, 0, 0, "skipped: markdown files must end in .md, in lower case: rename it to %s", diag.Escape(strings.TrimSuffix(path.Base(p), ext)+".md"))
		}
		return File{}, false, nil
	}
	info, ok := fileInfo(r, p, e, d)
	if !ok {
		return File{}, false, nil
	}
	return File{Path: p, Kind: kind, Size: info.Size()}, true, nil
}

// fileInfo returns the information of a regular file, following a symbolic
// link when it stays inside the root. It warns about anything else, except
// a file or link it has no permission to look at, which is an error.
func fileInfo(r *os.Root, p string, e fs.DirEntry, d *diag.List) (fs.FileInfo, bool) {
	if e.Type()&fs.ModeSymlink != 0 {
		info, err := r.Stat(p)
		switch {
		case errors.Is(err, fs.ErrPermission):
			d.Errorf(p, nil, 0, 0, 0, "cannot read file: %v", unwrapPath(err))
			return nil, false
		case err != nil:
			d.Warnf(p, nil, 0, 0, 0, "skipped: symbolic link leads outside the site folder or to nothing")
			return nil, false
		case info.IsDir() && readAsFile(p):
			d.Errorf(p, nil, 0, 0, 0, "%s", folderNotFile(p))
			return nil, false
		case info.IsDir():
			d.Warnf(p, nil, 0, 0, 0, "skipped: symbolic link to a folder")
			return nil, false
		case !info.Mode().IsRegular():
			d.Warnf(p, nil, 0, 0, 0, "skipped: symbolic link to something that is not a regular file")
			return nil, false
		}
		return info, true
	}
	if !e.Type().IsRegular() {
		d.Warnf(p, nil, 0, 0, 0, "skipped: %s, not a regular file", typeName(e.Type()))
		return nil, false
	}
	info, err := e.Info()
	if err != nil {
		d.Errorf(p, nil, 0, 0, 0, "cannot read file: %v", unwrapPath(err))
		return nil, false
	}
	return info, true
}

// linksToFolder reports whether the symbolic link p leads to a folder,
// inside the root or out of it.
func linksToFolder(r *os.Root, p string) bool {
	info, err := os.Stat(filepath.Join(r.Name(), filepath.FromSlash(p)))
	return err == nil && info.IsDir()
}

// typeName describes a file type other than a regular file, folder or
// symbolic link, for a warning.
func typeName(t fs.FileMode) string {
	switch {
	case t&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case t&fs.ModeSocket != 0:
		return "a socket"
	case t&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// Skipped reports whether a file or folder name is one that Scan skips at
// every level: hidden (a leading dot, which covers vim's ".x.swp" swap
// files and Emacs ".#x" lock links), or an editor's backup or temporary
// file: "x~" backups, Emacs "#x#" autosaves, vim's "4913" write probe (and
// the names it tries after it, 4913 plus a multiple of 123) and swap files
// kept elsewhere ("x.swp", ".swo", ".swx"), and JetBrains' safe writes
// ("x___jb_tmp___", "x___jb_old___"). A file watcher uses the same rule to
// ignore them.
func Skipped(name string) bool {
	switch {
	case strings.HasPrefix(name, "."),
		strings.HasSuffix(name, "~"),
		len(name) > 1 && strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"),
		strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"):
		return true
	}
	switch path.Ext(name) {
	case ".swp", ".swo", ".swx":
		return true
	}
	n, err := strconv.Atoi(name)
	return err == nil && n >= 4913 && (n-4913)%123 == 0 && strconv.Itoa(n) == name
}

// folders are the folders of a book that briefbook reads by name.
var folders = map[string]bool{
	"content": true, "templates": true, "static": true,
	"content/briefs": true, "content/actors": true, "content/domains": true,
}

// readAsFile reports whether briefbook reads the path p by its name as a
// file: briefbook.yaml, content/_index.md, the bibliography files, and
// the files of templates/ and static/ that override the built-in theme's
// (briefbook.Theme). A folder there is an error, not a file that is
// missing.
func readAsFile(p string) bool {
	switch p {
	case "briefbook.yaml", "content/_index.md", "content/sources.yaml", "content/sources.json", "content/sources.bib":
		return true
	}
	return overridesTheme(p)
}

// overridesTheme reports whether p names a file of the built-in theme,
// which a site's file at p replaces.
func overridesTheme(p string) bool {
	if !strings.HasPrefix(p, "templates/") && !strings.HasPrefix(p, "static/") {
		return false
	}
	info, err := fs.Stat(briefbook.Theme, p)
	return err == nil && !info.IsDir()
}

// folderNotFile is the error for a folder (or a symbolic link to one) at
// p, where [readAsFile] says briefbook reads a file.
func folderNotFile(p string) string {
	if overridesTheme(p) {
		return fmt.Sprintf("%s is a folder, not a file: briefbook reads it as the file that replaces the built-in theme's", p)
	}
	return fmt.Sprintf("%s is a folder, not a file: briefbook reads it as a file", p)
}

// wanted reports whether the folder p may hold files of some kind.
func wanted(p string) bool {
	top, _, _ := strings.Cut(p, "/")
	return top == "content" || top == "templates" || top == "static"
}

// classify returns the kind of the file at p, or 0 if briefbook does not
// read it.
func classify(p string) Kind {
	switch p {
	case "briefbook.yaml":
		return Config
	case "content/_index.md":
		return Home
	case "content/sources.yaml", "content/sources.json", "content/sources.bib":
		return Bibliography
	}
	dir, name := path.Split(p)
	md := path.Ext(name) == ".md" && len(name) > len(".md")
	switch {
	case strings.HasPrefix(p, "templates/"):
		return Template
	case strings.HasPrefix(p, "static/"):
		return Static
	case md && strings.HasPrefix(p, "content/briefs/"):
		return Brief
	case md && dir == "content/actors/":
		return Actor
	case md && dir == "content/domains/":
		return Domain
	case md && dir == "content/":
		return Page
	case !strings.EqualFold(path.Ext(name), ".md") && (strings.HasPrefix(p, "content/briefs/") || strings.HasPrefix(p, "content/actors/") ||
		strings.HasPrefix(p, "content/domains/")):
		return Bundle
	}
	return 0
}

// unwrapPath drops the operation and path that *fs.PathError adds, since
// diagnostics name the file already.
func unwrapPath(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}
