package markup

import (
	"bytes"
	"regexp"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// gfm is goldmark's extension.GFM (linkify, tables, strikethrough, task
// lists) with the linkify parser behind [quickLinkify], and with patterns
// that take letters of every script into bare URLs (see [linkifyOptions]).
type gfm struct{}

// Extend implements goldmark.Extender, in the order extension.GFM does.
func (gfm) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(
		util.Prioritized(quickLinkify{extension.NewLinkifyParser(linkifyOptions...)}, 999),
	))
	extension.Table.Extend(m)
	extension.Strikethrough.Extend(m)
	extension.TaskList.Extend(m)
}

// urlChars are the characters goldmark's linkify patterns take into the
// host (urlHost) and the rest (urlRest) of a bare URL, plus letters, marks
// and digits of every script, and dashes and connectors, which Korean,
// Japanese and other non-Latin URLs are full of: goldmark's patterns stop
// "https://ko.wikipedia.org/wiki/한일_군사정보보호협정" after "/wiki/".
// Other punctuation and symbols outside ASCII (the ideographic full stop,
// full-width brackets, quotation marks) end a URL, as white space does.
const (
	unicodeURLChars = `\p{L}\p{N}\p{M}\p{Pd}\p{Pc}`
	urlHost         = `[-a-zA-Z0-9@:%._\+~#=` + unicodeURLChars + `]{1,256}\.[a-z\p{L}\p{M}]+`
	urlRest         = `[-a-zA-Z0-9@:%_+.~#$!?&/=\(\);,'">\^{}\[\]` + "`" + unicodeURLChars + `]*`
)

// linkifyOptions replace goldmark's ASCII-only URL patterns (from
// goldmark's extension/linkify.go) by the same patterns with urlChars
// added. E-mail addresses keep goldmark's rule.
var linkifyOptions = []extension.LinkifyOption{
	extension.WithLinkifyURLRegexp(regexp.MustCompile(`^(?:http|https|ftp)://` + urlHost + `(?::\d+)?(?:[/#?]` + urlRest + `)?`)),
	extension.WithLinkifyWWWRegexp(regexp.MustCompile(`^www\.` + urlHost + `(?:[/#?]` + urlRest + `)?`)),
}

// quickLinkify runs goldmark's linkify parser only where it can find
// something. That parser is tried at every space of the text, and there
// it compares the next word with each URL prefix and scans it for an
// e-mail address: a sixth of the time of a whole conversion. But it finds
// a link only at "http:", "https:", "ftp:" or "www.", or at an address,
// whose '@' comes before the next white space and right after a character
// of its local part (so not in a citation, "[@id; @id]"). Elsewhere
// quickLinkify gives up at once, as the parser would have.
type quickLinkify struct {
	parser.InlineParser
}

// Parse implements parser.InlineParser.
func (q quickLinkify) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	if len(line) > 0 {
		switch line[0] { // the parser's trigger characters
		case ' ', '*', '_', '~', '(':
			line = line[1:]
		}
	}
	if !startsURL(line) {
		if st := stateOf(pc); st != nil && !st.mayMail || !atInWord(line) {
			return nil
		}
	}
	return q.InlineParser.Parse(parent, block, pc)
}

// startsURL reports whether line starts as the URLs that goldmark's
// linkify parser looks for do.
func startsURL(line []byte) bool {
	if len(line) < 4 {
		return false
	}
	switch string(line[:4]) {
	case "http", "ftp:", "www.":
		return true
	}
	return false
}

// atInWord reports whether there is an '@' in line before the first white
// space, as there is in an e-mail address at its start.
func atInWord(line []byte) bool {
	for _, c := range line {
		switch c {
		case '@':
			return true
		case ' ', '\t', '\n', '\r', '\v', '\f':
			return false
		}
	}
	return false
}

// mayHoldAddress reports whether body may hold an e-mail address that
// goldmark's linkify parser would link: whether some '@' follows a
// character that can end the local part of an address. White space, '['
// and ';' cannot, so the '@'s of citations do not count.
func mayHoldAddress(body []byte) bool {
	for i := 1; i < len(body); i++ {
		j := bytes.IndexByte(body[i:], '@')
		if j < 0 {
			return false
		}
		i += j
		switch body[i-1] {
		case ' ', '\t', '\n', '\r', '\v', '\f', '[', ';':
		default:
			return true
		}
	}
	return false
}
