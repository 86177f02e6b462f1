package render

import (
	"fmt"
	"slices"

	"github.com/briefbook/briefbook/internal/diag"
)

// PageError is the error of a page whose template failed on its data
// (see [Renderer.Pages]): it names the page, since a template may fail on
// one page's data and not on another's. Its text is "render URL: " and
// Err's.
type PageError struct {
	URL    string // the page's site-relative URL: "/briefs/gsomia/"
	Source string // the file its data comes from, relative to the site folder ("content/briefs/gsomia.md"); "" when no one file
	Err    error
}

func (e *PageError) Error() string { return fmt.Sprintf("render %s: %v", e.URL, e.Err) }

// Unwrap returns the template's error.
func (e *PageError) Unwrap() error { return e.Err }

// note returns the note a diagnostic of e shows: "while rendering
// /briefs/x/ (content/briefs/x.md)".
func (e *PageError) note() string {
	if e.Source == "" {
		return "while rendering " + e.URL
	}
	return fmt.Sprintf("while rendering %s (%s)", e.URL, e.Source)
}

// sourceOf returns the file, relative to the site folder, that the data
// of a page comes from: the brief's, the page's, the source's definition,
// the domain's or actor's profile, the home page's; "" for a page made of
// the whole book (an index, the contents) or an item with no file.
func sourceOf(d *Data) string {
	switch {
	case d.Brief != nil && d.Brief.Brief != nil:
		return d.Brief.Path
	case d.Page != nil:
		return d.Page.Path
	case d.Source != nil && d.Kind == "source":
		return d.Source.Path
	case d.Domain != nil && d.Kind == "domain":
		return d.Domain.Path
	case d.Actor != nil && d.Kind == "actor":
		return d.Actor.Path
	case d.Kind == "home" && d.Book != nil && d.Book.Home != nil:
		return d.Book.Home.Path
	}
	return ""
}

// MaxPageNotes is the most pages [MergePageDiagnostics] names under one
// diagnostic; a last note counts the others.
const MaxPageNotes = 3

// MergePageDiagnostics returns ds, diagnostics of [Renderer.ExecDiagnostic]
// for the pages of a book, with those that differ only in their notes
// (one template failing on several pages' data) made into one, at the
// place of the first: its notes, sorted, name the first MaxPageNotes pages
// and then say how many more failed ("and 12 more pages"), so that a
// template failing on every brief does not print a thousand lines.
func MergePageDiagnostics(ds []diag.Diagnostic) []diag.Diagnostic {
	type group struct {
		d     diag.Diagnostic
		notes []string
	}
	var groups []*group
	byKey := map[string]*group{}
	for _, d := range ds {
		key := d.String() + "\n" + d.LineText
		g := byKey[key]
		if g == nil {
			g = &group{d: d}
			byKey[key] = g
			groups = append(groups, g)
		}
		g.notes = append(g.notes, d.Notes...)
	}
	out := make([]diag.Diagnostic, 0, len(groups))
	for _, g := range groups {
		notes := slices.Compact(slices.Sorted(slices.Values(g.notes)))
		if n := len(notes) - MaxPageNotes; n > 0 {
			notes = append(notes[:MaxPageNotes:MaxPageNotes], "and "+plural(n, "more page", "more pages"))
		}
		g.d.Notes = notes
		out = append(out, g.d)
	}
	return out
}
