package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/briefbook/briefbook/internal/build"
)

// findSite returns the nearest folder, start or one of its parents, that
// holds a briefbook.yaml file, as git finds the repository of the current
// folder: start itself when it is a site by [isSite]'s rule (briefbook.yaml
// or a content folder), else the nearest parent with briefbook.yaml (a
// parent's content folder alone does not count: it would find any folder
// named content). The folder is returned relative to start ("..",
// "../..") so that paths printed under it are paths from the current
// folder; ok is false when there is none up to the root of the file
// system.
func findSite(start string) (dir string, ok bool) {
	if isSite(start) == nil {
		return start, true
	}
	abs, err := filepath.Abs(start)
	if err != nil {
		return "", false
	}
	rel := start
	for {
		parent := filepath.Dir(abs)
		if parent == abs {
			return "", false
		}
		abs, rel = parent, filepath.Join(rel, "..")
		if fi, err := os.Stat(filepath.Join(abs, "briefbook.yaml")); err == nil && fi.Mode().IsRegular() {
			return rel, true
		}
	}
}

// sourceGiven reports whether the flag set's --source flag was given on
// the command line.
func sourceGiven(fs *flag.FlagSet) bool {
	given := false
	fs.Visit(func(f *flag.Flag) { given = given || f.Name == "source" })
	return given
}

// checkSource returns build.CheckSource's error for the book folder dir,
// the value of fs's --source flag. When --source was not given and the
// current folder is not a book but one of its parents is, the error says
// which and how to use it: build, serve, check and pdf read the book in
// the current folder or in --source only, as Hugo and Zola do, so that
// the paths they print (content/briefs/x.md:3:1, public/) are paths from
// the book folder, where they are run; only new, which prints the path of
// the file it wrote, looks in the parents itself.
func checkSource(fs *flag.FlagSet, dir string) error {
	err := build.CheckSource(dir)
	if err == nil || sourceGiven(fs) {
		return err
	}
	if fi, serr := os.Stat(dir); serr != nil || !fi.IsDir() {
		return err
	}
	if site, ok := findSite(dir); ok && site != dir {
		return fmt.Errorf("%w; the nearest book above is %s: run briefbook %s there, or give --source %s",
			err, site, fs.Name(), site)
	}
	return err
}
