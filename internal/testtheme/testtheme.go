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
	footer, err := fs.ReadFile(briefbook.Theme, FooterPath)
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(footer), "<p>{{ .SiteTitle }}", "<p>{{ .NoSuchField }}", 1)
	if broken == string(footer) {
		t.Fatal("the footer template changed: update testtheme.FailingFooter's edit")
	}
	return broken
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
	page, err := fs.ReadFile(briefbook.Theme, BriefPath)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(page), "<h1>{{ $m.Title }}</h1>", "<h1>{{ $m.Title }} by {{ index $m.Authors 0 }}</h1>", 1)
	if edited == string(page) {
		t.Fatal("the brief template changed: update testtheme.FirstAuthorBrief's edit")
	}
	return edited
}
