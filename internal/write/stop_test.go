package write

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSiteStopped checks that a build whose context is done before or while
// pages are written leaves the previous output, user files included,
// byte-identical and nothing beside it.
func TestSiteStopped(t *testing.T) {
	for _, when := range []string{"before", "while writing"} {
		t.Run(when, func(t *testing.T) {
			root := t.TempDir()
			out := filepath.Join(root, "docs")
			build(t, out, 5, "1")
			writeTree(t, out, map[string]string{"CNAME": "x.org", ".git/HEAD": "ref"})
			before := treeHash(t, root)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			pages := samplePages(200, "2")
			if when == "before" {
				cancel()
			} else {
				pages[100] = testPage{Path: pages[100].Path, Write: func(w io.Writer) error {
					cancel()
					_, err := io.WriteString(w, "<p>x</p>")
					return err
				}}
			}
			err := siteOf(ctx, out, pages, sampleStatic, nil)
			if err != context.Canceled {
				t.Errorf("Site = %v, want context.Canceled", err)
			}
			if treeHash(t, root) != before {
				t.Errorf("a stopped build changed the tree: %q", siblings(t, root))
			}
		})
	}
}

// TestLeftovers checks that what stopped builds left beside an output is
// recognised by its marker, not its name: marked folders go, except for
// what is not briefbook's; others stay.
func TestLeftovers(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "docs")
	build(t, out, 3, "1")
	writeTree(t, out, map[string]string{"CNAME": "x.org"})

	// A staging folder stopped while writing.
	stage, err := newStage(root, out)
	if err != nil {
		t.Fatal(err)
	}
	writeTree(t, stage, map[string]string{"index.html": "half", "briefs/b000/index.html": "x"})
	// A previous output swapped out and not yet removed: briefbook's pages,
	// the user's file carried over (a hard link), and a file of the user's
	// that is nowhere else.
	old := filepath.Join(root, ".docs"+tmpInfix+"old")
	build(t, old, 2, "0")
	if err := os.Link(filepath.Join(out, "CNAME"), filepath.Join(old, "CNAME")); err != nil {
		t.Fatal(err)
	}
	writeTree(t, old, map[string]string{"briefs/only-here.txt": "mine"})
	// Named like leftovers, but without a marker, or beside another output.
	writeTree(t, root, map[string]string{
		".docs" + tmpInfix + "unmarked/index.html": "not proven briefbook's",
		".other" + tmpInfix + "1/" + MarkerFile:    stagingText,
		".other" + tmpInfix + "1/index.html":       "beside another output",
	})

	msgs := Leftovers(out)
	want := "left 1 entry in " + old + ": briefs/only-here.txt (not written by briefbook, and not found in " + out + ")"
	if len(msgs) != 1 || msgs[0] != want {
		t.Errorf("Leftovers = %q, want [%q]", msgs, want)
	}
	got := strings.Join(siblings(t, root), " ")
	if want := ".docs" + tmpInfix + "old .docs" + tmpInfix + "unmarked .other" + tmpInfix + "1 docs"; got != want {
		t.Errorf("after Leftovers the folder holds %q, want %q", got, want)
	}
	if got := readFile(t, filepath.Join(old, "briefs/only-here.txt")); got != "mine" {
		t.Errorf("the user's file in the leftover = %q", got)
	}
	if names := siblings(t, old); strings.Join(names, " ") != MarkerFile+" briefs" {
		t.Errorf("the leftover holds %q, want only the marker and briefs", names)
	}
	if got := readFile(t, filepath.Join(out, "CNAME")); got != "x.org" {
		t.Errorf("the live CNAME = %q", got)
	}
}
