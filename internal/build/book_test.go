package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/briefbook/briefbook/internal/model"
)

// TestCheckSource lists folders that are and are not books (issue 10: an
// empty folder built "0 briefs, 9 pages" and exited 0).
func TestCheckSource(t *testing.T) {
	root := t.TempDir()
	mk := func(name string, files ...string) string {
		dir := filepath.Join(root, name)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			p := filepath.Join(dir, f)
			if strings.HasSuffix(f, "/") {
				if err := os.MkdirAll(p, 0o755); err != nil {
					t.Fatal(err)
				}
				continue
			}
			if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return dir
	}
	for _, tc := range []struct {
		dir  string
		want string // "" when accepted
	}{
		{mk("empty"), "has neither briefbook.yaml nor a content folder"},
		{mk("readme", "README.md"), "run \"briefbook new site DIR\" to start one"},
		{mk("yaml", "briefbook.yaml"), ""},
		{mk("content", "content/"), ""},
		{filepath.Join(mk("file", "README.md"), "README.md"), "is a file, not a folder"},
		{filepath.Join(root, "missing"), "does not exist"},
	} {
		err := CheckSource(tc.dir)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("CheckSource(%s) = %v, want it accepted", tc.dir, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("CheckSource(%s) = %v, want an error saying %q", tc.dir, err, tc.want)
		}
	}
}

// TestBookWarnings checks the warnings about a whole book: none for a
// brief dated today, one for a brief dated tomorrow, at its date line;
// none without a day; one for a book without briefs.
func TestBookWarnings(t *testing.T) {
	today := time.Date(2021, 5, 1, 23, 59, 0, 0, time.FixedZone("KST", 9*3600))
	brief := func(date string) *model.Brief {
		d, _ := time.Parse(time.DateOnly, date)
		return &model.Brief{Doc: model.Doc{Path: "content/briefs/" + date + ".md"}, Date: d, Line: map[string]int{"date": 3}}
	}
	b := &model.Book{Briefs: []*model.Brief{brief("2021-05-02"), brief("2021-05-01"), brief("2020-01-01")}}
	ds := BookWarnings(b, today, nil)
	if len(ds) != 1 || ds[0].String() != "content/briefs/2021-05-02.md:3:1: warning: dated 2021-05-02, after today (2021-05-01): it is published now, and heads the feed and the lists" {
		t.Errorf("BookWarnings = %v", ds)
	}
	if ds := BookWarnings(b, time.Time{}, nil); len(ds) != 0 {
		t.Errorf("without a day: %v", ds)
	}
	ds = BookWarnings(&model.Book{}, today, nil)
	if len(ds) != 1 || !strings.Contains(ds[0].Message, "the book has no briefs to publish") {
		t.Errorf("no briefs: %v", ds)
	}
}
