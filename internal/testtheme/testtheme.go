// Package testtheme gives tests the built-in theme's templates broken on
// purpose, made from the embedded theme itself, so that a change to the
// theme cannot leave a test's copy behind.
package testtheme

import (
	"io/fs"
	"strings"
	"testing"

	briefbook "github.com/briefbook/briefbook"
)

// FooterPath is the site path of the footer partial that FailingFooter
// replaces.
const FooterPath = "templates/partials/footer.html"

// FailingFooter returns the built-in footer partial with its site title
// read from a field that does not exist ({{ .NoSuchField }}): it parses,
// and fails on every page when executed, at line 6, column 7. The test
// fails if the footer no longer has the line the edit replaces.
func FailingFooter(t testing.TB) string {
	t.Helper()
	return edited(t, FooterPath, "<p>{{ .SiteTitle }}", "<p>{{ .NoSuchField }}", "FailingFooter")
}

// BriefPath is the site path of the brief page template that
// FirstAuthorBrief replaces.
const BriefPath = "templates/brief.html"

// FirstAuthorBrief returns the built-in brief page with the brief's first
// author after its title ({{ index $m.Authors 0 }}): it parses, renders
// every brief that has an author, and fails on the page of one that has
// none. The test fails if the template no longer has the line the edit
// replaces.
func FirstAuthorBrief(t testing.TB) string {
	t.Helper()
	return edited(t, BriefPath, "<h1>{{ $m.Title }}</h1>", "<h1>{{ $m.Title }} by {{ index $m.Authors 0 }}</h1>", "FirstAuthorBrief")
}

// edited returns the built-in theme's file path with its first old
// replaced by new; the test fails if the file has no old (the theme
// changed: the function named by, which makes the edit, must follow it).
func edited(t testing.TB, path, old, new, by string) string {
	t.Helper()
	text, err := fs.ReadFile(briefbook.Theme, path)
	if err != nil {
		t.Fatal(err)
	}
	out := strings.Replace(string(text), old, new, 1)
	if out == string(text) {
		t.Fatalf("%s changed: update testtheme.%s's edit", path, by)
	}
	return out
}
