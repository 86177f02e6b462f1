package scaffold

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
	"github.com/briefbook/briefbook/internal/parse"
	"github.com/briefbook/briefbook/internal/site"
	"github.com/briefbook/briefbook/internal/slug"
)

var day = time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)

// hardTitles are titles that YAML would misread if written plainly, and
// titles in other scripts.
var hardTitles = []string{
	"Plain title",
	`He said "no"`,
	`It's 'quoted'`,
	`Back\slash \n not a newline`,
	"Key: value",
	"a:b",
	"# Not a comment",
	"Title # with a hash",
	"- Leading dash",
	"- 1",
	"--- three dashes",
	"... 2",
	"? question",
	"[in brackets]",
	"{in: braces}",
	"&anchor *alias !tag %directive @at `tick` |pipe >fold",
	"yes",
	"null",
	"~ 3",
	"1e3",
	"0x1F",
	"2021-04-06",
	" leading and trailing spaces ",
	"한일 정보보호협정",
	"日韓秘密軍事情報保護協定",
	"Café, naïve façade",
	"Cafe\u0301 decomposed",
	"مرحبا بالعالم",
	"emoji 👍🏽 and ZWJ 👩\u200d💻",
	"line\nbreak",
	"tab\there",
	"carriage\rreturn",
	"bidi \u202eevil\u202c override",
	"separators \u2028 and \u2029",
	"BOM \ufeff inside",
	"private use \ue000 and astral \U0001F600",
	"trailing backslash \\",
	"\" 4",
}

// forbiddenTitles hold characters HTML and XML forbid, which briefbook
// refuses wherever they are (issue 10), so new brief refuses them too.
var forbiddenTitles = []string{
	"escape \x1b[31m red",
	"NUL \x00 byte",
	"DEL \x7f and C1 \u0085 \u009b",
	"noncharacters \ufffe \uffff",
}

// TestForbiddenTitles checks that new brief refuses a title or list value
// holding a character HTML and XML forbid, naming it.
func TestForbiddenTitles(t *testing.T) {
	for _, s := range forbiddenTitles {
		for _, b := range []Brief{{Title: s, Date: day, Domains: []string{"d"}}, {Title: "T", Date: day, Domains: []string{"d"}, Actors: []string{s}}} {
			if _, err := NewBrief(b); err == nil || !strings.Contains(err.Error(), "which HTML and XML forbid") {
				t.Errorf("NewBrief(%+v) = %v, want an error about the character", b, err)
			}
		}
	}
}

// TestQuoteRoundTrip writes a brief with each hard title, and hard values
// in every list, and checks that parse.Brief reads them back unchanged,
// with no diagnostic.
func TestQuoteRoundTrip(t *testing.T) {
	for _, title := range hardTitles {
		t.Run(title, func(t *testing.T) {
			b := Brief{
				Title:   title,
				Date:    day,
				Domains: []string{title, "cyber"},
				Actors:  []string{title, "South Korea"},
				Sources: []string{title, "a-2021"},
			}
			f, err := NewBrief(b)
			if err != nil {
				t.Fatal(err)
			}
			var d diag.List
			got := parse.Brief(f.Path, f.Data, &d)
			if d.Len() > 0 {
				t.Fatalf("diagnostics for\n%s\n%v", f.Data, d.Sorted())
			}
			if got.Title != title {
				t.Errorf("title = %q, want %q\n%s", got.Title, title, f.Data)
			}
			if !slices.Equal(got.Domains, b.Domains) || !slices.Equal(got.Actors, b.Actors) {
				t.Errorf("domains %q actors %q, want %q %q", got.Domains, got.Actors, b.Domains, b.Actors)
			}
			if ids := sourceIDs(got.Sources); !slices.Equal(ids, b.Sources) {
				t.Errorf("sources %q, want %q", ids, b.Sources)
			}
			if got.Slug != slug.Make(title) || f.Path != "content/briefs/"+slug.Make(title)+".md" {
				t.Errorf("path %s, slug %q; want the slug %q", f.Path, got.Slug, slug.Make(title))
			}
			if !got.Draft || !got.Date.Equal(day) {
				t.Errorf("draft %v, date %v; want a draft dated %v", got.Draft, got.Date, day)
			}
			if !utf8.Valid(f.Data) || strings.ContainsAny(string(f.Data), "\x00\x1b\u202e\u2028\u0085") {
				t.Errorf("the file holds a character it should escape:\n%q", f.Data)
			}
		})
	}
}

func sourceIDs(refs []model.SourceRef) []string {
	var ids []string
	for _, r := range refs {
		ids = append(ids, r.ID)
	}
	return ids
}

// TestQuote checks that Quote writes letters of any script as they are
// and escapes only what it must.
func TestQuote(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Plain", `"Plain"`},
		{"한일 정보보호협정", `"한일 정보보호협정"`},
		{"emoji 👍🏽", `"emoji 👍🏽"`},
		{`a "b" \c`, `"a \"b\" \\c"`},
		{"a: b # c", `"a: b # c"`},
		{"t\tn\nr\re\x1b", `"t\tn\nr\re\e"`},
		{"\x00\x7f\u0085\u009b", `"\x00\x7F\N\x9B"`},
		{"\u2028\u2029\ufeff\u202e", `"\L\P\uFEFF\u202E"`},
		{"", `""`},
	}
	for _, tt := range tests {
		if got := Quote(tt.in); got != tt.want {
			t.Errorf("Quote(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

// TestNewBriefFile checks the whole file new brief writes.
func TestNewBriefFile(t *testing.T) {
	f, err := NewBrief(Brief{
		Title: "GSOMIA: what's next?", Date: day,
		Domains: []string{"intelligence-sharing"}, Actors: []string{"Japan", "South Korea"},
		Sources: []string{"gsomia-2016"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `---
title: "GSOMIA: what's next?"
date: 2026-11-30
summary: ""
authors: []
domain: ["intelligence-sharing"]
actors: ["Japan", "South Korea"]
sources: ["gsomia-2016"]
draft: true
---

`
	if f.Path != "content/briefs/gsomia-what-s-next.md" || string(f.Data) != want {
		t.Errorf("got %s:\n%s\nwant content/briefs/gsomia-what-s-next.md:\n%s", f.Path, f.Data, want)
	}
}

// TestNewBriefNoLists checks a brief with no domain, actor or source: its
// lists are empty, and the only problem parse finds is the missing domain.
func TestNewBriefNoLists(t *testing.T) {
	f, err := NewBrief(Brief{Title: "T", Date: day})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(f.Data), "\ndomain: []\nactors: []\nsources: []\n") {
		t.Errorf("lists not empty:\n%s", f.Data)
	}
	var d diag.List
	parse.Brief(f.Path, f.Data, &d)
	ds := d.Sorted()
	if len(ds) != 1 || !strings.Contains(ds[0].Message, "domain") {
		t.Errorf("diagnostics %v, want one about the missing domain", ds)
	}
}

// TestProfiles checks that actor and domain profiles read back with their
// names, aliases and titles, whatever they hold.
func TestProfiles(t *testing.T) {
	for _, name := range hardTitles {
		t.Run(name, func(t *testing.T) {
			aliases := []string{name + " alias", "ROK"}
			f, err := NewActor(name, aliases)
			if err != nil {
				t.Fatal(err)
			}
			var d diag.List
			a := parse.Actor(f.Path, f.Data, &d)
			if d.Len() > 0 || a.Name != name || !slices.Equal(a.Aliases, aliases) || a.Slug != slug.Make(name) ||
				f.Path != "content/actors/"+slug.Make(name)+".md" {
				t.Errorf("actor %s: %+v, diagnostics %v\n%s", f.Path, a, d.Sorted(), f.Data)
			}
			f, err = NewDomain(name)
			if err != nil {
				t.Fatal(err)
			}
			dm := parse.Domain(f.Path, f.Data, &d)
			if d.Len() > 0 || dm.Title != name || dm.Slug != slug.Make(name) ||
				f.Path != "content/domains/"+slug.Make(name)+".md" {
				t.Errorf("domain %s: %+v, diagnostics %v\n%s", f.Path, dm, d.Sorted(), f.Data)
			}
		})
	}
}

// TestNewErrors checks the values that new refuses, each with its reason.
func TestNewErrors(t *testing.T) {
	long := strings.Repeat("한", 85) // 255 bytes, 258 with ".md"
	tests := []struct {
		name string
		err  func() error
		want string
	}{
		{"empty title", func() error { _, err := NewBrief(Brief{Title: " "}); return err }, "title is empty"},
		{"no slug", func() error { _, err := NewBrief(Brief{Title: "!!!"}); return err }, `title "!!!" has no letters or digits`},
		{"invalid UTF-8", func() error { _, err := NewBrief(Brief{Title: "a\xff"}); return err }, `title "a\xff" is not valid UTF-8`},
		{"too long", func() error { _, err := NewBrief(Brief{Title: long}); return err }, "the title is too long: its file name would be 258 bytes long"},
		{"not too long", func() error { _, err := NewBrief(Brief{Title: long[3:]}); return err }, ""},
		{"domain without slug", func() error {
			_, err := NewBrief(Brief{Title: "T", Domains: []string{"?"}})
			return err
		}, `domain "?" has no letters or digits`},
		{"empty actor", func() error { _, err := NewBrief(Brief{Title: "T", Actors: []string{""}}); return err }, "actor is empty"},
		{"empty source", func() error { _, err := NewBrief(Brief{Title: "T", Sources: []string{"\t"}}); return err }, "source id is empty"},
		{"source id without slug is fine", func() error {
			_, err := NewBrief(Brief{Title: "T", Sources: []string{"?"}})
			return err
		}, ""},
		{"actor name", func() error { _, err := NewActor("--", nil); return err }, `name "--" has no letters or digits`},
		{"empty alias", func() error { _, err := NewActor("A", []string{""}); return err }, "alias is empty"},
		{"domain title", func() error { _, err := NewDomain(""); return err }, "title is empty"},
	}
	for _, tt := range tests {
		err := tt.err()
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: unexpected error %v", tt.name, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: error %v, want one saying %q", tt.name, err, tt.want)
		}
	}
}

// TestWrite checks that Write makes the folders it needs and refuses,
// writing nothing, when any of its files exists in any form.
func TestWrite(t *testing.T) {
	root := t.TempDir()
	a := File{Path: "content/briefs/a.md", Data: []byte("A")}
	b := File{Path: "content/briefs/b.md", Data: []byte("B")}
	if err := Write(root, []File{a}); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(filepath.Join(root, "content/briefs/a.md")); err != nil || string(got) != "A" {
		t.Fatalf("a.md = %q, %v", got, err)
	}
	// a exists: neither a nor b is written.
	a.Data = []byte("changed")
	err := Write(root, []File{b, a})
	if !errors.Is(err, ErrExists) || !strings.Contains(err.Error(), filepath.Join(root, "content/briefs/a.md")+" already exists") {
		t.Errorf("error %v, want one naming a.md as existing", err)
	}
	if got, _ := os.ReadFile(filepath.Join(root, "content/briefs/a.md")); string(got) != "A" {
		t.Errorf("a.md was overwritten: %q", got)
	}
	if _, err := os.Lstat(filepath.Join(root, "content/briefs/b.md")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("b.md was written though a.md exists")
	}
	// A dangling symbolic link, or a folder, is there too.
	if err := os.Symlink("nowhere", filepath.Join(root, "content/briefs/link.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(root, "content/briefs/dir.md"), 0o777); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"link.md", "dir.md"} {
		if err := Write(root, []File{{Path: "content/briefs/" + name}}); !errors.Is(err, ErrExists) {
			t.Errorf("%s: error %v, want ErrExists", name, err)
		}
	}
	if target, _ := os.Readlink(filepath.Join(root, "content/briefs/link.md")); target != "nowhere" {
		t.Errorf("link changed to %q", target)
	}
	if _, err := os.Lstat(filepath.Join(root, "content/briefs/nowhere")); err == nil {
		t.Errorf("written through the dangling link")
	}
}

// TestWriteOutside checks that Write does not follow a symbolic link out of
// the site folder.
func TestWriteOutside(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	if err := os.Mkdir(filepath.Join(root, "content"), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(root, "content/briefs")); err != nil {
		t.Fatal(err)
	}
	if err := Write(root, []File{{Path: "content/briefs/a.md", Data: []byte("A")}}); err == nil {
		t.Errorf("wrote through a link out of the site folder")
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Errorf("wrote %v outside the site folder", entries)
	}
}

// TestWriteSite checks that new site writes into a new or empty folder
// only.
func TestWriteSite(t *testing.T) {
	tmp := t.TempDir()
	files := Site(day)
	if err := WriteSite(filepath.Join(tmp, "new/book"), files); err != nil {
		t.Errorf("new folder: %v", err)
	}
	if err := os.Mkdir(filepath.Join(tmp, "empty"), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := WriteSite(filepath.Join(tmp, "empty"), files); err != nil {
		t.Errorf("empty folder: %v", err)
	}
	if err := os.Mkdir(filepath.Join(tmp, "hidden"), 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tmp, "hidden/.git"), nil, 0o666); err != nil {
		t.Fatal(err)
	}
	err := WriteSite(filepath.Join(tmp, "hidden"), files)
	if err == nil || !strings.Contains(err.Error(), "is not empty") {
		t.Errorf("non-empty folder: error %v, want a refusal", err)
	}
	if entries, _ := os.ReadDir(filepath.Join(tmp, "hidden")); len(entries) != 1 {
		t.Errorf("wrote into a non-empty folder: %v", entries)
	}
	if err := WriteSite(filepath.Join(tmp, "hidden/.git"), files); err == nil {
		t.Errorf("wrote into a file")
	}
}

// TestSiteBuilds checks that the sample book has no diagnostic at all,
// with and without drafts, and has what new site promises.
func TestSiteBuilds(t *testing.T) {
	root := t.TempDir()
	if err := WriteSite(root, Site(day)); err != nil {
		t.Fatal(err)
	}
	for _, drafts := range []bool{false, true} {
		s, gen, err := site.Open(context.Background(), root, site.Options{Drafts: drafts})
		if err != nil {
			t.Fatal(err)
		}
		if ds := gen.Diagnostics(); len(ds) > 0 {
			t.Errorf("diagnostics: %v", ds)
		}
		b := gen.Book.BriefBySlug["example-brief"]
		if b == nil || len(gen.Book.Briefs) != 1 || len(b.References) != 1 || !b.References[0].Cited ||
			len(b.ActorList) != 1 || !b.ActorList[0].Profile || len(b.DomainList) != 1 || !b.DomainList[0].Profile {
			t.Errorf("the sample book is not one brief citing one source, with a profiled actor and domain")
		}
		s.Close()
	}
}
