package markup

import (
	"slices"
	"testing"

	"github.com/briefbook/briefbook/internal/model"
)

// TestLinkKinds checks that the prefixes the parser reads are the link
// kinds resolve suggests for a mistyped prefix (model.LinkKinds), and that
// each parses as its kind.
func TestLinkKinds(t *testing.T) {
	var got []string
	for _, p := range refPrefixes {
		got = append(got, p.prefix)
		n := newWikilink(p.prefix + "x")
		if n.Ref.Kind != p.kind || n.Ref.Target != "x" {
			t.Errorf("newWikilink(%q) = kind %v target %q, want kind %v target \"x\"", p.prefix+"x", n.Ref.Kind, n.Ref.Target, p.kind)
		}
	}
	var want []string
	for _, k := range model.LinkKinds {
		want = append(want, k+":")
	}
	if !slices.Equal(got, want) {
		t.Errorf("refPrefixes = %q, want model.LinkKinds with ':' %q", got, want)
	}
}
