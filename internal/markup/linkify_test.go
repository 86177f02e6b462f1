package markup

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"github.com/briefbook/briefbook/internal/diag"
)

// TestQuickLinkify checks that quickLinkify gives the HTML that goldmark's
// GFM extension gives, on texts around every case where the linkify parser
// finds or refuses a link, and on the CommonMark spec examples.
func TestQuickLinkify(t *testing.T) {
	texts := []string{
		"see http://example.org and https://example.org/a_(b)?c=d.",
		"x ftp://files.example.org/f, (www.example.org) *www.a.org* _http://b.c_ ~https://d.e~",
		"wwww.example.org Www.example.org HTTP://example.org http:x ftp: www.",
		"mail ann@example.org, bob.smith+tag@sub.example.co.uk. or x@y or a@b.c-",
		"tab\tann@example.org\tand\nline ann@example.org\nat end a@b.cd",
		"@ann @ example.org ann@ ann@@example.org (ann@example.org) *ann@example.org*",
		"the which was for with had http what ftpx wwwx",
		"a  \nhard break and trailing  ",
		"`http://code.example.org` [link http://x.org](http://y.org) <http://z.org>",
		"déjà vu ann@exämple.org 日本 http://日本.jp",
		"- item http://list.example.org\n- ann@example.org\n\n| a | b |\n|---|---|\n| www.t.org | c@d.ef |",
		"[[brief|text http://x.org]] [@src, p. 3] http://after.org",
	}
	if data, err := os.ReadFile(specPath); err == nil {
		var examples []specExample
		if err := json.Unmarshal(data, &examples); err != nil {
			t.Fatal(err)
		}
		for _, e := range examples {
			texts = append(texts, e.Markdown)
		}
	}
	quick := goldmark.New(goldmark.WithExtensions(gfm{}, extension.Footnote))
	plain := goldmark.New(goldmark.WithExtensions(extension.NewLinkify(linkifyOptions...),
		extension.Table, extension.Strikethrough, extension.TaskList, extension.Footnote))
	for _, src := range texts {
		var got, want bytes.Buffer
		if err := quick.Convert([]byte(src), &got); err != nil {
			t.Fatal(err)
		}
		if err := plain.Convert([]byte(src), &want); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%q:\ngot  %q\nwant %q", src, got.String(), want.String())
		}
	}
}

func TestMayHoldAddress(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"", false},
		{"no at sign", false},
		{"@start", false},
		{"cites [@a] and [@a; @b, p. 2]\n@line", false},
		{"ann@example.org", true},
		{"[@a] then ann@example.org", true},
		{"a.b@c", true},
		{"x-@", true},
	}
	for _, tt := range tests {
		if got := mayHoldAddress([]byte(tt.in)); got != tt.want {
			t.Errorf("mayHoldAddress(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestLinkifyUnicode checks that bare URLs are linked whole when they hold
// letters of any script (issue 10: goldmark's patterns stop at the first
// non-ASCII character), and that punctuation around them stays outside.
func TestLinkifyUnicode(t *testing.T) {
	tests := []struct{ in, href, text string }{
		{"See https://ko.wikipedia.org/wiki/한일_군사정보보호협정 now",
			"https://ko.wikipedia.org/wiki/%ED%95%9C%EC%9D%BC_%EA%B5%B0%EC%82%AC%EC%A0%95%EB%B3%B4%EB%B3%B4%ED%98%B8%ED%98%91%EC%A0%95",
			"https://ko.wikipedia.org/wiki/한일_군사정보보호협정"},
		{"「https://ja.wikipedia.org/wiki/日韓秘密軍事情報保護協定」を参照。",
			"", ""}, // no space before it: not a link start, as in GFM
		{"参照 https://ja.wikipedia.org/wiki/日本。次",
			"https://ja.wikipedia.org/wiki/%E6%97%A5%E6%9C%AC", "https://ja.wikipedia.org/wiki/日本"},
		{"(https://de.wikipedia.org/wiki/Straße_(Verkehr))", "https://de.wikipedia.org/wiki/Stra%C3%9Fe_(Verkehr)",
			"https://de.wikipedia.org/wiki/Straße_(Verkehr)"},
		{"at http://bücher.example/a–b.", "http://b%C3%BCcher.example/a%E2%80%93b", "http://bücher.example/a–b"},
		{"www.例え.jp/パス, then", "http://www.%E4%BE%8B%E3%81%88.jp/%E3%83%91%E3%82%B9", "www.例え.jp/パス"},
		{"plain https://example.org/a?b=c.", "https://example.org/a?b=c", "https://example.org/a?b=c"},
	}
	for _, tt := range tests {
		html := string(Convert("b.md", []byte(tt.in), 0, &diag.List{}).Body)
		want := `<a href="` + tt.href + `">` + tt.text + `</a>`
		if tt.href == "" {
			if strings.Contains(html, "<a ") {
				t.Errorf("%q: got a link, want none:\n%s", tt.in, html)
			}
			continue
		}
		if !strings.Contains(html, want) {
			t.Errorf("%q:\ngot  %s\nwant %s", tt.in, html, want)
		}
	}
}

// TestConvertLinksAddresses checks that Convert, which skips looking for
// e-mail addresses in bodies that cannot hold any, still links them.
func TestConvertLinksAddresses(t *testing.T) {
	tests := []struct {
		in   string
		want bool // whether the HTML has a mailto link
	}{
		{"See [@a] and ann@example.org.", true},
		{"Write to ann@example.org", true},
		{"See [@a; @b] and @ann.", false},
	}
	for _, tt := range tests {
		var d diag.List
		html := string(Convert("b.md", []byte(tt.in), 0, &d).Body)
		if got := strings.Contains(html, `href="mailto:ann@example.org"`); got != tt.want {
			t.Errorf("%q: mailto link %v, want %v:\n%s", tt.in, got, tt.want, html)
		}
	}
}
