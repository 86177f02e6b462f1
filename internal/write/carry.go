package write

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/briefbook/briefbook/internal/par"
)

// A userEntry is a file, symbolic link or folder of the previous output that
// briefbook did not write (or that was changed since), and that is carried
// over into the new output.
type userEntry struct {
	rel  string      // slash-separated path relative to the output folder
	info fs.FileInfo // its Lstat information
}

// A survey is what the previous output holds that is not briefbook's. It
// is kept while the new output is written, so it holds little for the
// files that are briefbook's (at 100,000 briefs, over 200,000 of them):
// not their Lstat information, nor the previous manifest, which is read
// again if the build fails.
type survey struct {
	carry    []userEntry // to carry over, each folder before what it holds
	keepDirs []string    // folders of the previous build kept for the user's files in them
	owned    []ownedFile // its files found unchanged
	dirs     []string    // its folders, the user's included
}

// An ownedFile is a file of the previous output found as its manifest
// lists it.
type ownedFile struct {
	rel string  // slash-separated path relative to the output folder
	key statKey // what Lstat said of it then
}

// verified returns the files of s found unchanged, as a verified set.
func (s survey) verified() *verified {
	v := &verified{}
	for _, f := range s.owned {
		v.m.Store(f.rel, f.key)
	}
	return v
}

// surveyOld looks through the previous output folder out (named name by the
// user) for what briefbook did not write, given the new build's files jobs
// and folders dirs (both sorted). It refuses, with an error naming the
// entry, when a new file or folder would replace one of them, and when the
// previous output holds a mount point, which can neither be deleted nor
// carried over. A missing out holds nothing.
func surveyOld(ctx context.Context, name, out string, jobs []job, dirs []string) (survey, error) {
	var s survey
	kind, m, err := readMarker(out)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return s, fmt.Errorf("reading %s: %v", filepath.Join(name, MarkerFile), err)
	}
	if kind != markerList {
		m = nil // an old or copied marker licenses nothing: every entry is the user's
	}
	root, err := mountOf(out)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return s, err
	}
	points, known := mountsUnder(out)
	if len(points) > 0 {
		rel, _ := filepath.Rel(out, points[0])
		return s, mountError(name, filepath.ToSlash(rel))
	}
	w := surveyor{ctx: ctx, name: name, out: out, m: m, root: root, jobs: jobs, dirs: dirs, checkMounts: !known}
	if err := w.dir("", false); err != nil {
		return s, err
	}
	// Hash the listed files on every core, unless the stat cache shows them
	// untouched since they were written; those that changed are the user's.
	v := &verified{}
	if m != nil {
		loadStatCache(out, m.sum, v)
	}
	same := make([]bool, len(w.pending))
	par.Do(len(w.pending), 16, func(_, i int) {
		f := w.pending[i]
		same[i] = w.ctx.Err() == nil && m.owns(f.rel, filepath.Join(out, filepath.FromSlash(f.rel)), f.info, v)
	})
	if err := ctx.Err(); err != nil {
		return s, err
	}
	var owned []ownedFile
	for i, f := range w.pending {
		if same[i] {
			owned = append(owned, ownedFile{rel: f.rel, key: keyOf(f.info)})
			continue
		}
		if err := w.collides(f.rel, f.info.Mode()); err != nil {
			return s, err
		}
		if err := w.add(path.Dir(f.rel), f.rel, f.info); err != nil {
			return s, err
		}
	}
	sort.Strings(w.keep)
	return survey{carry: w.carry, keepDirs: slices.Compact(w.keep), owned: owned, dirs: w.seenDirs}, nil
}

// surveyor walks a previous output for surveyOld.
type surveyor struct {
	ctx   context.Context
	name  string    // the output folder as the user named it
	out   string    // its real path
	m     *manifest // its manifest, nil if it has none
	root  fsID
	jobs  []job
	dirs  []string
	carry []userEntry
	keep  []string
	// pending are the files the manifest lists with their size: they are
	// briefbook's if their SHA-256 is the same too.
	pending  []userEntry
	seenDirs []string
	// checkMounts is whether each folder must be checked for being a mount
	// point, because the system does not list them.
	checkMounts bool
}

// mountError is the refusal for the previous output of name holding the
// mount point rel.
func mountError(name, rel string) error {
	return fmt.Errorf("refusing to write to %s: %s is a mount point (or cannot be examined); briefbook neither deletes nor moves anything across file systems: unmount it first",
		name, filepath.Join(name, filepath.FromSlash(rel)))
}

// fileRun is the number of files of one folder a worker surveys at a time.
const fileRun = 256

// dir surveys the folder rel of the previous output; user says whether the
// folder itself is the user's. The subfolders of a top-level folder
// (briefs/<slug>...) are surveyed in parallel, and their findings merged
// in order, so that the result does not depend on scheduling.
func (w *surveyor) dir(rel string, user bool) error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	full := filepath.Join(w.out, filepath.FromSlash(rel))
	entries, err := os.ReadDir(full)
	if err != nil {
		return fmt.Errorf("reading the previous output: %v", err)
	}
	parallel := rel != "" && !strings.Contains(rel, "/")
	// A folder of many files (search/t) has its files surveyed in
	// parallel too, in runs of fileRun, before its subfolders.
	filesApart := len(entries) > 2*fileRun
	type task struct {
		rel   string
		ents  []fs.DirEntry
		w     *surveyor
		files bool
	}
	var files, subs []task
	for i, e := range entries {
		if rel == "" && e.Name() == MarkerFile {
			continue
		}
		if e.IsDir() && parallel || !e.IsDir() && filesApart {
			sw := &surveyor{ctx: w.ctx, name: w.name, out: w.out, m: w.m, root: w.root, jobs: w.jobs, dirs: w.dirs, checkMounts: w.checkMounts}
			if e.IsDir() {
				subs = append(subs, task{rel, entries[i : i+1], sw, false})
			} else if n := len(files); n > 0 && len(files[n-1].ents) < fileRun && &files[n-1].ents[len(files[n-1].ents)-1] == &entries[i-1] {
				files[n-1].ents = entries[i-len(files[n-1].ents) : i+1]
			} else {
				files = append(files, task{rel, entries[i : i+1], sw, true})
			}
			continue
		}
		if err := w.entry(rel, path.Join(rel, e.Name()), e, user); err != nil {
			return err
		}
	}
	subs = append(files, subs...)
	if len(subs) == 0 {
		return nil
	}
	errs := make([]error, len(subs))
	par.Do(len(subs), 8, func(_, i int) {
		t := subs[i]
		for _, e := range t.ents {
			if errs[i] = t.w.entry(t.rel, path.Join(t.rel, e.Name()), e, user); errs[i] != nil {
				return
			}
		}
	})
	for i, t := range subs {
		if errs[i] != nil {
			return errs[i]
		}
		sw := t.w
		w.carry = append(w.carry, sw.carry...)
		w.keep = append(w.keep, sw.keep...)
		w.pending = append(w.pending, sw.pending...)
		w.seenDirs = append(w.seenDirs, sw.seenDirs...)
	}
	return nil
}

// entry surveys the entry p, e, of the folder rel of the previous output;
// user says whether rel is the user's. Folders of briefbook's are not
// Lstat-ed: their type is enough.
func (w *surveyor) entry(rel, p string, e fs.DirEntry, user bool) error {
	info := func() (fs.FileInfo, error) {
		fi, err := e.Info()
		if err != nil {
			err = fmt.Errorf("reading the previous output: %v", err)
		}
		return fi, err
	}
	if !e.IsDir() {
		fi, err := info()
		if err != nil {
			return err
		}
		if r, ok := w.m.lists(p); ok && !user && fi.Mode().IsRegular() && r.size == fi.Size() {
			w.pending = append(w.pending, userEntry{rel: p, info: fi})
			return nil
		}
		if err := w.collides(p, fi.Mode()); err != nil {
			return err
		}
		return w.add(rel, p, fi)
	}
	if w.checkMounts {
		if id, err := mountOf(filepath.Join(w.out, filepath.FromSlash(p))); err != nil || id != w.root {
			return mountError(w.name, p)
		}
	}
	w.seenDirs = append(w.seenDirs, p)
	mine := !user && w.m.hasDir(p)
	if !mine {
		if err := w.collides(p, fs.ModeDir); err != nil {
			return err
		}
		fi, err := info()
		if err != nil {
			return err
		}
		if err := w.add(rel, p, fi); err != nil {
			return err
		}
	}
	return w.dir(p, !mine)
}

// add records the user's entry p, in the folder rel, for carrying over; if
// rel is a folder of the previous build that the new one does not make, it
// is kept, unless the new build has a file there.
func (w *surveyor) add(rel, p string, fi fs.FileInfo) error {
	w.carry = append(w.carry, userEntry{rel: p, info: fi})
	for d := rel; d != "" && d != "."; d = path.Dir(d) {
		if !w.m.hasDir(d) || has(w.dirs, d) {
			break
		}
		i := sort.Search(len(w.jobs), func(i int) bool { return w.jobs[i].path >= d })
		if i < len(w.jobs) && w.jobs[i].path == d {
			return fmt.Errorf("refusing to write to %s: a new file would replace the folder %s, which holds %s, which briefbook did not write; move it away first",
				w.name, filepath.Join(w.name, filepath.FromSlash(d)), filepath.Join(w.name, filepath.FromSlash(p)))
		}
		w.keep = append(w.keep, d)
	}
	return nil
}

// collides returns an error if the user's entry p, of the given mode
// (from Lstat), would be replaced by the new build: a file of the new build
// at p, or, unless p is a folder, a folder of the new build at p.
func (w *surveyor) collides(p string, mode fs.FileMode) error {
	dir := mode.IsDir()
	i := sort.Search(len(w.jobs), func(i int) bool { return w.jobs[i].path >= p })
	newFile := i < len(w.jobs) && w.jobs[i].path == p
	if !newFile && (dir || !has(w.dirs, p)) {
		return nil
	}
	what := "file"
	if !newFile {
		what = "folder"
	}
	target := filepath.Join(w.name, filepath.FromSlash(p))
	if w.m == nil {
		return fmt.Errorf("refusing to write to %s: a new %s would replace %s, and the %s marker lists no files (an older briefbook wrote it, or it was copied there), so it may be yours; if nothing in %s is yours, delete it and build again",
			w.name, what, target, MarkerFile, w.name)
	}
	why := "which briefbook did not write"
	if _, ok := w.m.lists(p); ok && !dir {
		why = "which briefbook wrote as a file but is now " + entryKind(mode)
		if mode.IsRegular() {
			why = "which was changed after briefbook wrote it"
		}
	} else if w.m.hasDir(p) && !dir {
		why = "which briefbook wrote as a folder but is now " + entryKind(mode)
		if mode&fs.ModeSymlink != 0 {
			why += " (briefbook never writes through one)"
		}
	}
	return fmt.Errorf("refusing to write to %s: a new %s would replace %s, %s; move it away first",
		w.name, what, target, why)
}

// entryKind names what a non-folder entry of the given mode (from Lstat)
// is, for messages: "a symbolic link", "a special file" or "a file".
func entryKind(mode fs.FileMode) string {
	switch {
	case mode&fs.ModeSymlink != 0:
		return "a symbolic link"
	case !mode.IsRegular():
		return "a special file"
	}
	return "a file"
}

// has reports whether the sorted list s holds x.
func has(s []string, x string) bool {
	_, ok := slices.BinarySearch(s, x)
	return ok
}

// carryOver puts the user's entries of the previous output out into the new
// output stage, unchanged: folders are made again with their permissions,
// owner and times; files, symbolic links and other entries are hard-linked,
// so that nothing is copied and the previous output keeps every one of them
// until the new output is in place. Where a hard link cannot be made,
// regular files are copied and symbolic links made again.
func carryOver(ctx context.Context, out, stage string, entries []userEntry) error {
	var made []userEntry
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return err
		}
		src := filepath.Join(out, filepath.FromSlash(e.rel))
		dst := filepath.Join(stage, filepath.FromSlash(e.rel))
		var err error
		if e.info.IsDir() {
			if err = os.Mkdir(dst, 0o700); errors.Is(err, fs.ErrExist) {
				continue // a folder of the new build
			}
			made = append(made, e)
		} else {
			err = linkOrCopy(src, dst, e.info)
		}
		if err != nil {
			return fmt.Errorf("carrying over %s: %v", e.rel, err)
		}
	}
	for i := len(made) - 1; i >= 0; i-- {
		dst := filepath.Join(stage, filepath.FromSlash(made[i].rel))
		if err := restoreMeta(dst, made[i].info); err != nil {
			return fmt.Errorf("carrying over %s: %v", made[i].rel, err)
		}
	}
	return nil
}

// linkOrCopy makes dst the same entry as src, whose Lstat information is fi.
func linkOrCopy(src, dst string, fi fs.FileInfo) error {
	err := os.Link(src, dst)
	if err == nil {
		return nil
	}
	switch {
	case fi.Mode().IsRegular():
		if err := copyFile(src, dst, fi); err != nil {
			return err
		}
	case fi.Mode()&fs.ModeSymlink != 0:
		target, err := os.Readlink(src)
		if err != nil {
			return err
		}
		if err := os.Symlink(target, dst); err != nil {
			return err
		}
	default:
		return err
	}
	return restoreMeta(dst, fi)
}

// copyFile copies the regular file src to the new file dst.
func copyFile(src, dst string, fi fs.FileInfo) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if err2 := out.Close(); err == nil {
		err = err2
	}
	return err
}

// restoreMeta gives dst the permissions, owner and modification time that
// fi records, as far as the system allows (the owner only for root).
func restoreMeta(dst string, fi fs.FileInfo) error {
	chownLike(dst, fi)
	if fi.Mode()&fs.ModeSymlink != 0 {
		return nil
	}
	if err := os.Chmod(dst, fi.Mode()&(fs.ModePerm|fs.ModeSetuid|fs.ModeSetgid|fs.ModeSticky)); err != nil {
		return err
	}
	return os.Chtimes(dst, time.Time{}, fi.ModTime())
}
