package parse

import (
	"os"
	"testing"

	"github.com/briefbook/briefbook/internal/diag"
)

// checkBibliography parses src as the bibliography at path and checks that
// every diagnostic names the file and a position inside it, and that every
// source has an id and the line of a definition.
func checkBibliography(t *testing.T, path string, src []byte) {
	var d diag.List
	lines := 1
	for _, c := range src {
		if c == '\n' {
			lines++
		}
	}
	for _, s := range Bibliography(path, src, &d) {
		if s.ID == "" || s.Path != path || s.Line < 1 || s.Line > lines {
			t.Errorf("bad source %+v", s)
		}
	}
	for _, x := range d.Sorted() {
		if x.Path != path || x.Line < 0 || x.Line > lines || x.Col < 0 || x.Message == "" {
			t.Errorf("bad diagnostic %+v", x)
		}
	}
}

// addFile adds a testdata file to the seed corpus.
func addFile(f *testing.F, name string) {
	src, err := os.ReadFile(name)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(src))
}

// FuzzCSLJSON checks that no input makes the CSL-JSON parser panic or
// hang, and that its diagnostics and sources point inside the file.
func FuzzCSLJSON(f *testing.F) {
	addFile(f, "testdata/zotero/sources.json")
	for _, s := range []string{
		`[{"id": 1, "issued": {"date-parts": [["2021", 2, 29]]}, "author": [{"literal": "x"}, {}, 3]}]`,
		`[{"id": "a", "issued": {"raw": "x"}, "URL": "http://[::1", "DOI": 5}]`,
		`[{"id": "a"`, `{}`, `[1, "x", null, [], {"citation-key": "k"}]`, "\ufeff[]", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkBibliography(t, "content/sources.json", []byte(s))
	})
}

// FuzzBibTeXSources checks the same of the BibTeX bibliography, from the
// syntax to the sources' fields.
func FuzzBibTeXSources(f *testing.F) {
	addFile(f, "testdata/zotero/sources.bib")
	addFile(f, "testdata/zotero/biblatex.bib")
	for _, s := range []string{
		"@misc{a, year = 2021, month = feb, day = {29}, date = {2021-13}, url = {javascript:x}, doi = {}}",
		"@misc{a, author = {and and {van} and , and von, , }, editor = {x}}",
		"@misc{a,\n title = {x,\n year = 1}\n@misc{b}",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkBibliography(t, "content/sources.bib", []byte(s))
	})
}
