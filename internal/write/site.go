package write

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/briefbook/briefbook/internal/par"
)

// A job is one output file to write.
type job struct {
	path string // output path, slash-separated and clean
}

// Content appends the bytes of the output file at path (slash-separated,
// relative to the output folder) to dst and returns the extended slice. It
// is called from several goroutines at once, for different paths.
type Content func(dst []byte, path string) ([]byte, error)

// Site writes a built site to the folder output: the file at each of
// paths, with the bytes content gives, on runtime.GOMAXPROCS(0) workers.
// Site only writes; what the files hold (rendered, minified) is content's
// business.
//
// Everything is written into a new hidden staging folder next to output,
// marked as such from the moment it is made. Its [MarkerFile] is then
// replaced by the manifest of what was written (paths, sizes, times and
// SHA-256 sums), the user's entries of the previous output (everything it
// does not list, or that changed since) are carried over by hard links, and
// the folder is swapped in place of output. What is briefbook's in the
// previous output is then deleted, never across a mount point; what cannot
// be is reported through warn, and removed by the next build's [Leftovers].
//
// Site refuses, changing nothing, when a new file would replace an entry of
// the user's, when the previous output holds a mount point, and when output
// is neither missing, empty nor marked; callers should first run [Check],
// which knows the source folder too. If a page fails, or ctx is done
// before the swap, the staging folder is removed, the previous output is
// left as it was, and the error (ctx.Err() for ctx) is returned.
func Site(ctx context.Context, output string, paths []string, content Content, warn func(string)) error {
	if warn == nil {
		warn = func(string) {}
	}
	out, err := realPath(output)
	if err != nil {
		return fmt.Errorf("refusing to write to %s: %v", output, err)
	}
	if err := checkExisting(output, out); err != nil {
		return err
	}
	jobs, dirs, err := plan(paths)
	if err != nil {
		return err
	}
	old, err := surveyOld(ctx, output, out, jobs, dirs)
	if err != nil {
		return err
	}
	if len(old.keepDirs) > 0 {
		dirs = slices.Compact(slices.Sorted(slices.Values(append(dirs, old.keepDirs...))))
	}
	parent := filepath.Dir(out)
	created, err := mkdirAll(parent)
	if err != nil {
		return err
	}
	stage, err := newStage(parent, out)
	if err != nil {
		err = fmt.Errorf("cannot make a folder next to %s to build the site in: %w", output, unwrapPathErr(err))
		removeCreated(parent, created)
		return err
	}
	m, err := fill(ctx, stage, jobs, dirs, content)
	if err == nil {
		err = carryOver(ctx, out, stage, old.carry)
	}
	if err == nil {
		err = ctx.Err()
	}
	if err == nil {
		err = swap(stage, out, output, m, old, warn)
	}
	if err == nil {
		saveStatCache(out, m)
	}
	if err != nil {
		if msg := removeLeftover(stage, out, liveManifest(out), nil); msg != "" {
			warn(msg + "; the next build into " + output + " removes what is briefbook's")
		}
		removeCreated(parent, created)
	}
	return err
}

// liveManifest returns the manifest of the output folder out, or nil if it
// has none (or none that lists files).
func liveManifest(out string) *manifest {
	if kind, m, err := readMarker(out); err == nil && kind == markerList {
		return m
	}
	return nil
}

// newStage makes the staging folder next to out, marked as such.
func newStage(parent, out string) (string, error) {
	stage, err := os.MkdirTemp(parent, "."+filepath.Base(out)+tmpInfix)
	if err != nil {
		return "", err
	}
	err = os.WriteFile(filepath.Join(stage, MarkerFile), []byte(stagingText), 0o644)
	if err == nil {
		err = os.Chmod(stage, 0o755)
	}
	if err != nil {
		os.RemoveAll(stage) // holds at most the marker
		return "", err
	}
	return stage, nil
}

// mkdirAll creates the folder dir and any missing parents, and returns the
// topmost folder it created ("" if dir existed).
func mkdirAll(dir string) (string, error) {
	created := ""
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil || filepath.Dir(d) == d {
			break
		}
		created = d
	}
	return created, os.MkdirAll(dir, 0o755)
}

// removeCreated removes the folders that mkdirAll created, from dir up to
// top, as long as they are empty.
func removeCreated(dir, top string) {
	if top == "" {
		return
	}
	for d := dir; ; d = filepath.Dir(d) {
		if os.Remove(d) != nil || d == top || filepath.Dir(d) == d {
			return
		}
	}
}

// plan lists the files to write, sorted by output path, after checking that
// every path is safe and that no two are the same, and the folders they go
// in, sorted.
func plan(paths []string) ([]job, []string, error) {
	jobs := make([]job, len(paths))
	for i, p := range paths {
		if err := checkPath(p); err != nil {
			return nil, nil, err
		}
		jobs[i] = job{path: p}
	}
	sort.Slice(jobs, func(a, b int) bool { return jobs[a].path < jobs[b].path })
	for i := 1; i < len(jobs); i++ {
		if jobs[i].path == jobs[i-1].path {
			return nil, nil, fmt.Errorf("two output files have the same path %s", jobs[i].path)
		}
	}
	seen := map[string]bool{}
	var dirs []string
	for _, j := range jobs {
		for d := path.Dir(j.path); d != "." && !seen[d]; d = path.Dir(d) {
			seen[d] = true
			dirs = append(dirs, d)
		}
	}
	sort.Strings(dirs)
	for _, d := range dirs {
		if i, ok := slices.BinarySearchFunc(jobs, d, func(j job, d string) int { return strings.Compare(j.path, d) }); ok {
			return nil, nil, fmt.Errorf("output path %s is both a file and a folder", jobs[i].path)
		}
	}
	return jobs, dirs, nil
}

// checkPath reports an error unless p is a clean, relative, slash-separated
// path inside the output folder, other than the marker file.
func checkPath(p string) error {
	bad := p == "" || p == "." || path.Clean(p) != p || path.IsAbs(p) ||
		p == ".." || strings.HasPrefix(p, "../") ||
		strings.ContainsAny(p, "\\\x00") || filepath.VolumeName(filepath.FromSlash(p)) != "" ||
		p == MarkerFile
	if bad {
		return fmt.Errorf("invalid output path %q: it must be a clean relative path inside the output folder", p)
	}
	return nil
}

// fill makes the folders dirs in dir, writes every job and then the
// manifest, and returns the manifest.
func fill(ctx context.Context, dir string, jobs []job, dirs []string, content Content) (*manifest, error) {
	errs := make([]error, len(dirs)) // the first in path order is reported: a parent's before its children's
	eachLevel(dirs, false, func(i int) {
		errs[i] = os.Mkdir(filepath.Join(dir, filepath.FromSlash(dirs[i])), 0o755)
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	recs := make([]fileRec, len(jobs))
	if err := runJobs(ctx, dir, jobs, recs, content); err != nil {
		return nil, err
	}
	sum, err := writeManifest(dir, dirs, jobs, recs)
	if err != nil {
		return nil, err
	}
	files := make([]string, len(jobs))
	for i, j := range jobs {
		files[i] = j.path
	}
	return &manifest{dirs: dirs, files: files, recs: recs, sum: sum}, nil
}

// eachLevel calls f(i) for every folder dirs[i] (slash-separated), on
// every core, one depth at a time: the shallowest first, or the deepest
// first if deepest is true, so that a folder is made after its parent and
// removed before it.
func eachLevel(dirs []string, deepest bool, f func(i int)) {
	var levels [][]int
	for i, d := range dirs {
		n := strings.Count(d, "/")
		for len(levels) <= n {
			levels = append(levels, nil)
		}
		levels[n] = append(levels[n], i)
	}
	if deepest {
		slices.Reverse(levels)
	}
	for _, l := range levels {
		par.Do(len(l), 64, func(_, j int) { f(l[j]) })
	}
}

// runJobs writes the jobs into dir on runtime.GOMAXPROCS(0) workers,
// recording in recs[i] what jobs[i] wrote. After the first failure, or once
// ctx is done, no new job starts; the error returned is that of the failed
// job with the smallest path, so it does not depend on scheduling, or
// ctx.Err().
func runJobs(ctx context.Context, dir string, jobs []job, recs []fileRec, content Content) error {
	workers := min(runtime.GOMAXPROCS(0), len(jobs))
	var (
		next    atomic.Int64
		failed  atomic.Bool
		mu      sync.Mutex
		firstAt = len(jobs)
		first   error
		wg      sync.WaitGroup
	)
	defer context.AfterFunc(ctx, func() { failed.Store(true) })()
	for range workers {
		wg.Go(func() {
			for !failed.Load() {
				i := int(next.Add(1) - 1)
				if i >= len(jobs) {
					return
				}
				var err error
				if recs[i], err = runJob(dir, jobs[i].path, content); err != nil {
					failed.Store(true)
					mu.Lock()
					if i < firstAt {
						firstAt, first = i, err
					}
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	if first == nil {
		return ctx.Err()
	}
	return first
}

// bufPool holds the buffers files are written from.
var bufPool = sync.Pool{New: func() any { return new([]byte) }}

// maxPooled is the capacity above which a buffer is dropped rather than
// pooled, so that one huge file does not pin its memory for the whole build.
const maxPooled = 4 << 20

// runJob writes the output file p into dir, with the bytes content gives,
// and returns its record for the manifest. A panic in content is turned
// into an error.
func runJob(dir, p string, content Content) (rec fileRec, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("writing %s: panic: %v", p, r)
		}
	}()
	buf := bufPool.Get().(*[]byte)
	data, err := content((*buf)[:0], p)
	if cap(data) <= maxPooled {
		defer func() { *buf = data[:0]; bufPool.Put(buf) }()
	}
	if err != nil {
		return rec, err
	}
	return writeFile(filepath.Join(dir, filepath.FromSlash(p)), data)
}

// swap puts the finished folder stage in place of the output folder out
// (named name by the user), whose new manifest is m, and deletes what is
// briefbook's in the previous output, surveyed as old, reporting what it
// cannot delete through warn. It checks again, just before, that out is missing, empty or
// marked. If the swap cannot be made, out is left as it was and the caller
// removes stage.
func swap(stage, out, name string, m *manifest, old survey, warn func(string)) error {
	if _, err := os.Lstat(out); errors.Is(err, fs.ErrNotExist) {
		return os.Rename(stage, out)
	}
	if err := checkExisting(name, out); err != nil {
		return err
	}
	prev, err := replace(stage, out)
	if err != nil {
		return fmt.Errorf("replacing %s: %v", name, err)
	}
	if removeSurveyed(prev, out, old) {
		return nil
	}
	if msg := removeLeftover(prev, out, m, old.verified()); msg != "" {
		warn(fmt.Sprintf("the site was written to %s, but not all of the previous output could be removed: %s; the next build into %s removes what is briefbook's",
			name, msg, name))
	}
	return nil
}

// canExchange is whether replace tries [exchange] first; tests turn it off to
// exercise the fallback.
var canExchange = true

// replace moves the folder stage to out and the previous out aside, and
// returns where the previous output now is: a folder next to out, named like
// a staging folder and holding the previous output's marker, so that if the
// build is stopped before it is removed, the next one recognises it. Where
// the system can exchange two paths atomically, out is never missing, even
// for a moment.
func replace(stage, out string) (string, error) {
	if canExchange && exchange(stage, out) == nil {
		return stage, nil
	}
	old := stage + "-old"
	if err := os.Rename(out, old); err != nil {
		return "", err
	}
	if err := os.Rename(stage, out); err != nil {
		if err2 := os.Rename(old, out); err2 != nil {
			return "", fmt.Errorf("%v; the previous output is at %s", err, old)
		}
		return "", err
	}
	return old, nil
}

// unwrapPathErr drops the operation and path of a *fs.PathError, whose
// path is a name of briefbook's own that would only confuse the reader.
func unwrapPathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
