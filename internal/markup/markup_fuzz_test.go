package markup

import (
	"bytes"
	"testing"
	"unicode/utf8"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
)

// fuzzSeeds are bodies that exercise briefbook's syntax and its edges.
var fuzzSeeds = []string{
	"[[gsomia]] [[gsomia|the pact]] [[gsomia#history|H]] [[actor:ROK]] [[domain:cyber]] [[source:kei]]",
	"[@a] [@a, p. 12] [@a; @b] [@a, p. 3; @b, ch. 2] [@user](http://x) [@x][r]\n\n[r]: /u",
	"[[]] [[actor:]] [[|x]] [[a|]] [[#h]] [[a]b]] [[[a]]] [[open\nclose]]",
	"[see [[a]] and [@b]](https://e.org) ![[[a]] [@b]](i.png) [[[a]](b.md)] ![[x](a.md)](i.png)",
	"`[[a]]` ``[@b]`` ```\n[[c]]\n```\n\n    [@d]",
	"# 한일 정보보호협정\n## 日本の安全保障\n# Intro\n# Intro\n# !!!",
	"[x](../a.md#h \"t\") [y](<my file.md>) [z][r] ![i](a.md)\n\n[r]: o.md",
	"| a | b |\n|---|---|\n| [[x\\|y]] | [@c] |\n\n- [x] [[t]]\n\n~~[[s]]~~ https://e.org",
	"a[^1]\n\n[^1]: [[n]] [@m]\n",
	"<script>alert(1)</script> [x](javascript:alert(1)) <javascript:x> [[a|<script>]]",
	"[[a\\|b]] \\[[a]] [[a\\]] [@a\\] [\\@a]",
	"[@@] [@a;;@b] [@a,,] [@ä] [@a.] [@_] [@1:2.3]",
	"> - [[a]]\n>   [@b]\n> ```\n> [[c]]",
	"[[\xff]] [@\xfe] \xed\xa0\x80 [\xc3](\xc3.md)",
	"[[" + string(bytes.Repeat([]byte("a"), 1000)) + "]]",
	"[" + string(bytes.Repeat([]byte("[@a]"), 100)) + "](x.md)",
	"[q](o.md?x=1#a) [f](#nope) ![c](chart.png \"t\") [r](/img/a.svg?v=1) ![r](/a.png) [t](#) [p](?q)",
	`[w](C:\x\y.md) [u](\\srv\s) [b](a\b.md) ![f](file:///x.png) [e](r&eacute;.md) [s](a\_b.md)`,
	"<table><tr><td>x</td></tr></table>\n\na <b>b</b> <!-- c -->\n\n<!-- d -->\n\n<div>\n",
	"https://ko.wikipedia.org/wiki/한일_군사정보보호협정 www.例え.jp/パス。 (https://e.org/a_(b))",
	"Claim[@aa][@bb]. [@bb][^1] [@aa][[beta]] [@aa][^fn] [Text][@bb] ![T][@b] [@bb p. 12]\n\n[^1]: n\n[Text]: /t\n[T]: i.png",
	"[see @a, p. 3; also -@b chap. 2] [@{odd key}] [@a.] [@a; b] [@a and @b] [@a [x] y] [x [T][@b] y](/o) [@a\n2]",
	"[@a][] [@a][r] [T][@r] ]][@a] [@a]]\n\n[r]: /u\n[@a]: /v\n[@r]: /w",
	"[ @{" + string(bytes.Repeat([]byte(" @{"), 300)) + "]",
	string(bytes.Repeat([]byte("[see @a "), 300)) + "]",
	"> [!NOTE]\n> [[a]]\n\n> [!Bottom line] *T* [@b]\n> x\n\n- > [!tip]-  \n  > > [!WARNING]\n\n> [!a]x [!] [!NOTE] `c`",
}

// FuzzConvert checks that Convert never panics and that its result is
// consistent: one marker per Ref, in order, and positions inside the file.
func FuzzConvert(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s), 0)
		f.Add([]byte("---\ntitle: x\n---\n"+s), 17)
	}
	f.Fuzz(func(t *testing.T, src []byte, bodyStart int) {
		var d diag.List
		doc := Convert("f.md", src, bodyStart, &d)
		checkDoc(t, src, doc)
		for _, x := range d.Sorted() {
			if x.Line < 1 || x.Col < 1 {
				t.Errorf("diagnostic without a position: %s", x)
			}
		}
	})
}

// checkDoc checks the invariants of a converted document.
func checkDoc(t *testing.T, src []byte, doc model.Doc) {
	t.Helper()
	body := doc.Body
	for i := range doc.Refs {
		m := []byte(model.Marker(i))
		j := bytes.Index(body, m)
		if j < 0 {
			t.Fatalf("marker %d missing or out of order in %q", i, doc.Body)
		}
		body = body[j+len(m):]
	}
	if bytes.IndexByte(body, 0) >= 0 {
		t.Fatalf("stray NUL after the last marker in %q", doc.Body)
	}
	lines := bytes.Count(src, []byte("\n")) + 1
	for i, r := range doc.Refs {
		if r.Line < 1 || r.Line > lines || r.Col < 1 || r.Len < 1 {
			t.Errorf("ref %d at %d:%d+%d outside the file of %d lines", i, r.Line, r.Col, r.Len, lines)
		}
		if utf8.Valid(src) {
			line := []rune(diag.LineText(src, r.Line))
			if r.Col > len(line) || line[r.Col-1] != '[' && !isImageStart(line[r.Col-1:]) || r.Col-1+r.Len > len(line) {
				t.Errorf("ref %d at %d:%d+%d is not at a '[' or \"![\" of its line %q", i, r.Line, r.Col, r.Len, string(line))
			}
		}
		if r.Kind != model.RefCitation && r.Target == "" && (r.Kind != model.RefBrief && r.Kind != model.RefRelLink || r.Fragment == "") {
			t.Errorf("ref %d has no target", i)
		}
		if r.Kind == model.RefCitation && len(r.Cites) == 0 {
			t.Errorf("citation %d has no items", i)
		}
		for _, c := range r.Cites {
			if c.ID == "" {
				t.Errorf("citation %d has an item with no id: %+v", i, r.Cites)
			}
		}
	}
	if utf8.Valid(src) && !utf8.Valid(doc.Body) {
		t.Errorf("valid UTF-8 input gave invalid UTF-8 output")
	}
	for i, h := range doc.Headings {
		if h.ID == "" || !bytes.Contains(doc.Body, []byte(" id=\""+h.ID+"\"")) {
			t.Errorf("heading %d (%q) has id %q, not in the body", i, h.Text, h.ID)
		}
		if h.Level < 1 || h.Level > 6 {
			t.Errorf("heading %d has level %d", i, h.Level)
		}
	}
}

// isImageStart reports whether line starts with "![".
func isImageStart(line []rune) bool {
	return len(line) >= 2 && line[0] == '!' && line[1] == '['
}
