package parse

import (
	"reflect"
	"strings"
	"testing"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
)

func TestBibliography(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		want  []*model.Source
		diags []string
	}{
		{
			name: "entries in order",
			src: `haggard-2021:
  title: "Security Cooperation"
  authors: [Stephan Haggard, Henry D. Sokolski]
  publisher: KEI
  date: 2021-04-06
  url: https://example.org/x
  note: free text

mofa:
  title: Agreement
  authors: MOFA
  date: 2016
`,
			want: []*model.Source{
				{ID: "haggard-2021", Title: "Security Cooperation", Authors: []string{"Stephan Haggard", "Henry D. Sokolski"},
					Names:     []model.Name{{Given: "Stephan", Family: "Haggard"}, {Given: "Henry D.", Family: "Sokolski"}},
					Publisher: "KEI", Date: "2021-04-06", URL: "https://example.org/x", Note: "free text", Path: "content/sources.yaml", Line: 1, Col: 1},
				{ID: "mofa", Title: "Agreement", Authors: []string{"MOFA"}, Names: []model.Name{{Literal: "MOFA"}}, Date: "2016", Path: "content/sources.yaml", Line: 9, Col: 1},
			},
		},
		{name: "empty", src: "# nothing yet\n"},
		{
			// Issue 10: a blank author gave "Authors: and".
			name:  "blank author",
			src:   "a:\n  title: T\n  authors: [Kim, \"  \"]\n",
			want:  []*model.Source{{ID: "a", Title: "T", Authors: []string{"Kim"}, Names: []model.Name{{Literal: "Kim"}}, Path: "content/sources.yaml", Line: 1, Col: 1}},
			diags: []string{`3:18: error: item 2 of field "authors" is blank: give a name or remove it`},
		},
		{
			name:  "not a map",
			src:   "- a\n- b\n",
			diags: []string{"1:1: error: the bibliography must be a map from source id to source, not a list"},
		},
		{
			name: "bad entries",
			src:  "a: just a string\nb:\nc:\n  title: [x]\n  titel: y\nc:\n  title: again\nd:\n  id: e\n",
			want: []*model.Source{
				{ID: "c", Path: "content/sources.yaml", Line: 3, Col: 1},
				{ID: "d", Path: "content/sources.yaml", Line: 8, Col: 1},
			},
			diags: []string{
				`1:4: error: source "a" must be a map of fields (title, short, authors, container, publisher, date, url, note), not a string`,
				`2:3: error: source "b" must be a map of fields (title, short, authors, container, publisher, date, url, note), not empty`,
				`4:10: error: field "title" must be a string, not a list`,
				`5:3: warning: unknown field "titel" in source "c"; known fields: title, short, authors, container, publisher, date, url, note`,
				`6:1: error: duplicate key "c" (first on line 3)`,
				`9:7: error: field "id" of source "d" differs from its key; leave it out`,
			},
		},
		{
			name: "a source URL must be http or https",
			src:  "a:\n  title: x\n  url: javascript:alert(1)\nb:\n  url: \"ftp://x\"\nc:\n  url: https://keia.org/x\n",
			want: []*model.Source{
				{ID: "a", Title: "x", Path: "content/sources.yaml", Line: 1, Col: 1},
				{ID: "b", Path: "content/sources.yaml", Line: 4, Col: 1},
				{ID: "c", URL: "https://keia.org/x", Path: "content/sources.yaml", Line: 6, Col: 1},
			},
			diags: []string{"3:8: error: field \"url\" must be an http or https URL, not \"javascript:alert(1)\"", "5:8: error: field \"url\" must be an http or https URL, not \"ftp://x\""},
		},
		{
			name:  "malformed",
			src:   "a:\n  title: x\n b: y\n",
			diags: []string{"3:2: error: malformed YAML: did not find expected key"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d diag.List
			got := Bibliography("content/sources.yaml", []byte(tt.src), &d)
			checkDiags(t, &d, tt.diags)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestConfig(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		want  model.Site // Params not compared
		diags []string
	}{
		{name: "empty", src: "", want: model.Site{Language: "en"}},
		{
			name: "all fields",
			src:  "title: Book\nbaseURL: https://example.org/book/\nlanguage: ko\ndescription: D\ntheme: x\n",
			want: model.Site{Title: "Book", BaseURL: "https://example.org/book/", Language: "ko", Description: "D"},
		},
		{name: "base_url", src: "base_url: /book/\n", want: model.Site{BaseURL: "/book/", Language: "en"}},
		{name: "baseurl", src: "baseurl: http://x.org\n", want: model.Site{BaseURL: "http://x.org", Language: "en"}},
		{
			name: "bad values",
			src:  "title: [a]\nbaseURL: ftp://x.org/\nlanguage: not a language!\n",
			want: model.Site{Language: "en"},
			diags: []string{
				`1:8: error: field "title" must be a string, not a list`,
				`2:10: error: invalid base URL "ftp://x.org/": want an absolute http or https URL, or a path starting with /`,
				`3:11: error: invalid language "not a language!": want a BCP 47 tag such as "en" or "ko"`,
			},
		},
		{
			name:  "two spellings",
			src:   "baseURL: /a/\nbase_url: /b/\n",
			want:  model.Site{BaseURL: "/a/", Language: "en"},
			diags: []string{`2:1: error: "base_url" repeats "baseURL": give the base URL once`},
		},
		// Issue 10: lang="en_US" is not a BCP 47 tag as HTML wants it.
		{name: "language canonical", src: "language: en_US\n", want: model.Site{Language: "en-US"}},
		{name: "language case", src: "language: ZH_hant_tw\n", want: model.Site{Language: "zh-Hant-TW"}},
		// Issue 10: an internationalised host was percent-encoded in every URL.
		{name: "IDN host", src: "baseURL: https://bücher.example/book/\n", want: model.Site{BaseURL: "https://xn--bcher-kva.example/book/", Language: "en"}},
		{name: "IDN host and port", src: "baseURL: http://BÜCHER.example:8080\n", want: model.Site{BaseURL: "http://xn--bcher-kva.example:8080", Language: "en"}},
		{
			name: "typo of a key",
			src:  "title: T\nlanguag: ko\nbase-url: /b/\nmenu: [a]\n",
			want: model.Site{Title: "T", Language: "en"},
			diags: []string{
				`2:1: warning: unknown key "languag"; did you mean "language"? (keys briefbook does not read are kept for templates as .Site.Params)`,
				`3:1: warning: unknown key "base-url"; did you mean "base_url"? (keys briefbook does not read are kept for templates as .Site.Params)`,
			},
		},
		{
			name:  "malformed",
			src:   "title: x\n  y: z\n",
			want:  model.Site{Language: "en"},
			diags: []string{"2:3: error: malformed YAML: mapping values are not allowed in this context"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d diag.List
			got := Config("briefbook.yaml", []byte(tt.src), &d)
			checkDiags(t, &d, tt.diags)
			if got.Params == nil {
				t.Error("Params is nil")
			}
			got.Params = nil
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestConfigParams(t *testing.T) {
	var d diag.List
	got := Config("briefbook.yaml", []byte("title: Book\nmenu: [a, b]\n"), &d)
	want := map[string]any{"title": "Book", "menu": []any{"a", "b"}}
	if !reflect.DeepEqual(got.Params, want) {
		t.Errorf("Params = %v, want %v", got.Params, want)
	}
}

// TestCheckBaseURL lists base URLs that are accepted and refused, with
// the reason (issue 10: a query, fragment or credentials ended up in every
// link, and empty or dot segments mixed //book/ and /book/).
func TestCheckBaseURL(t *testing.T) {
	tests := []struct{ in, why string }{
		{"https://example.org/book/", ""},
		{"https://example.org/book", ""},
		{"http://example.org", ""},
		{"https://bücher.example/", ""},
		{"/book/", ""},
		{"/", ""},
		{"example.org", "want an absolute http or https URL"},
		{"ftp://example.org/", "want an absolute http or https URL"},
		{"//example.org/book/", "want an absolute http or https URL"},
		{"https:///book/", "want an absolute http or https URL"},
		{"https://example.org/book/?utm=1", "it has a query"},
		{"https://example.org/book/?", "it has a query"},
		{"/book/?x", "it has a query"},
		{"https://example.org/book/#top", "it has a fragment"},
		{"https://example.org/book/#", "it has a fragment"},
		{"https://user:secret@example.org/book/", "it holds user information"},
		{"https://user@example.org/", "it holds user information"},
		{"https://example.org//book/", "its path has an empty segment"},
		{"https://example.org/a//b/", "its path has an empty segment"},
		{"/a/../b/", "its path has a . or .. segment"},
		{"https://a\u200d\u00e9.example/", "not a valid internationalised domain name"},
		{"https://example.org/./book/", "its path has a . or .. segment"},
	}
	for _, tt := range tests {
		err := CheckBaseURL(tt.in)
		switch {
		case tt.why == "" && err != nil:
			t.Errorf("CheckBaseURL(%q) = %v, want it accepted", tt.in, err)
		case tt.why != "" && (err == nil || !strings.Contains(err.Error(), tt.why)):
			t.Errorf("CheckBaseURL(%q) = %v, want an error saying %q", tt.in, err, tt.why)
		}
	}
}
