package resolve

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
)

// The helpers below build parse-stage values by hand: every brief has the
// frontmatter keys title, date, domain, actors and sources on lines 2 to 6.

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// newBrief returns a brief at content/briefs/<slug>.md in domain "cyber".
func newBrief(slug, day string) *model.Brief {
	return &model.Brief{
		Doc:     model.Doc{Path: "content/briefs/" + slug + ".md"},
		Slug:    slug,
		Title:   "Title of " + slug,
		Date:    date(day),
		Domains: []string{"cyber"},
		Line:    map[string]int{"title": 2, "date": 3, "domain": 4, "actors": 5, "sources": 6},
	}
}

// withRefs sets b's refs and returns b.
func withRefs(b *model.Brief, refs ...model.Ref) *model.Brief {
	b.Refs = refs
	return b
}

// wiki returns a [[target]] ref at line 10, col 1.
func wiki(kind model.RefKind, target string) model.Ref {
	return model.Ref{Kind: kind, Target: target, Line: 10, Col: 1, Len: len(target) + 4}
}

// cite returns a citation ref of ids at line 12, col 5.
func cite(ids ...string) model.Ref {
	ref := model.Ref{Kind: model.RefCitation, Line: 12, Col: 5, Len: 8}
	for _, id := range ids {
		ref.Cites = append(ref.Cites, model.Cite{ID: id})
	}
	return ref
}

// run resolves in and returns the book and its diagnostics as strings,
// sorted.
func run(t *testing.T, in Input) (*model.Book, []string) {
	t.Helper()
	var d diag.List
	book := Resolve(in, &d)
	var out []string
	for _, dg := range d.Sorted() {
		out = append(out, dg.String())
	}
	return book, out
}

func checkDiags(t *testing.T, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}
}

func slugs(briefs []*model.Brief) string {
	var s []string
	for _, b := range briefs {
		s = append(s, b.Slug)
	}
	return strings.Join(s, " ")
}

func TestBriefOrderAndURLs(t *testing.T) {
	in := Input{Briefs: []*model.Brief{
		newBrief("b", "2024-01-02"),
		newBrief("c", "2024-03-01"),
		newBrief("a", "2024-01-02"),
		nil, // a file the parse stage could not use
	}}
	book, diags := run(t, in)
	checkDiags(t, diags, nil)
	if got, want := slugs(book.Briefs), "c a b"; got != want {
		t.Errorf("Book.Briefs = %q, want %q", got, want)
	}
	if got := book.BriefBySlug["a"].URL; got != "/briefs/a/" {
		t.Errorf("URL = %q", got)
	}
}

func TestDrafts(t *testing.T) {
	mk := func() []*model.Brief {
		d := newBrief("draft", "2024-01-01")
		d.Draft = true
		link := withRefs(newBrief("pub", "2024-01-02"),
			wiki(model.RefBrief, "draft"),
			model.Ref{Kind: model.RefRelLink, Target: "draft.md", Line: 11, Col: 3, Len: 8})
		return []*model.Brief{d, link}
	}
	tests := []struct {
		drafts bool
		briefs string
		diags  []string
	}{
		{false, "pub", []string{
			`content/briefs/pub.md:10:1: error: links to draft brief "draft"`,
			`content/briefs/pub.md:11:3: error: broken link: content/briefs/draft.md is a draft`,
		}},
		{true, "pub draft", nil},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.drafts), func(t *testing.T) {
			book, diags := run(t, Input{Briefs: mk(), Drafts: tt.drafts})
			checkDiags(t, diags, tt.diags)
			if got := slugs(book.Briefs); got != tt.briefs {
				t.Errorf("briefs = %q, want %q", got, tt.briefs)
			}
		})
	}
}

func TestDraftNote(t *testing.T) {
	d := newBrief("draft", "2024-01-01")
	d.Draft = true
	var l diag.List
	Resolve(Input{Briefs: []*model.Brief{d, withRefs(newBrief("pub", "2024-01-02"), wiki(model.RefBrief, "draft"))}}, &l)
	ds := l.Sorted()
	if len(ds) != 1 || !slices.Equal(ds[0].Notes, []string{"drafts are built only with --drafts"}) {
		t.Errorf("diagnostics = %+v, want one with the --drafts note", ds)
	}
}

func TestDraftSlugTakenByPublished(t *testing.T) {
	d := newBrief("x", "2024-01-01")
	d.Path = "content/briefs/old-x.md"
	d.Draft = true
	pub := withRefs(newBrief("x", "2024-01-02"))
	other := withRefs(newBrief("y", "2024-01-03"), wiki(model.RefBrief, "x"))
	book, diags := run(t, Input{Briefs: []*model.Brief{d, pub, other}})
	checkDiags(t, diags, nil)
	if got := book.BriefBySlug["y"].Links[0].Href; got != "/briefs/x/" || book.BriefBySlug["x"].Path != pub.Path {
		t.Errorf("href = %q, want the published brief", got)
	}
}

func TestDuplicateURLs(t *testing.T) {
	b1 := newBrief("x", "2024-01-01")
	b1.Path = "content/briefs/z.md"
	b2 := newBrief("x", "2024-01-02")
	b2.Path = "content/briefs/a/x.md"
	b2.Line["slug"] = 7
	a1 := &model.Actor{Doc: model.Doc{Path: "content/actors/kr.md"}, Slug: "kr", Name: "Korea"}
	a2 := &model.Actor{Doc: model.Doc{Path: "content/actors/kr2.md"}, Slug: "kr", Name: "Corea"}
	d1 := &model.Domain{Doc: model.Doc{Path: "content/domains/cyber.md"}, Slug: "cyber", Title: "Cyber"}
	d2 := &model.Domain{Doc: model.Doc{Path: "content/domains/Cyber.md"}, Slug: "cyber", Title: "Cyber 2"}
	var l diag.List
	book := Resolve(Input{Briefs: []*model.Brief{b1, b2}, Actors: []*model.Actor{a2, a1}, Domains: []*model.Domain{d1, d2}}, &l)
	var got []string
	for _, dg := range l.Sorted() {
		got = append(got, dg.String())
		if len(dg.Notes) != 1 {
			t.Errorf("%s: notes = %q, want one", dg, dg.Notes)
		}
	}
	checkDiags(t, got, []string{
		"content/actors/kr2.md: error: duplicate URL /actors/kr/: also produced by content/actors/kr.md",
		"content/briefs/z.md: error: duplicate URL /briefs/x/: also produced by content/briefs/a/x.md",
		"content/domains/cyber.md: error: duplicate URL /domains/cyber/: also produced by content/domains/Cyber.md",
	})
	if book.BriefBySlug["x"].Path != b2.Path || len(book.Briefs) != 1 {
		t.Errorf("kept %v, want only content/briefs/a/x.md", book.Briefs)
	}
	if book.ActorBySlug["kr"].Path != a1.Path || book.DomainBySlug["cyber"].Path != d2.Path {
		t.Errorf("kept the wrong profile")
	}

	// The position is that of the slug key when the frontmatter sets one.
	b1.Line["slug"] = 3
	_, diags := run(t, Input{Briefs: []*model.Brief{b1, b2}})
	checkDiags(t, diags, []string{
		"content/briefs/z.md:3:1: error: duplicate URL /briefs/x/: also produced by content/briefs/a/x.md",
	})
}

// TestDuplicateNormalization checks that two file names that differ only
// in Unicode normalization, and so look the same, are told apart.
func TestDuplicateNormalization(t *testing.T) {
	nfc := newBrief("caf\u00e9", "2024-01-01")
	nfc.Path = "content/briefs/caf\u00e9.md"
	nfd := newBrief("caf\u00e9", "2024-01-02")
	nfd.Path = "content/briefs/cafe\u0301.md"
	var l diag.List
	Resolve(Input{Briefs: []*model.Brief{nfc, nfd}}, &l)
	ds := l.Sorted()
	if len(ds) != 1 || ds[0].Path != nfc.Path || // the later of the two in path order
		!strings.HasSuffix(ds[0].Message, "(the same name with its accented letters encoded another way: this file's name is in Unicode NFC (composed) form, that one's in NFD (decomposed))") ||
		!slices.Equal(ds[0].Notes, []string{"rename or remove one of the two files"}) {
		t.Errorf("diagnostics = %+v", ds)
	}
}

// TestLinkToDuplicateLoser checks that a link to a file that lost a
// duplicate-URL clash says so, rather than that the file does not exist
// (issue 10: a/x.md and b/x.md both present, a link to b/x.md).
func TestLinkToDuplicateLoser(t *testing.T) {
	a := newBrief("x", "2024-01-01")
	a.Path = "content/briefs/a/x.md"
	b := newBrief("x", "2024-01-02")
	b.Path = "content/briefs/b/x.md"
	from := withRefs(newBrief("from", "2024-01-03"), rel("b/x.md", ""))
	_, diags := run(t, Input{Briefs: []*model.Brief{a, b, from}})
	checkDiags(t, diags, []string{
		"content/briefs/b/x.md: error: duplicate URL /briefs/x/: also produced by content/briefs/a/x.md",
		"content/briefs/from.md:10:1: error: broken link: content/briefs/b/x.md is not published: its URL /briefs/x/ is produced by content/briefs/a/x.md",
	})
}

func TestHome(t *testing.T) {
	tests := []struct {
		name string
		home *model.Home
		site string
		want string
	}{
		{"no home, no site title", nil, "", "Briefing book"},
		{"no home", nil, "Site", "Site"},
		{"home without title", &model.Home{Doc: model.Doc{Path: "content/_index.md"}}, "Site", "Site"},
		{"home title", &model.Home{Title: "Home"}, "Site", "Home"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orig := ""
			if tt.home != nil {
				orig = tt.home.Title
			}
			book, _ := run(t, Input{Home: tt.home, Site: model.Site{Title: tt.site}})
			if book.Home == nil || book.Home.Title != tt.want {
				t.Errorf("Home = %+v, want title %q", book.Home, tt.want)
			}
			if tt.home != nil && tt.home.Title != orig {
				t.Errorf("the parsed home's title changed to %q", tt.home.Title)
			}
		})
	}
}

func TestLineText(t *testing.T) {
	src := map[string][]byte{
		"content/briefs/a.md": []byte("---\ntitle: A\n---\nSee [[gsomai]] for more.\n"),
	}
	ref := model.Ref{Kind: model.RefBrief, Target: "gsomai", Line: 4, Col: 5, Len: 10}
	in := Input{
		Briefs: []*model.Brief{withRefs(newBrief("a", "2024-01-01"), ref), newBrief("gsomia", "2024-01-01")},
		Src:    func(p string) []byte { return src[p] },
	}
	var l diag.List
	Resolve(in, &l)
	ds := l.Sorted()
	if len(ds) != 1 {
		t.Fatalf("got %d diagnostics, want 1", len(ds))
	}
	want := diag.Diagnostic{
		Severity: diag.Error, Path: "content/briefs/a.md", Line: 4, Col: 5, Len: 10,
		Message:  `unknown brief "gsomai" in wikilink; did you mean "gsomia"?`,
		LineText: "See [[gsomai]] for more.",
	}
	if fmt.Sprint(ds[0]) != fmt.Sprint(want) || ds[0].LineText != want.LineText {
		t.Errorf("got %+v\nwant %+v", ds[0], want)
	}
}

// TestResolveTwice checks that resolving the same parsed values again (as a
// server does after an edit elsewhere) gives the same book.
func TestResolveTwice(t *testing.T) {
	in := synthetic(300, 7)
	first := summary(Resolve(in, &diag.List{}))
	second := summary(Resolve(in, &diag.List{}))
	if first != second {
		t.Errorf("second resolve differs from the first")
	}
}

// summary prints everything resolve computes about a book.
func summary(b *model.Book) string {
	var s strings.Builder
	for _, br := range b.Briefs {
		fmt.Fprintf(&s, "%s %s related=[%s] from=[%s] to=[%s] refs=", br.Slug, br.URL,
			slugs(br.Related), slugs(br.LinkedFrom), slugs(br.LinksTo))
		for _, r := range br.References {
			fmt.Fprintf(&s, "%d:%s:%v ", r.N, r.Source.ID, r.Cited)
		}
		for _, a := range br.ActorList {
			fmt.Fprintf(&s, "a:%s ", a.Slug)
		}
		for _, l := range br.Links {
			fmt.Fprintf(&s, "%s|%s|%v|%v ", l.Href, l.Text, l.Numbers, l.OK)
		}
		s.WriteString("\n")
	}
	for _, a := range b.Actors {
		fmt.Fprintf(&s, "%s %d", a.Slug, len(a.Briefs))
		for _, c := range a.CoActors {
			fmt.Fprintf(&s, " %s:%d", c.Actor.Slug, c.Count)
		}
		s.WriteString("\n")
	}
	for _, d := range b.Domains {
		fmt.Fprintf(&s, "%s %d\n", d.Slug, len(d.Briefs))
	}
	for _, src := range b.Sources {
		fmt.Fprintf(&s, "%s %s %d\n", src.ID, src.PageURL, len(src.Briefs))
	}
	return s.String()
}
