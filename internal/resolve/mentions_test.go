package resolve

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
)

func TestMentions(t *testing.T) {
	actor := func(slug, name string, aliases ...string) *model.Actor {
		return &model.Actor{Doc: model.Doc{Path: "content/actors/" + slug + ".md"}, Slug: slug, Name: name, Aliases: aliases, Profile: true}
	}
	domain := func(slug, title string) *model.Domain {
		return &model.Domain{Doc: model.Doc{Path: "content/domains/" + slug + ".md"}, Slug: slug, Title: title, Profile: true}
	}
	body := func(b *model.Brief, html string, refs ...model.Ref) *model.Brief {
		b.Body = []byte(html)
		b.Refs = refs
		b.Domains = []string{"cyber"}
		return b
	}
	src := bib("pact", 1)
	src.Title, src.Short = "General Security of Military Information Agreement", "Pact Text"
	in := Input{
		Actors: []*model.Actor{
			actor("gsomia", "GSOMIA", "General Security of Military Intelligence Agreement"),
			actor("korea", "Korea"),
			actor("north-korea", "North Korea", "DPRK"),
			actor("moon", "Moon Jae-in", "Moon"),
			actor("japan", "Japan", "Tokyo"),
			actor("elysee", "Élysée Palace"), // non-ASCII first word, matched in any case
			actor("obb", "ÖBB"),              // non-ASCII acronym, matched in case
		},
		Domains: []*model.Domain{domain("cyber", "Cyber"), domain("supply-chains", "Supply Chains")},
		Sources: []*model.Source{src},
		Briefs: []*model.Brief{
			// Tagged in frontmatter: not also "mentioned".
			func() *model.Brief {
				b := body(newBrief("tagged", "2024-01-01"), "<p>GSOMIA and cyber.</p>")
				b.Actors = []string{"GSOMIA"}
				return b
			}(),
			// Plain text: acronyms in case, whole words only, longest first.
			body(newBrief("text", "2024-01-02"), "<p>The GSOMIA talks; gsomia; GSOMIAS; North Korea&#39;s tests.</p><p>SUPPLY chains and the moon.</p>"),
			// A wikilink whose text is the target brief's title ("GSOMIA pact").
			body(newBrief("link", "2024-01-03"), "<p>See "+model.Marker(0)+".</p>", wiki(model.RefBrief, "pact-brief")),
			// Links to pages count; a citation does not.
			body(newBrief("pages", "2024-01-04"), "<p>"+model.Marker(0)+" and "+model.Marker(1)+"</p>",
				wiki(model.RefActor, "Japan"), wiki(model.RefSource, "pact")),
			// Names split by tags and hyphens; a short name in another case.
			body(newBrief("split", "2024-01-05"), "<p><em>Moon</em> Jae-in met MOON in <a href=\"x\">Tokyo</a>. The Pact Text.</p>"),
			body(newBrief("none", "2024-01-06"), "<p>Koreans, japanese-style, cybernetics; the élysée; Öbb.</p>"),
			body(newBrief("unicode", "2024-01-08"), "<p>ÉLYSÉE palace and the ÖBB.</p>"),
			func() *model.Brief {
				b := body(newBrief("pact-brief", "2024-01-07"), "<p>x</p>")
				b.Title = "GSOMIA pact"
				b.Sources = []model.SourceRef{{ID: "pact", Line: 6, Col: 1}}
				return b
			}(),
		},
	}
	book, diags := run(t, in)
	if len(diags) != 0 {
		t.Fatalf("diagnostics: %q", diags)
	}
	for _, c := range []struct {
		name string
		got  []*model.Brief
		want string
	}{
		{"GSOMIA tagged", book.ActorBySlug["gsomia"].Briefs, "tagged"},
		{"GSOMIA mentioned", book.ActorBySlug["gsomia"].Mentioned, "link text"},
		{"North Korea", book.ActorBySlug["north-korea"].Mentioned, "text"},
		{"Korea", book.ActorBySlug["korea"].Mentioned, ""},
		{"Moon Jae-in", book.ActorBySlug["moon"].Mentioned, "split"},
		{"Japan", book.ActorBySlug["japan"].Mentioned, "split pages"},
		{"Supply Chains", book.DomainBySlug["supply-chains"].Mentioned, "text"},
		{"Cyber (one word: links only)", book.DomainBySlug["cyber"].Mentioned, ""},
		{"pact source", book.SourceByID["pact"].Mentioned, "split pages"},
		{"Élysée Palace", book.ActorBySlug["elysee"].Mentioned, "unicode"},
		{"ÖBB", book.ActorBySlug["obb"].Mentioned, "unicode"},
	} {
		if got := slugs(c.got); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestBodyText(t *testing.T) {
	doc := &model.Doc{
		Refs:  []model.Ref{{Kind: model.RefBrief, Label: "the label"}, {Kind: model.RefActor}, {Kind: model.RefCitation}},
		Links: []model.Link{{Text: "Ignored"}, {Text: "Actor Name"}, {Text: "[1]"}},
	}
	body := []byte("<p>A&amp;B " + model.Marker(0) + model.Marker(1) + "<a href=\"" + model.Marker(2) + "\">x</a>" + model.Marker(2) + "</p>")
	got := strings.Join(strings.Fields(bodyText(body, doc)), " ")
	if want := "A&B the label Actor Name x"; got != want {
		t.Errorf("bodyText = %q, want %q", got, want)
	}
}

func TestFoldable(t *testing.T) {
	for _, c := range []struct {
		name string
		want bool
	}{
		{"GSOMIA", false}, {"U.S.", false}, {"Moon", false}, {"Quad", false},
		{"Japan", true}, {"Moon Jae-in", true}, {"2+2", false},
	} {
		if got := foldable(c.name); got != c.want {
			t.Errorf("foldable(%q) = %v, want %v", c.name, got, c.want)
		}
	}
}

// TestMentionsAcrossResolves checks that mentions kept from the previous
// resolve follow the book's names: after each change of an actor's
// aliases, a domain's title or a source's title (names that begin with a
// word some bodies hold, and names that do not), ResolveFrom gives the
// Mentioned lists a resolve from scratch gives, and it reuses the bodies a
// change cannot reach.
func TestMentionsAcrossResolves(t *testing.T) {
	brief := func(slug, html string) *model.Brief {
		b := newBrief(slug, "2024-01-0"+slug[len(slug)-1:])
		b.Body = []byte(html)
		b.Domains = []string{"cyber"}
		return b
	}
	actor := &model.Actor{Doc: model.Doc{Path: "content/actors/japan.md"}, Slug: "japan", Name: "Japan", Profile: true}
	domain := &model.Domain{Doc: model.Doc{Path: "content/domains/cyber.md"}, Slug: "cyber", Title: "Cyber", Profile: true}
	src := bib("pact", 1)
	src.Title = "A Study"
	in := Input{
		Actors:  []*model.Actor{actor},
		Domains: []*model.Domain{domain},
		Sources: []*model.Source{src},
		Briefs: []*model.Brief{
			brief("b1", "<p>Tokyo and Seoul met.</p>"),
			brief("b2", "<p>Supply chains of chips.</p>"),
			brief("b3", "<p>Nothing here.</p>"),
			brief("b4", "<p>The Cyber Defence Plan of Tokyo.</p>"),
		},
	}
	mentioned := func(b *model.Book) string {
		var sb strings.Builder
		for _, a := range b.Actors {
			sb.WriteString("actor " + a.Slug + ": " + slugs(a.Mentioned) + "\n")
		}
		for _, dm := range b.Domains {
			sb.WriteString("domain " + dm.Slug + ": " + slugs(dm.Mentioned) + "\n")
		}
		for _, s := range b.Sources {
			sb.WriteString("source " + s.ID + ": " + slugs(s.Mentioned) + "\n")
		}
		return sb.String()
	}
	setTitle := func(title string) {
		s := *src
		s.Title = title
		in.Sources = []*model.Source{&s}
	}
	// Each edit gives a new parse result, as the parse stage does: parse
	// results never change once made, and ResolveFrom knows them by
	// identity.
	aliases := func(names ...string) {
		a := *actor
		a.Aliases = names
		in.Actors = []*model.Actor{&a}
	}
	var memo *Memo
	steps := []struct {
		what string
		edit func()
	}{
		{"start", func() {}},
		{"alias Tokyo", func() { aliases("Tokyo") }},
		{"alias Seoul Tokyo", func() { aliases("Seoul", "Tokyo") }},
		{"no aliases", func() { aliases() }},
		{"domain Supply Chains", func() {
			dm := *domain
			dm.Title = "Supply Chains"
			in.Domains = []*model.Domain{&dm}
		}},
		{"source title with a brief's words", func() { setTitle("The Cyber Defence Plan") }},
		{"alias nobody writes", func() { aliases("Nihon Koku") }},
	}
	for _, st := range steps {
		st.edit()
		var d1, d2 diag.List
		got, m := ResolveFrom(memo, in, &d1)
		memo = m
		want := Resolve(in, &d2)
		if g, w := mentioned(got), mentioned(want); g != w {
			t.Fatalf("after %s: ResolveFrom gives\n%s\nResolve gives\n%s", st.what, g, w)
		}
	}
	// The last change names a word no body holds, so every body's mentions
	// are reused (the word filter may, very rarely, give a false positive
	// for one body: at least 3 of 4).
	if memo.mentionsReused < 3 {
		t.Errorf("after an alias no body holds, %d of 4 briefs' mentions reused, want at least 3", memo.mentionsReused)
	}
	// A new actor, with a page of its own and a name no body holds, reaches
	// no body either: adding a page does not search every body again.
	in.Actors = append(slices.Clone(in.Actors), &model.Actor{Doc: model.Doc{Path: "content/actors/zzyzx.md"}, Slug: "zzyzx", Name: "Zzyzx", Profile: true})
	got, m := ResolveFrom(memo, in, &diag.List{})
	if g, w := mentioned(got), mentioned(Resolve(in, &diag.List{})); g != w {
		t.Fatalf("after a new actor: ResolveFrom gives\n%s\nResolve gives\n%s", g, w)
	}
	if m.mentionsReused < 3 {
		t.Errorf("after a new actor no body names, %d of 4 briefs' mentions reused, want at least 3", m.mentionsReused)
	}
	// A name whose first word some bodies hold but whose other words none
	// does reaches only the bodies that may hold all its words: b1 and b4
	// hold "Tokyo", only b4 the old title's words.
	setTitle("Tokyo Zqx Accord on Shared Radar Data")
	got, m = ResolveFrom(m, in, &diag.List{})
	if g, w := mentioned(got), mentioned(Resolve(in, &diag.List{})); g != w {
		t.Fatalf("after a source title: ResolveFrom gives\n%s\nResolve gives\n%s", g, w)
	}
	if m.mentionsReused < 3 {
		t.Errorf("after a source title only b4 may hold, %d of 4 briefs' mentions reused, want 3", m.mentionsReused)
	}
	setTitle("The Cyber Defence Plan")
	if !strings.Contains(mentioned(Resolve(in, &diag.List{})), "source pact: b4") {
		t.Fatalf("the test's last source title is not mentioned where expected:\n%s", mentioned(Resolve(in, &diag.List{})))
	}
}

// TestSourceTitleMentions checks that a change of a source's title or
// short title, as a save of sources.yaml makes, moves the briefs whose
// bodies name it into and out of the source's Mentioned list exactly as
// a resolve from scratch does: a title of four words appearing, in any
// case; one cut to three words disappearing; a short title appearing; an
// acronym matching only in its case; a title one word longer than a
// body's text not matching. After each change, the bodies that cannot
// hold every word of the old and the new names keep their mentions
// without being searched again.
func TestSourceTitleMentions(t *testing.T) {
	brief := func(slug, html string) *model.Brief {
		b := newBrief(slug, "2024-01-0"+slug[len(slug)-1:])
		b.Body = []byte(html)
		return b
	}
	domain := &model.Domain{Doc: model.Doc{Path: "content/domains/cyber.md"}, Slug: "cyber", Title: "Cyber", Profile: true}
	src := bib("pact", 1)
	src.Title = "A Study"
	in := Input{
		Domains: []*model.Domain{domain},
		Sources: []*model.Source{src},
		Briefs: []*model.Brief{
			brief("b1", "<p>Tokyo and Seoul met.</p>"),
			brief("b2", "<p>Supply chains of chips.</p>"),
			brief("b3", "<p>Nothing here.</p>"),
			brief("b4", "<p>The Cyber Defence Plan of Tokyo.</p>"),
			brief("b5", "<p>The GSOMIA lapsed; gsomia talks go on.</p>"),
		},
	}
	var memo *Memo
	for _, st := range []struct {
		title, short string
		want         string // the slugs of the briefs mentioning the source, newest first
		reused       int    // at least this many bodies not searched again
	}{
		{"A Study", "", "", 0},
		{"The Cyber Defence Plan", "", "b4", 3},
		{"the cyber defence plan", "", "b4", 3},
		{"Cyber Defence Plan", "", "", 3},
		{"Cyber Defence Plan", "Seoul", "b1", 3},
		{"Cyber Defence Plan", "GSOMIA", "b5", 3},
		{"Supply Chains of Chips Today", "", "", 3},
		// b2 holds every word of both titles, but not one after the
		// other: its body is not searched again.
		{"Chips of Supply Chains", "", "", 5},
		{"Supply chains of chips", "", "b2", 3},
		{"A Study", "", "", 3},
		// An acronym matches in case: b1 holds the words in order, in
		// another case, and is searched, but does not mention it. Taking
		// the name out then searches no body: none mentioned it.
		{"TOKYO AND SEOUL MET", "", "", 4},
		{"A Study", "", "", 5},
	} {
		s := *src // a new parse result, as a save of sources.yaml gives
		s.Title, s.Short = st.title, st.short
		in.Sources = []*model.Source{&s}
		var d1, d2 diag.List
		got, m := ResolveFrom(memo, in, &d1)
		memo = m
		want := Resolve(in, &d2)
		what := fmt.Sprintf("title %q, short title %q", st.title, st.short)
		if g := slugs(got.Sources[0].Mentioned); g != st.want {
			t.Errorf("%s: mentioned by %q, want %q", what, g, st.want)
		}
		if g, w := slugs(got.Sources[0].Mentioned), slugs(want.Sources[0].Mentioned); g != w {
			t.Errorf("%s: ResolveFrom gives %q, Resolve %q", what, g, w)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: ResolveFrom's book differs from Resolve's", what)
		}
		if m.mentionsReused < st.reused {
			t.Errorf("%s: %d of 5 bodies' mentions reused, want at least %d", what, m.mentionsReused, st.reused)
		}
	}
}

// TestWordFilter checks that a body's word filter holds its words and
// the pairs of words that follow each other in its text (across tags and
// links), and rules out words it lacks and pairs that do not follow each
// other. A Bloom filter may hold what was not added: the bodies are short
// enough that a false positive is about one in a million.
func TestWordFilter(t *testing.T) {
	b := newBrief("b", "2024-01-01")
	b.Body = []byte("<p>Supply <em>chains</em> of " + model.Marker(0) + " today.</p>")
	b.Refs = []model.Ref{{Kind: model.RefBrief, Target: "x", Label: "Chips-Act"}}
	b.Links = []model.Link{{OK: true, Href: "/briefs/x/", Text: "x"}}
	x := (&resolver{book: &model.Book{}}).newNameIndex()
	_, f := x.briefMentions(b)
	for _, tc := range []struct {
		words []string
		want  bool
	}{
		{[]string{"supply"}, true},
		{[]string{"supply", "chains", "of", "chips", "act", "today"}, true},
		{[]string{"of", "chips"}, true},
		{[]string{"act", "today"}, true},
		{[]string{"supply", "of"}, false},
		{[]string{"chains", "supply"}, false},
		{[]string{"today", "supply"}, false},
		{[]string{"supply", "chains", "today"}, false},
		{[]string{"supply", "lines"}, false},
		{[]string{"demand"}, false},
	} {
		if got := f.mayHoldAll(tc.words); got != tc.want {
			t.Errorf("mayHoldAll(%q) = %v, want %v", tc.words, got, tc.want)
		}
	}
	var none *wordFilter // a body that could not be read may hold anything
	if !none.mayHoldAll([]string{"supply", "of"}) {
		t.Error("a nil filter rules words out")
	}
}

// TestEqualFold checks equalFold against strings.EqualFold, in ASCII and
// beyond (the Kelvin sign and the long s fold to ASCII letters).
func TestEqualFold(t *testing.T) {
	for _, tc := range [][2]string{
		{"korea", "Korea"}, {"korea", "KOREA"}, {"korea", "korean"}, {"korea", "kore"}, {"korea", "korez"},
		{"a-1", "A-1"}, {"a[1", "A{1"}, {"@", "`"}, {"", ""},
		{"élysée", "ÉLYSÉE"}, {"kelvin", "\u212aelvin"}, {"sea", "\u017fea"}, {"\u017fea", "SEA"}, {"ab", "a\u00e9"},
	} {
		if got, want := equalFold(tc[0], []byte(tc[1])), strings.EqualFold(tc[0], tc[1]); got != want {
			t.Errorf("equalFold(%q, %q) = %v, want %v", tc[0], tc[1], got, want)
		}
	}
}

// TestChangedNames checks which names two indexes' signatures differ by,
// and which of them were only taken out (gone: the key of their target).
func TestChangedNames(t *testing.T) {
	sig := func(words, fold, key string) string { return words + "\x00" + fold + "\x00" + key }
	old := map[string]string{
		sig("north\x1fkorea", "true", "a/actors/nk/"):   "north",
		sig("alpha\x1freport", "true", "salpha"):        "alpha",
		sig("GSOMIA", "false", "a/actors/gsomia/"):      "gsomia",
		sig("the\x1fpact", "true", "spact"):             "the",
		sig("the\x1fpact", "true", "a/actors/pact/"):    "the",
		sig("kept\x1fname", "true", "skept"):            "kept",
		sig("Moon", "false", "a/actors/moon/"):          "moon",
		sig("trade\x1fpolicy", "true", "d/domains/tp/"): "trade",
	}
	now := map[string]string{
		sig("kept\x1fname", "true", "skept"):             "kept",
		sig("gsomia", "true", "a/actors/gsomia/"):        "gsomia", // now folds
		sig("moon", "true", "a/actors/moon/"):            "moon",
		sig("trade\x1fpolicy", "true", "d/domains/tp2/"): "trade", // another target
		sig("new\x1fname", "true", "snew"):               "new",
	}
	got := map[string]string{}
	for _, c := range changedNames(old, now) {
		w := strings.Join(c.words, " ")
		if _, dup := got[w]; dup {
			t.Errorf("%q listed twice", w)
		}
		got[w] = c.gone
	}
	want := map[string]string{
		"north korea":  "a/actors/nk/",
		"alpha report": "salpha",
		"gsomia":       "",
		"the pact":     "", // names of two targets
		"moon":         "",
		"trade policy": "",
		"new name":     "",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("changedNames = %v, want %v", got, want)
	}
}
