// Package scaffold makes the files that "briefbook new" writes: a brief, an
// actor profile or a domain profile with its frontmatter filled in, or a
// small sample book, and writes them without ever replacing a file.
//
// The frontmatter is YAML, as docs/format.md describes it. Every value
// that comes from the author (a title, a name, an alias, a domain, an
// actor, a source id) is written with [Quote], so that it reads back as
// it was given whatever characters it holds. A file's name is the slug of
// its title or name, as [slug.Make] makes it, which is the slug the build
// gives the file.
package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"github.com/briefbook/briefbook/internal/slug"
)

// A File is a file of a site to write.
type File struct {
	Path string // slash-separated, relative to the site folder: "content/briefs/x.md"
	Data []byte
}

// maxName is the longest file name, in bytes, that common file systems
// (ext4, APFS, NTFS in UTF-16 units aside) accept.
const maxName = 255

// dateLayout is how dates are written in frontmatter: YYYY-MM-DD.
const dateLayout = "2006-01-02"

// Brief describes a new brief.
type Brief struct {
	Title   string    // required; its slug names the file
	Date    time.Time // the brief's date; only its year, month and day are written
	Domains []string  // domain slugs or titles; a brief needs at least one to build
	Actors  []string  // actor names or aliases
	Sources []string  // bibliography ids
}

// NewBrief returns content/briefs/<slug>.md for b, with the frontmatter
// keys of docs/format.md filled in from b (the others empty) and
// draft: true. It returns an error when the title or one of the values is
// empty or not valid UTF-8, when the title, a domain or an actor has no
// letter or digit to make a slug of, or when the title's slug is too long
// for a file name.
func NewBrief(b Brief) (File, error) {
	name, err := fileName("title", b.Title)
	if err != nil {
		return File{}, err
	}
	for _, v := range []struct {
		what   string
		values []string
		slug   bool
	}{{"domain", b.Domains, true}, {"actor", b.Actors, true}, {"source id", b.Sources, false}} {
		for _, s := range v.values {
			if err := checkValue(v.what, s, v.slug); err != nil {
				return File{}, err
			}
		}
	}
	var w strings.Builder
	fmt.Fprintf(&w, "---\ntitle: %s\n", Quote(b.Title))
	fmt.Fprintf(&w, "date: %s\n", b.Date.Format(dateLayout))
	w.WriteString("summary: \"\"\nauthors: []\n")
	fmt.Fprintf(&w, "domain: %s\n", quoteList(b.Domains))
	fmt.Fprintf(&w, "actors: %s\n", quoteList(b.Actors))
	fmt.Fprintf(&w, "sources: %s\n", quoteList(b.Sources))
	w.WriteString("draft: true\n---\n\n")
	return File{Path: "content/briefs/" + name, Data: []byte(w.String())}, nil
}

// NewActor returns content/actors/<slug>.md, the profile of the actor
// name with the given aliases. It returns an error when the name or an
// alias is empty or not valid UTF-8, when the name has no letter or digit
// to make a slug of, or when its slug is too long for a file name.
func NewActor(name string, aliases []string) (File, error) {
	file, err := fileName("name", name)
	if err != nil {
		return File{}, err
	}
	for _, a := range aliases {
		if err := checkValue("alias", a, false); err != nil {
			return File{}, err
		}
	}
	data := fmt.Sprintf("---\nname: %s\naliases: %s\nkind: \"\"\nsummary: \"\"\n---\n\n", Quote(name), quoteList(aliases))
	return File{Path: "content/actors/" + file, Data: []byte(data)}, nil
}

// NewDomain returns content/domains/<slug>.md, the profile of the domain
// with the given title. Its errors are those of [NewActor] for the title.
func NewDomain(title string) (File, error) {
	file, err := fileName("title", title)
	if err != nil {
		return File{}, err
	}
	data := fmt.Sprintf("---\ntitle: %s\nsummary: \"\"\n---\n\n", Quote(title))
	return File{Path: "content/domains/" + file, Data: []byte(data)}, nil
}

// fileName returns the name of the file for the title or name s: its slug
// followed by ".md".
func fileName(what, s string) (string, error) {
	if err := checkValue(what, s, true); err != nil {
		return "", err
	}
	name := slug.Make(s) + ".md"
	if len(name) > maxName {
		return "", fmt.Errorf("the %s is too long: its file name would be %d bytes long, and a file name may be at most %d", what, len(name), maxName)
	}
	return name, nil
}

// checkValue returns an error unless s, the value of what, is valid UTF-8,
// not blank, and, if needsSlug, has a letter or digit to make a slug of.
func checkValue(what, s string, needsSlug bool) error {
	if err := checkText(what, s); err != nil {
		return err
	}
	if needsSlug && slug.Make(s) == "" {
		return fmt.Errorf("%s %q has no letters or digits to make a slug of", what, s)
	}
	return nil
}

// ErrExists is returned, wrapped with the file's path, by [Write] when a
// file it would write already exists.
var ErrExists = errors.New("already exists; briefbook new never replaces a file")

// Write writes files into the site folder root, making the folders they
// need. It writes nothing if any of them exists already (as a file, a
// folder or a symbolic link), returning an error wrapping [ErrExists]
// that names it, and never writes outside root: a path that leads out of
// it through a symbolic link is an error. If writing a file fails, the
// files this call made are removed. Errors name files by their path
// joined to root.
func Write(root string, files []File) error {
	r, err := os.OpenRoot(root)
	if err != nil {
		return err
	}
	defer r.Close()
	for _, f := range files {
		_, err := r.Lstat(f.Path)
		switch {
		case err == nil:
			return fmt.Errorf("%s %w", Display(root, f.Path), ErrExists)
		case !errors.Is(err, fs.ErrNotExist):
			return rename(err, root, f.Path)
		}
	}
	var made []string
	for _, f := range files {
		if err := create(r, f); err != nil {
			for _, p := range made {
				r.Remove(p)
			}
			return rename(err, root, f.Path)
		}
		made = append(made, f.Path)
	}
	return nil
}

// create writes f in r, making its folder, and fails if f exists. It
// removes f if writing it fails.
func create(r *os.Root, f File) error {
	if err := r.MkdirAll(path.Dir(f.Path), 0o777); err != nil {
		return err
	}
	fh, err := r.OpenFile(f.Path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if err != nil {
		return err
	}
	_, err = fh.Write(f.Data)
	if e := fh.Close(); err == nil {
		err = e
	}
	if err != nil {
		r.Remove(f.Path)
	}
	return err
}

// rename returns err, an error about the file p relative to root, naming
// the file as the author knows it: an *fs.PathError's path is joined to
// root, and a file that exists (made since Write looked) is [ErrExists].
func rename(err error, root, p string) error {
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s %w", Display(root, p), ErrExists)
	}
	var pe *fs.PathError
	if errors.As(err, &pe) && !filepath.IsAbs(pe.Path) {
		pe.Path = Display(root, pe.Path)
	}
	return err
}

// Display returns the path p of a file of the site folder root as a path
// to show: root joined to p, in the system's form.
func Display(root, p string) string {
	return filepath.Join(root, filepath.FromSlash(p))
}
