// Package pdf prints the whole book (/book/) to a PDF file with an
// installed Chromium in headless mode.
//
// The site is rendered in memory (package site), served from memory on a
// loopback port for the time of the print, and Chromium, driven over the
// DevTools protocol (chromedp), loads /book/ and prints it with the book's
// print stylesheet: A4 pages and page numbers from the CSS @page rules,
// the background printed, and bookmarks made from the headings (parts,
// briefs and their sections). It is printed twice, to put page numbers
// in the contents, and the bookmarks' titles are mended (see toc.go).
// Nothing is written but the PDF file.
package pdf

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/render"
	"github.com/briefbook/briefbook/internal/site"
)

// Options says what to print and where.
type Options struct {
	Source  string    // the site folder; "" means the current folder
	Output  string    // the PDF file; "" means "book.pdf" inside Source
	Browser string    // Chromium's executable; "" looks for it on PATH (see [FindBrowser])
	Drafts  bool      // include draft briefs
	Stderr  io.Writer // where diagnostics are printed; nil discards them
	// Context stops the print; nil: never. The print also stops after
	// Timeout (default 10 minutes), so that a browser that stops answering
	// cannot hang the command.
	Context context.Context
	Timeout time.Duration
}

// Result tells what was printed.
type Result struct {
	Output string // the PDF file written
	Briefs int    // briefs in the book
	Bytes  int    // size of the PDF
}

// Browsers are the names looked for on PATH, in order, when no browser is
// given: Debian's and other distributions' Chromium, and Google Chrome.
var Browsers = []string{"chromium", "chromium-browser", "google-chrome"}

// ErrNoBrowser is returned (wrapped) when no Chromium can be found.
var ErrNoBrowser = errors.New("no Chromium found")

// ErrDiagnostics is returned (wrapped) when the book has errors; they
// have been printed to Options.Stderr.
var ErrDiagnostics = errors.New("the book has errors")

// FindBrowser returns the path of the Chromium to run: browser itself when
// it is given (a path, or a name looked up on PATH), or else the first of
// [Browsers] on PATH. The error wraps [ErrNoBrowser] and says how to get
// one.
func FindBrowser(browser string) (string, error) {
	if browser != "" {
		p, err := exec.LookPath(browser)
		if err != nil {
			return "", fmt.Errorf("%w: --browser %s: %v", ErrNoBrowser, browser, errors.Unwrap(err))
		}
		return p, nil
	}
	for _, name := range Browsers {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("%w: looked on PATH for %s; install Chromium (on Debian and Ubuntu: apt-get install chromium) or give its path with --browser", ErrNoBrowser, strings.Join(Browsers, ", "))
}

// Run renders the site in opts.Source and prints its /book/ page to
// opts.Output. It first refuses an output that exists and is not a PDF
// (briefbook replaces only what it may have made), then finds the browser.
// The book's diagnostics are printed as a build prints them; with any
// error nothing is printed to PDF and the error wraps [ErrDiagnostics].
// A book of more than render.MaxBookBriefs briefs is refused.
// The PDF is written to a temporary file beside the output and renamed
// over it, so that a failed print leaves the previous file as it was.
func Run(opts Options) (Result, error) {
	opts = withDefaults(opts)
	res := Result{Output: opts.Output}
	if err := checkOutput(opts.Output); err != nil {
		return res, err
	}
	exe, err := FindBrowser(opts.Browser)
	if err != nil {
		return res, err
	}
	ctx, cancel := context.WithTimeout(opts.Context, opts.Timeout)
	defer cancel()
	s, gen, err := site.Open(ctx, opts.Source, site.Options{Drafts: opts.Drafts, Once: true})
	if le := (*diag.ListError)(nil); errors.As(err, &le) {
		diag.Print(opts.Stderr, le.Diagnostics) // a template that does not parse
		return res, fmt.Errorf("%w: %d errors", ErrDiagnostics, errorCount(le.Diagnostics))
	}
	if err != nil {
		return res, err
	}
	defer s.Close()
	ds := gen.Diagnostics()
	diag.Print(opts.Stderr, ds)
	if n := errorCount(ds); n > 0 {
		return res, fmt.Errorf("%w: %d errors", ErrDiagnostics, n)
	}
	res.Briefs = len(gen.Book.Briefs)
	if res.Briefs > render.MaxBookBriefs {
		return res, fmt.Errorf("the book has %d briefs; briefbook pdf prints a book of at most %d", res.Briefs, render.MaxBookBriefs)
	}
	srv, err := serve(gen)
	if err != nil {
		return res, err
	}
	defer srv.close()
	data, err := printBook(ctx, exe, srv, gen.Book.Site.BaseURL)
	if err != nil {
		return res, err
	}
	if err := srv.failed(); err != nil {
		// Chromium printed an error page, or a page without one of its
		// files: the output, perhaps a good PDF, is left as it was.
		return res, err
	}
	res.Bytes = len(data)
	return res, writeFile(opts.Output, data)
}

func withDefaults(opts Options) Options {
	if opts.Source == "" {
		opts.Source = "."
	}
	if opts.Output == "" {
		opts.Output = filepath.Join(opts.Source, "book.pdf")
	}
	if opts.Stderr == nil {
		opts.Stderr = io.Discard
	}
	if opts.Context == nil {
		opts.Context = context.Background()
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Minute
	}
	return opts
}

func errorCount(ds []diag.Diagnostic) int {
	n := 0
	for _, d := range ds {
		if d.Severity == diag.Error {
			n++
		}
	}
	return n
}

// checkOutput refuses an output that is a folder or a file other than a
// PDF.
func checkOutput(output string) error {
	fi, err := os.Lstat(output)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file; briefbook pdf writes only to a new file or over a PDF", output)
	}
	f, err := os.Open(output)
	if err != nil {
		return err
	}
	defer f.Close()
	head := make([]byte, 5)
	if _, err := io.ReadFull(f, head); err != nil || string(head) != "%PDF-" {
		return fmt.Errorf("%s exists and is not a PDF; briefbook pdf writes only to a new file or over a PDF", output)
	}
	return nil
}

// writeFile writes data to a temporary file beside name and renames it
// over name.
func writeFile(name string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".briefbook-tmp-*")
	if err != nil {
		return err
	}
	_, werr := f.Write(data)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(f.Name(), 0o644)
	}
	if werr == nil {
		werr = os.Rename(f.Name(), name)
	}
	if werr != nil {
		os.Remove(f.Name())
	}
	return werr
}

// server serves one generation's files from memory on a loopback port.
type server struct {
	origin string // "http://127.0.0.1:PORT"
	base   string // the site's base path: "/" or "/book/"
	close  func()
	// failed returns the first error met rendering a file Chromium asked
	// for (a template that fails on the book's page), or nil.
	failed func() error
}

// serve starts a server for gen's output files under the site's base
// path, on 127.0.0.1.
func serve(gen *site.Generation) (*server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("serving the book to Chromium: %w", err)
	}
	base := render.BasePath(gen.Book.Site.BaseURL)
	paths := map[string]bool{}
	for _, p := range gen.Paths() {
		paths[p] = true
	}
	var mu sync.Mutex
	var first error
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, ok := strings.CutPrefix(r.URL.Path, base)
		if strings.HasSuffix(p, "/") || p == "" {
			p += "index.html"
		}
		if !ok || !paths[p] {
			http.NotFound(w, r)
			return
		}
		b, err := gen.Render(nil, p)
		if err != nil {
			mu.Lock()
			if first == nil {
				first = err
			}
			mu.Unlock()
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", contentType(p))
		w.Write(b)
	})
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	failed := func() error {
		mu.Lock()
		defer mu.Unlock()
		return first
	}
	return &server{origin: "http://" + ln.Addr().String(), base: base, close: func() { srv.Close() }, failed: failed}, nil
}

// contentType returns the media type of an output file by its name.
func contentType(p string) string {
	switch filepath.Ext(p) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".xml":
		return "application/xml"
	case ".png":
		return "image/png"
	case ".jpg", ".jpeg":
		return "image/jpeg"
	case ".webp":
		return "image/webp"
	case ".json":
		return "application/json"
	}
	return "application/octet-stream"
}

// fixLinks is run in the page before printing. Links to the site's other
// pages (actors, sources...) would lead, in the PDF, to the loopback
// server that is gone by then: they lead to the published site when it
// has a base URL (marked data-site, so that the print stylesheet does not
// print their URL), and are made plain text otherwise. Links within the
// page and to other sites stay.
const fixLinks = `(function(origin, base, published) {
	for (const a of document.querySelectorAll('a[href]')) {
		const href = a.href;
		if (!href.startsWith(origin)) continue;
		const u = new URL(href);
		if (u.pathname === location.pathname && u.hash) continue;
		if (published && u.pathname.startsWith(base)) {
			a.href = published + u.pathname.slice(base.length) + u.search + u.hash;
			a.setAttribute('data-site', '');
		} else {
			a.removeAttribute('href');
		}
	}
	return true;
})`

// printBook loads /book/ from srv in headless Chromium (exe) and returns the
// page printed to PDF. published is the site's base URL, or "".
func printBook(ctx context.Context, exe string, srv *server, published string) ([]byte, error) {
	profile, err := os.MkdirTemp("", "briefbook-chromium-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(profile)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(profile),
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
	)
	if os.Geteuid() == 0 {
		// Chromium refuses to run as root with its sandbox.
		opts = append(opts, chromedp.NoSandbox)
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	var errs bytes.Buffer
	bctx, cancel := chromedp.NewContext(alloc, chromedp.WithErrorf(func(f string, a ...any) { fmt.Fprintf(&errs, f+"\n", a...) }))
	defer cancel()
	if published != "" {
		published = strings.TrimSuffix(published, "/") + "/"
	}
	var pdf []byte
	var ok bool
	err = chromedp.Run(bctx,
		chromedp.Navigate(srv.origin+srv.base+"book/"),
		chromedp.WaitReady("body", chromedp.ByQuery),
		chromedp.Evaluate(`document.fonts.ready.then(() => true)`, &ok, awaitPromise),
		chromedp.Evaluate(fixLinks+"("+jsString(srv.origin)+","+jsString(srv.base)+","+jsString(published)+")", &ok),
		chromedp.ActionFunc(func(ctx context.Context) error {
			first, err := printPage(ctx)
			if err != nil {
				return err
			}
			pdf = first
			if numbered, err := numberPages(ctx, first); err == nil && numbered {
				if pdf, err = printPage(ctx); err != nil {
					return err
				}
			} // else the contents stay without page numbers
			var titles []string
			if err := chromedp.Evaluate(headingTexts, &titles).Do(ctx); err != nil {
				return err
			}
			pdf, err = fixBookmarks(pdf, titles)
			return err
		}),
	)
	if err != nil {
		if errs.Len() > 0 {
			err = fmt.Errorf("%w (%s)", err, strings.TrimSpace(errs.String()))
		}
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return nil, fmt.Errorf("printing with %s: no answer in time: %w", exe, err)
		}
		return nil, fmt.Errorf("printing with %s: %w", exe, err)
	}
	return pdf, nil
}

// printPage prints the loaded page to PDF: the page size and margins of
// its CSS, backgrounds, tagged, with bookmarks made from its headings.
func printPage(ctx context.Context) ([]byte, error) {
	pdf, _, err := page.PrintToPDF().
		WithPrintBackground(true).
		WithPreferCSSPageSize(true).
		WithGenerateDocumentOutline(true).
		WithGenerateTaggedPDF(true).
		Do(ctx)
	return pdf, err
}

// awaitPromise makes Evaluate wait for the promise the script returns.
func awaitPromise(p *runtime.EvaluateParams) *runtime.EvaluateParams {
	return p.WithAwaitPromise(true)
}

// jsString returns s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
