package render

import (
	"strings"
	"testing"
	"time"

	"github.com/briefbook/briefbook/internal/model"
)

// TestCite checks "Cite this brief": the Chicago author-date reference
// (Authors. Year. "Title." Book. URL.) and the BibTeX entry, with names,
// titles and slugs that need care.
func TestCite(t *testing.T) {
	r := &Renderer{base: "/book/", absBase: "https://example.org/book/"}
	day := time.Date(2021, 4, 6, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		b         model.Brief
		text, key string
		bib       []string
	}{
		{
			b:    model.Brief{Slug: "gsomia", Title: "Why GSOMIA matters", Date: day, Authors: []string{"Jane Analyst"}},
			text: "Analyst, Jane. 2021. “Why GSOMIA matters.” Book. https://example.org/book/briefs/gsomia/.",
			key:  "gsomia2021",
			bib:  []string{"@misc{gsomia2021,\n", "  author       = {Analyst, Jane},\n", "  title        = {{Why GSOMIA matters}},\n", "  howpublished = {Book},\n", "  year         = {2021},\n", "  date         = {2021-04-06},\n", "  url          = {https://example.org/book/briefs/gsomia/},\n}\n"},
		},
		{
			b:    model.Brief{Slug: "q", Title: "Who pays 50% & why?", Date: day, Authors: []string{"A", "B", "Smith and Sons"}},
			text: "A, B, and Smith and Sons. 2021. “Who pays 50% & why?” Book. https://example.org/book/briefs/q/.",
			key:  "q2021",
			bib:  []string{"author       = {{A} and {B} and {Smith and Sons}}", `title        = {{Who pays 50\% \& why?}}`},
		},
		// Chicago inverts the first author only; BibTeX gets people as
		// "Last, First" and organisations braced whole.
		{
			b:    model.Brief{Slug: "two", Title: "Two", Date: day, Authors: []string{"Park, Andrew", "Silverberg, Elliot"}},
			text: "Park, Andrew, and Elliot Silverberg. 2021. “Two.” Book. https://example.org/book/briefs/two/.",
			key:  "two2021",
			bib:  []string{"author       = {Park, Andrew and Silverberg, Elliot}"},
		},
		{
			b:    model.Brief{Slug: "three", Title: "Three", Date: day, Authors: []string{"Park, Andrew", "Elliot Silverberg", "Government of Japan", "Sample book editors"}},
			text: "Park, Andrew, Elliot Silverberg, Government of Japan, and Sample book editors. 2021. “Three.” Book. https://example.org/book/briefs/three/.",
			key:  "three2021",
			bib:  []string{"author       = {Park, Andrew and Silverberg, Elliot and {Government of Japan} and {Sample book editors}}"},
		},
		{
			b:    model.Brief{Slug: "한일-협력", Title: "T", Date: day},
			text: "Book. 2021. “T.” Book. https://example.org/book/briefs/한일-협력/.",
			key:  "brief-",
		},
	}
	for _, tt := range tests {
		b := tt.b
		d := &Data{SiteTitle: "Book", URL: "/briefs/" + b.Slug + "/", Brief: &BriefData{Brief: &b}}
		c := r.citeBrief(d)
		if c.Text != tt.text {
			t.Errorf("%s: text\n got %q\nwant %q", b.Slug, c.Text, tt.text)
		}
		if !strings.HasPrefix(c.Key, tt.key) || strings.ContainsAny(c.Key, "{}, ") {
			t.Errorf("%s: key %q, want %q...", b.Slug, c.Key, tt.key)
		}
		for _, want := range tt.bib {
			if !strings.Contains(c.BibTeX, want) {
				t.Errorf("%s: BibTeX has no %q:\n%s", b.Slug, want, c.BibTeX)
			}
		}
		if strings.Count(c.BibTeX, "{")-strings.Count(c.BibTeX, `\{`) != strings.Count(c.BibTeX, "}")-strings.Count(c.BibTeX, `\}`) {
			t.Errorf("%s: unbalanced braces:\n%s", b.Slug, c.BibTeX)
		}
	}
	a := r.citeBrief(&Data{Brief: &BriefData{Brief: &model.Brief{Slug: "한일-협력", Date: day}}})
	b := r.citeBrief(&Data{Brief: &BriefData{Brief: &model.Brief{Slug: "한미-협력", Date: day}}})
	if a.Key == b.Key {
		t.Errorf("two Korean slugs share the key %q", a.Key)
	}
}
