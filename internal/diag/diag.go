// Package diag records problems found in a briefing book's source files.
//
// Diagnostics are data, not control flow: every stage of the pipeline adds
// what it finds to a shared [List] and carries on, so one run reports every
// problem in the book at once. A diagnostic names the file (slash-separated,
// relative to the site folder), the 1-based line and column of the problem in
// the original file (frontmatter included), and the text of that line, so it
// can be printed the way compilers print errors:
//
//	content/briefs/gsomia.md:12:5: error: unknown brief "gsomai" in wikilink; did you mean "gsomia"?
//	   12 | See [[gsomai]] for the background.
//	      |     ^~~~~~~~~~
//
// Columns count Unicode characters, not bytes, so the caret sits under the
// right character in a terminal.
//
// Paths, messages and source lines hold text from the site: [Print] shows
// control characters, bidirectional overrides and invalid bytes in them as
// escapes (see [Escape]), so that what a site holds cannot drive the
// terminal or print a line that looks like another diagnostic.
package diag

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"
)

// Severity says whether a diagnostic fails the build.
type Severity int

const (
	// Error fails the build: the site is not written.
	Error Severity = iota
	// Warning is printed but does not fail the build.
	Warning
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Diagnostic is one problem at one place in one file.
// Line and Col are 1-based; a zero Line means the problem concerns the whole
// file, and a zero Col means the whole line.
type Diagnostic struct {
	Severity Severity
	Path     string   // file, slash-separated and relative to the site folder
	Line     int      // 1-based line in the original file, 0 if none
	Col      int      // 1-based column in Unicode characters, 0 if none
	Len      int      // length of the offending text in characters, for the underline
	Message  string   // what is wrong, without a trailing period
	LineText string   // the text of line Line, without its newline
	Notes    []string // further explanation, each printed on its own line
	// Suggestion is the name the author may have meant, when the problem
	// is an unknown name (a brief's slug, a domain, a source id, a heading
	// id) and a known one is close: "gsomia" for "gsomai". The message
	// already ends with "; did you mean "gsomia"?"; this is the same name
	// as data, for editors. It names what to write, not a replacement for
	// the underlined text (which may be a whole [[wikilink]]). Empty when
	// there is none.
	Suggestion string
}

// String formats the diagnostic's first line: "path:line:col: error: message".
// Line and column are left out when they are zero. Path and message are
// escaped with [Escape], so the line is safe to print to a terminal.
func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(Escape(d.Path))
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Line)
		if d.Col > 0 {
			fmt.Fprintf(&b, ":%d", d.Col)
		}
	}
	fmt.Fprintf(&b, ": %s: %s", d.Severity, Escape(d.Message))
	return b.String()
}

// List collects diagnostics. It is safe for concurrent use; the zero value is
// an empty list ready to use.
type List struct {
	mu    sync.Mutex
	items []Diagnostic
}

// Add appends d to the list.
func (l *List) Add(d Diagnostic) {
	l.mu.Lock()
	l.items = append(l.items, d)
	l.mu.Unlock()
}

// Errorf adds an error at line:col of path. src is the file's content, used to
// fill in the line text; it may be nil.
func (l *List) Errorf(path string, src []byte, line, col, length int, format string, args ...any) {
	l.Add(New(Error, path, src, line, col, length, fmt.Sprintf(format, args...)))
}

// Warnf adds a warning at line:col of path, like [List.Errorf].
func (l *List) Warnf(path string, src []byte, line, col, length int, format string, args ...any) {
	l.Add(New(Warning, path, src, line, col, length, fmt.Sprintf(format, args...)))
}

// HasErrors reports whether any diagnostic in the list is an error.
func (l *List) HasErrors() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, d := range l.items {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Len returns the number of diagnostics in the list.
func (l *List) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.items)
}

// Sorted returns the diagnostics ordered by path, line, column and message,
// so that output does not depend on the order in which parallel stages ran.
func (l *List) Sorted() []Diagnostic {
	l.mu.Lock()
	out := append([]Diagnostic(nil), l.items...)
	l.mu.Unlock()
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Message < b.Message
	})
	return out
}

// MaxQuotedLine is the length in bytes of the longest source line a
// diagnostic quotes (see [Quote]).
const MaxQuotedLine = 1000

// New builds a diagnostic, taking the line text from src when src is not
// nil and the line is short enough to quote (see [Quote]).
func New(sev Severity, path string, src []byte, line, col, length int, msg string) Diagnostic {
	d := Diagnostic{Severity: sev, Path: path, Line: line, Col: col, Len: length, Message: msg}
	if src != nil && line > 0 {
		d.LineText = Quote(src, line)
	}
	return d
}

// Quote returns line n (1-based) of src as [LineText] does, or "" when
// the line is longer than MaxQuotedLine bytes: a minified file, or
// thousands of links on one line, would otherwise be copied into every
// diagnostic on that line, so that memory and printing time grew with the
// number of problems times the line's length.
func Quote(src []byte, n int) string {
	line, ok := lineBytes(src, n)
	if !ok || len(line) > MaxQuotedLine {
		return ""
	}
	return validUTF8(line)
}

// LineText returns line n (1-based) of src without its line ending, or "" if
// src has fewer lines. Each byte of invalid UTF-8 is replaced by its own
// U+FFFD, so the result prints safely and keeps the columns of [Position].
func LineText(src []byte, n int) string {
	line, _ := lineBytes(src, n)
	return validUTF8(line)
}

// validUTF8 returns line as a string with each byte that is not part of
// valid UTF-8 replaced by its own U+FFFD, so that the quoted line has a
// character for every one [Position] counts and a caret stays under its
// column. strings.ToValidUTF8 would replace a run of such bytes (the
// "\xff\xfe" that starts a UTF-16 file) by one U+FFFD, and every caret
// after the run would sit too far right.
func validUTF8(line []byte) string {
	if utf8.Valid(line) {
		return string(line)
	}
	var b strings.Builder
	b.Grow(len(line) + 8)
	for i := 0; i < len(line); {
		r, n := utf8.DecodeRune(line[i:])
		if r == utf8.RuneError && n == 1 {
			b.WriteRune(utf8.RuneError)
		} else {
			b.Write(line[i : i+n])
		}
		i += n
	}
	return b.String()
}

// lineBytes returns line n (1-based) of src without its line ending, and
// false if src has fewer lines.
func lineBytes(src []byte, n int) ([]byte, bool) {
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(src, '\n')
		if j < 0 {
			return nil, false
		}
		src = src[j+1:]
	}
	if j := bytes.IndexByte(src, '\n'); j >= 0 {
		src = src[:j]
	}
	return bytes.TrimSuffix(src, []byte("\r")), true
}

// Position converts a byte offset in src into a 1-based line and a 1-based
// column counted in Unicode characters. An offset past the end of src gives
// the position just after the last character.
func Position(src []byte, offset int) (line, col int) {
	if offset > len(src) {
		offset = len(src)
	}
	if offset < 0 {
		offset = 0
	}
	before := src[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	start := bytes.LastIndexByte(before, '\n') + 1
	col = utf8.RuneCount(before[start:]) + 1
	return line, col
}

// Print writes the diagnostics to w, each as its first line followed, when
// the line text is known, by the source line and a caret under the column,
// then its notes. It ends with a summary line when there are errors.
//
// Everything taken from the site (paths, messages, which quote titles and
// names, source lines, notes) is escaped with [Escape]: in the quoted
// source line tabs become four spaces and other control characters their
// escapes, and the caret and underline stay under the characters they
// point at.
func Print(w io.Writer, ds []Diagnostic) {
	errs, warns := 0, 0
	for _, d := range ds {
		if d.Severity == Error {
			errs++
		} else {
			warns++
		}
		fmt.Fprintln(w, d.String())
		if d.LineText != "" {
			printLine(w, d)
		}
		for _, n := range d.Notes {
			fmt.Fprintf(w, "  note: %s\n", Escape(n))
		}
	}
	if errs > 0 {
		fmt.Fprintf(w, "%s, %s\n", plural(errs, "error"), plural(warns, "warning"))
	}
}

// maxQuoted is the most terminal columns of a source line Print shows: a
// longer line is cut to a window around the column, marked with "…".
const maxQuoted = 120

// printLine writes d's source line and, when d has a column, a caret under
// it, followed by "~" under the rest of the d.Len characters from there.
func printLine(w io.Writer, d Diagnostic) {
	gutter := fmt.Sprintf("%5d | ", d.Line)
	pieces, widths := quoteLine(d.LineText)
	from, to := window(widths, max(d.Col-1, 0))
	var line strings.Builder
	if from > 0 {
		line.WriteString("…")
	}
	for _, p := range pieces[from:to] {
		line.WriteString(p)
	}
	if to < len(pieces) {
		line.WriteString("…")
	}
	fmt.Fprintf(w, "%s%s\n", gutter, line.String())
	if d.Col <= 0 {
		return
	}
	lead, under := 0, 0
	if from > 0 {
		lead = 1 // the "…"
	}
	limit := d.Col - 1 + d.Len
	if to < len(widths) {
		limit = min(limit, to) // the underline stops at the window's end
	}
	for i := from; i < limit; i++ {
		wd := 1 // past the end of the line
		if i < len(widths) {
			wd = widths[i]
		}
		if i < d.Col-1 {
			lead += wd
		} else {
			under += wd
		}
	}
	pad := strings.Repeat(" ", len(gutter)-2) + "| "
	fmt.Fprintf(w, "%s%s^%s\n", pad, strings.Repeat(" ", lead), strings.Repeat("~", max(under-1, 0)))
}

// window returns the characters [from, to) of a line whose characters
// take widths columns to show: the whole line when it fits in maxQuoted
// columns, else a window of about that many around character at.
func window(widths []int, at int) (from, to int) {
	total := 0
	for _, w := range widths {
		total += w
	}
	if total <= maxQuoted {
		return 0, len(widths)
	}
	at = min(at, len(widths))
	from, to = at, at
	used := 0
	for used < maxQuoted-2 && (from > 0 || to < len(widths)) {
		if from > 0 && (at-from < maxQuoted/3 || to == len(widths)) {
			from--
			used += widths[from]
		} else if to < len(widths) {
			used += widths[to]
			to++
		}
	}
	return from, to
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// ListError is an error made of diagnostics: a problem that stops a stage,
// found at a place in a file (a theme template that does not parse), so
// that it can be printed, with its line and caret, like the book's own
// diagnostics. Diagnostics holds at least one.
type ListError struct {
	Diagnostics []Diagnostic
}

// Error returns the first diagnostic's first line ("path:line:col:
// error: message").
func (e *ListError) Error() string {
	if len(e.Diagnostics) == 0 {
		return "error"
	}
	return e.Diagnostics[0].String()
}
