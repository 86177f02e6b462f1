package resolve

import (
	"testing"

	"github.com/briefbook/briefbook/internal/model"
)

// TestWordProbe checks that the probe rules out only bodies whose text
// cannot hold a word, and agrees with the text mentions are found in
// (bodyText) whenever it says a body cannot.
func TestWordProbe(t *testing.T) {
	for _, tc := range []struct {
		body, label, text, word string
		want                    bool
	}{
		{"<p>On Benchmark7 today.</p>", "", "", "benchmark7", true},
		{"<p>On BENCHMARK7 today.</p>", "", "", "benchmark7", true},
		{"<p>On benchmark8 today.</p>", "", "", "benchmark7", false},
		{"<p>On &#66;enchmark7 today.</p>", "", "", "benchmark7", true},
		{"<p>On &#66;ench &rsquo; mark7 &#x4b; today.</p>", "", "", "benchmark7", false},
		{"<p>The &#x212a;orea.</p>", "", "", "korea", true},
		{"<p>Tom &amp; Jerry &quot;here&quot;.</p>", "", "", "benchmark7", false},
		{"<p>See \x000\x00.</p>", "Benchmark7 said", "", "benchmark7", true},
		{"<p>See \x000\x00.</p>", "", "benchmark7", "benchmark7", true},
		{"<p>See \x000\x00.</p>", "", "other", "benchmark7", false},
		{"<p>The \u212aorea.</p>", "", "", "korea", true},
		{"<p>Korea.</p>", "", "", "córdoba", true},
		{"<p>Bench</p>", "", "", "benchmark7", false},
	} {
		b := &model.Brief{Doc: model.Doc{Body: []byte(tc.body)}}
		if tc.label != "" || tc.text != "" {
			b.Refs = []model.Ref{{Kind: model.RefBrief, Label: tc.label}}
			b.Links = []model.Link{{Text: tc.text, OK: true}}
		}
		var p wordProbe
		got := p.mayHold(b, tc.word)
		if got != tc.want {
			t.Errorf("%q (label %q, text %q) may hold %q: %v, want %v", tc.body, tc.label, tc.text, tc.word, got, tc.want)
		}
		if !got && containsFold([]byte(bodyText([]byte(tc.body), &b.Doc)), tc.word) {
			t.Errorf("%q: ruled out, but its text holds %q", tc.body, tc.word)
		}
	}
}
