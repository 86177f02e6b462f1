package render

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/briefbook/briefbook/internal/model"
)

// Overviews are small charts drawn at build time as inline SVG by the
// theme's "overviews" partials: the domains page's matrix of domains by the
// most named actors, each actor's timeline of briefs by year, and each
// domain's most named actors. This file computes what they show and where
// (in SVG user units); the templates hold all the markup. Each chart is
// bounded whatever the size of the book: at most matrixActors rows plus
// "Others", one column per domain, one bar per year, topActors bars.

// Geometry of the charts, in SVG user units (pixels at 100% zoom).
const (
	cellSize    = 34  // side of a matrix cell
	labelWidth  = 170 // room for row labels (actor names)
	labelChars  = 24  // row and column labels are cut to this many characters
	headerRoom  = 150 // room above the matrix for its rotated column labels
	headerSpill = 120 // room right of the matrix for the last rotated label
	barRow      = 26  // height of a row of a horizontal bar chart
	barLength   = 320 // length of the longest horizontal bar
	yearWidth   = 40  // width of a year's column in a timeline
	columnRoom  = 110 // height of the tallest timeline column
	numberSpace = 44  // room after a bar for its count
)

const (
	matrixActors = 10 // actor rows of the matrix, before "Others"
	topActors    = 8  // bars of a domain's most named actors
	shades       = 5  // levels of shading of a matrix cell
)

// Matrix is the domains page's domain-by-actor matrix: a row per actor among
// the most named, one for all others, a column per domain.
type Matrix struct {
	Columns []MatrixColumn
	Rows    []MatrixRow
	Max     int // the largest count of a cell
	Width   int // of the drawing
	Height  int
}

// MatrixColumn is one domain's column: X is the centre of its cells.
type MatrixColumn struct {
	Domain *model.Domain
	X      int
	Short  string // the domain's title cut to fit
}

// MatrixRow is one actor's row of a Matrix, or the "Others" row (Actor
// nil): the briefs of each domain naming an actor not among the rows.
type MatrixRow struct {
	Actor *model.Actor
	Short string       // the actor's name cut to fit; "" for Others
	Cells []MatrixCell // one per column
	Y     int          // top of the row's cells
	TextY int          // baseline of the row's label and counts
}

// MatrixCell counts the briefs of one domain naming one actor.
type MatrixCell struct {
	X     int // left of the cell
	Count int
	Shade int    // 0 for an empty cell, else 1..shades by Count relative to Matrix.Max
	URL   string // the list of the briefs counted; "" for an empty cell
}

// Bar is one bar of a bar chart: a label, a count, its length as a
// percentage of the longest bar, and the list of the briefs it counts.
type Bar struct {
	Label   string
	Count   int
	Percent int // 1..100
	URL     string

	// Where the bar is drawn: its box, and the baseline of its texts.
	X, Y, W, H int
	TextX      int // the centre of a column, or the end of a bar
	TextY      int

	Short string // Label cut to fit beside the bars; Label is its title
	Sub   string // a second line under a column's label (the year of a month), or ""
	SubY  int    // its baseline
}

// Chart is a bar chart ready to draw: its bars and its size.
type Chart struct {
	Bars          []Bar
	Width, Height int
	Vertical      bool   // columns (a timeline) rather than rows
	Monthly       bool   // a timeline's columns are months, not years
	ID            string // the id of the chart's caption, for aria-labelledby
}

// horizontal lays bars out as rows, labels on the left.
func horizontal(bs []Bar) *Chart {
	if len(bs) == 0 {
		return nil
	}
	for i := range bs {
		b := &bs[i]
		b.X, b.Y = labelWidth, i*barRow+4
		b.W, b.H = max(2, b.Percent*barLength/100), barRow-8
		b.TextX, b.TextY = b.X+b.W+6, i*barRow+barRow/2+5
		b.Short = shorten(b.Label, labelChars)
	}
	return &Chart{Bars: bs, Width: labelWidth + barLength + numberSpace, Height: len(bs) * barRow, ID: "bb:top-actors-caption"}
}

// vertical lays bars out as columns, labels below, counts above.
func vertical(bs []Bar) *Chart {
	if len(bs) == 0 {
		return nil
	}
	top := 20 // room for the counts above the tallest column
	for i := range bs {
		b := &bs[i]
		b.H = b.Percent * columnRoom / 100
		if b.Count > 0 {
			b.H = max(2, b.H)
		}
		b.X, b.W = i*yearWidth+6, yearWidth-12
		b.Y = top + columnRoom - b.H
		b.TextX, b.TextY = i*yearWidth+yearWidth/2, top+columnRoom+16
		b.SubY = b.TextY + 15
		b.Short = b.Label
	}
	return &Chart{Bars: bs, Width: len(bs) * yearWidth, Height: top + columnRoom + 36, Vertical: true, ID: "bb:timeline-caption"}
}

// facetURL returns the URL of the list of briefs of domain d naming actor a.
func facetURL(d *model.Domain, a *model.Actor) string {
	return orURL(d.URL, "domains", d.Slug) + "actors/" + a.Slug + "/"
}

// mostNamed returns up to n actors named in the most of briefs, by count,
// then in the book's order (by name), with their counts.
func mostNamed(briefs []*model.Brief, n int) ([]*model.Actor, map[*model.Actor]int) {
	count := map[*model.Actor]int{}
	var order []*model.Actor
	for _, b := range briefs {
		for _, a := range b.ActorList {
			if count[a] == 0 {
				order = append(order, a)
			}
			count[a]++
		}
	}
	slices.SortStableFunc(order, func(x, y *model.Actor) int {
		if c := cmp.Compare(count[y], count[x]); c != 0 {
			return c
		}
		return cmp.Compare(x.Name, y.Name)
	})
	return order[:min(n, len(order))], count
}

// matrix returns the home page's matrix of book b, or nil when the book has
// no domain or no actor.
func matrix(b *model.Book) *Matrix {
	top, _ := mostNamed(b.Briefs, matrixActors)
	if len(b.Domains) == 0 || len(top) == 0 {
		return nil
	}
	m := &Matrix{}
	for j, d := range b.Domains {
		m.Columns = append(m.Columns, MatrixColumn{Domain: d, X: labelWidth + j*cellSize + cellSize/2, Short: shorten(d.Title, labelChars)})
	}
	// One pass over each domain's briefs counts, for every top actor and
	// for the others, the briefs naming it at least once (a brief naming
	// an actor twice counts once).
	row := make(map[*model.Actor]int, len(top)) // top actor → row
	for i, a := range top {
		row[a] = i
		m.Rows = append(m.Rows, MatrixRow{Actor: a, Short: shorten(a.Name, labelChars), Cells: make([]MatrixCell, len(b.Domains))})
	}
	others := MatrixRow{Cells: make([]MatrixCell, len(b.Domains))}
	counted := make([]int, len(top)) // the brief + 1 each row last counted, within a domain
	for j, d := range b.Domains {
		clear(counted)
		for k, br := range d.Briefs {
			other := false
			for _, a := range br.ActorList {
				i, ok := row[a]
				if !ok {
					other = true
				} else if counted[i] != k+1 {
					counted[i] = k + 1
					m.Rows[i].Cells[j].Count++
				}
			}
			if other {
				others.Cells[j].Count++
			}
		}
	}
	for i, a := range top {
		for j, d := range b.Domains {
			if m.Rows[i].Cells[j].Count > 0 {
				m.Rows[i].Cells[j].URL = facetURL(d, a)
			}
		}
	}
	some := false
	for j, d := range b.Domains {
		if others.Cells[j].Count > 0 {
			others.Cells[j].URL, some = orURL(d.URL, "domains", d.Slug), true
		}
	}
	if some {
		m.Rows = append(m.Rows, others)
	}
	for _, r := range m.Rows {
		for _, c := range r.Cells {
			m.Max = max(m.Max, c.Count)
		}
	}
	for i := range m.Rows {
		r := &m.Rows[i]
		r.Y = headerRoom + i*cellSize
		r.TextY = r.Y + cellSize/2 + 5
		for k := range r.Cells {
			c := &r.Cells[k]
			c.X = labelWidth + k*cellSize
			if c.Count > 0 {
				c.Shade = (c.Count*shades + m.Max - 1) / m.Max
			}
		}
	}
	m.Width = labelWidth + len(m.Columns)*cellSize + headerSpill
	m.Height = headerRoom + len(m.Rows)*cellSize + 4
	return m
}

// bars returns the bars of counts, each as a percentage of the largest.
func bars(labels []string, counts []int, urls []string) []Bar {
	most := 0
	for _, c := range counts {
		most = max(most, c)
	}
	out := make([]Bar, len(labels))
	for i := range labels {
		out[i] = Bar{Label: labels[i], Count: counts[i], URL: urls[i]}
		if most > 0 {
			out[i].Percent = max(1, counts[i]*100/most)
		}
	}
	return out
}

// timeline returns an actor's briefs over time, oldest first: by month
// when they span at most two years, by year otherwise, every month or year
// from the first to the last included, each column linking to the page of
// the actor's list where its briefs start.
func timeline(a *model.Actor) *Chart {
	if len(a.Briefs) == 0 {
		return nil
	}
	base := orURL(a.URL, "actors", a.Slug)
	first, last := a.Briefs[len(a.Briefs)-1].Date, a.Briefs[0].Date
	monthly := monthIndex(last)-monthIndex(first) < 24
	bucket := func(t time.Time) int {
		if monthly {
			return monthIndex(t)
		}
		return t.Year()
	}
	count, start := map[int]int{}, map[int]int{}
	for i, b := range a.Briefs { // newest first: the last seen is the oldest
		k := bucket(b.Date)
		count[k]++
		if _, ok := start[k]; !ok {
			start[k] = i
		}
	}
	var labels, subs, urls []string
	var counts []int
	for k := bucket(first); k <= bucket(last); k++ {
		label, sub := strconv.Itoa(k), ""
		if monthly {
			m := time.Month(k%12 + 1)
			label = m.String()[:3]
			if m == time.January || k == bucket(first) {
				sub = strconv.Itoa(k / 12)
			}
		}
		labels, subs = append(labels, label), append(subs, sub)
		counts = append(counts, count[k])
		urls = append(urls, pageURL(base, start[k]/PageSize+1))
	}
	c := vertical(bars(labels, counts, urls))
	for i := range c.Bars {
		c.Bars[i].Sub = subs[i]
	}
	c.Monthly = monthly
	return c
}

// monthIndex numbers months: year*12 + month-1.
func monthIndex(t time.Time) int { return t.Year()*12 + int(t.Month()) - 1 }

// shorten returns s cut to at most n characters, with an ellipsis when cut.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// domainActors returns the actors most named in domain d's briefs.
func domainActors(d *model.Domain) *Chart {
	top, count := mostNamed(d.Briefs, topActors)
	var labels, urls []string
	var counts []int
	for _, a := range top {
		labels = append(labels, a.Name)
		counts = append(counts, count[a])
		urls = append(urls, facetURL(d, a))
	}
	return horizontal(bars(labels, counts, urls))
}

// facets returns each domain-and-actor list that an overview links to,
// by URL: the cells of the domains page's matrix and every domain's most
// named actors, with the number of its briefs. Its briefs are picked out
// of the domain's only when one of its pages is written.
func facets(b *model.Book) []facet {
	nm := countNaming(b)
	seen := map[string]bool{}
	var out []facet
	for i, d := range b.Domains {
		add := func(a *model.Actor, n int) {
			u := facetURL(d, a)
			if seen[u] {
				return
			}
			seen[u] = true
			if n > 0 {
				out = append(out, facet{domain: d, actor: a, url: u, n: n})
			}
		}
		for t, a := range nm.top {
			add(a, nm.topIn[i][t])
		}
		for _, x := range nm.domTop[i] {
			add(x.actor, x.n)
		}
	}
	return out
}

// facet is the list of the briefs of one domain naming one actor.
type facet struct {
	domain *model.Domain
	actor  *model.Actor
	url    string
	n      int // briefs in the list
}

// briefs returns the briefs of the facet, newest first.
func (f facet) briefs() []*model.Brief {
	var out []*model.Brief
	for _, br := range f.domain.Briefs {
		if slices.Contains(br.ActorList, f.actor) {
			out = append(out, br)
		}
	}
	return out
}

// naming is what the facets need of how many briefs name each actor: the
// most named actors of the whole book and of each domain, as mostNamed
// gives them, and their counts in each domain.
type naming struct {
	top    []*model.Actor // the book's most named, at most matrixActors
	topIn  [][]int        // by domain, by actor of top: the briefs of the domain naming it
	domTop [][]named      // by domain: its most named actors, at most topActors
}

// named is an actor and the number of briefs naming it.
type named struct {
	actor *model.Actor
	n     int
}

// countNaming returns the naming of book b. It counts from each actor's
// list of briefs, which is cheaper than counting the actors of every
// brief as mostNamed does and gives the same answer for a book made by
// resolve; a book whose lists disagree with its briefs' in number, or
// with two actors of one name (which mostNamed orders by where they are
// first named), is counted as mostNamed does.
func countNaming(b *model.Book) *naming {
	if nm := countFromLists(b); nm != nil {
		return nm
	}
	return countByBriefs(b)
}

// countByBriefs is countNaming by mostNamed.
func countByBriefs(b *model.Book) *naming {
	nm := &naming{topIn: make([][]int, len(b.Domains)), domTop: make([][]named, len(b.Domains))}
	nm.top, _ = mostNamed(b.Briefs, matrixActors)
	for i, d := range b.Domains {
		top, count := mostNamed(d.Briefs, topActors)
		for _, a := range top {
			nm.domTop[i] = append(nm.domTop[i], named{a, count[a]})
		}
		nm.topIn[i] = make([]int, len(nm.top))
		for t, a := range nm.top {
			nm.topIn[i][t] = count[a]
		}
	}
	return nm
}

// countFromLists is countNaming from the actors' and domains' lists of
// briefs, or nil when they cannot be trusted to give mostNamed's answer.
func countFromLists(b *model.Book) *naming {
	names := make(map[string]bool, len(b.Actors))
	var fromActors, fromBriefs, inDomains, fromDomains int
	for _, a := range b.Actors {
		if names[a.Name] {
			return nil
		}
		names[a.Name] = true
		fromActors += len(a.Briefs)
	}
	for _, d := range b.Domains {
		inDomains += len(d.Briefs)
	}
	for _, br := range b.Briefs {
		fromBriefs += len(br.ActorList)
		fromDomains += len(br.DomainList)
	}
	if fromActors != fromBriefs || inDomains != fromDomains {
		return nil
	}
	before := func(x, y named) bool { return x.n > y.n || x.n == y.n && x.actor.Name < y.actor.Name }
	var top []named
	for _, a := range b.Actors {
		if len(a.Briefs) > 0 {
			top = best(top, named{a, len(a.Briefs)}, matrixActors, before)
		}
	}
	nm := &naming{top: make([]*model.Actor, len(top)), topIn: make([][]int, len(b.Domains)), domTop: make([][]named, len(b.Domains))}
	topAt := make(map[*model.Actor]int, len(top))
	for t, x := range top {
		nm.top[t] = x.actor
		topAt[x.actor] = t
	}
	domainAt := make(map[*model.Domain]int, len(b.Domains))
	for i, d := range b.Domains {
		domainAt[d] = i
		nm.topIn[i] = make([]int, len(top))
	}
	count := make([]int, len(b.Domains)) // of the actor being counted, by domain
	var hit []int                        // the domains where count is not 0
	for _, a := range b.Actors {
		for _, br := range a.Briefs {
			for _, d := range br.DomainList {
				if i, ok := domainAt[d]; ok {
					if count[i] == 0 {
						hit = append(hit, i)
					}
					count[i]++
				}
			}
		}
		t, isTop := topAt[a]
		for _, i := range hit {
			nm.domTop[i] = best(nm.domTop[i], named{a, count[i]}, topActors, before)
			if isTop {
				nm.topIn[i][t] = count[i]
			}
			count[i] = 0
		}
		hit = hit[:0]
	}
	return nm
}

// best adds x to list, the at most n best items by before, best first,
// if it is among them.
func best(list []named, x named, n int, before func(x, y named) bool) []named {
	i := len(list)
	for i > 0 && before(x, list[i-1]) {
		i--
	}
	if i >= n {
		return list
	}
	if len(list) < n {
		list = append(list, named{})
	}
	copy(list[i+1:], list[i:])
	list[i] = x
	return list
}
