package parse

import (
	"bytes"
	"strings"
)

// tomlPos holds byte offsets, in the TOML text, of a top-level key and of
// its value.
type tomlPos struct{ key, val int }

// tomlScan is what scanTOML finds.
type tomlScan struct {
	keys   map[string]tomlPos // top-level keys, tables ([name]) included
	arrays map[string][]int   // headers of each top-level array of tables ([[name]])
	deep   int                // offset of the first bracket nested over maxTOMLDepth, or -1
}

// maxTOMLDepth bounds the nesting of arrays and inline tables: the TOML
// decoder takes time that grows faster than the square of the depth.
const maxTOMLDepth = 100

// scanTOML finds where the top-level keys of a TOML text are written. It
// is not a TOML parser: it tracks only strings, comments, brackets and table
// headers, enough to place the keys of a text that the TOML decoder has
// already accepted.
func scanTOML(data []byte) tomlScan {
	s := tomlScan{keys: map[string]tomlPos{}, arrays: map[string][]int{}, deep: -1}
	depth := 0
	table := ""
	for i := 0; i < len(data); {
		j := i
		for j < len(data) && (data[j] == ' ' || data[j] == '\t') {
			j++
		}
		if depth == 0 && j < len(data) {
			table = s.line(data, j, table)
		}
		i = s.skipLine(data, j, &depth)
	}
	return s
}

// line records the header or key starting at offset j of data, and returns
// the table that the following lines belong to.
func (s *tomlScan) line(data []byte, j int, table string) string {
	rest := data[j:]
	switch {
	case bytes.HasPrefix(rest, []byte("[[")):
		name := headerName(rest[2:], "]]")
		if !strings.Contains(name, ".") {
			s.arrays[name] = append(s.arrays[name], j)
			if _, ok := s.keys[name]; !ok {
				s.keys[name] = tomlPos{j, j}
			}
		}
		return name
	case rest[0] == '[':
		name := headerName(rest[1:], "]")
		if _, ok := s.keys[name]; !ok && !strings.Contains(name, ".") {
			s.keys[name] = tomlPos{j, j}
		}
		return name
	case table != "":
		return table
	}
	name, n := tomlKey(rest)
	if n == 0 {
		return table
	}
	eq := bytes.IndexByte(rest[n:], '=')
	if eq < 0 {
		return table
	}
	val := j + n + eq + 1
	for val < len(data) && (data[val] == ' ' || data[val] == '\t') {
		val++
	}
	if _, ok := s.keys[name]; !ok {
		s.keys[name] = tomlPos{j, val}
	}
	return table
}

// headerName returns the trimmed text of a table header up to end.
func headerName(b []byte, end string) string {
	if i := bytes.Index(b, []byte(end)); i >= 0 {
		b = b[:i]
	}
	return strings.TrimSpace(string(b))
}

// tomlKey reads the first part of a key (bare, "quoted" or 'literal') at
// the start of b and returns it and its length in bytes, or 0 if b does
// not start with a key.
func tomlKey(b []byte) (string, int) {
	if len(b) > 0 && (b[0] == '"' || b[0] == '\'') {
		if i := bytes.IndexByte(b[1:], b[0]); i >= 0 {
			return string(b[1 : 1+i]), i + 2
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
// strings (multi-line ones too) and comments, keeps count of open brackets
// and braces in depth, and records in s.deep where they first nest too deep.
func (s *tomlScan) skipLine(data []byte, i int, depth *int) int {
	for i < len(data) {
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
			if *depth++; *depth > maxTOMLDepth && s.deep < 0 {
				s.deep = i
			}
			i++
		case ']', '}':
			*depth = max(*depth-1, 0)
			i++
		default:
			i++
		}
	}
	return i
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
