package render

import (
	"errors"
	"io"
	"strings"
	"testing"

	briefbook "github.com/briefbook/briefbook"
	"github.com/briefbook/briefbook/internal/model"
)

func TestBody(t *testing.T) {
	tests := []struct {
		name string
		ref  model.Ref
		link model.Link
		base string
		want string
	}{
		{"brief", model.Ref{Kind: model.RefBrief, Target: "x"}, model.Link{OK: true, Href: "/briefs/x/", Text: "X"}, "/",
			`<a class="wikilink" href="/briefs/x/">X</a>`},
		{"brief label and base path", model.Ref{Kind: model.RefBrief, Target: "x", Label: "see x"}, model.Link{OK: true, Href: "/briefs/x/#h", Text: "X"}, "/book/",
			`<a class="wikilink" href="/book/briefs/x/#h">see x</a>`},
		{"unicode slug", model.Ref{Kind: model.RefBrief, Target: "한일"}, model.Link{OK: true, Href: "/briefs/한일/", Text: "한일"}, "/",
			`<a class="wikilink" href="/briefs/%ED%95%9C%EC%9D%BC/">한일</a>`},
		{"actor", model.Ref{Kind: model.RefActor, Target: "ROK"}, model.Link{OK: true, Href: "/actors/south-korea/", Text: "South Korea"}, "/b/",
			`<a class="wikilink" href="/b/actors/south-korea/">South Korea</a>`},
		{"domain", model.Ref{Kind: model.RefDomain, Target: "cyber"}, model.Link{OK: true, Href: "/domains/cyber/", Text: "Cyber"}, "/",
			`<a class="wikilink" href="/domains/cyber/">Cyber</a>`},
		{"source", model.Ref{Kind: model.RefSource, Target: "s"}, model.Link{OK: true, Href: "/sources/s/", Text: "A & B"}, "/",
			`<a class="wikilink" href="/sources/s/">A &amp; B</a>`},
		{"broken brief", model.Ref{Kind: model.RefBrief, Target: "nope"}, model.Link{}, "/",
			`<span class="wikilink broken">nope</span>`},
		{"broken actor with label", model.Ref{Kind: model.RefActor, Target: "X", Label: "the X"}, model.Link{}, "/",
			`<span class="wikilink broken">the X</span>`},
		{"script in label", model.Ref{Kind: model.RefBrief, Target: "x", Label: "<script>alert(1)</script>"}, model.Link{OK: true, Href: "/briefs/x/"}, "/",
			`<a class="wikilink" href="/briefs/x/">&lt;script&gt;alert(1)&lt;/script&gt;</a>`},
		{"script in title", model.Ref{Kind: model.RefBrief, Target: "x"}, model.Link{OK: true, Href: "/briefs/x/", Text: `"><script>x</script>`}, "/",
			`<a class="wikilink" href="/briefs/x/">&#34;&gt;&lt;script&gt;x&lt;/script&gt;</a>`},
		{"quote in href", model.Ref{Kind: model.RefBrief, Target: "x"}, model.Link{OK: true, Href: `/briefs/a"b/`, Text: "X"}, "/",
			`<a class="wikilink" href="/briefs/a%22b/">X</a>`},
		{"citation", model.Ref{Kind: model.RefCitation, Cites: []model.Cite{{ID: "a"}}}, model.Link{Numbers: []int{2}, OK: true}, "/",
			`<sup class="cite">[<a href="#ref:2" id="cite:0" aria-label="Reference 2">2</a>]</sup>`},
		{"citation with locators", model.Ref{Kind: model.RefCitation, Cites: []model.Cite{{ID: "a", Locator: "p. <12>"}, {ID: "b"}}}, model.Link{Numbers: []int{1, 3}, OK: true}, "/",
			`<sup class="cite">[<a href="#ref:1" id="cite:0" aria-label="Reference 1, p. &lt;12&gt;">1, p. &lt;12&gt;</a>; <a href="#ref:3" aria-label="Reference 3">3</a>]</sup>`},
		{"citation with prefixes", model.Ref{Kind: model.RefCitation, Cites: []model.Cite{{Prefix: "see <b>", ID: "a", Locator: "p. 3"}, {Prefix: "also", ID: "b"}}}, model.Link{Numbers: []int{1, 0}}, "/",
			`<sup class="cite">[see &lt;b&gt; <a href="#ref:1" id="cite:0" aria-label="Reference 1, p. 3">1, p. 3</a>; also <span class="broken">?b</span>]</sup>`},
		{"unknown citation", model.Ref{Kind: model.RefCitation, Cites: []model.Cite{{ID: "<x>"}, {ID: "b"}}}, model.Link{Numbers: []int{0, 1}}, "/",
			`<sup class="cite">[<span class="broken">?&lt;x&gt;</span>; <a href="#ref:1" id="cite:0" aria-label="Reference 1">1</a>]</sup>`},
		{"relative link", model.Ref{Kind: model.RefRelLink, Target: "../x.md"}, model.Link{OK: true, Href: "/briefs/x/"}, "/book/",
			`/book/briefs/x/`},
		{"broken relative link", model.Ref{Kind: model.RefRelLink, Target: "../x.md"}, model.Link{}, "/book/", `#`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := &model.Doc{Body: []byte("a" + model.Marker(0) + "b"), Refs: []model.Ref{tt.ref}, Links: []model.Link{tt.link}}
			got := mustBody(t, doc, tt.base)
			if want := "a" + tt.want + "b"; got != want {
				t.Errorf("got  %s\nwant %s", got, want)
			}
		})
	}
}

func TestBodyMarkers(t *testing.T) {
	refs := []model.Ref{{Kind: model.RefBrief}, {Kind: model.RefBrief}}
	links := []model.Link{
		{OK: true, Href: "/briefs/a/", Text: "A"},
		{OK: true, Href: "/briefs/b/", Text: "B"},
	}
	tests := []struct{ name, body, want string }{
		{"no marker", "<p>plain</p>", "<p>plain</p>"},
		{"two markers, reordered", model.Marker(1) + " " + model.Marker(0),
			`<a class="wikilink" href="/briefs/b/">B</a> <a class="wikilink" href="/briefs/a/">A</a>`},
		{"marker out of range is dropped", "x" + model.Marker(7) + "y", "xy"},
		{"garbage marker is dropped", "x\x00zz\x00y", "xy"},
		{"unterminated marker", "x\x001", "x1"},
	}
	for _, tt := range tests {
		doc := &model.Doc{Body: []byte(tt.body), Refs: refs, Links: links}
		if got := mustBody(t, doc, "/"); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestCiteAnchors(t *testing.T) {
	doc := &model.Doc{
		Refs: []model.Ref{
			{Kind: model.RefBrief},
			{Kind: model.RefCitation},
			{Kind: model.RefCitation},
			{Kind: model.RefCitation},
		},
		Links: []model.Link{{}, {Numbers: []int{2}}, {Numbers: []int{0, 1, 2}}, {Numbers: []int{1}}},
	}
	got := citeAnchors(doc)
	want := map[int]string{2: "cite:1", 1: "cite:2"}
	if len(got) != len(want) || got[1] != want[1] || got[2] != want[2] {
		t.Errorf("citeAnchors = %v, want %v", got, want)
	}
}

func TestBasePath(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "/"},
		{"https://example.org", "/"},
		{"https://example.org/", "/"},
		{"https://example.org/book/", "/book/"},
		{"https://example.org/book", "/book/"},
		{"https://example.org/a/b/", "/a/b/"},
		{"/docs/", "/docs/"},
	}
	for _, tt := range tests {
		if got := BasePath(tt.in); got != tt.want {
			t.Errorf("BasePath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRelAbs(t *testing.T) {
	tests := []struct{ base, path, rel, abs string }{
		{"", "/briefs/x/", "/briefs/x/", "/briefs/x/"},
		{"https://example.org/book/", "/briefs/x/", "/book/briefs/x/", "https://example.org/book/briefs/x/"},
		{"https://example.org/book", "/", "/book/", "https://example.org/book/"},
		{"https://example.org/", "feed.xml", "/feed.xml", "https://example.org/feed.xml"},
		{"https://example.org/", "/briefs/한/", "/briefs/%ED%95%9C/", "https://example.org/briefs/%ED%95%9C/"},
	}
	for _, tt := range tests {
		r := &Renderer{base: BasePath(tt.base)}
		if tt.base != "" {
			r.absBase = strings.TrimSuffix(tt.base, "/") + "/"
		}
		if got := r.rel(tt.path); got != tt.rel {
			t.Errorf("base %q: rel(%q) = %q, want %q", tt.base, tt.path, got, tt.rel)
		}
		if got := r.abs(tt.path); got != tt.abs {
			t.Errorf("base %q: abs(%q) = %q, want %q", tt.base, tt.path, got, tt.abs)
		}
	}
}

func TestEscapeURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/a/b/?q=1&r=2#f", "/a/b/?q=1&r=2#f"},
		{"/a b/", "/a%20b/"},
		{"/%ED%95%9C/", "/%ED%95%9C/"},
		{"/한/", "/%ED%95%9C/"},
		{`/"<>/`, "/%22%3C%3E/"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := escapeURL(tt.in); got != tt.want {
			t.Errorf("escapeURL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// mustBody returns Body(doc, base), failing the test on an error.
func mustBody(t *testing.T, doc *model.Doc, base string) string {
	t.Helper()
	h, err := Body(doc, base)
	if err != nil {
		t.Fatal(err)
	}
	return string(h)
}

// TestBodyLoadError checks that a body that cannot be read back is an
// error of the pages showing it, not a panic: the brief page (written by
// generated Go code), a domain page (written by its template), the whole
// book, which shows every brief, and the feed, which carries every body.
func TestBodyLoadError(t *testing.T) {
	b := fixtureBook()
	broken := errors.New("disk on fire")
	fail := func(dst []byte) ([]byte, error) { return dst, broken }
	b.BriefBySlug["gsomia"].StoreBody(fail)
	b.DomainBySlug["security"].StoreBody(fail)
	r, err := New(briefbook.Theme, b.Site)
	if err != nil {
		t.Fatal(err)
	}
	failed := map[string]bool{}
	for _, p := range r.Pages(b) {
		if err := p.Write(io.Discard); err != nil {
			if !errors.Is(err, broken) {
				t.Errorf("%s: error %v does not wrap the read error", p.Path, err)
			}
			failed[p.Path] = true
		}
	}
	for _, p := range []string{"briefs/gsomia/index.html", "domains/security/index.html", "book/index.html", "feed.xml"} {
		if !failed[p] {
			t.Errorf("%s: written although its body cannot be read", p)
		}
	}
	if len(failed) != 4 {
		t.Errorf("failed pages %v, want only the four showing a broken body", failed)
	}
}
