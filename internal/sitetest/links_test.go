package sitetest

import (
	"bytes"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/briefbook/briefbook/internal/build"
)

// repoRoot is the repository, whose content/ is the sample book.
const repoRoot = "../.."

// buildSite builds the site in src into a fresh output folder and returns it.
// It fails the test if the build fails or prints any warning.
func buildSite(t *testing.T, src, baseURL string, drafts bool) string {
	t.Helper()
	return buildSiteAllowing(t, src, baseURL, drafts)
}

// buildSiteAllowing is buildSite, but warnings whose message contains one
// of allow are expected.
func buildSiteAllowing(t *testing.T, src, baseURL string, drafts bool, allow ...string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	var stderr bytes.Buffer
	_, err := build.Run(build.Options{Source: src, Output: out, BaseURL: baseURL, Drafts: drafts, Stderr: &stderr})
	if err != nil {
		t.Fatalf("build %s: %v\n%s", src, err, stderr.String())
	}
	for _, line := range strings.Split(stderr.String(), "\n") {
		if strings.Contains(line, "warning:") && !containsAny(line, allow) {
			t.Errorf("build %s printed warnings:\n%s", src, stderr.String())
			break
		}
	}
	return out
}

// TestSampleBookLinksUnderBasePath builds the sample book for a base URL
// with a path and checks every internal link and asset reference of every
// page: it must stay under the base path, resolve to a file of the output,
// and, when it has a fragment, point at an element id on the target page.
func TestSampleBookLinksUnderBasePath(t *testing.T) {
	const base = "https://example.org/book/"
	out := buildSite(t, repoRoot, base, false)
	files, err := HTMLFiles(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 40 {
		t.Fatalf("sample book built only %d HTML files", len(files))
	}
	ids := map[string]map[string]bool{} // output file → element ids
	elems := map[string][]Element{}
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		es, err := Elements(f, data)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		elems[f] = es
		ids[f] = map[string]bool{}
		for _, e := range es {
			if id, ok := e.Attr("id"); ok {
				ids[f][id] = true
			}
		}
	}
	checked := 0
	for _, f := range files {
		for _, e := range elems[f] {
			for _, key := range []string{"href", "src"} {
				v, ok := e.Attr(key)
				if !ok {
					continue
				}
				target, frag, internal := resolveInternal(t, base, f, v)
				if !internal {
					continue
				}
				checked++
				if target == "" {
					t.Errorf("%s: <%s %s=%q> leaves the base path %s", f, e.Tag, key, v, base)
					continue
				}
				info, err := os.Stat(filepath.Join(out, filepath.FromSlash(target)))
				if err == nil && info.IsDir() {
					target = path.Join(target, "index.html")
					_, err = os.Stat(filepath.Join(out, filepath.FromSlash(target)))
				}
				if err != nil {
					t.Errorf("%s: <%s %s=%q> points at %s, which does not exist", f, e.Tag, key, v, target)
					continue
				}
				if frag != "" && strings.HasSuffix(target, ".html") && !ids[target][frag] {
					t.Errorf("%s: <%s %s=%q>: %s has no element with id %q", f, e.Tag, key, v, target, frag)
				}
			}
		}
	}
	if checked < 200 {
		t.Errorf("only %d internal links checked; the sample book should have many more", checked)
	}
}

// resolveInternal maps a link found in output file `from` to the output path
// it points at. internal is false for links to other hosts and non-HTTP
// schemes. target is "" when the link is internal but outside the base path.
func resolveInternal(t *testing.T, base, from, link string) (target, frag string, internal bool) {
	t.Helper()
	b, _ := url.Parse(base)
	u, err := url.Parse(link)
	if err != nil {
		t.Errorf("%s: unparsable URL %q: %v", from, link, err)
		return "", "", false
	}
	if u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
		return "", "", false
	}
	if u.Host != "" && u.Host != b.Host {
		return "", "", false
	}
	page, _ := url.Parse(b.String() + from)
	abs := page.ResolveReference(u)
	if !strings.HasPrefix(abs.Path, b.Path) {
		return "", abs.Fragment, true
	}
	rel := strings.TrimPrefix(abs.Path, b.Path)
	if rel == "" {
		rel = "."
	}
	return rel, abs.Fragment, true
}

// TestSampleBookDeterministic builds the sample book twice and compares the
// two trees byte for byte.
func TestSampleBookDeterministic(t *testing.T) {
	a := buildSite(t, repoRoot, "", false)
	b := buildSite(t, repoRoot, "", false)
	ha, err := TreeHash(a)
	if err != nil {
		t.Fatal(err)
	}
	hb, err := TreeHash(b)
	if err != nil {
		t.Fatal(err)
	}
	if ha != hb {
		t.Errorf("two builds of the sample book differ")
	}
}

// TestSampleBookShape checks the sample book meets the bar the project set
// for it: enough briefs, domains, actors and sources, and the pages a reader
// expects.
func TestSampleBookShape(t *testing.T) {
	out := buildSite(t, repoRoot, "", false)
	count := func(dir string) int {
		entries, err := os.ReadDir(filepath.Join(out, dir))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range entries {
			if e.IsDir() {
				n++
			}
		}
		return n
	}
	for _, c := range []struct {
		dir string
		min int
	}{{"briefs", 12}, {"domains", 8}, {"actors", 15}, {"sources", 4}} {
		if n := count(c.dir); n < c.min {
			t.Errorf("%s: %d pages, want at least %d", c.dir, n, c.min)
		}
	}
	for _, f := range []string{"index.html", "404.html", "sitemap.xml", "feed.xml", "robots.txt", "briefs/index.html", "actors/index.html", "domains/index.html", "sources/index.html"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
}

// readAll reads a whole file or fails the test.
func readAll(t *testing.T, p string) string {
	t.Helper()
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// containsAny reports whether s contains one of subs.
func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
