package resolve

import (
	"net/url"
	"path"
	"regexp"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/briefbook/briefbook/internal/model"
	"github.com/briefbook/briefbook/internal/slug"
)

// relLink resolves a link or image to a path relative to the document (a
// page, made from a .md file, or a published file) or to a fragment of
// the document's own page.
func (r *resolver) relLink(doc *model.Doc, from *model.Brief, ref *model.Ref, l *model.Link) {
	target, fragment := ref.Target, ref.Fragment
	if i := strings.IndexByte(target, '#'); i >= 0 {
		if fragment == "" {
			fragment = target[i+1:]
		}
		target = target[:i]
	}
	target, query, hasQuery := strings.Cut(target, "?")
	if target == "" && !hasQuery {
		r.ownFragment(doc, ref, fragment, l)
		return
	}
	if u, err := url.PathUnescape(target); err == nil {
		target = u
	}
	var p string
	if strings.HasPrefix(target, "/") {
		p = path.Clean(strings.TrimLeft(target, "/")) // from the site folder
	} else {
		p = path.Join(path.Dir(doc.Path), target)
	}
	if p == ".." || strings.HasPrefix(p, "../") {
		r.refError(doc, ref, "broken link: %s is outside the site folder", ref.Target)
		return
	}
	suffix := ""
	if hasQuery {
		suffix = "?" + query
	}
	if fragment != "" {
		suffix += "#" + fragment
	}
	if href, ok := r.file(p); ok {
		l.Href, l.Text, l.OK = href+suffix, path.Base(p), true
		return
	}
	pg := r.page(p)
	r.deps.byPath(p, pg)
	if pg == nil {
		r.deps.needAll()
		r.missing(doc, ref, p)
		return
	}
	l.Href, l.Text = pg.url+suffix, pg.title()
	r.linkBriefs(from, pg.brief)
	if fragment != "" && !hasHeading(pg.doc, fragment) {
		r.refUnknown(doc, ref, fragment, headingIDs(pg.doc), "%s has no heading %q", p, fragment)
		return
	}
	l.OK = true
}

// missing reports a relative link to p, which is neither a page nor a
// published file, saying why when it can.
func (r *resolver) missing(doc *model.Doc, ref *model.Ref, p string) {
	key := norm.NFC.String(p)
	if r.unparsed[p] || r.unparsed[key] {
		return // the file has errors of its own
	}
	if r.draftPath[p] || r.draftPath[key] {
		r.errorNote(doc.Path, ref.Line, ref.Col, ref.Len, "broken link: "+p+" is a draft", draftNote)
		return
	}
	if loss, ok := r.lost[p]; ok {
		r.refError(doc, ref, "broken link: %s is not published: its URL %s is produced by %s", p, loss.url, loss.first)
		return
	}
	r.refError(doc, ref, "broken link: %s does not exist", p)
}

// page returns the page made from the file at p, matching file names as
// slugs are matched: a name typed in composed form (NFC) finds a file
// whose name is stored decomposed (NFD, as macOS writes it), and the
// other way round.
func (r *resolver) page(p string) *page {
	if pg := r.pages[p]; pg != nil {
		return pg
	}
	if r.pagesNFC == nil {
		r.pagesNFC = make(map[string]*page, len(r.pages))
		for k, pg := range r.pages {
			r.pagesNFC[norm.NFC.String(k)] = pg
		}
	}
	return r.pagesNFC[norm.NFC.String(p)]
}

// file returns the site URL of the published file at p (see Input.Files),
// matching file names as [resolver.page] does.
func (r *resolver) file(p string) (string, bool) {
	if u, ok := r.in.Files[p]; ok {
		return u, true
	}
	if len(r.in.Files) == 0 {
		return "", false
	}
	if r.filesNFC == nil {
		r.filesNFC = make(map[string]string, len(r.in.Files))
		for k, u := range r.in.Files {
			r.filesNFC[norm.NFC.String(k)] = u
		}
	}
	u, ok := r.filesNFC[norm.NFC.String(p)]
	return u, ok
}

// pageIDs matches the ids a page has besides its headings' ids: goldmark's
// footnotes ("fn:1", "fnref:1", "fnref2:1"), citations and references
// ("cite:0", "ref:1"), and the theme's own ids, which all start "bb:".
var pageIDs = regexp.MustCompile(`^(?:fn:[0-9]+|fnref[0-9]*:[0-9]+|cite:[0-9]+|ref:[0-9]+|bb:.+)$`)

// ownFragment resolves [text](#id), a link to an id of the document's own
// page: a heading's id, or one of pageIDs.
func (r *resolver) ownFragment(doc *model.Doc, ref *model.Ref, fragment string, l *model.Link) {
	pg := r.pages[doc.Path]
	if pg == nil {
		return // a page that is not published: nothing links to it
	}
	l.Href, l.Text = pg.url+"#"+fragment, pg.title()
	if !hasHeading(doc, fragment) && !pageIDs.MatchString(fragment) {
		r.refUnknown(doc, ref, fragment, headingIDs(doc), "this page has no id %q", fragment)
		return
	}
	l.OK = true
}

// rootLink resolves a path from the site's root, which stays as it is
// written (the render stage puts it under the base URL's path). Whether a
// file or page is there is known only once every output path is: the site
// checks it (see [RootLinks]).
func rootLink(ref *model.Ref, l *model.Link) {
	l.Href, l.OK = ref.Target, true
	if ref.Fragment != "" {
		l.Href += "#" + ref.Fragment
	}
}

// RootLink is a link from a document to a path from the site's root.
type RootLink struct {
	Doc  *model.Doc
	Ref  *model.Ref
	Path string // the path, percent-decoded, without query and fragment: "/img/logo.svg"
}

// RootLinks returns every link of the book's documents to a path from the
// site's root, in the order of the documents (home page, Book.Briefs,
// Book.Actors, Book.Domains, Book.Pages) and of their Refs, for the caller to check
// that a file or page is there.
func RootLinks(b *model.Book) []RootLink {
	var out []RootLink
	add := func(doc *model.Doc) { out = appendRootLinks(out, doc) }
	if b.Home != nil {
		add(&b.Home.Doc)
	}
	for _, x := range b.Briefs {
		add(&x.Doc)
	}
	for _, a := range b.Actors {
		add(&a.Doc)
	}
	for _, dm := range b.Domains {
		add(&dm.Doc)
	}
	for _, pg := range b.Pages {
		add(&pg.Doc)
	}
	return out
}

// DocRootLinks returns the links of doc to a path from the site's root,
// in the order of its Refs, as [RootLinks] gives them.
func DocRootLinks(doc *model.Doc) []RootLink { return appendRootLinks(nil, doc) }

// appendRootLinks appends the links of doc to a path from the site's root
// to out.
func appendRootLinks(out []RootLink, doc *model.Doc) []RootLink {
	for i := range doc.Refs {
		ref := &doc.Refs[i]
		if ref.Kind != model.RefRootLink {
			continue
		}
		p, _, _ := strings.Cut(ref.Target, "?")
		if u, err := url.PathUnescape(p); err == nil {
			p = u
		}
		out = append(out, RootLink{Doc: doc, Ref: ref, Path: p})
	}
	return out
}

// unparsedSet returns the set of paths, and of "slug:" and the slug of each
// one's file name, that links to briefs and pages that could not be
// parsed are looked up in.
func unparsedSet(paths []string) map[string]bool {
	m := make(map[string]bool, 2*len(paths))
	for _, p := range paths {
		m[p], m[norm.NFC.String(p)] = true, true
		m["slug:"+slug.Make(strings.TrimSuffix(path.Base(p), ".md"))] = true
	}
	return m
}
