package markup

import (
	"testing"
)

func TestCallouts(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"note", "> [!NOTE]\n> Useful information.",
			"<div class=\"callout callout-note\" role=\"note\">\n<p class=\"callout-title\">Note</p>\n<p>Useful information.</p>\n</div>\n"},
		{"lower case", "> [!tip]\n> Try this.",
			"<div class=\"callout callout-tip\" role=\"note\">\n<p class=\"callout-title\">Tip</p>\n<p>Try this.</p>\n</div>\n"},
		{"mixed case", "> [!Important]\n> Key.",
			"<div class=\"callout callout-important\" role=\"note\">\n<p class=\"callout-title\">Important</p>\n<p>Key.</p>\n</div>\n"},
		{"warning and caution", "> [!WARNING]\n> W.\n\n> [!CAUTION]\n> C.",
			"<div class=\"callout callout-warning\" role=\"note\">\n<p class=\"callout-title\">Warning</p>\n<p>W.</p>\n</div>\n" +
				"<div class=\"callout callout-caution\" role=\"note\">\n<p class=\"callout-title\">Caution</p>\n<p>C.</p>\n</div>\n"},
		{"own words", "> [!Bottom line]\n> Seoul and Tokyo gain.",
			"<div class=\"callout callout-other\" role=\"note\">\n<p class=\"callout-title\">Bottom line</p>\n<p>Seoul and Tokyo gain.</p>\n</div>\n"},
		{"other script", "> [!핵심 판단]\n> 내용.",
			"<div class=\"callout callout-other\" role=\"note\">\n<p class=\"callout-title\">핵심 판단</p>\n<p>내용.</p>\n</div>\n"},
		{"custom title with markdown", "> [!WARNING] Read *this* first\n> Body text\n> on two lines.",
			"<div class=\"callout callout-warning\" role=\"note\">\n<p class=\"callout-title\">Read <em>this</em> first</p>\n<p>Body text\non two lines.</p>\n</div>\n"},
		{"fold sign", "> [!Key judgment]- Likely\n> Text.",
			"<div class=\"callout callout-other\" role=\"note\">\n<p class=\"callout-title\">Likely</p>\n<p>Text.</p>\n</div>\n"},
		{"marker alone", "> [!NOTE]",
			"<div class=\"callout callout-note\" role=\"note\">\n<p class=\"callout-title\">Note</p>\n</div>\n"},
		{"several blocks", "> [!NOTE]\n>\n> One.\n>\n> - two",
			"<div class=\"callout callout-note\" role=\"note\">\n<p class=\"callout-title\">Note</p>\n<p>One.</p>\n<ul>\n<li>two</li>\n</ul>\n</div>\n"},
		{"nested in a list", "- > [!TIP]\n  > Inside.",
			"<ul>\n<li>\n<div class=\"callout callout-tip\" role=\"note\">\n<p class=\"callout-title\">Tip</p>\n<p>Inside.</p>\n</div>\n</li>\n</ul>\n"},
		{"hard break after marker", "> [!NOTE]  \n> Text.",
			"<div class=\"callout callout-note\" role=\"note\">\n<p class=\"callout-title\">Note</p>\n<p>Text.</p>\n</div>\n"},
		{"title escaped", "> [!NOTE] a < b\n> x",
			"<div class=\"callout callout-note\" role=\"note\">\n<p class=\"callout-title\">a &lt; b</p>\n<p>x</p>\n</div>\n"},
		{"not first line", "> Text\n> [!NOTE]", "<blockquote>\n<p>Text\n[!NOTE]</p>\n</blockquote>\n"},
		{"text right after", "> [!NOTE]x\n> y", "<blockquote>\n<p>[!NOTE]x\ny</p>\n</blockquote>\n"},
		{"empty marker", "> [!]\n> y", "<blockquote>\n<p>[!]\ny</p>\n</blockquote>\n"},
		{"space inside", "> [! NOTE]\n> y", "<blockquote>\n<p>[! NOTE]\ny</p>\n</blockquote>\n"},
		{"punctuation", "> [!a.b]\n> y", "<blockquote>\n<p>[!a.b]\ny</p>\n</blockquote>\n"},
		{"no quote", "[!NOTE]\nText", "<p>[!NOTE]\nText</p>\n"},
		{"heading first", "> # [!NOTE]", "<blockquote>\n<h2 id=\"note\">[!NOTE]</h2>\n</blockquote>\n"},
		{"code span", "> `[!NOTE]`", "<blockquote>\n<p><code>[!NOTE]</code></p>\n</blockquote>\n"},
		{"defined link", "> [!note]\n> x\n\n[!note]: /u", "<blockquote>\n<p><a href=\"{0}\">!note</a>\nx</p>\n</blockquote>\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := convertBody(t, tt.in)
			if got := visible(doc.Body); got != tt.want {
				t.Errorf("%q:\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestCalloutTitleRefs checks that a wikilink or citation in a title is a
// Ref in document order, and that the body's words count the title's.
func TestCalloutTitleRefs(t *testing.T) {
	doc := convertBody(t, "[[a]]\n\n> [!NOTE] See [[b]]\n> and [@c].")
	want := "<p>{0}</p>\n<div class=\"callout callout-note\" role=\"note\">\n<p class=\"callout-title\">See {1}</p>\n<p>and {2}.</p>\n</div>\n"
	if got := visible(doc.Body); got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if len(doc.Refs) != 3 || doc.Refs[1].Target != "b" || doc.Refs[1].Line != 3 {
		t.Errorf("refs: %+v", doc.Refs)
	}
}
