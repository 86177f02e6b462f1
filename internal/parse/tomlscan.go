package parse

import (
	"bytes"
)

// tomlPos holds byte offsets, in the TOML text, of a top-level key and of
// its value.
type tomlPos struct{ key, val int }

// tomlScan is what scanTOML finds, and its state while it reads.
type tomlScan struct {
	keys   map[string]tomlPos // top-level keys, tables ([name]) included
	arrays map[string][]int   // headers of each top-level array of tables ([[name]])
	deep   int                // offset of the first key part or bracket nested over maxTOMLDepth, or -1

	inTable bool       // the current line belongs to a table ([name] or [[name]])
	table   int        // nesting level of the current table: [a.b] is 2
	level   int        // nesting level of the value being read
	open    []tomlOpen // arrays and inline tables open, innermost last
}

// tomlOpen is an array or inline table being read: its bracket, and the
// nesting levels outside and inside it.
type tomlOpen struct {
	c            byte
	outer, inner int
}

// maxTOMLDepth bounds the nesting of a TOML text: the levels of tables and
// arrays around any value, whether opened by a table header ([a.b.c]), a
// dotted key (a.b.c = 1), an array or an inline table. A quoted key
// ("a.b") is one level. The TOML decoder takes time and memory that grow
// faster than the square of the depth: a dotted key 10,000 deep in 20 KB
// takes seconds and more than a gigabyte.
const maxTOMLDepth = 100

// scanTOML finds where the top-level keys of a TOML text are written, and
// whether anything in it nests deeper than maxTOMLDepth. It is not a TOML
// parser: it tracks only strings, comments, keys, brackets and table
// headers, enough to place the keys of a text that the TOML decoder has
// accepted, and to bound the nesting of any text before the decoder sees
// it. It reads each byte a bounded number of times.
func scanTOML(data []byte) tomlScan {
	s := tomlScan{keys: map[string]tomlPos{}, arrays: map[string][]int{}, deep: -1}
	for i := 0; i < len(data) && s.deep < 0; {
		j := skipBlanks(data, i)
		if len(s.open) == 0 && j < len(data) {
			j = s.line(data, j)
		}
		i = s.skipLine(data, j)
	}
	return s
}

// line reads the table header or the key starting at offset j of data,
// outside any array or inline table, records where it is written, and
// returns the offset after it.
func (s *tomlScan) line(data []byte, j int) int {
	rest := data[j:]
	switch {
	case bytes.HasPrefix(rest, []byte("[[")):
		end, name, level := s.key(data, j+2, 1)
		s.inTable, s.table, s.level = true, level, level
		if level == 1 {
			s.arrays[name] = append(s.arrays[name], j)
			if _, ok := s.keys[name]; !ok {
				s.keys[name] = tomlPos{j, j}
			}
		}
		return headerEnd(data, end, "]]")
	case rest[0] == '[':
		end, name, level := s.key(data, j+1, 1)
		s.inTable, s.table, s.level = true, level, level
		if _, ok := s.keys[name]; !ok && level == 1 {
			s.keys[name] = tomlPos{j, j}
		}
		return headerEnd(data, end, "]")
	}
	end, name, level := s.key(data, j, s.table)
	if end == j {
		return j
	}
	s.level = level
	eq := skipBlanks(data, end)
	if s.inTable || eq >= len(data) || data[eq] != '=' {
		return end
	}
	if _, ok := s.keys[name]; !ok {
		s.keys[name] = tomlPos{j, skipBlanks(data, eq+1)}
	}
	return eq + 1
}

// key reads the key, dotted or not, that starts at offset i of data after
// any blanks. Its first part is at nesting level first, each further part
// one level deeper; a part nested deeper than maxTOMLDepth is recorded in
// s.deep. It returns the offset just after the key (i when there is none),
// the key's first part, and the level of its last part.
func (s *tomlScan) key(data []byte, i, first int) (end int, name string, level int) {
	end, level = i, first-1
	for part := 0; ; part++ {
		i = skipBlanks(data, i)
		p, n := tomlKey(data[i:])
		if n == 0 {
			return end, name, max(level, first)
		}
		if part == 0 {
			name = p
		}
		if level++; level > maxTOMLDepth && s.deep < 0 {
			s.deep = i
		}
		i += n
		end = i
		dot := skipBlanks(data, i)
		if dot >= len(data) || data[dot] != '.' || s.deep >= 0 {
			return end, name, level
		}
		i = dot + 1
	}
}

// headerEnd returns the offset just after the closing brackets of a table
// header whose key ends at offset i, or i when they are not there.
func headerEnd(data []byte, i int, closing string) int {
	j := skipBlanks(data, i)
	if bytes.HasPrefix(data[j:], []byte(closing)) {
		return j + len(closing)
	}
	return i
}

func skipBlanks(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t') {
		i++
	}
	return i
}

// tomlKey reads the first part of a key (bare, "quoted" or 'literal') at
// the start of b and returns it and its length in bytes, or 0 if b does
// not start with a key.
func tomlKey(b []byte) (string, int) {
	if len(b) > 0 && (b[0] == '"' || b[0] == '\'') {
		if n := skipTOMLString(b, 0); n >= 2 && b[n-1] == b[0] {
			return string(b[1 : n-1]), n
		}
		return "", 0
	}
	n := 0
	for n < len(b) && (b[n] == '_' || b[n] == '-' || b[n] >= 'a' && b[n] <= 'z' || b[n] >= 'A' && b[n] <= 'Z' || b[n] >= '0' && b[n] <= '9') {
		n++
	}
	return string(b[:n]), n
}

// skipLine skips from offset i to the start of the next line, past any
// strings (multi-line ones too) and comments. It keeps track of the arrays
// and inline tables open, reads the keys of inline tables, and records in
// s.deep where the text first nests too deep.
func (s *tomlScan) skipLine(data []byte, i int) int {
	for i < len(data) && s.deep < 0 {
		switch c := data[i]; c {
		case '\n':
			return i + 1
		case '#':
			if k := bytes.IndexByte(data[i:], '\n'); k >= 0 {
				return i + k + 1
			}
			return len(data)
		case '"', '\'':
			i = skipTOMLString(data, i)
		case '[', '{':
			o := tomlOpen{c: c, outer: s.level, inner: s.level + 1}
			if o.inner > maxTOMLDepth {
				s.deep = i
			}
			s.open = append(s.open, o)
			s.level = o.inner
			i = s.inlineKey(data, i+1)
		case ']', '}':
			if n := len(s.open); n > 0 {
				s.level = s.open[n-1].outer
				s.open = s.open[:n-1]
			}
			i++
		case ',':
			i = s.inlineKey(data, i+1)
		default:
			i++
		}
	}
	return i
}

// inlineKey reads the key at offset i, if the innermost bracket open is
// an inline table's, and returns the offset after it.
func (s *tomlScan) inlineKey(data []byte, i int) int {
	n := len(s.open)
	if n == 0 {
		return i
	}
	o := s.open[n-1]
	s.level = o.inner
	if o.c != '{' {
		return i
	}
	end, _, level := s.key(data, i, o.inner)
	if end > i {
		s.level = level
	}
	return end
}

// skipTOMLString returns the offset just after the string starting at i.
func skipTOMLString(data []byte, i int) int {
	q := data[i]
	if bytes.HasPrefix(data[i:], []byte{q, q, q}) {
		end := []byte{q, q, q}
		for k := i + 3; k < len(data); k++ {
			if q == '"' && data[k] == '\\' {
				k++
				continue
			}
			if bytes.HasPrefix(data[k:], end) {
				k += 3
				for k < len(data) && data[k] == q { // """a"""" ends with quotes
					k++
				}
				return k
			}
		}
		return len(data)
	}
	for k := i + 1; k < len(data); k++ {
		switch {
		case q == '"' && data[k] == '\\':
			k++
		case data[k] == q:
			return k + 1
		case data[k] == '\n':
			return k
		}
	}
	return len(data)
}
