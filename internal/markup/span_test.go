package markup

import (
	"strings"
	"testing"

	"github.com/briefbook/briefbook/internal/diag"
)

// TestSpan checks bracketed spans ([text]{lang=ja}, pandoc's syntax):
// what becomes a span, what stays text, and the warnings for attributes a
// span does not take.
func TestSpan(t *testing.T) {
	tests := []struct {
		src, want string
		diags     []string
	}{
		{"a [日本語]{lang=ja} b", `<p>a <span lang="ja">日本語</span> b</p>`, nil},
		{`[한국어]{lang="ko-KR"}`, `<p><span lang="ko-KR">한국어</span></p>`, nil},
		{"[*em* and [[x]]]{lang=ja .note}", "<p><span lang=\"ja\" class=\"note\"><em>em</em> and \x000\x00</span></p>", nil},
		{"[a [b]{lang=ko} c]{lang=ja}", `<p><span lang="ja">a <span lang="ko">b</span> c</span></p>`, nil},
		{"[a `]` b]{lang=ja}", `<p><span lang="ja">a <code>]</code> b</span></p>`, nil},
		{"[x]{lang=ja_JP}", `<p><span lang="ja-JP">x</span></p>`, nil},
		// Attributes a span does not take are left out, with a warning at them.
		{"[x]{#id lang=bad! k=v .a<b}", `<p><span>x</span></p>`, []string{
			`x.md:1:5: warning: span attribute "#id" left out: a span takes only lang=TAG and .class`,
			`x.md:1:9: warning: invalid language "bad!" in a span: want a BCP 47 tag such as "ja" or "ko"`,
			`x.md:1:19: warning: span attribute "k=v" left out: a span takes only lang=TAG and .class`,
			`x.md:1:23: warning: span attribute ".a<b" left out: a span takes only lang=TAG and .class`,
		}},
		// Not spans: in code, crossing emphasis, links, citations, no
		// closing brace, a space before the brace, over two lines.
		{"`[a]{lang=ja}`", `<p><code>[a]{lang=ja}</code></p>`, nil},
		{"*[a*]{lang=ja}", `<p><em>[a</em>]{lang=ja}</p>`, nil},
		{"[link](u){lang=ja}", "<p><a href=\"\x000\x00\">link</a>{lang=ja}</p>", nil},
		{"[@a]{lang=ja}", "<p>\x000\x00{lang=ja}</p>", nil},
		{"[a]{lang=ja", `<p>[a]{lang=ja</p>`, nil},
		{"[a] {lang=ja}", `<p>[a] {lang=ja}</p>`, nil},
		{"[a\nb]{lang=ja}", "<p>[a\nb]{lang=ja}</p>", nil},
		{`\[a]{lang=ja}`, `<p>[a]{lang=ja}</p>`, nil},
		// An attribute block ends before any bracket or brace: text after
		// an unclosed one is never swallowed as attributes.
		{"[u]{lang=ja and [n]{lang=ko}.", `<p>[u]{lang=ja and <span lang="ko">n</span>.</p>`, nil},
		{"[u]{lang=ja {x}", `<p>[u]{lang=ja {x}</p>`, nil},
	}
	for _, tt := range tests {
		var d diag.List
		doc := Convert("x.md", []byte(tt.src), 0, &d)
		if got := strings.TrimSuffix(string(doc.Body), "\n"); got != tt.want {
			t.Errorf("%q:\n got %q\nwant %q", tt.src, got, tt.want)
		}
		var got []string
		for _, x := range d.Sorted() {
			got = append(got, x.String())
		}
		if strings.Join(got, "\n") != strings.Join(tt.diags, "\n") {
			t.Errorf("%q: diagnostics\n got %q\nwant %q", tt.src, got, tt.diags)
		}
	}
}

// TestSpanLimits checks that lines full of brackets are converted in
// about linear time (each '[' looks at most maxSpan bytes ahead), and that
// a span longer than that is text.
func TestSpanLimits(t *testing.T) {
	for _, src := range []string{strings.Repeat("[", 50000), strings.Repeat("[a", 25000), strings.Repeat("[]{", 20000)} {
		Convert("x.md", []byte(src), 0, nil) // would take minutes if quadratic
	}
	long := "[" + strings.Repeat("a", maxSpan) + "]{lang=ja}"
	if doc := Convert("x.md", []byte(long), 0, nil); strings.Contains(string(doc.Body), "<span") {
		t.Errorf("a span of %d bytes was made", len(long))
	}
}
