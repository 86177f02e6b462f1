package resolve

import (
	"fmt"
	"sort"
	"strings"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
	"github.com/briefbook/briefbook/internal/slug"
)

// addDomainProfiles makes a domain of every profile, one per slug.
func (r *resolver) addDomainProfiles(domains []*model.Domain) {
	all := make([]*model.Domain, 0, len(domains))
	for _, dm := range domains {
		if dm != nil && dm.Slug != "" {
			all = append(all, dm)
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Path < all[j].Path })
	for _, dm := range all {
		if first := r.book.DomainBySlug[dm.Slug]; first != nil {
			r.lost[dm.Path] = duplicateLoss{"/domains/" + dm.Slug + "/", first.Path}
			r.duplicate(dm.Path, 0, "/domains/"+dm.Slug+"/", first.Path,
				"each domain profile needs its own file name")
			continue
		}
		dm.Profile = true
		dm.URL = "/domains/" + dm.Slug + "/"
		r.book.DomainBySlug[dm.Slug] = dm
		r.domainProfiles = append(r.domainProfiles, dm)
		r.pages[dm.Path] = &page{url: dm.URL, doc: &dm.Doc, domain: dm}
	}
}

// briefDomains fills in b.DomainList from its domain values, making an
// implicit domain for each value that has no profile. A value whose slug
// is that of a domain with a different name (see [slug.SameName]) is
// reported at its item, and left out.
// The slug and loose form of each value come from pre (see brief.go).
func (r *resolver) briefDomains(b *model.Brief, pre *briefPre) {
	line := pre.domainLine
	for i, value := range b.Domains {
		at := model.Pos{Line: line, Col: min(line, 1)}
		if i < len(b.DomainPos) {
			at = b.DomainPos[i]
		}
		s := pre.domainSlugs[i]
		if s == "" {
			r.errorf(b.Path, at.Line, at.Col, at.Len, "domain %q has no letters or digits", value)
			continue
		}
		if slug.Problem(s) != "" {
			continue // reported by the parse stage
		}
		dm := r.book.DomainBySlug[s]
		if dm == nil {
			dm = &model.Domain{Slug: s, Title: strings.TrimSpace(value), URL: "/domains/" + s + "/"}
			r.book.DomainBySlug[s] = dm
			r.firstUse[dm.URL] = fmt.Sprintf("%s:%d:%d", b.Path, at.Line, at.Col)
			r.implicitDomains = append(r.implicitDomains, implicitDomain{dm, b.Path, at})
		}
		if dm.Title == "" {
			dm.Title = strings.TrimSpace(value)
		}
		if l := pre.domainLoose[i]; l != r.loose(dm.Title) && l != r.loose(dm.Slug) { // slug.SameName
			r.domainClash(dm, value, b.Path, at)
			continue
		}
		if !containsDomain(b.DomainList, dm) {
			b.DomainList = append(b.DomainList, dm)
		}
	}
}

// implicitDomain is a domain without a profile, and where it was first
// named.
type implicitDomain struct {
	dm   *model.Domain
	path string
	at   model.Pos
}

// domainClash reports that value, at path:at, has the slug of the domain
// dm, whose name is another.
func (r *resolver) domainClash(dm *model.Domain, value, path string, at model.Pos) {
	if dm.Profile {
		r.errorf(path, at.Line, at.Col, at.Len, "domain %q has the URL %s of the profile %s, titled %q: "+
			"different names cannot share a page; rename it, or write it a profile of its own, with another file name",
			value, dm.URL, dm.Path, dm.Title)
		return
	}
	r.errorf(path, at.Line, at.Col, at.Len, "domain %q has the same URL %s as domain %q (%s): "+
		"different names cannot share a page; rename one", value, dm.URL, dm.Title, r.firstUse[dm.URL])
}

// warnImplicitDomains warns about every domain that briefs name but that
// has no profile, when other domains have one: most likely a typo
// ("cyberr" for "cyber"), which would make a domain of its own. The
// warning is at the domain's first use, with a "did you mean" when a
// profile's slug is close.
func (r *resolver) warnImplicitDomains() {
	if len(r.domainProfiles) == 0 {
		return
	}
	slugs := make([]string, len(r.domainProfiles))
	for i, dm := range r.domainProfiles {
		slugs[i] = dm.Slug
	}
	sort.Strings(slugs)
	for _, x := range r.implicitDomains {
		r.suggestf(diag.Warning, x.path, x.at.Line, x.at.Col, x.at.Len, x.dm.Slug, slugs,
			"domain %q has no profile (content/domains/%s.md), while other domains have one", x.dm.Title, x.dm.Slug)
	}
}

// loose returns slug.Loose(s), computed once per resolve: the domain
// values of every brief are compared with the few domains' titles and
// slugs.
func (r *resolver) loose(s string) string {
	l, ok := r.looseOf[s]
	if !ok {
		l = slug.Loose(s)
		if r.looseOf == nil {
			r.looseOf = map[string]string{}
		}
		r.looseOf[s] = l
	}
	return l
}

func containsDomain(list []*model.Domain, dm *model.Domain) bool {
	for _, x := range list {
		if x == dm {
			return true
		}
	}
	return false
}

// sortDomains lists every domain in the book: profiles that set an order
// first, by order, then the others; each group by title, then slug.
func (r *resolver) sortDomains() {
	domains := make([]*model.Domain, 0, len(r.book.DomainBySlug))
	for _, s := range sortedKeys(r.book.DomainBySlug) {
		dm := r.book.DomainBySlug[s]
		if dm.Title == "" {
			dm.Title = dm.Slug
		}
		domains = append(domains, dm)
	}
	sort.SliceStable(domains, func(i, j int) bool { return domainLess(domains[i], domains[j]) })
	r.book.Domains = domains
}

func domainLess(a, b *model.Domain) bool {
	oa, ob := hasOrder(a), hasOrder(b)
	if oa != ob {
		return oa
	}
	if oa && a.Order != b.Order {
		return a.Order < b.Order
	}
	ka, kb := slug.Key(a.Title), slug.Key(b.Title)
	if ka != kb {
		return ka < kb
	}
	return a.Slug < b.Slug
}

// hasOrder reports whether dm is a profile that sets order. An order of 0
// counts as set only when the frontmatter has the key.
func hasOrder(dm *model.Domain) bool {
	if !dm.Profile {
		return false
	}
	if dm.Order != 0 {
		return true
	}
	_, ok := dm.Params["order"]
	return ok
}
