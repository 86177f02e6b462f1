// Package write puts a built site into its output folder without ever losing
// anything that was there before.
//
// [Check] refuses output folders that a build could damage: the source folder
// itself, a folder containing it, a folder inside the source's content/,
// templates/ or static/ (all compared as real paths, symbolic links
// resolved the way the kernel resolves them), a dangling symbolic link, the
// root folder, the home folder, a mount point, and any existing non-empty
// folder without briefbook's [MarkerFile].
//
// [Site] writes a build into a new staging folder next to the output,
// rendering and minifying the pages on every core, copies the static files,
// writes the manifest of what it wrote into the marker, carries over
// everything of the previous output that is not briefbook's, and only then
// swaps the folder in place of the previous output, of which it deletes only
// what the previous manifest lists. If anything fails, or the build is
// stopped, the staging folder is removed and the previous output is left
// byte-identical. [Leftovers] removes, at the start of a build, what
// stopped builds left next to the output.
package write

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// guardedDirs are the folders of a site, relative to its root, that an output
// folder may not lie in, because the build reads them.
var guardedDirs = []string{"content", "templates", "static"}

// Check reports an error when writing a site built from source into output
// could destroy or corrupt anything: when output is the source folder,
// contains it, lies inside its content/, templates/ or static/ folder, is the
// root or the home folder, is not a folder, or is a non-empty folder without
// briefbook's [MarkerFile]. Relative paths and symbolic links are resolved
// before comparing. Check changes nothing on disk.
func Check(source, output string) error {
	refuse := func(why string) error {
		return fmt.Errorf("refusing to write to %s: %s", output, why)
	}
	if output == "" {
		return errors.New("refusing to write: no output folder given")
	}
	src, err := realPath(source)
	if err != nil {
		return fmt.Errorf("source folder %s: %v", source, err)
	}
	out, err := realPath(output)
	if err != nil {
		return refuse(err.Error())
	}
	switch {
	case out == filepath.VolumeName(out)+string(filepath.Separator):
		return refuse("it is the root folder")
	case isHome(out):
		return refuse("it is your home folder")
	case out == src:
		return refuse("it is the source folder")
	case within(src, out):
		return refuse("it contains the source folder " + source)
	}
	for _, dir := range guardedDirs {
		if d := filepath.Join(src, dir); out == d || within(out, d) {
			return refuse(fmt.Sprintf("it lies inside the source's %s/ folder", dir))
		}
	}
	return checkExisting(output, out)
}

// checkExisting reports an error unless out is missing, an empty folder or a
// folder carrying [MarkerFile]. name is the path as the user gave it.
func checkExisting(name, out string) error {
	fi, err := os.Stat(out)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("refusing to write to %s: %v", name, err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("refusing to write to %s: it exists and is not a folder", name)
	}
	if mountPoint(out) {
		return fmt.Errorf("refusing to write to %s: it is a mount point, which briefbook cannot replace with a new folder; build into a folder inside it", name)
	}
	marked, err := hasMarker(out)
	if err != nil || marked {
		return err
	}
	empty, err := isEmptyDir(out)
	if err != nil {
		return fmt.Errorf("refusing to write to %s: %v", name, err)
	}
	if !empty {
		return fmt.Errorf("refusing to write to %s: folder is not empty and was not created by briefbook (no %s marker); "+
			"choose a new or empty folder, or, to build into this one and keep everything already in it, create an empty %s file there",
			name, MarkerFile, MarkerFile)
	}
	return nil
}

// mountPoint reports whether the folder dir is a mount point: whether it lies
// on another mounted file system than its parent.
func mountPoint(dir string) bool {
	a, err1 := mountOf(dir)
	b, err2 := mountOf(filepath.Dir(dir))
	return err1 == nil && err2 == nil && a != b
}

// hasMarker reports whether dir holds a regular file named [MarkerFile].
func hasMarker(dir string) (bool, error) {
	fi, err := os.Lstat(filepath.Join(dir, MarkerFile))
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return fi.Mode().IsRegular(), nil
}

// isEmptyDir reports whether dir has no entries.
func isEmptyDir(dir string) (bool, error) {
	f, err := os.Open(dir)
	if err != nil {
		return false, err
	}
	defer f.Close()
	names, err := f.Readdirnames(1)
	if len(names) > 0 {
		return false, nil
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return false, err
	}
	return true, nil
}

// maxLinks is how many symbolic links realPath follows in one path before
// giving up, as the kernel does (ELOOP).
const maxLinks = 40

// A pathPart is one name of a path being resolved, and the symbolic link
// whose target it comes from ("" for a name the caller wrote).
type pathPart struct{ name, link, target string }

// realPath returns the absolute form of p with every symbolic link in its
// existing part resolved, the way the kernel resolves it: a ".." after a
// symbolic link goes to the parent of the link's target, not back to the
// folder holding the link. The missing tail, if any, is appended, cleaned.
// It returns an error when a symbolic link points to nothing (a dangling
// link), when a path runs through a file, or after too many links.
func realPath(p string) (string, error) {
	if p == "" {
		p = "."
	}
	dir := filepath.VolumeName(p) + string(filepath.Separator)
	if !filepath.IsAbs(p) {
		wd, err := os.Getwd()
		if err != nil {
			return "", err
		}
		if dir, err = filepath.EvalSymlinks(wd); err != nil {
			return "", err
		}
	}
	parts := splitPath(p[len(filepath.VolumeName(p)):], "", "")
	links := 0
	for len(parts) > 0 {
		part := parts[0]
		parts = parts[1:]
		switch part.name {
		case ".":
			continue
		case "..":
			dir = filepath.Dir(dir)
			continue
		}
		next := filepath.Join(dir, part.name)
		fi, err := os.Lstat(next)
		switch {
		case errors.Is(err, fs.ErrNotExist) && part.link != "":
			return "", fmt.Errorf("%s is a symbolic link to %s, which does not exist", part.link, part.target)
		case errors.Is(err, fs.ErrNotExist):
			for _, q := range parts {
				next = filepath.Join(next, q.name)
			}
			return next, nil
		case err != nil:
			return "", err
		case fi.Mode()&fs.ModeSymlink != 0:
			if links++; links > maxLinks {
				return "", fmt.Errorf("%s: too many levels of symbolic links", next)
			}
			target, err := os.Readlink(next)
			if err != nil {
				return "", err
			}
			if filepath.IsAbs(target) {
				dir = filepath.VolumeName(target) + string(filepath.Separator)
			}
			parts = append(splitPath(target[len(filepath.VolumeName(target)):], next, target), parts...)
		case len(parts) > 0 && !fi.IsDir():
			return "", fmt.Errorf("%s is not a folder", next)
		default:
			dir = next
		}
	}
	return dir, nil
}

// splitPath splits p into its names, skipping empty ones, each marked as
// coming from the symbolic link link with target target.
func splitPath(p, link, target string) []pathPart {
	var parts []pathPart
	for _, name := range strings.FieldsFunc(p, func(r rune) bool { return os.IsPathSeparator(uint8(r)) }) {
		parts = append(parts, pathPart{name, link, target})
	}
	return parts
}

// within reports whether path lies strictly inside dir. Both must be clean
// absolute paths.
func within(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	if err != nil || rel == "." {
		return false
	}
	return rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// isHome reports whether dir is the user's home folder.
func isHome(dir string) bool {
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return false
	}
	real, err := realPath(home)
	return err == nil && real == dir
}
