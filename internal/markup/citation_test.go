package markup

import (
	"reflect"
	"testing"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
)

// TestCitations checks pandoc's citation syntax (issue 10): every bracket
// that holds a citation key is a citation, a link, or an error.
func TestCitations(t *testing.T) {
	c := func(prefix, id, locator string) model.Cite {
		return model.Cite{Prefix: prefix, ID: id, Locator: locator}
	}
	cit := func(cs ...model.Cite) ref { return ref{Kind: model.RefCitation, Cites: cs} }
	fn := "<div class=\"footnotes\" role=\"doc-endnotes\">\n<hr />\n<ol>\n<li id=\"fn:1\">\n<p>n&#160;<a href=\"#fnref:1\" class=\"footnote-backref\" role=\"doc-backlink\">&#x21a9;&#xfe0e;</a></p>\n</li>\n</ol>\n</div>\n"
	fnref := "<sup id=\"fnref:1\"><a href=\"#fn:1\" class=\"footnote-ref\" role=\"doc-noteref\">1</a></sup>"
	tests := []struct {
		in    string
		body  string
		refs  []ref
		diags []string
	}{
		// The examples of issue 10.
		{"Claim[@aa][@bb].", "<p>Claim{0}{1}.</p>\n", []ref{cit(c("", "aa", "")), cit(c("", "bb", ""))}, nil},
		{"Claim[@bb][^1].\n\n[^1]: n", "<p>Claim{0}" + fnref + ".</p>\n" + fn, []ref{cit(c("", "bb", ""))}, nil},
		{"Claim[@aa][^fn].\n\n[^fn]: n", "<p>Claim{0}" + fnref + ".</p>\n" + fn, []ref{cit(c("", "aa", ""))}, nil},
		{"Claim[@aa][[beta]].", "<p>Claim{0}{1}.</p>\n", []ref{cit(c("", "aa", "")), {Kind: model.RefBrief, Target: "beta"}}, nil},
		{"[Text][@bb]\n\n[Text]: https://e.org/t", "<p><a href=\"https://e.org/t\">Text</a>{0}</p>\n", []ref{cit(c("", "bb", ""))}, nil},
		{"[Text][@bb]", "<p>[Text]{0}</p>\n", []ref{cit(c("", "bb", ""))}, nil},
		{"[@bb p. 12]", "<p>{0}</p>\n", []ref{cit(c("", "bb", "p. 12"))}, nil},
		{"[@nosuch p. 12]", "<p>{0}</p>\n", []ref{cit(c("", "nosuch", "p. 12"))}, nil},
		// Locators with or without a comma, prefixes, several items.
		{"[@bb, p. 12]", "<p>{0}</p>\n", []ref{cit(c("", "bb", "p. 12"))}, nil},
		{"[@a, pp. 33-35, 38-39 and passim]", "<p>{0}</p>\n", []ref{cit(c("", "a", "pp. 33-35, 38-39 and passim"))}, nil},
		{"[see @doe99, pp. 33-35; also @smith04, chap. 1]", "<p>{0}</p>\n",
			[]ref{cit(c("see", "doe99", "pp. 33-35"), c("also", "smith04", "chap. 1"))}, nil},
		{"[ @a ;@b ]", "<p>{0}</p>\n", []ref{cit(c("", "a", ""), c("", "b", ""))}, nil},
		{"[@a b]", "<p>{0}</p>\n", []ref{cit(c("", "a", "b"))}, nil},
		{"[@a.]", "<p>{0}</p>\n", []ref{cit(c("", "a", "."))}, nil},
		{"[-@smith04]", "<p>{0}</p>\n", []ref{cit(c("", "smith04", ""))}, nil},
		{"[see -@smith04, p. 3]", "<p>{0}</p>\n", []ref{cit(c("see", "smith04", "p. 3"))}, nil},
		{"[@{odd key!}, p. 1]", "<p>{0}</p>\n", []ref{cit(c("", "odd key!", "p. 1"))}, nil},
		{"[@doe/99#2 p. 4]", "<p>{0}</p>\n", []ref{cit(c("", "doe/99#2", "p. 4"))}, nil},
		{"[@a:b.c-d.]", "<p>{0}</p>\n", []ref{cit(c("", "a:b.c-d", "."))}, nil},
		// Links to paths are refs too (their URL is checked and rewritten).
		{"![Alt][@bb]\n\n[Alt]: i.png", "<p><img src=\"{0}\" alt=\"Alt\" />{1}</p>\n", []ref{{Kind: model.RefRelLink, Target: "i.png"}, cit(c("", "bb", ""))}, nil},
		{"[x [Text][@bb] y](/o)\n\n[Text]: /t", "<p>[x <a href=\"{0}\">Text</a>{1} y](/o)</p>\n", []ref{{Kind: model.RefRootLink, Target: "/t"}, cit(c("", "bb", ""))}, nil},
		// Links, not citations.
		{"[@user](http://x)", "<p><a href=\"http://x\">@user</a></p>\n", nil, nil},
		{"[see @user](http://x)", "<p><a href=\"http://x\">see @user</a></p>\n", nil, nil},
		{"[@aa][r]\n\n[r]: /u", "<p><a href=\"{0}\">@aa</a></p>\n", []ref{{Kind: model.RefRootLink, Target: "/u"}}, nil},
		{"[@aa][]\n\n[@aa]: /u", "<p><a href=\"{0}\">@aa</a></p>\n", []ref{{Kind: model.RefRootLink, Target: "/u"}}, nil},
		{"[Text][@bb]\n\n[@bb]: /u", "<p><a href=\"{0}\">Text</a></p>\n", []ref{{Kind: model.RefRootLink, Target: "/u"}}, nil},
		{"[@a [b]](http://x)", "<p><a href=\"http://x\">@a [b]</a></p>\n", nil, nil},
		// Neither: no citation key.
		{"[@]", "<p>[@]</p>\n", nil, nil},
		{"[@ a]", "<p>[@ a]</p>\n", nil, nil},
		{"[@-a]", "<p>[@-a]</p>\n", nil, nil},
		{"[write to a@b]", "<p>[write to a@b]</p>\n", nil, nil},
		{"[x-@a]", "<p>[x-@a]</p>\n", nil, nil},
		{"[outer [@a] text]", "<p>[outer {0} text]</p>\n", []ref{cit(c("", "a", ""))}, nil},
		// Errors: a citation key in a bracket that is not a citation.
		{"[@a;]", "<p>[@a;]</p>\n", nil, []string{"b.md:1:1: error: empty item in citation (two ';' in a row, or one at an end)"}},
		{"[@a;; @b]", "<p>[@a;; @b]</p>\n", nil, []string{"b.md:1:1: error: empty item in citation (two ';' in a row, or one at an end)"}},
		{"x [@a; b]", "<p>x [@a; b]</p>\n", nil, []string{"b.md:1:3: error: citation item \"b\" has no @key"}},
		{"[@a and @b]", "<p>[@a and @b]</p>\n", nil, []string{"b.md:1:1: error: citation item \"@a and @b\" has two @keys; separate the items with ';'"}},
		{"[@a [x] y]", "<p>[@a [x] y]</p>\n", nil, []string{"b.md:1:1: error: a citation cannot hold brackets"}},
		{"[see @a", "<p>[see @a</p>\n", nil, []string{"b.md:1:1: error: citation has no closing ']'"}},
		{"[@a\nmore text", "<p>[@a\nmore text</p>\n", nil, []string{"b.md:1:1: error: citation has no closing ']'"}},
		{"[@a\n[x]]", "<p>[@a\n[x]]</p>\n", nil, []string{"b.md:1:1: error: citation has no closing ']'"}},
		{"x [@a;\nb] y", "<p>x [@a;\nb] y</p>\n", nil, []string{"b.md:1:3: error: citation item \"b\" has no @key"}},
		// Citations over several lines, as pandoc reads them.
		{"text [@a, p.\n3] more", "<p>text {0} more</p>\n", []ref{cit(c("", "a", "p. 3"))}, nil},
		{"> [see @a,\n> p. 3;\n> @b]", "<blockquote>\n<p>{0}</p>\n</blockquote>\n", []ref{cit(c("see", "a", "p. 3"), c("", "b", ""))}, nil},
		{"- [@a\n  p. 3][@b]", "<ul>\n<li>{0}{1}</li>\n</ul>\n", []ref{cit(c("", "a", "p. 3")), cit(c("", "b", ""))}, nil},
		{"[@user\nname](http://x)", "<p><a href=\"http://x\">@user\nname</a></p>\n", nil, nil},
		{"[see [@a,\np. 3] here](http://x)", "<p><a href=\"http://x\">see [@a,\np. 3] here</a></p>\n", nil,
			[]string{"b.md:1:6: warning: citation inside the text of a link is shown as text"}},
		{"[@a, <script>]", "<p>{0}</p>\n", []ref{cit(c("", "a", "<script>"))}, nil},
	}
	for _, tt := range tests {
		var d diag.List
		doc := Convert("b.md", []byte(tt.in), 0, &d)
		if got := visible(doc.Body); got != tt.body {
			t.Errorf("%q: body\n got %q\nwant %q", tt.in, got, tt.body)
		}
		if got := refsOf(doc); !reflect.DeepEqual(got, tt.refs) {
			t.Errorf("%q: refs\n got %+v\nwant %+v", tt.in, got, tt.refs)
		}
		var got []string
		for _, x := range d.Sorted() {
			got = append(got, x.String())
		}
		if !reflect.DeepEqual(got, tt.diags) {
			t.Errorf("%q: diagnostics\n got %q\nwant %q", tt.in, got, tt.diags)
		}
	}
}
