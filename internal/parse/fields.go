package parse

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/slug"
	"github.com/briefbook/briefbook/internal/suggest"
)

// fields reads the keys of one map (a frontmatter, a bibliography entry)
// with type checks, reporting each problem at the value that has it.
type fields struct {
	path string
	src  []byte
	d    *report
	m    *value // the map
	line int    // where to report a missing key
	col  int
}

func newFields(path string, src []byte, m *value, d *report) *fields {
	return &fields{path: path, src: src, d: d, m: m, line: m.line, col: m.col}
}

func (f *fields) errorAt(v *value, format string, args ...any) {
	f.d.Errorf(f.path, f.src, v.line, v.col, v.width(), format, args...)
}

// typeError reports that key holds the wrong type, with a hint when a
// scalar that YAML did not take as a string was meant as one.
func (f *fields) typeError(key, want string, v *value) {
	if f.d.full(diag.Error) {
		return
	}
	dg := newDiag(diag.Error, f.path, f.src, v.line, v.col, v.width(),
		"field \""+key+"\" must be "+want+", not "+describe(v))
	if (v.kind == kindInt || v.kind == kindFloat || v.kind == kindBool || v.kind == kindDate) && want == "a string" {
		dg.Notes = []string{"put the value in quotes to make it a string"}
	}
	f.d.add(dg)
}

// get returns the value of key, or nil when it is absent or empty (null).
func (f *fields) get(key string) *value {
	fl := f.m.lookup(key)
	if fl == nil || fl.val.kind == kindNull {
		return nil
	}
	return fl.val
}

// missing reports a required key that is absent, or present but empty.
// When the map has a short key close to it ("dat" for "date"), which
// warnKeyTypos leaves alone as it may be a word of its own, the required
// key's absence makes the typo plain: the error is reported at that key,
// suggesting the fix.
func (f *fields) missing(key string) {
	if fl := f.m.lookup(key); fl != nil {
		f.d.Errorf(f.path, f.src, fl.line, fl.col, len([]rune(key)), "field %q is empty", key)
		return
	}
	for _, fl := range f.m.fields {
		if len([]rune(fl.key)) < 5 && !strings.EqualFold(fl.key, key) && suggest.Closest(fl.key, []string{key}) == key {
			dg := newDiag(diag.Error, f.path, f.src, fl.line, fl.col, len([]rune(fl.key)),
				fmt.Sprintf("missing required field %q; did you mean %q instead of %q?", key, key, fl.key))
			dg.Suggestion = key
			f.d.add(dg)
			return
		}
	}
	f.d.Errorf(f.path, f.src, f.line, f.col, 0, "missing required field %q", key)
}

// str returns the string value of key, "" when absent.
func (f *fields) str(key string) string {
	v := f.get(key)
	if v == nil {
		return ""
	}
	if v.kind != kindString {
		f.typeError(key, "a string", v)
		return ""
	}
	return v.text
}

// requiredStr returns the string value of key, which must be present and
// not blank.
func (f *fields) requiredStr(key string) string {
	v := f.get(key)
	if v == nil || v.kind == kindString && isBlank(v.text) {
		f.missing(key)
		return ""
	}
	return f.str(key)
}

// strList returns key's list of strings; a single string is a list of one.
func (f *fields) strList(key string) []string {
	v := f.get(key)
	if v == nil {
		return nil
	}
	return f.strListOf(key, v)
}

func (f *fields) strListOf(key string, v *value) []string {
	switch v.kind {
	case kindString:
		return []string{v.text}
	case kindList:
	default:
		f.typeError(key, "a list of strings", v)
		return nil
	}
	var out []string
	for i, it := range v.items {
		if it.kind != kindString {
			f.errorAt(it, "field %q must be a list of strings, but item %d is %s", key, i+1, describe(it))
			continue
		}
		out = append(out, it.text)
	}
	return out
}

// date returns key's date, written YYYY-MM-DD; the zero time when it is
// absent or invalid. A missing required date is an error.
func (f *fields) date(key string, required bool) time.Time {
	v := f.get(key)
	if v == nil {
		if required {
			f.missing(key)
		}
		return time.Time{}
	}
	switch v.kind {
	case kindList, kindMap:
		f.typeError(key, "a date (YYYY-MM-DD)", v)
		return time.Time{}
	}
	t, msg := parseDate(v.text)
	if msg != "" {
		f.errorAt(v, "%s", msg)
		return time.Time{}
	}
	return t
}

// longYear matches a date whose year has a sign or more than four digits.
var longYear = regexp.MustCompile(`^([+-][0-9]+|[0-9]{5,})-[0-9]{2}-[0-9]{2}$`)

// parseDate parses a date written YYYY-MM-DD, with a year from 0001 to
// 9999 (the years an HTML <time> element, an Atom date and a sitemap
// lastmod can all hold). It returns the date at midnight UTC, or a message
// saying what is wrong: not of the form YYYY-MM-DD, a year out of range,
// a month out of range, or a day the month does not have ("2021-02-30").
func parseDate(s string) (time.Time, string) {
	ok := len(s) == 10 && s[4] == '-' && s[7] == '-'
	for i := 0; ok && i < len(s); i++ {
		ok = i == 4 || i == 7 || '0' <= s[i] && s[i] <= '9'
	}
	if !ok {
		if longYear.MatchString(s) {
			return time.Time{}, fmt.Sprintf("invalid date %q: the year must be from 0001 to 9999", s)
		}
		return time.Time{}, fmt.Sprintf("invalid date %q: want YYYY-MM-DD", s)
	}
	num := func(a, b int) int { n, _ := strconv.Atoi(s[a:b]); return n }
	y, m, d := num(0, 4), num(5, 7), num(8, 10)
	switch {
	case y < 1:
		return time.Time{}, fmt.Sprintf("invalid date %q: the year must be from 0001 to 9999", s)
	case m < 1 || m > 12:
		return time.Time{}, fmt.Sprintf("invalid date %q: there is no month %02d", s, m)
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if d < 1 || t.Day() != d {
		return time.Time{}, fmt.Sprintf("invalid date %q: %s %d has no day %02d",
			s, time.Month(m), y, d)
	}
	return t, ""
}

// boolean returns key's boolean value, false when absent.
func (f *fields) boolean(key string) bool {
	v := f.get(key)
	if v == nil {
		return false
	}
	if v.kind != kindBool {
		f.typeError(key, "true or false", v)
		return false
	}
	return v.scalar.(bool)
}

// integer returns key's integer value, 0 when absent.
func (f *fields) integer(key string) int {
	v := f.get(key)
	if v == nil {
		return 0
	}
	if v.kind != kindInt {
		f.typeError(key, "an integer", v)
		return 0
	}
	return v.scalar.(int)
}

// slugField returns slug.Make of key's value, or "" when absent; a value
// with no letter or digit is an error.
func (f *fields) slugField(key string) string {
	s := f.str(key)
	if s == "" {
		return ""
	}
	out := slug.Make(s)
	if v := f.get(key); out == "" {
		f.errorAt(v, "%s %q has no letters or digits", key, s)
	} else if strings.ContainsAny(s, "/\\") {
		// A slug is one segment of a URL: "../x" cannot lead out of the
		// output folder, and its author should know it did not.
		f.d.Warnf(f.path, f.src, v.line, v.col, v.width(), "%s %q is one URL segment, not a path: the URL uses %q", key, s, out)
	}
	return out
}

// params returns every key of the map as plain Go values.
func (f *fields) params() map[string]any { return plainMap(f.m) }

func isBlank(s string) bool {
	for _, r := range s {
		if r != ' ' && r != '\t' && r != '\n' && r != '\r' {
			return false
		}
	}
	return true
}
