package search

import (
	"testing"

	"github.com/briefbook/briefbook/internal/model"
)

// TestBodyText checks the text search snippets are cut from: a heading
// ends with a full stop instead of running into the next paragraph, inline
// elements add no space, and the space a removed citation leaves before
// punctuation goes.
func TestBodyText(t *testing.T) {
	for _, c := range []struct{ body, want string }{
		{"<h2 id=\"a\">What it does</h2>\n<p>The pact is <em>old</em>.</p>", "What it does. The pact is old."},
		{"<p>North Korea <sup class=\"cite\">[x]</sup>.</p>", "North Korea [x]."},
		{"<p>a<strong>b</strong>c</p><p>d</p>", "abc d"},
	} {
		got, err := bodyText(&model.Doc{Body: []byte(c.body)})
		if err != nil || got != c.want {
			t.Errorf("bodyText(%q) = %q, %v; want %q", c.body, got, err, c.want)
		}
	}
}
