package resolve

import (
	"slices"
	"sort"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/briefbook/briefbook/internal/model"
)

// addBriefs keeps the briefs that are published (drafts only when drafts is
// set, one brief per slug), sorts them newest first into the book and gives
// each its URL. orig holds the parse result each of briefs is a copy of,
// by which the memo knows a brief again (see brief.go).
func (r *resolver) addBriefs(briefs, orig []*model.Brief, drafts bool) {
	all := make([]int, 0, len(briefs))
	for i, b := range briefs {
		if b != nil && b.Slug != "" { // the parse stage reports briefs it cannot name
			all = append(all, i)
		}
	}
	byPath := func(i, j int) bool { return briefs[all[i]].Path < briefs[all[j]].Path }
	if !sort.SliceIsSorted(all, byPath) { // the site gives them sorted
		sort.SliceStable(all, byPath)
	}

	kept := r.book.BriefBySlug
	var dropped []*model.Brief
	for _, i := range all {
		b := briefs[i]
		if b.Draft && !drafts {
			r.draftPath[b.Path] = true
			dropped = append(dropped, b)
			continue
		}
		if first := kept[b.Slug]; first != nil {
			r.lost[b.Path] = duplicateLoss{"/briefs/" + b.Slug + "/", first.Path}
			r.duplicate(b.Path, keyLine(b, "slug"), "/briefs/"+b.Slug+"/", first.Path,
				"each brief needs its own slug: rename one of the files or set slug: in its frontmatter")
			continue
		}
		kept[b.Slug] = b
		r.byPath = append(r.byPath, b)
		r.origByPath = append(r.origByPath, orig[i])
		r.inputOf = append(r.inputOf, int32(i))
	}
	for _, b := range dropped {
		if kept[b.Slug] == nil {
			r.draftSlug[b.Slug] = true
		}
	}

	r.prepare() // gives each its URL
	r.book.Briefs = r.newestFirst()
	pages := make([]page, len(r.book.Briefs))
	for i, b := range r.book.Briefs {
		r.briefIndex[b] = int32(i)
		pages[i] = page{url: b.URL, doc: &b.Doc, brief: b}
		r.pages[b.Path] = &pages[i]
	}
}

// newestFirst returns the published briefs sorted newest first. The
// briefs whose parse result the previous resolve had keep their order
// among themselves (same dates and slugs), so only the others are sorted,
// then merged in.
func (r *resolver) newestFirst() []*model.Brief {
	var kept, fresh []*model.Brief
	if r.prev != nil {
		slots := make([]*model.Brief, r.prev.n)
		for i, b := range r.byPath {
			if m := r.prevBriefs[i]; m.res != nil {
				slots[m.rank] = b
			} else {
				fresh = append(fresh, b)
			}
		}
		kept = slices.DeleteFunc(slots, func(b *model.Brief) bool { return b == nil })
	} else {
		fresh = append(fresh, r.byPath...)
	}
	slices.SortFunc(fresh, compareBriefs)
	if len(kept) == 0 {
		return fresh
	}
	out := make([]*model.Brief, 0, len(kept)+len(fresh))
	for len(kept) > 0 && len(fresh) > 0 {
		if compareBriefs(fresh[0], kept[0]) < 0 {
			out, fresh = append(out, fresh[0]), fresh[1:]
		} else {
			out, kept = append(out, kept[0]), kept[1:]
		}
	}
	out = append(out, kept...)
	return append(out, fresh...)
}

// compareBriefs orders briefs as Book.Briefs does.
func compareBriefs(a, b *model.Brief) int {
	if newer(a, b) {
		return -1
	}
	if newer(b, a) {
		return 1
	}
	return strings.Compare(a.Path, b.Path) // same slug and date: only with duplicates, already dropped
}

// newer reports whether a comes before b in Book.Briefs: newer date first,
// then smaller slug.
func newer(a, b *model.Brief) bool {
	if !a.Date.Equal(b.Date) {
		return a.Date.After(b.Date)
	}
	return a.Slug < b.Slug
}

// duplicate reports that the file at path would be published at url, which
// the file first already produces.
func (r *resolver) duplicate(path string, line int, url, first, note string) {
	col := 0
	if line > 0 {
		col = 1
	}
	if path != first && norm.NFC.String(path) == norm.NFC.String(first) {
		// The two names look the same: say how they differ.
		first += " (the same name with its accented letters encoded another way: this file's name is in Unicode " +
			form(path) + " form, that one's in " + form(first) + ")"
		note = "rename or remove one of the two files"
	}
	r.errorNote(path, line, col, 0, "duplicate URL "+url+": also produced by "+first, note)
}

// form names the Unicode normalization form of s: NFC (accented letters
// composed, as most systems write names), NFD (decomposed, as macOS's
// HFS+ stored them), or a mix of both.
func form(s string) string {
	switch {
	case norm.NFC.IsNormalString(s):
		return "NFC (composed)"
	case norm.NFD.IsNormalString(s):
		return "NFD (decomposed)"
	}
	return "a mix of NFC and NFD"
}

// duplicateLoss records why a file makes no page: the URL it would have,
// which an earlier file by path already produces.
type duplicateLoss struct {
	url, first string
}

// keyLine returns the line of the first of the frontmatter keys that b
// has, or 0.
func keyLine(b *model.Brief, keys ...string) int {
	for _, k := range keys {
		if n := b.Line[k]; n > 0 {
			return n
		}
	}
	return 0
}

// linkBriefs records that from links to to, for LinksTo and LinkedFrom.
func (r *resolver) linkBriefs(from, to *model.Brief) {
	if from == nil || to == nil || from == to || to == r.self {
		return
	}
	for _, t := range from.LinksTo {
		if t == to {
			return
		}
	}
	from.LinksTo = append(from.LinksTo, to)
}

// backlinks fills in LinkedFrom from every brief's LinksTo, newest first.
// Walking the briefs newest first appends each backlink in that order;
// the lists are counted first and share one array.
func (r *resolver) backlinks() {
	briefs := r.book.Briefs
	count := make([]int32, len(briefs)+1)
	for _, from := range briefs {
		for _, to := range from.LinksTo {
			count[r.briefIndex[to]+1]++
		}
	}
	for i := range briefs {
		count[i+1] += count[i]
	}
	all := make([]*model.Brief, count[len(briefs)])
	for i, b := range briefs {
		if count[i+1] > count[i] {
			b.LinkedFrom = all[count[i]:count[i]:count[i+1]]
		}
	}
	for _, from := range briefs {
		for _, to := range from.LinksTo {
			to.LinkedFrom = append(to.LinkedFrom, from)
		}
	}
}
