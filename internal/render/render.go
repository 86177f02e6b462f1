// Package render turns a resolved [model.Book] into the pages of a static
// site, using an html/template theme.
//
// # URL layout
//
// Every URL below is relative to the base path: the path of Site.BaseURL
// ("https://example.org/book/" gives "/book/"; an empty BaseURL gives "/").
// Each page is written to the output file named beside it.
//
//	/                        index.html                 home: title, introduction, domains with counts and latest briefs, newest briefs
//	/briefs/                 briefs/index.html          every brief, newest first
//	/briefs/<slug>/          briefs/<slug>/index.html   one brief: body, References, Linked from, Related briefs
//	/domains/                domains/index.html         every domain with its brief count
//	/domains/<slug>/         domains/<slug>/index.html  a domain's profile and briefs
//	/actors/                 actors/index.html          every actor, grouped by kind, with counts
//	/actors/<slug>/          actors/<slug>/index.html   an actor's profile, briefs and co-occurring actors
//	/sources/                sources/index.html         every source with its count
//	/sources/<slug>/         sources/<slug>/index.html  a source's full citation and the briefs citing it
//	/search/                 search/index.html          the search form and results (static/search.js); without JavaScript, links to the indexes
//	/search/…                search/…                   the search index, written by package search (see internal/site)
//	/book/                   book/index.html            the whole book on one page, to read or print: title page, contents, every brief in book order
//	/404.html                404.html                   not found (every link in it is root-relative)
//	/sitemap.xml             sitemap.xml                every HTML page but 404.html and drafts; over 50,000, a sitemap index of
//	/sitemap-<n>.xml         sitemap-<n>.xml            sitemaps of 50,000 pages each
//	/feed.xml                feed.xml                   Atom feed of the 20 newest briefs that are not drafts, each with its full body and authors
//	/robots.txt              robots.txt                 allows everything; names the sitemap when BaseURL is absolute
//	/<path>                  static/<path>              static files of the theme, copied by the write stage
//
// Slugs keep Unicode letters; output file names hold them as they are, and
// links percent-encode them.
//
// # Links
//
// Every internal link goes through one function, the template func rel
// ({{ rel "/briefs/x/" }} gives "/book/briefs/x/"), so the site works under a
// base URL with a path; absolute URLs (canonical links, sitemap, feed) go
// through abs. Markers left by the parse stage in bodies are replaced by
// [Body] with the same base path.
//
// # Themes
//
// A theme is an fs.FS holding templates/ and static/. templates/layout.html
// and every file under templates/partials/ form the shared set; each page
// kind has its own file, templates/<kind>.html for kind in home, briefs,
// brief, domains, domain, actors, actor, sources, source, facet, search, book and 404, executed
// with a [Data] as dot. A site overrides the built-in theme file by file, see
// [Overlay]; a site file that cannot be read is an error, never replaced by
// the built-in one. Templates are parsed once, by [New].
//
// Some partials show the same thing wherever they appear, so they are
// rendered once per book (per call of [Renderer.Pages]) and their HTML
// reused, through template funcs; a theme overrides them like any other
// template, but they must depend on nothing more than their dot:
//
//	{{ chrome "header" . }}  the named template, once per page kind, with a
//	                         Data holding only Site, Book, SiteTitle and Kind
//	                         (the layout's "head", "header" and "footer")
//	{{ once "citation" . }}  a partial of the shared set (layout.html and
//	                         partials/) whose dot is a pointer, once per
//	                         pointer: on a brief's page, "domain-link",
//	                         "actor-tag", "citation", "source-links" and
//	                         "brief-link"
//	{{ item . }}             the same as {{ once "brief-item" . }}
//
// When the caller minifies pages, it can have these partials minified once
// each rather than on every page that shows them: see
// [Renderer.MinifyFragments] and [Page.Expand].
//
// The built-in theme's brief page, its home, index and list pages (every
// kind but search, book, 404 and page) and its "brief-item" and
// "brief-link" partials are also compiled to Go, for speed:
// builtin_gen.go is generated from the templates by go generate (see
// builtin.go) and writes the same bytes; it is used only while the
// theme's templates for them are the ones it was generated from.
//
// # Determinism
//
// The same book gives the same bytes: pages are sorted by Path, lists come in
// the book's order, and dates in the feed and sitemap come from the briefs,
// never from the clock.
package render

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/briefbook/briefbook/internal/model"
)

// Page is one output file of the site.
type Page struct {
	// Path is the output file, slash-separated and relative to the output
	// folder: "briefs/gsomia/index.html".
	Path string
	// Write renders the page to w. It may be called from several
	// goroutines at once for different pages.
	Write func(w io.Writer) error
	// Expand is nil unless the renderer minifies fragments (see
	// [Renderer.MinifyFragments]); Write's output then holds placeholders
	// for the partials rendered once, and must be minified and passed
	// through Expand, which appends it to dst with every placeholder
	// replaced by the partial's minified HTML.
	Expand func(dst *bytes.Buffer, minified []byte)
	// Fingerprint, when not nil, identifies everything the page reads
	// from its book (see [Fingerprint]): two pages at one path, made by
	// the same Renderer, with equal fingerprints have the same bytes. It
	// costs a fraction of Write. Its error means the page must be
	// compared by its bytes: it reads a value that cannot be hashed, or
	// its data cannot be made (Write gives that error too).
	Fingerprint func() (Fingerprint, error)
	// Traced, when not nil, gives Fingerprint's result with the page's
	// dependencies (see [Deps]): a page none of whose dependencies an
	// edit changed (see [Diff]) has the same bytes, without being
	// fingerprinted again. Its fingerprint may be zero (none: compare
	// the bytes) while its dependencies are known.
	Traced func() (Fingerprint, Deps, error)
}

// Renderer renders books with one parsed theme. It is safe for concurrent
// use.
//
// The theme is parsed once, by [New], into template sets that are never
// executed. Each call of [Renderer.Pages] renders its book with a renderer
// of its own (see forBook): the template sets cloned, with template funcs
// bound to that book's cache of partials. So the pages of two books, such
// as two versions of one book, can be written in any order, interleaved,
// and each gets its own book's bytes.
type Renderer struct {
	site     model.Site
	base     string // base path: "/" or "/book/"
	absBase  string // Site.BaseURL ending in "/", or "" when not set or only a path
	theme    fs.FS
	pristine templateSets                 // the parsed theme; cloned for each book, never executed
	assets   *assetHashes                 // content hashes of static files, shared by every book
	minify   func([]byte) ([]byte, error) // minifies partials, or nil; see MinifyFragments

	// genPages maps a page kind to the Go code generated from the
	// built-in theme that writes its page; a kind is missing when the
	// theme's templates for it are not the built-in ones, or when its
	// page is not compiled to Go (see builtin.go).
	genPages map[string]func(r *Renderer, p *pageWriter, dot *Data) error
	// genPartials are the partials of the shared set written by generated
	// Go code because the theme's are the built-in ones (see builtin.go).
	genPartials map[string]generatedPartial

	// reach holds, by page kind, the paths of the page data its
	// templates can read (see reach.go); a kind that is missing cannot
	// be bounded, and reachErr says why.
	reach map[string]*pathNode
	// derived holds the funcs of derivedFuncs (see reach.go), which a
	// fingerprint calls to hash their results.
	derived  map[string]reflect.Value
	reachErr map[string]error

	// order is the order of the briefs of the book listed last, shared
	// by the renderers of every book (see listing.go).
	order *briefOrder

	// Set only on the renderer of one book, made by forBook.
	sets     *bookSets     // the theme's sets, each cloned for this book when first asked for, funcs bound to it
	partials *partialCache // partials rendered once, for this book
}

// templateSets are the parsed templates of a theme.
type templateSets struct {
	shared *template.Template       // layout and partials, for the partials rendered once
	pages  map[string]*pageTemplate // each page kind's set: shared cloned, with its file
}

// bookSets are one book's template sets: the shared set and each page
// kind's, each cloned from the theme's (which are never executed) with its
// funcs bound to the book's renderer when it is first asked for.
type bookSets struct {
	shared func() (*template.Template, error)
	pages  map[string]func() (*pageTemplate, error)
}

// setClones counts the template sets cloned, for the tests to check that
// a book clones only the sets its pages execute.
var setClones atomic.Int64

// newBookSets returns the sets of ts for the book whose template funcs
// funcs gives.
func newBookSets(ts templateSets, funcs func() template.FuncMap) *bookSets {
	bs := &bookSets{pages: make(map[string]func() (*pageTemplate, error), len(ts.pages))}
	bs.shared = sync.OnceValues(func() (*template.Template, error) {
		setClones.Add(1)
		t, err := ts.shared.Clone()
		if err != nil {
			return nil, fmt.Errorf("theme: %w", err)
		}
		return t.Funcs(funcs()), nil
	})
	for k, pt := range ts.pages {
		bs.pages[k] = sync.OnceValues(func() (*pageTemplate, error) {
			setClones.Add(1)
			t, err := pt.tmpl.Clone()
			if err != nil {
				return nil, fmt.Errorf("theme: %w", err)
			}
			return &pageTemplate{name: pt.name, tmpl: t.Funcs(funcs())}, nil
		})
	}
	return bs
}

// page returns the set of page kind kind, cloned for the book.
func (bs *bookSets) page(kind string) (*pageTemplate, error) {
	f, ok := bs.pages[kind]
	if !ok {
		return nil, fmt.Errorf("no templates for page kind %q", kind)
	}
	return f()
}

// forBook returns a renderer for one book: a copy of r with a new cache of
// partials and the theme's template sets, each cloned with its funcs bound
// to the copy when first needed. Cloning them all costs as much as
// listing the pages of a large book, and the brief pages, written by
// generated code (see builtin.go), need at most the brief kind's set, for
// their header and footer (chrome): so a new version of a book is listed
// without any, and the first page executing a template of a set clones
// that set, once.
func (r *Renderer) forBook() *Renderer {
	c := new(Renderer)
	*c = *r
	c.partials = new(partialCache)
	c.sets = newBookSets(r.pristine, c.funcs)
	return c
}

// assetHashes caches the content hashes of static files, see asset.
type assetHashes struct {
	mu sync.Mutex
	m  map[string]string // path → hash, or "" for a missing file
}

// New parses every template of theme once, for the given site. A template
// that does not parse, is missing, or cannot be escaped safely gives an
// error naming the file and line ("templates/brief.html:12: ...").
func New(theme fs.FS, site model.Site) (*Renderer, error) {
	r := &Renderer{
		site:   site,
		base:   BasePath(site.BaseURL),
		theme:  theme,
		assets: &assetHashes{m: map[string]string{}},
		order:  &briefOrder{},
	}
	if isAbsolute(site.BaseURL) {
		r.absBase = strings.TrimSuffix(site.BaseURL, "/") + "/"
	}
	if err := r.parse(); err != nil {
		return nil, err
	}
	return r, nil
}

// MinifyFragments makes the renderer minify every partial it renders once
// per book (see Themes in the package documentation) with minify, as soon as
// it is rendered, and write in its place in pages a placeholder, which
// [Page.Expand] replaces by the minified partial. A page is then minified
// without them, which spares minifying the same HTML on every page. minify
// must give HTML that can be spliced into a minified page: an HTML
// minifier's output for the fragment alone. MinifyFragments must be called
// before Pages, and not while pages are being written.
func (r *Renderer) MinifyFragments(minify func(html []byte) ([]byte, error)) {
	r.minify = minify
}

// BasePath returns the path of baseURL with a leading and a trailing slash:
// "https://example.org/book" gives "/book/", and an empty or path-less URL
// gives "/".
func BasePath(baseURL string) string {
	if baseURL == "" {
		return "/"
	}
	p := baseURL
	if u, err := url.Parse(baseURL); err == nil {
		p = u.Path
	}
	p = strings.Trim(p, "/")
	if p == "" {
		return "/"
	}
	return "/" + p + "/"
}

// isAbsolute reports whether baseURL is an absolute URL, not empty nor
// only a path ("/book/").
func isAbsolute(baseURL string) bool {
	u, err := url.Parse(baseURL)
	return err == nil && u.Scheme != "" && u.Host != ""
}

// rel returns the root-relative URL of site path p ("/briefs/x/") under the
// base path, percent-encoded.
func (r *Renderer) rel(p string) string {
	return escapeURL(r.base + strings.TrimPrefix(p, "/"))
}

// abs returns the absolute URL of site path p when the site has an
// absolute base URL, and the root-relative one otherwise.
func (r *Renderer) abs(p string) string {
	if r.absBase == "" {
		return r.rel(p)
	}
	return escapeURL(r.absBase + strings.TrimPrefix(p, "/"))
}

// iri returns the absolute URL of site path p as [Renderer.abs] does,
// but not percent-encoded, to be shown as text ("/briefs/한일/" stays so).
func (r *Renderer) iri(p string) string {
	if r.absBase == "" {
		return r.base + strings.TrimPrefix(p, "/")
	}
	return r.absBase + strings.TrimPrefix(p, "/")
}

// Pages returns every page of the resolved book b, sorted by Path. Rendering
// happens when a page's Write is called, so Pages itself is cheap.
//
// Which pages a change to the book alters is not declared here: each page's
// Fingerprint hashes what its templates can read (see reach.go), and a
// caller compares the fingerprints of two versions, rendering only the
// pages whose fingerprints differ (see package site).
func (r *Renderer) Pages(b *model.Book) []Page {
	r = r.forBook()
	c := newBookContext(r, b)
	ps := []*page{r.homePage(c), r.contentsPage(c), r.domainIndexPage(c),
		r.actorIndexPage(c), r.sourceIndexPage(c), r.searchPage(c), r.bookPage(c), r.notFoundPage(c)}
	ps = append(ps, r.briefIndexPages(c)...)
	for _, d := range b.Domains {
		ps = append(ps, r.domainPages(c, d)...)
	}
	for _, a := range b.Actors {
		ps = append(ps, r.actorPages(c, a)...)
	}
	for _, s := range b.Sources {
		ps = append(ps, r.sourcePages(c, s)...)
	}
	for _, f := range facets(b) {
		ps = append(ps, r.facetPages(c, f)...)
	}
	for _, pg := range b.Pages {
		ps = append(ps, r.ownPage(c, pg))
	}
	slices.SortFunc(ps, byPath)
	listed := 0 // pages in the sitemap
	for _, p := range ps {
		if p.url != "" {
			listed++
		}
	}
	for _, br := range b.Briefs {
		if !br.Draft { // drafts (built with --drafts) stay out of the sitemap
			listed++
		}
	}
	run, inOrder := r.order.sortedRun(b.Briefs)
	if !inOrder {
		all := merge(ps, slices.SortedStableFunc(slices.Values(c.unsortedBriefPages(run)), byPath))
		all = merge(all, r.extraPages(c, listed, func() []listedPage { return listedOf(all) }))
		out := make([]Page, len(all))
		for i, p := range all {
			out[i] = p.Page
		}
		return out
	}
	// The brief pages and previews, most of the book's, are placed in
	// order among the others (see listing.go).
	var l *layout
	l = newLayout(run, merge(ps, r.extraPages(c, listed, func() []listedPage { return l.listed() })))
	return l.pages(c)
}

// extraPages returns the pages made from the list of all the others,
// sorted by Path: the sitemaps, of n pages, which list what listed gives
// when one is written; the feed; robots.txt.
func (r *Renderer) extraPages(c *bookContext, n int, listed func() []listedPage) []*page {
	extra := append(r.sitemapPages(n, listed), r.feedPage(c), r.robotsPage())
	xmlDeps(extra, feedShown(c.b))
	slices.SortFunc(extra, byPath)
	return extra
}

// execute renders the template of the given page kind with data to w. A
// theme file that a template func could not read is reported as that
// file's error, without the templates that led to it.
func (r *Renderer) execute(w io.Writer, kind string, data *Data) error {
	var err error
	done := false
	if gen := r.genPages[kind]; gen != nil && (kind != "brief" || data.Brief != nil) {
		done, err = writeGenerated(w, func(p *pageWriter) (bool, error) { return true, gen(r, p, data) })
	}
	if !done {
		var t *pageTemplate
		if t, err = r.sets.page(kind); err == nil {
			err = t.tmpl.ExecuteTemplate(w, t.name, data)
		}
	}
	if err == nil {
		return nil
	}
	if re := (*themeReadError)(nil); errors.As(err, &re) {
		err = re.err
	}
	return &PageError{URL: data.URL, Source: sourceOf(data), Err: err}
}
