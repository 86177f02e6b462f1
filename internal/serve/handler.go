package serve

import (
	"bytes"
	"errors"
	"fmt"
	"hash/fnv"
	"html"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/site"
)

// livePrefix is where the live-reload script and events are served, at
// the root whatever the base path.
const livePrefix = "/__briefbook/"

// ServeHTTP answers one request: 403 unless the Host header names this
// server, 405 for a method other than GET and HEAD, the live-reload script
// and events under /__briefbook/, and otherwise the output file the path
// names under the base path, or a 404 page that says what happened.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	if !s.hosts.host(r.Host) {
		http.Error(w, "403 forbidden: this preview answers only to requests naming its own address", http.StatusForbidden)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if strings.HasPrefix(r.URL.Path, livePrefix) {
		s.serveLive(w, r)
		return
	}
	s.waitFresh(r.Context())
	s.servePage(w, r, s.st.Load())
	s.firstServed()
}

// servePage serves the output file the request names in st's generation.
func (s *Server) servePage(w http.ResponseWriter, r *http.Request, st *state) {
	p := r.URL.Path
	if st.gen == nil {
		var msg strings.Builder
		msg.WriteString("The book could not be opened:\n")
		for _, p := range st.problems {
			msg.WriteString(p.Text + "\n")
		}
		s.errorPage(w, r, msg.String(), "none")
		return
	}
	if p+"/" == st.base {
		http.Redirect(w, r, st.base, http.StatusFound)
		return
	}
	out, ok := outputPath(st.base, p)
	if ok && has(st.gen, out) {
		data, from, err := renderOut(st, out)
		if err != nil {
			msg := s.renderFailure(st.gen, err)
			if next := s.showFailure(st, err, p); next != st {
				s.hub.update(st, next, "", "", nil, nil)
			}
			if from == nil {
				s.errorPage(w, r, msg, hashError(err))
				return
			}
		}
		s.write(w, r, http.StatusOK, out, data, hashBytes(data), from.N)
		return
	}
	if ok && !strings.HasSuffix(p, "/") && has(st.gen, out+"/index.html") {
		http.Redirect(w, r, (&url.URL{Path: p + "/"}).EscapedPath(), http.StatusFound)
		return
	}
	s.notFound(w, r, st, p)
}

// renderFailure returns the text of the error page for a page that could
// not be rendered. A template that fails on the page's data is shown as
// build shows it (path:line:col, the line and a caret), and printed in
// the terminal once per generation.
func (s *Server) renderFailure(g *site.Generation, err error) string {
	d, ok := g.TemplateDiagnostic(err)
	if !ok {
		return err.Error()
	}
	s.failing.Store(g.N, true)
	var b strings.Builder
	diag.Print(&b, []diag.Diagnostic{d})
	key := strconv.Itoa(g.N) + ": " + d.String()
	if _, seen := s.renderErrs.LoadOrStore(key, true); !seen {
		fmt.Fprint(s.opts.Stderr, b.String())
	}
	return b.String()
}

// has reports whether out is an output path of g.
func has(g *site.Generation, out string) bool {
	_, ok := slices.BinarySearch(g.Paths(), out)
	return ok
}

// write sends an output file's bytes, with the live-reload script before
// </body> in an HTML page. hash identifies the page's content for the
// script's reload checks.
func (s *Server) write(w http.ResponseWriter, r *http.Request, status int, out string, data []byte, hash string, gen int) {
	ct := mime.TypeByExtension(path.Ext(out))
	if ct == "" {
		ct = "application/octet-stream"
	}
	if strings.HasPrefix(ct, "text/html") {
		data = inject(data, liveTag(gen, hash))
		ct = "text/html; charset=utf-8"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(data)
	}
}

// liveTag returns the script element that loads live.js, with the
// generation and content hash of the page it is in.
func liveTag(gen int, hash string) string {
	return fmt.Sprintf(`<script src="%slive.js" data-gen="%d" data-hash="%s"></script>`, livePrefix, gen, html.EscapeString(hash))
}

// inject returns page with tag inserted before its last </body>, or at its
// end when it has none.
func inject(page []byte, tag string) []byte {
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		i = bytes.LastIndex(bytes.ToLower(page), []byte("</body>"))
	}
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}

// notFound serves the book's 404 page, saying that no page is at path in
// the preview, most likely because its file was renamed or deleted, or
// where the book is served when path lies outside it. Its script reloads
// the page if one appears there.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request, st *state, p string) {
	data, err := st.gen.Render(nil, "404.html")
	if err != nil {
		data = []byte("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Not found</title></head><body><h1>Not found</h1></body></html>")
	}
	var b strings.Builder
	b.WriteString(`<div id="__briefbook-missing" role="alert" style="position:fixed;z-index:2147483647;left:0;right:0;top:0;padding:.75em 1em;background:#fff4e5;color:#3d2800;border-bottom:2px solid #e08a00;font:15px/1.4 system-ui,sans-serif">`)
	fmt.Fprintf(&b, `<strong>briefbook serve:</strong> there is no page at <code>%s</code> in this preview.`, html.EscapeString(p))
	if strings.HasPrefix(p, st.base) {
		b.WriteString(` Its file may have been renamed or deleted.`)
	} else {
		fmt.Fprintf(&b, ` The book is served under <a href="%s">%s</a>, the path of its base URL.`, html.EscapeString(st.base), html.EscapeString(st.base))
	}
	fmt.Fprintf(&b, ` <a href="%s">Home</a></div>`, html.EscapeString(st.base))
	s.write(w, r, http.StatusNotFound, "404.html", inject(data, b.String()), "missing", st.gen.N)
}

// errorPage serves a page with status 500 saying msg, with the live-reload
// script so that the page reloads once the problem is fixed.
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, msg, hash string) {
	page := "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>briefbook serve: error</title></head>" +
		"<body><h1>This page cannot be shown</h1><pre style=\"white-space:pre-wrap\">" + html.EscapeString(msg) + "</pre></body></html>"
	gen := 0
	if st := s.st.Load(); st.gen != nil {
		gen = st.gen.N
	}
	s.write(w, r, http.StatusInternalServerError, "error.html", []byte(page), hash, gen)
}

// assetQuery matches the cache-busting query the theme's asset function
// adds to a stylesheet's URL. A page whose bytes differ only there has not
// changed for the reader: the stylesheet is swapped without a reload.
var assetQuery = regexp.MustCompile(`\.css\?v=[0-9a-f]{10}`)

// hashBytes returns the content hash of a page's bytes, with stylesheet
// versions left out.
func hashBytes(data []byte) string {
	h := fnv.New64a()
	h.Write(assetQuery.ReplaceAll(data, []byte(".css")))
	return strconv.FormatUint(h.Sum64(), 36)
}

// hashError returns the content hash of the error page for err.
func hashError(err error) string {
	h := fnv.New64a()
	h.Write([]byte(err.Error()))
	return "error-" + strconv.FormatUint(h.Sum64(), 36)
}

// pageHash returns the content hash of the output file out in st as
// ServeHTTP would give it, and false when st has no such file.
func pageHash(st *state, out string) (string, bool) {
	if st.gen == nil || !has(st.gen, out) {
		return "", false
	}
	data, from, err := renderOut(st, out)
	if errors.Is(err, fs.ErrNotExist) {
		return "", false
	}
	if from == nil {
		return hashError(err), true
	}
	return hashBytes(data), true
}
