package site

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"weak"

	"github.com/briefbook/briefbook/internal/corpus/gen"
	"github.com/briefbook/briefbook/internal/model"
)

// TestOldGenerationsFreed makes edits of every kind BenchmarkServe makes,
// keeping only the newest generation and the one before it (as serve
// keeps the one it serves and its fallback), rendering each edited
// brief's page, the search index twice (as a reader's searches do)
// and comparing each generation with the one before it (Changed) or not, and
// checks that every older generation can be collected, and its book,
// but that of the last generation whose search index was built.
func TestOldGenerationsFreed(t *testing.T) {
	for _, compare := range []bool{false, true} {
		oldGenerationsFreed(t, compare)
	}
}

// oldGenerationsFreed is TestOldGenerationsFreed, with Changed called
// after each edit if compare is set, as serve does not.
func oldGenerationsFreed(t *testing.T, compare bool) {
	ctx := context.Background()
	dir, s, g := openSynthetic(t, 60, 5)
	defer s.Close()
	briefs := briefPaths(t, dir)
	var fallback *Generation
	type old struct {
		n    int
		gen  weak.Pointer[Generation]
		book weak.Pointer[model.Book]
	}
	var olds []old
	kinds := []string{"body", "title", "actors", "rename", "new brief", "sources.yaml"}
	for i := range 3 * len(kinds) {
		kind := kinds[i%len(kinds)]
		paths, page := memEdit(t, dir, briefs, kind, i)
		next, err := s.Update(ctx, paths)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := next.Render(nil, page); err != nil {
			t.Fatalf("%s edit %d: %v", kind, i, err)
		}
		if i == 2 || i == 10 {
			for _, p := range next.Paths() {
				if strings.HasPrefix(p, "search/t/") { // a term shard: the index is built
					if _, err := next.Render(nil, p); err != nil {
						t.Fatal(err)
					}
					break
				}
			}
		}
		if compare {
			if _, err := Changed(g, next); err != nil {
				t.Fatal(err)
			}
		}
		if fallback != nil {
			olds = append(olds, old{fallback.N, weak.Make(fallback), weak.Make(fallback.Book)})
		}
		fallback, g = g, next
	}
	runtime.GC()
	runtime.GC()
	// The index of a generation whose search index was built is the base
	// of the next generations' indexes until one of them is built (see
	// search.NewFrom), and its book with it: serve, which builds an index
	// only when a reader searches, keeps that one book.
	searched := 12
	for _, o := range olds {
		if o.n == searched {
			continue
		}
		if o.gen.Value() != nil {
			t.Errorf("Changed called: %v: generation %d is still reachable at generation %d", compare, o.n, g.N)
		}
		if o.book.Value() != nil {
			t.Errorf("Changed called: %v: the book of generation %d is still reachable at generation %d", compare, o.n, g.N)
		}
	}
	runtime.KeepAlive(fallback)
	runtime.KeepAlive(g)
}

// TestPatchedBooksFreed makes a run of edits that each patch the previous
// book, with no full resolve in between: a brief's actors list naming an
// actor with no profile (recast), between body, title, rename and
// new-brief edits. Keeping only the newest generation and the one before
// it (as serve does), it checks that the briefs of every older
// generation can be collected, but those of the generation opened: the
// last full resolve, whose tables the patches are resolved against.
// TestOldGenerationsFreed cannot see this: its bibliography saves make a
// full resolve every sixth edit, and it follows the books, not their
// briefs (a book's briefs outlive it when something keeps one of them).
func TestPatchedBooksFreed(t *testing.T) {
	ctx := context.Background()
	dir, s, g := openSynthetic(t, 60, 5)
	defer s.Close()
	opened := g.N
	briefs := briefPaths(t, dir)
	var fallback *Generation
	type old struct {
		n, edit int
		kind    string
		brief   weak.Pointer[model.Brief]
	}
	var olds []old
	madeBy := map[int]int{} // generation number → the edit that made it
	kinds := []string{"actors", "body", "actors", "title", "actors", "rename", "actors", "new brief"}
	for i := range 2 * len(kinds) {
		kind := kinds[i%len(kinds)]
		paths, page := memEdit(t, dir, briefs, kind, i)
		next, err := s.Update(ctx, paths)
		if err != nil {
			t.Fatal(err)
		}
		if !next.memo.Reused() {
			t.Fatalf("%s edit %d: a full resolve; this test wants every edit patched", kind, i)
		}
		if _, err := next.Render(nil, page); err != nil {
			t.Fatalf("%s edit %d: %v", kind, i, err)
		}
		madeBy[next.N] = i
		if fallback != nil && fallback.N != opened {
			e := madeBy[fallback.N]
			olds = append(olds, old{fallback.N, e, kinds[e%len(kinds)], weak.Make(fallback.Book.Briefs[0])})
		}
		fallback, g = g, next
	}
	runtime.GC()
	runtime.GC()
	for _, o := range olds {
		if o.brief.Value() != nil {
			t.Errorf("the briefs of generation %d (%s edit %d) are still reachable at generation %d", o.n, o.kind, o.edit, g.N)
		}
	}
	runtime.KeepAlive(fallback)
	runtime.KeepAlive(g)
}

// openSynthetic opens a synthetic book of n briefs made with seed in a
// temporary folder, and returns the folder, the site and its first
// generation.
func openSynthetic(t *testing.T, n int, seed uint64) (string, *Site, *Generation) {
	t.Helper()
	dir := t.TempDir()
	if _, err := gen.Generate(gen.Options{N: n, Out: dir, Seed: seed}); err != nil {
		t.Fatal(err)
	}
	s, g, err := Open(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return dir, s, g
}
