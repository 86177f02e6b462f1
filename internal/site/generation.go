package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"io/fs"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"

	briefbook "github.com/briefbook/briefbook"
	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/load"
	"github.com/briefbook/briefbook/internal/minify"
	"github.com/briefbook/briefbook/internal/model"
	"github.com/briefbook/briefbook/internal/par"
	"github.com/briefbook/briefbook/internal/render"
	"github.com/briefbook/briefbook/internal/resolve"
	"github.com/briefbook/briefbook/internal/search"
)

// Generation is one version of a book: resolved, with its diagnostics and
// its output files. It never changes once made, and its methods are safe
// for concurrent use.
type Generation struct {
	// N counts the generations of a Site: 1 for the one Open returns.
	N int
	// Book is the resolved book. Callers must not change it.
	Book *model.Book

	diags    []diag.Diagnostic // sorted
	errors   int
	renderer *render.Renderer
	pages    []render.Page         // the renderer's, sorted by Path
	spages   []render.Page         // the search index's, sorted by Path
	npages   int                   // the number of the renderer's pages
	index    map[string]int        // output path → page number (see page), or -1 for a static file
	static   fs.FS                 // the theme's static folder
	siteFS   fs.FS                 // the site folder, for bundle files
	bundles  map[string]bundleFile // output path → bundle file
	paths    []string              // every output path, sorted
	hashMu   sync.Mutex            // guards hashes
	hashes   map[string]hash       // output path → hash of its bytes, once rendered by Changed
	// id numbers the generation in the process, prevID that of the
	// generation it was made from (0: none); deps is what its pages
	// read, once Changed has compared it (see depIndex).
	id, prevID uint64
	deps       *depIndex
	// bundleKey identifies the bundle files of the generation, and
	// bundleDiags are what publishing them reported (see listAll).
	bundleKey    uint64
	bundleDiags  []diag.Diagnostic
	search       *search.Index // the search index, which the next generation's builds from
	siteConf     model.Site    // the configuration the renderer was made for
	memo         *resolve.Memo // what the next resolve reuses; nil for Options.Once
	sharedPaths  bool          // index and paths are the previous generation's
	derivedPaths bool          // index and paths were derived from the previous generation's (see derivePaths)
	// rootDiags are the problems of links from the site's root, and
	// basePath the base URL's path they were checked with.
	rootDiags []diag.Diagnostic
	basePath  string
}

// Diagnostics returns every problem found in the book, sorted by path and
// position. Callers must not change the slice.
func (g *Generation) Diagnostics() []diag.Diagnostic { return g.diags }

// Errors returns the number of diagnostics that are errors. A generation
// with errors still renders, showing broken links as such; a build does not
// write it.
func (g *Generation) Errors() int { return g.errors }

// Pages returns the number of generated pages: every output file but the
// theme's static files and the search index's files.
func (g *Generation) Pages() int { return g.npages }

// Paths returns every output path of the generation (pages and static
// files), slash-separated and relative to the output folder, sorted.
// Callers must not change the slice.
func (g *Generation) Paths() []string { return g.paths }

// Render appends the final bytes of the output file at path to dst and
// returns the extended slice: a page rendered and minified by its media
// type, with the partials rendered once spliced in, or a static file,
// minified if its type calls for it. The error names the file; a path that
// is not an output path of the generation is an error wrapping
// fs.ErrNotExist.
func (g *Generation) Render(dst []byte, path string) ([]byte, error) {
	i, ok := g.index[path]
	if !ok {
		return dst, &fs.PathError{Op: "render", Path: path, Err: fs.ErrNotExist}
	}
	raw := getBuf()
	defer putBuf(raw)
	var err error
	switch {
	case i >= 0:
		err = g.page(i).Write(raw)
	case i == bundleIndex:
		err = g.readBundle(raw, path)
		if err == nil { // published as it is
			return append(dst, raw.Bytes()...), nil
		}
	default:
		err = readStatic(raw, g.static, path)
	}
	if err != nil {
		return dst, fmt.Errorf("writing %s: %w", path, err)
	}
	data := raw.Bytes()
	if mt := minify.MediaType(path); mt != "" {
		out := getBuf()
		defer putBuf(out)
		if err := minify.To(out, mt, data); err != nil {
			return dst, fmt.Errorf("minifying %s: %w", path, err)
		}
		data = out.Bytes()
	}
	if i >= 0 && g.page(i).Expand != nil {
		full := bytes.NewBuffer(dst)
		g.page(i).Expand(full, data)
		return full.Bytes(), nil
	}
	return append(dst, data...), nil
}

// page returns page number i of g: the renderer's pages come first, then
// the search index's.
func (g *Generation) page(i int) *render.Page {
	if i < len(g.pages) {
		return &g.pages[i]
	}
	return &g.spages[i-len(g.pages)]
}

// numPages returns the number of g's pages, the renderer's and the search
// index's.
func (g *Generation) numPages() int { return len(g.pages) + len(g.spages) }

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

// bufPool holds the buffers pages are rendered and minified into.
var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxPooled is the capacity above which a buffer is dropped rather than
// pooled, so that one huge page does not pin its memory.
const maxPooled = 4 << 20

func getBuf() *bytes.Buffer { b := bufPool.Get().(*bytes.Buffer); b.Reset(); return b }

func putBuf(b *bytes.Buffer) {
	if b.Cap() <= maxPooled {
		bufPool.Put(b)
	}
}

// newGeneration resolves the book of states and lists its output files,
// reusing the previous generation's renderer unless freshTheme is set or
// the configuration changed.
func (s *Site) newGeneration(states []*fileState, scanDiags []diag.Diagnostic, freshTheme bool) (*Generation, error) {
	// Past resolve, only the files and the bundle files' states are used,
	// not states: in a one-shot build (Options.Once) nothing else keeps
	// the parse results, which can then be freed before the pages are
	// listed (at 100,000 briefs, about 100 MB that resolve copied).
	files := make([]load.File, len(states))
	var bundles []*fileState
	for i, st := range states {
		files[i] = st.file
		if st.file.Kind == load.Bundle {
			bundles = append(bundles, st)
		}
	}
	src := sourceReader(s.root, files)
	in := collect(states)
	if s.opts.BaseURL != "" {
		in.Site.BaseURL = s.opts.BaseURL
	}
	in.Drafts = s.opts.Drafts
	in.Src = src
	in.Files = publishedFiles(states)
	var d diag.List
	for _, dg := range scanDiags {
		d.Add(dg)
	}
	for _, st := range states {
		for _, dg := range st.diags {
			d.Add(dg)
		}
	}
	var prev *resolve.Memo
	if s.last != nil {
		prev = s.last.memo
	}
	book, memo := resolve.ResolveFrom(prev, in, &d)
	g := &Generation{N: 1, Book: book, siteConf: book.Site, siteFS: s.fsys.FS(), id: genIDs.Add(1)}
	if !s.opts.Once {
		g.memo = memo // a build (Once) lets it go at once, with the parse results it holds
	}
	if s.last != nil {
		g.N, g.prevID = s.last.N+1, s.last.id
	}
	theme := render.Overlay(briefbook.Theme, newListedFS(s.fsys, files, load.Template, load.Static))
	if s.last != nil && !freshTheme && reflect.DeepEqual(s.last.siteConf, book.Site) {
		g.renderer = s.last.renderer
	} else {
		r, err := render.New(theme, book.Site)
		if err != nil {
			return nil, withBook(err, &d)
		}
		r.MinifyFragments(minify.HTML)
		g.renderer = r
	}
	static, err := fs.Sub(theme, "static")
	if err != nil {
		return nil, err
	}
	g.static = static
	pages := g.renderer.Pages(book)
	g.npages = len(pages)
	var prevIndex *search.Index
	if s.last != nil && !s.opts.Once {
		prevIndex = s.last.search
	}
	g.search = search.NewFrom(prevIndex, book)
	g.pages, g.spages = pages, searchPages(g.search)
	if err := g.listAll(s.last, bundles, &d); err != nil {
		return nil, err
	}
	g.checkRootLinks(s.last, src, render.BasePath(book.Site.BaseURL), &d)
	g.diags = d.Sorted()
	for _, dg := range g.diags {
		if dg.Severity == diag.Error {
			g.errors++
		}
	}
	return g, nil
}

// listAll fills in g's output paths: its pages', its static files' and its
// bundle files'. When prev, the previous generation, has the same renderer
// (so the same static files), pages at the same paths and the same bundle
// files, its paths are g's: the lists are never changed once made.
func (g *Generation) listAll(prev *Generation, states []*fileState, d *diag.List) error {
	g.bundleKey = bundleKey(states)
	if prev != nil && prev.renderer == g.renderer && prev.bundleKey == g.bundleKey && samePaths(prev.pages, g.pages) && samePaths(prev.spages, g.spages) {
		g.index, g.paths, g.bundles, g.bundleDiags = prev.index, prev.paths, prev.bundles, prev.bundleDiags
		g.sharedPaths = true
		for _, dg := range g.bundleDiags {
			d.Add(dg)
		}
		return nil
	}
	if prev != nil && prev.renderer == g.renderer && prev.bundleKey == g.bundleKey && g.derivePaths(prev) {
		return nil
	}
	if err := g.listPaths(); err != nil {
		return err
	}
	var bd diag.List
	g.addBundles(states, &bd)
	g.bundleDiags = bd.Sorted()
	for _, dg := range g.bundleDiags {
		d.Add(dg)
	}
	slices.Sort(g.paths)
	return nil
}

// samePaths reports whether a and b hold pages at the same paths, in the
// same order.
func samePaths(a, b []render.Page) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Path != b[i].Path {
			return false
		}
	}
	return true
}

// bundleKey returns a hash of the bundle files of states: their paths,
// sizes and content hashes.
func bundleKey(states []*fileState) uint64 {
	var h maphash.Hash
	h.SetSeed(hashSeed)
	for _, st := range states {
		if st.file.Kind == load.Bundle && st.read {
			h.WriteString(st.file.Path)
			h.WriteByte(0)
			maphash.WriteComparable(&h, st.hash)
			maphash.WriteComparable(&h, st.file.Size)
		}
	}
	return h.Sum64()
}

// searchPages returns the files of the search index idx, each written
// by the index, which indexes the book when the first one is written
// (from the previous generation's index when it can, see
// search.NewFrom). Each file's fingerprint is its identity in the index
// (search.Index.Identity): equal identities, equal bytes.
func searchPages(idx *search.Index) []render.Page {
	paths := idx.Paths()
	out := make([]render.Page, len(paths))
	for i, p := range paths {
		out[i] = render.Page{
			Path:  p,
			Write: func(w io.Writer) error { return idx.Write(w, p) },
			Fingerprint: func() (render.Fingerprint, error) {
				id, err := idx.Identity(p)
				return render.Fingerprint{Sum: id, N: 1}, err
			},
		}
	}
	return out
}

// listPaths fills in g's output paths from its pages and static files,
// checking that no two share one and that each is safe to write.
func (g *Generation) listPaths() error {
	g.index = make(map[string]int, g.numPages())
	what := func(p string, i int) string {
		if i < 0 {
			return "static file static/" + p
		}
		return "a generated page"
	}
	add := func(p string, i int) error {
		if err := checkPath(p); err != nil {
			return err
		}
		if j, dup := g.index[p]; dup {
			return fmt.Errorf("two output files have the same path %s (%s and %s)", p, what(p, j), what(p, i))
		}
		g.index[p] = i
		g.paths = append(g.paths, p)
		return nil
	}
	for i := range g.numPages() {
		if err := add(g.page(i).Path, i); err != nil {
			return err
		}
	}
	err := fs.WalkDir(g.static, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() && !placeholder(d.Name()) {
			return add(p, -1)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("reading static files: %w", err)
	}
	sort.Strings(g.paths)
	return nil
}

// placeholder reports whether name is a file that only keeps an empty folder
// in version control, and is not copied.
func placeholder(name string) bool {
	return name == ".keep" || name == ".gitkeep"
}

// checkPath reports an error unless p is a clean, relative, slash-separated
// path inside the output folder.
func checkPath(p string) error {
	if !fs.ValidPath(p) || p == "." || strings.Contains(p, "\\") {
		return fmt.Errorf("invalid output path %q: it must be a clean relative path inside the output folder", p)
	}
	return nil
}

// RenderAll renders every output file of the generation, on every core,
// and keeps none of them: it finds what only rendering finds, a template
// that fails on some page's data. Each such failure is returned as an
// error diagnostic at its template position (once per position); any
// other failure is returned as the error, naming the file.
func (g *Generation) RenderAll() ([]diag.Diagnostic, error) {
	return g.RenderAllContext(context.Background())
}

// RenderAllContext is RenderAll, stopping early, with what it found so
// far and ctx's error, once ctx is done.
func (g *Generation) RenderAllContext(ctx context.Context) ([]diag.Diagnostic, error) {
	var mu sync.Mutex
	var ds []diag.Diagnostic
	var first error
	par.Do(len(g.paths), 64, func(_, i int) {
		if ctx.Err() != nil {
			return
		}
		_, err := g.Render(nil, g.paths[i])
		if err == nil {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if d, ok := g.TemplateDiagnostic(err); ok {
			ds = append(ds, d)
		} else if first == nil {
			first = err
		}
	})
	if first == nil {
		first = ctx.Err()
	}
	var l diag.List
	for _, d := range render.MergePageDiagnostics(ds) { // one per template error, naming its pages
		l.Add(d)
	}
	return l.Sorted(), first
}

// TemplateDiagnostic returns, for an error of Render, the diagnostic of
// the template that failed on the page's data, at its position, and true;
// false when the error is not a template's (see render.ExecDiagnostic).
func (g *Generation) TemplateDiagnostic(err error) (diag.Diagnostic, bool) {
	return g.renderer.ExecDiagnostic(err)
}

// withBook returns err, a renderer that cannot be made, with the book's
// own diagnostics d added when err is made of diagnostics (a template
// that does not parse), so that the author sees every problem at once,
// not the book's only after the template is mended.
func withBook(err error, d *diag.List) error {
	le := (*diag.ListError)(nil)
	if !errors.As(err, &le) {
		return err
	}
	var all diag.List
	for _, dg := range le.Diagnostics {
		all.Add(dg)
	}
	for _, dg := range d.Sorted() {
		all.Add(dg)
	}
	return &diag.ListError{Diagnostics: all.Sorted()}
}
