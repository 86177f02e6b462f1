package bibtex

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// accents maps LaTeX's accent commands to Unicode combining marks.
var accents = map[string]rune{
	"`": '\u0300', "'": '\u0301', "^": '\u0302', "~": '\u0303', "=": '\u0304',
	"u": '\u0306', ".": '\u0307', "\"": '\u0308', "r": '\u030A', "H": '\u030B',
	"v": '\u030C', "d": '\u0323', "c": '\u0327', "k": '\u0328', "b": '\u0331',
}

// symbols maps LaTeX commands without an argument to text. Zotero writes
// the typographic quotes and dashes of a title this way.
var symbols = map[string]string{
	"&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}",
	" ": " ", ",": "\u2009", ";": " ", "-": "", "/": "", "\\": " ",
	"i": "ı", "j": "ȷ", "o": "ø", "O": "Ø", "ss": "ß", "ae": "æ", "AE": "Æ",
	"oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å", "l": "ł", "L": "Ł", "SS": "SS",
	"textendash": "–", "textemdash": "—", "textquoteright": "’", "textquoteleft": "‘",
	"textquotedblleft": "“", "textquotedblright": "”", "textless": "<",
	"textgreater": ">", "textbackslash": "\\", "textasciitilde": "~",
	"textasciicircum": "^", "textbar": "|", "textbullet": "•", "textregistered": "®",
	"texttrademark": "™", "textcopyright": "©", "textdegree": "°", "textunderscore": "_",
	"textellipsis": "…", "ldots": "…", "dots": "…", "S": "§", "P": "¶", "dag": "†",
	"ddag": "‡", "euro": "€", "texteuro": "€", "pounds": "£", "textsterling": "£",
	"guillemotleft": "«", "guillemotright": "»", "textordfeminine": "ª",
	"textordmasculine": "º", "textexclamdown": "¡", "textquestiondown": "¿",
	"LaTeX": "LaTeX", "TeX": "TeX", "textperiodcentered": "·", "textquotesingle": "'",
	"textasteriskcentered": "*", "textdollar": "$", "textbraceleft": "{",
	"textbraceright": "}", "textnumero": "№", "textdagger": "†", "textdaggerdbl": "‡",
}

// styles are commands whose argument is kept as text, their style dropped.
var styles = map[string]bool{
	"emph": true, "textit": true, "textbf": true, "textsc": true, "textrm": true,
	"texttt": true, "textsf": true, "textup": true, "textsl": true, "textnormal": true,
	"textsuperscript": true, "textsubscript": true, "mkbibquote": true,
	"enquote": true, "url": true, "mbox": true, "hbox": true, "text": true,
	"uppercase": true, "lowercase": true, "nolinkurl": true, "NoCaseChange": true,
}

// Text converts a raw BibTeX value to plain Unicode text (NFC): accents
// ({\"u}, {\'e}, \c{c}, {\v s}) and symbols (\&, \textendash, {\o}) become
// characters, style commands (\emph{x}, \textit{x}) keep their argument,
// the braces that protect case are dropped, "--" and "---" become en and
// em dashes, two backquotes and two apostrophes curly double quotes, "~" a space, "$" of inline math is
// dropped, and runs of white space become one space. An unknown command
// is dropped, its braced argument kept as text; one without an argument
// is kept as written.
func Text(raw string) string {
	var b strings.Builder
	b.Grow(len(raw))
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == '\\':
			i = command(&b, raw, i)
			continue
		case c == '{' || c == '}' || c == '$':
		case c == '~':
			b.WriteByte(' ')
		case strings.HasPrefix(raw[i:], "---"):
			b.WriteString("—")
			i += 3
			continue
		case strings.HasPrefix(raw[i:], "--"):
			b.WriteString("–")
			i += 2
			continue
		case strings.HasPrefix(raw[i:], "``"):
			b.WriteString("“")
			i += 2
			continue
		case strings.HasPrefix(raw[i:], "''"):
			b.WriteString("”")
			i += 2
			continue
		default:
			b.WriteByte(c)
		}
		i++
	}
	return norm.NFC.String(strings.Join(strings.Fields(b.String()), " "))
}

// command writes the text of the command starting with the backslash at
// raw[i] and returns the offset after it.
func command(b *strings.Builder, raw string, i int) int {
	j := i + 1
	if j >= len(raw) {
		b.WriteByte('\\')
		return j
	}
	var name string
	if isLetter(raw[j]) {
		for j < len(raw) && isLetter(raw[j]) {
			j++
		}
		name = raw[i+1 : j]
		for j < len(raw) && (raw[j] == ' ' || raw[j] == '\t' || raw[j] == '\n' || raw[j] == '\r') {
			j++ // TeX skips blanks after a command word
		}
	} else {
		_, n := utf8.DecodeRuneInString(raw[j:])
		j += n
		name = raw[i+1 : j]
	}
	if mark, ok := accents[name]; ok {
		arg, end := argument(raw, j)
		base := Text(arg)
		if base == "" {
			base = " "
		}
		r, n := utf8.DecodeRuneInString(base)
		switch r { // \'{\i}: the dotless i carries the accent
		case 'ı':
			r = 'i'
		case 'ȷ':
			r = 'j'
		}
		b.WriteRune(r)
		b.WriteRune(mark)
		b.WriteString(base[n:])
		return end
	}
	if s, ok := symbols[name]; ok {
		b.WriteString(s)
		return j
	}
	if styles[name] || j < len(raw) && raw[j] == '{' {
		arg, end := argument(raw, j)
		b.WriteString(Text(arg))
		return end
	}
	b.WriteString(raw[i:j])
	return j
}

// argument returns a command's argument starting at raw[j]: a braced group
// (without its braces), another command, or one character.
func argument(raw string, j int) (string, int) {
	if j >= len(raw) {
		return "", j
	}
	switch raw[j] {
	case '{':
		depth := 0
		for k := j; k < len(raw); k++ {
			switch raw[k] {
			case '{':
				depth++
			case '}':
				depth--
				if depth == 0 {
					return raw[j+1 : k], k + 1
				}
			}
		}
		return raw[j+1:], len(raw)
	case '\\':
		k := j + 1
		for k < len(raw) && isLetter(raw[k]) {
			k++
		}
		if k == j+1 && k < len(raw) {
			k++
		}
		return raw[j:k], k
	}
	_, n := utf8.DecodeRuneInString(raw[j:])
	return raw[j : j+n], j + n
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
