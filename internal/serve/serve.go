// Package serve is briefbook's live preview: an HTTP server that serves a
// book kept in memory, rebuilds it when its files change, and tells the
// open pages to reload.
//
// [Run] opens the site (package site), watches its files (package watch)
// and serves every output file of the current generation from memory,
// under the path of the site's base URL, writing nothing to disk. Each
// batch of changes is applied with [site.Site.Update], one at a time;
// changes that arrive meanwhile make the next batch. A request that comes
// while a change is pending waits for it (up to a bound), so a page is
// never older than the files it was asked after.
//
// Every HTML page served gets, before </body>, a small script (live.js,
// embedded here, never part of a build) that listens to the server-sent
// events endpoint /__briefbook/events and:
//
//   - reloads the page, keeping its scroll position, only when the page's
//     own bytes changed (a stylesheet's cache-busting query aside);
//   - swaps a changed stylesheet in place, without reloading;
//   - follows to the page of the brief just saved (unless NoFollow);
//   - says so when the page being read was renamed or deleted;
//   - shows the book's errors as path:line:col: message over the page,
//     each linking to its brief's page, and removes them once fixed.
//
// A change that breaks the book (an error diagnostic, or an Update that
// fails: a template that does not parse, a file that cannot be read) keeps
// the last good generation served; the server never stops because of the
// book's content.
//
// Security: requests must name the server by a Host it answers to (the
// bound name, localhost, 127.0.0.1 or [::1], with the port), which defeats
// DNS rebinding; the events endpoint refuses other origins; request paths
// are looked up among the generation's output paths and never reach the
// file system. See host.go and paths.go.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/site"
	"github.com/briefbook/briefbook/internal/watch"
)

// Options says what to serve and where.
type Options struct {
	// Source is the site folder.
	Source string
	// Bind is the address to listen on: "127.0.0.1" when empty.
	Bind string
	// Port is the TCP port; 0 picks a free one.
	Port int
	// BaseURL overrides briefbook.yaml's baseURL when not empty.
	BaseURL string
	// Drafts includes briefs with draft: true.
	Drafts bool
	// NoFollow keeps the browser on its page when a brief is saved.
	NoFollow bool
	// Today is the day for build's warnings about the whole book (no
	// briefs, briefs dated after it; see build.BookWarnings); the zero
	// time skips the dates.
	Today time.Time
	// Stdout receives the URL and one line per rebuild; Stderr the
	// diagnostics and warnings.
	Stdout, Stderr io.Writer
	// Ready, if set, is called with the site's URL once the server is
	// listening.
	Ready func(url string)
}

// Server is a running preview.
type Server struct {
	opts    Options
	root    string
	site    *site.Site // nil while the book cannot be opened
	watcher *watch.Watcher
	hosts   hostCheck
	hub     hub

	st atomic.Pointer[state] // what is served now

	// Requests wait for the changes noted before them: wanted counts
	// batches begun (watch.Options.OnEvent), applied those applied.
	wanted  atomic.Int64
	applied atomic.Int64
	mu      sync.Mutex
	fresh   chan struct{} // closed and replaced each time a batch is applied

	served   sync.Once    // the first page request (see firstServed)
	rebuilds atomic.Int64 // Updates run, for tests
	busy     func()       // tests only: called as the book's opening and each update begin
	printed  []diag.Diagnostic
	// renderErrs holds, as "generation N: diagnostic", the template
	// failures met rendering a page that were printed (see servePage).
	renderErrs sync.Map
	// failing holds the numbers of the generations in which a page
	// was found to fail on its data: no later one falls back to them.
	failing sync.Map
	// checking holds the numbers of the generations whose render check
	// (see checkRender) has not run to its end: stopped by a newer batch
	// or still under way. No later generation falls back to them either,
	// since their pages may fail as well.
	checking sync.Map
	// stopCheck stops the render check under way (see checkRender); only
	// the worker uses it.
	stopCheck context.CancelFunc
}

// maxWait bounds how long a request waits for a pending change.
const maxWait = 10 * time.Second

// Run serves the site until ctx is done, then returns within about a
// second, whatever it is doing: open event streams are closed, and nothing
// is deleted or written. An opening or an update of the book under way
// then finishes in the background and releases the site (in the CLI, the
// process has exited by then). The error is returned when the site folder
// cannot be read, the address cannot be listened on, or the file watcher
// cannot start; problems in the book never end Run.
func Run(ctx context.Context, opts Options) error {
	return run(ctx, opts, nil)
}

// listenError is the error of listening on port: when the port is in use
// (another briefbook serve, a hugo server), it says how to choose another,
// after the system's message, which it wraps.
func listenError(err error, port int) error {
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("%w: port %d is in use by another program: give another with --port, or --port 0 for any free one", err, port)
	}
	return err
}

// stopWait bounds how long Run waits, once stopping, for the book's
// opening or update under way; with the HTTP server's shutdown (at most
// shutdownWait) it keeps Ctrl-C under a second.
const (
	stopWait     = 300 * time.Millisecond
	shutdownWait = 500 * time.Millisecond
)

// run is Run, calling made, if not nil, with the server once made.
func run(ctx context.Context, opts Options, made func(*Server)) error {
	if opts.Bind == "" {
		opts.Bind = "127.0.0.1"
	}
	if opts.Stdout == nil {
		opts.Stdout = io.Discard
	}
	if opts.Stderr == nil {
		opts.Stderr = io.Discard
	}
	if info, err := os.Stat(opts.Source); err != nil {
		return err
	} else if !info.IsDir() {
		return fmt.Errorf("%s is not a folder", opts.Source)
	}
	s := &Server{opts: opts, root: opts.Source, fresh: make(chan struct{})}
	if made != nil {
		made(s)
	}
	w, err := watch.New(opts.Source, watch.Options{OnEvent: func() { s.wanted.Add(1) }})
	if err != nil {
		return fmt.Errorf("watching the site: %w", err)
	}
	s.watcher = w
	defer w.Close()
	ln, err := net.Listen("tcp", net.JoinHostPort(opts.Bind, strconv.Itoa(opts.Port)))
	if err != nil {
		return listenError(err, opts.Port)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	s.hosts = newHostCheck(opts.Bind, port)

	// The worker opens the book, then applies each batch of changes; it
	// alone uses s.site, and closes it when done.
	ctx, cancel := context.WithCancel(ctx)
	worked := make(chan struct{})
	opened := make(chan time.Duration, 1)
	go func() {
		defer close(worked)
		defer func() {
			if s.site != nil {
				s.site.Close()
			}
		}()
		start := time.Now()
		warmAhead(func() { s.open(ctx) })
		opened <- time.Since(start)
		warmHeap(true, 19)
		s.loop(ctx)
	}()
	defer func() {
		cancel()
		select {
		case <-worked:
		case <-time.After(stopWait):
		}
	}()
	select {
	case took := <-opened:
		if ctx.Err() != nil {
			return nil
		}
		s.banner(port, took)
	case <-ctx.Done():
		return nil // stopped while opening
	}
	return s.serve(ctx, ln)
}

// serve answers requests on ln until ctx is done.
func (s *Server) serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	quit := make(chan struct{})
	s.hub.quit = quit
	srv.RegisterOnShutdown(func() { close(quit) })
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	if s.opts.Ready != nil {
		s.opts.Ready(s.url(ln.Addr().(*net.TCPAddr).Port))
	}
	var err error
	select {
	case <-ctx.Done():
	case err = <-served:
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownWait)
	defer cancel()
	if e := srv.Shutdown(sctx); e != nil {
		srv.Close()
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// loop applies each batch of changes the watcher hands out, one at a
// time, until ctx is done or the watcher is closed.
func (s *Server) loop(ctx context.Context) {
	for ctx.Err() == nil {
		b, err := s.watcher.Next(ctx)
		if err != nil {
			return
		}
		upTo := s.wanted.Load()
		s.apply(ctx, b, func() { s.release(upTo) })
		s.release(upTo)
	}
}

// release lets the requests waiting for the changes noted up to upTo
// (see waitFresh) go on. apply calls it as soon as the new state is
// stored, before telling the open pages, which renders each of them
// again: a page asked for meanwhile is then rendered at the same time on
// the other core rather than after them. A second call for the same
// batch only wakes the waiting requests again, which look once more.
func (s *Server) release(upTo int64) {
	s.applied.Store(upTo)
	s.mu.Lock()
	close(s.fresh)
	s.fresh = make(chan struct{})
	s.mu.Unlock()
}

// waitFresh waits until every change noted before the call is applied, at
// most maxWait, or until ctx is done.
func (s *Server) waitFresh(ctx context.Context) {
	target := s.wanted.Load()
	var timeout <-chan time.Time
	for s.applied.Load() < target {
		s.mu.Lock()
		ch := s.fresh
		s.mu.Unlock()
		if s.applied.Load() >= target {
			return
		}
		if timeout == nil {
			t := time.NewTimer(maxWait)
			defer t.Stop()
			timeout = t.C
		}
		select {
		case <-ch:
		case <-timeout:
			return
		case <-ctx.Done():
			return
		}
	}
}

// url returns the address of the site's home page.
func (s *Server) url(port int) string {
	host := s.opts.Bind
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, strconv.Itoa(port)) + s.st.Load().base
}

// banner prints the URL, what is served and the warnings about it.
func (s *Server) banner(port int, took time.Duration) {
	st := s.st.Load()
	if st.gen != nil {
		fmt.Fprintf(s.opts.Stdout, "briefbook serve: %s, %s in %s\n",
			plural(len(st.gen.Book.Briefs), "brief"), plural(st.gen.Pages(), "page"), round(took))
	}
	if !isLoopback(s.opts.Bind) {
		fmt.Fprintf(s.opts.Stderr, "warning: listening on %s, not on loopback only: anyone on the network can read this preview, drafts and unpublished briefs included\n",
			diag.Escape(s.opts.Bind))
	}
	fmt.Fprintf(s.opts.Stdout, "Serving the book at %s (Ctrl-C to stop)\n", s.url(port))
	fmt.Fprintln(s.opts.Stdout, "Watching briefbook.yaml, content/, templates/ and static/ for changes")
}

// round rounds d for the terminal: to the millisecond, or to the tenth
// of a millisecond under ten milliseconds.
func round(d time.Duration) time.Duration {
	if d < 10*time.Millisecond {
		return d.Round(100 * time.Microsecond)
	}
	return d.Round(time.Millisecond)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
