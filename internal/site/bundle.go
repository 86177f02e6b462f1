package site

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"io"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/load"
	"github.com/briefbook/briefbook/internal/model"
	"github.com/briefbook/briefbook/internal/resolve"
)

// A bundle file (load.Bundle: a chart or a PDF next to the briefs or
// profiles) is published as it is, at its path under content/:
// content/briefs/gsomia/chart.png becomes briefs/gsomia/chart.png. It is
// read when rendered; its content hash, taken when it was (re)listed, is
// what Changed compares, so that an edited file is found changed.

// bundleIndex marks a bundle file in Generation.index.
const bundleIndex = -2

// bundleFile is what a generation knows of a bundle file.
type bundleFile struct {
	src  string // its path in the site folder: "content/briefs/chart.png"
	hash uint64 // maphash of its content when last read
	size int64
}

// bundleOutput returns the output path of the bundle file at p.
func bundleOutput(p string) string { return strings.TrimPrefix(p, "content/") }

// hashBundle reads the bundle file f under root and sets st's hash to a
// hash of its content, reporting a file that cannot be read to d.
func hashBundle(root string, f load.File, st *fileState, seed maphash.Seed, d *diag.List) {
	r, err := os.OpenRoot(root)
	if err == nil {
		defer r.Close()
		var file *os.File
		if file, err = r.Open(f.Path); err == nil {
			defer file.Close()
			var h maphash.Hash
			h.SetSeed(seed)
			if _, err = io.Copy(&h, file); err == nil {
				st.hash, st.read = h.Sum64(), true
				return
			}
		}
	}
	if pe, ok := err.(*fs.PathError); ok {
		err = pe.Err
	}
	d.Errorf(f.Path, nil, 0, 0, 0, "cannot read file: %v", err)
}

// publishedFiles returns the site URL of every published file that is not
// made from markdown, by its path in the site folder: the site's static
// files and the bundle files (see resolve.Input.Files).
func publishedFiles(states []*fileState) map[string]string {
	m := map[string]string{}
	for _, st := range states {
		switch p := st.file.Path; st.file.Kind {
		case load.Static:
			m[p] = "/" + strings.TrimPrefix(p, "static/")
		case load.Bundle:
			if st.read {
				m[p] = "/" + bundleOutput(p)
			}
		}
	}
	return m
}

// addBundles adds the bundle files of states to g's output paths. A bundle
// file whose output path is already taken (a page, a static file) is not
// published, and reported.
func (g *Generation) addBundles(states []*fileState, d *diag.List) {
	for _, st := range states {
		if st.file.Kind != load.Bundle || !st.read {
			continue
		}
		out := bundleOutput(st.file.Path)
		if i, taken := g.index[out]; taken {
			what := "a generated page"
			if i < 0 {
				what = "the static file static/" + out
			}
			d.Errorf(st.file.Path, nil, 0, 0, 0, "not published: its output path %s is that of %s", out, what)
			continue
		}
		if err := checkPath(out); err != nil {
			d.Errorf(st.file.Path, nil, 0, 0, 0, "not published: %v", err)
			continue
		}
		if g.bundles == nil {
			g.bundles = map[string]bundleFile{}
		}
		g.bundles[out] = bundleFile{src: st.file.Path, hash: st.hash, size: st.file.Size}
		g.index[out] = bundleIndex
		g.paths = append(g.paths, out)
	}
}

// readBundle appends the content of the bundle file published at out to buf.
func (g *Generation) readBundle(buf *bytes.Buffer, out string) error {
	f, err := g.siteFS.Open(g.bundles[out].src)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = buf.ReadFrom(f)
	return err
}

// checkRootLinks reports every link from the site's root that leads to no
// output file: a static file, a bundle file or a page ("/briefs/x/" and
// "/briefs/x" are the page briefs/x/index.html). src reads a file for
// quoting.
//
// When the book was made from prev's by a structure-preserving edit
// (resolve's Memo.Edited) and g has prev's output paths and base path,
// every other document's links lead where they led: prev's problems are
// kept, and only the edited documents' links are checked.
func (g *Generation) checkRootLinks(prev *Generation, src func(string) []byte, basePath string, d *diag.List) {
	var links []resolve.RootLink
	if edited, ok := g.memo.Edited(); ok && prev != nil && g.sharedPaths && prev.basePath == basePath {
		for _, dg := range prev.rootDiags {
			if !slices.ContainsFunc(edited, func(doc *model.Doc) bool { return doc.Path == dg.Path }) {
				g.rootDiags = append(g.rootDiags, dg)
			}
		}
		for _, doc := range edited {
			links = append(links, resolve.DocRootLinks(doc)...)
		}
	} else {
		links = resolve.RootLinks(g.Book)
	}
	g.basePath = basePath
	lines := diag.NewSources(src)
	for _, l := range links {
		if g.exists(l.Path) {
			continue
		}
		ref := l.Ref
		dg := lines.New(diag.Error, l.Doc.Path, ref.Line, ref.Col, ref.Len,
			fmt.Sprintf("broken link: %s is neither a file nor a page of the site", l.Path))
		if rest, ok := strings.CutPrefix(l.Path, basePath); ok && basePath != "/" && g.exists("/"+rest) {
			dg.Notes = []string{fmt.Sprintf("links from the site's root are put under the base URL's path %s: write /%s", basePath, rest)}
		}
		g.rootDiags = append(g.rootDiags, dg)
	}
	for _, dg := range g.rootDiags {
		d.Add(dg)
	}
}

// exists reports whether the URL path p ("/img/a.svg", "/briefs/x/")
// leads to an output file of g.
func (g *Generation) exists(p string) bool {
	p = strings.TrimPrefix(p, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		_, ok := g.index[p+"index.html"]
		return ok
	}
	if _, ok := g.index[p]; ok {
		return true
	}
	_, ok := g.index[p+"/index.html"]
	return ok
}
