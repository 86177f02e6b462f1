package render

import (
	"slices"
	"strings"
	"time"

	"github.com/briefbook/briefbook/internal/cite"
	"github.com/briefbook/briefbook/internal/model"
)

// contentsPage is /contents/: every brief in book order (Book.Contents),
// numbered, chapter by chapter; templates/contents.html.
func (r *Renderer) contentsPage(c *bookContext) *page {
	return c.htmlPage("contents", "/contents/", c.newest, func() (*Data, error) {
		return c.data("contents", "/contents/", "Contents", "Every brief of "+c.siteTitle+" in book order, by domain and date."), nil
	})
}

// Citation is a source's reference-list entry (package cite) for the
// "chicago" template, with the URL of the source's page when the title
// links to it.
type Citation struct {
	cite.Entry
	Href string // site-relative URL of the source's page; "" for no link
}

// citation returns the entry of s, its title not linked.
func citation(s *model.Source) Citation {
	return Citation{Entry: cite.Format(s)}
}

// citationLinked returns the entry of s, its title linked to its page.
func citationLinked(s *model.Source) Citation {
	return Citation{Entry: cite.Format(s), Href: s.PageURL}
}

// period returns the period that ends a part of a citation, or "" when
// the text already ends with a full stop, question or exclamation mark.
func period(text string) string {
	if strings.HasSuffix(text, ".") {
		return ""
	}
	return cite.TitleEnd(text)
}

// bibliography returns the book's sources in bibliography order
// (cite.Less).
func bibliography(b *model.Book) []*model.Source {
	out := slices.Clone(b.Sources)
	cite.Sort(out)
	return out
}

// newestOf returns the latest date any brief of the lists changed, or
// noDate.
func newestOf(lists ...[]*model.Brief) time.Time {
	t := noDate
	for _, l := range lists {
		if m := newest(l); m.After(t) {
			t = m
		}
	}
	return t
}
