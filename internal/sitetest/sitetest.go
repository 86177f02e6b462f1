// Package sitetest holds end-to-end tests of briefbook: they build whole
// sites with the real pipeline (internal/build) onto the real filesystem and
// check the output the way a reader or a static host would see it: every
// internal link resolves to a file, no script or dangerous URL reaches a page,
// and the same input gives byte-identical output.
//
// The package has no code used by the program; this file holds the helpers
// the tests share.
package sitetest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"golang.org/x/net/html"
)

// Element is an HTML element found in an output file.
type Element struct {
	File  string // output path, slash-separated
	Tag   string
	Attrs []html.Attribute
	Text  string // text content, for script and style elements
}

// Elements parses an HTML file and returns all its elements in document order.
func Elements(file string, data []byte) ([]Element, error) {
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	var out []Element
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			e := Element{File: file, Tag: n.Data, Attrs: n.Attr}
			if n.Data == "script" || n.Data == "style" {
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					e.Text += c.Data
				}
			}
			out = append(out, e)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out, nil
}

// Attr returns the value of the element's attribute key and whether it is set.
func (e Element) Attr(key string) (string, bool) {
	for _, a := range e.Attrs {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// TreeHash returns a digest of every file and folder under root: paths,
// modes of folders, and file contents. Two trees with the same hash are
// byte-identical. A missing root hashes as empty.
func TreeHash(root string) (string, error) {
	h := sha256.New()
	var paths []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) && p == root {
				return fs.SkipAll
			}
			return err
		}
		paths = append(paths, p)
		return nil
	})
	if err != nil {
		return "", err
	}
	sort.Strings(paths)
	for _, p := range paths {
		rel, _ := filepath.Rel(root, p)
		info, err := os.Lstat(p)
		if err != nil {
			return "", err
		}
		h.Write([]byte(filepath.ToSlash(rel) + "\x00" + info.Mode().String() + "\x00"))
		if info.Mode().IsRegular() {
			data, err := os.ReadFile(p)
			if err != nil {
				return "", err
			}
			h.Write(data)
		}
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// HTMLFiles returns the slash-separated paths of every .html file under root.
func HTMLFiles(root string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".html") {
			rel, _ := filepath.Rel(root, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

// WriteFiles creates the files of a site under root from a map of
// slash-separated paths to contents.
func WriteFiles(root string, files map[string]string) error {
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			return err
		}
	}
	return nil
}
