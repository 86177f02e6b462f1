// Package write puts a built site into its output folder without ever losing
// anything that was there before.
//
// [Check] refuses output folders that a build could damage: the source folder
// itself, a folder containing it, a folder inside the source's content/,
// templates/ or static/, the root folder, the home folder, and any existing
// non-empty folder that briefbook did not create. briefbook marks the folders
// it creates with a [MarkerFile], and only ever deletes a folder carrying that
// mark.
//
// [Site] writes a build into a new staging folder next to the output,
// rendering and minifying the pages on every core, copies the static files,
// marks the folder, and only then swaps it in place of the previous output.
// If anything fails, the staging folder is removed and the previous output is
// left byte-identical.
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

// MarkerFile is the name of the file briefbook writes at the top of every
// output folder it creates. A folder without it is never overwritten or
// deleted.
const MarkerFile = ".briefbook-output"

// markerText is the content of [MarkerFile].
const markerText = "This folder was created by briefbook and is replaced on every build.\n" +
	"Do not keep anything of your own here: it would be deleted.\n"

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
	marked, err := hasMarker(out)
	if err != nil || marked {
		return err
	}
	empty, err := isEmptyDir(out)
	if err != nil {
		return fmt.Errorf("refusing to write to %s: %v", name, err)
	}
	if !empty {
		return fmt.Errorf("refusing to write to %s: folder is not empty and was not created by briefbook (no %s marker)", name, MarkerFile)
	}
	return nil
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

// realPath returns the absolute form of p with every symbolic link in its
// existing part resolved. The missing tail, if any, is appended as written.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	var missing []string
	for cur := abs; ; {
		real, err := filepath.EvalSymlinks(cur)
		if err == nil {
			for i := len(missing) - 1; i >= 0; i-- {
				real = filepath.Join(real, missing[i])
			}
			return real, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return abs, nil
		}
		missing = append(missing, filepath.Base(cur))
		cur = parent
	}
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
