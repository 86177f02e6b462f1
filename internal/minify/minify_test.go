package minify

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestMinifyTo(t *testing.T) {
	tests := []struct {
		name, mt, in, want string
	}{
		{"html whitespace", "text/html", "<!DOCTYPE html>\n<html>\n<body>\n  <p>  a   b  </p>\n</body>\n</html>\n",
			"<!doctype html><html><body><p>a b</p></body></html>"},
		{"html keeps quotes and end tags", "text/html", `<ul><li class="x">one</li><li class="y z">two</li></ul>`,
			`<ul><li class="x">one</li><li class="y z">two</li></ul>`},
		{"html escaped angle in attribute", "text/html", `<a title="&lt;script&gt;alert(1)&lt;/script&gt;&#34;">x</a>`,
			`<a title='&lt;script&gt;alert(1)&lt;/script&gt;"'>x</a>`},
		{"html numeric angle in attribute", "text/html", `<meta content="&#60;b&#x3E;">`,
			`<meta content="&lt;b&gt;">`},
		{"html escaped angle in text", "text/html", `<p>a &lt;script&gt; b</p>`,
			`<p>a &lt;script> b</p>`},
		{"html ampersands", "text/html", `<a href="/a?b=1&amp;c=2" title="&amp;lt;">&amp;lt;</a>`,
			`<a href="/a?b=1&amp;c=2" title="&amp;lt;">&amp;lt;</a>`},
		{"html pre", "text/html", "<pre>  a\n   b  </pre>", "<pre>  a\n   b  </pre>"},
		{"css", "text/css", "body {\n  color : #ff0000 ;\n}\n", "body{color:red}"},
		{"json", "application/json", `{ "a" : [ 1 , 2 ] }`, `{"a":[1,2]}`},
		// Issue 10: the minifier must not change what a reader sees.
		{"svg icon minified", "image/svg+xml", `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">  <rect x="0" y="0" width="10" height="10" fill="#ff0000"/>  </svg>`,
			`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect x="0" y="0" width="10" height="10" fill="red"/></svg>`},
		{"svg text kept", "image/svg+xml", `<svg xmlns="http://www.w3.org/2000/svg"><text x="0" y="20">Hello <tspan>World</tspan> again</text></svg>`,
			`<svg xmlns="http://www.w3.org/2000/svg"><text x="0" y="20">Hello <tspan>World</tspan> again</text></svg>`},
		{"svg xml:space kept", "image/svg+xml", `<svg xmlns="http://www.w3.org/2000/svg"><g xml:space="preserve"><title>a   b</title></g></svg>`,
			`<svg xmlns="http://www.w3.org/2000/svg"><g xml:space="preserve"><title>a   b</title></g></svg>`},
		{"svg prefixed text kept", "image/svg+xml", `<s:svg xmlns:s="http://www.w3.org/2000/svg"><s:text>a  b</s:text></s:svg>`,
			`<s:svg xmlns:s="http://www.w3.org/2000/svg"><s:text>a  b</s:text></s:svg>`},
		{"inline svg text kept", "text/html", "<p>x</p>\n<svg><text style=\"white-space: pre\">a   b</text></svg>",
			"<p>x</p><svg><text style=\"white-space: pre\">a   b</text></svg>"},
		{"inline math kept", "text/html", "<p>x</p> <math><mi>a</mi>  <mtext>b   c</mtext></math>",
			"<p>x</p><math><mi>a</mi>  <mtext>b   c</mtext></math>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := To(&b, tt.mt, []byte(tt.in)); err != nil {
				t.Fatal(err)
			}
			if got := b.String(); got != tt.want {
				t.Errorf("To(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestXMLNotMinified checks that XML files are copied as they are (issue
// 10: "<name>  padded   name  </name>" became "padded name"), and that
// the files that are minified still are.
func TestXMLNotMinified(t *testing.T) {
	for p, want := range map[string]string{
		"static/data.xml": "", "feed.atom": "", "news.RSS": "", "sitemap.xml": "",
		"a.svg": "image/svg+xml", "index.html": "text/html", "x.CSS": "text/css", "a.json": "application/json",
	} {
		if got := MediaType(p); got != want {
			t.Errorf("MediaType(%q) = %q, want %q", p, got, want)
		}
	}
	// Nor is XML inline in HTML other than SVG.
	var b bytes.Buffer
	in := "<p>a</p><math><mtext>  padded   name  </mtext></math>"
	if err := To(&b, "text/html", []byte(in)); err != nil || b.String() != in {
		t.Errorf("To(%q) = %q, %v; want it unchanged", in, b.String(), err)
	}
}

// TestEscapeAttrsCopiesExactly checks that the second pass over minified
// HTML changes nothing but angle brackets in attribute values.
func TestEscapeAttrsCopiesExactly(t *testing.T) {
	for _, in := range []string{
		`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>T</title><style>a>b{color:red}</style></head>` +
			`<body><script type="application/ld+json">{"a":"<b>"}</script><!-- c --><p class="a b" hidden>x &lt; y > z</p><br/></body></html>`,
		`<p>unclosed <b`,
		``,
	} {
		var b bytes.Buffer
		if err := escapeAttrs(&b, []byte(in)); err != nil {
			t.Fatal(err)
		}
		if b.String() != in {
			t.Errorf("escapeAttrs(%q) = %q, want it unchanged", in, b.String())
		}
	}
}

// TestInlineSVGKept checks that SVG inside a page is kept as written
// (whitespace in its text is significant), and that a page with escaped
// markup in an SVG title still minifies with fragment placeholders after
// it, which the SVG minifier failed on.
func TestInlineSVGKept(t *testing.T) {
	p := "Evil &lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&#34;&#39;&gt;&lt;svg onload=alert(3)&gt;: 2 briefs"
	svg := `<svg viewBox="0 0 10 10"><a href="/x"><title>` + p + `</title><text x="1" y="2">Hello  <tspan>World</tspan> again</text></a></svg>`
	src := "<div>" + svg + "</div>\n<ol>\x00f5\x00</ol>"
	var out bytes.Buffer
	if err := To(&out, "text/html", []byte(src)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), `<text x="1" y="2">Hello  <tspan>World</tspan> again</text>`) {
		t.Errorf("inline SVG text changed: %s", out.String())
	}
}

// TestEscapesAngle checks escapesAngle against its definition: src holds
// one of the starts of a reference to "<" or ">", found by bytes.Contains.
func TestEscapesAngle(t *testing.T) {
	refs := []string{"&lt", "&gt", "&LT", "&GT", "&#6", "&#0", "&#x", "&#X"}
	want := func(src string) bool {
		for _, r := range refs {
			if strings.Contains(src, r) {
				return true
			}
		}
		return false
	}
	cases := []string{"", "&", "&l", "&lt", "a&lt;b", "&amp;&lt;", "&&lt", "&Lt;", "&lT", "&#62;", "&#x3e;", "&#X3E", "&#39;", "&#1", "x&#", "&g", "&gt", "&amp;", "&quot;&#34;", "tail&"}
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := "&#ltgLTGx06X;a"
	for range 5000 {
		b := make([]byte, r.IntN(12))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		cases = append(cases, string(b))
	}
	for _, c := range cases {
		if got := escapesAngle([]byte(c)); got != want(c) {
			t.Errorf("escapesAngle(%q) = %v, want %v", c, got, want(c))
		}
	}
}
