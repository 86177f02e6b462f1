package resolve

import (
	"slices"
	"testing"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
)

// bibBook is a small book for the bibliography edits: three entries in
// content/sources.yaml, a brief citing the first and linking to its page,
// one listing the second, one whose body holds the first's title, and an
// actor profile.
func bibBook() Input {
	var in Input
	for k, e := range [][2]string{{"alpha", "Alpha report on trade policy"}, {"beta", "Beta"}, {"gamma", "Gamma"}} {
		in.Sources = append(in.Sources, &model.Source{ID: e[0], Title: e[1], Date: "2021", Path: "content/sources.yaml", Line: 1 + 4*k, Col: 1})
	}
	b1 := withRefs(newBrief("brief-1", "2024-01-01"), cite("alpha"), wiki(model.RefSource, "alpha"))
	b1.Sources = []model.SourceRef{{ID: "alpha", Line: 6, Col: 5}}
	b1.Body = []byte("<p>See " + model.Marker(0) + " and " + model.Marker(1) + ".</p>")
	b2 := newBrief("brief-2", "2024-01-02")
	b2.Sources = []model.SourceRef{{ID: "beta", Line: 6, Col: 5}}
	b3 := newBrief("brief-3", "2024-01-03")
	b3.Body = []byte("<p>The Alpha report on trade policy, and Actor One.</p>")
	in.Briefs = []*model.Brief{b1, b2, b3}
	in.Actors = []*model.Actor{{Doc: model.Doc{Path: "content/actors/actor-one.md"}, Slug: "actor-one", Name: "Actor One"}}
	return in
}

// TestBibliographyEdits checks, for saves of the bibliography, which ones
// are patched (rebib.go) and which make a full resolve, and that the book
// and its problems are a resolve's either way.
func TestBibliographyEdits(t *testing.T) {
	// entries returns in's entries, each copied: the file parsed again.
	entries := func(in *Input) []*model.Source {
		out := make([]*model.Source, len(in.Sources))
		for k, s := range in.Sources {
			c := *s
			out[k] = &c
		}
		in.Sources = out
		return out
	}
	tests := []struct {
		name    string
		setup   func(in *Input) // the book before the save, when not bibBook's
		edit    func(in *Input)
		patched bool
	}{
		{name: "title", patched: true, edit: func(in *Input) { entries(in)[0].Title = "Alpha review of trade policy" }},
		{name: "title now an actor's name", patched: true, edit: func(in *Input) { entries(in)[0].Title = "The Alpha report on trade" }},
		{name: "short title", patched: true, edit: func(in *Input) { entries(in)[2].Short = "Actor One" }},
		{name: "authors and URL", patched: true, edit: func(in *Input) {
			s := entries(in)[1]
			s.Authors, s.Names, s.URL = []string{"Kim"}, []model.Name{{Family: "Kim"}}, "https://example.org/b"
		}},
		{name: "lines moved", patched: true, edit: func(in *Input) {
			for _, s := range entries(in) {
				s.Line++
			}
		}},
		{name: "unchanged", patched: true, edit: func(in *Input) { entries(in) }},
		{name: "profile shows no title", patched: true,
			setup: func(in *Input) { in.Actors[0].Refs = []model.Ref{wiki(model.RefSource, "beta")} },
			edit:  func(in *Input) { entries(in)[1].Date = "2022" }},

		// Fallbacks.
		{name: "id renamed", edit: func(in *Input) { entries(in)[2].ID = "delta" }},
		{name: "entry added", edit: func(in *Input) {
			in.Sources = append(entries(in), &model.Source{ID: "delta", Title: "Delta", Path: "content/sources.yaml", Line: 13})
		}},
		{name: "entry removed", edit: func(in *Input) { in.Sources = entries(in)[:2] }},
		{name: "entries swapped", edit: func(in *Input) {
			s := entries(in)
			s[1], s[2] = s[2], s[1]
		}},
		{name: "entry moved to another file", edit: func(in *Input) { entries(in)[2].Path = "content/sources.json" }},
		{name: "duplicate id", setup: func(in *Input) {
			in.Sources = append(in.Sources, &model.Source{ID: "gamma", Title: "Gamma", Date: "2021", Path: "content/sources.yaml", Line: 13, Col: 1})
		}, edit: func(in *Input) { entries(in)[2].Title = "Gamma two" }},
		{name: "inline source with the id", setup: func(in *Input) {
			in.Briefs[1].Sources = append(in.Briefs[1].Sources, model.SourceRef{ID: "gamma", Line: 7, Col: 5,
				Inline: &model.Source{ID: "gamma", Title: "Gamma", Date: "2021"}})
		}, edit: func(in *Input) { entries(in)[2].Title = "Gamma two" }},
		{name: "problem at the entry", setup: func(in *Input) {
			in.Sources = append(in.Sources, &model.Source{ID: "Gamma", Title: "Other", Path: "content/sources.yaml", Line: 13, Col: 1})
		}, edit: func(in *Input) { entries(in)[3].Title = "Other two" }},
		{name: "empty id", setup: func(in *Input) {
			in.Sources = append(in.Sources, &model.Source{Title: "No id", Path: "content/sources.yaml", Line: 13, Col: 1})
		}, edit: func(in *Input) { entries(in)[3].Title = "Still no id" }},
		{name: "profile shows the title", setup: func(in *Input) { in.Actors[0].Refs = []model.Ref{wiki(model.RefSource, "beta")} },
			edit: func(in *Input) { entries(in)[1].Title = "Beta two" }},
		{name: "home page shows the title", setup: func(in *Input) {
			in.Home = &model.Home{Doc: model.Doc{Path: "content/_index.md", Refs: []model.Ref{wiki(model.RefSource, "alpha")}}}
		}, edit: func(in *Input) { entries(in)[0].Title = "Alpha two" }},
		{name: "a brief saved too", edit: func(in *Input) {
			entries(in)[1].Title = "Beta two"
			b := *in.Briefs[2]
			b.Body = []byte("<p>Beta two.</p>")
			in.Briefs = []*model.Brief{in.Briefs[0], in.Briefs[1], &b}
		}},
		{name: "bibliography broken", edit: func(in *Input) {
			entries(in)[1].Title = "Beta two"
			in.BrokenBibliography = true
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := bibBook()
			if tt.setup != nil {
				tt.setup(&in)
			}
			var d0 diag.List
			_, memo := ResolveFrom(nil, in, &d0)
			in.Briefs, in.Sources = slices.Clone(in.Briefs), slices.Clone(in.Sources)
			tt.edit(&in)
			var d1 diag.List
			got, m := ResolveFrom(memo, in, &d1)
			checkSameAsResolve(t, "", got, &d1, in)
			_, _, ok := rebibliographyCheck(memo, in)
			if ok != tt.patched || m.Reused() != tt.patched {
				t.Errorf("patched = %v (book reused %v), want %v", ok, m.Reused(), tt.patched)
			}
		})
	}
}

// rebibliographyCheck runs rebibliography alone on prev and in.
func rebibliographyCheck(prev *Memo, in Input) (*model.Book, *Memo, bool) {
	var d diag.List
	book, m := rebibliography(prev, in, &d)
	return book, m, book != nil
}

// TestBibliographyEditMentions checks what a patched save of the
// bibliography changes in the book: the source's fields, the text of the
// links to its page, and the briefs mentioning its title.
func TestBibliographyEditMentions(t *testing.T) {
	in := bibBook()
	var d diag.List
	book, memo := ResolveFrom(nil, in, &d)
	alpha := book.SourceByID["alpha"]
	if slugs(alpha.Mentioned) != "brief-3" {
		t.Fatalf("before: alpha mentioned by %v, want brief-3", slugs(alpha.Mentioned))
	}
	in.Sources = slices.Clone(in.Sources)
	s := *in.Sources[0]
	s.Title = "Actor One and trade policy"
	in.Sources[0] = &s
	got, m := ResolveFrom(memo, in, &d)
	if !m.Reused() {
		t.Fatal("the save was not patched")
	}
	alpha = got.SourceByID["alpha"]
	if alpha.Title != s.Title || len(alpha.Mentioned) != 0 {
		t.Errorf("alpha: title %q, mentioned by %v; want %q, none", alpha.Title, slugs(alpha.Mentioned), s.Title)
	}
	if l := got.BriefBySlug["brief-1"].Links[1]; l.Text != s.Title {
		t.Errorf("brief-1's link to alpha reads %q, want %q", l.Text, s.Title)
	}
	if book.SourceByID["alpha"].Title != "Alpha report on trade policy" {
		t.Errorf("the previous book was changed")
	}
	if _, ok := m.Edited(); ok {
		t.Errorf("Edited says only documents changed, after a save that changed mentions and links")
	}
	// A save that changes what no brief shows of the entry but its
	// source: Edited names the bibliography file alone.
	in.Sources = slices.Clone(in.Sources)
	g := *in.Sources[1]
	g.URL = "https://example.org/beta"
	in.Sources[1] = &g
	got, m = ResolveFrom(m, in, &d)
	docs, ok := m.Edited()
	if !ok || len(docs) != 1 || docs[0].Path != "content/sources.yaml" || got.SourceByID["beta"].URL != g.URL {
		t.Errorf("Edited = %v, %v; beta's URL %q", docs, ok, got.SourceByID["beta"].URL)
	}
}
