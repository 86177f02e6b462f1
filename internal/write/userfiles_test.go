package write

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// build writes samplePages(n, version) and sampleStatic to out with Site,
// failing the test on an error, and returns the warnings.
func build(t *testing.T, out string, n int, version string) []string {
	t.Helper()
	var warnings []string
	if err := siteOf(context.Background(), out, samplePages(n, version), sampleStatic, func(w string) { warnings = append(warnings, w) }); err != nil {
		t.Fatal(err)
	}
	return warnings
}

// userTree is what a user adds to an output folder in the tests: a GitHub
// Pages checkout's files, notes in a generated folder and in one the next
// build no longer makes, a symbolic link and a read-only folder.
var userTree = map[string]string{
	"thesis.txt":                "my thesis",
	"CNAME":                     "book.example.org",
	".nojekyll":                 "",
	".git/HEAD":                 "ref: refs/heads/gh-pages\n",
	".git/objects/ab/cdef":      "\x78\x01blob",
	".git/refs/heads/gh-pages":  "0123456789abcdef\n",
	".git/empty/":               "",
	"briefs/b000/notes.txt":     "notes beside a generated page",
	"briefs/b004/notes.txt":     "notes in a folder the next build does not make",
	"img/mine/photo.jpg":        "\xff\xd8\xff photo",
	"ro/readonly.txt":           "in a read-only folder",
	".well-known/security.txt":  "Contact: me",
	"deep/er/and/deeper/x.html": "<p>mine</p>",
}

// addUserTree adds userTree to out, plus a symbolic link and a read-only
// folder, and returns the snapshot of every user entry (see entryHash).
func addUserTree(t *testing.T, out string) map[string]string {
	t.Helper()
	writeTree(t, out, userTree)
	if err := os.Symlink("thesis.txt", filepath.Join(out, "link-to-thesis")); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(out, "ro"), 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(filepath.Join(out, "ro"), 0o755) })
	if err := os.Chmod(filepath.Join(out, ".git/HEAD"), 0o600); err != nil {
		t.Fatal(err)
	}
	return userSnapshot(t, out)
}

// userSnapshot returns, for every entry of userTree and the symbolic link,
// its type, permissions, content or target, and inode.
func userSnapshot(t *testing.T, out string) map[string]string {
	t.Helper()
	snap := map[string]string{}
	names := []string{"link-to-thesis", "ro", ".git", ".git/objects", ".git/objects/ab"}
	for name := range userTree {
		names = append(names, strings.TrimSuffix(name, "/"))
	}
	for _, name := range names {
		p := filepath.Join(out, filepath.FromSlash(name))
		fi, err := os.Lstat(p)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		s := fi.Mode().String()
		switch {
		case fi.Mode().IsRegular():
			s += " " + readFile(t, p) + " " + inode(fi)
		case fi.Mode()&os.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			s += " -> " + target
		case fi.IsDir():
			s += " " + fi.ModTime().String()
		}
		snap[name] = s
	}
	return snap
}

// TestUserFilesCarriedOver checks that what a user adds to an output folder
// survives every rebuild unchanged, hard-linked rather than copied, with
// nothing left beside the output.
func TestUserFilesCarriedOver(t *testing.T) {
	for _, exch := range []bool{true, false} {
		t.Run(map[bool]string{true: "exchange", false: "renames"}[exch], func(t *testing.T) {
			defer func(old bool) { canExchange = old }(canExchange)
			canExchange = exch
			root := t.TempDir()
			out := filepath.Join(root, "docs")
			build(t, out, 5, "1")
			want := addUserTree(t, out)
			for _, v := range []string{"2", "3"} {
				if w := build(t, out, 3, v); len(w) > 0 {
					t.Errorf("warnings: %q", w)
				}
				got := userSnapshot(t, out)
				for name, w := range want {
					if got[name] != w {
						t.Errorf("after build %s, %s is %q, want %q", v, name, got[name], w)
					}
				}
				if got := readFile(t, filepath.Join(out, "index.html")); !strings.Contains(got, "Version "+v) {
					t.Errorf("index.html not rebuilt: %q", got)
				}
				if _, err := os.Stat(filepath.Join(out, "briefs/b004/index.html")); !os.IsNotExist(err) {
					t.Errorf("briefs/b004/index.html of the first build is still there")
				}
				if got := strings.Join(siblings(t, root), " "); got != "docs" {
					t.Errorf("beside the output: %q", got)
				}
			}
			// Once the user removes their notes, the folder of the first
			// build kept for them goes too.
			if err := os.Remove(filepath.Join(out, "briefs/b004/notes.txt")); err != nil {
				t.Fatal(err)
			}
			build(t, out, 3, "4")
			if _, err := os.Stat(filepath.Join(out, "briefs/b004")); !os.IsNotExist(err) {
				t.Errorf("briefs/b004 is still there once empty: %v", err)
			}
		})
	}
}

// TestCopiedMarker checks that a marker that lists no files, whether copied
// by a user into a folder of their own or written by an older briefbook,
// licenses deleting nothing.
func TestCopiedMarker(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "mine")
	writeTree(t, out, map[string]string{
		MarkerFile:         oldMarkerText,
		"thesis.txt":       "my thesis",
		".git/HEAD":        "ref: refs/heads/main\n",
		"briefs/notes.txt": "my notes",
	})
	build(t, out, 2, "1")
	for name, want := range map[string]string{"thesis.txt": "my thesis", ".git/HEAD": "ref: refs/heads/main\n", "briefs/notes.txt": "my notes"} {
		if got := readFile(t, filepath.Join(out, name)); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "briefs/b001/index.html")); err != nil {
		t.Errorf("the site was not built: %v", err)
	}
	// A second build: the user's files are still theirs.
	build(t, out, 1, "2")
	if got := readFile(t, filepath.Join(out, "briefs/notes.txt")); got != "my notes" {
		t.Errorf("briefs/notes.txt = %q after the second build", got)
	}
}

// TestRefusesToReplaceUserFiles checks that a build refuses, naming the
// entry and changing nothing, when a new file or folder would replace one
// that briefbook did not write.
func TestRefusesToReplaceUserFiles(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, out string)
		want  string
	}{
		{"user file at a new page's path", func(t *testing.T, out string) {
			writeTree(t, out, map[string]string{"briefs/b003/index.html": "<p>my own page</p>"})
		}, "a new file would replace docs/briefs/b003/index.html, which briefbook did not write; move it away first"},
		{"page edited by the user", func(t *testing.T, out string) {
			f, err := os.OpenFile(filepath.Join(out, "index.html"), os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.WriteString("<!-- my edit -->")
			f.Close()
		}, "a new file would replace docs/index.html, which was changed after briefbook wrote it"},
		{"page replaced by a symbolic link", func(t *testing.T, out string) {
			os.Remove(filepath.Join(out, "index.html"))
			os.Symlink("/etc/hostname", filepath.Join(out, "index.html"))
		}, "a new file would replace docs/index.html, which briefbook wrote as a file but is now a symbolic link; move it away first"},
		{"page replaced by a named pipe", func(t *testing.T, out string) {
			os.Remove(filepath.Join(out, "index.html"))
			if err := syscall.Mkfifo(filepath.Join(out, "index.html"), 0o600); err != nil {
				t.Skipf("cannot make a named pipe here: %v", err)
			}
		}, "a new file would replace docs/index.html, which briefbook wrote as a file but is now a special file; move it away first"},
		{"user file where a folder goes", func(t *testing.T, out string) {
			os.RemoveAll(filepath.Join(out, "briefs/b002"))
			writeTree(t, out, map[string]string{"briefs/b002": "a file"})
		}, "a new folder would replace docs/briefs/b002, which briefbook wrote as a folder but is now a file; move it away first"},
		{"user folder where a file goes", func(t *testing.T, out string) {
			os.Remove(filepath.Join(out, "feed.xml"))
			writeTree(t, out, map[string]string{"feed.xml/mine.txt": "mine"})
		}, "a new file would replace docs/feed.xml, which briefbook did not write"},
		{"user symlink where a folder goes", func(t *testing.T, out string) {
			os.RemoveAll(filepath.Join(out, "js"))
			os.Symlink("/tmp", filepath.Join(out, "js"))
		}, "a new folder would replace docs/js, which briefbook wrote as a folder but is now a symbolic link (briefbook never writes through one); move it away first"},
		{"user file where a new folder goes", func(t *testing.T, out string) {
			writeTree(t, out, map[string]string{"briefs/b003": "a file"})
		}, "a new folder would replace docs/briefs/b003, which briefbook did not write; move it away first"},
		{"old marker and a page's path", func(t *testing.T, out string) {
			writeTree(t, out, map[string]string{MarkerFile: oldMarkerText})
		}, "a new file would replace docs/.well-known/x.tx, and the .briefbook-output marker lists no files (an older briefbook wrote it, or it was copied there), so it may be yours; if nothing in docs is yours, delete it and build again"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			out := filepath.Join(root, "docs")
			build(t, out, 3, "1")
			tt.setup(t, out)
			t.Chdir(root)
			before := treeHash(t, root)
			err := siteOf(context.Background(), "docs", samplePages(4, "2"), sampleStatic, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "refusing to write to docs: ") {
				t.Errorf("Site = %v, want a refusal containing %q", err, tt.want)
			}
			if treeHash(t, root) != before {
				t.Errorf("a refused build changed the tree: %q", siblings(t, root))
			}
		})
	}
}

// TestEditedPageKeptWhenNotRebuilt checks that a page the user edited, and
// that the next build does not make, is carried over as theirs.
func TestEditedPageKeptWhenNotRebuilt(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	build(t, out, 5, "1")
	p := filepath.Join(out, "briefs/b004/index.html")
	if err := os.WriteFile(p, []byte("edited"), 0o644); err != nil {
		t.Fatal(err)
	}
	build(t, out, 3, "2")
	if got := readFile(t, p); got != "edited" {
		t.Errorf("the edited page = %q, want it kept", got)
	}
	if _, err := os.Stat(filepath.Join(out, "briefs/b003/index.html")); !os.IsNotExist(err) {
		t.Errorf("an unedited page of the first build is still there")
	}
}

// TestStatCacheNotFooled checks that a page edited in place, to the same
// size and with its modification time set back, is still found changed:
// the stat cache that spares hashing compares change times too.
func TestStatCacheNotFooled(t *testing.T) {
	if !strongKeys {
		t.Skip("this system gives no change times: the stat cache is not used")
	}
	out := filepath.Join(t.TempDir(), "public")
	build(t, out, 3, "1")
	if p := statCachePath(out); p == "" {
		t.Fatal("no stat cache path")
	} else if _, err := os.Stat(p); err != nil {
		t.Fatalf("the build wrote no stat cache: %v", err)
	}
	p := filepath.Join(out, "index.html")
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	old := readFile(t, p)
	edited := strings.Replace(old, "Version 1", "Version X", 1)
	if edited == old || len(edited) != len(old) {
		t.Fatal("bad edit")
	}
	if err := os.WriteFile(p, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(p, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
	err = siteOf(context.Background(), out, samplePages(3, "2"), sampleStatic, nil)
	if err == nil || !strings.Contains(err.Error(), "index.html, which was changed after briefbook wrote it") {
		t.Errorf("Site = %v, want a refusal: index.html was changed", err)
	}
	if got := readFile(t, p); got != edited {
		t.Errorf("the edited page is now %q", got)
	}
}

// TestUserFilesInLargeFolder checks the survey of a folder holding more
// files than one worker surveys at a time (fileRun): the user's files
// among briefbook's are carried over, briefbook's previous files are
// removed, and a new file over a user's file is refused wherever it lies
// in the folder.
func TestUserFilesInLargeFolder(t *testing.T) {
	n := 3*fileRun + 7
	pages := func(version string) []testPage {
		var ps []testPage
		for i := range n {
			ps = append(ps, page(fmt.Sprintf("t/%04d.json", 2*i), `{"v":"`+version+`"}`))
		}
		return ps
	}
	out := filepath.Join(t.TempDir(), "public")
	if err := siteOf(context.Background(), out, pages("1"), nil, nil); err != nil {
		t.Fatal(err)
	}
	user := map[string]string{"t/0001.json": "mine", fmt.Sprintf("t/%04d.json", 2*n-1): "mine too", "t/sub/x.txt": "deeper"}
	writeTree(t, out, user)
	if err := siteOf(context.Background(), out, pages("2"), nil, nil); err != nil {
		t.Fatal(err)
	}
	for name, want := range user {
		if got, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name))); err != nil || string(got) != want {
			t.Errorf("%s: %q, %v; want the user's %q", name, got, err, want)
		}
	}
	entries, err := os.ReadDir(filepath.Join(out, "t"))
	if err != nil || len(entries) != n+3 {
		t.Fatalf("t/ holds %d entries, %v; want %d pages, 2 files and a folder of the user's", len(entries), err, n)
	}
	if got, _ := os.ReadFile(filepath.Join(out, "t", "0002.json")); string(got) != `{"v":"2"}` {
		t.Errorf("t/0002.json = %q, want the new build's", got)
	}
	if err := os.WriteFile(filepath.Join(out, "t", fmt.Sprintf("%04d.json", 2*n-4)), []byte("changed"), 0o644); err != nil {
		t.Fatal(err)
	}
	err = siteOf(context.Background(), out, pages("3"), nil, nil)
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("%04d.json", 2*n-4)) {
		t.Errorf("build over a changed file near the folder's end: %v; want a refusal naming it", err)
	}
}
