package resolve

import (
	"fmt"
	"strings"
	"testing"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
)

func actorSlugs(actors []*model.Actor) string {
	var s []string
	for _, a := range actors {
		s = append(s, a.Slug)
	}
	return strings.Join(s, " ")
}

func TestActors(t *testing.T) {
	a := newBrief("a", "2024-01-01")
	a.Actors = []string{"ROK", "Japan", "republic of  korea", "japan", "South-Korea", "U.S."}
	b := newBrief("b", "2024-01-02")
	b.Actors = []string{"JAPAN", "u s"}
	korea := &model.Actor{Doc: model.Doc{Path: "content/actors/korea.md"}, Slug: "korea", Name: "Korea", Aliases: []string{"ROK"}}
	south := &model.Actor{
		Doc:  model.Doc{Path: "content/actors/south-korea.md"},
		Slug: "south-korea", Name: "South Korea", Aliases: []string{"ROK", "Republic of Korea", "south korea"},
	}
	src := map[string][]byte{
		"content/actors/south-korea.md": []byte("---\nname: South Korea\naliases: [ROK, Republic of Korea]\n---\n"),
	}
	in := Input{Briefs: []*model.Brief{b, a}, Actors: []*model.Actor{south, korea}, Src: func(p string) []byte { return src[p] }}
	book, diags := run(t, in)
	checkDiags(t, diags, []string{
		`content/actors/south-korea.md:3:11: error: actor name "ROK" is also a name or alias of content/actors/korea.md`,
		`content/briefs/a.md:5:1: warning: actor "Japan" has no profile (content/actors/japan.md)`,
		`content/briefs/a.md:5:1: warning: actor "U.S." has no profile (content/actors/u-s.md)`,
	})
	a, b, south = book.BriefBySlug["a"], book.BriefBySlug["b"], book.ActorBySlug["south-korea"]
	for _, c := range []struct {
		got, want string
	}{
		{actorSlugs(a.ActorList), "korea japan south-korea u-s"},
		{actorSlugs(b.ActorList), "japan u-s"},
		{actorSlugs(book.Actors), "japan korea south-korea u-s"},
		{slugs(book.ActorBySlug["japan"].Briefs), "b a"},
		{book.ActorBySlug["u-s"].Name + " " + book.ActorBySlug["u-s"].URL, "U.S. /actors/u-s/"},
		{fmt.Sprint(book.ActorBySlug["japan"].Profile, south.Profile), "false true"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestDomains(t *testing.T) {
	profile := func(slug, title string, order int, params map[string]any) *model.Domain {
		return &model.Domain{Doc: model.Doc{Path: "content/domains/" + slug + ".md"}, Slug: slug, Title: title, Order: order, Params: params}
	}
	a := newBrief("a", "2024-01-01")
	a.Domains = []string{"Supply Chains", "supply-chains", "cyber", "!!!"}
	b := newBrief("b", "2024-01-02")
	b.Domains = []string{"supply chains", "Alpha", "Cyber"}
	in := Input{
		Briefs: []*model.Brief{b, a},
		Domains: []*model.Domain{
			profile("cyber", "Cyber", 2, nil),
			profile("space", "Space", 1, nil),
			profile("econ", "Economic security", 0, nil),
			profile("trade", "Trade", 0, map[string]any{"order": 0}),
		},
	}
	book, diags := run(t, in)
	checkDiags(t, diags, []string{
		`content/briefs/a.md:4:1: error: domain "!!!" has no letters or digits`,
		`content/briefs/a.md:4:1: warning: domain "Supply Chains" has no profile (content/domains/supply-chains.md), while other domains have one`,
		`content/briefs/b.md:4:1: warning: domain "Alpha" has no profile (content/domains/alpha.md), while other domains have one`,
	})
	a = book.BriefBySlug["a"]
	var order []string
	for _, d := range book.Domains {
		order = append(order, d.Slug+"="+d.Title)
	}
	for _, c := range []struct {
		got, want string
	}{
		{strings.Join(order, ", "), "trade=Trade, space=Space, cyber=Cyber, alpha=Alpha, econ=Economic security, supply-chains=Supply Chains"},
		{fmt.Sprintf("%d %s %s", len(a.DomainList), a.DomainList[0].Slug, a.DomainList[1].Slug), "2 supply-chains cyber"},
		{slugs(book.DomainBySlug["supply-chains"].Briefs), "b a"},
		{book.DomainBySlug["alpha"].URL, "/domains/alpha/"},
		{fmt.Sprint(book.DomainBySlug["alpha"].Profile, book.DomainBySlug["space"].Profile), "false true"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// TestNameClashes checks that different names with the same slug never
// share a page silently (issue 10: domains "C++" and "C#", and both on an
// actor profile "C" that names neither), and that problems are reported at
// the list item, with both positions.
func TestNameClashes(t *testing.T) {
	a := newBrief("a", "2024-01-01")
	a.Domains, a.DomainPos = []string{"C++", "Cyber"}, []model.Pos{{Line: 4, Col: 10, Len: 3}, {Line: 4, Col: 15, Len: 5}}
	a.Actors, a.ActorPos = []string{"C++", "Japan"}, []model.Pos{{Line: 6, Col: 5, Len: 3}, {Line: 7, Col: 5, Len: 5}}
	b := newBrief("b", "2024-01-02")
	b.Domains, b.DomainPos = []string{"C#", "c-plus"}, []model.Pos{{Line: 4, Col: 10, Len: 2}, {Line: 4, Col: 14, Len: 6}}
	b.Actors, b.ActorPos = []string{"C#", "c", "Japn"}, []model.Pos{{Line: 6, Col: 5, Len: 2}, {Line: 7, Col: 5, Len: 1}, {Line: 8, Col: 5, Len: 4}}
	c := &model.Actor{Doc: model.Doc{Path: "content/actors/c.md"}, Slug: "c", Name: "C"}
	jp := &model.Actor{Doc: model.Doc{Path: "content/actors/jp.md"}, Slug: "jp", Name: "Japan"}
	c2 := &model.Domain{Doc: model.Doc{Path: "content/domains/c-plus.md"}, Slug: "c-plus", Title: "C plus"}
	book, diags := run(t, Input{Briefs: []*model.Brief{a, b}, Actors: []*model.Actor{c, jp}, Domains: []*model.Domain{c2}})
	checkDiags(t, diags, []string{
		`content/briefs/a.md:4:10: warning: domain "C++" has no profile (content/domains/c.md), while other domains have one`,
		`content/briefs/a.md:4:15: warning: domain "Cyber" has no profile (content/domains/cyber.md), while other domains have one`,
		`content/briefs/a.md:6:5: error: actor "C++" has the URL /actors/c/ of the profile content/actors/c.md ("C"), whose name and aliases do not include it: ` +
			`add it to the aliases there, or write it a profile of its own, with another file name`,
		`content/briefs/b.md:4:10: error: domain "C#" has the same URL /domains/c/ as domain "C++" (content/briefs/a.md:4:10): ` +
			`different names cannot share a page; rename one`,
		`content/briefs/b.md:6:5: error: actor "C#" has the URL /actors/c/ of the profile content/actors/c.md ("C"), whose name and aliases do not include it: ` +
			`add it to the aliases there, or write it a profile of its own, with another file name`,
		`content/briefs/b.md:8:5: warning: actor "Japn" has no profile (content/actors/japn.md); did you mean "Japan"?`,
	})
	a, b = book.BriefBySlug["a"], book.BriefBySlug["b"]
	if got := actorSlugs(a.ActorList) + " / " + actorSlugs(b.ActorList); got != "jp / c japn" {
		t.Errorf("actors %q, want %q", got, "jp / c japn")
	}
	if dm := book.DomainBySlug["c"]; dm.Title != "C++" || len(dm.Briefs) != 1 || dm.Briefs[0] != a {
		t.Errorf("domain c is %q with %d briefs, want C++ with brief a only", dm.Title, len(dm.Briefs))
	}

	// Implicit actors: the second name with the same slug is reported, with
	// where the first was.
	x := newBrief("x", "2024-01-01")
	x.Actors, x.ActorPos = []string{"C++", "C#", "c++ "}, []model.Pos{{Line: 6, Col: 5, Len: 3}, {Line: 7, Col: 5, Len: 2}, {Line: 8, Col: 5, Len: 4}}
	_, diags = run(t, Input{Briefs: []*model.Brief{x}})
	checkDiags(t, diags, []string{
		`content/briefs/x.md:6:5: warning: actor "C++" has no profile (content/actors/c.md)`,
		`content/briefs/x.md:7:5: error: actor "C#" has the same URL /actors/c/ as actor "C++" (content/briefs/x.md:6:5): ` +
			`different names cannot share a page; rename one, or write each a profile, with different file names`,
	})
}

// TestDomainTypo checks the warning about a domain without a profile when
// others have one, with "did you mean" (issue 10: "cyberr" for "cyber"),
// and that there is none when no domain has a profile.
func TestDomainTypo(t *testing.T) {
	a := newBrief("a", "2024-01-01")
	a.Domains, a.DomainPos = []string{"cyberr"}, []model.Pos{{Line: 4, Col: 9, Len: 6}}
	b := newBrief("b", "2024-01-02")
	b.Domains = []string{"cyberr", "Space"}
	cyber := &model.Domain{Doc: model.Doc{Path: "content/domains/cyber.md"}, Slug: "cyber", Title: "Cyber"}
	var d diag.List
	Resolve(Input{Briefs: []*model.Brief{a, b}, Domains: []*model.Domain{cyber}}, &d)
	var got []string
	for _, dg := range d.Sorted() {
		got = append(got, dg.String()+" ["+dg.Suggestion+"]")
	}
	checkDiags(t, got, []string{
		`content/briefs/a.md:4:9: warning: domain "cyberr" has no profile (content/domains/cyberr.md), while other domains have one; did you mean "cyber"? [cyber]`,
		`content/briefs/b.md:4:1: warning: domain "Space" has no profile (content/domains/space.md), while other domains have one []`,
	})
	_, diags := run(t, Input{Briefs: []*model.Brief{a, b}})
	checkDiags(t, diags, nil)
}

func bib(id string, line int) *model.Source {
	return &model.Source{ID: id, Title: "Title " + id, Path: "content/sources.yaml", Line: line}
}

func inline(id, title string, line int) model.SourceRef {
	return model.SourceRef{ID: id, Inline: &model.Source{ID: id, Title: title}, Line: line, Col: 5}
}

func TestSources(t *testing.T) {
	a := newBrief("a", "2024-01-01")
	a.Sources = []model.SourceRef{{ID: "s1", Line: 7, Col: 5}, inline("x", "X", 8), {ID: "s3", Line: 9, Col: 7}}
	b := newBrief("b", "2024-01-02")
	b.Sources = []model.SourceRef{inline("x", "X", 7), inline("y", "Y", 8)}
	c := newBrief("c", "2024-01-03")
	c.Sources = []model.SourceRef{inline("x", "Not X", 7), inline("s1", "Title s1", 8), inline("s2", "Other", 9)}
	in := Input{
		Briefs:  []*model.Brief{c, b, a},
		Sources: []*model.Source{bib("s2", 7), bib("s1", 1), bib("a_b", 13), bib("a-b", 19)},
	}
	book, diags := run(t, in)
	checkDiags(t, diags, []string{
		`content/briefs/a.md:9:7: error: unknown source id "s3"; did you mean "s1"?`,
		`content/briefs/c.md:7:5: error: source "x" is defined differently at content/briefs/a.md:8`,
		`content/briefs/c.md:9:5: error: source "s2" is defined differently at content/sources.yaml:7`,
		`content/sources.yaml:13: error: duplicate URL /sources/a-b/: also produced by source "a-b" (content/sources.yaml:19)`,
	})
	var ids []string
	for _, s := range book.Sources {
		ids = append(ids, s.ID+"="+s.PageURL)
	}
	if got, want := strings.Join(ids, " "), "a-b=/sources/a-b/ s1=/sources/s1/ s2=/sources/s2/ x=/sources/x/ y=/sources/y/"; got != want {
		t.Errorf("sources = %q, want %q", got, want)
	}
	x := book.SourceByID["x"]
	if got := slugs(x.Briefs); got != "c b a" {
		t.Errorf("x.Briefs = %q, want %q", got, "c b a")
	}
	if x.Path != "content/briefs/a.md" || x.Line != 8 {
		t.Errorf("x defined at %s:%d, want the first brief by path", x.Path, x.Line)
	}
}

func TestReferences(t *testing.T) {
	a := newBrief("a", "2024-01-01")
	a.Sources = []model.SourceRef{{ID: "s2", Line: 7, Col: 5}, inline("x", "X", 8), {ID: "s1", Line: 9, Col: 5}, {ID: "zzzz", Line: 10, Col: 5}}
	a.Refs = []model.Ref{cite("s1"), cite("s3", "s1"), cite("x"), cite("y"), cite("zzzz"), cite("nope", "s1")}
	b := newBrief("b", "2024-01-02")
	b.Sources = []model.SourceRef{inline("y", "Y", 7)}
	in := Input{Briefs: []*model.Brief{a, b}, Sources: []*model.Source{bib("s1", 1), bib("s2", 7), bib("s3", 13)}}
	book, diags := run(t, in)
	checkDiags(t, diags, []string{
		`content/briefs/a.md:10:5: error: unknown source id "zzzz"`,
		`content/briefs/a.md:12:5: error: unknown citation id "nope"`,
		`content/briefs/a.md:12:5: error: unknown citation id "y"; did you mean "x"?`,
	})
	a, b = book.BriefBySlug["a"], book.BriefBySlug["b"]
	var refs []string
	for _, r := range a.References {
		refs = append(refs, fmt.Sprintf("%d:%s:%v", r.N, r.Source.ID, r.Cited))
	}
	if got, want := strings.Join(refs, " "), "1:s1:true 2:s3:true 3:x:true 4:s2:false"; got != want {
		t.Errorf("References = %q, want %q", got, want)
	}
	var nums []string
	for _, l := range a.Links {
		nums = append(nums, fmt.Sprint(l.Numbers, l.OK))
	}
	if got, want := strings.Join(nums, " "), "[1] true [2 1] true [3] true [0] false [0] false [0 1] false"; got != want {
		t.Errorf("Numbers = %q, want %q", got, want)
	}
	if got := slugs(book.SourceByID["s3"].Briefs); got != "a" {
		t.Errorf("s3.Briefs = %q, want the brief citing it", got)
	}
	if got := slugs(book.SourceByID["y"].Briefs); got != "b" {
		t.Errorf("y.Briefs = %q, want only the brief listing it", got)
	}
	if len(b.References) != 1 || b.References[0].N != 1 || b.References[0].Cited {
		t.Errorf("b.References = %+v, want one listed source", b.References)
	}
}

func TestBacklinks(t *testing.T) {
	a := withRefs(newBrief("a", "2024-01-01"),
		wiki(model.RefBrief, "c"), wiki(model.RefBrief, "b"), wiki(model.RefBrief, "c"),
		wiki(model.RefBrief, "a"), rel("b.md", ""), wiki(model.RefBrief, "missing"))
	b := withRefs(newBrief("b", "2024-01-02"), rel("a.md", ""))
	c := withRefs(newBrief("c", "2024-01-03"), wiki(model.RefBrief, "A"))
	d := newBrief("d", "2024-01-04")
	book, diags := run(t, Input{Briefs: []*model.Brief{a, b, c, d}})
	checkDiags(t, diags, []string{`content/briefs/a.md:10:1: error: unknown brief "missing" in wikilink`})
	a, b, c, d = book.BriefBySlug["a"], book.BriefBySlug["b"], book.BriefBySlug["c"], book.BriefBySlug["d"]
	for _, x := range []struct {
		name, got, want string
	}{
		{"a.LinksTo", slugs(a.LinksTo), "c b"},
		{"a.LinkedFrom", slugs(a.LinkedFrom), "c b"},
		{"b.LinkedFrom", slugs(b.LinkedFrom), "a"},
		{"c.LinkedFrom", slugs(c.LinkedFrom), "a"},
		{"d.LinkedFrom", slugs(d.LinkedFrom), ""},
	} {
		if x.got != x.want {
			t.Errorf("%s = %q, want %q", x.name, x.got, x.want)
		}
	}
}

func TestCoActors(t *testing.T) {
	withActors := func(slug string, actors ...string) *model.Brief {
		b := newBrief(slug, "2024-01-01")
		b.Actors = actors
		return b
	}
	in := Input{Briefs: []*model.Brief{
		withActors("b1", "A", "B", "C"),
		withActors("b2", "A", "B"),
		withActors("b3", "A", "D"),
		withActors("b4", "B", "C"),
		withActors("b5", "E", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9"),
		withActors("b6", "E", "F9"),
	}}
	book, _ := run(t, in)
	co := func(slug string) string {
		var s []string
		for _, c := range book.ActorBySlug[slug].CoActors {
			s = append(s, fmt.Sprintf("%s:%d", c.Actor.Name, c.Count))
		}
		return strings.Join(s, " ")
	}
	for _, c := range []struct{ actor, want string }{
		{"a", "B:2 C:1 D:1"},
		{"b", "A:2 C:2"},
		{"d", "A:1"},
		{"e", "F9:2 F1:1 F2:1 F3:1 F4:1 F5:1 F6:1 F7:1"},
	} {
		if got := co(c.actor); got != c.want {
			t.Errorf("%s.CoActors = %q, want %q", c.actor, got, c.want)
		}
	}
}

// TestSegmentNames checks that a source id or an actor named in a link
// whose slug cannot be a file name is reported, not left to fail when the
// site is written (issue 10).
func TestSegmentNames(t *testing.T) {
	long := strings.Repeat("s", 256)
	a := withRefs(newBrief("a", "2024-01-01"), wiki(model.RefActor, "NUL"))
	in := Input{Briefs: []*model.Brief{a}, Sources: []*model.Source{bib(long, 3), bib("ok", 5)}}
	book, diags := run(t, in)
	checkDiags(t, diags, []string{
		`content/briefs/a.md:10:1: error: actor "NUL": its slug "nul" is a name Windows reserves for devices, which no file or folder can have there: choose another`,
		`content/sources.yaml:3: error: source id "` + long + `": its slug is 256 bytes long, over the limit of 255 for a file name: shorten it`,
	})
	if len(book.Sources) != 1 || book.ActorBySlug["nul"] != nil {
		t.Errorf("published %d sources and actor %v, want only source ok", len(book.Sources), book.ActorBySlug["nul"])
	}
}

// TestBibliographyDuplicates checks that an id defined twice in the
// bibliography files, even alike, is an error naming both places, and
// that the first definition (by path, then line) is kept.
func TestBibliographyDuplicates(t *testing.T) {
	at := func(path, id string, line int) *model.Source {
		s := bib(id, line)
		s.Path, s.Col = path, 7
		return s
	}
	in := Input{Sources: []*model.Source{
		{ID: "haggard", Title: "Title haggard", Path: "content/sources.yaml", Line: 4},
		at("content/sources.json", "haggard", 3),
		at("content/sources.bib", "haggard", 2),
		at("content/sources.bib", "park", 14),
		at("content/sources.bib", "park", 9),
		at("content/sources.json", "npec", 40),
	}}
	book, diags := run(t, in)
	checkDiags(t, diags, []string{
		`content/sources.bib:14:7: error: source "park" is already defined at content/sources.bib:9:7: an id may be defined once in the bibliography files`,
		`content/sources.json:3:7: error: source "haggard" is already defined at content/sources.bib:2:7: an id may be defined once in the bibliography files`,
		`content/sources.yaml:4: error: source "haggard" is already defined at content/sources.bib:2:7: an id may be defined once in the bibliography files`,
	})
	if s := book.SourceByID["haggard"]; s.Path != "content/sources.bib" || s.Line != 2 {
		t.Errorf("haggard defined at %s:%d", s.Path, s.Line)
	}
	if len(book.Sources) != 3 {
		t.Errorf("%d sources, want 3", len(book.Sources))
	}
}
