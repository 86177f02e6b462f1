package diag

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// formatCases are diagnostics of every shape, and the line each format
// writes for them (with dir "book").
var formatCases = []struct {
	name         string
	d            Diagnostic
	json, github string
}{
	{
		"suggestion",
		Diagnostic{Severity: Error, Path: "content/briefs/a.md", Line: 12, Col: 5, Len: 10,
			Message: `unknown brief "gsomai" in wikilink; did you mean "gsomia"?`, Suggestion: "gsomia"},
		`{"file":"book/content/briefs/a.md","line":12,"column":5,"endColumn":15,"severity":"error","message":"unknown brief \"gsomai\" in wikilink; did you mean \"gsomia\"?","suggestion":"gsomia"}`,
		`::error file=book/content/briefs/a.md,line=12,col=5,endColumn=15::unknown brief "gsomai" in wikilink; did you mean "gsomia"?`,
	},
	{
		"warning at a column, no length",
		Diagnostic{Severity: Warning, Path: "content/briefs/a.md", Line: 5, Col: 1, Message: `actor "Nobody" has no profile (content/actors/nobody.md)`},
		`{"file":"book/content/briefs/a.md","line":5,"column":1,"severity":"warning","message":"actor \"Nobody\" has no profile (content/actors/nobody.md)"}`,
		`::warning file=book/content/briefs/a.md,line=5,col=1::actor "Nobody" has no profile (content/actors/nobody.md)`,
	},
	{
		"whole line, length ignored",
		Diagnostic{Severity: Error, Path: "content/sources.yaml", Line: 3, Len: 4, Message: "m"},
		`{"file":"book/content/sources.yaml","line":3,"column":0,"severity":"error","message":"m"}`,
		`::error file=book/content/sources.yaml,line=3::m`,
	},
	{
		"whole file, with notes",
		Diagnostic{Severity: Error, Path: "content/briefs/x.md", Message: "links to draft brief \"d\"",
			Notes: []string{"drafts are built only with --drafts", "100% sure"}},
		`{"file":"book/content/briefs/x.md","line":0,"column":0,"severity":"error","message":"links to draft brief \"d\"","notes":["drafts are built only with --drafts","100% sure"]}`,
		`::error file=book/content/briefs/x.md::links to draft brief "d"%0Anote: drafts are built only with --drafts%0Anote: 100%25 sure`,
	},
	{
		"hostile path and message",
		Diagnostic{Severity: Error, Path: "content/briefs/a,b:c%\n::error file=x::forged.md", Line: 1, Col: 2, Len: 1,
			Message: "title \"\x1b]0;x\x07\u202eevil\u009b<b>&\" 50%\r\n::warning::forged"},
		`{"file":"book/content/briefs/a,b:c%\n::error file=x::forged.md","line":1,"column":2,"endColumn":3,"severity":"error","message":"title \"\u001b]0;x\u0007\u202eevil\u009b<b>&\" 50%\r\n::warning::forged"}`,
		`::error file=book/content/briefs/a%2Cb%3Ac%25\n%3A%3Aerror file=x%3A%3Aforged.md,line=1,col=2,endColumn=3::title "\x1b]0;x\x07\u202eevil\u009b<b>&" 50%25\r\n::warning::forged`,
	},
}

// TestWriteJSON checks the exact line for each diagnostic, and that each
// line reads back as the diagnostic's own text.
func TestWriteJSON(t *testing.T) {
	for _, tt := range formatCases {
		var b bytes.Buffer
		if err := WriteJSON(&b, []Diagnostic{tt.d}, "book"); err != nil {
			t.Fatal(err)
		}
		if got := b.String(); got != tt.json+"\n" {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.json)
		}
		var back jsonDiagnostic
		if err := json.Unmarshal(b.Bytes(), &back); err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
		if back.Message != tt.d.Message || back.File != "book/"+tt.d.Path || back.Suggestion != tt.d.Suggestion {
			t.Errorf("%s: read back %+v", tt.name, back)
		}
	}
}

// TestWriteGitHub checks the exact command for each diagnostic: one line,
// with nothing from the site able to end it or start another.
func TestWriteGitHub(t *testing.T) {
	for _, tt := range formatCases {
		var b bytes.Buffer
		if err := WriteGitHub(&b, []Diagnostic{tt.d}, "book"); err != nil {
			t.Fatal(err)
		}
		if got := b.String(); got != tt.github+"\n" {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.github)
		}
		if strings.Count(b.String(), "\n") != 1 || strings.ContainsAny(b.String(), "\r\x1b\u202e\u009b") {
			t.Errorf("%s: more than one line, or a raw control character: %q", tt.name, b.String())
		}
	}
}

// TestFormatsMany checks that several diagnostics give one line each, in
// order, and none gives nothing.
func TestFormatsMany(t *testing.T) {
	var ds []Diagnostic
	for _, tt := range formatCases {
		ds = append(ds, tt.d)
	}
	for name, write := range map[string]func(*bytes.Buffer, []Diagnostic) error{
		"json":   func(b *bytes.Buffer, ds []Diagnostic) error { return WriteJSON(b, ds, "book") },
		"github": func(b *bytes.Buffer, ds []Diagnostic) error { return WriteGitHub(b, ds, "book") },
	} {
		var b bytes.Buffer
		if err := write(&b, ds); err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(b.String(), "\n"); n != len(ds) {
			t.Errorf("%s: %d lines for %d diagnostics", name, n, len(ds))
		}
		b.Reset()
		if err := write(&b, nil); err != nil || b.Len() != 0 {
			t.Errorf("%s: no diagnostics wrote %q, %v", name, b.String(), err)
		}
	}
}

// TestJSONInvalidUTF8 checks that bytes that are not UTF-8 do not make
// invalid JSON.
func TestJSONInvalidUTF8(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSON(&b, []Diagnostic{{Path: "content/briefs/\xff.md", Message: "caf\xe9"}}, ""); err != nil {
		t.Fatal(err)
	}
	want := `{"file":"content/briefs/\ufffd.md","line":0,"column":0,"severity":"error","message":"caf\ufffd"}` + "\n"
	if b.String() != want {
		t.Errorf("got  %s\nwant %s", b.String(), want)
	}
	if !json.Valid(b.Bytes()) {
		t.Errorf("invalid JSON")
	}
}

func TestUnder(t *testing.T) {
	tests := []struct{ dir, p, want string }{
		{"", "content/a.md", "content/a.md"},
		{".", "content/a.md", "content/a.md"},
		{"./", "content/a.md", "content/a.md"},
		{"book", "content/a.md", "book/content/a.md"},
		{"book/", "content/a.md", "book/content/a.md"},
		{"../book", "content/a.md", "../book/content/a.md"},
		{"link/..", "content/a.md", "link/../content/a.md"},
		{"/abs/book", "content/a.md", "/abs/book/content/a.md"},
		{"/", "content/a.md", "/content/a.md"},
		{"book", "", "book"},
	}
	for _, tt := range tests {
		if got := Under(tt.dir, tt.p); got != tt.want {
			t.Errorf("Under(%q, %q) = %q, want %q", tt.dir, tt.p, got, tt.want)
		}
	}
}
