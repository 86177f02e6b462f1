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
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/briefbook/briefbook/internal/par"
	"github.com/briefbook/briefbook/internal/render"
)

// A job is one output file: a page to render or a static file to copy.
type job struct {
	path   string       // output path, slash-separated and clean
	page   *render.Page // the page to render, or nil for a static file
	static string       // the file's path in the static file system
}

// Site writes a built site to the folder output: every page, rendered on
// runtime.GOMAXPROCS(0) workers, and every file of static (an fs.FS rooted at
// the theme's static folder; may be nil). HTML, CSS, JavaScript, SVG, JSON
// and XML files are minified.
//
// Everything is written into a new hidden folder next to output, which is
// marked with [MarkerFile] and then swapped in place of output; the previous
// output is then deleted. If any page fails, nothing but that hidden folder
// has been touched, and it is removed. Site refuses to replace an output
// folder that is neither empty nor marked; callers should first run [Check],
// which knows the source folder too.
func Site(output string, pages []render.Page, static fs.FS) error {
	out, err := realPath(output)
	if err != nil {
		return fmt.Errorf("output folder %s: %v", output, err)
	}
	if err := checkExisting(output, out); err != nil {
		return err
	}
	jobs, err := plan(pages, static)
	if err != nil {
		return err
	}
	parent := filepath.Dir(out)
	created, err := mkdirAll(parent)
	if err != nil {
		return err
	}
	stage, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".briefbook-tmp-")
	if err == nil {
		if err = fill(stage, jobs, static); err != nil {
			os.RemoveAll(stage)
		} else {
			err = swap(stage, out, output)
		}
	}
	if err != nil {
		removeCreated(parent, created)
	}
	return err
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
// every path is safe and that no two files share one.
func plan(pages []render.Page, static fs.FS) ([]job, error) {
	jobs := make([]job, 0, len(pages))
	for i := range pages {
		jobs = append(jobs, job{path: pages[i].Path, page: &pages[i]})
	}
	if static != nil {
		err := fs.WalkDir(static, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.Type().IsRegular() && !placeholder(d.Name()) {
				jobs = append(jobs, job{path: p, static: p})
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("reading static files: %v", err)
		}
	}
	for _, j := range jobs {
		if err := checkPath(j.path); err != nil {
			return nil, err
		}
	}
	sort.SliceStable(jobs, func(a, b int) bool { return jobs[a].path < jobs[b].path })
	for i := 1; i < len(jobs); i++ {
		if jobs[i].path == jobs[i-1].path {
			return nil, fmt.Errorf("two output files have the same path %s (%s and %s)",
				jobs[i].path, jobs[i-1].what(), jobs[i].what())
		}
	}
	return jobs, nil
}

// what describes where a job's content comes from, for error messages.
func (j job) what() string {
	if j.page != nil {
		return "a generated page"
	}
	return "static file " + j.static
}

// placeholder reports whether name is a file that only keeps an empty folder
// in version control, and is not copied.
func placeholder(name string) bool {
	return name == ".keep" || name == ".gitkeep"
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

// fill writes every job and the marker into the folder dir.
func fill(dir string, jobs []job, static fs.FS) error {
	if err := os.Chmod(dir, 0o755); err != nil {
		return err
	}
	if err := makeDirs(dir, jobs); err != nil {
		return err
	}
	if err := runJobs(dir, jobs, static); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, MarkerFile), []byte(markerText), 0o644)
}

// makeDirs creates, in dir, every folder the jobs write into.
func makeDirs(dir string, jobs []job) error {
	seen := map[string]bool{".": true}
	for _, j := range jobs {
		d := path.Dir(j.path)
		if seen[d] {
			continue
		}
		seen[d] = true
		if err := os.MkdirAll(filepath.Join(dir, filepath.FromSlash(d)), 0o755); err != nil {
			return err
		}
	}
	return nil
}

// runJobs writes the jobs into dir on runtime.GOMAXPROCS(0) workers. After
// the first failure no new job starts; the error returned is that of the
// failed job with the smallest path, so it does not depend on scheduling.
func runJobs(dir string, jobs []job, static fs.FS) error {
	workers := min(runtime.GOMAXPROCS(0), len(jobs))
	var (
		next    atomic.Int64
		failed  atomic.Bool
		mu      sync.Mutex
		firstAt = len(jobs)
		first   error
		wg      sync.WaitGroup
	)
	for range workers {
		wg.Go(func() {
			for !failed.Load() {
				i := int(next.Add(1) - 1)
				if i >= len(jobs) {
					return
				}
				if err := runJob(dir, jobs[i], static); err != nil {
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
	return first
}

// bufPool holds the buffers pages are rendered and minified into.
var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooled is the capacity above which a buffer is dropped rather than
// pooled, so that one huge page does not pin its memory for the whole build.
const maxPooled = 4 << 20

func getBuf() *bytes.Buffer { b := bufPool.Get().(*bytes.Buffer); b.Reset(); return b }

func putBuf(b *bytes.Buffer) {
	if b.Cap() <= maxPooled {
		bufPool.Put(b)
	}
}

// runJob writes one output file into dir, minified if its type calls for it.
// A panic in a page's Write is turned into an error.
func runJob(dir string, j job, static fs.FS) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("writing %s: panic: %v", j.path, r)
		}
	}()
	dst := filepath.Join(dir, filepath.FromSlash(j.path))
	mt := mediaType(j.path)
	if j.page == nil && mt == "" {
		return copyStatic(dst, static, j.static)
	}
	raw := getBuf()
	defer putBuf(raw)
	if j.page != nil {
		err = j.page.Write(raw)
	} else {
		err = readStatic(raw, static, j.static)
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", j.path, err)
	}
	data := raw.Bytes()
	if mt != "" {
		min := getBuf()
		defer putBuf(min)
		if err := minifyTo(min, mt, data); err != nil {
			return fmt.Errorf("minifying %s: %w", j.path, err)
		}
		data = min.Bytes()
	}
	if j.page != nil && j.page.Expand != nil {
		full := getBuf()
		defer putBuf(full)
		j.page.Expand(full, data)
		data = full.Bytes()
	}
	return os.WriteFile(dst, data, 0o644)
}

// readStatic appends the content of the static file name to buf.
func readStatic(buf *bytes.Buffer, static fs.FS, name string) error {
	f, err := static.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = buf.ReadFrom(f)
	return err
}

// copyStatic copies the static file name to dst as it is.
func copyStatic(dst string, static fs.FS, name string) error {
	in, err := static.Open(name)
	if err != nil {
		return fmt.Errorf("copying static file %s: %w", name, err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("copying static file %s: %w", name, err)
	}
	return out.Close()
}

// swap puts the finished folder stage in place of the output folder out
// (named name by the user) and deletes the previous output. It checks again,
// just before, that out is missing, empty or marked. If the swap cannot be
// made, stage is removed and out is left as it was.
func swap(stage, out, name string) error {
	if _, err := os.Lstat(out); errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(stage, out); err != nil {
			os.RemoveAll(stage)
			return err
		}
		return nil
	}
	if err := checkExisting(name, out); err != nil {
		os.RemoveAll(stage)
		return err
	}
	old, trash, err := replace(stage, out)
	if err != nil {
		os.RemoveAll(stage)
		return fmt.Errorf("replacing %s: %v", name, err)
	}
	if err := discard(old); err != nil {
		return fmt.Errorf("the site was written to %s, but the previous output was kept at %s: %v", name, old, err)
	}
	if trash != "" {
		return os.Remove(trash)
	}
	return nil
}

// canExchange is whether replace tries [exchange] first; tests turn it off to
// exercise the fallback.
var canExchange = true

// replace moves the folder stage to out and the previous out aside. It
// returns where the previous output now is, and a folder to remove once it
// is deleted ("" if none). Where the system can exchange two paths
// atomically, out is never missing, even for a moment.
func replace(stage, out string) (old, trash string, err error) {
	if canExchange && exchange(stage, out) == nil {
		return stage, "", nil
	}
	trash, err = os.MkdirTemp(filepath.Dir(out), "."+filepath.Base(out)+".briefbook-old-")
	if err != nil {
		return "", "", err
	}
	old = filepath.Join(trash, "old")
	if err := os.Rename(out, old); err != nil {
		os.Remove(trash)
		return "", "", err
	}
	if err := os.Rename(stage, out); err != nil {
		if err2 := os.Rename(old, out); err2 != nil {
			return "", "", fmt.Errorf("%v; the previous output is at %s", err, old)
		}
		os.Remove(trash)
		return "", "", err
	}
	return old, trash, nil
}

// discard deletes the previous output folder dir, but only if briefbook
// created it (it has the marker) or it is empty.
func discard(dir string) error {
	marked, err := hasMarker(dir)
	if err != nil {
		return err
	}
	if marked {
		return removeAll(dir)
	}
	if err := os.Remove(dir); err != nil {
		return fmt.Errorf("it has no %s marker and is not empty", MarkerFile)
	}
	return nil
}

// removeAll is os.RemoveAll on runtime.GOMAXPROCS(0) goroutines: it deletes
// the entries two levels down (briefs/<slug>, actors/<slug>...) in
// parallel, then what is left. A site of 100,000 pages is 100,000 folders,
// and deleting them one after the other is a good part of a rebuild.
func removeAll(dir string) error {
	var paths []string
	tops, err := os.ReadDir(dir)
	if err != nil {
		return os.RemoveAll(dir)
	}
	for _, t := range tops {
		p := filepath.Join(dir, t.Name())
		if !t.IsDir() {
			continue
		}
		subs, err := os.ReadDir(p)
		if err != nil {
			continue
		}
		for _, s := range subs {
			paths = append(paths, filepath.Join(p, s.Name()))
		}
	}
	par.Do(len(paths), 1, func(_, i int) {
		os.RemoveAll(paths[i]) // what fails is retried below
	})
	return os.RemoveAll(dir)
}
