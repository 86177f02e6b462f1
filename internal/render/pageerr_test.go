package render

import (
	"fmt"
	"io"
	"slices"
	"testing"

	"github.com/briefbook/briefbook/internal/diag"
)

// TestExecDiagnosticNamesPage checks that a template failing on one
// page's data only gives a diagnostic at the template's line with a note
// naming that page and its file.
func TestExecDiagnosticNamesPage(t *testing.T) {
	r, b := overridden(t, "templates/brief.html",
		"{{ template \"layout\" . }}{{ define \"main\" }}\n<h1>{{ if eq .Brief.Slug \"gsomia\" }}{{ index .Brief.Authors 5 }}{{ end }}</h1>{{ end }}")
	var got []diag.Diagnostic
	for _, p := range r.Pages(b) {
		err := p.Write(io.Discard)
		if err == nil {
			continue
		}
		d, ok := r.ExecDiagnostic(err)
		if !ok {
			t.Fatalf("%s: ExecDiagnostic(%v) gives nothing", p.Path, err)
		}
		got = append(got, d)
	}
	if len(got) != 1 {
		t.Fatalf("%d pages failed, want 1: %v", len(got), got)
	}
	d := got[0]
	want := []string{"while rendering /briefs/gsomia/ (content/briefs/gsomia.md)"}
	if d.Path != "templates/brief.html" || d.Line != 2 || d.Col != 40 || !slices.Equal(d.Notes, want) {
		t.Errorf("diagnostic %s notes %q, want templates/brief.html:2:40 with notes %q", d, d.Notes, want)
	}
}

// TestMergePageDiagnostics checks that the diagnostics of one template
// failing on several pages become one, naming the first pages in order and
// counting the others, and that different ones stay apart.
func TestMergePageDiagnostics(t *testing.T) {
	at := func(line int, pages ...string) diag.Diagnostic {
		d := diag.New(diag.Error, "templates/brief.html", []byte("a\nb\nc\n"), line, 1, 0, "executing")
		for _, p := range pages {
			d.Notes = append(d.Notes, "while rendering "+p)
		}
		return d
	}
	many := func(n int) []diag.Diagnostic {
		var ds []diag.Diagnostic
		for i := n; i > 0; i-- {
			ds = append(ds, at(1, fmt.Sprintf("/b%d/", i)))
		}
		return ds
	}
	for _, c := range []struct {
		name string
		in   []diag.Diagnostic
		want []diag.Diagnostic
	}{
		{"one", []diag.Diagnostic{at(1, "/a/")}, []diag.Diagnostic{at(1, "/a/")}},
		{"two pages", []diag.Diagnostic{at(1, "/b/"), at(1, "/a/"), at(1, "/b/")}, []diag.Diagnostic{at(1, "/a/", "/b/")}},
		{"two lines", []diag.Diagnostic{at(2, "/b/"), at(1, "/a/"), at(2, "/c/")}, []diag.Diagnostic{at(2, "/b/", "/c/"), at(1, "/a/")}},
		{"four pages", many(4), []diag.Diagnostic{withNote(at(1, "/b1/", "/b2/", "/b3/"), "and 1 more page")}},
		{"six pages", many(6), []diag.Diagnostic{withNote(at(1, "/b1/", "/b2/", "/b3/"), "and 3 more pages")}},
	} {
		got := MergePageDiagnostics(c.in)
		if !slices.EqualFunc(got, c.want, func(a, b diag.Diagnostic) bool {
			return a.String() == b.String() && slices.Equal(a.Notes, b.Notes)
		}) {
			t.Errorf("%s: MergePageDiagnostics = %v, want %v", c.name, got, c.want)
		}
	}
}

func withNote(d diag.Diagnostic, note string) diag.Diagnostic {
	d.Notes = append(d.Notes, note)
	return d
}
