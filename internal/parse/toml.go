package parse

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/briefbook/briefbook/internal/diag"
)

// tomlDoc decodes TOML frontmatter, data, which starts at byte offset start
// of src. It reports problems to d and returns the root map, nil when the
// frontmatter is malformed.
//
// The TOML decoder gives no positions for values, so positions come from
// scanning the text (see tomlPositions): a top-level key and its value are
// placed exactly, an item of an array of tables ([[sources]]) at its header,
// and anything nested inside an inline array or table at the start of the
// top-level value it belongs to.
func tomlDoc(path string, src []byte, start int, data []byte, d *report) *value {
	pos := scanTOML(data)
	if pos.deep >= 0 {
		line, col := diag.Position(src, start+pos.deep)
		d.Errorf(path, src, line, col, 1, "malformed TOML: tables, dotted keys, arrays and inline tables nested more than %d deep", maxTOMLDepth)
		return nil
	}
	m, md, err := safeTOMLDecode(string(data))
	if err != nil {
		reportTOMLError(path, src, start, data, err, d)
		return nil
	}
	firstLine, _ := diag.Position(src, start)
	index := newLineIndex(src)
	at := func(off int) (int, int) { return index.position(start + off) }
	root := &value{kind: kindMap, line: firstLine, col: 1, size: 1}
	for _, k := range md.Keys() {
		if len(k) != 1 {
			continue
		}
		name := k[0]
		p, ok := pos.keys[name]
		fl, fc := firstLine, 1
		vl, vc := firstLine, 1
		if ok {
			fl, fc = at(p.key)
			vl, vc = at(p.val)
		}
		v := tomlValue(m[name], vl, vc)
		if hs := pos.arrays[name]; v.kind == kindList && len(hs) == len(v.items) {
			for i, it := range v.items {
				it.line, it.col = at(hs[i])
				for _, f := range it.fields {
					f.line, f.col = it.line, it.col
				}
			}
		}
		root.fields = append(root.fields, &field{key: name, line: fl, col: fc, val: v})
		root.size += v.size
	}
	checkChars(path, src, root, d)
	return root
}

// safeTOMLDecode decodes TOML into a map, turning a panic into an error.
func safeTOMLDecode(data string) (m map[string]any, md toml.MetaData, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	md, err = toml.Decode(data, &m)
	return m, md, err
}

func reportTOMLError(path string, src []byte, start int, data []byte, err error, d *report) {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		line, _ := diag.Position(src, start)
		d.Errorf(path, src, line, 1, 0, "malformed TOML: %s", tidyMessage(err.Error()))
		return
	}
	off := min(max(pe.Position.Start, 0), len(data))
	line, col := diag.Position(src, start+off)
	// A TOML date that is well formed but names no real day
	// (2021-02-30) is said to be so, as in YAML.
	if m := tomlBadDate.FindStringSubmatch(pe.Message); m != nil {
		if _, msg := parseDate(m[1]); msg != "" && !strings.HasSuffix(msg, "want YYYY-MM-DD") {
			d.Errorf(path, src, line, col, max(pe.Position.Len, 1), "%s", msg)
			return
		}
	}
	d.Errorf(path, src, line, col, max(pe.Position.Len, 1), "malformed TOML: %s", tidyMessage(pe.Message))
}

// tomlBadDate matches the TOML decoder's message about a date it refuses.
var tomlBadDate = regexp.MustCompile(`^invalid datetime: "([0-9]{4}-[0-9]{2}-[0-9]{2})"$`)

// tomlValue converts a decoded TOML value; every value inside it gets the
// position line:col.
func tomlValue(x any, line, col int) *value {
	v := &value{line: line, col: col, size: 1}
	switch x := x.(type) {
	case string:
		v.kind, v.scalar, v.text = kindString, x, x
	case int64:
		v.kind, v.scalar = number(x)
		v.text = fmt.Sprint(x)
	case float64:
		v.kind, v.scalar, v.text = kindFloat, x, fmt.Sprint(x)
	case bool:
		v.kind, v.scalar, v.text = kindBool, x, fmt.Sprint(x)
	case time.Time:
		v.kind, v.text = kindDate, tomlTimeText(x)
		v.scalar = v.text
	case []any:
		v.kind = kindList
		for _, it := range x {
			v.items = append(v.items, tomlValue(it, line, col))
		}
	case []map[string]any:
		v.kind = kindList
		for _, it := range x {
			v.items = append(v.items, tomlValue(it, line, col))
		}
	case map[string]any:
		v.kind = kindMap
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			v.fields = append(v.fields, &field{key: k, line: line, col: col, val: tomlValue(x[k], line, col)})
		}
	default:
		v.kind = kindNull
	}
	for _, it := range v.items {
		v.size += it.size
	}
	for _, f := range v.fields {
		v.size += f.val.size
	}
	return v
}

// tomlTimeText formats a TOML date or time the way TOML writes it.
func tomlTimeText(t time.Time) string {
	switch t.Location().String() {
	case "date-local":
		return t.Format("2006-01-02")
	case "datetime-local":
		return t.Format("2006-01-02T15:04:05.999999999")
	case "time-local":
		return t.Format("15:04:05.999999999")
	}
	return t.Format(time.RFC3339Nano)
}
