package parse

import (
	"bytes"
	"unicode/utf8"
)

// unclosedFlow finds a flow collection (a YAML "[...]" list or "{...}"
// mapping, YAML 1.2 §7.4) still open at the end of line upto of data: the
// cause when yaml.v3 reports "did not find expected ',' or ']'", which it
// does where it gives up, often the line after the one that opens the
// list ("title: [draft" followed by "date: 2026-12-01" is reported at the
// date). A '[' or '{' opens a collection only where a value starts (at
// the start of a line's value, after "- ", ": ", or inside a collection
// after '[', '{' or ','); elsewhere, as in "title: Japan [draft]", it is
// text. Quoted scalars and comments are skipped. It returns the 1-based
// line and column (in characters) of the innermost open bracket and the
// bracket, or ok false when every collection is closed by then.
func unclosedFlow(data []byte, upto int) (line, col int, bracket byte, ok bool) {
	var open []int // offsets of the open brackets, innermost last
	start := true  // a value can start at the next non-blank character
	ln := 1
scan:
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case c == '\n':
			if ln == upto {
				break scan
			}
			ln++
			start = true
		case c == ' ' || c == '\t' || c == '\r':
			// blanks keep start as it is
		case c == '#' && (i == 0 || data[i-1] == ' ' || data[i-1] == '\t' || data[i-1] == '\n'):
			for i+1 < len(data) && data[i+1] != '\n' {
				i++
			}
		case (c == '"' || c == '\'') && start:
			end := closing(data[i+1:], c)
			if end < 0 {
				return 0, 0, 0, false // an unclosed quote: see unclosedQuote
			}
			ln += bytes.Count(data[i+1:i+1+end], []byte("\n"))
			i += end + 1
			start = false
		case (c == '[' || c == '{') && start:
			open = append(open, i)
			start = true
		case (c == ']' || c == '}') && len(open) > 0:
			if want := data[open[len(open)-1]] + 2; c == want { // ']' is '['+2, '}' is '{'+2
				open = open[:len(open)-1]
			}
			start = false
		case c == ',' && len(open) > 0:
			start = true
		case c == '-' || c == ':':
			start = i+1 < len(data) && (data[i+1] == ' ' || data[i+1] == '\t' || data[i+1] == '\n' || data[i+1] == '\r')
		default:
			start = false
		}
	}
	if len(open) == 0 {
		return 0, 0, 0, false
	}
	at := open[len(open)-1]
	line = bytes.Count(data[:at], []byte("\n")) + 1
	col = utf8.RuneCount(data[bytes.LastIndexByte(data[:at], '\n')+1:at]) + 1
	return line, col, data[at], true
}
