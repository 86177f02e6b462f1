package parse

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/briefbook/briefbook/internal/diag"
)

// Limits on what one YAML text may hold once its aliases are expanded,
// checked without expanding them: every value records its expanded size
// and depth, which an alias then adds to its own place (see
// docs/format.md, "Limits").
const (
	// maxAliasValues bounds how many values YAML aliases may expand to in
	// one document. A "billion laughs" document, whose aliases nest to
	// expand exponentially, stops here with an error instead of eating all
	// memory.
	maxAliasValues = 100_000
	// aliasBytesFactor and aliasBytesExtra bound the bytes of text (keys
	// and scalars) that aliases may add to a YAML text: aliasBytesFactor
	// times the text's own size plus aliasBytesExtra. A large anchored
	// string repeated by many aliases stays under maxAliasValues, yet would
	// make pages and feeds of gigabytes.
	aliasBytesFactor = 4
	aliasBytesExtra  = 64 << 10
	// maxYAMLDepth bounds the nesting of lists and maps, aliases expanded,
	// as maxTOMLDepth does for TOML.
	maxYAMLDepth = 100
)

// yamlDoc decodes one YAML document, data, which starts at byte offset
// start of src. It reports problems to d and returns the root value, nil
// when the document is malformed. An empty document gives a null value.
func yamlDoc(path string, src []byte, start int, data []byte, d *report) *value {
	firstLine, _ := diag.Position(src, start)
	c := &yamlConv{path: path, src: src, d: d, lineOff: firstLine - 1,
		maxAliasBytes: aliasBytesFactor*len(data) + aliasBytesExtra,
		memo:          map[*yaml.Node]*value{}, active: map[*yaml.Node]bool{}, ok: true}
	var doc yaml.Node
	if err := safeYAMLUnmarshal(data, &doc); err != nil {
		c.syntaxError(data, err)
		return nil
	}
	root := &doc
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		root = doc.Content[0]
	}
	if root.Kind == 0 || root.Kind == yaml.DocumentNode {
		return &value{kind: kindNull, line: firstLine, col: 1, size: 1, bytes: 1}
	}
	v := c.convert(root)
	if !c.ok {
		return nil
	}
	checkChars(path, src, v, d)
	return v
}

// safeYAMLUnmarshal is yaml.Unmarshal, with a panic in the decoder turned
// into an error: bad input must never crash a build.
func safeYAMLUnmarshal(data []byte, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: %v", r)
		}
	}()
	return yaml.Unmarshal(data, n)
}

type yamlConv struct {
	path          string
	src           []byte
	d             *report
	lineOff       int  // file line of the document's first line, minus one
	aliases       int  // values expanded from aliases so far
	aliasBytes    int  // bytes of text expanded from aliases so far
	maxAliasBytes int  // the limit of aliasBytes for this text
	level         int  // lists and maps open around the node being converted, the root included
	limited       bool // a limit was reported
	memo          map[*yaml.Node]*value
	active        map[*yaml.Node]bool // nodes being converted, to catch cycles
	lineStarts    []int               // byte offset in src of each line, once needed (see quotedSpan)
	ok            bool
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)`)
var yamlAnchorRE = regexp.MustCompile(`^yaml: unknown anchor '(.*)' referenced`)

// parserErrors are the messages of yaml.v3's parser, as opposed to its
// scanner: yaml.v3 reports their line 0-based.
var parserErrors = []string{"did not find expected", "found duplicate %", "found incompatible YAML document", "found undefined tag handle"}

func parserError(msg string) bool {
	for _, p := range parserErrors {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}

// syntaxError reports a yaml.v3 error. yaml.v3 gives only a line, and
// sometimes none; the column is that of the line's first character.
func (c *yamlConv) syntaxError(data []byte, err error) {
	msg := strings.SplitN(err.Error(), "\n", 2)[0]
	line := 1
	if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
		if parserError(msg) {
			line++ // yaml.v3 counts parser errors' lines from 0, scanner errors' from 1
		}
	} else if parserError(strings.TrimPrefix(msg, "yaml: ")) {
		line = 1 // a parser error on the first line comes without a line
	} else if m := yamlAnchorRE.FindStringSubmatch(msg); m != nil {
		if i := bytes.Index(data, []byte("*"+m[1])); i >= 0 {
			line = bytes.Count(data[:i], []byte("\n")) + 1
		}
	}
	msg = tidyMessage(strings.TrimPrefix(msg, "yaml: "))
	// An unclosed quote before the line yaml.v3 gives is the cause: the
	// error is reported where it opens.
	if qline, qcol, q, ok := unclosedQuote(data); ok && qline <= line {
		c.d.Errorf(c.path, c.src, qline+c.lineOff, qcol, 1, "malformed YAML: the quoted text that starts here has no closing %c", q)
		return
	}
	// A list or mapping in brackets left open is the cause of "did not
	// find expected ',' or ']'" and the like: reported where it opens.
	if strings.HasPrefix(msg, "did not find expected") {
		if fl, fc, br, ok := unclosedFlow(data, line); ok {
			kind, end := "list", ']'
			if br == '{' {
				kind, end = "mapping", '}'
			}
			c.d.Errorf(c.path, c.src, fl+c.lineOff, fc, 1, "malformed YAML: the %s that starts here has no closing %c", kind, end)
			return
		}
	}
	// An error found at the end of the text (an unclosed bracket, say)
	// belongs to the last line that has something on it.
	line = max(1, min(line, lastContentLine(data)))
	text := diag.LineText(data, line)
	col := len([]rune(text)) - len([]rune(strings.TrimLeft(text, " \t"))) + 1
	// A tab in indentation is the cause: yaml.v3 reports "a tab character
	// that violates indentation" at the mapping it breaks, lines before
	// the tab, and a tab that "cannot start any token" after it.
	last := line
	if strings.Contains(msg, "tab character") {
		last = lastContentLine(data)
	}
	if strings.Contains(msg, "tab character") || strings.Contains(msg, "cannot start any token") {
		if tl, tc, ok := indentTab(data, line, last); ok {
			line, col = tl, tc
		}
	}
	c.d.Errorf(c.path, c.src, line+c.lineOff, col, 0, "malformed YAML: %s", msg)
}

// indentTab returns the 1-based line and column of the first tab in the
// indentation of lines from to last of data, and false when there is none.
func indentTab(data []byte, from, last int) (line, col int, ok bool) {
	for l := from; l <= last; l++ {
		text := diag.LineText(data, l)
		lead := text[:len(text)-len(strings.TrimLeft(text, " \t"))]
		if i := strings.IndexByte(lead, '\t'); i >= 0 {
			return l, i + 1, true // the indentation is ASCII: bytes are columns
		}
	}
	return 0, 0, false
}

func (c *yamlConv) errorf(n *yaml.Node, format string, args ...any) {
	c.d.Errorf(c.path, c.src, n.Line+c.lineOff, n.Column, 1, format, args...)
	c.ok = false
}

// limit reports, at n, that the text goes over one of the limits above;
// only the first such problem of a text is reported.
func (c *yamlConv) limit(n *yaml.Node, format string, args ...any) {
	if !c.limited {
		c.limited = true
		c.errorf(n, format, args...)
	}
	c.ok = false
}

// add accounts for child, an item or a field's value, in v's expanded
// size and depth; key is the field's key, "" for an item.
func add(v, child *value, key string) {
	v.size += child.size
	v.bytes += len(key) + child.bytes
	v.depth = max(v.depth, child.depth+1)
}

// convert turns a node into a value. Aliases share the value of their
// anchor, so the tree may be a DAG, whose expanded size is bounded by
// maxAliasValues and maxAliasBytes, and its depth by maxYAMLDepth.
func (c *yamlConv) convert(n *yaml.Node) *value {
	if c.limited { // the text is refused: spare the work and the follow-on errors
		return &value{line: n.Line + c.lineOff, col: n.Column, size: 1, bytes: 1}
	}
	if v, ok := c.memo[n]; ok {
		return v
	}
	c.active[n] = true
	v := c.convertNode(n)
	delete(c.active, n)
	c.memo[n] = v
	return v
}

func (c *yamlConv) convertNode(n *yaml.Node) *value {
	// Every value counts one byte besides its text, so that empty values
	// count too.
	v := &value{line: n.Line + c.lineOff, col: n.Column, size: 1, bytes: 1}
	switch n.Kind {
	case yaml.AliasNode:
		return c.alias(n, v)
	case yaml.SequenceNode, yaml.MappingNode:
		if c.level > maxYAMLDepth {
			c.limit(n, "malformed YAML: lists and maps nested more than %d deep", maxYAMLDepth)
			return v
		}
		c.level++
		c.collection(n, v)
		c.level--
	case yaml.ScalarNode:
		c.scalar(n, v)
		v.bytes += len(n.Value)
	default: // a document inside a document cannot happen; be safe
		v.kind = kindNull
	}
	return v
}

func (c *yamlConv) collection(n *yaml.Node, v *value) {
	v.depth = 1
	if n.Kind == yaml.MappingNode {
		c.mapping(n, v)
		return
	}
	v.kind = kindList
	for _, it := range n.Content {
		iv := c.convert(it)
		v.items = append(v.items, iv)
		add(v, iv, "")
	}
}

func (c *yamlConv) alias(n *yaml.Node, v *value) *value {
	if n.Alias == nil {
		c.errorf(n, "malformed YAML: unknown anchor %q", n.Value)
		return v
	}
	if c.active[n.Alias] {
		c.errorf(n, "malformed YAML: anchor %q contains an alias of itself", n.Value)
		return v
	}
	target := c.convert(n.Alias)
	switch {
	case c.aliases+target.size > maxAliasValues:
		c.limit(n, "malformed YAML: aliases expand to more than %d values (a YAML alias bomb?)", maxAliasValues)
		return v
	case c.aliasBytes+target.bytes > c.maxAliasBytes:
		c.limit(n, "malformed YAML: aliases expand to more than %d bytes, %d times the YAML's size plus %d KiB (a YAML alias bomb?)",
			c.maxAliasBytes, aliasBytesFactor, aliasBytesExtra>>10)
		return v
	case c.level+target.depth-1 > maxYAMLDepth:
		c.limit(n, "malformed YAML: lists and maps nested more than %d deep", maxYAMLDepth)
		return v
	}
	c.aliases += target.size
	c.aliasBytes += target.bytes
	return target
}

// mapping converts a map, applying YAML merge keys (<<): merged keys do
// not override keys written in the map itself. A key written twice is an
// error.
func (c *yamlConv) mapping(n *yaml.Node, v *value) {
	v.kind = kindMap
	seen := map[string]*field{}
	var merges []*value
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
			merges = append(merges, c.convert(val))
			continue
		}
		if k.Kind != yaml.ScalarNode {
			c.errorf(k, "malformed YAML: a key must be plain text, not %s", yamlKindName(k))
			continue
		}
		if prev := seen[k.Value]; prev != nil {
			// Not fatal: the first value is kept.
			c.d.Errorf(c.path, c.src, k.Line+c.lineOff, k.Column, len([]rune(k.Value)), "duplicate key %q (first on line %d)", k.Value, prev.line)
			continue
		}
		f := &field{key: k.Value, line: k.Line + c.lineOff, col: k.Column, val: c.convert(val)}
		seen[k.Value] = f
		v.fields = append(v.fields, f)
		add(v, f.val, f.key)
	}
	for _, m := range merges {
		c.merge(n, v, m, seen)
	}
}

func (c *yamlConv) merge(n *yaml.Node, v, m *value, seen map[string]*field) {
	if c.limited {
		return
	}
	switch m.kind {
	case kindList:
		for _, it := range m.items {
			c.merge(n, v, it, seen)
		}
		return
	case kindMap:
	default:
		c.errorf(n, "malformed YAML: a merge key (<<) needs a map or a list of maps, not %s", describe(m))
		return
	}
	for _, f := range m.fields {
		if seen[f.key] == nil {
			seen[f.key] = f
			v.fields = append(v.fields, f)
			add(v, f.val, f.key)
		}
	}
}

func (c *yamlConv) scalar(n *yaml.Node, v *value) {
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		v.span = c.quotedSpan(v.line, v.col)
	}
	v.text = n.Value
	v.kind, v.scalar = kindString, n.Value
	switch n.ShortTag() {
	case "!!null":
		v.kind, v.scalar = kindNull, nil
	case "!!bool":
		var b bool
		if n.Decode(&b) == nil {
			v.kind, v.scalar = kindBool, b
		}
	case "!!int":
		var x any
		if n.Decode(&x) == nil {
			v.kind, v.scalar = number(x)
		}
	case "!!float":
		var f float64
		if n.Decode(&f) == nil {
			v.kind, v.scalar = kindFloat, f
		}
	case "!!timestamp":
		v.kind = kindDate
	}
}

// number normalizes a decoded YAML integer to int, or to float64 when it
// does not fit.
func number(x any) (kind, any) {
	switch x := x.(type) {
	case int:
		return kindInt, x
	case int64:
		if x >= math.MinInt && x <= math.MaxInt {
			return kindInt, int(x)
		}
		return kindFloat, float64(x)
	case uint64:
		if x <= math.MaxInt {
			return kindInt, int(x)
		}
		return kindFloat, float64(x)
	case float64:
		return kindFloat, x
	}
	return kindString, fmt.Sprint(x)
}

func yamlKindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.MappingNode:
		return "a map"
	case yaml.AliasNode:
		return "an alias"
	}
	return "a value"
}

// tidyMessage adapts a decoder's message to briefbook's style: no capital
// first letter (unless the word is an acronym), no trailing period.
func tidyMessage(msg string) string {
	msg = strings.TrimSuffix(strings.TrimSpace(msg), ".")
	if len(msg) > 1 && msg[0] >= 'A' && msg[0] <= 'Z' && msg[1] >= 'a' && msg[1] <= 'z' {
		msg = strings.ToLower(msg[:1]) + msg[1:]
	}
	return msg
}

// lastContentLine returns the 1-based number of the last line of data that
// is not blank, or 1.
func lastContentLine(data []byte) int {
	trimmed := bytes.TrimRight(data, " \t\r\n")
	return bytes.Count(trimmed, []byte("\n")) + 1
}

// quotedSpan returns the width in characters of the quoted scalar whose
// opening quote is at line:col of the file (1-based, col in characters),
// quotes included, or 0 when it does not close on that line.
func (c *yamlConv) quotedSpan(line, col int) int {
	if c.lineStarts == nil {
		c.lineStarts = []int{0}
		for i, b := range c.src {
			if b == '\n' {
				c.lineStarts = append(c.lineStarts, i+1)
			}
		}
	}
	if line < 1 || line > len(c.lineStarts) {
		return 0
	}
	text := c.src[c.lineStarts[line-1]:]
	if i := bytes.IndexByte(text, '\n'); i >= 0 {
		text = text[:i]
	}
	for range col - 1 {
		_, size := utf8.DecodeRune(text)
		if size == 0 {
			return 0
		}
		text = text[size:]
	}
	if len(text) == 0 || text[0] != '"' && text[0] != '\'' {
		return 0
	}
	end := closing(text[1:], text[0])
	if end < 0 {
		return 0
	}
	return utf8.RuneCount(text[:end+2])
}
