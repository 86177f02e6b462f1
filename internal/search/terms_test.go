package search_test

import (
	"context"
	"maps"
	"testing"

	"github.com/briefbook/briefbook/internal/corpus/gen"
	"github.com/briefbook/briefbook/internal/search"
	"github.com/briefbook/briefbook/internal/site"
)

// TestBriefTermsMatchReference reads every brief of the sample book
// (content/: curly quotes, dashes, Hangul, citations, links to the book)
// and of a synthetic book of 300 briefs (tables, footnotes, emphasis) as
// the index does, and checks that each gives the terms, weights and
// excerpt the reference definition gives.
func TestBriefTermsMatchReference(t *testing.T) {
	dir := t.TempDir()
	if _, err := gen.Generate(gen.Options{N: 300, Out: dir, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	for _, root := range []string{"../..", dir} {
		s, g, err := site.Open(context.Background(), root, site.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if len(g.Book.Briefs) == 0 {
			t.Fatalf("%s: no briefs", root)
		}
		for _, br := range g.Book.Briefs {
			got, want, gotEx, wantEx, err := search.BriefTermsBoth(br)
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(got, want) || gotEx != wantEx {
				t.Errorf("%s: got %d terms, excerpt %q; want %d terms, excerpt %q", br.Path, len(got), gotEx, len(want), wantEx)
			}
		}
	}
}
