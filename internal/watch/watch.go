// Package watch reports, in batches, the paths of a site folder where
// something changed, as editors and version control really change them.
//
// A [Watcher] watches, with fsnotify, the site folder itself (for
// briefbook.yaml and for content/, templates/ and static/ being created,
// removed or renamed) and every folder under content/, templates/ and
// static/, adding a watch for each folder created later: a folder made by
// "mkdir -p a/b/c" with a file written inside at once is walked after its
// watch is added, and reported as a whole, so that a file written before the
// watch existed is not missed.
//
// Events are gathered into a [Batch] until the folder has been quiet for a
// short while ([Options.Quiet], longer once a batch holds many paths, as in
// a "git checkout", shorter for files only written in place or a new
// brief saved, see [Options.InPlaceQuiet]), then handed to whoever calls [Watcher.Next]; events
// that arrive while the caller is busy are merged into the next batch, so
// a slow consumer sees few, large batches. A batch lists each changed path
// once, as the final path of a save: a rename-over save (vim, VS Code,
// JetBrains) reports the file saved, never the temporary name.
//
// Editors' temporary files never trigger a batch (see [Ignored]): vim's
// "4913" probe and .swp/.swo/.swx swap files, Emacs "#x#" autosaves, ".#x"
// lock links and "x~" backups, JetBrains "x___jb_tmp___" and
// "x___jb_old___", and hidden files in general; briefbook never builds
// them anyway.
//
// An fsnotify error, including an event-queue overflow, makes the next
// batch ask for a rescan of the whole site ([Batch.All]) with a warning.
package watch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/briefbook/briefbook/internal/load"
	"github.com/fsnotify/fsnotify"
)

// The folders watched recursively, and the one file watched at the top.
var (
	trees  = []string{"content", "templates", "static"}
	config = "briefbook.yaml"
)

// Options tunes a Watcher. The zero value is ready to use.
type Options struct {
	// Quiet is how long the folder must be quiet before a batch is handed
	// out: 10 ms when zero. A batch of more than BulkPaths paths (a
	// checkout, a folder copied in) waits longer, see [BulkPaths].
	Quiet time.Duration
	// InPlaceQuiet is how long the folder must be quiet before a batch in
	// which files were only written in place (nothing removed or renamed,
	// no folder and at most one file created, that one a page source, see
	// below: an editor's save in place, truncating the file and writing
	// it, in one or a few writes made at once, or a new brief saved) is
	// handed out: 2 ms when zero, never more than Quiet. The quiet period
	// is there for saves made of several steps, a temporary file written
	// then renamed over the file or the file renamed to a backup then
	// written anew, which must come as one batch; a save in place has no
	// such steps, and the shorter wait is that much sooner a page shown
	// after a save (a file left empty for a while is still waited for,
	// see [Watcher.Next]).
	//
	// A regular file created at a path the build reads as a page source
	// (a .md file under content/: a brief, actor, domain or page) is the
	// last step of every save that makes one, never the first of several,
	// so it counts as a write in place when it is the batch's only
	// creation. The saves of the package doc, step by step:
	//   - vim with backupcopy=no (and Emacs' first save, JetBrains' safe
	//     write) renames the file away before it writes the new one: the
	//     Rename of the file comes first and the batch waits Quiet;
	//   - vim with backupcopy=yes writes in place; its "4913" probe,
	//     swap files, Emacs' autosaves and locks, JetBrains' ___jb_tmp___
	//     and ___jb_old___ files are ignored and make no event at all;
	//   - a rename over the file from a hidden temporary (VS Code and
	//     atomic writers) comes as the Create of the file, whole: the one
	//     step of the save, which the short wait can hand out as it is;
	//   - sed -i's temporary file, sedXXXXXX, is not a page source: its
	//     Create, then its Rename, make the batch wait Quiet;
	//   - a delete-and-recreate removes the file first: the Remove makes
	//     the batch wait Quiet, and the Create after it does not undo that;
	//   - mkdir -p then a write creates a folder: the batch waits Quiet;
	//   - a new brief (Create then Write, by an editor or a script) is
	//     handed out after the short wait, and a file still empty then is
	//     waited for (see [Watcher.Next]);
	//   - a git checkout removes the files it deletes before it writes
	//     any, and each file it replaces just before writing it: a Remove,
	//     which makes the batch wait Quiet (and past BulkPaths paths wait
	//     as a bulk change), comes first unless the first file written is
	//     a new one. Then, as for files copied in, the second Create makes
	//     the batch wait Quiet. Only a pause longer than InPlaceQuiet right
	//     after that first new file can hand it out alone, one rebuild
	//     more than before, as a pause longer than Quiet later on always
	//     could.
	// What the short wait gives up is a change of several commands that
	// creates a page source first and removes or renames something next
	// ("cp a.md b.md; rm a.md"): it may come as two batches, as it did
	// before whenever the commands were more than Quiet apart.
	InPlaceQuiet time.Duration
	// MaxDelay bounds how long a batch waits, from its first event, while
	// events keep coming: 2 s when zero; ten times as long for a batch of
	// more than BulkPaths paths.
	MaxDelay time.Duration
	// EmptyGrace is how long a batch that leaves a file empty may wait
	// for that file to be written: 250 ms when zero. See [Watcher.Next].
	EmptyGrace time.Duration
	// OnEvent, if set, is called for the first event of each batch,
	// before Next can return that batch: a server can then hold requests
	// until the batch is applied. It must not call the Watcher's methods.
	OnEvent func()
}

// BulkPaths is the number of paths above which a batch is a bulk change,
// such as a "git checkout" of another branch, which should be read as one
// batch however slowly it is written. Such a batch waits until the folder
// has been quiet for ten quiet periods, or for a quarter of the time its
// events have been coming so far if that is longer (at most a second): on
// a loaded machine a checkout that takes seconds also pauses for longer
// between files, and a batch handed out mid-way is a rebuild of half a
// branch. It waits at most ten times MaxDelay from its first event.
const BulkPaths = 50

// maxBulkQuiet bounds the quiet period of a bulk batch.
const maxBulkQuiet = time.Second

// Batch is what changed in the site folder since the previous batch.
type Batch struct {
	// Paths lists, sorted and each once, the slash-separated paths,
	// relative to the site folder, of the files and folders at or under
	// which something was created, written, removed or renamed.
	Paths []string
	// Created lists, sorted, the paths of Paths whose first event in the
	// batch was a Create: files and folders that appeared during the
	// batch. A file saved by renaming a temporary file over it (atomic
	// writers, sed -i) also comes as a Create, so a path here may have
	// existed before the batch; a caller that must tell a new file from a
	// saved one compares with what it read before.
	Created []string
	// All is set when events may have been lost: the whole site must be
	// read again.
	All bool
	// Warnings says why All is set, one message each.
	Warnings []string
}

// Watcher watches a site folder. Its methods are safe for concurrent use.
type Watcher struct {
	root string
	opts Options
	fsn  *fsnotify.Watcher

	mu sync.Mutex
	// pending maps each path of the batch to whether its first event was
	// not a Create: false for a path that appeared during the batch (see
	// take).
	pending map[string]bool
	all     bool
	// reshaped is set when a file or folder of the pending batch was
	// created, removed or renamed: the batch is not only saves in place.
	reshaped bool
	// created is set when a file or folder of the pending batch was
	// created: a second creation reshapes the batch (see
	// Options.InPlaceQuiet).
	created bool
	warns   []string
	first   time.Time // of the pending batch's first event; zero when none
	last    time.Time // of its last event
	ready   chan struct{}
	watched map[string]bool // absolute folders with a watch
	done    chan struct{}
	closed  bool
}

// New starts watching the site folder root. The error is that of fsnotify
// or of the site folder itself; a folder below it that cannot be watched
// (no permission, the system's limit of watches reached) is a warning in
// the first batch, which then asks for a full rescan.
func New(root string, opts Options) (*Watcher, error) {
	if opts.Quiet <= 0 {
		opts.Quiet = 10 * time.Millisecond
	}
	if opts.InPlaceQuiet <= 0 {
		opts.InPlaceQuiet = 2 * time.Millisecond
	}
	opts.InPlaceQuiet = min(opts.InPlaceQuiet, opts.Quiet)
	if opts.MaxDelay <= 0 {
		opts.MaxDelay = 2 * time.Second
	}
	if opts.EmptyGrace <= 0 {
		opts.EmptyGrace = 250 * time.Millisecond
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	fsn, err := fsnotify.NewBufferedWatcher(1024)
	if err != nil {
		return nil, err
	}
	w := &Watcher{
		root: abs, opts: opts, fsn: fsn,
		pending: map[string]bool{}, ready: make(chan struct{}, 1),
		watched: map[string]bool{}, done: make(chan struct{}),
	}
	if err := fsn.Add(abs); err != nil {
		fsn.Close()
		return nil, fmt.Errorf("watching %s: %w", root, err)
	}
	w.watched[abs] = true
	for _, t := range trees {
		w.addTree(filepath.Join(abs, t))
	}
	w.mu.Lock()
	w.pending, w.reshaped = map[string]bool{}, false // the walk reports nothing at start
	w.mu.Unlock()
	go w.loop()
	return w, nil
}

// Close stops watching. Next then returns an error.
func (w *Watcher) Close() error {
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return nil
	}
	w.closed = true
	w.mu.Unlock()
	err := w.fsn.Close()
	<-w.done
	return err
}

// Next waits for the next batch and returns it. The error is ctx's, or
// fs.ErrClosed once the watcher is closed.
//
// A save in place truncates the file, then writes it: a slow writer
// (a script, an editor on a loaded machine, a network folder) can leave
// the file empty for longer than the quiet period, and a build then
// reports a brief with no front matter for an instant. So a batch of at
// most [BulkPaths] paths in which a file is empty waits, from its first
// event, up to [Options.EmptyGrace] for more events; a file left empty on
// purpose is built once the grace has passed.
func (w *Watcher) Next(ctx context.Context) (Batch, error) {
	for {
		w.mu.Lock()
		if w.closed {
			w.mu.Unlock()
			return Batch{}, fs.ErrClosed
		}
		if b, ok := w.take(time.Now()); ok {
			w.mu.Unlock()
			return b, nil
		}
		wait := w.untilReady(time.Now())
		w.mu.Unlock()
		if err := w.sleep(ctx, wait); err != nil {
			return Batch{}, err
		}
	}
}

// sleep waits for an event, or for d when d > 0, or for the watcher to
// close. The error is ctx's.
func (w *Watcher) sleep(ctx context.Context, d time.Duration) error {
	var timer <-chan time.Time
	if d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		timer = t.C
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-w.done:
	case <-w.ready:
	case <-timer:
	}
	return nil
}

// bulk reports whether the pending batch is a bulk change. w.mu is held.
func (w *Watcher) bulk() bool { return len(w.pending) > BulkPaths }

// quiet returns how long the folder must be quiet before the pending batch
// is handed out (see BulkPaths and Options.InPlaceQuiet). w.mu is held.
func (w *Watcher) quiet() time.Duration {
	if !w.bulk() {
		if !w.reshaped && !w.all {
			return w.opts.InPlaceQuiet
		}
		return w.opts.Quiet
	}
	q := 10 * w.opts.Quiet
	if long := min(w.last.Sub(w.first)/4, maxBulkQuiet); long > q {
		q = long
	}
	return q
}

// maxDelay returns how long the pending batch may wait from its first
// event. w.mu is held.
func (w *Watcher) maxDelay() time.Duration {
	if w.bulk() {
		return 10 * w.opts.MaxDelay
	}
	return w.opts.MaxDelay
}

// readyAt returns when the pending batch is ready: once quiet, or at its
// longest delay. w.mu is held and a batch is pending.
func (w *Watcher) readyAt() time.Time {
	at := w.last.Add(w.quiet())
	if cap := w.first.Add(w.maxDelay()); cap.Before(at) {
		at = cap
	}
	return at
}

// untilReady returns how long Next sleeps, unless woken by an event, after
// take found no batch ready: 0 (until an event) when none is pending,
// until the pending batch is ready, or, when it is due but events wait to
// be recorded, one quiet period. w.mu is held.
func (w *Watcher) untilReady(now time.Time) time.Duration {
	if w.first.IsZero() {
		return 0
	}
	if d := w.readyAt().Sub(now); d > 0 {
		return d
	}
	return w.opts.Quiet
}

// take returns the pending batch if it is ready, and starts a new one.
// A batch is not ready while events that fsnotify has received wait to be
// recorded: when the process is starved of CPU, the quiet period may have
// passed on the clock while the events of a burst wait in the queue.
// w.mu is held.
func (w *Watcher) take(now time.Time) (Batch, bool) {
	if w.first.IsZero() || now.Before(w.readyAt()) {
		return Batch{}, false
	}
	if len(w.fsn.Events) > 0 && now.Sub(w.first) < w.maxDelay() {
		return Batch{}, false // Next sleeps until the loop records them
	}
	if !w.bulk() && now.Sub(w.first) < w.opts.EmptyGrace && w.emptyPending() {
		return Batch{}, false // Next looks again after a quiet period
	}
	b := Batch{All: w.all, Warnings: w.warns}
	for p, before := range w.pending {
		if !before && gone(filepath.Join(w.root, filepath.FromSlash(p))) {
			continue // a temporary file, created and renamed or removed
		}
		b.Paths = append(b.Paths, p)
		if !before {
			b.Created = append(b.Created, p)
		}
	}
	slices.Sort(b.Paths)
	slices.Sort(b.Created)
	w.pending = map[string]bool{}
	w.all, w.warns, w.reshaped, w.created = false, nil, false, false
	w.first, w.last = time.Time{}, time.Time{}
	return b, true
}

// emptyPending reports whether a path of the pending batch is an empty
// regular file, as one is between the truncation and the write of a save
// in place. w.mu is held.
func (w *Watcher) emptyPending() bool {
	for p := range w.pending {
		info, err := os.Lstat(filepath.Join(w.root, filepath.FromSlash(p)))
		if err == nil && info.Mode().IsRegular() && info.Size() == 0 {
			return true
		}
	}
	return false
}

// loop receives fsnotify's events and errors until the watcher is closed.
func (w *Watcher) loop() {
	defer close(w.done)
	for {
		select {
		case ev, ok := <-w.fsn.Events:
			if !ok {
				return
			}
			w.event(ev)
		case err, ok := <-w.fsn.Errors:
			if !ok {
				return
			}
			w.fail(err)
		}
	}
}

// fail makes the pending batch a full rescan, saying why.
func (w *Watcher) fail(err error) {
	msg := "file watcher error: " + err.Error()
	if errors.Is(err, fsnotify.ErrEventOverflow) {
		msg = "too many file changes at once for the watcher to follow"
	}
	w.mu.Lock()
	w.all = true
	w.warns = append(w.warns, msg+"; reading the whole site again")
	w.mu.Unlock()
	w.touch()
}

// event records one fsnotify event.
func (w *Watcher) event(ev fsnotify.Event) {
	// A change of permissions is reported like a write: it may make a file
	// unreadable, or readable again.
	rel, ok := w.rel(ev.Name)
	if !ok {
		return
	}
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		w.forget(ev.Name)
	}
	newPage := false // a regular file created at a page source's path
	if ev.Has(fsnotify.Create) {
		info, err := os.Lstat(ev.Name)
		if err == nil && info.IsDir() {
			w.addTree(ev.Name)
		}
		newPage = err == nil && info.Mode().IsRegular() && pageSource(rel)
	}
	w.mu.Lock()
	if _, ok := w.pending[rel]; !ok {
		w.pending[rel] = !ev.Has(fsnotify.Create)
	}
	switch {
	case ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename):
		w.reshaped = true
	case ev.Has(fsnotify.Create):
		// One new page source is a save (see Options.InPlaceQuiet).
		w.reshaped = w.reshaped || !newPage || w.created
		w.created = true
	}
	w.mu.Unlock()
	w.touch()
}

// pageSource reports whether the build reads a file at the
// slash-separated path rel, relative to the site folder, as a page
// source: a Markdown file (".md", with a name before it) under content/,
// as load classifies a brief, an actor, a domain, a page or the home
// page. Such a file is never an editor's temporary file.
func pageSource(rel string) bool {
	name := path.Base(rel)
	return strings.HasPrefix(rel, "content/") && path.Ext(name) == ".md" && len(name) > len(".md")
}

// gone reports whether nothing is at the absolute path name any more. A
// path that appeared and went again within one batch, such as the
// temporary file of "sed -i" (sedXXXXXX, renamed over the file it edits),
// was never read by a build and is left out of the batch.
func gone(name string) bool {
	_, err := os.Lstat(name)
	return errors.Is(err, fs.ErrNotExist)
}

// touch notes that an event arrived now, calls OnEvent for the first event
// of a batch and wakes Next.
func (w *Watcher) touch() {
	now := time.Now()
	w.mu.Lock()
	if w.first.IsZero() {
		w.first = now
		if w.opts.OnEvent != nil {
			w.opts.OnEvent() // before Next can take the batch
		}
	}
	w.last = now
	w.mu.Unlock()
	select {
	case w.ready <- struct{}{}:
	default:
	}
}

// rel returns the slash-separated path of the absolute name relative to the
// site folder, and whether a change there matters: it is briefbook.yaml,
// or lies in one of the watched trees, and no part of it is ignored.
func (w *Watcher) rel(name string) (string, bool) {
	r, err := filepath.Rel(w.root, name)
	if err != nil || r == "." || strings.HasPrefix(r, "..") {
		return "", false
	}
	r = filepath.ToSlash(r)
	top, _, _ := strings.Cut(r, "/")
	if r != config && !slices.Contains(trees, top) {
		return "", false
	}
	for _, part := range strings.Split(r, "/") {
		if Ignored(part) {
			return "", false
		}
	}
	return r, true
}

// addTree adds a watch to the folder dir and every folder under it, then
// reports each folder it watched, so that files written in them before
// their watch existed are read. A folder that cannot be watched makes the
// next batch a full rescan, with a warning.
func (w *Watcher) addTree(dir string) {
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) {
				w.fail(fmt.Errorf("cannot watch %s: %w", w.display(p), err))
			}
			return nil
		}
		if !d.IsDir() {
			return nil
		}
		if p != dir && Ignored(d.Name()) {
			return fs.SkipDir
		}
		w.mu.Lock()
		known := w.watched[p]
		w.mu.Unlock()
		if !known {
			if err := w.fsn.Add(p); err != nil {
				if !errors.Is(err, fs.ErrNotExist) {
					w.fail(fmt.Errorf("cannot watch %s: %w", w.display(p), err))
				}
				return fs.SkipDir
			}
			w.mu.Lock()
			w.watched[p] = true
			w.mu.Unlock()
		}
		if rel, ok := w.rel(p); ok {
			w.mu.Lock()
			if _, ok := w.pending[rel]; !ok {
				w.pending[rel] = true
			}
			w.reshaped = true
			w.mu.Unlock()
		}
		return nil
	})
}

// forget drops the watches of the folder name, removed or renamed, and of
// every folder under it: a folder moved elsewhere keeps its watches under
// its old name otherwise. Its new name, if in the site, comes as a Create.
func (w *Watcher) forget(name string) {
	w.mu.Lock()
	var drop []string
	for p := range w.watched {
		if p == name || strings.HasPrefix(p, name+string(filepath.Separator)) {
			drop = append(drop, p)
			delete(w.watched, p)
		}
	}
	w.mu.Unlock()
	for _, p := range drop {
		_ = w.fsn.Remove(p) // gone already, most of the time
	}
}

// display returns the absolute path p relative to the site folder, for
// messages.
func (w *Watcher) display(p string) string {
	if r, err := filepath.Rel(w.root, p); err == nil {
		return filepath.ToSlash(r)
	}
	return p
}

// Ignored reports whether a change to a file or folder of this name never
// triggers a batch: the names that load.Scan skips (hidden files, editors'
// backups and temporary files; see [load.Skipped]), which no build reads.
func Ignored(name string) bool { return load.Skipped(name) }
