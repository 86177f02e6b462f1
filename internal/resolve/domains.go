package resolve

import (
	"sort"
	"strings"

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
// implicit domain for each value that has no profile.
func (r *resolver) briefDomains(b *model.Brief) {
	for _, value := range b.Domains {
		s := slug.Make(value)
		if s == "" {
			line := keyLine(b, "domain", "domains")
			r.errorf(b.Path, line, min(line, 1), 0, "domain %q has no letters or digits", value)
			continue
		}
		dm := r.book.DomainBySlug[s]
		if dm == nil {
			dm = &model.Domain{Slug: s, Title: strings.TrimSpace(value), URL: "/domains/" + s + "/"}
			r.book.DomainBySlug[s] = dm
		}
		if dm.Title == "" {
			dm.Title = strings.TrimSpace(value)
		}
		if !containsDomain(b.DomainList, dm) {
			b.DomainList = append(b.DomainList, dm)
		}
	}
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
