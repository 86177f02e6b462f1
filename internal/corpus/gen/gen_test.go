package gen

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/briefbook/briefbook/internal/slug"
)

// hashDir returns a hash of every file's path and content under dir.
func hashDir(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		h.Write([]byte(filepath.ToSlash(rel) + "\x00"))
		h.Write(b)
		h.Write([]byte{0})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func generate(t *testing.T, o Options) string {
	t.Helper()
	if o.Out == "" {
		o.Out = filepath.Join(t.TempDir(), "book")
	}
	if _, err := Generate(o); err != nil {
		t.Fatal(err)
	}
	return o.Out
}

func TestDeterministic(t *testing.T) {
	for _, f := range []Format{FormatBriefbook, FormatHugo} {
		a := hashDir(t, generate(t, Options{N: 200, Seed: 1, Format: f}))
		b := hashDir(t, generate(t, Options{N: 200, Seed: 1, Format: f}))
		prev := runtime.GOMAXPROCS(1)
		one := hashDir(t, generate(t, Options{N: 200, Seed: 1, Format: f}))
		runtime.GOMAXPROCS(prev)
		c := hashDir(t, generate(t, Options{N: 200, Seed: 2, Format: f}))
		if a != b || a != one {
			t.Errorf("%s: runs with the same seed differ", f)
		}
		if a == c {
			t.Errorf("%s: seeds 1 and 2 give the same book", f)
		}
	}
}

// frontmatter splits a file into its YAML frontmatter, decoded into v, and
// its body.
func frontmatter(t *testing.T, path string, v any) string {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fm, body, ok := strings.Cut(strings.TrimPrefix(string(src), "---\n"), "\n---\n")
	if !ok || !strings.HasPrefix(string(src), "---\n") {
		t.Fatalf("%s: no frontmatter", path)
	}
	if err := yaml.Unmarshal([]byte(fm), v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return body
}

type briefMeta struct {
	Title   string
	Date    string
	Domain  any
	Actors  []string
	Sources []string
}

type parsedBook struct {
	names   map[string]string // name or alias key → actor slug
	domains map[string]bool   // domain slugs
	sources map[string]bool
	briefs  map[string]string // slug → path
}

// readBook reads the actors, domains and sources of a book at dir.
func readBook(t *testing.T, dir string) *parsedBook {
	pb := &parsedBook{names: map[string]string{}, domains: map[string]bool{}, sources: map[string]bool{}, briefs: map[string]string{}}
	actors, _ := filepath.Glob(filepath.Join(dir, "content/actors/*.md"))
	if len(actors) != NumActors {
		t.Errorf("%d actor profiles, want %d", len(actors), NumActors)
	}
	for _, p := range actors {
		var a struct {
			Name    string
			Aliases []string
		}
		frontmatter(t, p, &a)
		if n := len(a.Aliases); n < 1 || n > 3 {
			t.Errorf("%s: %d aliases, want 1 to 3", p, n)
		}
		for _, n := range append(a.Aliases, a.Name) {
			if prev, ok := pb.names[slug.Key(n)]; ok {
				t.Errorf("%s: name %q already used by %s", p, n, prev)
			}
			pb.names[slug.Key(n)] = strings.TrimSuffix(filepath.Base(p), ".md")
		}
	}
	domains, _ := filepath.Glob(filepath.Join(dir, "content/domains/*.md"))
	if len(domains) != NumDomains {
		t.Errorf("%d domain profiles, want %d", len(domains), NumDomains)
	}
	for _, p := range domains {
		pb.domains[strings.TrimSuffix(filepath.Base(p), ".md")] = true
	}
	src, err := os.ReadFile(filepath.Join(dir, "content/sources.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var bib map[string]map[string]any
	if err := yaml.Unmarshal(src, &bib); err != nil {
		t.Fatal(err)
	}
	if len(bib) != NumSources {
		t.Errorf("%d sources, want %d", len(bib), NumSources)
	}
	for id := range bib {
		pb.sources[id] = true
	}
	return pb
}

var (
	wikilinkRE = regexp.MustCompile(`\[\[([^\]|#]+)(?:#([^\]|]+))?(?:\|([^\]]+))?\]\]`)
	citationRE = regexp.MustCompile(`\[(@[^\]]+)\]`)
	headingRE  = regexp.MustCompile(`(?m)^## (.+)$`)
)

func TestShape(t *testing.T) {
	const n = 1200
	dir := generate(t, Options{N: n, Seed: 7})
	pb := readBook(t, dir)
	paths, _ := filepath.Glob(filepath.Join(dir, "content/briefs/*/*.md"))
	if len(paths) != n {
		t.Fatalf("%d briefs, want %d", len(paths), n)
	}
	perDir := map[string]int{}
	for _, p := range paths {
		perDir[filepath.Base(filepath.Dir(p))]++
		pb.briefs[strings.TrimSuffix(filepath.Base(p), ".md")] = p
	}
	if perDir["000"] != BriefsPerFolder || perDir["001"] != n-BriefsPerFolder {
		t.Errorf("briefs per folder: %v", perDir)
	}
	actorBriefs := map[string]int{}
	for _, p := range paths {
		for _, a := range checkBrief(t, pb, p) {
			actorBriefs[a]++
		}
	}
	top := 0
	for _, c := range actorBriefs {
		top = max(top, c)
	}
	if share := float64(top) / n; share < 0.2 || share > 0.45 {
		t.Errorf("most common actor is in %.0f%% of briefs, want about 30%%", share*100)
	}
}

// checkBrief checks one brief and returns the slugs of its actors.
func checkBrief(t *testing.T, pb *parsedBook, path string) []string {
	var m briefMeta
	body := frontmatter(t, path, &m)
	if m.Title == "" {
		t.Errorf("%s: no title", path)
	}
	if d, err := time.Parse("2006-01-02", m.Date); err != nil || d.Year() < 2015 || d.Year() > 2025 {
		t.Errorf("%s: date %q not in 2015-2025", path, m.Date)
	}
	domains, _ := m.Domain.([]any)
	if s, ok := m.Domain.(string); ok {
		domains = []any{s}
	}
	for _, d := range domains {
		if s, _ := d.(string); !pb.domains[slug.Make(s)] {
			t.Errorf("%s: unknown domain %v", path, d)
		}
	}
	if len(domains) == 0 {
		t.Errorf("%s: no domain", path)
	}
	var actors []string
	for _, a := range m.Actors {
		s, ok := pb.names[slug.Key(a)]
		if !ok {
			t.Errorf("%s: unknown actor %q", path, a)
		}
		actors = append(actors, s)
	}
	if len(m.Actors) < 2 || len(m.Actors) > 5 {
		t.Errorf("%s: %d actors, want 2 to 5", path, len(m.Actors))
	}
	if len(m.Sources) < 1 || len(m.Sources) > 3 {
		t.Errorf("%s: %d sources, want 1 to 3", path, len(m.Sources))
	}
	for _, s := range m.Sources {
		if !pb.sources[s] {
			t.Errorf("%s: unknown source %q", path, s)
		}
	}
	checkLinks(t, pb, path, body)
	checkCitations(t, path, body, m.Sources)
	if w := len(strings.Fields(body)); w < TargetWords*8/10 || w > TargetWords*12/10 {
		t.Errorf("%s: %d words, want %d ± 20%%", path, w, TargetWords)
	}
	return actors
}

func checkLinks(t *testing.T, pb *parsedBook, path, body string) {
	links := wikilinkRE.FindAllStringSubmatch(body, -1)
	if len(links) != LinksPerBrief {
		t.Errorf("%s: %d wikilinks, want %d", path, len(links), LinksPerBrief)
	}
	for _, l := range links {
		target, ok := pb.briefs[l[1]]
		if !ok {
			t.Errorf("%s: wikilink %s to a missing brief", path, l[0])
			continue
		}
		if target == path {
			t.Errorf("%s: wikilink %s to itself", path, l[0])
		}
		if l[2] == "" {
			continue
		}
		src, _ := os.ReadFile(target)
		found := false
		for _, h := range headingRE.FindAllStringSubmatch(string(src), -1) {
			found = found || headingID(h[1]) == l[2]
		}
		if !found {
			t.Errorf("%s: wikilink %s to a missing heading", path, l[0])
		}
	}
}

func checkCitations(t *testing.T, path, body string, sources []string) {
	cites := citationRE.FindAllStringSubmatch(body, -1)
	if len(cites) != CitesPerBrief {
		t.Errorf("%s: %d citations, want %d", path, len(cites), CitesPerBrief)
	}
	for _, c := range cites {
		for item := range strings.SplitSeq(c[1], ";") {
			id, _, _ := strings.Cut(strings.TrimPrefix(strings.TrimSpace(item), "@"), ",")
			found := false
			for _, s := range sources {
				found = found || s == id
			}
			if !found {
				t.Errorf("%s: citation %s of %q, not in the brief's sources %v", path, c[0], id, sources)
			}
		}
	}
}

func TestHeadingID(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Background", "background"},
		{"Key developments", "key-developments"},
		{"Risks and uncertainties", "risks-and-uncertainties"},
	} {
		if got := headingID(tc.in); got != tc.want {
			t.Errorf("headingID(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestHugoShape(t *testing.T) {
	dir := generate(t, Options{N: 50, Seed: 1, Format: FormatHugo})
	for _, f := range []string{"hugo.toml", "layouts/single.html", "content/_index.md"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "content/briefs/*/*.md"))
	if len(paths) != 50 {
		t.Fatalf("%d briefs, want 50", len(paths))
	}
	for _, p := range paths {
		var m struct{ Slug, Title string }
		body := frontmatter(t, p, &m)
		if m.Slug == "" || strings.Contains(body, "[[") || strings.Contains(body, "[@") {
			t.Errorf("%s: no slug, or briefbook syntax left in the body", p)
		}
		if n := strings.Count(body, "](/briefs/"); n != LinksPerBrief {
			t.Errorf("%s: %d links to briefs, want %d", p, n, LinksPerBrief)
		}
	}
}

func TestRefusesForeignFolder(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Generate(Options{N: 3, Out: dir})
	if !errors.Is(err, ErrNotCorpus) {
		t.Fatalf("Generate into a foreign folder: err = %v, want ErrNotCorpus", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "notes.txt")); string(b) != "mine" {
		t.Error("foreign file was changed")
	}
}

func TestReplaceAndReuse(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "book")
	generate(t, Options{N: 5, Out: dir})
	generate(t, Options{N: 3, Out: dir}) // replaces the book of 5
	paths, _ := filepath.Glob(filepath.Join(dir, "content/briefs/*/*.md"))
	if len(paths) != 3 {
		t.Fatalf("%d briefs after regenerating with n=3, want 3", len(paths))
	}
	if got := hashDir(t, dir); got != hashDir(t, generate(t, Options{N: 3})) {
		t.Error("regenerated book differs from a fresh one")
	}
	for _, tc := range []struct {
		o    Options
		want bool
	}{
		{Options{N: 3, Out: dir, Reuse: true}, false},
		{Options{N: 3, Out: dir, Reuse: true, Seed: 9}, true},
		{Options{N: 3, Out: dir, Reuse: true, Seed: 9}, false},
		{Options{N: 3, Out: dir, Seed: 9}, true},
	} {
		wrote, err := Generate(tc.o)
		if err != nil || wrote != tc.want {
			t.Errorf("Generate(%+v) = %v, %v; want %v, nil", tc.o, wrote, err, tc.want)
		}
	}
}

func TestBadOptions(t *testing.T) {
	for _, o := range []Options{
		{N: 0, Out: t.TempDir()},
		{N: 3, Out: t.TempDir(), Format: "jekyll"},
	} {
		if _, err := Generate(o); err == nil {
			t.Errorf("Generate(%+v) succeeded", o)
		}
	}
}

func TestOneBrief(t *testing.T) {
	dir := generate(t, Options{N: 1})
	paths, _ := filepath.Glob(filepath.Join(dir, "content/briefs/*/*.md"))
	if len(paths) != 1 {
		t.Fatalf("%d briefs, want 1", len(paths))
	}
	b, _ := os.ReadFile(paths[0])
	if bytes.Contains(b, []byte("[[")) {
		t.Error("a book of one brief has a wikilink")
	}
}
