package resolve

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
)

// TestResolveFromEqualsResolve applies seeded random edits to a synthetic
// book, with a small window and small-list bound so that windows, large
// lists and lists crossing the bound all occur, and checks after every
// edit that Related of every brief (and the co-actors, which do not use
// the memo) from ResolveFrom equals a resolve from scratch. A failure
// prints the seed and the edits so far.
func TestResolveFromEqualsResolve(t *testing.T) {
	defer func(w, l int) { window, largeList = w, l }(window, largeList)
	window, largeList = 8, 6
	for seed := range uint64(6) {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 7))
			in := synthetic(120, seed)
			var memo *Memo
			var log []string
			for step := range 120 {
				kinds := 1
				if rng.IntN(10) == 0 {
					kinds = 2 + rng.IntN(8) // several files in one update
				}
				for range kinds {
					log = append(log, editInput(rng, &in))
				}
				var d1, d2 diag.List
				var got *model.Book
				got, memo = ResolveFrom(memo, in, &d1)
				want := Resolve(in, &d2)
				if g, w := relatedOf(got), relatedOf(want); g != w {
					t.Fatalf("seed %d, after step %d, edits:\n%s\nResolveFrom gives\n%s\nResolve gives\n%s",
						seed, step, strings.Join(log, "\n"), g, w)
				}
			}
		})
	}
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

// editInput makes one random edit to a copy of one brief of in (or adds
// or removes one) and describes it.
func editInput(rng *rand.Rand, in *Input) string {
	n := len(in.Briefs)
	i := rng.IntN(n)
	b := *in.Briefs[i]
	b.Actors = slices.Clone(b.Actors)
	b.Domains = slices.Clone(b.Domains)
	b.Sources = slices.Clone(b.Sources)
	b.Refs = slices.Clone(b.Refs)
	briefs := slices.Clone(in.Briefs)
	in.Briefs = briefs
	var what string
	switch rng.IntN(8) {
	case 0:
		b.Date = b.Date.AddDate(0, 0, rng.IntN(2000)-1000)
		what = "date"
	case 1:
		b.Actors = []string{fmt.Sprintf("actor %d", rng.IntN(20))}
		what = "actors"
	case 2:
		b.Domains = []string{fmt.Sprintf("domain-%d", rng.IntN(12))}
		what = "domains"
	case 3:
		id := fmt.Sprintf("src-%d", rng.IntN(30))
		b.Sources = append(b.Sources, model.SourceRef{ID: id, Line: 9, Col: 5})
		b.Refs = append(b.Refs, cite(id))
		what = "source " + id
	case 4:
		b.Refs = append(b.Refs, wiki(model.RefBrief, briefs[rng.IntN(n)].Slug))
		what = "link"
	case 5:
		b.Slug += "-r"
		b.Path = strings.TrimSuffix(b.Path, ".md") + "-r.md"
		what = "rename"
	case 6:
		nb := newBrief(fmt.Sprintf("new-%d", rng.Uint32()), "2021-06-01")
		nb.Date = nb.Date.AddDate(0, 0, rng.IntN(800))
		nb.Actors = []string{fmt.Sprintf("actor %d", rng.IntN(10))}
		in.Briefs = append(briefs, nb)
		return "add " + nb.Slug
	default:
		if n > 20 {
			in.Briefs = slices.Delete(briefs, i, i+1)
			return "delete " + b.Slug
		}
		what = "none"
	}
	briefs[i] = &b
	return what + " " + b.Slug
}
