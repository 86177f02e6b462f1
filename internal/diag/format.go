package diag

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// jsonDiagnostic is a diagnostic as [WriteJSON] writes it.
type jsonDiagnostic struct {
	File       string   `json:"file"`
	Line       int      `json:"line"`
	Column     int      `json:"column"`
	EndColumn  int      `json:"endColumn,omitempty"`
	Severity   string   `json:"severity"`
	Message    string   `json:"message"`
	Suggestion string   `json:"suggestion,omitempty"`
	Notes      []string `json:"notes,omitempty"`
}

// WriteJSON writes each diagnostic as one JSON object on a line of its
// own (JSON Lines), for editors:
//
//	{"file":"content/briefs/a.md","line":12,"column":5,"endColumn":15,"severity":"error","message":"unknown brief \"gsomai\" in wikilink; did you mean \"gsomia\"?","suggestion":"gsomia"}
//
// file is the diagnostic's path under dir (see [Under]); line and column
// are 1-based, column counting Unicode characters, and 0 when the problem
// concerns the whole file or line; endColumn, present when the problem
// covers some text, is the column just after it (Col + Len); severity is
// "error" or "warning"; suggestion and notes are present when the
// diagnostic has them. Strings hold the site's text as it is, except that
// characters that could act on a terminal (see [Escape]) are written as
// \u escapes, which JSON readers turn back into the same characters, and
// bytes that are not valid UTF-8 become U+FFFD.
func WriteJSON(w io.Writer, ds []Diagnostic, dir string) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, d := range ds {
		j := jsonDiagnostic{
			File: Under(dir, d.Path), Line: d.Line, Column: d.Col,
			Severity: d.Severity.String(), Message: d.Message,
			Suggestion: d.Suggestion, Notes: d.Notes,
		}
		if d.Col > 0 && d.Len > 0 {
			j.EndColumn = d.Col + d.Len
		}
		buf.Reset()
		if err := enc.Encode(j); err != nil {
			return err
		}
		if _, err := w.Write(jsonSafe(buf.Bytes())); err != nil {
			return err
		}
	}
	return nil
}

// jsonSafe returns b, JSON written by encoding/json, with DEL, the C1
// control characters and the bidirectional controls written as \u
// escapes. encoding/json already escapes C0 control characters and the
// line and paragraph separators. Those characters only occur inside
// strings, where the escape means the same character.
func jsonSafe(b []byte) []byte {
	var out []byte
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == 0x7f || r >= 0x80 && r <= 0x9f || bidiControl(r) {
			if out == nil {
				out = append(make([]byte, 0, len(b)+12), b[:i]...)
			}
			out = fmt.Appendf(out, `\u%04x`, r)
		} else if out != nil {
			out = append(out, b[i:i+n]...)
		}
		i += n
	}
	if out == nil {
		return b
	}
	return out
}

// WriteGitHub writes each diagnostic as a GitHub Actions workflow command,
// so that a pull request shows it as an annotation on its line:
//
//	::error file=content/briefs/a.md,line=12,col=5,endColumn=15::unknown brief "gsomai" in wikilink; did you mean "gsomia"?
//
// A warning is a ::warning command. file is the diagnostic's path under
// dir (see [Under]), which should be the site folder relative to the
// repository's root; line, col and endColumn (the column just after the
// problem's text) are left out when not known. The notes follow the
// message on lines of their own. Paths, messages and notes are escaped
// with [Escape], then as the workflow-command syntax requires: "%", CR
// and LF in the message as %25, %0D and %0A, and also "," and ":" in
// properties as %2C and %3A, so that no text from the site can end a
// command or start another.
func WriteGitHub(w io.Writer, ds []Diagnostic, dir string) error {
	var b strings.Builder
	for _, d := range ds {
		b.Reset()
		fmt.Fprintf(&b, "::%s file=%s", d.Severity, githubProperty(Escape(Under(dir, d.Path))))
		if d.Line > 0 {
			fmt.Fprintf(&b, ",line=%d", d.Line)
			if d.Col > 0 {
				fmt.Fprintf(&b, ",col=%d", d.Col)
				if d.Len > 0 {
					fmt.Fprintf(&b, ",endColumn=%d", d.Col+d.Len)
				}
			}
		}
		msg := Escape(d.Message)
		for _, n := range d.Notes {
			msg += "\nnote: " + Escape(n)
		}
		fmt.Fprintf(&b, "::%s\n", githubData(msg))
		if _, err := io.WriteString(w, b.String()); err != nil {
			return err
		}
	}
	return nil
}

// githubData escapes s for the data of a workflow command (after "::").
func githubData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// githubProperty escapes s for the value of a workflow command's property.
func githubProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// Under returns p, a diagnostic's path relative to the site folder, as a
// path relative to the folder that dir, the site folder, is relative to:
// dir and p joined with "/", or p alone when dir is "" or ".". So an
// editor or GitHub, working in the folder where briefbook runs, finds the
// file of "briefbook check --source book". dir is not cleaned: "link/.."
// is not "." when link is a symbolic link.
func Under(dir, p string) string {
	dir = filepath.ToSlash(dir)
	switch {
	case dir == "" || dir == "." || dir == "./":
		return p
	case p == "":
		return dir
	}
	return strings.TrimSuffix(dir, "/") + "/" + p
}
