package gen

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/briefbook/briefbook/internal/slug"
)

// Sizes of the generated book other than the number of briefs.
const (
	NumActors  = 200
	NumSources = 500
	NumDomains = 12
	// BriefsPerFolder is how many briefs go into each subfolder of content/briefs.
	BriefsPerFolder = 1000
	// LinksPerBrief and CitesPerBrief are the wikilinks to other briefs and
	// the citations in every brief.
	LinksPerBrief = 3
	CitesPerBrief = 4
	// TargetWords is the mean number of words of a brief's body.
	TargetWords = 1200
)

// book is the plan of a whole book: everything that links one file to
// another. Body text is not planned here; it comes from each brief's own
// random stream when the brief is written.
type book struct {
	seed    uint64
	actors  []actor
	sources []source
	domains []domain
	briefs  []brief
}

type actor struct {
	Slug, Name, Kind, Summary string
	Aliases                   []string
}

type source struct {
	ID, Title, Publisher, Date, URL, Note string
	Authors                               []string
}

type domain struct {
	Slug, Title, Summary string
	Order                int
}

// linkForm is how a wikilink is written.
type linkForm int

const (
	linkPlain   linkForm = iota // [[slug]]
	linkText                    // [[slug|text]]
	linkHeading                 // [[slug#heading-id]]
)

type link struct {
	Target  int // index of the target brief
	Form    linkForm
	Heading int    // index into the target's headings, for linkHeading
	Text    string // for linkText
}

// cite is one citation: one or two items, each a source index and an
// optional locator.
type cite struct {
	Sources  []int
	Locators []string
}

type brief struct {
	Dir, Slug, Title, Summary string
	Date, Updated             time.Time // Updated is zero when not set
	Authors                   []string
	Domains                   []int
	DomainAs                  []string // domains as written in the frontmatter
	Actors                    []int
	ActorAs                   []string // actors as written: name or an alias
	Sources                   []int
	Headings                  []string
	Links                     []link
	Cites                     []cite
}

// headingID is the id that automatic heading ids give a heading made of
// ASCII letters and spaces: lowercased, spaces turned into hyphens.
func headingID(h string) string {
	return strings.ReplaceAll(strings.ToLower(h), " ", "-")
}

// zipf draws indexes 0..n-1 with probability proportional to 1/(i+1)^s.
type zipf struct{ cdf []float64 }

func newZipf(n int, s float64) zipf {
	cdf := make([]float64, n)
	sum := 0.0
	for i := range cdf {
		sum += 1 / math.Pow(float64(i+1), s)
		cdf[i] = sum
	}
	return zipf{cdf}
}

func (z zipf) draw(r *rand.Rand) int {
	u := r.Float64() * z.cdf[len(z.cdf)-1]
	i, _ := slices.BinarySearch(z.cdf, u)
	return min(i, len(z.cdf)-1)
}

// distinct draws k different indexes from z, in order of drawing.
func (z zipf) distinct(r *rand.Rand, k int) []int {
	out := make([]int, 0, k)
	for len(out) < k {
		i := z.draw(r)
		if !slices.Contains(out, i) {
			out = append(out, i)
		}
	}
	return out
}

// plan builds the book for n briefs from seed. The same seed and n always
// give the same plan.
func plan(n int, seed uint64) *book {
	r := rand.New(rand.NewPCG(seed, 0x62726965666f6f6b)) // "briefook"
	b := &book{seed: seed}
	b.actors = planActors(r)
	b.sources = planSources(r)
	b.domains = planDomains(r)
	b.briefs = planBriefs(r, n, b)
	return b
}

func pick(r *rand.Rand, list []string) string { return list[r.IntN(len(list))] }

func planActors(r *rand.Rand) []actor {
	var all []actor
	for _, c := range countries {
		all = append(all, actor{Name: c, Kind: "state",
			Aliases: []string{"Republic of " + c, "Government of " + c, c + " government"}})
	}
	for _, c := range companies {
		first := strings.Fields(c)[0]
		all = append(all, actor{Name: c, Kind: "company",
			Aliases: []string{first + " Group", c + " Holdings", first + " Corporation"}})
	}
	for _, o := range organizations {
		all = append(all, actor{Name: o, Kind: "organization",
			Aliases: []string{acronym(o), o + " Secretariat", "The " + o}})
	}
	for _, c := range countries {
		for _, in := range institutions {
			all = append(all, actor{Name: c + " " + in, Kind: "agency",
				Aliases: []string{in + " of " + c, c + " " + acronym(in), c + " " + in + " Office"}})
		}
	}
	// Keep NumActors of them, shuffled, so that the most common actors
	// (the first ones, see planBriefs) are of every kind.
	r.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	all = all[:NumActors]
	for i := range all {
		a := &all[i]
		a.Slug = slug.Make(a.Name)
		a.Aliases = a.Aliases[:1+r.IntN(3)]
		a.Summary = fmt.Sprintf("%s %s %s.", pick(r, subjects), pick(r, verbs), pick(r, objects))
	}
	return all
}

// acronym returns the capitals of s: "Ministry of Trade" gives "MT".
func acronym(s string) string {
	var b strings.Builder
	for _, w := range strings.Fields(s) {
		if w[0] >= 'A' && w[0] <= 'Z' {
			b.WriteByte(w[0])
		}
	}
	return b.String()
}

func planSources(r *rand.Rand) []source {
	out := make([]source, NumSources)
	used := map[string]bool{}
	for i := range out {
		s := &out[i]
		year := 2012 + r.IntN(14)
		base := fmt.Sprintf("%s-%d", pick(r, surnames), year)
		s.ID = base
		for k := 0; used[s.ID]; k++ {
			s.ID = base + string(rune('b'+k%25)) + strings.Repeat("x", k/25)
		}
		used[s.ID] = true
		for range 1 + r.IntN(3) {
			sn := pick(r, surnames)
			s.Authors = append(s.Authors, fmt.Sprintf("%c. %s", 'A'+rune(r.IntN(26)), strings.ToUpper(sn[:1])+sn[1:]))
		}
		s.Title = fmt.Sprintf("%s %s", pick(r, topics), pick(r, angles))
		s.Publisher = pick(r, publishers)
		s.Date = fmt.Sprintf("%d-%02d-%02d", year, 1+r.IntN(12), 1+r.IntN(28))
		s.URL = "https://example.org/reports/" + s.ID
		if r.IntN(10) == 0 {
			s.Note = fmt.Sprintf("%s %s.", pick(r, subjects), pick(r, clauses))
		}
	}
	return out
}

func planDomains(r *rand.Rand) []domain {
	out := make([]domain, NumDomains)
	for i := range out {
		t := domainTitles[i]
		out[i] = domain{Slug: slug.Make(t), Title: t, Order: i + 1,
			Summary: fmt.Sprintf("Briefs on %s: %s %s.", strings.ToLower(t), pick(r, objects), pick(r, tails))}
	}
	return out
}

var (
	firstDate = time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	lastDate  = time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
)

func planBriefs(r *rand.Rand, n int, b *book) []brief {
	actorZ := newZipf(NumActors, 0.8)
	sourceZ := newZipf(NumSources, 0.8)
	domainZ := newZipf(NumDomains, 0.5)
	days := int(lastDate.Sub(firstDate).Hours()/24) + 1
	briefs := make([]brief, n)
	// First pass: everything but links, so that a link can name any
	// brief's headings.
	for i := range briefs {
		br := &briefs[i]
		topic, angle := pick(r, topics), pick(r, angles)
		br.Dir = fmt.Sprintf("%03d", i/BriefsPerFolder)
		br.Slug = fmt.Sprintf("%s-%d", slug.Make(topic), i+1)
		br.Title = topic + " " + angle
		br.Summary = fmt.Sprintf("%s %s %s %s.", pick(r, subjects), pick(r, verbs), pick(r, objects), pick(r, tails))
		br.Date = firstDate.AddDate(0, 0, r.IntN(days))
		if r.IntN(10) == 0 {
			br.Updated = br.Date.AddDate(0, 0, 1+r.IntN(90))
			if br.Updated.After(lastDate) {
				br.Updated = lastDate
			}
		}
		br.Authors = []string{pick(r, analysts)}
		if r.IntN(4) == 0 {
			if a := pick(r, analysts); a != br.Authors[0] {
				br.Authors = append(br.Authors, a)
			}
		}
		planBriefRefs(r, br, b, domainZ, actorZ, sourceZ)
	}
	for i := range briefs {
		briefs[i].Links = planLinks(r, i, briefs)
	}
	return briefs
}

// planBriefRefs picks a brief's domains, actors, sources, headings and
// citations.
func planBriefRefs(r *rand.Rand, br *brief, b *book, domainZ, actorZ, sourceZ zipf) {
	nd := 1
	if r.IntN(5) == 0 {
		nd = 2
	}
	br.Domains = domainZ.distinct(r, nd)
	for _, d := range br.Domains {
		as := b.domains[d].Slug
		if r.IntN(10) == 0 {
			as = b.domains[d].Title // titles are slugified
		}
		br.DomainAs = append(br.DomainAs, as)
	}
	br.Actors = actorZ.distinct(r, 2+r.IntN(4))
	for _, a := range br.Actors {
		as := b.actors[a].Name
		if r.IntN(5) == 0 {
			as = pick(r, b.actors[a].Aliases)
		}
		br.ActorAs = append(br.ActorAs, as)
	}
	br.Sources = sourceZ.distinct(r, 1+r.IntN(3))
	hs := r.Perm(len(headings))[:2+r.IntN(3)]
	for _, h := range hs {
		br.Headings = append(br.Headings, headings[h])
	}
	for range CitesPerBrief {
		br.Cites = append(br.Cites, planCite(r, br.Sources))
	}
}

func planCite(r *rand.Rand, sources []int) cite {
	c := cite{}
	switch k := r.IntN(4); {
	case k == 0 && len(sources) >= 2: // [@a; @b]
		p := r.Perm(len(sources))
		c.Sources = []int{sources[p[0]], sources[p[1]]}
		c.Locators = []string{"", ""}
	case k == 1: // [@id, p. 12]
		c.Sources = []int{sources[r.IntN(len(sources))]}
		c.Locators = []string{fmt.Sprintf("p. %d", 1+r.IntN(120))}
	default: // [@id]
		c.Sources = []int{sources[r.IntN(len(sources))]}
		c.Locators = []string{""}
	}
	return c
}

// planLinks picks LinksPerBrief distinct other briefs for brief i to link
// to. A book of one brief has no other brief, and gets no links.
func planLinks(r *rand.Rand, i int, briefs []brief) []link {
	n := len(briefs)
	var out []link
	for len(out) < min(LinksPerBrief, n-1) {
		t := r.IntN(n)
		if t == i || slices.ContainsFunc(out, func(l link) bool { return l.Target == t }) {
			continue
		}
		l := link{Target: t}
		switch r.IntN(4) {
		case 0:
			l.Form = linkText
			l.Text = strings.ToLower(briefs[t].Title)
		case 1:
			l.Form = linkHeading
			l.Heading = r.IntN(len(briefs[t].Headings))
		}
		out = append(out, l)
	}
	return out
}
