package markup

import (
	"bytes"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
)

// hd returns a heading.
func hd(level int, id, text string) model.Heading {
	return model.Heading{Level: level, ID: id, Text: text}
}

func TestHeadings(t *testing.T) {
	tests := []struct {
		in   string
		want []model.Heading
	}{
		{"# Hello World", []model.Heading{hd(2, "hello-world", "Hello World")}},
		{"## 한일 정보보호협정 (GSOMIA)", []model.Heading{hd(2, "한일-정보보호협정-gsomia", "한일 정보보호협정 (GSOMIA)")}},
		{"### 日本の安全保障政策", []model.Heading{hd(3, "日本の安全保障政策", "日本の安全保障政策")}},
		// GitHub's rule (issue 10): punctuation other than '-' and '_'
		// dropped, each space a hyphen, runs of hyphens kept.
		{"## Über *uns* & `a_b`", []model.Heading{hd(2, "über-uns--a_b", "Über uns & a_b")}},
		{"## A &amp; B \\*", []model.Heading{hd(2, "a--b-", "A & B *")}},
		{"## Q&A", []model.Heading{hd(2, "qa", "Q&A")}},
		{"## Don't panic", []model.Heading{hd(2, "dont-panic", "Don't panic")}},
		{"## U.S. policy", []model.Heading{hd(2, "us-policy", "U.S. policy")}},
		{"## under_score", []model.Heading{hd(2, "under_score", "under_score")}},
		{"## Café & Co — 2021!", []model.Heading{hd(2, "café--co--2021", "Café & Co — 2021!")}},
		{"## Cafe\u0301 Ⅻ ½ x²", []model.Heading{hd(2, "café-ⅻ-½-x²", "Cafe\u0301 Ⅻ ½ x²")}},
		{"## a  b\tc\u00a0d", []model.Heading{hd(2, "a--bcd", "a b c d")}},
		{"## 1. Introduction\n## 1.1 Scope", []model.Heading{hd(2, "1-introduction", "1. Introduction"), hd(2, "11-scope", "1.1 Scope")}},
		{"## C++ vs C#\n## C++ vs C#", []model.Heading{hd(2, "c-vs-c", "C++ vs C#"), hd(2, "c-vs-c-1", "C++ vs C#")}},
		{"## Intro\n## Intro\n## Intro\n## Intro-1", []model.Heading{
			hd(2, "intro", "Intro"), hd(2, "intro-1", "Intro"), hd(2, "intro-2", "Intro"), hd(2, "intro-1-1", "Intro-1")}},
		{"## !!!\n##\n## ...", []model.Heading{hd(2, "section", "!!!"), hd(2, "section-1", ""), hd(2, "section-2", "...")}},
		// A body with an h1 ("# Hello World" above too) has its headings
		// moved one level down: the page's title is its only h1.
		{"Setext\n======\n\nTwo\n---", []model.Heading{hd(2, "setext", "Setext"), hd(3, "two", "Two")}},
		{"Setext\n---", []model.Heading{hd(2, "setext", "Setext")}},
		{"# A\n###### F\n##### E", []model.Heading{hd(2, "a", "A"), hd(6, "f", "F"), hd(6, "e", "E")}},
		{"## See [[a|Alpha]] and [[b]]", []model.Heading{hd(2, "see-alpha-and-b", "See Alpha and b")}},
		{"## Claim [@a, p. 2]", []model.Heading{hd(2, "claim", "Claim")}},
		{"## [Link](https://e.org) <b>raw</b>", []model.Heading{hd(2, "link-raw", "Link raw")}},
		{"> # Quoted\n\n- ## Listed", []model.Heading{hd(2, "quoted", "Quoted"), hd(3, "listed", "Listed")}},
		{"    # code\n```\n# fenced\n```", nil},
	}
	for _, tt := range tests {
		var d diag.List
		doc := Convert("b.md", []byte(tt.in), 0, &d)
		if !reflect.DeepEqual(doc.Headings, tt.want) {
			t.Errorf("%q: headings\n got %+v\nwant %+v", tt.in, doc.Headings, tt.want)
		}
		for _, h := range tt.want {
			attr := fmt.Sprintf("<h%d id=\"%s\">", h.Level, h.ID)
			if !strings.Contains(string(doc.Body), attr) {
				t.Errorf("%q: body has no %s: %q", tt.in, attr, doc.Body)
			}
		}
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"one two three", 3},
		{"**bold** word, and — dash", 4},
		{"한일 정보보호협정", 2},
		{"日本の安全", 5},
		{"Japan 日本 (2019)", 4},
		{"# Title\n\nA [link](https://e.org) and [[a|two words]] [@a].", 6},
		{"```\nfmt.Println(x)\n```\n\n    indented code", 3},
		{"see https://e.org", 2},
	}
	for _, tt := range tests {
		var d diag.List
		if got := Convert("b.md", []byte(tt.in), 0, &d).Words; got != tt.want {
			t.Errorf("%q: %d words, want %d", tt.in, got, tt.want)
		}
	}
}

func TestCountWords(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"   \t\n ", 0},
		{"a", 1},
		{" a ", 1},
		{"a b\tc\nd\re\vf\fg", 7},
		{"-- — ... | ()", 0},
		{"(a) -- b-c x2 2x ...d", 5},
		{"word漢字word", 4},
		{"漢 字", 2},
		{"é à", 2},
		{"ß\u3000ü", 2},        // ideographic space
		{"a\u00a0b", 2},        // no-break space
		{"\xff\xfe a \xff", 1}, // invalid UTF-8 is neither space nor letter
		{"a\xffb", 1},
		{"١٢٣ ٤", 2}, // Arabic-Indic digits
	}
	for _, tt := range tests {
		if got := countWords([]byte(tt.in)); got != tt.want {
			t.Errorf("countWords(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

var (
	scriptTag     = regexp.MustCompile(`(?i)<\s*script`)
	eventAttr     = regexp.MustCompile(`(?i)<[^>]*\son[a-z]+\s*=`)
	dangerousURL  = regexp.MustCompile(`(?i)(href|src)="\s*(javascript|vbscript|data|file):`)
	htmlOmittedRE = regexp.MustCompile(`<!-- raw HTML omitted -->`)
)

// TestXSS checks that no script, event handler or dangerous URL in a body
// reaches the HTML.
func TestXSS(t *testing.T) {
	tests := []struct {
		in      string
		refs    int  // number of Refs
		omitted bool // raw HTML was omitted
	}{
		{"[x](javascript:alert(1))", 0, false},
		{"[x](JaVaScRiPt:alert(1))", 0, false},
		{"[x](javascript:alert(1).md)", 0, false},
		{"[x](vbscript:msgbox)", 0, false},
		{"[x](data:text/html,<script>alert(1)</script>)", 0, false},
		{"[x](file:///etc/passwd)", 0, false},
		{"[x][r]\n\n[r]: javascript:alert(1)", 0, false},
		{"[x](<javascript:alert(1)>)", 0, false},
		{"[x](&#106;avascript:alert(1))", 0, false},
		{"<javascript:alert(1)>", 0, false},
		{"![x](javascript:alert(1))", 0, false},
		{"![x](data:text/html;base64,PHNjcmlwdD4=)", 0, false},
		{"<script>alert(1)</script>", 0, true},
		{"text <script>alert(1)</script> text", 0, true},
		{"<img src=x onerror=alert(1)>", 0, true},
		{"<a href=\"javascript:alert(1)\">x</a>", 0, true},
		{"# <script>alert(1)</script>", 0, true},
		{"[[a|<script>alert(1)</script>]]", 1, false},
		{"[[<script>alert(1)</script>]]", 1, false},
		{"[[actor:\"><img src=x onerror=alert(1)>]]", 1, false},
		{"[@a, <script>alert(1)</script>]", 1, false},
		{"[x](a.md \"\\\"><script>alert(1)</script>\")", 1, false},
		{"[x](a.md#\"onmouseover=\"alert(1))", 1, false},
		{"[\"onclick=\"alert(1)](a.md)", 1, false},
		{"`<script>alert(1)</script>`", 0, false},
		{"```\n<script>alert(1)</script>\n```", 0, false},
		{"[[<script>]] x", 1, false},
	}
	for _, tt := range tests {
		var d diag.List
		doc := Convert("b.md", []byte(tt.in), 0, &d)
		body := string(doc.Body)
		for _, re := range []*regexp.Regexp{scriptTag, eventAttr, dangerousURL} {
			if re.MatchString(body) {
				t.Errorf("%q: body matches %s: %q", tt.in, re, body)
			}
		}
		if len(doc.Refs) != tt.refs {
			t.Errorf("%q: %d refs, want %d", tt.in, len(doc.Refs), tt.refs)
		}
		if got := htmlOmittedRE.MatchString(body); got != tt.omitted {
			t.Errorf("%q: raw HTML omitted = %v, want %v: %q", tt.in, got, tt.omitted, body)
		}
	}
	// A wikilink's label is kept as written, for the render stage to escape.
	doc := Convert("b.md", []byte("[[a|<script>x</script>]]"), 0, &diag.List{})
	if doc.Refs[0].Label != "<script>x</script>" {
		t.Errorf("label %q", doc.Refs[0].Label)
	}
}

// TestNUL checks that a NUL byte in the input (which the loader rejects)
// cannot forge a marker.
func TestNUL(t *testing.T) {
	for _, in := range []string{"a\x000\x00b", "`\x000\x00`", "```\n\x000\x00\n```", "[x](\x000\x00.md)"} {
		doc := Convert("b.md", []byte(in), 0, &diag.List{})
		if n := bytes.Count(doc.Body, []byte{0}); n != 2*len(doc.Refs) {
			t.Errorf("%q: %d NUL bytes for %d refs: %q", in, n, len(doc.Refs), doc.Body)
		}
	}
}

// TestConcurrent converts documents from many goroutines at once; run it
// with -race. Each result must equal the one converted alone.
func TestConcurrent(t *testing.T) {
	inputs := []string{
		"# Intro\n\n[[a]] [@b, p. 1] [x](c.md)\n\n# Intro\n",
		"---\ntitle: x\n---\n## 한일\n\n[[actor:ROK|Seoul]] | [^1]\n\n[^1]: [@c]\n",
		"| a | b |\n|---|---|\n| [[x\\|y]] | ~~z~~ |\n\n- [ ] task https://e.org\n",
		"[[]] [see [[a]]](https://e.org)\n",
	}
	want := make([]model.Doc, len(inputs))
	for i, in := range inputs {
		want[i] = Convert("b.md", []byte(in), 0, &diag.List{})
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for k := range 50 {
				i := (g + k) % len(inputs)
				got := Convert("b.md", []byte(inputs[i]), 0, &diag.List{})
				if !reflect.DeepEqual(got, want[i]) {
					t.Errorf("input %d converted concurrently differs:\n got %+v\nwant %+v", i, got, want[i])
					return
				}
			}
		})
	}
	wg.Wait()
}
