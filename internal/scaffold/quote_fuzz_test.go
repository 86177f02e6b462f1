package scaffold

import (
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/parse"
)

// FuzzQuote checks that any title, and any value of a list, that new
// brief accepts reads back unchanged through parse.Brief, with no
// diagnostic, and that new brief refuses only invalid UTF-8, blank values,
// characters HTML and XML forbid and titles without a slug.
func FuzzQuote(f *testing.F) {
	for _, s := range hardTitles {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := Brief{Title: s, Date: day, Domains: []string{"d", s}, Actors: []string{s}, Sources: []string{s}}
		file, err := NewBrief(b)
		if err != nil {
			if checkValue("title", s, true) == nil && len(s) < maxName-3 {
				t.Fatalf("refused %q: %v", s, err)
			}
			return
		}
		if !utf8.Valid(file.Data) {
			t.Fatalf("invalid UTF-8 written for %q", s)
		}
		var d diag.List
		got := parse.Brief(file.Path, file.Data, &d)
		if d.Len() > 0 {
			t.Fatalf("diagnostics for %q:\n%s\n%v", s, file.Data, d.Sorted())
		}
		if got.Title != s || !slices.Equal(got.Domains, b.Domains) || !slices.Equal(got.Actors, b.Actors) ||
			!slices.Equal(sourceIDs(got.Sources), b.Sources) {
			t.Fatalf("%q read back as title %q, domains %q, actors %q, sources %v", s, got.Title, got.Domains, got.Actors, got.Sources)
		}
	})
}
