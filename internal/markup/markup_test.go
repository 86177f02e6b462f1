package markup

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
)

// markerRE matches a marker, model.Marker(i).
var markerRE = regexp.MustCompile("\x00([0-9]+)\x00")

// visible returns body with each marker written as {i}.
func visible(body []byte) string {
	return markerRE.ReplaceAllString(string(body), "{$1}")
}

// ref is what the tables say about a Ref: everything the parse stage fills in.
type ref struct {
	Kind     model.RefKind
	Target   string
	Fragment string
	Label    string
	Cites    []model.Cite
}

func refsOf(doc model.Doc) []ref {
	var out []ref
	for _, r := range doc.Refs {
		out = append(out, ref{r.Kind, r.Target, r.Fragment, r.Label, r.Cites})
	}
	return out
}

// convertBody converts a body with no frontmatter and fails the test on
// any diagnostic.
func convertBody(t *testing.T, body string) model.Doc {
	t.Helper()
	var d diag.List
	doc := Convert("b.md", []byte(body), 0, &d)
	for _, x := range d.Sorted() {
		t.Errorf("%q: unexpected diagnostic %s", body, x)
	}
	return doc
}

func TestSyntax(t *testing.T) {
	brief := model.RefBrief
	cite := func(cs ...string) []model.Cite {
		var out []model.Cite
		for i := 0; i < len(cs); i += 2 {
			out = append(out, model.Cite{ID: cs[i], Locator: cs[i+1]})
		}
		return out
	}
	tests := []struct {
		in   string
		body string
		refs []ref
	}{
		// Wikilinks.
		{"[[gsomia]]", "<p>{0}</p>\n", []ref{{Kind: brief, Target: "gsomia"}}},
		{"[[ gsomia | the pact ]]", "<p>{0}</p>\n", []ref{{Kind: brief, Target: "gsomia", Label: "the pact"}}},
		{"[[gsomia#history]]", "<p>{0}</p>\n", []ref{{Kind: brief, Target: "gsomia", Fragment: "history"}}},
		{"[[gsomia#history|H]]", "<p>{0}</p>\n", []ref{{Kind: brief, Target: "gsomia", Fragment: "history", Label: "H"}}},
		{"[[한일-정보보호협정]]", "<p>{0}</p>\n", []ref{{Kind: brief, Target: "한일-정보보호협정"}}},
		{"[[actor:Republic of Korea]]", "<p>{0}</p>\n", []ref{{Kind: model.RefActor, Target: "Republic of Korea"}}},
		{"[[actor:ROK|Seoul]]", "<p>{0}</p>\n", []ref{{Kind: model.RefActor, Target: "ROK", Label: "Seoul"}}},
		{"[[domain:cyber]]", "<p>{0}</p>\n", []ref{{Kind: model.RefDomain, Target: "cyber"}}},
		{"[[domain:cyber|Cyber]]", "<p>{0}</p>\n", []ref{{Kind: model.RefDomain, Target: "cyber", Label: "Cyber"}}},
		{"[[source:kei-2021]]", "<p>{0}</p>\n", []ref{{Kind: model.RefSource, Target: "kei-2021"}}},
		{"[[source:kei-2021|KEI]]", "<p>{0}</p>\n", []ref{{Kind: model.RefSource, Target: "kei-2021", Label: "KEI"}}},
		{"[[a|b|c]]", "<p>{0}</p>\n", []ref{{Kind: brief, Target: "a", Label: "b|c"}}},
		{"[[a|*not* markdown]]", "<p>{0}</p>\n", []ref{{Kind: brief, Target: "a", Label: "*not* markdown"}}},
		{"x [[a]] y [[b]] z", "<p>x {0} y {1} z</p>\n", []ref{{Kind: brief, Target: "a"}, {Kind: brief, Target: "b"}}},
		{"**[[a]]**", "<p><strong>{0}</strong></p>\n", []ref{{Kind: brief, Target: "a"}}},
		{"[[[a]]]", "<p>[{0}]</p>\n", []ref{{Kind: brief, Target: "a"}}},
		{"| h |\n|---|\n| [[a\\|b]] |", "<table tabindex=\"0\">\n<thead>\n<tr>\n<th>h</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>{0}</td>\n</tr>\n</tbody>\n</table>\n",
			[]ref{{Kind: brief, Target: "a", Label: "b"}}},
		// Not wikilinks.
		{"[[open", "<p>[[open</p>\n", nil},
		{"[[open\nclose]]", "<p>[[open\nclose]]</p>\n", nil},
		{"[[a]b]]", "<p>[[a]b]]</p>\n", nil},
		{"`[[a]]`", "<p><code>[[a]]</code></p>\n", nil},
		{"    [[a]]", "<pre><code>[[a]]\n</code></pre>\n", nil},
		{"```\n[[a]] [@b]\n```", "<pre><code>[[a]] [@b]\n</code></pre>\n", nil},
		{`\[[a]]`, "<p>[[a]]</p>\n", nil},
		// Citations.
		{"[@kei]", "<p>{0}</p>\n", []ref{{Kind: model.RefCitation, Cites: cite("kei", "")}}},
		{"[@kei, p. 12]", "<p>{0}</p>\n", []ref{{Kind: model.RefCitation, Cites: cite("kei", "p. 12")}}},
		{"[@a; @b]", "<p>{0}</p>\n", []ref{{Kind: model.RefCitation, Cites: cite("a", "", "b", "")}}},
		{"[@a, p. 3; @b, ch. 2]", "<p>{0}</p>\n", []ref{{Kind: model.RefCitation, Cites: cite("a", "p. 3", "b", "ch. 2")}}},
		{"[@haggard-sokolski:2021.v2]", "<p>{0}</p>\n", []ref{{Kind: model.RefCitation, Cites: cite("haggard-sokolski:2021.v2", "")}}},
		{"[@한국_2021]", "<p>{0}</p>\n", []ref{{Kind: model.RefCitation, Cites: cite("한국_2021", "")}}},
		{"text[@a].", "<p>text{0}.</p>\n", []ref{{Kind: model.RefCitation, Cites: cite("a", "")}}},
		// Not citations (more in citation_test.go).
		{"[@]", "<p>[@]</p>\n", nil},
		{"[@ a]", "<p>[@ a]</p>\n", nil},
		{"[@-a]", "<p>[@-a]</p>\n", nil},
		{"email [@example.org]", "<p>email {0}</p>\n", []ref{{Kind: model.RefCitation, Cites: cite("example.org", "")}}},
		{"[@user](http://x)", "<p><a href=\"http://x\">@user</a></p>\n", nil},
		{"[@user][x]\n\n[x]: https://e.org/u", "<p><a href=\"https://e.org/u\">@user</a></p>\n", nil},
		{"[@user]\n\n[@user]: https://e.org/u", "<p><a href=\"https://e.org/u\">@user</a></p>\n", nil},
		{"`[@a]`", "<p><code>[@a]</code></p>\n", nil},
		// Relative links, to .md files and others, and images.
		{"[x](other.md)", "<p><a href=\"{0}\">x</a></p>\n", []ref{{Kind: model.RefRelLink, Target: "other.md"}}},
		{"[x](../b/other.md#history)", "<p><a href=\"{0}\">x</a></p>\n", []ref{{Kind: model.RefRelLink, Target: "../b/other.md", Fragment: "history"}}},
		{"[*x*](./o.md \"a \\\"title\\\"\")", "<p><a href=\"{0}\" title=\"a &quot;title&quot;\"><em>x</em></a></p>\n", []ref{{Kind: model.RefRelLink, Target: "./o.md"}}},
		{"[x](<my file.md>)", "<p><a href=\"{0}\">x</a></p>\n", []ref{{Kind: model.RefRelLink, Target: "my file.md"}}},
		{"[x][r]\n\n[r]: o.md", "<p><a href=\"{0}\">x</a></p>\n", []ref{{Kind: model.RefRelLink, Target: "o.md"}}},
		{"[x](O.MD)", "<p><a href=\"{0}\">x</a></p>\n", []ref{{Kind: model.RefRelLink, Target: "O.MD"}}},
		{"[x](other.md?x=1#part-a)", "<p><a href=\"{0}\">x</a></p>\n", []ref{{Kind: model.RefRelLink, Target: "other.md?x=1", Fragment: "part-a"}}},
		{"[x](a.mdx)", "<p><a href=\"{0}\">x</a></p>\n", []ref{{Kind: model.RefRelLink, Target: "a.mdx"}}},
		{"[x](missing.pdf)", "<p><a href=\"{0}\">x</a></p>\n", []ref{{Kind: model.RefRelLink, Target: "missing.pdf"}}},
		{"[x](a\\_b.md)", "<p><a href=\"{0}\">x</a></p>\n", []ref{{Kind: model.RefRelLink, Target: "a_b.md"}}},
		{"[x](r&eacute;sum&#xE9;.md)", "<p><a href=\"{0}\">x</a></p>\n", []ref{{Kind: model.RefRelLink, Target: "résumé.md"}}},
		{"![x](chart.png)", "<p><img src=\"{0}\" alt=\"x\" /></p>\n", []ref{{Kind: model.RefRelLink, Target: "chart.png"}}},
		{"![a *b* `c`](c.png \"T\")", "<p><img src=\"{0}\" alt=\"a b c\" title=\"T\" /></p>\n", []ref{{Kind: model.RefRelLink, Target: "c.png"}}},
		{"![x](a.md)", "<p><img src=\"{0}\" alt=\"x\" /></p>\n", []ref{{Kind: model.RefRelLink, Target: "a.md"}}},
		{"![[x](a.md)](i.png)", "<p><img src=\"{0}\" alt=\"x\" /></p>\n", []ref{{Kind: model.RefRelLink, Target: "i.png"}}},
		// Fragments of the same page.
		{"[x](#no-such-heading)", "<p><a href=\"{0}\">x</a></p>\n", []ref{{Kind: model.RefRelLink, Fragment: "no-such-heading"}}},
		{"[x](#a.md)", "<p><a href=\"{0}\">x</a></p>\n", []ref{{Kind: model.RefRelLink, Fragment: "a.md"}}},
		// Root-relative paths: a .md path is from the site folder.
		{"[x](/img/logo.svg)", "<p><a href=\"{0}\">x</a></p>\n", []ref{{Kind: model.RefRootLink, Target: "/img/logo.svg"}}},
		{"![x](/img/logo.svg?v=2#a)", "<p><img src=\"{0}\" alt=\"x\" /></p>\n", []ref{{Kind: model.RefRootLink, Target: "/img/logo.svg?v=2", Fragment: "a"}}},
		{"[x](/abs/a.md)", "<p><a href=\"{0}\">x</a></p>\n", []ref{{Kind: model.RefRelLink, Target: "/abs/a.md"}}},
		// Not checked.
		{"[x](https://e.org/a.md)", "<p><a href=\"https://e.org/a.md\">x</a></p>\n", nil},
		{"[x](//host/a.md)", "<p><a href=\"//host/a.md\">x</a></p>\n", nil},
		{"[x](mailto:a@e.org)", "<p><a href=\"mailto:a@e.org\">x</a></p>\n", nil},
		{"[top](#)", "<p><a href=\"#\">top</a></p>\n", nil},
		{"[x](?q=1)", "<p><a href=\"?q=1\">x</a></p>\n", nil},
		{"![x](https://e.org/i.png)", "<p><img src=\"https://e.org/i.png\" alt=\"x\" /></p>\n", nil},
		{"![x](#a)", "<p><img src=\"#a\" alt=\"x\" /></p>\n", nil},
		// Footnotes, strikethrough, task lists and autolinks still work.
		{"a[^1]\n\n[^1]: [[n]]", "<p>a<sup id=\"fnref:1\"><a href=\"#fn:1\" class=\"footnote-ref\" role=\"doc-noteref\">1</a></sup></p>\n" +
			"<div class=\"footnotes\" role=\"doc-endnotes\">\n<hr />\n<ol>\n<li id=\"fn:1\">\n<p>{0}&#160;<a href=\"#fnref:1\" class=\"footnote-backref\" role=\"doc-backlink\">&#x21a9;&#xfe0e;</a></p>\n</li>\n</ol>\n</div>\n",
			[]ref{{Kind: brief, Target: "n"}}},
		{"~~old~~ [[a]]", "<p><del>old</del> {0}</p>\n", []ref{{Kind: brief, Target: "a"}}},
		{"- [x] [[a]]", "<ul>\n<li><input checked=\"\" disabled=\"\" type=\"checkbox\" /> {0}</li>\n</ul>\n", []ref{{Kind: brief, Target: "a"}}},
		{"see https://e.org/a.md", "<p>see <a href=\"https://e.org/a.md\">https://e.org/a.md</a></p>\n", nil},
	}
	for _, tt := range tests {
		doc := convertBody(t, tt.in)
		if got := visible(doc.Body); got != tt.body {
			t.Errorf("%q: body\n got %q\nwant %q", tt.in, got, tt.body)
		}
		if got := refsOf(doc); !reflect.DeepEqual(got, tt.refs) {
			t.Errorf("%q: refs\n got %+v\nwant %+v", tt.in, got, tt.refs)
		}
	}
}

// TestMarkers checks that marker i appears once for every Refs[i], in order.
func TestMarkers(t *testing.T) {
	in := "# T [[h]]\n\n[@a] [x](a.md) [[b]]\n\n> [[actor:c]] [@b; @c]\n\n- [y](../d.md#e)\n- [[domain:f|F]]\n"
	doc := convertBody(t, in)
	found := markerRE.FindAllStringSubmatch(string(doc.Body), -1)
	if len(found) != len(doc.Refs) || len(doc.Refs) != 8 {
		t.Fatalf("%d markers for %d refs, want 8: %q", len(found), len(doc.Refs), doc.Body)
	}
	for i, m := range found {
		if m[1] != fmt.Sprint(i) {
			t.Errorf("marker %d is %s", i, m[1])
		}
	}
	if n := strings.Count(string(doc.Body), "\x00"); n != 16 {
		t.Errorf("%d NUL bytes in the body, want 16", n)
	}
}

// TestPositions checks Ref positions in the whole file, frontmatter included.
func TestPositions(t *testing.T) {
	front := "---\ntitle: T\ndomain: [a, b]\n---\n"
	tests := []struct {
		name, front, body string
		want              [][3]int // Line, Col, Len of each Ref
	}{
		{"wikilink", front, "\nSee [[gsomia]] here.\n", [][3]int{{6, 5, 10}}},
		{"crlf frontmatter", strings.ReplaceAll(front, "\n", "\r\n"), "[[a|b]]\r\n", [][3]int{{5, 1, 7}}},
		{"unicode columns", front, "한국어 [[한일]] [@가나]\n", [][3]int{{5, 5, 6}, {5, 12, 5}}},
		{"citation", front, "x\n\n  text [@a, p. 1; @b]\n", [][3]int{{7, 8, 14}}},
		{"rel link", front, "Go [to *it*](../x.md \"t\") now\n", [][3]int{{5, 4, 22}}},
		{"reference link", front, "Go [to][r].\n\n[r]: x.md\n", [][3]int{{5, 4, 4}}},
		{"list and quote", front, "- a\n  > [[b]]\n", [][3]int{{6, 5, 5}}},
		{"no frontmatter", "", "[[a]]", [][3]int{{1, 1, 5}}},
		{"body on the closing line", "+++\ntitle = 'x'\n+++", " [[a]]", [][3]int{{3, 5, 5}}},
	}
	for _, tt := range tests {
		src := tt.front + tt.body
		var d diag.List
		doc := Convert("b.md", []byte(src), len(tt.front), &d)
		var got [][3]int
		for _, r := range doc.Refs {
			got = append(got, [3]int{r.Line, r.Col, r.Len})
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: positions %v, want %v", tt.name, got, tt.want)
		}
		if d.Len() != 0 {
			t.Errorf("%s: unexpected diagnostics %v", tt.name, d.Sorted())
		}
		if strings.Contains(string(doc.Body), "title:") || strings.Contains(string(doc.Body), "title =") {
			t.Errorf("%s: frontmatter rendered: %q", tt.name, doc.Body)
		}
	}
}

// localNote ends the message about a link to a local path.
const localNote = `readers of the published site cannot follow it; link to the file relative to this one, with "/" between folders`

// TestDiagnostics checks the errors and warnings Convert reports.
func TestDiagnostics(t *testing.T) {
	front := "---\ntitle: T\n---\n"
	tests := []struct {
		body string
		want []string // Diagnostic.String() of each, sorted
		html string
	}{
		{"[[]]", []string{"b.md:4:1: error: empty brief slug in wikilink"}, "<p>[[]]</p>\n"},
		{"x [[ |label]]", []string{"b.md:4:3: error: empty brief slug in wikilink"}, "<p>x [[ |label]]</p>\n"},
		{"[[#]]", []string{"b.md:4:1: error: empty brief slug in wikilink"}, "<p>[[#]]</p>\n"},
		{"[[actor:#x]]", []string{"b.md:4:1: error: empty actor name in wikilink"}, "<p>[[actor:#x]]</p>\n"},
		{"a\n[[actor:]] [[domain: ]] [[source:|s]]", []string{
			"b.md:5:1: error: empty actor name in wikilink",
			"b.md:5:12: error: empty domain slug in wikilink",
			"b.md:5:25: error: empty source id in wikilink",
		}, "<p>a\n[[actor:]] [[domain: ]] [[source:|s]]</p>\n"},
		{"[see [[a]] and [@b]](https://e.org)", []string{
			"b.md:4:6: warning: wikilink inside the text of a link is shown as text",
			"b.md:4:16: warning: citation inside the text of a link is shown as text",
		}, "<p><a href=\"https://e.org\">see [[a]] and [@b]</a></p>\n"},
		{"![[[a]]](https://e.org/i.png)", []string{"b.md:4:3: warning: wikilink inside the text of a link is shown as text"},
			"<p><img src=\"https://e.org/i.png\" alt=\"[[a]]\" /></p>\n"},
		// Paths on the author's machine (issue 10).
		{`[x](C:\site\content\briefs\other.md)`, []string{`b.md:4:1: error: link to a local file path "C:\site\content\briefs\other.md": ` + localNote},
			"<p>x</p>\n"},
		{"see [x](c:/site/other.md) and ![chart](file:///home/me/chart.png)", []string{
			`b.md:4:5: error: link to a local file path "c:/site/other.md": ` + localNote,
			`b.md:4:31: error: link to a file: URL "file:///home/me/chart.png": ` + localNote,
		}, "<p>see x and chart</p>\n"},
		{`[x](FILE:other.md) [y](\\server\share\a.pdf) [z](sub\a.md)`, []string{
			`b.md:4:1: error: link to a file: URL "FILE:other.md": ` + localNote,
			`b.md:4:20: error: link to a local file path "\server\share\a.pdf": ` + localNote,
			`b.md:4:46: error: link to a local file path "sub\a.md": ` + localNote,
		}, "<p>x y z</p>\n"},
		// Raw HTML: one warning per file, at the first (issue 10).
		{"Members:\n\n<table><tr><td>A</td></tr></table>", []string{
			"b.md:6:1: warning: raw HTML is not rendered (briefbook leaves it out): write it in markdown, or remove it",
		}, "<p>Members:</p>\n<!-- raw HTML omitted -->\n"},
		{"a <br>\n\n<div>x</div>\n\nb <kbd>K</kbd>", []string{
			"b.md:4:3: warning: raw HTML is not rendered (briefbook leaves it out): write it in markdown, or remove it; " +
				"so is the raw HTML on lines 6, 8",
		}, "<p>a <!-- raw HTML omitted --></p>\n<!-- raw HTML omitted -->\n<p>b <!-- raw HTML omitted -->K<!-- raw HTML omitted --></p>\n"},
		{"<div>\nx\n</div>\n\na <b>bold</b>\n\n<!-- a comment -->\n\na <!-- b -->", []string{
			"b.md:4:1: warning: raw HTML is not rendered (briefbook leaves it out): write it in markdown, or remove it; " +
				"so is the raw HTML on line 8",
		}, "<!-- raw HTML omitted -->\n<p>a <!-- raw HTML omitted -->bold<!-- raw HTML omitted --></p>\n<!-- raw HTML omitted -->\n<p>a <!-- raw HTML omitted --></p>\n"},
	}
	for _, tt := range tests {
		var d diag.List
		doc := Convert("b.md", []byte(front+tt.body), len(front), &d)
		var got []string
		for _, x := range d.Sorted() {
			got = append(got, x.String())
			if x.LineText == "" || x.Len == 0 {
				t.Errorf("%q: diagnostic %s without line text or length", tt.body, x)
			}
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q: diagnostics\n got %q\nwant %q", tt.body, got, tt.want)
		}
		if len(doc.Refs) != 0 {
			t.Errorf("%q: refs %+v, want none", tt.body, doc.Refs)
		}
		if string(doc.Body) != tt.html {
			t.Errorf("%q: body %q, want %q", tt.body, doc.Body, tt.html)
		}
	}
}

// TestPositioner checks the incremental positioner against diag.Position,
// going forward, backward and across lines.
func TestPositioner(t *testing.T) {
	src := []byte("ab\n한국어 x\r\n\n日本 [[a]]\nend")
	offsets := []int{0, 1, 3, 6, 12, 14, 15, 2, 20, 22, len(src), 5, 0, len(src) + 3, -1}
	var p positioner
	for _, off := range offsets {
		if off >= 0 && off <= len(src) && !utf8.RuneStart(src[min(off, len(src)-1)]) {
			continue
		}
		line, col := p.at(src, off)
		wl, wc := diag.Position(src, off)
		if line != wl || col != wc {
			t.Errorf("offset %d: %d:%d, want %d:%d", off, line, col, wl, wc)
		}
	}
}
