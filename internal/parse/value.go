package parse

import (
	"sort"
	"unicode/utf8"
)

// kind is the type of a decoded YAML or TOML value.
type kind int

const (
	kindNull kind = iota
	kindString
	kindInt
	kindFloat
	kindBool
	kindDate // a YAML timestamp or a TOML date, time or date-time
	kindList
	kindMap
)

// value is a YAML or TOML value with its position in the file, so that
// every field can be checked, and every problem reported, where it is
// written. YAML and TOML both decode to this one form.
type value struct {
	kind   kind
	text   string   // scalars: the text as written (YAML) or formatted (TOML)
	scalar any      // scalars: string, int, float64, bool or nil; dates as text
	items  []*value // kindList
	fields []*field // kindMap, in the order written
	line   int      // 1-based position in the file
	col    int
	span   int // YAML quoted scalars on one line: characters from quote to quote; 0 otherwise
	size   int // number of values in the tree, aliases expanded
	bytes  int // YAML: bytes of text in the tree (keys and scalars), aliases expanded; see yamlValueBytes
	depth  int // YAML: levels of lists and maps in the tree, aliases expanded; 0 for a scalar
}

// field is one key of a map and its value.
type field struct {
	key  string
	line int
	col  int
	val  *value
}

// lookup returns the field named key of a map value, or nil.
func (v *value) lookup(key string) *field {
	if v == nil {
		return nil
	}
	for _, f := range v.fields {
		if f.key == key {
			return f
		}
	}
	return nil
}

// width returns the length of v's text in characters, for underlining, and
// at least 1: for a quoted scalar, the text with its quotes as written.
func (v *value) width() int {
	if v.span > 0 {
		return v.span
	}
	if n := utf8.RuneCountInString(v.text); n > 0 && v.kind != kindList && v.kind != kindMap {
		return n
	}
	return 1
}

// describe names the type of v for messages: "a number", "a list".
func describe(v *value) string {
	switch v.kind {
	case kindNull:
		return "empty"
	case kindString:
		return "a string"
	case kindInt:
		return "a number"
	case kindFloat:
		return "a decimal number"
	case kindBool:
		return "a boolean"
	case kindDate:
		return "a date"
	case kindList:
		return "a list"
	}
	return "a map"
}

// plain returns v as plain Go values for templates: map[string]any, []any,
// string, int, float64, bool or nil, with dates as their text.
func plain(v *value) any {
	switch v.kind {
	case kindList:
		out := make([]any, len(v.items))
		for i, it := range v.items {
			out[i] = plain(it)
		}
		return out
	case kindMap:
		return plainMap(v)
	case kindDate:
		return v.text
	}
	return v.scalar
}

// plainMap returns the fields of a map value as a Go map.
func plainMap(v *value) map[string]any {
	out := make(map[string]any, len(v.fields))
	for _, f := range v.fields {
		out[f.key] = plain(f.val)
	}
	return out
}

// keyLines returns the line of each key of a map value.
func keyLines(v *value) map[string]int {
	out := make(map[string]int, len(v.fields))
	for _, f := range v.fields {
		out[f.key] = f.line
	}
	return out
}

// lineIndex converts byte offsets of a file into line and column, like
// diag.Position, in time proportional to the line's length rather than to
// the offset.
type lineIndex struct {
	src    []byte
	starts []int // byte offset of each line
}

func newLineIndex(src []byte) *lineIndex {
	x := &lineIndex{src: src, starts: []int{0}}
	for i, c := range src {
		if c == '\n' {
			x.starts = append(x.starts, i+1)
		}
	}
	return x
}

// position returns the 1-based line and column of byte offset off.
func (x *lineIndex) position(off int) (line, col int) {
	off = max(0, min(off, len(x.src)))
	line = sort.Search(len(x.starts), func(i int) bool { return x.starts[i] > off })
	return line, utf8.RuneCount(x.src[x.starts[line-1]:off]) + 1
}
