package build

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
	"github.com/briefbook/briefbook/internal/site"
)

// CheckSource returns an error unless dir is a folder that holds a
// briefing book: briefbook.yaml, or a content/ folder, or both. The error
// says what was found instead (nothing, a file) and what a book folder
// holds, so that "briefbook build" in the wrong folder, or with --source
// naming a file, does not build an empty site or blame the output folder.
func CheckSource(dir string) error {
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("the source folder %s does not exist", dir)
	case err != nil:
		return err
	case !fi.IsDir():
		return fmt.Errorf("the source %s is a file, not a folder: give the book folder, which holds briefbook.yaml and content/", dir)
	}
	for _, name := range []string{"briefbook.yaml", "content"} {
		if _, err := os.Lstat(filepath.Join(dir, name)); err == nil || !errors.Is(err, fs.ErrNotExist) {
			return nil // present, or there but unreadable: the build says which
		}
	}
	return fmt.Errorf("%s is not a briefing book: it has neither briefbook.yaml nor a content folder; "+
		"a book folder holds briefbook.yaml and content/briefs/*.md "+
		"(run \"briefbook new site DIR\" to start one)", dir)
}

// Diagnostics returns the generation's diagnostics and, unless it has
// errors, the warnings of [BookWarnings] about its book, sorted as
// diag.List sorts them. root is the site folder, to quote lines.
func Diagnostics(gen *site.Generation, today time.Time, root string) []diag.Diagnostic {
	ds := gen.Diagnostics()
	if gen.Errors() > 0 {
		return ds // a brief that did not parse is not a book without briefs
	}
	more := BookWarnings(gen.Book, today, FileReader(root))
	if len(more) == 0 {
		return ds
	}
	var l diag.List
	for _, d := range ds {
		l.Add(d)
	}
	for _, d := range more {
		l.Add(d)
	}
	return l.Sorted()
}

// BookWarnings returns the warnings about a resolved book that its files
// alone cannot give: a book with no briefs to publish, and each brief dated
// after today (a calendar date; the zero time skips this check), which
// would be published and head the feed and the lists. src returns a file's
// content, to quote the date's line; it may return nil.
//
// Future-dated briefs are published, not left out as Hugo and Jekyll do:
// the output never depends on the clock, and a warning is the one thing
// the build reads it for.
func BookWarnings(b *model.Book, today time.Time, src func(path string) []byte) []diag.Diagnostic {
	var out []diag.Diagnostic
	if len(b.Briefs) == 0 {
		out = append(out, diag.New(diag.Warning, "content/briefs", nil, 0, 0, 0,
			"the book has no briefs to publish: add markdown files to content/briefs/ (briefbook new brief TITLE), or build with --drafts to include drafts"))
	}
	if today.IsZero() {
		return out
	}
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	for _, br := range b.Briefs {
		if !br.Date.After(day) {
			continue
		}
		line := br.Line["date"]
		var text []byte
		if src != nil && line > 0 {
			text = src(br.Path)
		}
		col, n := 0, 0
		if line > 0 {
			col, n = 1, len("date")
		}
		out = append(out, diag.New(diag.Warning, br.Path, text, line, col, n,
			fmt.Sprintf("dated %s, after today (%s): it is published now, and heads the feed and the lists", br.Date.Format(time.DateOnly), day.Format(time.DateOnly))))
	}
	return out
}

// FileReader returns a function that reads a file of the site in root by
// its slash-separated path, or returns nil when it cannot.
func FileReader(root string) func(path string) []byte {
	return func(p string) []byte {
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(p)))
		if err != nil {
			return nil
		}
		return b
	}
}
