package resolve

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
)

// TestRecastImplicit checks saves of one brief's actors list that make
// or drop an actor without a profile: each gives the book and problems a
// resolve from scratch gives, and is patched (recast.go) or, in the cases
// the patch leaves to a full resolve, not.
func TestRecastImplicit(t *testing.T) {
	// brief-3 mentions "North Korea" in its body: an actor of that name
	// hides the profile "Korea" there. brief-1 names "Lone Actor", which
	// nothing else uses; brief-30 names "Shared Actor", which brief-20
	// links to, so that its first use is brief-20's link ("brief-20" sorts
	// before "brief-30").
	base := func() Input {
		in := synthetic(40, 3)
		in.Actors = append(slices.Clone(in.Actors), &model.Actor{Doc: model.Doc{Path: "content/actors/korea.md"}, Slug: "korea", Name: "Korea"})
		set := func(i int, f func(b *model.Brief)) {
			b := *in.Briefs[i]
			b.Actors, b.Refs = slices.Clone(b.Actors), slices.Clone(b.Refs)
			f(&b)
			in.Briefs[i] = &b
		}
		set(3, func(b *model.Brief) { b.Body = []byte("<p>On North Korea and Korea.</p>") })
		set(1, func(b *model.Brief) { b.Actors = append(b.Actors, "Lone Actor") })
		set(30, func(b *model.Brief) { b.Actors = append(b.Actors, "Shared Actor") })
		set(20, func(b *model.Brief) { b.Refs = append(b.Refs, wiki(model.RefActor, "Shared Actor")) })
		// brief-12 links to the page of an actor "Someone New" from the
		// site's root, before the actor exists, and to Lone Actor's.
		set(12, func(b *model.Brief) {
			b.Refs = append(b.Refs, model.Ref{Kind: model.RefRootLink, Target: "/actors/someone-new/", Line: 11, Col: 1, Len: 20},
				model.Ref{Kind: model.RefRootLink, Target: "/actors/lone-actor/", Line: 12, Col: 1, Len: 20})
		})
		return in
	}
	actors := func(i int, f func([]string) []string) func(in *Input) {
		return func(in *Input) {
			b := *in.Briefs[i]
			b.Actors = f(slices.Clone(b.Actors))
			in.Briefs[i] = &b
		}
	}
	add := func(name string) func([]string) []string {
		return func(l []string) []string { return append(l, name) }
	}
	drop := func(name string) func([]string) []string {
		return func(l []string) []string { return slices.DeleteFunc(l, func(s string) bool { return s == name }) }
	}
	for _, tc := range []struct {
		name   string
		edit   func(in *Input)
		reused bool
	}{
		{"new actor", actors(5, add("Someone New")), true},
		{"new actor named twice", actors(5, func(l []string) []string { return append(l, "Someone New", "someone new") }), true},
		{"new actor mentioned elsewhere", actors(8, add("North Korea")), true},
		{"last use dropped", actors(1, drop("Lone Actor")), true},
		{"implicit actor first used before", actors(33, add("Shared Actor")), true},
		{"implicit actor left, first used before", actors(30, drop("Shared Actor")), true},
		// Fallbacks.
		{"name without a slug", actors(5, add("!!!")), false},
		{"name clashing with a profile's slug", actors(5, add("Actor 3+")), false},
		{"implicit actor first used after", actors(10, add("Shared Actor")), false},
		{"another name with an implicit actor's slug", actors(5, add("Lone Actor+")), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := base()
			_, memo := ResolveFrom(nil, in, &diag.List{})
			tc.edit(&in)
			var d1 diag.List
			got, m := ResolveFrom(memo, in, &d1)
			checkSameAsResolve(t, "", got, &d1, in)
			if m.reusedBook != tc.reused {
				t.Errorf("reused the book: %v, want %v", m.reusedBook, tc.reused)
			}
		})
	}
}

// TestRecastMentions checks that a new actor's name found in another
// brief's body makes that brief mention it instead of the shorter name it
// covers, and that dropping it gives the shorter name back.
func TestRecastMentions(t *testing.T) {
	in := synthetic(40, 3)
	in.Actors = append(slices.Clone(in.Actors), &model.Actor{Doc: model.Doc{Path: "content/actors/korea.md"}, Slug: "korea", Name: "Korea"})
	b3 := *in.Briefs[3]
	b3.Body = []byte("<p>On North Korea.</p>")
	in.Briefs[3] = &b3
	_, memo := ResolveFrom(nil, in, &diag.List{})
	mentioned := func(b *model.Book, s string) bool {
		a := b.ActorBySlug[s]
		return a != nil && slices.ContainsFunc(a.Mentioned, func(x *model.Brief) bool { return x.Slug == b3.Slug })
	}
	orig := in.Briefs[8]
	b8 := *orig
	b8.Actors = append(slices.Clone(b8.Actors), "North Korea")
	in.Briefs[8] = &b8
	var d diag.List
	got, m := ResolveFrom(memo, in, &d)
	if !m.reusedBook || !mentioned(got, "north-korea") || mentioned(got, "korea") {
		t.Fatalf("after naming North Korea: reused %v, %s mentions north-korea %v, korea %v (want true, true, false)",
			m.reusedBook, b3.Slug, mentioned(got, "north-korea"), mentioned(got, "korea"))
	}
	if !strings.Contains(bookText(got, &d), `actor "North Korea" has no profile`) {
		t.Errorf("no warning for the new actor")
	}
	in.Briefs[8] = orig
	got, m = ResolveFrom(m, in, &diag.List{})
	if !m.reusedBook || got.ActorBySlug["north-korea"] != nil || !mentioned(got, "korea") {
		t.Fatalf("after dropping North Korea: reused %v, actor kept %v, %s mentions korea %v (want true, false, true)",
			m.reusedBook, got.ActorBySlug["north-korea"] != nil, b3.Slug, mentioned(got, "korea"))
	}
	if !reflect.DeepEqual(got, Resolve(in, &diag.List{})) {
		t.Fatalf("ResolveFrom and Resolve give books that are not deeply equal")
	}
}
