package sitetest

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/golden from the actual output")

// goldenDir holds the expected output of building testdata/site.
const goldenDir = "testdata/golden"

// TestGoldenSite builds the fixture site in testdata/site with the real
// pipeline and compares every output file, byte for byte, with the snapshot
// in testdata/golden. Run `go test ./internal/sitetest -run Golden -update`
// to rewrite the snapshot after a deliberate change, and review the diff.
func TestGoldenSite(t *testing.T) {
	out := buildSite(t, "testdata/site", "", false)
	got := treeFiles(t, out)
	if *update {
		if err := os.RemoveAll(goldenDir); err != nil {
			t.Fatal(err)
		}
		for name, data := range got {
			p := filepath.Join(goldenDir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	want := treeFiles(t, goldenDir)
	for _, name := range sortedKeys(want) {
		g, ok := got[name]
		if !ok {
			t.Errorf("%s: in the snapshot but not built", name)
			continue
		}
		if !bytes.Equal(g, want[name]) {
			t.Errorf("%s differs from the snapshot:\n%s", name, firstDifference(g, want[name]))
		}
	}
	for _, name := range sortedKeys(got) {
		if _, ok := want[name]; !ok {
			t.Errorf("%s: built but not in the snapshot (run with -update)", name)
		}
	}
	// The draft is left out, the Korean slug is kept, and the fixture's
	// features all show up in the pages the snapshot holds.
	for name, must := range map[string][]string{
		"briefs/gsomia/index.html":     {`href="/fixture/briefs/acsa/"`, `href="#ref:1"`, `href="/fixture/actors/south-korea/"`, `href="/fixture/sources/haggard-2021/"`, `<table tabindex="0">`, `<div class="callout callout-other" role="note"><p class="callout-title">Bottom line</p>`, `<div class="callout callout-note" role="note"><p class="callout-title">Note</p>`},
		"briefs/acsa/index.html":       {`href="/fixture/briefs/gsomia/#why-it-matters"`, `the intelligence pact`, `href="/fixture/briefs/%ED%95%9C%EC%9D%BC-%EC%9A%A9%EC%96%B4%EC%A7%91/"`},
		"briefs/한일-용어집/index.html":     {"Self-Defense Forces Act"},
		"actors/japan/index.html":      {"GSOMIA renewal", "Acquisition and cross-servicing"},
		"domains/logistics/index.html": {"Acquisition and cross-servicing"},
		"about/index.html":             {"<h1>About the fixture</h1>", `href="/fixture/briefs/gsomia/"`, `href="/fixture/"`},
		"index.html":                   {`<h2 id="bb:home-start">Start here</h2>`, `<a href="/fixture/about/">About the fixture</a>`},
	} {
		page := string(got[name])
		for _, s := range must {
			if !strings.Contains(page, s) {
				t.Errorf("%s does not contain %q", name, s)
			}
		}
	}
	if _, ok := got["briefs/draft/index.html"]; ok {
		t.Error("the draft brief was built without --drafts")
	}
}

// treeFiles reads every file under root into a map keyed by slash path.
func treeFiles(t *testing.T, root string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		data, err := os.ReadFile(p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func sortedKeys(m map[string][]byte) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// firstDifference shows the text around the first byte where a and b differ.
func firstDifference(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-80)
	return "got:  …" + string(a[lo:min(len(a), i+80)]) + "…\nwant: …" + string(b[lo:min(len(b), i+80)]) + "…"
}

// TestHTMLValidates runs the W3C Nu HTML checker over the built sample book
// and the fixture site and fails on any error it reports. The checker comes
// from the vnu-jar npm package, found through $VNU_JAR or in
// .ci/node/node_modules (where .ci/run installs it); it needs Java.
func TestHTMLValidates(t *testing.T) {
	jar := os.Getenv("VNU_JAR")
	if jar == "" {
		jar = filepath.Join(repoRoot, ".ci/node/node_modules/vnu-jar/build/dist/vnu.jar")
	}
	java, err := exec.LookPath("java")
	if _, statErr := os.Stat(jar); statErr != nil || err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("the Nu HTML checker is missing (jar %s, java %v); .ci/run installs it", jar, err)
		}
		t.Skip("the Nu HTML checker is not installed (see .ci/run)")
	}
	xss := t.TempDir()
	if err := WriteFiles(xss, xssSite); err != nil {
		t.Fatal(err)
	}
	// The sample book, the fixture, and the XSS site, whose hostile input
	// must still give valid pages.
	for _, site := range []struct{ src, base string }{{repoRoot, "https://example.org/book/"}, {"testdata/site", ""}, {xss, ""}} {
		var allow []string
		if site.src == xss {
			allow = xssWarnings
		}
		out := buildSiteAllowing(t, site.src, site.base, false, allow...)
		files, err := HTMLFiles(out)
		if err != nil {
			t.Fatal(err)
		}
		args := []string{"-jar", jar, "--errors-only", "--format", "gnu"}
		for _, f := range files {
			args = append(args, filepath.Join(out, f))
		}
		cmd := exec.Command(java, args...)
		var stderr bytes.Buffer
		cmd.Stdout = &stderr
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil || stderr.Len() > 0 {
			t.Errorf("Nu HTML checker on %s (%d pages): %v\n%s", site.src, len(files), err, stderr.String())
		}
	}
}
