package resolve

import (
	"testing"

	"github.com/briefbook/briefbook/internal/model"
)

// TestHomeStart checks the home page's start list: slugs resolved to
// published briefs in the list's order, each other entry an error at its
// position, as a wikilink's would be, and a brief listed twice a warning.
func TestHomeStart(t *testing.T) {
	draft := newBrief("draft", "2021-01-03")
	draft.Draft = true
	home := &model.Home{
		Doc:      model.Doc{Path: "content/_index.md"},
		Start:    []string{"beta", "alpha", "alpah", "draft", "beta", "Alpha"},
		StartPos: []model.Pos{{Line: 2, Col: 9, Len: 4}, {Line: 2, Col: 15, Len: 5}, {Line: 2, Col: 22, Len: 5}, {Line: 2, Col: 29, Len: 5}, {Line: 2, Col: 36, Len: 4}, {Line: 2, Col: 42, Len: 5}},
	}
	book, diags := run(t, Input{Home: home, Briefs: []*model.Brief{newBrief("alpha", "2021-01-01"), newBrief("beta", "2021-01-02"), draft}})
	var got []string
	for _, b := range book.Home.StartBriefs {
		got = append(got, b.Slug)
	}
	if len(got) != 2 || got[0] != "beta" || got[1] != "alpha" {
		t.Errorf("StartBriefs = %v, want [beta alpha]", got)
	}
	checkDiags(t, diags, []string{
		`content/_index.md:2:22: error: unknown brief "alpah" in start; did you mean "alpha"?`,
		`content/_index.md:2:29: error: start lists draft brief "draft"`,
		`content/_index.md:2:36: warning: start lists brief "beta" again (as "beta" before); it is shown once`,
		`content/_index.md:2:42: warning: start lists brief "Alpha" again (as "alpha" before); it is shown once`,
	})
	if home.StartBriefs != nil {
		t.Error("resolve wrote into the parsed home page")
	}
}

// TestPages checks pages of their own: published at /<slug>/, sorted by
// order then title, the target of relative links, and refused when their
// URL is one briefbook's pages use or another page's.
func TestPages(t *testing.T) {
	page := func(slug, title string, order int) *model.Page {
		return &model.Page{Doc: model.Doc{Path: "content/" + slug + ".md"}, Slug: slug, Title: title, Order: order}
	}
	from := withRefs(newBrief("from", "2021-01-01"), model.Ref{Kind: model.RefRelLink, Target: "../about.md", Line: 10, Col: 1, Len: 5})
	dup := page("about", "Another", 0)
	dup.Path = "content/About.md"
	book, diags := run(t, Input{
		Briefs: []*model.Brief{from},
		Pages:  []*model.Page{page("method", "Method", 0), page("about", "About", 0), page("colophon", "Colophon", 9), page("briefs", "Briefs", 0), dup},
	})
	var got []string
	for _, pg := range book.Pages {
		got = append(got, pg.URL+" "+pg.Title)
	}
	want := []string{"/about/ About", "/method/ Method", "/colophon/ Colophon"}
	if len(got) != len(want) {
		t.Fatalf("pages %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("pages %v, want %v", got, want)
			break
		}
	}
	if l := book.BriefBySlug["from"].Links[0]; !l.OK || l.Href != "/about/" || l.Text != "About" {
		t.Errorf("link to ../about.md = %+v, want /about/ titled About", l)
	}
	checkDiags(t, diags, []string{
		"content/About.md: error: page has the URL /about/ of content/about.md: rename one of the files",
		"content/briefs.md: error: a page cannot have the URL /briefs/, which briefbook's own pages use: rename the file",
	})
}

// TestLinksToUnparsed checks that links to a brief whose file could not be
// parsed, by wikilink, by relative path and in the home page's start list,
// are not reported (its own error is), while a link to a file that does
// not exist still is: one broken file gives one error.
func TestLinksToUnparsed(t *testing.T) {
	from := withRefs(newBrief("from", "2021-01-01"),
		wiki(model.RefBrief, "GSOMIA"),
		model.Ref{Kind: model.RefRelLink, Target: "gsomia.md", Line: 11, Col: 1, Len: 5},
		model.Ref{Kind: model.RefRelLink, Target: "missing.md", Line: 12, Col: 1, Len: 5},
		wiki(model.RefBrief, "missing"),
	)
	home := &model.Home{
		Doc:      model.Doc{Path: "content/_index.md"},
		Start:    []string{"gsomia", "from"},
		StartPos: []model.Pos{{Line: 2, Col: 9, Len: 6}, {Line: 2, Col: 17, Len: 4}},
	}
	book, diags := run(t, Input{Home: home, Briefs: []*model.Brief{from}, Unparsed: []string{"content/briefs/gsomia.md"}})
	checkDiags(t, diags, []string{
		`content/briefs/from.md:10:1: error: unknown brief "missing" in wikilink`,
		`content/briefs/from.md:12:1: error: broken link: content/briefs/missing.md does not exist`,
	})
	for i, l := range book.Briefs[0].Links[:2] {
		if l.OK {
			t.Errorf("link %d to the unparsed brief is shown as working", i)
		}
	}
	if len(book.Home.StartBriefs) != 1 {
		t.Errorf("start briefs %d, want 1", len(book.Home.StartBriefs))
	}
}
