//go:build linux

package write

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/sys/unix"
)

// bindMount mounts the folder src on the folder dst for the rest of the
// test, or skips the test, saying why, when the system does not let it.
func bindMount(t *testing.T, src, dst string) {
	t.Helper()
	if err := unix.Mount(src, dst, "", unix.MS_BIND, ""); err != nil {
		if errors.Is(err, unix.EPERM) || errors.Is(err, unix.EACCES) {
			t.Skipf("cannot bind-mount here (needs root and mount permission): %v", err)
		}
		t.Fatalf("bind mount %s on %s: %v", src, dst, err)
	}
	t.Cleanup(func() {
		if err := unix.Unmount(dst, unix.MNT_DETACH); err != nil {
			t.Errorf("unmount %s: %v", dst, err)
		}
	})
}

// TestMountInOldOutput checks that a mount point inside the previous output,
// or inside what a stopped build left, is never entered by a deletion: the
// build refuses, naming it, and the mounted files stay.
func TestMountInOldOutput(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "docs")
	build(t, out, 3, "1")
	writeTree(t, root, map[string]string{"data/big.csv": "a,b\n1,2\n", "data/sub/x.txt": "x"})
	for _, where := range []string{"mnt", "briefs/b001"} {
		t.Run(where, func(t *testing.T) {
			dst := filepath.Join(out, filepath.FromSlash(where))
			if err := os.MkdirAll(dst, 0o755); err != nil {
				t.Fatal(err)
			}
			bindMount(t, filepath.Join(root, "data"), dst)
			before := treeHash(t, root)
			err := siteOf(context.Background(), out, samplePages(3, "2"), sampleStatic, nil)
			want := "refusing to write to " + out + ": " + dst + " is a mount point"
			if err == nil || !strings.HasPrefix(err.Error(), want) {
				t.Fatalf("Site = %v, want %q", err, want)
			}
			if treeHash(t, root) != before {
				t.Errorf("the refused build changed the tree")
			}
			if got := readFile(t, filepath.Join(dst, "big.csv")); got != "a,b\n1,2\n" {
				t.Errorf("the mounted file is %q", got)
			}
		})
	}
}

// TestMountInLeftover checks that removing what a stopped build left never
// crosses a mount point, and says so.
func TestMountInLeftover(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "docs")
	build(t, out, 1, "1")
	stage, err := newStage(root, out)
	if err != nil {
		t.Fatal(err)
	}
	writeTree(t, stage, map[string]string{"index.html": "half", "briefs/mnt/": "", "briefs/b000/index.html": "x"})
	writeTree(t, root, map[string]string{"data/big.csv": "precious"})
	bindMount(t, filepath.Join(root, "data"), filepath.Join(stage, "briefs/mnt"))
	msgs := Leftovers(out)
	want := "left 1 entry in " + stage + ": briefs/mnt (a mount point, left alone)"
	if len(msgs) != 1 || msgs[0] != want {
		t.Errorf("Leftovers = %q, want [%q]", msgs, want)
	}
	if got := readFile(t, filepath.Join(stage, "briefs/mnt/big.csv")); got != "precious" {
		t.Errorf("the mounted file is %q", got)
	}
	if _, err := os.Stat(filepath.Join(stage, "index.html")); !os.IsNotExist(err) {
		t.Errorf("the staging folder's own file was not removed")
	}
}

// TestOutputIsMountPoint checks that an output folder that is a mount point
// is refused before anything is written: it cannot be swapped.
func TestOutputIsMountPoint(t *testing.T) {
	root := t.TempDir()
	writeTree(t, root, map[string]string{"data/": "", "docs/": ""})
	bindMount(t, filepath.Join(root, "data"), filepath.Join(root, "docs"))
	err := Check(root+"/site", filepath.Join(root, "docs"))
	if err == nil || !strings.Contains(err.Error(), "it is a mount point") {
		t.Errorf("Check = %v, want a refusal: a mount point", err)
	}
}

// immutable makes the file name impossible to delete, even for root, until
// the test ends (then everything under root is made deletable again): with
// chattr +i as root, by a read-only parent folder otherwise. It skips the
// test, saying why, when neither works.
func immutable(t *testing.T, root, name string) {
	t.Helper()
	if os.Geteuid() != 0 {
		dir := filepath.Dir(name)
		if err := os.Chmod(dir, 0o555); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { exec.Command("chmod", "-R", "u+w", root).Run() })
		return
	}
	chattr, err := exec.LookPath("chattr")
	if err != nil {
		t.Skip("running as root, which ignores permissions, and chattr is missing: cannot make a file undeletable")
	}
	if out, err := exec.Command(chattr, "+i", name).CombinedOutput(); err != nil {
		t.Skipf("running as root, which ignores permissions, and chattr +i fails here (%v: %s): cannot make a file undeletable", err, out)
	}
	t.Cleanup(func() { exec.Command(chattr, "-R", "-i", root).Run() })
}

// TestUndeletableOldOutput checks that a previous output that cannot be
// fully removed is reported exactly, and removed by the next build once it
// can be.
func TestUndeletableOldOutput(t *testing.T) {
	root := t.TempDir()
	out := filepath.Join(root, "docs")
	build(t, out, 3, "1")
	stuck := filepath.Join(out, "briefs/b001/index.html")
	immutable(t, root, stuck)
	warnings := build(t, out, 3, "2")
	names := siblings(t, root)
	if len(names) != 2 || names[0] == "docs" {
		t.Fatalf("beside the output: %q, want the leftover", names)
	}
	left := filepath.Join(root, names[0])
	why := "operation not permitted" // chattr +i
	if os.Geteuid() != 0 {
		why = "permission denied" // a read-only folder
	}
	want := "the site was written to " + out + ", but not all of the previous output could be removed: left 1 entry in " +
		left + ": briefs/b001/index.html (" + why + "); the next build into " + out + " removes what is briefbook's"
	if len(warnings) != 1 || warnings[0] != want {
		t.Errorf("warnings = %q, want [%q]", warnings, want)
	}
	if got := readFile(t, filepath.Join(out, "index.html")); !strings.Contains(got, "Version 2") {
		t.Errorf("the new site is not in place")
	}
	// Still stuck: the next build says so again, and builds.
	if msgs := Leftovers(out); len(msgs) != 1 || !strings.HasPrefix(msgs[0], "left 1 entry in "+left+": briefs/b001/index.html (") {
		t.Errorf("Leftovers = %q", msgs)
	}
	// Once it can be removed, the next build does.
	if os.Geteuid() == 0 {
		exec.Command("chattr", "-i", filepath.Join(left, "briefs/b001/index.html")).Run()
	} else {
		os.Chmod(filepath.Join(left, "briefs/b001"), 0o755)
	}
	if msgs := Leftovers(out); len(msgs) != 0 {
		t.Errorf("Leftovers = %q, want nothing left", msgs)
	}
	if got := strings.Join(siblings(t, root), " "); got != "docs" {
		t.Errorf("beside the output after the next build: %q", got)
	}
}
