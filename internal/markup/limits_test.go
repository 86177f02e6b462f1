package markup

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/briefbook/briefbook/internal/diag"
)

// TestLimits checks the limits that keep goldmark's time linear (issue
// 10): what is refused or shown as text, and what is reported where.
func TestLimits(t *testing.T) {
	deepList := nestedList(MaxNesting + 5)
	tests := []struct {
		name  string
		in    string
		diags []string
		has   string // a part of the HTML
	}{
		{"block quotes at the limit", strings.Repeat(">", MaxNesting) + " x", nil,
			strings.Repeat("<blockquote>\n", MaxNesting) + "<p>x</p>"},
		{"block quotes over the limit", strings.Repeat(">", MaxNesting+3) + " x",
			[]string{"b.md:1:33: error: block quotes and lists nested more than 32 deep: the deeper levels are shown as text"},
			strings.Repeat("<blockquote>\n", MaxNesting) + "<p>&gt;&gt;&gt; x</p>"},
		{"list markers over the limit", strings.Repeat("- ", MaxNesting+1) + "x",
			[]string{"b.md:1:65: error: block quotes and lists nested more than 32 deep: the deeper levels are shown as text"},
			"<li>- x</li>"},
		{"nested list over the limit", deepList,
			[]string{"b.md:33:65: error: block quotes and lists nested more than 32 deep: the deeper levels are shown as text"}, ""},
		{"quotes and lists together", strings.Repeat("> - ", MaxNesting/2) + "> x",
			[]string{"b.md:1:65: error: block quotes and lists nested more than 32 deep: the deeper levels are shown as text"}, "&gt; x"},
		{"emphasis at the limit", strings.Repeat("*a* ", MaxDelimiters/2), nil, "<em>a</em> <em>a</em>"},
		{"emphasis over the limit", strings.Repeat("*a_", MaxDelimiters+5),
			[]string{"b.md:1:301: warning: more than 200 emphasis delimiters (*, _, ~) in one paragraph: the rest are shown as text"}, ""},
		{"strikethrough over the limit, each paragraph counted", strings.Repeat("~a~ ", MaxDelimiters/2+1) + "\n\n" + strings.Repeat("~a~ ", MaxDelimiters/2),
			[]string{"b.md:1:401: warning: more than 200 emphasis delimiters (*, _, ~) in one paragraph: the rest are shown as text"},
			"<del>a</del> ~a~</p>"},
		{"links that do not start", strings.Repeat("[a](<b ", MaxLinkFailures+3),
			[]string{"b.md:1:143: warning: more than 20 \"](\" in one paragraph that start no link: the rest are shown as text"}, ""},
		// Links to paths are refs: their URL is a marker until resolved.
		{"links that start are not counted", strings.Repeat("[a](b) ![c](d.png) ", 3*MaxLinkFailures), nil, "<img src=\"\x0059\x00\" alt=\"c\" />"},
		{"a shortcut link after no destination", "[a](<b\n\n[a]: /u", nil, "<a href=\"\x000\x00\">a</a>(&lt;b"},
		{"diagnostics of a body bounded", strings.Repeat("[[]]", maxBodyDiags+7), nil, ""},
	}
	for _, tt := range tests {
		var d diag.List
		doc := Convert("b.md", []byte(tt.in), 0, &d)
		var got []string
		for _, x := range d.Sorted() {
			got = append(got, x.String())
		}
		if tt.name == "diagnostics of a body bounded" {
			if len(got) != maxBodyDiags+1 || got[0] != "b.md:1:1: error: 7 more problems in this body (only the first 100 are reported)" {
				t.Errorf("%s: %d diagnostics, first %q", tt.name, len(got), got[:min(1, len(got))])
			}
			continue
		}
		if !reflect.DeepEqual(got, tt.diags) {
			t.Errorf("%s: diagnostics\n got %q\nwant %q", tt.name, got, tt.diags)
		}
		if !strings.Contains(string(doc.Body), tt.has) {
			t.Errorf("%s: body %.300q has no %q", tt.name, doc.Body, tt.has)
		}
	}
}

// TestLimitsKeepDocuments checks that ordinary documents near the limits
// render as goldmark renders them.
func TestLimitsKeepDocuments(t *testing.T) {
	var b strings.Builder
	for i := range 6 {
		fmt.Fprintf(&b, "%s- level %d with *em* and **strong** and [a link](https://e.org/%d)\n", strings.Repeat("  ", i), i, i)
	}
	b.WriteString("\n> quote\n> > nested *quote* ~~gone~~\n")
	var d diag.List
	doc := Convert("b.md", []byte(b.String()), 0, &d)
	if d.Len() != 0 {
		t.Errorf("diagnostics: %v", d.Sorted())
	}
	for _, want := range []string{"<em>em</em>", "<strong>strong</strong>", `<a href="https://e.org/5">a link</a>`, "<del>gone</del>"} {
		if !strings.Contains(string(doc.Body), want) {
			t.Errorf("no %q in %q", want, doc.Body)
		}
	}
	if n := strings.Count(string(doc.Body), "<ul>"); n != 6 {
		t.Errorf("%d lists, want 6", n)
	}
}

// TestIssueInputs converts the three bodies of issue 10 at the sizes given
// there (which took 8.5 s, 21 s and about a minute), checking what is
// reported; the test would time out if they still took quadratic time.
func TestIssueInputs(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"'>' * 100000 + ' x'", strings.Repeat(">", 100_000) + " x", "b.md:1:33: error: block quotes and lists nested more than 32 deep"},
		{"'[a](<b' * 50000", strings.Repeat("[a](<b", 50_000), "b.md:1:123: warning: more than 20 \"](\" in one paragraph that start no link"},
		{"a list nested 2,000 deep", nestedList(2000), "b.md:33:65: error: block quotes and lists nested more than 32 deep"},
	}
	for _, tt := range tests {
		var d diag.List
		Convert("b.md", []byte(tt.in), 0, &d)
		got := d.Sorted()
		if len(got) != 1 || !strings.HasPrefix(got[0].String(), tt.want) {
			t.Errorf("%s: diagnostics %v, want one starting %q", tt.name, got, tt.want)
		}
	}
}
