package parse

import (
	"testing"

	"github.com/briefbook/briefbook/internal/diag"
)

func TestParseFrontmatter(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		required  bool
		format    string
		open      int
		body      string // src[bodyStart:]
		keys      int
		firstLine int // line of the first key
	}{
		{"YAML", "---\ntitle: T\n---\nBody\n", true, "YAML", 1, "Body\n", 1, 2},
		{"TOML", "+++\ntitle = \"T\"\n+++\nBody\n", true, "TOML", 1, "Body\n", 1, 2},
		{"blank lines first", "\n  \n---\na: 1\nb: 2\n---\n", true, "YAML", 3, "", 2, 4},
		{"delimiters with spaces", "---  \na: 1\n  ---\nx", true, "YAML", 1, "x", 1, 2},
		{"closing at end of file", "---\na: 1\n---", true, "YAML", 1, "", 1, 2},
		{"empty", "---\n---\nBody", true, "YAML", 1, "Body", 0, 0},
		{"byte order mark", "\ufeff---\na: 1\n---\nB", true, "YAML", 1, "B", 1, 2},
		{"CRLF", "---\r\na: 1\r\n---\r\nB\r\n", true, "YAML", 1, "B\r\n", 1, 2},
		{"body keeps later rules", "---\na: 1\n---\n---\nx\n", true, "YAML", 1, "---\nx\n", 1, 2},
		{"optional and absent", "Body\n", false, "", 1, "Body\n", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d diag.List
			m, ok := parseFrontmatter("f.md", []byte(tt.src), "a file", tt.required, newReport(&d))
			checkDiags(t, &d, nil)
			if !ok {
				t.Fatal("not ok")
			}
			if m.format != tt.format || m.open != tt.open || tt.src[m.bodyStart:] != tt.body || len(m.root.fields) != tt.keys {
				t.Errorf("got format %q open %d body %q keys %d, want %q %d %q %d",
					m.format, m.open, tt.src[m.bodyStart:], len(m.root.fields), tt.format, tt.open, tt.body, tt.keys)
			}
			if tt.keys > 0 && m.root.fields[0].line != tt.firstLine {
				t.Errorf("first key on line %d, want %d", m.root.fields[0].line, tt.firstLine)
			}
		})
	}
}

func TestTOMLPositions(t *testing.T) {
	src := "+++\n# comment with = sign\ntitle = \"\"\"\nmulti = line\n\"\"\"\n  date   =   2021-04-06\narr = [\n  1,\n  \"]\",\n]\n'quoted key' = 1\n[params]\nx = 1\n+++\n"
	var d diag.List
	m, ok := parseFrontmatter("f.md", []byte(src), "a file", true, newReport(&d))
	checkDiags(t, &d, nil)
	if !ok {
		t.Fatal("not ok")
	}
	want := map[string][4]int{ // key line, col, value line, col
		"title":      {3, 1, 3, 9},
		"date":       {6, 3, 6, 14},
		"arr":        {7, 1, 7, 7},
		"quoted key": {11, 1, 11, 16},
		"params":     {12, 1, 12, 1},
	}
	for _, f := range m.root.fields {
		w, ok := want[f.key]
		if !ok {
			t.Errorf("unexpected key %q", f.key)
			continue
		}
		if got := [4]int{f.line, f.col, f.val.line, f.val.col}; got != w {
			t.Errorf("%s: got %v, want %v", f.key, got, w)
		}
		delete(want, f.key)
	}
	if len(want) > 0 {
		t.Errorf("keys not found: %v", want)
	}
}

func TestBodyPositions(t *testing.T) {
	var d diag.List
	b := Brief("content/briefs/x.md", []byte("---\ntitle: T\ndate: 2021-04-06\ndomain: x\n---\n\nSee [[other]].\n"), &d)
	checkDiags(t, &d, nil)
	if len(b.Refs) != 1 || b.Refs[0].Target != "other" || b.Refs[0].Line != 7 || b.Refs[0].Col != 5 {
		t.Errorf("Refs = %+v, want one to \"other\" at 7:5", b.Refs)
	}
}
