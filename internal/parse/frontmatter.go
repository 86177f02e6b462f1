package parse

import (
	"bytes"
	"errors"

	"github.com/adrg/frontmatter"

	"github.com/briefbook/briefbook/internal/diag"
)

// meta is a file's frontmatter, decoded.
type meta struct {
	format    string // "YAML" or "TOML"; "" when the file has none
	open      int    // line of the opening delimiter; 1 when there is none
	root      *value // the top-level map; an empty map when there is none
	bodyStart int    // byte offset of the body in the file
}

// capture is what the frontmatter formats' unmarshal functions store: the
// frontmatter text, undecoded, so that it can be decoded knowing where it
// sits in the file.
type capture struct {
	format string
	data   []byte
}

func captureAs(format string) frontmatter.UnmarshalFunc {
	return func(data []byte, v any) error {
		c := v.(*capture)
		c.format, c.data = format, data
		return nil
	}
}

var formats = []*frontmatter.Format{
	frontmatter.NewFormat("---", "---", captureAs("YAML")),
	frontmatter.NewFormat("+++", "+++", captureAs("TOML")),
}

// frontmatterPrefix returns the length of the start of src that holds its
// frontmatter: blank lines, an opening "---" or "+++" line, and everything
// up to and including the matching closing line, compared after trimming
// white space as the frontmatter package does. It returns len(src) when
// src has no complete frontmatter, leaving the package to say what is
// wrong.
func frontmatterPrefix(src []byte) int {
	delim := ""
	for off := 0; off < len(src); {
		end := bytes.IndexByte(src[off:], '\n')
		next := off + end + 1
		if end < 0 {
			next = len(src)
		}
		line := string(bytes.TrimSpace(src[off:next]))
		off = next
		switch {
		case delim == "" && line == "":
		case delim == "" && (line == "---" || line == "+++"):
			delim = line
		case delim == "":
			return len(src)
		case line == delim:
			return off
		}
	}
	return len(src)
}

// parseFrontmatter splits src into frontmatter and body and decodes the
// frontmatter. what names the kind of file in messages ("a brief"). When
// required is false, a file without frontmatter is all body, with no keys.
// It reports every problem to d and returns false when the file is
// unusable: frontmatter missing (and required), unterminated or malformed.
func parseFrontmatter(path string, src []byte, what string, required bool, d *report) (*meta, bool) {
	// The frontmatter package does not skip a byte order mark.
	skip := 0
	if bytes.HasPrefix(src, bom) {
		skip = len(bom)
	}
	var c capture
	// The frontmatter package copies all it reads; hand it only the lines
	// up to the closing delimiter, which are all it needs.
	prefix := src[skip : skip+frontmatterPrefix(src[skip:])]
	rest, err := frontmatter.MustParse(bytes.NewReader(prefix), &c, formats...)
	if err != nil {
		return noFrontmatter(path, src, skip, what, required, err, d)
	}
	bodyStart := skip + len(prefix) - len(rest)
	dataStart := frontmatterStart(src, bodyStart, len(c.data))
	data := src[dataStart : dataStart+len(c.data)]
	dataLine, _ := diag.Position(src, dataStart)
	m := &meta{format: c.format, open: dataLine - 1, bodyStart: bodyStart}
	var root *value
	if c.format == "TOML" {
		root = tomlDoc(path, src, dataStart, data, d)
	} else {
		root = yamlDoc(path, src, dataStart, data, d)
	}
	if root == nil {
		return nil, false
	}
	if root.kind == kindNull {
		root = &value{kind: kindMap, line: m.open, col: 1, size: 1}
	}
	if root.kind != kindMap {
		d.Errorf(path, src, root.line, root.col, 1, "frontmatter must be a map of keys to values, not %s", describe(root))
		return nil, false
	}
	m.root = root
	return m, true
}

var bom = []byte("\xef\xbb\xbf")

// frontmatterStart returns the byte offset of the frontmatter text, of n
// bytes, which ends just before the closing delimiter line, which in turn
// ends at bodyStart.
func frontmatterStart(src []byte, bodyStart, n int) int {
	end := bodyStart
	if end > 0 && src[end-1] == '\n' {
		end--
	}
	closing := bytes.LastIndexByte(src[:end], '\n') + 1
	return max(closing-n, 0)
}

// noFrontmatter handles a file in which no complete frontmatter was found.
func noFrontmatter(path string, src []byte, skip int, what string, required bool, err error, d *report) (*meta, bool) {
	if !errors.Is(err, frontmatter.ErrNotFound) { // cannot happen when reading from memory
		d.Errorf(path, src, 1, 1, 0, "cannot read frontmatter: %v", err)
		return nil, false
	}
	if line, delim := openingLine(src[skip:]); delim != "" {
		d.Errorf(path, src, line, 1, len(delim), "unterminated frontmatter: no closing %s line", delim)
		return nil, false
	}
	if required {
		d.Errorf(path, src, 1, 1, 0, "missing frontmatter: %s must start with --- (YAML) or +++ (TOML)", what)
		return nil, false
	}
	return &meta{open: 1, root: &value{kind: kindMap, line: 1, col: 1, size: 1}}, true
}

// openingLine returns the line number and text of the first non-blank line
// of src if it opens a frontmatter ("---" or "+++"), as the frontmatter
// package detects it.
func openingLine(src []byte) (int, string) {
	for n := 1; len(src) > 0; n++ {
		line := src
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			line, src = src[:i], src[i+1:]
		} else {
			src = nil
		}
		switch t := string(bytes.TrimSpace(line)); t {
		case "":
			continue
		case "---", "+++":
			return n, t
		}
		return n, ""
	}
	return 0, ""
}
