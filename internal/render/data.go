package render

import (
	"html/template"
	"sort"
	"time"

	"github.com/briefbook/briefbook/internal/model"
)

// Data is dot in every page template. Fields that do not apply to a page
// kind are zero.
type Data struct {
	Site        model.Site
	Book        *model.Book
	SiteTitle   string // Site.Title, or the home page's title when the site has none
	Kind        string // one of [Kinds]
	URL         string // site-relative URL of the page: "/briefs/gsomia/"
	Title       string // page title, for <title> and the h1
	Description string // for <meta name="description">

	// Content is the page's body, markers replaced: the home page's
	// introduction, a domain's or actor's profile, or a page of its own.
	Content template.HTML

	Page *model.Page // page: a page of its own (content/about.md)

	Brief  *BriefData     // brief
	Domain *model.Domain  // domain, and facet: the briefs of a domain naming an actor
	Actor  *model.Actor   // actor, and facet
	Source *model.Source  // source
	Briefs []*model.Brief // home: the newest, not in Start; briefs: the briefs of this page, newest first
	Start  []*model.Brief // home: the briefs to start with (the home page's start list)

	// Overviews drawn at build time: the domains page's Matrix of domains by
	// actors, an actor's Timeline of briefs by year, a domain's TopActors.
	Matrix    *Matrix
	Timeline  *Chart
	TopActors *Chart

	// Pager is the page of a paginated brief list (briefs, domain, actor
	// and source pages): its briefs, its number and its links.
	Pager *Pager

	Domains []DomainData // home and domains: every domain
	Groups  []ActorGroup // actors: every actor, grouped by kind

	// Bibliography is every source in bibliography order (sources).
	Bibliography []*model.Source

	BookPage *BookData // book: the whole book in book order
}

// BriefData is a brief with what its page shows beside the model.
type BriefData struct {
	*model.Brief
	Content     template.HTML // the body, markers replaced
	References  []ReferenceData
	TOC         []model.Heading // the body's headings when there are at least 3
	ReadingTime int             // minutes, at least 1
}

// ReferenceData is an entry of a brief's References.
type ReferenceData struct {
	model.Reference
	Back string // id of the first citation of the reference, "" when only listed
}

// DomainData is a domain with its latest briefs.
type DomainData struct {
	*model.Domain
	Latest []*model.Brief // up to 3, newest first
}

// ActorGroup is the actors of one kind, by name.
type ActorGroup struct {
	Kind   string // "" for actors with no kind
	Actors []*model.Actor
}

// wordsPerMinute is the reading speed behind BriefData.ReadingTime.
const wordsPerMinute = 200

// briefData builds the page data of brief b, without Content when
// content is false.
func (r *Renderer) briefData(b *model.Brief, content bool) (*BriefData, error) {
	d := &BriefData{
		Brief:       b,
		ReadingTime: max(1, (b.Words+wordsPerMinute-1)/wordsPerMinute),
	}
	if content {
		var err error
		if d.Content, err = Body(&b.Doc, r.base); err != nil {
			return nil, err
		}
	}
	back := citeAnchors(&b.Doc)
	for _, ref := range b.References {
		d.References = append(d.References, ReferenceData{Reference: ref, Back: back[ref.N]})
	}
	if len(b.Headings) >= 3 {
		d.TOC = b.Headings
	}
	return d, nil
}

// domainData returns every domain of the book with its latest briefs.
func domainData(b *model.Book) []DomainData {
	out := make([]DomainData, len(b.Domains))
	for i, d := range b.Domains {
		out[i] = DomainData{Domain: d, Latest: take(3, d.Briefs)}
	}
	return out
}

// actorGroups groups the book's actors by kind: kinds in alphabetical
// order, actors without a kind last, each group in the book's order.
func actorGroups(b *model.Book) []ActorGroup {
	idx := map[string]int{}
	var groups []ActorGroup
	for _, a := range b.Actors {
		i, ok := idx[a.Kind]
		if !ok {
			i = len(groups)
			idx[a.Kind] = i
			groups = append(groups, ActorGroup{Kind: a.Kind})
		}
		groups[i].Actors = append(groups[i].Actors, a)
	}
	sort.SliceStable(groups, func(i, j int) bool {
		gi, gj := groups[i].Kind, groups[j].Kind
		if (gi == "") != (gj == "") {
			return gj == ""
		}
		return gi < gj
	})
	return groups
}

// newest returns the latest date any of briefs changed, or noDate.
func newest(briefs []*model.Brief) time.Time {
	t := noDate
	for _, b := range briefs {
		if m := lastmod(b); m.After(t) {
			t = m
		}
	}
	return t
}
