package resolve

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
)

// TestResolveFromEqualsResolve applies seeded random edits to a synthetic
// book, with a small window and small-list bound so that windows, large
// lists and lists crossing the bound all occur, and checks after every
// edit that the book from ResolveFrom equals a resolve from scratch: every
// brief's Related, links, references, backlinks, actors and domains, the
// links of profiles and the home page, the actors, domains and sources
// with their lists, and every diagnostic. Edits cover everything a brief's
// kept resolution depends on (see brief.go): titles, slugs, paths,
// headings, drafts, links that break or mend, implicit actors and
// domains, inline sources, profiles, the bibliography, published files and
// the home page. A failure prints the seed and the edits so far.
func TestResolveFromEqualsResolve(t *testing.T) {
	defer func(w, l int) { window, largeList = w, l }(window, largeList)
	window, largeList = 8, 6
	reused, fast, bodies, fastBodies, fastProfiles, near := 0, 0, 0, 0, 0, 0
	structural := map[string][2]int{} // kind of edit → published briefs edited, edits that reused the book
	for seed := range uint64(6) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 7))
			in := synthetic(120, seed)
			in.Briefs[3].Draft = true
			in.Home = &model.Home{Doc: model.Doc{Path: "content/_index.md", Refs: []model.Ref{rel("briefs/brief-5.md", "outlook")}}}
			in.Files = map[string]string{"content/briefs/chart.png": "/briefs/chart.png"}
			var memo *Memo
			var log []string
			// Saves of the bibliography, between the edits of rng (a
			// generator of their own, so that those stay what they were).
			bib := rand.New(rand.NewPCG(seed, 11))
			check := func(step int, got *Memo, book *model.Book, d1 *diag.List) {
				t.Helper()
				checkSameAsResolve(t, fmt.Sprintf("seed %d, after step %d (reused %v), edits:\n%s\n",
					seed, step, got.reusedBook, strings.Join(log, "\n")), book, d1, in)
			}
			for step := range 120 {
				if memo != nil && bib.IntN(5) == 0 {
					log = append(log, editBibliography(bib, &in))
					var d1 diag.List
					var got *model.Book
					got, memo = ResolveFrom(memo, in, &d1)
					c := structural["bibliography"]
					c[0]++
					if memo.reusedBook {
						c[1]++
					}
					structural["bibliography"] = c
					check(step, memo, got, &d1)
				}
				kinds := 1
				if rng.IntN(10) == 0 {
					kinds = 2 + rng.IntN(8) // several files in one update
				}
				body, kind := false, ""
				for range kinds {
					what := editInput(rng, &in)
					log = append(log, what)
					body = kinds == 1 && strings.HasPrefix(what, "body ")
					if kinds == 1 {
						kind = structuralKind(what)
					}
				}
				if seed%2 == 1 { // as the site gives them, which lets ResolveFrom compare the briefs with prev's by path
					slices.SortStableFunc(in.Briefs, func(a, b *model.Brief) int { return strings.Compare(a.Path, b.Path) })
				}
				var d1 diag.List
				var got *model.Book
				wasPublished := memo != nil && memo.book != nil && memo.book.BriefBySlug[lastSlug(log)] != nil
				if kind == "add" { // a brief with a slug of its own
					wasPublished = memo != nil && memo.book != nil && !wasPublished
				}
				got, memo = ResolveFrom(memo, in, &d1)
				reused += memo.reused
				near += memo.relatedNear
				if memo.reusedBook {
					fast++
					if kinds == 1 && strings.HasPrefix(log[len(log)-1], "profile text") {
						fastProfiles++
					}
				}
				if kind == "site" || kind == "bibliography" || kind != "" && wasPublished {
					c := structural[kind]
					c[0]++
					if memo.reusedBook {
						c[1]++
					}
					structural[kind] = c
				}
				if body && wasPublished {
					bodies++
					if memo.reusedBook {
						fastBodies++
					}
				}
				check(step, memo, got, &d1)
			}
		})
	}
	if reused == 0 {
		t.Errorf("no brief's resolution was ever reused")
	}
	t.Logf("%d briefs' Related came from their old list and their window's changes (nearby.go)", near)
	if near == 0 {
		t.Errorf("no brief's Related came from its old list and its window's changes")
	}
	// The edits of a published brief's body alone keep the book's
	// structure: nearly all of them reuse the book (not all: one may
	// follow a draft's edit, or land on a brief whose edit to a link
	// label changed what its body mentions).
	t.Logf("%d of %d resolves reused the book; %d of %d body edits of a published brief", fast, 6*120, fastBodies, bodies)
	if bodies == 0 || fastBodies < bodies*3/4 {
		t.Errorf("%d of %d edits of a published brief's body reused the previous book, want at least 3/4", fastBodies, bodies)
	}
	if fastProfiles == 0 {
		t.Errorf("no edit of a profile's text reused the previous book")
	}
	// Edits that change the book's structure are taken by reuse too,
	// most of the time (not when a profile or the home page links to the
	// brief, or an edit changes what a brief linking to it mentions).
	for _, kind := range []string{"title", "actors", "date", "domains", "sources", "site", "bibliography", "add", "delete", "rename", "implicit", "implicit-drop"} {
		c := structural[kind]
		t.Logf("%s: %d of %d edits reused the previous book", kind, c[1], c[0])
		if c[0] == 0 || c[1] < c[0]/2 {
			t.Errorf("%s: %d of %d edits reused the previous book, want at least half", kind, c[1], c[0])
		}
	}
}

// checkSameAsResolve fails the test, its message starting with what,
// unless got and the problems in d equal those a full Resolve of in
// gives: as bookText prints them, and in every field (a reused book must
// be the very book a resolve gives).
func checkSameAsResolve(t *testing.T, what string, got *model.Book, d *diag.List, in Input) {
	t.Helper()
	var d2 diag.List
	want := Resolve(in, &d2)
	if g, w := bookText(got, d), bookText(want, &d2); g != w {
		t.Fatalf("%sResolveFrom and Resolve differ:\n%s", what, firstDiff(g, w))
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%sResolveFrom and Resolve give books that are not deeply equal", what)
	}
}

// structuralKind returns the kind of a structure-changing edit that
// editInput describes as what ("title", ...), or "".
func structuralKind(what string) string {
	switch {
	case strings.HasPrefix(what, "title-"):
		return "title"
	case strings.HasPrefix(what, "actors "):
		return "actors"
	case strings.HasPrefix(what, "date "):
		return "date"
	case strings.HasPrefix(what, "source-"):
		return "sources"
	case strings.HasPrefix(what, "domains "):
		return "domains"
	case strings.HasPrefix(what, "site title "):
		return "site"
	case strings.HasPrefix(what, "source title "), strings.HasPrefix(what, "bib fields "):
		return "bibliography"
	case strings.HasPrefix(what, "add "):
		return "add"
	case strings.HasPrefix(what, "delete "):
		return "delete"
	case strings.HasPrefix(what, "rename "):
		return "rename"
	case strings.HasPrefix(what, "implicit "):
		return "implicit"
	case strings.HasPrefix(what, "implicit-drop "):
		return "implicit-drop"
	}
	return ""
}

// lastSlug returns the slug of the brief the last edit of log names
// ("body brief-3 content/briefs/brief-3.md"), or "".
func lastSlug(log []string) string {
	if len(log) == 0 {
		return ""
	}
	f := strings.Fields(log[len(log)-1])
	if len(f) < 2 {
		return ""
	}
	return f[len(f)-2]
}

// bookText describes everything resolve gives, one line per value, and
// the diagnostics of d.
func bookText(b *model.Book, d *diag.List) string {
	var sb strings.Builder
	sb.WriteString(summary(b))
	sb.WriteString(relatedOf(b))
	links := func(doc *model.Doc) {
		fmt.Fprintf(&sb, "%s:", doc.Path)
		for _, l := range doc.Links {
			fmt.Fprintf(&sb, " %s|%s|%v|%v", l.Href, l.Text, l.Numbers, l.OK)
		}
		sb.WriteByte('\n')
	}
	links(&b.Home.Doc)
	fmt.Fprintf(&sb, "home %q\n", b.Home.Title)
	for _, br := range b.Briefs {
		fmt.Fprintf(&sb, "%s %s %q %s n=%s prev=%s next=%s d=[", br.Slug, br.Path, br.Title, br.URL, br.Number, slugOf(br.Prev), slugOf(br.Next))
		for _, dm := range br.DomainList {
			fmt.Fprintf(&sb, "%s ", dm.Slug)
		}
		sb.WriteString("]\n")
	}
	for _, a := range b.Actors {
		fmt.Fprintf(&sb, "actor %s %q %v %s [%s] m=[%s]\n", a.Slug, a.Name, a.Profile, a.URL, slugs(a.Briefs), slugs(a.Mentioned))
		links(&a.Doc)
	}
	for _, dm := range b.Domains {
		fmt.Fprintf(&sb, "domain %s %q %v [%s] m=[%s]\n", dm.Slug, dm.Title, dm.Profile, slugs(dm.Briefs), slugs(dm.Mentioned))
		links(&dm.Doc)
	}
	for _, s := range b.Sources {
		fmt.Fprintf(&sb, "source %s %q %s [%s] m=[%s]\n", s.ID, s.Title, s.Path, slugs(s.Briefs), slugs(s.Mentioned))
	}
	for _, dg := range d.Sorted() {
		fmt.Fprintf(&sb, "%s %q %v\n", dg, dg.Suggestion, dg.Notes)
	}
	return sb.String()
}

// slugOf returns b's slug, or "-" for nil.
func slugOf(b *model.Brief) string {
	if b == nil {
		return "-"
	}
	return b.Slug
}

// firstDiff returns the first line where got and want differ, with both.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := range max(len(g), len(w)) {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\n got %s\nwant %s", i+1, a, b)
		}
	}
	return "(no difference)"
}

// relatedOf lists every brief's Related slugs, one brief per line.
func relatedOf(b *model.Book) string {
	var sb strings.Builder
	for _, br := range b.Briefs {
		fmt.Fprintf(&sb, "%s:", br.Slug)
		for _, r := range br.Related {
			fmt.Fprintf(&sb, " %s", r.Slug)
		}
		sb.WriteByte('\n')
	}
	return sb.String()
}

// editInput makes one random edit to in (to a copy of what it changes,
// as the parse stage would give) and describes it.
func editInput(rng *rand.Rand, in *Input) string {
	if rng.IntN(8) == 0 {
		return editTables(rng, in)
	}
	n := len(in.Briefs)
	i := rng.IntN(n)
	b := *in.Briefs[i]
	b.Actors = slices.Clone(b.Actors)
	b.Domains = slices.Clone(b.Domains)
	b.Sources = slices.Clone(b.Sources)
	b.Refs = slices.Clone(b.Refs)
	briefs := slices.Clone(in.Briefs)
	in.Briefs = briefs
	other := briefs[rng.IntN(n)]
	if rng.IntN(3) == 0 {
		what := editOwn(rng, &b)
		briefs[i] = &b
		return what + " " + b.Slug + " " + b.Path
	}
	var what string
	switch rng.IntN(22) {
	case 20, 21: // an actor without a profile: new, or its last use dropped
		if k := slices.IndexFunc(briefs, hasNewcomer); k >= 0 && rng.IntN(2) == 0 {
			i, b = k, *briefs[k]
			b.Actors = slices.DeleteFunc(slices.Clone(b.Actors), isNewcomer)
			what = "implicit-drop " + b.Slug
			break
		}
		b.Actors = append(b.Actors, fmt.Sprintf("Newcomer %d", rng.IntN(40)))
		what = "implicit " + b.Slug
	case 0:
		b.Date = b.Date.AddDate(0, 0, rng.IntN(2000)-1000)
		what = "date " + b.Slug
	case 1:
		b.Actors = []string{fmt.Sprintf("actor %d", rng.IntN(20))}
		what = "actors " + b.Slug
	case 2:
		b.Domains = []string{fmt.Sprintf("domain-%d", rng.IntN(12))}
		what = "domains " + b.Slug
	case 3:
		id := fmt.Sprintf("src-%d", rng.IntN(30))
		b.Sources = append(b.Sources, model.SourceRef{ID: id, Line: 9, Col: 5})
		b.Refs = append(b.Refs, cite(id))
		what = "source-" + id + " " + b.Slug
	case 4:
		b.Refs = append(b.Refs, wiki(model.RefBrief, other.Slug))
		what = "link " + other.Slug
	case 5:
		what = "rename " + b.Slug
		b.Slug += "-r"
		b.Path = strings.TrimSuffix(b.Path, ".md") + "-r.md"
	case 6:
		nb := newBrief(fmt.Sprintf("new-%d", rng.IntN(40)), "2021-06-01")
		nb.Date = nb.Date.AddDate(0, 0, rng.IntN(800))
		nb.Actors = []string{fmt.Sprintf("actor %d", rng.IntN(10))}
		nb.Refs = []model.Ref{wiki(model.RefBrief, fmt.Sprintf("new-%d", rng.IntN(40)))}
		if rng.IntN(4) > 0 { // a domain with a profile; "cyber" has none
			nb.Domains = []string{fmt.Sprintf("domain-%d", rng.IntN(12))}
		}
		in.Briefs = append(briefs, nb)
		return "add " + nb.Slug + " " + nb.Path
	case 7:
		if n > 20 {
			in.Briefs = slices.Delete(briefs, i, i+1)
			return "delete " + b.Slug + " " + b.Path
		}
		what = "none"
	case 8:
		b.Title = fmt.Sprintf("Title %d", rng.IntN(5))
		if rng.IntN(2) == 0 { // set anew as the frontmatter's last key: the others move up
			line := map[string]int{"date": 2, "actors": 3}
			for k, n := range b.Line {
				line[k] = n - 1
			}
			line["title"] = len(line) + 1
			b.Line = line
			b.Sources = slices.Clone(b.Sources)
			for k := range b.Sources {
				b.Sources[k].Line--
			}
		}
		what = "title-" + strings.ReplaceAll(b.Title, " ", "_") + " " + b.Slug
	case 9:
		both := []model.Heading{{Level: 2, ID: "background"}, {Level: 2, ID: "outlook"}}
		other := []model.Heading{{Level: 2, ID: "background"}, {Level: 2, ID: "summary"}} // as many, without outlook
		b.Headings = [][]model.Heading{nil, both[:1], both[1:], both, other}[rng.IntN(5)]
		what = fmt.Sprint("headings ", len(b.Headings))
	case 10:
		ref := wiki(model.RefBrief, other.Slug)
		ref.Fragment = []string{"outlook", "background", "nope"}[rng.IntN(3)]
		b.Refs = append(b.Refs, ref)
		what = "link " + other.Slug + "#" + ref.Fragment
	case 11:
		if rng.IntN(2) == 0 {
			other = briefs[rng.IntN(5)] // the briefs case 18 gives new slugs
		}
		target := []string{"../../" + other.Path, other.Path[len("content/briefs/"):], "missing.md", "chart.png", "../_index.md", "../actors/actor-3.md"}[rng.IntN(6)]
		b.Refs = append(b.Refs, rel(target, []string{"", "outlook"}[rng.IntN(2)]))
		what = "rel link " + target
	case 12:
		b.Refs = append(b.Refs, wiki(model.RefBrief, other.Slug[:len(other.Slug)-1]+"x"))
		what = "typo link"
	case 13:
		name := []string{"Someone %d", "someone-%d", "A%d", "Actor %d", "Newcomer %d"}[rng.IntN(5)]
		name = fmt.Sprintf(name, rng.IntN(4))
		if rng.IntN(2) == 0 {
			b.Actors = append(b.Actors, name)
		} else {
			b.Refs = append(b.Refs, wiki(model.RefActor, name))
		}
		what = "actor " + name
	case 14:
		v := []string{"Area %d", "area-%d", "area+%d", "Domain %d"}[rng.IntN(4)]
		v = fmt.Sprintf(v, rng.IntN(3))
		if rng.IntN(2) == 0 {
			b.Domains = append(b.Domains, v)
		} else {
			b.Refs = append(b.Refs, wiki(model.RefDomain, v))
		}
		what = "domain " + v
	case 15:
		id := fmt.Sprintf("in-%d", rng.IntN(4))
		b.Sources = append(b.Sources, inline(id, fmt.Sprintf("In %d", rng.IntN(2)), 11))
		b.Refs = append(b.Refs, cite(id))
		what = "inline source " + id
	case 16:
		id := []string{"src-1", "src-2", "in-0", "in-1", "nosuch"}[rng.IntN(5)]
		b.Refs = append(b.Refs, wiki(model.RefSource, id))
		what = "source link " + id
	case 17:
		b.Draft = !b.Draft
		what = fmt.Sprint("draft ", b.Draft)
	case 18:
		if rng.IntN(2) == 0 {
			b.Slug = other.Slug
		} else { // a new slug at the same path, for links to the path
			i = rng.IntN(5)
			b = *briefs[i]
			b.Slug += "-s"
		}
		what = "slug " + b.Slug
	default:
		b.Refs = append(b.Refs, cite("src-1", "nosuch"))
		what = "citation"
	}
	briefs[i] = &b
	return what + " " + b.Path
}

// editTables edits a profile, the bibliography, the published files or
// the home page of in, and describes the edit.
func editTables(rng *rand.Rand, in *Input) string {
	switch rng.IntN(8) {
	case 6: // an actor profile's own text: no index reads it
		in.Actors = slices.Clone(in.Actors)
		k := rng.IntN(len(in.Actors))
		a := *in.Actors[k]
		a.Summary, a.Kind = fmt.Sprintf("Summary %d", rng.IntN(100)), "state"
		a.Body = []byte(fmt.Sprintf("<p>Profile %d.</p>", rng.IntN(100)))
		in.Actors[k] = &a
		return "profile text " + a.Path
	case 7: // a domain profile's own text, or a link added to it
		in.Domains = slices.Clone(in.Domains)
		k := rng.IntN(len(in.Domains))
		dm := *in.Domains[k]
		dm.Summary = fmt.Sprintf("Summary %d", rng.IntN(100))
		dm.Params = map[string]any{"summary": dm.Summary}
		if rng.IntN(3) == 0 {
			dm.Refs = append(slices.Clone(dm.Refs), wiki(model.RefBrief, fmt.Sprintf("brief-%d", rng.IntN(130))))
		}
		in.Domains[k] = &dm
		return "profile text " + dm.Path
	case 0:
		in.Actors = slices.Clone(in.Actors)
		k := rng.IntN(len(in.Actors))
		a := *in.Actors[k]
		a.Aliases = []string{fmt.Sprintf("Someone %d", rng.IntN(4))}
		in.Actors[k] = &a
		return "alias " + a.Aliases[0] + " " + a.Path
	case 1:
		in.Domains = slices.Clone(in.Domains)
		k := rng.IntN(len(in.Domains))
		dm := *in.Domains[k]
		dm.Title = fmt.Sprintf("Area %d", rng.IntN(3))
		in.Domains[k] = &dm
		return "domain title " + dm.Title + " " + dm.Path
	case 2:
		in.Sources = slices.Clone(in.Sources)
		k := rng.IntN(4) // src-1 and src-2 are the targets of source links
		s := *in.Sources[k]
		s.Title = fmt.Sprintf("Edited %d", rng.IntN(100))
		in.Sources[k] = &s
		return "source title " + s.ID
	case 3:
		in.Sources = slices.Clone(in.Sources)
		id := fmt.Sprintf("in-%d", rng.IntN(4))
		in.Sources = append(in.Sources, &model.Source{ID: id, Title: "Bib " + id, Path: "content/sources.yaml", Line: 9000 + len(in.Sources)})
		return "bibliography " + id
	case 4:
		files := maps.Clone(in.Files)
		files["content/briefs/missing.md"] = "/briefs/missing.md"
		if _, ok := in.Files["content/briefs/missing.md"]; ok {
			delete(files, "content/briefs/missing.md")
		}
		in.Files = files
		return "files"
	default:
		if rng.IntN(2) == 0 { // briefbook.yaml's title, which a home page's title hides
			in.Site.Title = fmt.Sprintf("Site %d", rng.IntN(3))
			return "site title " + in.Site.Title
		}
		h := *in.Home
		h.Title = fmt.Sprintf("Home %d", rng.IntN(3))
		h.Headings = []model.Heading{{Level: 2, ID: "outlook"}}[:rng.IntN(2)]
		in.Home = &h
		return "home " + h.Title
	}
}

// editBibliography edits the fields of one entry of the bibliography of
// in, as a save of content/sources.yaml gives them (every entry of the
// file parsed again), and describes the edit. Some titles and short
// titles are names the bodies of editOwn hold ("On Actor 3 and", "of the
// text with"), or almost hold, or actors' names, so that mentions change
// or are searched for in vain; src-1 and
// src-2 are the targets of [[source:]] links.
func editBibliography(rng *rand.Rand, in *Input) string {
	sources := make([]*model.Source, len(in.Sources))
	for k, s := range in.Sources {
		if s != nil && s.Path == "content/sources.yaml" {
			c := *s
			s = &c
		}
		sources[k] = s
	}
	in.Sources = sources
	k := rng.IntN(6)
	s := sources[k]
	n := rng.IntN(12)
	switch rng.IntN(6) {
	case 0, 1:
		// "text of the with" holds the words of a body but not in their
		// order; "OF THE TEXT WITH" holds them in order but matches in
		// case only; "the text with its links" is hidden where another
		// source is titled "of the text with".
		s.Title = []string{"Edited %d", "On Actor %d and", "of the text with", "", "Source %d", "A report on Actor %d",
			"text of the with", "OF THE TEXT WITH", "the text with its links"}[rng.IntN(9)]
		if strings.Contains(s.Title, "%d") {
			s.Title = fmt.Sprintf(s.Title, n)
		}
	case 2:
		s.Short = fmt.Sprintf([]string{"Actor %d", "A%d", "Domain %d", "Short %d"}[rng.IntN(4)], n)
		if rng.IntN(4) == 0 {
			s.Short = ""
		}
	case 3:
		s.Authors = []string{fmt.Sprintf("Author %d", n)}
		s.Names = []model.Name{{Family: "Author", Given: fmt.Sprint(n)}}
	case 4:
		s.Date, s.URL, s.Publisher = fmt.Sprintf("20%02d", 10+n), fmt.Sprintf("https://example.org/%d", n), "Press"
	default: // a line added: the entries after it move down
		s.Note = fmt.Sprintf("Note %d", n)
		for _, x := range sources[k+1:] {
			if x != nil && x.Path == s.Path {
				x.Line++
			}
		}
	}
	return "bib fields " + s.ID
}

// editOwn makes an edit to brief b of the kinds an author makes most:
// its body text or fields that no index reads, which a resolve may take
// by reusing the previous book, or edits next to them that change what
// the brief links to, cites or mentions, which it may not. It describes
// the edit: the body edits that keep all of those start with "body".
func editOwn(rng *rand.Rand, b *model.Brief) string {
	markers := func() string {
		var sb strings.Builder
		for k := range b.Refs {
			sb.WriteString(" " + model.Marker(k))
		}
		return sb.String()
	}
	switch rng.IntN(10) {
	case 0, 1, 2:
		b.Body = []byte(fmt.Sprintf("<p>Edit %d of the text, with its links:%s.</p>", rng.IntN(1000), markers()))
		b.Words = 7 + rng.IntN(100)
		return "body"
	case 3:
		b.Summary = fmt.Sprintf("Summary %d", rng.IntN(100))
		b.Authors = []string{fmt.Sprintf("Author %d", rng.IntN(3))}
		b.Updated = b.Date.AddDate(0, 0, rng.IntN(30))
		b.Lang = []string{"", "fr", "ko"}[rng.IntN(3)]
		b.Params = map[string]any{"summary": b.Summary}
		if rng.IntN(2) == 0 { // the keys after it move down a line
			b.Line = maps.Clone(b.Line)
			for k, n := range b.Line {
				if n > 2 {
					b.Line[k] = n + 1
				}
			}
			return "summary over two lines"
		}
		return "body and summary"
	case 4:
		b.Headings = slices.Clone(b.Headings)
		for k := range b.Headings {
			b.Headings[k].Text = fmt.Sprintf("Heading %d", rng.IntN(100))
		}
		return "body and heading texts"
	case 5: // a name in the text: may add a mention
		name := []string{"Actor %d", "Domain %d", "A%d", "someone %d", "Newcomer %d"}[rng.IntN(5)]
		b.Body = []byte(fmt.Sprintf("<p>On "+name+" and%s.</p>", rng.IntN(12), markers()))
		return "mention"
	case 6: // a link's own text: a name there may be a mention
		if k := rng.IntN(len(b.Refs) + 1); k < len(b.Refs) {
			b.Refs[k].Label = fmt.Sprintf([]string{"Actor %d", "see %d"}[rng.IntN(2)], rng.IntN(12))
			b.Body = []byte("<p>" + markers() + "</p>")
		}
		return "label"
	case 7: // one link fewer: LinksTo may change
		if len(b.Refs) > 0 {
			b.Refs = slices.Delete(b.Refs, len(b.Refs)-1, len(b.Refs))
		}
		return "unlink"
	case 8: // a citation, or an [[actor:]] link, moved in the body
		if k := rng.IntN(len(b.Refs) + 1); k < len(b.Refs) {
			b.Refs[k].Line++
		} else {
			b.Refs = append(b.Refs, wiki(model.RefActor, fmt.Sprintf("Actor %d", rng.IntN(12))))
		}
		return "move"
	default: // a link to itself, by slug or by path
		if rng.IntN(2) == 0 {
			b.Refs = append(b.Refs, wiki(model.RefBrief, b.Slug))
		} else {
			b.Refs = append(b.Refs, rel(b.Path[len("content/briefs/"):], ""))
		}
		return "self link"
	}
}

// TestRedateEmptiesRelated moves a brief by its date among briefs that
// share none of its features: with large lists walked over a window of
// briefs nearest in date, its Related list becomes empty, and the copy
// the patched book makes of it must not keep the old list.
func TestRedateEmptiesRelated(t *testing.T) {
	defer func(w, l int) { window, largeList = w, l }(window, largeList)
	window, largeList = 1, 2
	var in Input
	for i := range 10 {
		in.Briefs = append(in.Briefs, newBrief(fmt.Sprintf("cyber-%d", i), fmt.Sprintf("2020-01-%02d", i+1)))
		b := newBrief(fmt.Sprintf("space-%d", i), fmt.Sprintf("2022-01-%02d", i+1))
		b.Domains = []string{"space"}
		in.Briefs = append(in.Briefs, b)
	}
	x := newBrief("x", "2020-01-05")
	in.Briefs = append(in.Briefs, x)
	var d diag.List
	before, memo := ResolveFrom(nil, in, &d)
	if len(before.BriefBySlug["x"].Related) == 0 {
		t.Fatalf("x has no related briefs among its domain's:\n%s", relatedOf(before))
	}
	moved := *x
	moved.Date = date("2022-01-05")
	in.Briefs[len(in.Briefs)-1] = &moved
	var d1, d2 diag.List
	got, memo := ResolveFrom(memo, in, &d1)
	want := Resolve(in, &d2)
	if len(want.BriefBySlug["x"].Related) != 0 {
		t.Fatalf("the case needs x with no related briefs once moved:\n%s", relatedOf(want))
	}
	if g, w := relatedOf(got), relatedOf(want); g != w {
		t.Errorf("related briefs (reused %v):\n%s", memo.reusedBook, firstDiff(g, w))
	}
}

// isNewcomer reports whether name is an actor editInput makes without a
// profile ("Newcomer 7").
func isNewcomer(name string) bool { return strings.HasPrefix(name, "Newcomer ") }

// hasNewcomer reports whether b names an actor editInput makes without a
// profile.
func hasNewcomer(b *model.Brief) bool { return slices.ContainsFunc(b.Actors, isNewcomer) }
