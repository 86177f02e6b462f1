package render

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	briefbook "github.com/briefbook/briefbook"
)

// TestMinifyFragments checks that with fragments minified apart, every
// page's output holds placeholders, and that expanding them gives the page
// as rendered without: here the "minifier" returns its input unchanged, so
// the two must be equal byte for byte.
func TestMinifyFragments(t *testing.T) {
	_, want := renderFixture(t)
	b := fixtureBook()
	r, err := New(briefbook.Theme, b.Site)
	if err != nil {
		t.Fatal(err)
	}
	calls := 0
	r.MinifyFragments(func(h []byte) ([]byte, error) { calls++; return h, nil })
	placeholders := 0
	for _, p := range r.Pages(b) {
		var raw, got bytes.Buffer
		if err := p.Write(&raw); err != nil {
			t.Fatalf("%s: %v", p.Path, err)
		}
		if p.Expand == nil {
			if strings.HasSuffix(p.Path, ".html") {
				t.Errorf("%s: no Expand", p.Path)
			}
			got = raw
		} else {
			placeholders += strings.Count(raw.String(), fragPrefix)
			p.Expand(&got, raw.Bytes())
		}
		if !bytes.Equal(got.Bytes(), want[p.Path]) {
			t.Errorf("%s: expanded page differs: %s", p.Path, firstDiff(got.Bytes(), want[p.Path]))
		}
	}
	if placeholders == 0 || calls == 0 {
		t.Errorf("%d placeholders, %d fragments minified; want some", placeholders, calls)
	}
}

// TestMinifyFragmentsError checks that a fragment the minifier rejects
// fails the page, naming the partial.
func TestMinifyFragmentsError(t *testing.T) {
	b := fixtureBook()
	r, err := New(briefbook.Theme, b.Site)
	if err != nil {
		t.Fatal(err)
	}
	r.MinifyFragments(func([]byte) ([]byte, error) { return nil, errors.New("boom") })
	for _, p := range r.Pages(b) {
		if p.Path != "index.html" {
			continue
		}
		var buf bytes.Buffer
		err := p.Write(&buf)
		if err == nil || !strings.Contains(err.Error(), "boom") || !strings.Contains(err.Error(), "minifying") {
			t.Errorf("Write: %v, want a minifying error", err)
		}
	}
}
