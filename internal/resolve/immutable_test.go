package resolve

import (
	"reflect"
	"testing"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
)

// TestInputUnchanged checks that Resolve never writes into what the parse
// stage returned: after resolving, every parsed value deep-equals a fresh
// copy of the same input that was never resolved. Books with broken links,
// inline sources, drafts, duplicates and implicit actors are all covered.
func TestInputUnchanged(t *testing.T) {
	inputs := map[string]func() Input{
		"fixture": func() Input {
			in := fixture()
			in.Briefs[0].Refs = append(in.Briefs[0].Refs, wiki(model.RefBrief, "missing"), cite("nope"))
			in.Briefs[0].Sources = append(in.Briefs[0].Sources, inline("", "No id", 9), inline("x", "X", 10))
			in.Home.Refs = []model.Ref{wiki(model.RefActor, "Nobody"), rel("briefs/sub/x.md", "h")}
			return in
		},
		"synthetic": func() Input { return synthetic(300, 7) },
	}
	for name, mk := range inputs {
		t.Run(name, func(t *testing.T) {
			in, want := mk(), mk()
			Resolve(in, &diag.List{})
			in.Src, want.Src = nil, nil
			if !reflect.DeepEqual(in, want) {
				for i := range in.Briefs {
					if !reflect.DeepEqual(in.Briefs[i], want.Briefs[i]) {
						t.Fatalf("brief %s changed by Resolve:\n got %+v\nwant %+v", in.Briefs[i].Path, in.Briefs[i], want.Briefs[i])
					}
				}
				t.Fatalf("Resolve changed its input")
			}
		})
	}
}

// TestBooksCoexist resolves the same parse results twice and checks that the
// first book is unchanged by the second resolve, value by value, and shares
// no resolved value with it: two versions of a book can be in use at once.
func TestBooksCoexist(t *testing.T) {
	in := synthetic(300, 11)
	first := Resolve(in, &diag.List{})
	before := summary(first)
	second := Resolve(in, &diag.List{})
	if got := summary(first); got != before {
		t.Fatalf("the second Resolve changed the first book")
	}
	if summary(second) != before {
		t.Fatalf("two resolves of the same input differ")
	}
	for i, b := range first.Briefs {
		if second.Briefs[i] == b {
			t.Fatalf("brief %s is shared between the two books", b.Slug)
		}
	}
	for i, a := range first.Actors {
		if second.Actors[i] == a {
			t.Fatalf("actor %s is shared between the two books", a.Slug)
		}
	}
	for i, s := range first.Sources {
		if second.Sources[i] == s {
			t.Fatalf("source %s is shared between the two books", s.ID)
		}
	}
}
