package render

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	briefbook "github.com/briefbook/briefbook"
	"github.com/briefbook/briefbook/internal/model"
)

// manyActors returns a book of n briefs over 4 domains and 30 actors, the
// first actors named far more often, dated over the given number of days.
func manyActors(n, days int) *model.Book {
	b := bigBook(n)
	var domains []*model.Domain
	for i := range 4 {
		domains = append(domains, &model.Domain{Slug: fmt.Sprintf("d%d", i), Title: fmt.Sprintf("Domain %d", i), URL: fmt.Sprintf("/domains/d%d/", i)})
	}
	var actors []*model.Actor
	for i := range 30 {
		actors = append(actors, &model.Actor{Slug: fmt.Sprintf("a%02d", i), Name: fmt.Sprintf("Actor %02d", i), URL: fmt.Sprintf("/actors/a%02d/", i)})
	}
	b.Domains, b.Actors = domains, actors
	start := day("2015-01-01")
	for i, br := range b.Briefs {
		br.Date = start.AddDate(0, 0, (n-1-i)*days/n)
		d := domains[i%4]
		br.DomainList = []*model.Domain{d}
		d.Briefs = append(d.Briefs, br)
		br.ActorList = nil
		for _, k := range []int{0, i % 3, i % 30, (i * 7) % 30} {
			a := actors[k]
			if !slices.Contains(br.ActorList, a) {
				br.ActorList = append(br.ActorList, a)
				a.Briefs = append(a.Briefs, br)
			}
		}
	}
	return b
}

func TestMatrix(t *testing.T) {
	b := manyActors(1000, 2000)
	m := matrix(b)
	if len(m.Columns) != 4 || len(m.Rows) != matrixActors+1 || m.Rows[len(m.Rows)-1].Actor != nil {
		t.Fatalf("matrix has %d columns and %d rows, want 4 and %d with Others last", len(m.Columns), len(m.Rows), matrixActors+1)
	}
	if m.Rows[0].Actor.Slug != "a00" {
		t.Errorf("first row is %s, want the most named actor a00", m.Rows[0].Actor.Slug)
	}
	top := map[*model.Actor]bool{}
	for _, r := range m.Rows[:matrixActors] {
		top[r.Actor] = true
	}
	for _, r := range m.Rows {
		for j, c := range r.Cells {
			want := 0
			for _, br := range m.Columns[j].Domain.Briefs {
				if r.Actor != nil && slices.Contains(br.ActorList, r.Actor) ||
					r.Actor == nil && slices.ContainsFunc(br.ActorList, func(a *model.Actor) bool { return !top[a] }) {
					want++
				}
			}
			if c.Count != want {
				t.Errorf("cell %v × %s = %d, want %d", r.Actor, m.Columns[j].Domain.Slug, c.Count, want)
			}
			if (c.Count == 0) != (c.Shade == 0) || c.Shade > shades || c.Count == m.Max && c.Shade != shades ||
				c.Count > 0 && c.Count*shades <= m.Max && c.Shade != 1 || c.Count*shades > m.Max*(shades-1) && c.Shade != shades {
				t.Errorf("cell with %d of max %d has shade %d", c.Count, m.Max, c.Shade)
			}
		}
	}
}

func TestTimeline(t *testing.T) {
	for _, c := range []struct {
		days    int
		monthly bool
		columns int
	}{
		{300, true, 10},  // 2015-01 to 2015-10
		{2000, false, 6}, // 2015 to 2020
		{700, true, 23},  // 2015-01 to 2016-11
		{760, false, 3},  // 2015-01 to 2017-01: more than 24 months
	} {
		b := manyActors(500, c.days)
		a := b.Actors[0]
		tl := timeline(a)
		sum := 0
		for _, bar := range tl.Bars {
			sum += bar.Count
		}
		if tl.Monthly != c.monthly || len(tl.Bars) != c.columns || sum != len(a.Briefs) {
			t.Errorf("%d days: monthly %v, %d columns, %d briefs; want %v, %d, %d",
				c.days, tl.Monthly, len(tl.Bars), sum, c.monthly, c.columns, len(a.Briefs))
		}
		if c.monthly && (tl.Bars[0].Label != "Jan" || tl.Bars[0].Sub != "2015") {
			t.Errorf("%d days: first column %q/%q, want Jan/2015", c.days, tl.Bars[0].Label, tl.Bars[0].Sub)
		}
	}
}

// TestOverviewLinks renders a large book and checks that every link of
// the overviews leads to a page that exists and lists the briefs counted.
func TestOverviewLinks(t *testing.T) {
	b := manyActors(600, 2000)
	r, err := New(briefbook.Theme, b.Site)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, p := range r.Pages(b) {
		var buf bytes.Buffer
		if err := p.Write(&buf); err != nil {
			t.Fatal(err)
		}
		out[p.Path] = buf.Bytes()
	}
	domains := string(out["domains/index.html"])
	if strings.Count(domains, `class="row-label"`) != matrixActors+1 {
		t.Errorf("domains page's matrix has %d row labels, want %d", strings.Count(domains, `class="row-label"`), matrixActors+1)
	}
	for _, p := range []string{"index.html", "domains/index.html", "actors/a00/index.html", "domains/d1/index.html"} {
		for _, m := range hrefRE.FindAllStringSubmatch(string(out[p]), -1) {
			checkLink(t, p, m[1], out, nil)
		}
	}
	facet := string(out["domains/d1/actors/a00/index.html"])
	if want := fmt.Sprintf("%d briefs on Domain 1 naming Actor 00", len(b.Domains[1].Briefs)); !strings.Contains(facet, want) {
		t.Errorf("facet page lacks %q", want)
	}
}

// matrixCounts is how matrix counted the cells of its rows before it
// counted them in one pass over each domain's briefs: for each top actor
// and domain, the briefs naming the actor, and for each domain the
// briefs naming an actor not at the top.
func matrixCounts(b *model.Book) [][]int {
	top, _ := mostNamed(b.Briefs, matrixActors)
	isTop := map[*model.Actor]bool{}
	var out [][]int
	for _, a := range top {
		isTop[a] = true
		var counts []int
		for _, d := range b.Domains {
			n := 0
			for _, br := range d.Briefs {
				if slices.Contains(br.ActorList, a) {
					n++
				}
			}
			counts = append(counts, n)
		}
		out = append(out, counts)
	}
	var others []int
	for _, d := range b.Domains {
		n := 0
		for _, br := range d.Briefs {
			if slices.ContainsFunc(br.ActorList, func(a *model.Actor) bool { return !isTop[a] }) {
				n++
			}
		}
		others = append(others, n)
	}
	return append(out, others)
}

// TestMatrixCounts requires the counts of the matrix to be those of
// matrixCounts, on books with many actors, briefs naming an actor twice,
// briefs in several domains and briefs naming no actor.
func TestMatrixCounts(t *testing.T) {
	twice := manyActors(200, 400)
	for i, br := range twice.Briefs {
		if i%5 == 0 {
			br.ActorList = append(br.ActorList, br.ActorList[0])
		}
		if i%7 == 0 {
			br.ActorList = nil
		}
		if i%3 == 0 {
			d := twice.Domains[(i+1)%4]
			br.DomainList = append(br.DomainList, d)
			d.Briefs = append(d.Briefs, br)
		}
	}
	for name, b := range map[string]*model.Book{"many actors": manyActors(300, 900), "twice": twice, "fixture": fixtureBook(), "synthetic": benchBook(t, 150)} {
		want := matrixCounts(b)
		m := matrix(b)
		var got [][]int
		for _, r := range m.Rows {
			var counts []int
			for _, c := range r.Cells {
				counts = append(counts, c.Count)
			}
			got = append(got, counts)
		}
		if len(got) == len(want)-1 && !slices.ContainsFunc(want[len(want)-1], func(n int) bool { return n > 0 }) {
			got = append(got, make([]int, len(b.Domains))) // no Others row
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: matrix counts\n%v\nwant\n%v", name, got, want)
		}
	}
}
