package resolve

import (
	"strings"
	"testing"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
	"github.com/briefbook/briefbook/internal/suggest"
)

// fixture returns a small book: briefs gsomia (headings history, outlook),
// trade and sub/x (heading h), the actor profile south-korea, the domain
// profile cyber, the bibliography entry haggard-2021 and a home page.
func fixture() Input {
	g := newBrief("gsomia", "2024-01-03")
	g.Headings = []model.Heading{{Level: 2, ID: "history"}, {Level: 2, ID: "outlook"}}
	x := newBrief("x", "2024-01-01")
	x.Path = "content/briefs/sub/x.md"
	x.Headings = []model.Heading{{Level: 2, ID: "h"}}
	return Input{
		Site:   model.Site{Title: "Book"},
		Home:   &model.Home{Doc: model.Doc{Path: "content/_index.md"}, Title: "Home"},
		Briefs: []*model.Brief{g, newBrief("trade", "2024-01-02"), x},
		Actors: []*model.Actor{{
			Doc:  model.Doc{Path: "content/actors/south-korea.md"},
			Slug: "south-korea", Name: "South Korea", Aliases: []string{"ROK", "Republic of Korea"},
		}},
		Domains: []*model.Domain{{Doc: model.Doc{Path: "content/domains/cyber.md"}, Slug: "cyber", Title: "Cyber"}},
		Sources: []*model.Source{{ID: "haggard-2021", Title: "Security Cooperation", Path: "content/sources.yaml", Line: 1}},
	}
}

func rel(target, fragment string) model.Ref {
	return model.Ref{Kind: model.RefRelLink, Target: target, Fragment: fragment, Line: 10, Col: 1, Len: 5}
}

func TestRefs(t *testing.T) {
	const at = "content/briefs/gsomia.md:10:1: "
	tests := []struct {
		name  string
		ref   model.Ref
		href  string
		text  string
		ok    bool
		diags []string
	}{
		{"brief", wiki(model.RefBrief, "trade"), "/briefs/trade/", "Title of trade", true, nil},
		{"brief by title", wiki(model.RefBrief, "Trade"), "/briefs/trade/", "Title of trade", true, nil},
		{"brief heading", model.Ref{Kind: model.RefBrief, Target: "gsomia", Fragment: "outlook", Line: 10, Col: 1},
			"/briefs/gsomia/#outlook", "Title of gsomia", true, nil},
		{"own heading", model.Ref{Kind: model.RefBrief, Fragment: "history", Line: 10, Col: 1},
			"/briefs/gsomia/#history", "Title of gsomia", true, nil},
		{"unknown brief", wiki(model.RefBrief, "gsomai"), "", "", false,
			[]string{at + `error: unknown brief "gsomai" in wikilink; did you mean "gsomia"?`}},
		{"brief by a different name with its slug", wiki(model.RefBrief, "Trade!"), "/briefs/trade/", "Title of trade", true, nil},
		{"not a brief whose slug a different name has", wiki(model.RefBrief, "Trade++"), "", "", false,
			[]string{at + `error: unknown brief "Trade++" in wikilink`}},
		{"unknown brief with an empty slug", wiki(model.RefBrief, "@@"), "", "", false, // issue 10: no "did you mean"
			[]string{at + `error: unknown brief "@@" in wikilink: it has no letters or digits, so no brief has it as slug`}},
		{"unknown brief, nothing close", wiki(model.RefBrief, "semiconductors"), "", "", false,
			[]string{at + `error: unknown brief "semiconductors" in wikilink`}},
		{"mistyped link kind", wiki(model.RefBrief, "actr:South Korea"), "", "", false,
			[]string{at + `error: unknown link kind "actr" in wikilink; did you mean "actor:"?`}},
		{"link kind in capitals", wiki(model.RefBrief, "Domain:cyber"), "", "", false,
			[]string{at + `error: unknown link kind "Domain" in wikilink; did you mean "domain:"?`}},
		{"link kind with letters swapped", wiki(model.RefBrief, "sorcue:haggard-2021"), "", "", false,
			[]string{at + `error: unknown link kind "sorcue" in wikilink; did you mean "source:"?`}},
		{"a title with a colon is not a link kind", wiki(model.RefBrief, "GSOMIA: renewal"), "", "", false,
			[]string{at + `error: unknown brief "GSOMIA: renewal" in wikilink`}},
		{"a prefix close to no kind", wiki(model.RefBrief, "trade:gsomai"), "", "", false,
			[]string{at + `error: unknown brief "trade:gsomai" in wikilink`}},
		{"a prefix with a digit is not a link kind", wiki(model.RefBrief, "actor2:x"), "", "", false,
			[]string{at + `error: unknown brief "actor2:x" in wikilink`}},
		{"unknown heading", model.Ref{Kind: model.RefBrief, Target: "gsomia", Fragment: "histroy", Line: 10, Col: 1},
			"/briefs/gsomia/#histroy", "Title of gsomia", false,
			[]string{at + `error: brief "gsomia" has no heading "histroy"; did you mean "history"?`}},
		{"heading of a brief with none", model.Ref{Kind: model.RefBrief, Target: "trade", Fragment: "x", Line: 10, Col: 1},
			"/briefs/trade/#x", "Title of trade", false,
			[]string{at + `error: brief "trade" has no heading "x"`}},
		{"actor alias", wiki(model.RefActor, "rok"), "/actors/south-korea/", "South Korea", true, nil},
		{"actor by slug", wiki(model.RefActor, "South-Korea"), "/actors/south-korea/", "South Korea", true, nil},
		{"actor without profile", wiki(model.RefActor, "Japan"), "/actors/japan/", "Japan", true,
			[]string{at + `warning: actor "Japan" has no profile (content/actors/japan.md)`}},
		{"actor without a slug", wiki(model.RefActor, "?!"), "", "", false,
			[]string{at + `error: actor name "?!" has no letters or digits`}},
		{"domain", wiki(model.RefDomain, "cyber"), "/domains/cyber/", "Cyber", true, nil},
		{"domain by title", wiki(model.RefDomain, "Cyber"), "/domains/cyber/", "Cyber", true, nil},
		{"not a domain whose slug a different name has", wiki(model.RefDomain, "Cyber#"), "", "", false,
			[]string{at + `error: unknown domain "Cyber#" in wikilink`}},
		{"unknown domain", wiki(model.RefDomain, "cyebr"), "", "", false,
			[]string{at + `error: unknown domain "cyebr" in wikilink; did you mean "cyber"?`}},
		{"source", wiki(model.RefSource, "haggard-2021"), "/sources/haggard-2021/", "Security Cooperation", true, nil},
		{"unknown source", wiki(model.RefSource, "hagard-2021"), "", "", false,
			[]string{at + `error: unknown source "hagard-2021" in wikilink; did you mean "haggard-2021"?`}},
		{"rel brief", rel("trade.md", ""), "/briefs/trade/", "Title of trade", true, nil},
		{"rel brief in subfolder with fragment", rel("sub/x.md", "h"), "/briefs/x/#h", "Title of x", true, nil},
		{"rel fragment in target", rel("./sub/x.md#h", ""), "/briefs/x/#h", "Title of x", true, nil},
		{"rel escaped", rel("sub%2Fx.md", ""), "/briefs/x/", "Title of x", true, nil},
		{"rel actor", rel("../actors/south-korea.md", ""), "/actors/south-korea/", "South Korea", true, nil},
		{"rel domain", rel("../domains/cyber.md", ""), "/domains/cyber/", "Cyber", true, nil},
		{"rel home", rel("../_index.md", ""), "/", "Home", true, nil},
		{"rel from the site folder", rel("/content/briefs/trade.md", ""), "/briefs/trade/", "Title of trade", true, nil},
		{"rel missing", rel("nope.md", ""), "", "", false,
			[]string{at + `error: broken link: content/briefs/nope.md does not exist`}},
		{"rel implicit actor page is no file", rel("../actors/japan.md", ""), "", "", false,
			[]string{at + `error: broken link: content/actors/japan.md does not exist`}},
		{"rel outside", rel("../../../x.md", ""), "", "", false,
			[]string{at + `error: broken link: ../../../x.md is outside the site folder`}},
		{"rel bad fragment", rel("sub/x.md", "hh"), "/briefs/x/#hh", "Title of x", false,
			[]string{at + `error: content/briefs/sub/x.md has no heading "hh"; did you mean "h"?`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := fixture()
			in.Briefs[0].Refs = []model.Ref{tt.ref}
			book, diags := run(t, in)
			checkDiags(t, diags, tt.diags)
			got := book.BriefBySlug["gsomia"].Links[0]
			if got.Href != tt.href || got.Text != tt.text || got.OK != tt.ok {
				t.Errorf("got href %q text %q ok %v, want %q %q %v", got.Href, got.Text, got.OK, tt.href, tt.text, tt.ok)
			}
		})
	}
}

// TestRefsInOtherDocs checks links in profiles and on the home page, which
// resolve like links in briefs but are not briefs' backlinks.
func TestRefsInOtherDocs(t *testing.T) {
	in := fixture()
	in.Actors[0].Refs = []model.Ref{rel("../briefs/trade.md", ""), cite("haggard-2021")}
	in.Domains[0].Refs = []model.Ref{wiki(model.RefBrief, "trade")}
	in.Home.Refs = []model.Ref{wiki(model.RefActor, "Republic of KOREA"), rel("briefs/sub/x.md", "h")}
	in.Home.Headings = []model.Heading{{Level: 2, ID: "intro"}}
	in.Actors[0].Refs = append(in.Actors[0].Refs, model.Ref{Kind: model.RefBrief, Fragment: "intro", Line: 20, Col: 3})
	in.Home.Refs = append(in.Home.Refs, model.Ref{Kind: model.RefBrief, Fragment: "intro", Line: 20, Col: 3})
	book, diags := run(t, in)
	checkDiags(t, diags, []string{
		"content/actors/south-korea.md:12:5: error: citations are only allowed in briefs",
		`content/actors/south-korea.md:20:3: error: content/actors/south-korea.md has no heading "intro"`,
	})
	actor := book.ActorBySlug[in.Actors[0].Slug]
	domain := book.DomainBySlug[in.Domains[0].Slug]
	for _, c := range []struct {
		doc  *model.Doc
		i    int
		href string
	}{
		{&actor.Doc, 0, "/briefs/trade/"},
		{&domain.Doc, 0, "/briefs/trade/"},
		{&book.Home.Doc, 0, "/actors/south-korea/"},
		{&book.Home.Doc, 1, "/briefs/x/#h"},
		{&book.Home.Doc, 2, "/#intro"},
	} {
		if l := c.doc.Links[c.i]; l.Href != c.href || !l.OK {
			t.Errorf("ref %q: href %q ok %v, want %q", c.doc.Refs[c.i].Target, l.Href, l.OK, c.href)
		}
	}
	if actor.Links[1].OK {
		t.Errorf("citation in a profile resolved")
	}
	if trade := book.BriefBySlug["trade"]; len(trade.LinkedFrom) != 0 {
		t.Errorf("trade.LinkedFrom = %v, want none", slugs(trade.LinkedFrom))
	}
}

func TestSuggest(t *testing.T) {
	cands := []string{"abc", "gsomia", "gsomia-renewal", "history", "outlook", "x"}
	tests := []struct {
		s, want string
	}{
		{"gsomai", "gsomia"},
		{"gsomia-renewl", "gsomia-renewal"},
		{"gsomia-renewal-2", "gsomia-renewal"},
		{"outlok", "outlook"},
		{"abd", "abc"},   // distance 1, within the minimum of 2
		{"xyz", "x"},     // distance 2 from "x", 3 from "abc"
		{"zzzzzzzz", ""}, // nothing within 2
		{"gsomia", ""},   // an exact match is no suggestion
	}
	for _, tt := range tests {
		if got := suggest.Closest(tt.s, cands); got != tt.want {
			t.Errorf("closest(%q) = %q, want %q", tt.s, got, tt.want)
		}
	}
	// Equally close candidates: the one closer in form, then the first in
	// order (issue 10).
	ties := []struct {
		s     string
		cands []string
		want  string
	}{
		{"ab", []string{"aa", "ac", "bb"}, "aa"},                     // nothing to tell them apart
		{"Cyber", []string{"Cyder", "cyber"}, "cyber"},               // only the case differs
		{"Cyber", []string{"cyber", "Cyder"}, "cyber"},               // whatever the order
		{"gsomai", []string{"gsmoai", "gsomia", "gsomxx"}, "gsomia"}, // one swap, and the longest shared start
		{"trdae", []string{"tride", "trade"}, "trade"},               // one swap beats two changes
		{"", []string{"c", "ab"}, ""},                                // an empty name is nobody's typo
	}
	for _, tt := range ties {
		if got := suggest.Closest(tt.s, tt.cands); got != tt.want {
			t.Errorf("closest(%q, %q) = %q, want %q", tt.s, tt.cands, got, tt.want)
		}
	}
	if got := didYouMean("gsomia"); got != `; did you mean "gsomia"?` {
		t.Errorf("suggest = %q", got)
	}
}

// TestSuggestion checks that every "did you mean" in a message is also the
// diagnostic's Suggestion, and that a diagnostic without one has none.
func TestSuggestion(t *testing.T) {
	tests := []struct {
		name    string
		ref     model.Ref
		sources []model.SourceRef
		want    string
	}{
		{"brief", wiki(model.RefBrief, "gsomai"), nil, "gsomia"},
		{"brief by title", wiki(model.RefBrief, "GSOMAI"), nil, "gsomia"},
		{"brief, nothing close", wiki(model.RefBrief, "semiconductors"), nil, ""},
		{"heading", model.Ref{Kind: model.RefBrief, Target: "gsomia", Fragment: "histroy", Line: 10, Col: 1}, nil, "history"},
		{"own heading", model.Ref{Kind: model.RefBrief, Fragment: "outlok", Line: 10, Col: 1}, nil, "outlook"},
		{"domain", wiki(model.RefDomain, "cyebr"), nil, "cyber"},
		{"source", wiki(model.RefSource, "hagard-2021"), nil, "haggard-2021"},
		{"rel heading", rel("sub/x.md", "hh"), nil, "h"},
		{"citation", cite("haggard-2012"), nil, "haggard-2021"},
		{"sources list", model.Ref{}, []model.SourceRef{{ID: "hagard-2021", Line: 7, Col: 5}}, "haggard-2021"},
		{"no suggestion for a broken link", rel("nope.md", ""), nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := fixture()
			if tt.ref.Line != 0 {
				in.Briefs[0].Refs = []model.Ref{tt.ref}
			}
			in.Briefs[0].Sources = tt.sources
			var d diag.List
			Resolve(in, &d)
			ds := d.Sorted()
			if len(ds) != 1 {
				t.Fatalf("got %d diagnostics, want 1: %v", len(ds), ds)
			}
			if ds[0].Suggestion != tt.want {
				t.Errorf("Suggestion = %q, want %q (%s)", ds[0].Suggestion, tt.want, ds[0])
			}
			if has := strings.Contains(ds[0].Message, "did you mean"); has != (tt.want != "") {
				t.Errorf("message %q and Suggestion %q disagree", ds[0].Message, ds[0].Suggestion)
			}
		})
	}
}

// TestRelLinks checks links to paths and fragments as a browser would
// follow them (issue 10): a .md link with a query, a fragment of the same
// page, files next to a brief, names stored decomposed (NFD), paths from
// the site's root.
func TestRelLinks(t *testing.T) {
	const at = "content/briefs/gsomia.md:10:1: "
	own := func(fragment string) model.Ref {
		return model.Ref{Kind: model.RefRelLink, Fragment: fragment, Line: 10, Col: 1, Len: 5}
	}
	tests := []struct {
		name  string
		ref   model.Ref
		href  string
		ok    bool
		diags []string
	}{
		{"md with query and fragment", rel("sub/x.md?x=1", "h"), "/briefs/x/?x=1#h", true, nil},
		{"md with query", rel("trade.md?x=1", ""), "/briefs/trade/?x=1", true, nil},
		{"md with query, bad fragment", rel("sub/x.md?x=1", "part-a"), "/briefs/x/?x=1#part-a", false,
			[]string{at + `error: content/briefs/sub/x.md has no heading "part-a"`}},
		{"own heading", own("history"), "/briefs/gsomia/#history", true, nil},
		{"own footnote", own("fn:1"), "/briefs/gsomia/#fn:1", true, nil},
		{"own footnote back", own("fnref2:1"), "/briefs/gsomia/#fnref2:1", true, nil},
		{"own reference", own("ref:2"), "/briefs/gsomia/#ref:2", true, nil},
		{"theme id", own("bb:brief-references"), "/briefs/gsomia/#bb:brief-references", true, nil},
		{"own missing", own("no-such-heading"), "/briefs/gsomia/#no-such-heading", false,
			[]string{at + `error: this page has no id "no-such-heading"`}},
		{"own typo", own("histroy"), "/briefs/gsomia/#histroy", false,
			[]string{at + `error: this page has no id "histroy"; did you mean "history"?`}},
		{"file next to the brief", rel("chart.png", ""), "/briefs/chart.png", true, nil},
		{"file in a subfolder, with fragment", rel("sub/report.pdf", "page=3"), "/briefs/sub/report.pdf#page=3", true, nil},
		{"static file by its path", rel("../../static/img/logo.svg", ""), "/img/logo.svg", true, nil},
		{"missing file", rel("missing.pdf", ""), "", false,
			[]string{at + `error: broken link: content/briefs/missing.pdf does not exist`}},
		{"file stored NFD, linked NFC", rel("r\u00e9sum\u00e9.md", ""), "/briefs/resume/", true, nil},
		{"file stored NFD, linked NFC, escaped", rel("r%C3%A9sum%C3%A9.md", ""), "/briefs/resume/", true, nil},
		{"bundle file stored NFD, linked NFC", rel("caf\u00e9.png", ""), "/briefs/cafe\u0301.png", true, nil},
		{"root link", model.Ref{Kind: model.RefRootLink, Target: "/img/logo.svg?v=1", Fragment: "a"}, "/img/logo.svg?v=1#a", true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := fixture()
			nfd := newBrief("resume", "2023-01-01")
			nfd.Path = "content/briefs/re\u0301sume\u0301.md"
			in.Briefs = append(in.Briefs, nfd)
			in.Files = map[string]string{
				"content/briefs/chart.png":      "/briefs/chart.png",
				"content/briefs/sub/report.pdf": "/briefs/sub/report.pdf",
				"content/briefs/cafe\u0301.png": "/briefs/cafe\u0301.png",
				"static/img/logo.svg":           "/img/logo.svg",
			}
			in.Briefs[0].Refs = []model.Ref{tt.ref}
			book, diags := run(t, in)
			checkDiags(t, diags, tt.diags)
			got := book.BriefBySlug["gsomia"].Links[0]
			if got.OK != tt.ok || tt.ok && got.Href != tt.href {
				t.Errorf("got href %q ok %v, want %q %v", got.Href, got.OK, tt.href, tt.ok)
			}
		})
	}
}

// TestRootLinks checks that RootLinks lists every link to a path from the
// site's root, decoded, in every kind of document.
func TestRootLinks(t *testing.T) {
	in := fixture()
	root := func(target string) model.Ref { return model.Ref{Kind: model.RefRootLink, Target: target} }
	in.Briefs[0].Refs = []model.Ref{root("/img/a%20b.svg?x=1"), rel("trade.md", "")}
	in.Home.Refs = []model.Ref{root("/")}
	in.Actors[0].Refs = []model.Ref{root("/x/")}
	book, _ := run(t, in)
	var got []string
	for _, l := range RootLinks(book) {
		got = append(got, l.Doc.Path+" "+l.Path)
	}
	want := []string{"content/_index.md /", "content/briefs/gsomia.md /img/a b.svg", "content/actors/south-korea.md /x/"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got %q, want %q", got, want)
	}
}
