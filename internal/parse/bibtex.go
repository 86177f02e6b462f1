package parse

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/briefbook/briefbook/internal/bibtex"
	"github.com/briefbook/briefbook/internal/model"
)

// bibTeX parses content/sources.bib, a BibTeX database as Zotero's
// "BibTeX" and "BibLaTeX" exports write it (package bibtex reads the
// syntax). Each entry becomes a source:
//
//	key                                    the source's id
//	title; shorttitle                      title; short title
//	author (or editor)                     authors, "First von Last, Jr"; "others" as "et al.";
//	                                       names: First as given, von as particle, Last as family
//	                                       (a name of one braced word, an organisation, as literal)
//	journal, journaltitle, booktitle,      container
//	howpublished
//	publisher, institution,                publisher
//	organization, school
//	date (BibLaTeX), or year, month, day   date: 2021-04-06, 2021-04 or 2021
//	url (or doi)                           url; a DOI becomes https://doi.org/DOI
//	note                                   note
//
// Text is converted from LaTeX (bibtex.Text); url and doi are taken as
// written. Other fields are read no further.
func bibTeX(path string, src []byte, d *report) []*model.Source {
	entries, errs := bibtex.Parse(src)
	at := newPositioner(src).at
	for _, e := range errs {
		line, col := at(e.Offset)
		d.Errorf(path, src, line, col, 1, "%s", e.Msg)
	}
	var out []*model.Source
	for i := range entries {
		e := &entries[i]
		line, col := at(e.KeyOff)
		s := &model.Source{ID: e.Key, Path: path, Line: line, Col: col}
		bad := func(f bibtex.Field, format string, args ...any) {
			line, col := at(f.ValOff)
			d.Errorf(path, src, line, col, 1, "field %q of source %q "+format, append([]any{f.Name, e.Key}, args...)...)
		}
		text := func(names ...string) string {
			for _, n := range names {
				if f, ok := e.Get(n); ok {
					if t := bibtex.Text(f.Value); t != "" {
						return t
					}
				}
			}
			return ""
		}
		s.Title = text("title")
		s.Short = text("shorttitle")
		for _, n := range []string{"author", "editor"} {
			if f, ok := e.Get(n); ok && s.Authors == nil {
				s.Authors, s.Names = bibNames(f.Value)
			}
		}
		s.Container = text("journal", "journaltitle", "booktitle", "howpublished")
		s.Publisher = text("publisher", "institution", "organization", "school")
		s.Date = bibDate(e, bad)
		for _, n := range []string{"url", "doi"} {
			f, ok := e.Get(n)
			if !ok || strings.TrimSpace(f.Value) == "" {
				continue
			}
			u := strings.TrimSpace(f.Value)
			if n == "doi" {
				u = doiURL(u)
			}
			if ok, clean := httpURL(u); ok {
				s.URL = clean
			} else {
				bad(f, "must be an http or https URL, not %q", u)
			}
			break
		}
		s.Note = text("note")
		if s.Title == "" && s.Authors == nil && s.Publisher == "" && s.Container == "" {
			d.Warnf(path, src, line, col, len([]rune(e.Key)), "source %q has no title, author or publisher", e.Key)
		}
		out = append(out, s)
	}
	return out
}

// bibNames converts an author or editor list to names in running text
// and to their parts.
func bibNames(raw string) ([]string, []model.Name) {
	var out []string
	var names []model.Name
	for _, n := range bibtex.Names(raw) {
		if n.Others() {
			out = append(out, "et al.")
			names = append(names, model.Name{Literal: "et al."})
			continue
		}
		out = append(out, n.String())
		if n.First == "" && n.Von == "" && n.Jr == "" {
			names = append(names, model.Name{Literal: n.Last})
			continue
		}
		names = append(names, model.Name{Given: n.First, Particle: n.Von, Family: n.Last, Suffix: n.Jr})
	}
	return out, names
}

// isoDate matches BibLaTeX's date field: YYYY, YYYY-MM or YYYY-MM-DD,
// possibly the start of a range ("2021-03/2021-04").
var isoDate = regexp.MustCompile(`^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:/.*)?$`)

// monthNames maps month names and abbreviations, lower case, to numbers.
var monthNames = map[string]int{}

func init() {
	for i, m := range []string{"january", "february", "march", "april", "may", "june", "july",
		"august", "september", "october", "november", "december"} {
		monthNames[m] = i + 1
		monthNames[m[:3]] = i + 1
	}
	monthNames["sept"] = 9
}

// bibDate returns an entry's date: BibLaTeX's date field, or year, month
// and day, as 2021-04-06, 2021-04 or 2021. Problems go to bad.
func bibDate(e *bibtex.Entry, bad func(bibtex.Field, string, ...any)) string {
	if f, ok := e.Get("date"); ok {
		v := bibtex.Text(f.Value)
		m := isoDate.FindStringSubmatch(v)
		if m == nil {
			bad(f, "must be a date like 2021-04-06, 2021-04 or 2021, not %q", v)
			return ""
		}
		ns := []int{atoi(m[1])}
		for _, p := range m[2:] {
			if p != "" {
				ns = append(ns, atoi(p))
			}
		}
		if s, ok := datePartsString(ns); ok {
			return s
		}
		bad(f, "is not a valid date: %q", v)
		return ""
	}
	f, ok := e.Get("year")
	if !ok {
		return ""
	}
	y := bibtex.Text(f.Value)
	if len(y) != 4 || atoi(y) < 0 {
		bad(f, "must be a year like 2021, not %q", y)
		return ""
	}
	ns := []int{atoi(y)}
	if f, ok := e.Get("month"); ok {
		mv := strings.ToLower(strings.TrimSuffix(bibtex.Text(f.Value), "."))
		m, known := monthNames[mv]
		if n := atoi(mv); n >= 1 && n <= 12 {
			m, known = n, true
		}
		if !known {
			bad(f, "must be a month (apr, April or 4), not %q", bibtex.Text(f.Value))
			s, _ := datePartsString(ns)
			return s
		}
		ns = append(ns, m)
		if f, ok := e.Get("day"); ok {
			dv := bibtex.Text(f.Value)
			if n := atoi(dv); n >= 1 && n <= daysIn(ns[0], m) {
				ns = append(ns, n)
			} else {
				bad(f, "must be a day of the month, not %q", dv)
			}
		}
	}
	s, _ := datePartsString(ns)
	return s
}

// atoi returns the decimal number s, or -1.
func atoi(s string) int {
	for _, c := range s {
		if c < '0' || c > '9' {
			return -1
		}
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}
