package render

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/briefbook/briefbook"
)

// TestUnclosedAction checks that an action left open is found where it
// starts, whether text/template reports it at the next "{{" or at a line
// of text before it, and that a "{{" in a string or comment of an action, or an
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
		// The lexer gives up at a line of text before the next "{{": the
		// "{{" of that line is inside the attribute's quotes, read as a
		// string of the open action, and the first "{{" outside them is
		// lines later.
		{"x\n{{- if ne .Kind \"home\"\n<a href=\"{{ rel \"/\" }}\">{{ .T }}</a>\n{{- end }}\n<ul>\n<li><a href=\"{{ rel .URL }}\">", 3, 2, 0, true},
		{"<p>{{ .A\n\nx\n</p>{{ .B }}", 2, 1, 3, true},
		{"{{ .A\n{{ .B }}\n\n{{ .C", 4, 0, 0, false}, // the line reported is past the "{{" the open action meets
	} {
		l, at, ok := unclosedAction(c.src, c.line)
		if l != c.wantLine || at != c.at || ok != c.ok {
			t.Errorf("unclosedAction(%q, %d) = %d, %d, %v; want %d, %d, %v", c.src, c.line, l, at, ok, c.wantLine, c.at, c.ok)
		}
	}
}

// TestUnclosedActionBeforeText checks the built-in header with the "}}"
// of its line 6 deleted: text/template reports `unexpected "<" in
// operand` on line 7, whose "{{" the open action reads as part of a
// string; the error shows line 6, where the action opens.
func TestUnclosedActionBeforeText(t *testing.T) {
	const name = "templates/partials/header.html"
	src, err := briefbook.Theme.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	if !strings.HasSuffix(lines[5], `"home" }}`) {
		t.Fatalf("line 6 of %s is %q, not an {{if}} this test can open", name, lines[5])
	}
	lines[5] = strings.TrimSuffix(lines[5], " }}")
	_, err = New(Overlay(briefbook.Theme, fstest.MapFS{name: {Data: []byte(strings.Join(lines, "\n"))}}), fixtureBook().Site)
	want := name + ":6:1: error: unclosed action: this {{ has no }}"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("New error = %v, want prefix %q", err, want)
	}
}
