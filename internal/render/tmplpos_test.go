package render

import "testing"

// TestUnclosedAction checks that an action left open is found where it
// starts, and that a "{{" in a string or comment of an action, or an
// action closed later on its own line, is not taken for one.
func TestUnclosedAction(t *testing.T) {
	for _, c := range []struct {
		src      string
		line     int // the line text/template reports
		wantLine int
		at       int
		ok       bool
	}{
		{"<h1>{{ .Title\n{{- with .X }}{{ end }}", 2, 1, 4, true},
		{"a\n<p>{{ .A }} {{ .B\n\n{{ .C }}", 4, 2, 12, true},
		{"<h1>{{ .Title }}</h1>\n{{ .X }", 2, 0, 0, false},
		{"{{ \"{{\" }}\n{{ .Y }}", 2, 0, 0, false},
		{"{{ `a\n{{` }}\n{{ .Y }}", 3, 0, 0, false},
		{"{{/* {{ */}}\n{{ .Y }}", 2, 0, 0, false},
		{"{{ .A\n}}\n{{ .B }}", 3, 0, 0, false},
		{"{{ .A }}\n{{ .B\n{{ .C }}", 1, 0, 0, false}, // the open action comes after the line reported
	} {
		l, at, ok := unclosedAction(c.src, c.line)
		if l != c.wantLine || at != c.at || ok != c.ok {
			t.Errorf("unclosedAction(%q, %d) = %d, %d, %v; want %d, %d, %v", c.src, c.line, l, at, ok, c.wantLine, c.at, c.ok)
		}
	}
}
