package render

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/briefbook/briefbook"
	"github.com/briefbook/briefbook/internal/diag"
)

// TestTemplateLoops checks that templates calling each other with no
// {{if}}, {{range}} or {{with}} around a call of the loop are a parse
// error at that call, when New parses the theme (they would run until
// text/template's depth limit), and that recursion under a condition is
// not.
func TestTemplateLoops(t *testing.T) {
	const header = "templates/partials/header.html"
	for _, c := range []struct {
		name  string
		files fstest.MapFS
		want  string // the error's first line; "" for none
	}{
		{"self call", fstest.MapFS{header: {Data: []byte("{{ define \"header\" }}\n<p>x</p>{{- template \"header\" . }}{{ end }}")}},
			`templates/partials/header.html:2:9: error: template "header" calls itself, with no {{if}}, {{range}} or {{with}} around the call: it would never end`},
		{"two templates", fstest.MapFS{header: {Data: []byte("{{ define \"header\" }}{{ template \"a\" . }}{{ end }}\n{{ define \"a\" }}\n  {{ template \"header\" . }}{{ end }}")}},
			`templates/partials/header.html:3:3: error: template "a" calls itself through "a" → "header" → "a", with no {{if}}, {{range}} or {{with}} around the calls: it would never end`},
		{"block", fstest.MapFS{header: {Data: []byte("{{ define \"header\" }}{{ block \"b\" . }}{{ template \"header\" . }}{{ end }}{{ end }}")}},
			`templates/partials/header.html:1:39: error: template "b" calls itself through "b" → "header" → "b"`},
		// A func that runs a template is a call too (it would overflow the
		// stack, not stop at the depth limit).
		{"chrome", fstest.MapFS{header: {Data: []byte("{{ define \"header\" }}{{ with 1 }}{{ end }}{{ chrome \"header\" . | print }}{{ end }}")}},
			`templates/partials/header.html:1:43: error: template "header" calls itself, with no`},
		{"once in a condition", fstest.MapFS{header: {Data: []byte("{{ define \"header\" }}{{ if (once \"x\" .) }}{{ end }}{{ end }}{{ define \"x\" }}{{ template \"header\" . }}{{ end }}")}},
			`templates/partials/header.html:1:22: error: template "header" calls itself through "header" → "x" → "header"`},
		// The loop runs through the built-in layout.html ("main" is a
		// block of it): the call shown is the site's.
		{"with a built-in template", fstest.MapFS{"templates/brief.html": {Data: []byte("{{ template \"layout\" . }}\n{{ define \"main\" }}<p>{{ template \"layout\" . }}</p>{{ end }}")}},
			`templates/brief.html:2:23: error: template "main" calls itself through "main" → "layout" → "main"`},
		{"under if", fstest.MapFS{header: {Data: []byte("{{ define \"header\" }}{{ if not . }}{{ template \"header\" 1 }}{{ end }}{{ end }}")}}, ""},
		{"under else", fstest.MapFS{header: {Data: []byte("{{ define \"header\" }}{{ if . }}{{ else }}{{ template \"header\" 1 }}{{ end }}{{ end }}")}}, ""},
		{"under range", fstest.MapFS{header: {Data: []byte("{{ define \"header\" }}{{ range .Children }}{{ template \"header\" . }}{{ end }}{{ end }}")}}, ""},
		{"under with", fstest.MapFS{header: {Data: []byte("{{ define \"header\" }}{{ with .Parent }}{{ template \"header\" . }}{{ end }}{{ end }}")}}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := New(Overlay(briefbook.Theme, c.files), fixtureBook().Site)
			if c.want == "" {
				if err != nil {
					t.Fatalf("New error = %v, want none", err)
				}
				return
			}
			var le *diag.ListError
			if !errors.As(err, &le) || len(le.Diagnostics) != 1 {
				t.Fatalf("New error = %#v, want a *diag.ListError", err)
			}
			if got := le.Diagnostics[0].String(); !strings.HasPrefix(got, c.want) {
				t.Errorf("New error = %s\nwant prefix  %s", got, c.want)
			}
		})
	}
}
