package write

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"

	"github.com/briefbook/briefbook/internal/par"
)

// tmpInfix is in the name of every folder briefbook makes next to an output
// folder out: "." + base(out) + tmpInfix + random. Such a folder is only
// ever removed when it also holds a [MarkerFile]: names alone prove nothing.
const tmpInfix = ".briefbook-tmp-"

// A leftover is a folder next to an output folder that a build made: a
// staging folder, or a previous output swapped out. What it holds is
// briefbook's only as far as its marker says: everything in a staging
// folder; in a previous output, what its manifest lists, unchanged. Other
// entries are removed only when they are copies of the user's entries that
// were carried into the live output: the same file (hard link) or, for
// copies, the same content or link target.
type leftover struct {
	dir   string    // the leftover folder
	live  string    // the output folder it lies beside
	all   bool      // a staging folder: everything in it is briefbook's
	m     *manifest // the leftover's manifest, or nil
	liveM *manifest // the live output's manifest, or nil
	v     *verified // files of m found unchanged earlier, or nil
	root  fsID
	mu    sync.Mutex
	left  map[string]string // entries that could not be removed → why
}

// removeLeftover removes what is briefbook's in the leftover folder dir
// next to the output folder live (whose manifest is liveM, or nil), never
// crossing into another file system, and dir itself once it is empty. v,
// if not nil, holds the files of dir's manifest already found unchanged.
// It returns a description of what it left there ("" if nothing).
func removeLeftover(dir, live string, liveM *manifest, v *verified) string {
	kind, m, err := readMarker(dir)
	if err != nil {
		return fmt.Sprintf("left %s: %v", dir, err)
	}
	if kind == markerNone {
		if os.Remove(dir) == nil { // an output that was empty
			return ""
		}
		return fmt.Sprintf("left %s: it has no %s marker and is not empty", dir, MarkerFile)
	}
	l := &leftover{dir: dir, live: live, all: kind == markerStaging, m: m, liveM: liveM, v: v, left: map[string]string{}}
	if l.root, err = mountOf(dir); err != nil {
		return fmt.Sprintf("left %s: %v", dir, err)
	}
	// Subtrees two levels down (briefs/<slug>...) go in parallel: a site of
	// 100,000 pages is 100,000 folders.
	var subs []string
	tops, _ := os.ReadDir(dir)
	for _, t := range tops {
		if t.IsDir() && l.sameFS(t.Name()) {
			inner, _ := os.ReadDir(filepath.Join(dir, t.Name()))
			for _, s := range inner {
				if s.IsDir() {
					subs = append(subs, t.Name()+"/"+s.Name())
				}
			}
		}
	}
	par.Do(len(subs), 1, func(_, i int) {
		if l.sameFS(subs[i]) {
			l.tree(subs[i])
			l.rmdir(subs[i])
		}
	})
	l.tree("")
	if rest, _ := os.ReadDir(dir); len(rest) == 1 && rest[0].Name() == MarkerFile {
		if err := os.Remove(filepath.Join(dir, MarkerFile)); err == nil {
			if err := os.Remove(dir); err == nil {
				return ""
			}
		}
	}
	return l.report()
}

// removeSurveyed removes the previous output prev, swapped out of the
// output folder live, from what surveyOld found in it before the build,
// without reading its folders again: the files found unchanged, if Lstat
// still gives the same statKey (so nothing written to since, nor anything
// on another file system), the user's files now hard-linked into live,
// then the folders, deepest first, and the marker and prev itself once
// nothing else is left. It reports whether prev is gone; if not, the
// caller walks what is left with removeLeftover.
func removeSurveyed(prev, live string, s survey) bool {
	par.Do(len(s.owned), 64, func(_, i int) {
		e := s.owned[i]
		p := filepath.Join(prev, filepath.FromSlash(e.rel))
		if fi, err := os.Lstat(p); err == nil && keyOf(fi) == e.key {
			os.Remove(p)
		}
	})
	par.Do(len(s.carry), 64, func(_, i int) {
		e := s.carry[i]
		if e.info.IsDir() {
			return
		}
		p := filepath.Join(prev, filepath.FromSlash(e.rel))
		fi, err1 := os.Lstat(p)
		lfi, err2 := os.Lstat(filepath.Join(live, filepath.FromSlash(e.rel)))
		if err1 == nil && err2 == nil && os.SameFile(fi, lfi) {
			os.Remove(p)
		}
	})
	eachLevel(s.dirs, true, func(i int) {
		os.Remove(filepath.Join(prev, filepath.FromSlash(s.dirs[i])))
	})
	if rest, err := os.ReadDir(prev); err != nil || len(rest) != 1 || rest[0].Name() != MarkerFile {
		return false
	}
	return os.Remove(filepath.Join(prev, MarkerFile)) == nil && os.Remove(prev) == nil
}

// sameFS reports whether the folder rel of the leftover lies on the
// leftover's file system; if not, it is recorded as left.
func (l *leftover) sameFS(rel string) bool {
	id, err := mountOf(filepath.Join(l.dir, filepath.FromSlash(rel)))
	if err == nil && id == l.root {
		return true
	}
	why := "a mount point, left alone"
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		why = err.Error()
	}
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		l.leave(rel, why)
	}
	return false
}

// tree removes what is briefbook's under the folder rel of the leftover.
func (l *leftover) tree(rel string) {
	full := filepath.Join(l.dir, filepath.FromSlash(rel))
	entries, err := os.ReadDir(full)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			l.leave(rel, err.Error())
		}
		return
	}
	for _, e := range entries {
		p := path.Join(rel, e.Name())
		if p == MarkerFile {
			continue
		}
		if e.IsDir() {
			if l.sameFS(p) {
				l.tree(p)
				l.rmdir(p)
			}
			continue
		}
		l.file(p, filepath.Join(full, e.Name()))
	}
}

// file removes the non-folder entry rel, at full, if it is briefbook's or a
// copy of the user's entry carried into the live output.
func (l *leftover) file(rel, full string) {
	fi, err := os.Lstat(full)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			l.leave(rel, err.Error())
		}
		return
	}
	if !l.all && !l.m.owns(rel, full, fi, l.v) && !l.carried(rel, full, fi) {
		l.leave(rel, "not written by briefbook, and not found in "+l.live)
		return
	}
	if err := os.Remove(full); err != nil && !errors.Is(err, fs.ErrNotExist) {
		l.leave(rel, unwrap(err))
	}
}

// rmdir removes the folder rel of the leftover if it is empty. A folder
// that is not empty holds something already recorded as left.
func (l *leftover) rmdir(rel string) {
	err := os.Remove(filepath.Join(l.dir, filepath.FromSlash(rel)))
	if err != nil && !errors.Is(err, fs.ErrNotExist) && !isNotEmpty(err) {
		l.leave(rel, unwrap(err))
	}
}

// isNotEmpty reports whether err says a folder could not be removed because
// it is not empty.
func isNotEmpty(err error) bool {
	return errors.Is(err, syscall.ENOTEMPTY) || errors.Is(err, syscall.EEXIST)
}

// carried reports whether the entry rel of the leftover, at full with Lstat
// information fi, is a copy of the user's entry at the same path in the
// live output: the same file, or the same content or link target. An entry
// of the live output that briefbook wrote does not count: it is replaced by
// the next build.
func (l *leftover) carried(rel, full string, fi fs.FileInfo) bool {
	livePath := filepath.Join(l.live, filepath.FromSlash(rel))
	lfi, err := os.Lstat(livePath)
	if err != nil || l.liveM.owns(rel, livePath, lfi, nil) {
		return false
	}
	if os.SameFile(fi, lfi) {
		return true
	}
	switch {
	case fi.Mode().IsRegular() && lfi.Mode().IsRegular():
		return fi.Size() == lfi.Size() && sameContent(full, livePath)
	case fi.Mode()&fs.ModeSymlink != 0 && lfi.Mode()&fs.ModeSymlink != 0:
		a, err1 := os.Readlink(full)
		b, err2 := os.Readlink(livePath)
		return err1 == nil && err2 == nil && a == b
	}
	return false
}

// sameContent reports whether the files a and b hold the same bytes.
func sameContent(a, b string) bool {
	fa, err := os.Open(a)
	if err != nil {
		return false
	}
	defer fa.Close()
	fb, err := os.Open(b)
	if err != nil {
		return false
	}
	defer fb.Close()
	bufA, bufB := make([]byte, 64<<10), make([]byte, 64<<10)
	for {
		na, errA := io.ReadFull(fa, bufA)
		nb, errB := io.ReadFull(fb, bufB)
		if na != nb || !bytes.Equal(bufA[:na], bufB[:nb]) {
			return false
		}
		if errA != nil || errB != nil {
			return (errA == io.EOF || errA == io.ErrUnexpectedEOF) && errA == errB
		}
	}
}

// leave records that rel was left, and why.
func (l *leftover) leave(rel, why string) {
	l.mu.Lock()
	l.left[rel] = why
	l.mu.Unlock()
}

// maxReported is how many entries a report names.
const maxReported = 10

// report describes what the leftover still holds.
func (l *leftover) report() string {
	var rels []string
	for rel := range l.left {
		rels = append(rels, rel)
	}
	sort.Strings(rels)
	var b strings.Builder
	fmt.Fprintf(&b, "left %s in %s:", plural(len(rels), "entry", "entries"), l.dir)
	if len(rels) == 0 {
		b.WriteString(" the folder could not be removed")
	}
	for i, rel := range rels {
		if i == maxReported {
			fmt.Fprintf(&b, " (and %d more)", len(rels)-i)
			break
		}
		sep := " "
		if i > 0 {
			sep = "; "
		}
		fmt.Fprintf(&b, "%s%s (%s)", sep, rel, l.left[rel])
	}
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// unwrap returns the system's message for err without the operation and
// path that *fs.PathError adds.
func unwrap(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// Leftovers removes what earlier builds into output left next to it when
// they were stopped or could not finish: folders named
// "."+base(output)+".briefbook-tmp-…" that hold a [MarkerFile] (the name
// alone is never enough). It removes from them only what is briefbook's (see
// [Site]) and returns one message for each such folder that it could not
// remove completely, saying what is left there and why. It never fails: a
// folder it cannot read is reported.
func Leftovers(output string) []string {
	out, err := realPath(output)
	if err != nil {
		return nil
	}
	parent := filepath.Dir(out)
	entries, err := os.ReadDir(parent)
	if err != nil {
		return nil
	}
	prefix := "." + filepath.Base(out) + tmpInfix
	var liveM *manifest
	var msgs []string
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), prefix) || !e.IsDir() {
			continue
		}
		dir := filepath.Join(parent, e.Name())
		if kind, _, err := readMarker(dir); err != nil || kind == markerNone {
			continue
		}
		if liveM == nil {
			if kind, m, _ := readMarker(out); kind == markerList {
				liveM = m
			}
		}
		if msg := removeLeftover(dir, out, liveM, nil); msg != "" {
			msgs = append(msgs, msg)
		}
	}
	return msgs
}
