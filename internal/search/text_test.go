package search

import (
	"maps"
	"testing"

	"github.com/briefbook/briefbook/internal/model"
)

// fuzzDoc returns a document with the given body whose markers 0 to 3 are
// a link to the book with a label, a citation, a link with its target's
// title and a link with neither.
func fuzzDoc(body, label string) model.Doc {
	return model.Doc{
		Path: "content/briefs/x.md",
		Body: []byte(body),
		Refs: []model.Ref{
			{Kind: model.RefBrief, Target: "a", Label: label},
			{Kind: model.RefCitation, Target: "src"},
			{Kind: model.RefBrief, Target: "b"},
			{Kind: model.RefActor, Target: "c &amp; d"},
		},
		Links: []model.Link{{Text: "A"}, {}, {Text: "The B &lt;report&gt;"}, {}},
	}
}

// FuzzBriefTerms checks that the single-pass reading of a body (text.go)
// gives the text, excerpt, terms and weights the reference
// (reference_test.go) defines, on any body.
func FuzzBriefTerms(f *testing.F) {
	for _, s := range []string{
		"<h2 id=\"a\">What it does</h2>\n<p>The pact is <em>old</em>.</p>",
		"<p>North Korea <sup class=\"cite\">[x]</sup>.</p>",
		"<p>a<strong>b</strong>c</p><p>d</p>",
		"<p>See \x000\x00, \x001\x00 ; \x002\x00 and \x003\x00 .</p>",
		"<p>&quot;Q&quot; &amp;amp; &lt;b&gt; &#39;s &#x41;&#65 &notit; &ampx &#1 &#; &#x; &&amp; &</p>",
		"<p>a&nbsp;b\u00a0 c\u2003d  ( x ) [ y ] !?</p>",
		"<P>Échange <SPAN>naïve</SPAN> ＣＡＦÉ ﬁve 한일 협력 日本語ABC</P>",
		"<mar\u212A>x</mar\u212A>y<STRONG>z</STRONG><h1/>t</h1>",
		"<p>\x0012\x00 \x00-1\x00 \x00+2\x00 \x00x\x00 unterminated \x00",
		"<p>unterminated <tag",
	} {
		f.Add(s, "Label &amp; co")
	}
	f.Fuzz(func(t *testing.T, body, label string) {
		d := fuzzDoc(body, label)
		want, err := refBodyText(&d)
		if err != nil {
			t.Fatal(err)
		}
		got, err := bodyText(&d)
		if err != nil || got != want {
			t.Fatalf("bodyText(%q) = %q, %v; want %q", body, got, err, want)
		}
		br := &model.Brief{Doc: d, Title: label, Summary: body}
		gotSet, gotEx, err := fastBriefTerms(newScratch(), br)
		if err != nil {
			t.Fatal(err)
		}
		wantSet, wantEx, _ := refBriefTerms(br)
		if !maps.Equal(gotSet, wantSet) || gotEx != wantEx {
			t.Fatalf("terms of %q:\n got %v, %q\nwant %v, %q", body, gotSet, gotEx, wantSet, wantEx)
		}
	})
}

// TestScratchReused checks that a worker's scratch, reused from brief to
// brief, gives each brief its own terms and best weights.
func TestScratchReused(t *testing.T) {
	b := testBook()
	s := newScratch()
	for round := 0; round < 2; round++ {
		for _, br := range b.Briefs {
			got, gotEx, err := fastBriefTerms(s, br)
			if err != nil {
				t.Fatal(err)
			}
			want, wantEx, _ := refBriefTerms(br)
			if !maps.Equal(got, want) || gotEx != wantEx {
				t.Errorf("round %d, %s:\n got %v, %q\nwant %v, %q", round, br.Slug, got, gotEx, want, wantEx)
			}
		}
	}
}
