package parse

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/briefbook/briefbook/internal/chars"
	"github.com/briefbook/briefbook/internal/diag"
)

// checkChars reports every key and text of doc, a decoded YAML or TOML
// document of path, that holds characters HTML or XML forbids (see
// package chars), at the position of the key or value, naming each
// character. The loader has refused such characters written as they are,
// so these were written as escapes ("\x1b", "\u0001", "\0" in YAML;
// "\u001b" in TOML). Values shared by YAML aliases are checked once.
func checkChars(path string, src []byte, doc *value, d *report) {
	seen := map[*value]bool{}
	var walk func(v *value, key string)
	walk = func(v *value, key string) {
		if v == nil || seen[v] {
			return
		}
		seen[v] = true
		if v.kind != kindList && v.kind != kindMap {
			if list, n := forbiddenIn(v.text); n > 0 {
				d.Errorf(path, src, v.line, v.col, quotedWidth(src, v.line, v.col),
					"%s holds %s: %s", key, forbidsWhat(n), list)
			}
		}
		for i, it := range v.items {
			walk(it, "item "+strconv.Itoa(i+1)+" of "+key)
		}
		for _, f := range v.fields {
			name := "field " + strconv.QuoteToASCII(f.key)
			if list, n := forbiddenIn(f.key); n > 0 {
				d.Errorf(path, src, f.line, f.col, quotedWidth(src, f.line, f.col),
					"key %s holds %s: %s", strconv.QuoteToASCII(f.key), forbidsWhat(n), list)
			}
			walk(f.val, name)
		}
	}
	walk(doc, "the document")
}

// forbidsWhat is the start of the message about n forbidden characters.
func forbidsWhat(n int) string {
	if n == 1 {
		return "a character that HTML and XML forbid, written as an escape"
	}
	return "characters that HTML and XML forbid, written as escapes"
}

// forbiddenIn names the different forbidden characters in s, in order
// ("control character U+000F and noncharacter U+FFFF"), and gives their
// number; "", 0 if there are none.
func forbiddenIn(s string) (string, int) {
	var names []string
	seen := map[rune]bool{}
	for off := 0; ; {
		i := chars.IndexString(s[off:])
		if i < 0 {
			break
		}
		r, w := utf8.DecodeRuneInString(s[off+i:])
		off += i + w
		if !seen[r] {
			seen[r] = true
			names = append(names, chars.Describe(r))
		}
	}
	switch len(names) {
	case 0:
		return "", 0
	case 1:
		return names[0], 1
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1], len(names)
}

// quotedWidth returns the length in characters of the quoted string that
// starts at line:col of src, to underline it; 1 when there is none on
// that line.
func quotedWidth(src []byte, line, col int) int {
	text := []rune(diag.LineText(src, line))
	if col < 1 || col > len(text) || (text[col-1] != '"' && text[col-1] != '\'') {
		return 1
	}
	q := text[col-1]
	for i := col; i < len(text); i++ {
		switch {
		case q == '"' && text[i] == '\\':
			i++
		case text[i] == q:
			return i - col + 2
		}
	}
	return 1
}
