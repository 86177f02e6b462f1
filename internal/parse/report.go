package parse

import (
	"fmt"

	"github.com/briefbook/briefbook/internal/diag"
)

// Bounds on what the diagnostics of one file may take. Without them a
// file's diagnostics could take memory of the square of its size: a 120 KB
// line of 40,000 bad list items made 40,000 diagnostics that each held the
// line, 4.7 GB in all.
const (
	// maxFileDiags is the number of diagnostics reported about one file's
	// frontmatter, or YAML file; the rest are counted in one more.
	maxFileDiags = 100
	// maxQuotedLine is the length in bytes of the longest line that a
	// diagnostic quotes; a longer line is not quoted (diag.New).
	maxQuotedLine = diag.MaxQuotedLine
)

// report adds the diagnostics about one file to a diag.List, within the
// bounds above. Its methods are those of diag.List that parse uses.
type report struct {
	list    *diag.List
	n       int  // diagnostics added
	dropped int  // diagnostics left out
	errs    bool // some of those left out are errors
}

func newReport(list *diag.List) *report { return &report{list: list} }

// Errorf adds an error at line:col of path, as diag.List.Errorf does.
func (r *report) Errorf(path string, src []byte, line, col, length int, format string, args ...any) {
	r.addf(diag.Error, path, src, line, col, length, format, args)
}

// Warnf adds a warning at line:col of path, as diag.List.Warnf does.
func (r *report) Warnf(path string, src []byte, line, col, length int, format string, args ...any) {
	r.addf(diag.Warning, path, src, line, col, length, format, args)
}

func (r *report) addf(sev diag.Severity, path string, src []byte, line, col, length int, format string, args []any) {
	if r.full(sev) {
		return
	}
	r.add(newDiag(sev, path, src, line, col, length, fmt.Sprintf(format, args...)))
}

// full reports whether the bound on diagnostics is reached, counting one
// of severity sev as left out when it is.
func (r *report) full(sev diag.Severity) bool {
	if r.n < maxFileDiags {
		return false
	}
	r.dropped++
	r.errs = r.errs || sev == diag.Error
	return true
}

func (r *report) add(d diag.Diagnostic) {
	r.n++
	r.list.Add(d)
}

// close adds, when diagnostics were left out, one that counts them.
func (r *report) close(path string) {
	if r.dropped == 0 {
		return
	}
	sev := diag.Warning
	if r.errs {
		sev = diag.Error
	}
	r.list.Add(diag.New(sev, path, nil, 0, 0, 0,
		fmt.Sprintf("%d more problems in this file are not shown: at most %d are reported per file", r.dropped, maxFileDiags)))
}

// newDiag is diag.New (which quotes the line only when it is at most
// diag.MaxQuotedLine bytes long).
func newDiag(sev diag.Severity, path string, src []byte, line, col, length int, msg string) diag.Diagnostic {
	return diag.New(sev, path, src, line, col, length, msg)
}
