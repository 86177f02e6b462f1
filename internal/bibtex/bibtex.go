// Package bibtex reads BibTeX databases (.bib files, as Zotero and other
// reference managers export them): the entries' types, keys and fields,
// with the byte offset of each, LaTeX text turned into Unicode ([Text]) and
// name lists split into names ([Names]).
//
// The syntax is BibTeX's (Patashnik, "BibTeXing", 1988, and the btxdoc
// notes), as biber also reads it:
//
//   - Text outside entries is a comment, up to the next "@"; a line whose
//     first non-blank character is "%" is a comment too.
//   - An entry is @type{key, name = value, ...} or @type(key, ...); a
//     trailing comma is allowed. Types and field names are
//     case-insensitive and returned in lower case.
//   - A value is {braced text} (braces nest), "quoted text" (braces inside
//     nest, a quote inside braces does not end it), a number, or a macro
//     name (from @string, or the month names jan … dec); parts are joined
//     with "#".
//   - @string{name = value} defines a macro; @preamble and @comment are
//     skipped.
//
// Values are returned as written between their delimiters (macros
// expanded, parts joined), still in LaTeX, so that name lists can be split
// with their braces known; [Text] converts them.
package bibtex

import (
	"fmt"
	"regexp"
	"strings"
)

// MaxDepth is the deepest nesting of braces a value may have.
const MaxDepth = 100

// Entry is one entry of a database.
type Entry struct {
	Type   string // lower case: "article", "misc"...
	Key    string // the citation key, as written
	Offset int    // byte offset of the "@"
	KeyOff int    // byte offset of the key
	Fields []Field
}

// Field is one field of an entry.
type Field struct {
	Name   string // lower case
	Value  string // raw LaTeX between the delimiters, macros expanded, parts joined
	Offset int    // byte offset of the field's name
	ValOff int    // byte offset of the value's first part
}

// Get returns the value of the field named name (lower case), and whether
// the entry has it. When a field is repeated, the first is returned.
func (e *Entry) Get(name string) (Field, bool) {
	for _, f := range e.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// Error is a syntax error at a byte offset.
type Error struct {
	Offset int
	Msg    string
}

func (e Error) Error() string { return fmt.Sprintf("offset %d: %s", e.Offset, e.Msg) }

// months are BibTeX's predefined macros.
var months = map[string]string{
	"jan": "January", "feb": "February", "mar": "March", "apr": "April",
	"may": "May", "jun": "June", "jul": "July", "aug": "August",
	"sep": "September", "oct": "October", "nov": "November", "dec": "December",
}

// Parse reads a database. It returns the entries it could read, in the
// order written, and the syntax errors it met; after an error it skips to
// the next "@". It never panics, and takes time linear in len(src).
func Parse(src []byte) ([]Entry, []Error) {
	p := &parser{src: src, macros: map[string]string{}}
	for {
		at := p.nextAt()
		if at < 0 {
			break
		}
		p.pos = at + 1
		p.entry(at)
	}
	return p.entries, p.errs
}

type parser struct {
	src     []byte
	pos     int
	macros  map[string]string
	entries []Entry
	errs    []Error
}

// bail is panicked by fail and recovered by entry, ending the entry.
type bail struct{}

func (p *parser) fail(off int, format string, args ...any) {
	p.errs = append(p.errs, Error{Offset: off, Msg: fmt.Sprintf(format, args...)})
	panic(bail{})
}

// nextAt returns the offset of the next "@" outside comment lines, from
// p.pos, or -1.
func (p *parser) nextAt() int {
	lineStart := p.pos == 0 || p.src[p.pos-1] == '\n'
	for i := p.pos; i < len(p.src); i++ {
		c := p.src[i]
		switch {
		case c == '\n':
			lineStart = true
		case lineStart && c == '%':
			for i < len(p.src) && p.src[i] != '\n' {
				i++
			}
			i-- // the loop sees the newline next
		case c == '@':
			return i
		case c != ' ' && c != '\t' && c != '\r':
			lineStart = false
		}
	}
	return -1
}

// entry reads the entry whose "@" is at offset at.
func (p *parser) entry(at int) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(bail); !ok {
				panic(r)
			}
		}
	}()
	p.space()
	typ := strings.ToLower(p.ident())
	if typ == "" {
		p.fail(p.pos, "expected an entry type after \"@\"")
	}
	p.space()
	var closer byte
	switch p.peek() {
	case '{':
		closer = '}'
	case '(':
		closer = ')'
	default:
		p.fail(p.pos, "expected \"{\" or \"(\" after @%s", typ)
	}
	open := p.pos
	p.pos++
	switch typ {
	case "comment":
		p.skipBalanced(open, closer)
	case "preamble":
		p.space()
		p.value()
		p.close(open, closer)
	case "string":
		p.space()
		off := p.pos
		name := strings.ToLower(p.ident())
		if name == "" {
			p.fail(off, "expected a macro name in @string")
		}
		p.expect('=')
		v, _ := p.value()
		p.macros[name] = v
		p.space()
		if p.peek() == ',' {
			p.pos++
		}
		p.close(open, closer)
	default:
		p.fields(at, typ, open, closer)
	}
}

// fields reads the key and fields of an entry of type typ.
func (p *parser) fields(at int, typ string, open int, closer byte) {
	p.space()
	e := Entry{Type: typ, Offset: at, KeyOff: p.pos}
	start := p.pos
	for p.pos < len(p.src) && !strings.ContainsRune(" \t\r\n,{}()\"=#%", rune(p.src[p.pos])) {
		p.pos++
	}
	e.Key = string(p.src[start:p.pos])
	if e.Key == "" {
		p.fail(p.pos, "expected a citation key after @%s%c", typ, p.src[open])
	}
	p.space()
	for {
		switch p.peek() {
		case closer:
			p.pos++
			p.entries = append(p.entries, e)
			return
		case ',':
			p.pos++
		case '@', 0:
			if n := len(e.Fields); n > 0 && swallowed.MatchString(e.Fields[n-1].Value) {
				f := e.Fields[n-1]
				p.fail(f.ValOff, "the value of field %q is not closed where it should be: it runs on over the next lines, which look like fields", f.Name)
			}
			p.fail(p.pos, "entry %q is not closed: expected \",\" or %q after %s", e.Key, string(closer), describeLast(e))
		default:
			p.fail(p.pos, "expected \",\" or %q after %s", string(closer), describeLast(e))
		}
		p.space()
		if p.peek() == closer {
			continue
		}
		off := p.pos
		name := strings.ToLower(p.ident())
		if name == "" {
			p.fail(off, "expected a field name in entry %q", e.Key)
		}
		p.expect('=')
		valOff := p.pos
		v, _ := p.value()
		e.Fields = append(e.Fields, Field{Name: name, Value: v, Offset: off, ValOff: valOff})
		p.space()
	}
}

// swallowed matches a value that holds a line starting like a field
// ("year = "): a sign that the value's closing brace is missing.
var swallowed = regexp.MustCompile(`\n[ \t]*[A-Za-z][A-Za-z_-]*[ \t]*=`)

// describeLast names what came before a missing comma, for an error.
func describeLast(e Entry) string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("the key %q", e.Key)
	}
	return fmt.Sprintf("field %q", e.Fields[len(e.Fields)-1].Name)
}

// value reads a value: parts joined by "#". It returns the joined text and
// the offset of its first part.
func (p *parser) value() (string, int) {
	var b strings.Builder
	p.space()
	first := p.pos
	for {
		p.space()
		off := p.pos
		switch c := p.peek(); {
		case c == '{':
			b.WriteString(p.delimited('{', '}'))
		case c == '"':
			b.WriteString(p.delimited('"', '"'))
		case c >= '0' && c <= '9':
			for p.pos < len(p.src) && p.src[p.pos] >= '0' && p.src[p.pos] <= '9' {
				p.pos++
			}
			b.Write(p.src[off:p.pos])
		default:
			name := p.ident()
			if name == "" {
				if p.pos >= len(p.src) {
					p.fail(p.pos, "unexpected end of file: expected a value")
				}
				p.fail(p.pos, "expected a value ({text}, \"text\", a number or a macro name)")
			}
			v, ok := p.macros[strings.ToLower(name)]
			if !ok {
				v, ok = months[strings.ToLower(name)]
			}
			if !ok {
				p.fail(off, "unknown macro %q: define it with @string, or put the text in braces", name)
			}
			b.WriteString(v)
		}
		p.space()
		if p.peek() != '#' {
			return b.String(), first
		}
		p.pos++
	}
}

// delimited reads text between open and close (at p.pos), braces nesting
// inside, and returns the text between the delimiters. An "@" first on its
// line is taken as the start of the next entry: the value was not closed.
func (p *parser) delimited(open, close byte) string {
	start := p.pos
	p.pos++
	depth := 0
	blank := false // only blanks since the last newline
	for ; p.pos < len(p.src); p.pos++ {
		c := p.src[p.pos]
		switch {
		case c == '\\' && p.pos+1 < len(p.src) && (p.src[p.pos+1] == '{' || p.src[p.pos+1] == '}'):
			p.pos++
		case c == close && depth == 0:
			p.pos++
			return string(p.src[start+1 : p.pos-1])
		case c == '{':
			depth++
			if depth > MaxDepth {
				p.fail(p.pos, "braces nested more than %d deep", MaxDepth)
			}
		case c == '}':
			if depth == 0 {
				p.fail(p.pos, "unbalanced \"}\" in a quoted value")
			}
			depth--
		case c == '@' && blank:
			p.fail(start, "unclosed %q: the value runs into the next entry", string(open))
		}
		switch c {
		case '\n':
			blank = true
		case ' ', '\t', '\r':
		default:
			blank = false
		}
	}
	p.fail(start, "unclosed %q: the file ends inside this value", string(open))
	return ""
}

// skipBalanced skips to the closer of an @comment whose opener is at open.
func (p *parser) skipBalanced(open int, closer byte) {
	depth := 0
	for ; p.pos < len(p.src); p.pos++ {
		switch c := p.src[p.pos]; {
		case c == closer && depth == 0:
			p.pos++
			return
		case c == '{':
			depth++
		case c == '}' && depth > 0:
			depth--
		}
	}
	p.fail(open, "unclosed %q: the file ends inside this @comment", string(p.src[open]))
}

// close expects the closer of the entry opened at open.
func (p *parser) close(open int, closer byte) {
	p.space()
	if p.peek() != closer {
		p.fail(p.pos, "expected %q to close the entry opened at offset %d", string(closer), open)
	}
	p.pos++
}

// expect skips blanks and the byte c, or fails.
func (p *parser) expect(c byte) {
	p.space()
	if p.peek() != c {
		p.fail(p.pos, "expected %q", string(c))
	}
	p.pos++
	p.space()
}

// ident reads a type, field or macro name: letters, digits and
// !$&*+-./:;<>?[]^_`|~ that BibTeX allows, not starting with a digit.
func (p *parser) ident() string {
	start := p.pos
	for p.pos < len(p.src) && identByte(p.src[p.pos], p.pos == start) {
		p.pos++
	}
	return string(p.src[start:p.pos])
}

func identByte(c byte, first bool) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= 0x80:
		return true
	case c >= '0' && c <= '9':
		return !first
	}
	return strings.IndexByte("!$&*+-./:;<>?[]^_`|~", c) >= 0
}

func (p *parser) peek() byte {
	if p.pos < len(p.src) {
		return p.src[p.pos]
	}
	return 0
}

// space skips white space.
func (p *parser) space() {
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case ' ', '\t', '\r', '\n':
			p.pos++
		default:
			return
		}
	}
}
