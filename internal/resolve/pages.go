package resolve

import (
	"sort"

	"github.com/briefbook/briefbook/internal/model"
	"github.com/briefbook/briefbook/internal/slug"
)

// reservedSlugs are the first segments of the URLs the built-in pages and
// assets take at the site's root: a page of its own cannot have one as
// its slug.
var reservedSlugs = map[string]bool{
	"briefs": true, "actors": true, "domains": true, "sources": true, "search": true,
	"book": true, "contents": true, "css": true, "js": true,
}

// addPages publishes the pages of their own (content/about.md → /about/)
// and sorts them by order, then title. A page whose slug is one the
// built-in pages use, or that another page already has, is reported and
// left out.
func (r *resolver) addPages(pages []*model.Page) {
	bySlug := map[string]*model.Page{}
	for _, pg := range pages {
		if pg == nil || pg.Slug == "" {
			continue // reported by the parse stage
		}
		if p := slug.Problem(pg.Slug); p != "" {
			r.errorf(pg.Path, 0, 0, 0, "file name %q: %s", pg.Slug, p)
			continue
		}
		if reservedSlugs[pg.Slug] {
			r.errorf(pg.Path, 0, 0, 0, "a page cannot have the URL /%s/, which briefbook's own pages use: rename the file", pg.Slug)
			continue
		}
		if other := bySlug[pg.Slug]; other != nil {
			r.errorf(pg.Path, 0, 0, 0, "page has the URL /%s/ of %s: rename one of the files", pg.Slug, other.Path)
			continue
		}
		bySlug[pg.Slug] = pg
		pg.URL = "/" + pg.Slug + "/"
		r.pages[pg.Path] = &page{url: pg.URL, doc: &pg.Doc, own: pg}
		r.book.Pages = append(r.book.Pages, pg)
	}
	sort.SliceStable(r.book.Pages, func(i, j int) bool {
		a, b := r.book.Pages[i], r.book.Pages[j]
		if a.Order != b.Order {
			return a.Order < b.Order
		}
		if a.Title != b.Title {
			return a.Title < b.Title
		}
		return a.Slug < b.Slug
	})
}

// startBriefs fills in h.StartBriefs from the slugs of its frontmatter's
// start list, checked as wikilinks are: a slug that names no published
// brief is an error at its item, with a "did you mean"; a brief listed
// again (by the same or another of its names) is a warning there, and
// shown once.
func (r *resolver) startBriefs(h *model.Home) {
	h.StartBriefs = nil
	first := map[*model.Brief]string{}
	for i, s := range h.Start {
		at := model.Pos{Line: keyLineOf(h.StartPos), Col: 1}
		if i < len(h.StartPos) {
			at = h.StartPos[i]
		}
		b := r.findBrief(s)
		switch {
		case b != nil:
			if was, dup := first[b]; dup {
				r.warnf(h.Path, at.Line, at.Col, at.Len, "start lists brief %q again (as %q before); it is shown once", s, was)
				continue
			}
			first[b] = s
			h.StartBriefs = append(h.StartBriefs, b)
		case r.unparsed["slug:"+slug.Make(s)]:
			// the brief's file has errors of its own
		case r.draftSlug[s] || r.draftSlug[slug.Make(s)]:
			r.errorNote(h.Path, at.Line, at.Col, at.Len, "start lists draft brief \""+s+"\"", draftNote)
		default:
			r.unknownf(h.Path, at.Line, at.Col, at.Len, slug.Make(s), r.briefSlugs(), "unknown brief %q in start", s)
		}
	}
}

// keyLineOf returns the line of the first position, or 0.
func keyLineOf(pos []model.Pos) int {
	if len(pos) > 0 {
		return pos[0].Line
	}
	return 0
}
