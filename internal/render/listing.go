package render

import (
	"io"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/briefbook/briefbook/internal/model"
	"github.com/briefbook/briefbook/internal/par"
)

// Listing the pages of a book must be cheap, because a book in memory is
// listed again at every edit (site.Update) while only a few of its pages
// are then written: a page is listed with its path and the funcs that
// make its data, never with the data itself (see bookContext). The brief
// pages and previews, most of a book's files, are listed in the order of
// their paths, found from the order of the book listed before (see
// briefOrder), and placed among the other pages, which are few, without
// sorting the whole list; nor is anything made for them but their Page.

// briefEntry is what a brief's page and its preview.json are written
// from; a book's entries are made in one array.
type briefEntry struct {
	c  *bookContext
	br *model.Brief
}

func (e *briefEntry) data() (*Data, error) { return e.c.briefPageData(e.br, briefURL(e.br)) }

func (e *briefEntry) write(w io.Writer) error {
	return e.c.write(w, "brief", briefURL(e.br), e.data)
}

func (e *briefEntry) fingerprint() (Fingerprint, error) {
	return e.c.fingerprint(e.c.r.reach["brief"], e.data)
}

func (e *briefEntry) traced() (Fingerprint, Deps, error) {
	return e.c.tracedPage(e.c.r.reach["brief"], e.data)
}

// previewTraced is the preview's fingerprint with what preview reads:
// the brief and the titles of its domains.
func (e *briefEntry) previewTraced() (Fingerprint, Deps, error) {
	fp, err := e.previewFingerprint()
	if err != nil {
		return fp, Deps{Always: true}, err
	}
	var s depSet
	s.add(entityKey(e.br), AllFields)
	for _, d := range e.br.DomainList {
		s.add(entityKey(d), domainNamed)
	}
	return fp, s.result(), nil
}

func (e *briefEntry) writePreview(w io.Writer) error {
	return writePreview(w, e.c.r.preview(e.br, briefURL(e.br)))
}

func (e *briefEntry) previewFingerprint() (Fingerprint, error) {
	return previewFingerprint(e.c.r.preview(e.br, briefURL(e.br)))
}

// pages returns the Pages of the brief's page and of its preview.json,
// at the paths given.
func (e *briefEntry) pages(page, preview string) (Page, Page) {
	p := Page{Path: page, Write: e.write, Expand: e.c.expand}
	if e.c.r.reach["brief"] != nil {
		p.Fingerprint = e.fingerprint
		p.Traced = e.traced
	}
	return p, Page{Path: preview, Write: e.writePreview, Fingerprint: e.previewFingerprint, Traced: e.previewTraced}
}

// briefURL returns the URL of brief br's page.
func briefURL(br *model.Brief) string { return orURL(br.URL, "briefs", br.Slug) }

// briefRun is a book's briefs in the order of the paths of their pages
// and previews: brief i's page is file 2i of the run, its preview 2i+1.
type briefRun struct {
	briefs []*model.Brief
	urls   []string // of each brief's page
	// paths holds both paths of each brief in one string,
	// "briefs/x/index.htmlbriefs/x/preview.json" (see path).
	paths []string
}

// path returns the path of file k of the run.
func (run *briefRun) path(k int) string {
	both := run.paths[k/2]
	cut := (len(both)-len("index.html")-len("preview.json"))/2 + len("index.html")
	if k%2 == 0 {
		return both[:cut]
	}
	return both[cut:]
}

// briefOrder remembers the briefRun of the book a renderer listed last,
// and the index in that book's Briefs (newest first) of each of its
// briefs. The next book's, after an edit that moves no brief (a body, a
// title, a summary...), is the same: checking that costs a fraction of
// sorting, and its paths are kept. After an edit that adds, removes,
// renames or moves (a date edited) a few briefs, the next book's run is
// derived from it (see derivedRun). It is safe for concurrent use; a
// wrong guess is only a missed shortcut.
type briefOrder struct {
	mu   sync.Mutex
	run  briefRun
	perm []int32
}

// sortedRun returns the briefs of a book in the order of their URLs, with
// their paths; ok is false unless each URL is "/briefs/<slug>/", with no
// other slash, and no two are the same. Then no URL is the start of
// another, so that the paths of the pages and previews, URL + "index.html"
// and URL + "preview.json", are in the same order, two by two.
func (o *briefOrder) sortedRun(briefs []*model.Brief) (run briefRun, ok bool) {
	var last briefRun
	var perm []int32
	if o != nil {
		o.mu.Lock()
		last, perm = o.run, o.perm
		o.mu.Unlock()
	}
	if len(perm) == len(briefs) {
		run.briefs = make([]*model.Brief, len(briefs))
		same := true
		for i, k := range perm {
			run.briefs[i] = briefs[k]
			same = same && briefURL(briefs[k]) == last.urls[i]
		}
		if same { // the order checked when last was kept
			run.urls, run.paths = last.urls, last.paths
			return run, true
		}
	}
	if run, perm, ok := derivedRun(last, perm, briefs); ok {
		o.keep(run, perm)
		return run, true
	}
	return o.sortRun(briefs)
}

// sortRun sorts the briefs of a book by URL, as sortedRun says, and
// keeps the run when it is in order of paths.
func (o *briefOrder) sortRun(briefs []*model.Brief) (run briefRun, ok bool) {
	perm := make([]int32, len(briefs))
	for i := range perm {
		perm[i] = int32(i)
	}
	slices.SortFunc(perm, func(x, y int32) int { return strings.Compare(briefURL(briefs[x]), briefURL(briefs[y])) })
	run.briefs = make([]*model.Brief, len(briefs))
	run.urls = make([]string, len(briefs))
	for i, k := range perm {
		run.briefs[i] = briefs[k]
		run.urls[i] = briefURL(briefs[k])
	}
	if !simpleURLs(run.urls) {
		return run, false
	}
	run.paths = make([]string, len(run.urls))
	for i, u := range run.urls {
		run.paths[i] = briefPaths(u)
	}
	o.keep(run, perm)
	return run, true
}

// keep remembers run and perm for the next book.
func (o *briefOrder) keep(run briefRun, perm []int32) {
	if o != nil {
		o.mu.Lock()
		o.run, o.perm = run, perm
		o.mu.Unlock()
	}
}

// briefPaths returns the paths of the page and the preview of the brief
// at URL u, "/briefs/<slug>/", in one string (see briefRun).
func briefPaths(u string) string {
	dir := strings.TrimPrefix(u, "/")
	return dir + "index.html" + dir + "preview.json"
}

// maxMoved is the number of briefs added to and removed from a book's
// order (a brief moved is both) above which derivedRun gives up: the
// book is sorted again. resyncWindow is how far derivedRun looks ahead
// in either book for a brief it can pair again after a difference.
const (
	maxMoved     = 64
	resyncWindow = 32
)

// derivedRun returns the run of a book's briefs, newest first, and its
// perm (run index → index in briefs), derived from last, the run of the
// book listed before, whose perm is lastPerm: the two books' briefs are
// walked side by side in the books' order, the briefs of one URL paired
// (see pairBriefs: a brief added, removed, renamed or moved by its date
// is a difference of one or two), and the briefs paired keep their places in last's order
// and their paths, while the few others are sorted and merged in. Nothing
// is sorted but those, and no path is made but theirs: an edit that adds
// a brief to a book of 10,000 costs a walk, not a sort. ok is false when
// the books differ by more than maxMoved briefs, or the run is not one
// sortedRun accepts; the caller then sorts.
func derivedRun(last briefRun, lastPerm []int32, briefs []*model.Brief) (run briefRun, perm []int32, ok bool) {
	m, n := len(lastPerm), len(briefs)
	if m == 0 || len(last.urls) != m {
		return run, nil, false
	}
	inv := make([]int32, m) // index in the last book → run index
	for i, k := range lastPerm {
		inv[k] = int32(i)
	}
	oldURL := func(k int) string { return last.urls[inv[k]] }
	newURL := func(j int) string { return briefURL(briefs[j]) }
	newOf, added, ok := pairBriefs(m, n, oldURL, newURL)
	if !ok {
		return run, nil, false
	}
	slices.SortFunc(added, func(x, y int32) int { return strings.Compare(newURL(int(x)), newURL(int(y))) })
	run = briefRun{briefs: make([]*model.Brief, 0, n), urls: make([]string, 0, n), paths: make([]string, 0, n)}
	perm = make([]int32, 0, n)
	put := func(j int32, u, paths string) {
		run.briefs, run.urls, run.paths = append(run.briefs, briefs[j]), append(run.urls, u), append(run.paths, paths)
		perm = append(perm, j)
	}
	at := make([]int, 0, len(added)) // where the briefs not paired went
	for i, k := range lastPerm {
		j := newOf[k]
		if j < 0 {
			continue
		}
		for len(added) > 0 && newURL(int(added[0])) < last.urls[i] {
			u := newURL(int(added[0]))
			at = append(at, len(run.urls))
			put(added[0], u, briefPaths(u))
			added = added[1:]
		}
		put(j, last.urls[i], last.paths[i])
	}
	for _, a := range added {
		u := newURL(int(a))
		at = append(at, len(run.urls))
		put(a, u, briefPaths(u))
	}
	// The briefs paired are in last's order, which simpleURLs accepted:
	// the run is if each of the others is, with its neighbours.
	for _, i := range at {
		if !simpleURLs(run.urls[max(i-1, 0):min(i+2, len(run.urls))]) {
			return run, nil, false
		}
	}
	return run, perm, true
}

// pairBriefs walks the briefs of two books side by side, m of the last
// book at oldURL(k) and n of the new one at newURL(j), each in its book's
// order, and pairs the briefs of one URL. It returns, for each brief of
// the last book, the index of its pair in the new one or -1, and the
// indices of the new book's briefs not paired. After a difference it
// looks up to resyncWindow briefs ahead in either book for a pair again:
// briefs added, or removed, or (neither found) one for another. ok is
// false when more than maxMoved briefs are not paired.
func pairBriefs(m, n int, oldURL, newURL func(int) string) (newOf, added []int32, ok bool) {
	newOf = make([]int32, m)
	removed := 0
	j, k := 0, 0
	for j < n || k < m {
		switch {
		case j < n && k < m && newURL(j) == oldURL(k):
			newOf[k] = int32(j)
			j, k = j+1, k+1
			continue
		case k == m:
			added = append(added, int32(j))
			j++
		case j == n:
			newOf[k] = -1
			removed, k = removed+1, k+1
		default:
			a := ahead(n-j, func(d int) bool { return newURL(j+d) == oldURL(k) })
			b := ahead(m-k, func(d int) bool { return newURL(j) == oldURL(k+d) })
			switch {
			case a > 0 && (b == 0 || a <= b): // briefs added before k's
				for ; a > 0; a-- {
					added = append(added, int32(j))
					j++
				}
			case b > 0: // briefs removed before j's
				for ; b > 0; b-- {
					newOf[k] = -1
					removed, k = removed+1, k+1
				}
			default: // one brief for another (a rename)
				added = append(added, int32(j))
				newOf[k] = -1
				j, k, removed = j+1, k+1, removed+1
			}
		}
		if len(added)+removed > maxMoved {
			return nil, nil, false
		}
	}
	return newOf, added, true
}

// ahead returns the least d from 1 to resyncWindow, and below limit, for
// which match(d) holds, or 0.
func ahead(limit int, match func(d int) bool) int {
	for d := 1; d <= resyncWindow && d < limit; d++ {
		if match(d) {
			return d
		}
	}
	return 0
}

// simpleURLs reports whether urls are in increasing order and each is
// "/briefs/<slug>/", with no other slash.
func simpleURLs(urls []string) bool {
	const folder = "/briefs/"
	prev := ""
	for _, u := range urls {
		if u <= prev || !strings.HasPrefix(u, folder) || strings.IndexByte(u[len(folder):], '/') != len(u)-len(folder)-1 {
			return false
		}
		prev = u
	}
	return true
}

// layout places the pages of a book: the brief run, files 0 to 2n-1 of
// it, among the other pages, sorted by Path (ties: others first).
type layout struct {
	run    briefRun
	others []*page
	before []int // before[j]: how many files of the run come before others[j]
}

// newLayout finds where each of others goes among the run's files.
func newLayout(run briefRun, others []*page) *layout {
	l := &layout{run: run, others: others, before: make([]int, len(others))}
	files, k := 2*len(run.briefs), 0
	for j, p := range others {
		// The first file from k on whose path is not before p's, found
		// by galloping: most pages fall between the same two files.
		lo, hi, step := k, k, 1 // the files from k to lo are before p
		for hi < files && run.path(hi) < p.Path {
			lo, hi, step = hi+1, hi+1+step, step*2
		}
		hi = min(hi, files)
		k = lo + sort.Search(hi-lo, func(i int) bool { return run.path(lo+i) >= p.Path })
		l.before[j] = k
	}
	return l
}

// pages returns every page in order.
func (l *layout) pages(c *bookContext) []Page {
	n := len(l.run.briefs)
	out := make([]Page, len(l.others)+2*n)
	for j, p := range l.others {
		out[j+l.before[j]] = p.Page
	}
	entries := make([]briefEntry, n)
	par.Do(n, 512, func(_, i int) {
		e := &entries[i]
		*e = briefEntry{c: c, br: l.run.briefs[i]}
		// File k of the run is at k plus the number of others before it.
		at := func(k int) int { return k + sort.SearchInts(l.before, k+1) }
		pg, preview := e.pages(l.run.path(2*i), l.run.path(2*i+1))
		out[at(2*i)], out[at(2*i+1)] = pg, preview
	})
	return out
}

// listed returns what the sitemap lists: every page with a URL, in order.
func (l *layout) listed() []listedPage {
	var out []listedPage
	j := 0
	for i, br := range l.run.briefs {
		for ; j < len(l.others) && l.before[j] <= 2*i; j++ {
			if p := l.others[j]; p.url != "" {
				out = append(out, listedPage{url: p.url, page: p})
			}
		}
		if !br.Draft { // drafts (built with --drafts) stay out of the sitemap
			out = append(out, listedPage{url: l.run.urls[i], brief: br})
		}
	}
	for _, p := range l.others[j:] {
		if p.url != "" {
			out = append(out, listedPage{url: p.url, page: p})
		}
	}
	return out
}

// listedOf returns the pages of ps that the sitemap lists, in order.
func listedOf(ps []*page) []listedPage {
	var out []listedPage
	for _, p := range ps {
		if p.url != "" {
			out = append(out, listedPage{url: p.url, page: p})
		}
	}
	return out
}

// listedPage is a page the sitemap lists: a brief's, or another.
type listedPage struct {
	url   string
	brief *model.Brief
	page  *page
}

// modified returns the page's last change, noDate when unknown.
func (p listedPage) modified() time.Time {
	if p.brief != nil {
		return lastmod(p.brief)
	}
	return p.page.modified()
}

// byPath orders pages by Path.
func byPath(a, b *page) int { return strings.Compare(a.Path, b.Path) }

// merge returns the pages of a and b, each sorted by Path, in one list
// sorted by Path, a's first where paths are equal.
func merge(a, b []*page) []*page {
	out := make([]*page, 0, len(a)+len(b))
	for len(a) > 0 || len(b) > 0 {
		if len(b) == 0 || len(a) > 0 && a[0].Path <= b[0].Path {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return out
}

// unsortedBriefPages lists the brief pages of run as pages of their own,
// for a book whose run is not in order of paths (see sortedRun).
func (c *bookContext) unsortedBriefPages(run briefRun) []*page {
	entries := make([]briefEntry, len(run.briefs))
	out := make([]*page, 0, 2*len(run.briefs))
	for i, br := range run.briefs {
		e := &entries[i]
		*e = briefEntry{c: c, br: br}
		dir := strings.TrimPrefix(run.urls[i], "/")
		pg, preview := e.pages(outputPath(run.urls[i]), dir+"preview.json")
		p := &page{Page: pg, url: run.urls[i], brief: br}
		if br.Draft {
			p.url = "" // drafts (built with --drafts) stay out of the sitemap
		}
		out = append(out, p, &page{Page: preview})
	}
	return out
}
