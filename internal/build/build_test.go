package build

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// fixture is a small valid site.
var fixture = map[string]string{
	"briefbook.yaml": "title: Test Book\nbaseURL: https://example.org/\n",
	"content/_index.md": `---
title: Test Book
---
An introduction.
`,
	"content/sources.yaml": `report:
  title: A Report
  publisher: An Institute
  date: 2021
`,
	"content/briefs/alpha.md": `---
title: Alpha
date: 2021-04-06
domain: cyber
actors: [Japan]
sources: [report]
---
Alpha links to [[beta]] and cites a report [@report].
`,
	"content/briefs/beta.md": `---
title: Beta
date: 2021-04-07
domain: cyber
actors: [Japan]
---
Beta links back to [[alpha]].
`,
	"content/briefs/gamma.md": `---
title: Gamma
date: 2021-04-08
domain: cyber
actors: [Japan]
draft: true
---
A draft.
`,
	"content/actors/japan.md": `---
name: Japan
kind: state
---
A state.
`,
	"content/domains/cyber.md": `---
title: Cyber
---
Cyber security.
`,
	"static/extra.txt": "an extra static file\n",
}

// writeSite creates a site from files in a new temporary folder.
func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	root := t.TempDir()
	for name, content := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// with returns a copy of files with the given files changed.
func with(files map[string]string, changes map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range files {
		out[k] = v
	}
	for k, v := range changes {
		out[k] = v
	}
	return out
}

// treeHash returns a digest of every path and file content under root.
func treeHash(t *testing.T, root string) string {
	t.Helper()
	var lines []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		line := filepath.ToSlash(rel) + " " + d.Type().String()
		if d.Type().IsRegular() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			sum := sha256.Sum256(data)
			line += " " + hex.EncodeToString(sum[:])
		}
		lines = append(lines, line)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(lines)
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(sum[:])
}

func readOut(t *testing.T, out, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func exists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}

func TestRunBuildsSite(t *testing.T) {
	src := writeSite(t, fixture)
	var stderr bytes.Buffer
	res, err := Run(Options{Source: src, Stderr: &stderr})
	if err != nil {
		t.Fatalf("Run: %v\n%s", err, stderr.String())
	}
	if stderr.Len() > 0 {
		t.Errorf("unexpected diagnostics:\n%s", stderr.String())
	}
	out := filepath.Join(src, "public")
	if res.Output != out {
		t.Errorf("Output = %q, want %q", res.Output, out)
	}
	if res.Briefs != 2 {
		t.Errorf("Briefs = %d, want 2 (the draft left out)", res.Briefs)
	}
	for _, name := range []string{"index.html", "briefs/alpha/index.html", "briefs/beta/index.html",
		"sitemap.xml", "feed.xml", "404.html", "robots.txt", "extra.txt", ".briefbook-output"} {
		if !exists(filepath.Join(out, name)) {
			t.Errorf("output has no %s", name)
		}
	}
	if exists(filepath.Join(out, "briefs/gamma/index.html")) {
		t.Errorf("the draft was published without Drafts")
	}
	if res.Pages < 10 {
		t.Errorf("Pages = %d, want at least 10", res.Pages)
	}
	var names []string
	for _, s := range res.Stages {
		names = append(names, s.Name)
	}
	if got := strings.Join(names, " "); got != "check open write" {
		t.Errorf("stages = %q", got)
	}
	if !strings.Contains(readOut(t, out, "sitemap.xml"), "https://example.org/briefs/alpha/") {
		t.Errorf("sitemap.xml does not use briefbook.yaml's baseURL")
	}
}

func TestRunOptions(t *testing.T) {
	src := writeSite(t, fixture)
	out := filepath.Join(t.TempDir(), "site")
	res, err := Run(Options{Source: src, Output: out, BaseURL: "https://example.net/book/", Drafts: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Briefs != 3 || !exists(filepath.Join(out, "briefs/gamma/index.html")) {
		t.Errorf("Drafts: %d briefs, want 3 with the draft", res.Briefs)
	}
	sitemap := readOut(t, out, "sitemap.xml")
	if !strings.Contains(sitemap, "https://example.net/book/briefs/alpha/") || strings.Contains(sitemap, "example.org") {
		t.Errorf("BaseURL does not override briefbook.yaml:\n%s", sitemap)
	}
	if exists(filepath.Join(src, "public")) {
		t.Errorf("a build with Output set wrote public/ in the source")
	}
}

// TestRunFailureTouchesNothing checks that a book with errors, or an unsafe
// output folder, leaves both the source and the previous output
// byte-identical.
func TestRunFailureTouchesNothing(t *testing.T) {
	tests := []struct {
		name    string
		changes map[string]string
		output  string // relative to the source; "" for public
		stderr  string // expected in stderr
		err     string // expected in the error
	}{
		{
			name:    "unknown wikilink",
			changes: map[string]string{"content/briefs/beta.md": "---\ntitle: Beta\ndate: 2021-04-07\ndomain: cyber\n---\nSee [[alpah]].\n"},
			stderr:  "content/briefs/beta.md:6:5: error:",
			err:     "the book has errors",
		},
		{
			name:    "missing title",
			changes: map[string]string{"content/briefs/beta.md": "---\ndate: 2021-04-07\ndomain: cyber\n---\nText.\n"},
			stderr:  "content/briefs/beta.md",
			err:     "the book has errors",
		},
		{
			name:   "output is content",
			output: "content",
			err:    "refusing to write to",
		},
		{
			name:   "output is the source",
			output: ".",
			err:    "it is the source folder",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := writeSite(t, fixture)
			if _, err := Run(Options{Source: src}); err != nil {
				t.Fatal(err)
			}
			src2 := writeSite(t, with(fixture, tt.changes))
			// Move the first build's output next to the broken source.
			if err := os.Rename(filepath.Join(src, "public"), filepath.Join(src2, "public")); err != nil {
				t.Fatal(err)
			}
			out := ""
			if tt.output != "" {
				out = filepath.Join(src2, tt.output)
			}
			before := treeHash(t, src2)
			var stderr bytes.Buffer
			_, err := Run(Options{Source: src2, Output: out, Stderr: &stderr})
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("Run = %v, want an error containing %q", err, tt.err)
			}
			if tt.stderr != "" && !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stderr does not contain %q:\n%s", tt.stderr, stderr.String())
			}
			if tt.err == "the book has errors" && !errors.Is(err, ErrDiagnostics) {
				t.Errorf("error %v does not wrap ErrDiagnostics", err)
			}
			if after := treeHash(t, src2); after != before {
				t.Errorf("a failed build changed the source or the output")
			}
		})
	}
}

func TestRunIsDeterministic(t *testing.T) {
	src := writeSite(t, fixture)
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	for _, out := range []string{a, b} {
		if _, err := Run(Options{Source: src, Output: out}); err != nil {
			t.Fatal(err)
		}
	}
	if treeHash(t, a) != treeHash(t, b) {
		t.Errorf("two builds of the same site differ")
	}
}

func TestListedFSHidesUnlistedFiles(t *testing.T) {
	src := writeSite(t, with(fixture, map[string]string{
		"static/.hidden":      "secret",
		"static/css/x.css~":   "backup",
		"static/css/mine.css": "body { color: red }",
	}))
	out := filepath.Join(t.TempDir(), "out")
	if _, err := Run(Options{Source: src, Output: out}); err != nil {
		t.Fatal(err)
	}
	if !exists(filepath.Join(out, "css/mine.css")) {
		t.Errorf("static/css/mine.css was not copied")
	}
	for _, name := range []string{".hidden", "css/x.css~"} {
		if exists(filepath.Join(out, name)) {
			t.Errorf("%s, which load.Scan skips, was copied", name)
		}
	}
}
