package parse

import (
	"bytes"
	"unicode/utf8"
)

// unclosedQuote finds the quoted scalar of YAML text data that is never
// closed, which yaml.v3 reports only as "found unexpected end of stream"
// at the end of the text. A quoted scalar starts where a value can (at a
// line's first non-blank character, after "- ", ": ", "[", "{" or ","),
// may span lines, and ends at the next unescaped " (YAML 1.2, 7.3.1) or
// at a ' not doubled (7.3.2). Comments (" #" outside quotes) are skipped.
// A quoted scalar that holds a line starting with a key ("date: ...", at
// the line's start) counts as unclosed too: its quote was closed by the
// next quoted value's opening quote, and yaml.v3 then reports some later
// line. It returns the quote's 1-based line and column (in characters)
// and the quote character, or ok false when every quoted scalar is closed.
func unclosedQuote(data []byte) (line, col int, quote byte, ok bool) {
	start := true // a value can start at the next non-blank character
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case c == '\n':
			start = true
		case c == ' ' || c == '\t' || c == '\r':
			// blanks keep start as it is
		case c == '#' && (i == 0 || data[i-1] == ' ' || data[i-1] == '\t' || data[i-1] == '\n'):
			for i < len(data) && data[i] != '\n' {
				i++
			}
			i--
		case (c == '"' || c == '\'') && start:
			end := closing(data[i+1:], c)
			if end < 0 || keyInside(data[i+1:i+1+end]) {
				line = bytes.Count(data[:i], []byte("\n")) + 1
				col = utf8.RuneCount(data[bytes.LastIndexByte(data[:i], '\n')+1:i]) + 1
				return line, col, c, true
			}
			i += end + 1
			start = false
		case c == '-' || c == ':' || c == '[' || c == '{' || c == ',':
			start = c != '-' && c != ':' || i+1 < len(data) && (data[i+1] == ' ' || data[i+1] == '\t')
		default:
			start = false
		}
	}
	return 0, 0, 0, false
}

// closing returns the index in rest of the quote q that closes a quoted
// scalar whose opening quote came just before rest, or -1.
func closing(rest []byte, q byte) int {
	for j := 0; j < len(rest); j++ {
		switch {
		case q == '"' && rest[j] == '\\':
			j++ // the escaped character
		case rest[j] == q && q == '\'' && j+1 < len(rest) && rest[j+1] == '\'':
			j++ // '' is a quote inside a single-quoted scalar
		case rest[j] == q:
			return j
		}
	}
	return -1
}

// keyInside reports whether the text of a quoted scalar holds a line that
// starts, with no indentation, with a key and a colon ("date: 2021").
func keyInside(text []byte) bool {
	for {
		i := bytes.IndexByte(text, '\n')
		if i < 0 {
			return false
		}
		text = text[i+1:]
		end := bytes.IndexAny(text, "\n")
		if end < 0 {
			end = len(text)
		}
		line := text[:end]
		if k := bytes.Index(line, []byte(": ")); k > 0 && line[0] != ' ' && line[0] != '\t' && !bytes.ContainsAny(line[:k], " \t\"'") {
			return true
		}
	}
}
