package render

import (
	"regexp"
	"strconv"
	"strings"
)

// text/template reports a parse error at a line, without a column, and
// reports a file that ends inside an {{if}} as "unexpected EOF" at its
// last line. The functions here find the place an author should look.

// quotedAt returns the byte offset in text, a template's line, of the
// token that msg, a text/template parse error without a column, quotes
// first (`function "nope" not defined`, `unexpected "}" in operand`,
// `undefined variable "$x"`): its first occurrence inside an action
// ("{{" not yet closed by "}}"); or of the action msg names
// ("unexpected {{end}}", "missing value for range"); or of the string,
// character constant or comment msg says is left open ("unterminated
// quoted string", "unclosed comment": its action's "{{"). It returns -1
// when msg quotes or names nothing found in an action of the line.
func quotedAt(text, msg string) int {
	if k := keywordRE.FindStringSubmatch(msg); k != nil {
		return keywordAt(text, k[1])
	}
	if k := missingRE.FindStringSubmatch(msg); k != nil {
		return keywordAt(text, k[1])
	}
	if q, ok := leftOpen[msg]; ok {
		return unterminatedAt(text, q)
	}
	m := quotedRE.FindString(msg)
	if m == "" {
		return -1
	}
	tok, err := strconv.Unquote(m)
	if err != nil || tok == "" {
		return -1
	}
	for from := 0; ; {
		i := strings.Index(text[from:], tok)
		if i < 0 {
			return -1
		}
		i += from
		if strings.LastIndex(text[:i], "{{") > strings.LastIndex(text[:i], "}}") {
			return i
		}
		from = i + len(tok)
	}
}

// keywordRE matches an action a message names: "unexpected {{end}}",
// "unexpected {{else}}".
var keywordRE = regexp.MustCompile(`\{\{(\w+)\}\}`)

// missingRE matches the message of an action with no pipeline: "missing
// value for range".
var missingRE = regexp.MustCompile(`^missing value for (\w+)$`)

// leftOpen maps the messages of text/template's lexer for a string, a
// character constant or a comment left open to its opening character ('/'
// for a comment).
var leftOpen = map[string]byte{
	"unterminated quoted string":      '"',
	"unterminated raw quoted string":  '`',
	"unterminated character constant": '\'',
	"unclosed comment":                '/',
}

// unterminatedAt returns the byte offset in text, a template's line, of
// the first string or character constant opened by q inside an action
// that the line does not close, or, q being '/', of the "{{" of the first
// action whose comment the line does not close; -1 when there is none
// (or something else is left open before it).
func unterminatedAt(text string, q byte) int {
	for i := 0; ; {
		j := strings.Index(text[i:], "{{")
		if j < 0 {
			return -1
		}
		start := i + j
		for i = start + 2; i < len(text) && !strings.HasPrefix(text[i:], "}}"); {
			switch c := text[i]; {
			case strings.HasPrefix(text[i:], "/*"):
				k := strings.Index(text[i+2:], "*/")
				if k < 0 && q == '/' {
					return start
				} else if k < 0 {
					return -1
				}
				i += k + 4
			case c == '"' || c == '\'' || c == '`':
				e := quoteEnd(text, i)
				if e == len(text) && (e-1 == i || text[e-1] != c || escaped(text, i, e-1)) {
					if c == q {
						return i
					}
					return -1
				}
				i = e
			default:
				i++
			}
		}
	}
}

// escaped reports whether the quote at text[k] is escaped by a backslash,
// in the string or constant that opens at text[i] (not a raw string).
func escaped(text string, i, k int) bool {
	if text[i] == '`' {
		return false
	}
	n := 0
	for j := k - 1; j > i && text[j] == '\\'; j-- {
		n++
	}
	return n%2 == 1
}

// keywordAt returns the byte offset in text of the first action whose
// first word is kw ("{{ end }}", "{{- else if .X }}"), or -1.
func keywordAt(text, kw string) int {
	for i := 0; ; {
		j := strings.Index(text[i:], "{{")
		if j < 0 {
			return -1
		}
		start := i + j
		rest := strings.TrimLeft(strings.TrimPrefix(text[start+2:], "-"), " \t")
		word := rest[:len(rest)-len(strings.TrimLeft(rest, "abcdefghijklmnopqrstuvwxyz"))]
		if word == kw {
			return start
		}
		i = start + 2
	}
}

// quotedRE matches the first Go-quoted string in a message.
var quotedRE = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)

// openers are the actions that an {{end}} closes (text/template).
var openers = map[string]bool{"if": true, "range": true, "with": true, "block": true, "define": true}

// unclosed returns the 1-based line, the byte offset in that line and the
// keyword of the innermost action of src, a template's text, that no
// {{end}} closes; false when every one is closed. It reads actions as
// text/template delimits them ("{{" to "}}", skipping quoted and raw
// strings and comments), without parsing them.
func unclosed(src string) (line, at int, kw string, ok bool) {
	type open struct {
		pos int
		kw  string
	}
	var stack []open
	for i := 0; ; {
		j := strings.Index(src[i:], "{{")
		if j < 0 {
			break
		}
		start := i + j
		end := actionEnd(src, start+2)
		body := strings.TrimSpace(strings.TrimPrefix(src[start+2:end], "-"))
		word := ""
		if f := strings.Fields(body); len(f) > 0 {
			word = f[0]
		}
		switch {
		case openers[word]:
			stack = append(stack, open{start, word})
		case word == "end" && len(stack) > 0:
			stack = stack[:len(stack)-1]
		}
		if end >= len(src) {
			break
		}
		i = end + 2
	}
	if len(stack) == 0 {
		return 0, 0, "", false
	}
	o := stack[len(stack)-1]
	lineStart := strings.LastIndex(src[:o.pos], "\n") + 1
	return strings.Count(src[:o.pos], "\n") + 1, o.pos - lineStart, o.kw, true
}

// actionEnd returns the offset of the "}}" that closes the action whose
// text starts at i, or len(src) when none does: "}}" inside a quoted or
// raw string, a character constant or a comment does not close it.
func actionEnd(src string, i int) int { return delim(src, i, false) }

// nextDelim returns the offset of the first "{{" or "}}" of src from i
// that is not inside a quoted or raw string, a character constant or a
// comment, or len(src).
func nextDelim(src string, i int) int { return delim(src, i, true) }

// delim returns the offset of the first "}}" of src from i, or of the
// first "{{" too when opens is set, that is not inside a quoted or raw
// string, a character constant or a comment; len(src) when there is none.
func delim(src string, i int, opens bool) int {
	for i < len(src) {
		switch c := src[i]; {
		case strings.HasPrefix(src[i:], "}}"), opens && strings.HasPrefix(src[i:], "{{"):
			return i
		case strings.HasPrefix(src[i:], "/*"):
			k := strings.Index(src[i+2:], "*/")
			if k < 0 {
				return len(src)
			}
			i += k + 4
		case c == '"' || c == '\'' || c == '`':
			i = quoteEnd(src, i)
		default:
			i++
		}
	}
	return len(src)
}

// quoteEnd returns the offset just past the string or character constant
// that starts at src[i] (a backslash escapes in all but raw strings).
func quoteEnd(src string, i int) int {
	q := src[i]
	for k := i + 1; k < len(src); k++ {
		switch {
		case src[k] == '\\' && q != '`':
			k++
		case src[k] == q:
			return k + 1
		}
	}
	return len(src)
}

// unclosedAction returns the 1-based line and the byte offset in that line
// of the first action of src, a template's text, that starts on or before
// line and meets another "{{" (outside its strings and comments) before
// its "}}", on or after line: an action left open ("<h1>{{ .Title" at the
// end of a line), which text/template reports where its lexer gives up,
// with no column: at the next action (`unexpected "{" in operand`), or
// earlier, at a line of text the action runs into (`unexpected "<" in
// operand`). ok is false when there is none.
func unclosedAction(src string, line int) (l, at int, ok bool) {
	for i, n := 0, 1; ; {
		j := strings.Index(src[i:], "{{")
		if j < 0 {
			return 0, 0, false
		}
		start := i + j
		n += strings.Count(src[i:start], "\n")
		if n > line {
			return 0, 0, false
		}
		stop := nextDelim(src, start+2)
		if strings.HasPrefix(src[stop:], "{{") && n+strings.Count(src[start:stop], "\n") >= line {
			return n, start - (strings.LastIndex(src[:start], "\n") + 1), true
		}
		end := actionEnd(src, start+2)
		if end >= len(src) {
			return 0, 0, false
		}
		n += strings.Count(src[start:end], "\n")
		i = end + 2
	}
}
