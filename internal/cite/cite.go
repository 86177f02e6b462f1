// Package cite formats sources as a bibliography does: each entry as a
// Chicago author-date reference-list entry (The Chicago Manual of Style,
// 17th edition, chapter 15), and entries sorted by first author's family
// name, then date, then title.
//
// An entry reads
//
//	Family, Given, and Given Family. Year. “Title.” Container, Date. Publisher. URL.
//
// with the parts it lacks left out:
//
//   - The first author is inverted ("Park, Andrew I."): a particle that
//     stays with the family name is written before it ("van Gogh,
//     Vincent"), one that goes with the given name after it ("Beethoven,
//     Ludwig van"), a suffix last ("King, Martin Luther, Jr."); the other
//     authors are written in running order; two
//     authors are joined by ", and", more by commas and ", and" before the
//     last; an organisation (a name not split into parts) is written as
//     it is. With no author, the title comes first (CMOS 15.41).
//   - Year is the date's year, or "n.d.".
//   - A work in a container (journal, site, book) has its title in
//     quotation marks and the container in italics; a work on its own (a
//     book, a report, an agreement) has its title in italics.
//   - The full date follows the container when the date is more precise
//     than a year ("6 April 2021", the one human format of the theme).
//   - The publisher is left out when it repeats the only author or the
//     container (an organisation publishing its own report, CMOS 15.37).
//
// Sources whose authors were given as text only (no Names) have each author
// written as it is.
package cite

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/briefbook/briefbook/internal/model"
	"github.com/briefbook/briefbook/internal/slug"
)

// Entry is a source's reference-list entry, in the parts a template
// writes with their own markup. Empty parts are left out.
type Entry struct {
	Authors   string // "Haggard, Stephan, and Henry D. Sokolski"; "" when none
	Year      string // "2021", or "n.d."
	Title     string // without quotation marks or final period
	Quoted    bool   // the title goes in quotation marks (it is in a container); otherwise in italics
	Container string // in italics
	Date      *Date  // the full date, when more precise than a year
	Publisher string
	URL       string
}

// Date is a date of a source in the theme's human format, with the
// machine-readable form for <time datetime>.
type Date struct {
	Text     string // "6 April 2021", "April 2021", "2021", or the date as written
	Datetime string // "2021-04-06", "2021-04", "2021"; "" when the date is not of those forms
}

// Untitled stands for the title of a source that has none: the source's
// id is internal and not shown to readers.
const Untitled = "Untitled"

// Format returns the entry of s.
func Format(s *model.Source) Entry {
	e := Entry{Title: strings.TrimSpace(s.Title), Container: s.Container, Publisher: s.Publisher, URL: s.URL}
	if e.Title == "" {
		e.Title = Untitled
	}
	e.Quoted = e.Container != ""
	e.Authors = authors(s)
	e.Year = "n.d."
	if d := parseDate(s.Date); d != nil {
		e.Year = d.year
		if d.precise {
			e.Date = &d.Date
		}
	} else if s.Date != "" {
		e.Year = s.Date
	}
	if p := slug.Key(e.Publisher); p != "" {
		if p == slug.Key(e.Container) || (len(s.Authors) == 1 && p == slug.Key(s.Authors[0])) {
			e.Publisher = ""
		}
	}
	return e
}

// TitleEnd returns the punctuation that ends the title in an entry: a
// period, unless the title already ends with a mark of its own.
func TitleEnd(title string) string {
	if strings.HasSuffix(title, ".") || strings.HasSuffix(title, "?") || strings.HasSuffix(title, "!") {
		return ""
	}
	return "."
}

// authors returns the authors of s in reference-list form.
func authors(s *model.Source) string { return AuthorList(s.Authors, s.Names) }

// AuthorList returns authors in reference-list form (see the package
// documentation): the first inverted, the others in running order, joined
// by commas and ", and". names holds the parts of each of raw's names
// (ParseName); when it has another length, raw is used as written.
func AuthorList(raw []string, names []model.Name) string {
	var list []string
	for i, a := range raw {
		if i < len(names) && len(names) == len(raw) {
			list = append(list, name(names[i], i == 0))
		} else {
			list = append(list, a)
		}
	}
	switch n := len(list); {
	case n == 0:
		return ""
	case n == 1:
		return list[0]
	case list[n-1] == "et al.":
		return strings.Join(list[:n-1], ", ") + ", et al."
	case n == 2:
		return list[0] + ", and " + list[1]
	default:
		return strings.Join(list[:n-1], ", ") + ", and " + list[n-1]
	}
}

// name writes n, inverted when first.
func name(n model.Name, first bool) string {
	if n.Literal != "" || n.Family == "" {
		return n.Literal
	}
	family := join(n.Particle, n.Family)
	if !first {
		return join(n.Given, n.Dropping, family, n.Suffix)
	}
	out := family
	if g := join(n.Given, n.Dropping); g != "" {
		out += ", " + g
	}
	if n.Suffix != "" {
		out += ", " + n.Suffix
	}
	return out
}

// join joins the non-empty parts with spaces.
func join(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " ")
}

// parsedDate is a date of the forms YYYY, YYYY-MM or YYYY-MM-DD.
type parsedDate struct {
	Date
	year    string
	precise bool // month or day given
}

// HumanDate returns a source's date as written ("2021-04-06") in the
// theme's format ("6 April 2021"); a date of another form is returned as
// written, with no Datetime.
func HumanDate(s string) Date {
	if d := parseDate(s); d != nil {
		return d.Date
	}
	return Date{Text: s}
}

// parseDate reads a source's date as written ("2021-04-06", "2021-04",
// "2021"), or returns nil for any other text.
func parseDate(s string) *parsedDate {
	s = strings.TrimSpace(s)
	for _, layout := range []struct {
		layout, text string
	}{{"2006-01-02", "2 January 2006"}, {"2006-01", "January 2006"}, {"2006", "2006"}} {
		if len(s) != len(layout.layout) {
			continue
		}
		t, err := time.Parse(layout.layout, s)
		if err != nil {
			return nil
		}
		return &parsedDate{
			Date:    Date{Text: t.Format(layout.text), Datetime: s},
			year:    strconv.Itoa(t.Year()),
			precise: layout.layout != "2006",
		}
	}
	return nil
}

// Less reports whether a comes before b in a bibliography: by the sort
// key of the first author (family name, then given name; an organisation
// by its name; with no author, the title), a work of one author before
// those it wrote with others, then by the next authors, then by date
// (undated last),
// then title, then id. Case is ignored, and so is a leading "The", "A" or
// "An" of an organisation or title.
func Less(a, b *model.Source) bool {
	if ka, kb := sortKey(a), sortKey(b); ka != kb {
		return ka < kb
	}
	if (a.Date == "") != (b.Date == "") {
		return b.Date == ""
	}
	if a.Date != b.Date {
		return a.Date < b.Date
	}
	if ta, tb := slug.Key(a.Title), slug.Key(b.Title); ta != tb {
		return ta < tb
	}
	return a.ID < b.ID
}

// Sort sorts sources in bibliography order (see Less), stably, making
// each source's keys once rather than at each comparison.
func Sort(sources []*model.Source) {
	type keyed struct {
		s             *model.Source
		author, title string
	}
	ks := make([]keyed, len(sources))
	for i, s := range sources {
		ks[i] = keyed{s: s, author: sortKey(s), title: slug.Key(s.Title)}
	}
	slices.SortStableFunc(ks, func(x, y keyed) int {
		a, b := x.s, y.s
		switch {
		case x.author != y.author:
			return strings.Compare(x.author, y.author)
		case (a.Date == "") != (b.Date == ""):
			if b.Date == "" {
				return -1
			}
			return 1
		case a.Date != b.Date:
			return strings.Compare(a.Date, b.Date)
		case x.title != y.title:
			return strings.Compare(x.title, y.title)
		}
		return strings.Compare(a.ID, b.ID)
	})
	for i := range ks {
		sources[i] = ks[i].s
	}
}

// sortKey returns the key a source is sorted by: the keys of its authors
// in order, so that works by one author come before those the same
// author wrote with others (CMOS 15.16), and these by the second author.
func sortKey(s *model.Source) string {
	if len(s.Authors) == 0 {
		if s.Title != "" {
			return slug.Key(dropArticle(s.Title))
		}
		return slug.Key(s.ID)
	}
	keys := make([]string, len(s.Authors))
	for i, a := range s.Authors {
		keys[i] = slug.Key(dropArticle(a))
		if len(s.Names) == len(s.Authors) {
			if n := s.Names[i]; n.Literal == "" && n.Family != "" {
				keys[i] = slug.Key(n.Family + "\x01" + n.Given)
			}
		}
	}
	return strings.Join(keys, "\x00")
}

// dropArticle removes a leading English article.
func dropArticle(s string) string {
	for _, a := range []string{"The ", "A ", "An "} {
		if strings.HasPrefix(s, a) {
			return s[len(a):]
		}
	}
	return s
}
