package parse

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/briefbook/briefbook/internal/model"
)

// cslJSON parses content/sources.json, a CSL-JSON array of items as
// Zotero's "CSL JSON" export writes it (CSL-JSON schema 1.0.2,
// citation-style-language/schema, csl-data.json). Each item becomes a
// source:
//
//	id (or citation-key)           the source's id
//	title, title-short             title, short title
//	author (or editor)             authors: {literal} or {given,
//	                               dropping-particle, non-dropping-particle,
//	                               family, suffix} as "given particles family, suffix";
//	                               names: those parts
//	container-title                container
//	publisher                      publisher
//	issued                         date: date-parts [[2021, 3, 18]] as
//	                               2021-03-18 (or 2021-03, 2021); raw or literal as written
//	URL (or DOI)                   url; a DOI becomes https://doi.org/DOI
//	note                           note
//
// Other fields (type, accessed, abstract...) are read no further.
func cslJSON(path string, src []byte, d *report) []*model.Source {
	c := &cslFile{path: path, src: src, d: d, pos: newPositioner(src)}
	if len(bytes.TrimSpace(src)) == 0 {
		return nil
	}
	if bytes.HasPrefix(src, []byte("\ufeff")) {
		// A byte order mark, which encoding/json refuses: read it as
		// blanks of the same length, so that offsets stay those of the file
		// (positions are counted in c.src, which keeps it).
		src = append([]byte("   "), src[3:]...)
	}
	var root json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(src))
	if err := dec.Decode(&root); err != nil {
		c.syntaxError(err, dec.InputOffset())
		return nil
	}
	if off := skipSpace(src, int(dec.InputOffset())); off < len(src) {
		c.errorAt(off, 1, "unexpected text after the CSL-JSON array")
		return nil
	}
	start := skipSpace(src, 0)
	if src[start] != '[' {
		c.errorAt(start, 1, "a CSL-JSON bibliography must be an array of items (Zotero's \"CSL JSON\" export), not %s", jsonKind(root))
		return nil
	}
	var out []*model.Source
	for _, it := range jsonElements(src, start) {
		if s := c.item(it); s != nil {
			out = append(out, s)
		}
	}
	return out
}

// cslFile holds what the parse of one CSL-JSON file needs.
type cslFile struct {
	path string
	src  []byte
	d    *report
	pos  *positioner
}

// jsonSpan is a JSON value in the file: its bytes and offset.
type jsonSpan struct {
	raw json.RawMessage
	off int
}

// cslField is a field of an item: its key and value.
type cslField struct {
	key string
	val jsonSpan
}

func (c *cslFile) errorAt(off, length int, format string, args ...any) {
	line, col := c.pos.at(off)
	c.d.Errorf(c.path, c.src, line, col, length, format, args...)
}

func (c *cslFile) warnAt(off, length int, format string, args ...any) {
	line, col := c.pos.at(off)
	c.d.Warnf(c.path, c.src, line, col, length, format, args...)
}

// syntaxError reports a JSON decoding error at the offset it gives.
func (c *cslFile) syntaxError(err error, at int64) {
	var se *json.SyntaxError
	off := int(at)
	msg := err.Error()
	if errors.As(err, &se) {
		off = int(se.Offset) - 1 // Offset counts the byte in error
		msg = se.Error()
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || off >= len(c.src) {
		off, msg = len(c.src), "unexpected end of file: the JSON is not complete"
	}
	c.errorAt(max(off, 0), 1, "invalid JSON: %s", msg)
}

// item reads one item of the array, or returns nil.
func (c *cslFile) item(it jsonSpan) *model.Source {
	fields, ok := jsonFields(it)
	if !ok {
		c.errorAt(it.off, 1, "item of the CSL-JSON array must be an object, not %s", jsonKind(it.raw))
		return nil
	}
	get := func(k string) *jsonSpan {
		for i := range fields {
			if fields[i].key == k && string(fields[i].val.raw) != "null" {
				return &fields[i].val
			}
		}
		return nil
	}
	idv := get("citation-key")
	if idv == nil {
		idv = get("id")
	}
	if idv == nil {
		c.errorAt(it.off, 1, "item has no \"id\"")
		return nil
	}
	id, ok := jsonScalar(idv.raw)
	if !ok || isBlank(id) {
		c.errorAt(idv.off, len(idv.raw), "the \"id\" of an item must be a non-empty string or a number, not %s", jsonKind(idv.raw))
		return nil
	}
	if strings.Contains(id, "://") {
		c.warnAt(idv.off, len(idv.raw), "source id %q is an item address, awkward to cite: give the item a Citation Key in Zotero, which its export uses as the id", id)
	}
	line, col := c.pos.at(idv.off)
	s := &model.Source{ID: id, Path: c.path, Line: line, Col: col}
	str := func(k string) string {
		v := get(k)
		if v == nil {
			return ""
		}
		var t string
		if json.Unmarshal(v.raw, &t) != nil {
			c.errorAt(v.off, len(v.raw), "field %q of source %q must be a string, not %s", k, id, jsonKind(v.raw))
			return ""
		}
		return strings.TrimSpace(t)
	}
	s.Title = str("title")
	s.Short = str("title-short")
	str("type")
	if v := get("author"); v != nil {
		s.Authors, s.Names = c.names(id, "author", v)
	} else if v := get("editor"); v != nil {
		s.Authors, s.Names = c.names(id, "editor", v)
	}
	s.Container = str("container-title")
	s.Publisher = str("publisher")
	if v := get("issued"); v != nil {
		s.Date = c.date(id, v)
	}
	if u := str("URL"); u != "" {
		s.URL = c.checkURL(id, "URL", u, get("URL"))
	} else if doi := str("DOI"); doi != "" {
		s.URL = c.checkURL(id, "DOI", doiURL(doi), get("DOI"))
	}
	s.Note = str("note")
	return s
}

// checkURL returns u if it is an absolute http or https URL, and reports
// it otherwise (as the url of sources.yaml is checked).
func (c *cslFile) checkURL(id, key, u string, v *jsonSpan) string {
	if ok, clean := httpURL(u); ok {
		return clean
	}
	c.errorAt(v.off, len(v.raw), "field %q of source %q must be an http or https URL, not %q", key, id, u)
	return ""
}

// names reads a list of CSL name objects, as names in running text and
// as their parts.
func (c *cslFile) names(id, key string, v *jsonSpan) ([]string, []model.Name) {
	elems, ok := jsonArray(*v)
	if !ok {
		c.errorAt(v.off, 1, "field %q of source %q must be a list of names, not %s", key, id, jsonKind(v.raw))
		return nil, nil
	}
	var out []string
	var parts []model.Name
	for _, e := range elems {
		var n struct {
			Literal, Family, Given, Suffix string
			NonDropping                    string `json:"non-dropping-particle"`
			Dropping                       string `json:"dropping-particle"`
		}
		if err := json.Unmarshal(e.raw, &n); err != nil || !bytes.HasPrefix(e.raw, []byte("{")) {
			c.errorAt(e.off, 1, "a name in field %q of source %q must be an object with \"family\" and \"given\", or \"literal\", not %s", key, id, jsonKind(e.raw))
			continue
		}
		name := strings.TrimSpace(n.Literal)
		if name == "" {
			name = joinWords(n.Given, n.Dropping, n.NonDropping, n.Family)
			if s := strings.TrimSpace(n.Suffix); s != "" && name != "" {
				name += ", " + s
			}
		}
		if name == "" {
			c.errorAt(e.off, 1, "a name in field %q of source %q is empty", key, id)
			continue
		}
		out = append(out, name)
		if lit := strings.TrimSpace(n.Literal); lit != "" || strings.TrimSpace(n.Family) == "" {
			parts = append(parts, model.Name{Literal: name})
		} else {
			parts = append(parts, model.Name{Given: strings.TrimSpace(n.Given), Dropping: strings.TrimSpace(n.Dropping),
				Particle: strings.TrimSpace(n.NonDropping), Family: strings.TrimSpace(n.Family), Suffix: strings.TrimSpace(n.Suffix)})
		}
	}
	return out, parts
}

// date reads a CSL date: {"date-parts": [[y, m, d]]}, {"raw": ...} or
// {"literal": ...}.
func (c *cslFile) date(id string, v *jsonSpan) string {
	var dt struct {
		DateParts [][]json.RawMessage `json:"date-parts"`
		Raw       string
		Literal   string
	}
	bad := func() string {
		c.errorAt(v.off, len(v.raw), "field \"issued\" of source %q must be a CSL date such as {\"date-parts\": [[2021, 3, 18]]}, not %s", id, compact(v.raw))
		return ""
	}
	if err := json.Unmarshal(v.raw, &dt); err != nil || !bytes.HasPrefix(v.raw, []byte("{")) {
		return bad()
	}
	switch {
	case len(dt.DateParts) > 0 && len(dt.DateParts[0]) > 0:
		parts := dt.DateParts[0] // the start of a range
		if len(parts) > 3 {
			return bad()
		}
		var ns []int
		for _, p := range parts {
			t, ok := jsonScalar(p)
			n, err := strconv.Atoi(strings.TrimSpace(t))
			if !ok || err != nil {
				return bad()
			}
			ns = append(ns, n)
		}
		d, ok := datePartsString(ns)
		if !ok {
			return bad()
		}
		return d
	case strings.TrimSpace(dt.Raw) != "":
		return strings.TrimSpace(dt.Raw)
	case strings.TrimSpace(dt.Literal) != "":
		return strings.TrimSpace(dt.Literal)
	}
	return bad()
}

// datePartsString formats year, month and day (the last two optional) as
// 2021-03-18, 2021-03 or 2021, or reports false when one is out of range.
// A month of 13 to 24 is a season in CSL and is left out.
func datePartsString(ns []int) (string, bool) {
	if ns[0] < 0 || ns[0] > 9999 {
		return "", false
	}
	s := fmt.Sprintf("%04d", ns[0])
	if len(ns) > 1 {
		if ns[1] >= 13 && ns[1] <= 24 && len(ns) == 2 {
			return s, true
		}
		if ns[1] < 1 || ns[1] > 12 {
			return "", false
		}
		s += fmt.Sprintf("-%02d", ns[1])
	}
	if len(ns) > 2 {
		if ns[2] < 1 || ns[2] > daysIn(ns[0], ns[1]) {
			return "", false
		}
		s += fmt.Sprintf("-%02d", ns[2])
	}
	return s, true
}

// daysIn returns the number of days of a month (1 to 12) of a year.
func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// jsonScalar returns a JSON string's text or a number as written.
func jsonScalar(raw json.RawMessage) (string, bool) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return strings.TrimSpace(s), true
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String(), true
	}
	return "", false
}

// jsonKind describes a JSON value for an error message.
func jsonKind(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '{':
		return "an object"
	case '[':
		return "a list"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// compact returns a short form of a JSON value for a message.
func compact(raw json.RawMessage) string {
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil || b.Len() > 60 {
		return jsonKind(raw)
	}
	return b.String()
}

// skipSpace returns the offset of the first byte from off on that is not
// JSON white space.
func skipSpace(src []byte, off int) int {
	for off < len(src) && (src[off] == ' ' || src[off] == '\t' || src[off] == '\n' || src[off] == '\r') {
		off++
	}
	return off
}

// skipSep skips white space and one separator byte (',' or ':').
func skipSep(src []byte, off int) int {
	off = skipSpace(src, off)
	if off < len(src) && (src[off] == ',' || src[off] == ':') {
		off++
	}
	return skipSpace(src, off)
}

// jsonElements returns the elements of the valid JSON array at src[start],
// each with its offset in src.
func jsonElements(src []byte, start int) []jsonSpan {
	out, _ := jsonArray(jsonSpan{raw: src[start:], off: start})
	return out
}

// jsonArray returns the elements of the JSON value v (valid JSON, possibly
// followed by more text), or false when it is not an array.
func jsonArray(v jsonSpan) ([]jsonSpan, bool) {
	dec := json.NewDecoder(bytes.NewReader(v.raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('[') {
		return nil, false
	}
	var out []jsonSpan
	for dec.More() {
		off := v.off + skipSep(v.raw, int(dec.InputOffset()))
		var raw json.RawMessage
		if dec.Decode(&raw) != nil {
			break
		}
		out = append(out, jsonSpan{raw: raw, off: off})
	}
	return out, true
}

// jsonFields returns the members of the JSON object v, in order, each value
// with its offset in src, or false when v is not an object.
func jsonFields(v jsonSpan) ([]cslField, bool) {
	dec := json.NewDecoder(bytes.NewReader(v.raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil, false
	}
	var out []cslField
	for dec.More() {
		t, err := dec.Token()
		key, ok := t.(string)
		if err != nil || !ok {
			break
		}
		off := v.off + skipSep(v.raw, int(dec.InputOffset()))
		var raw json.RawMessage
		if dec.Decode(&raw) != nil {
			break
		}
		out = append(out, cslField{key: key, val: jsonSpan{raw: raw, off: off}})
	}
	return out, true
}
