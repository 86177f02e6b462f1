package render

import (
	"bytes"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	briefbook "github.com/briefbook/briefbook"
	"github.com/briefbook/briefbook/internal/model"
)

// TestBookPage checks /book/ of the fixture: every brief once, in book
// order, and ids unique on the page.
func TestBookPage(t *testing.T) {
	_, out := renderFixture(t)
	page := string(out["book/index.html"])
	if page == "" {
		t.Fatal("no book/index.html")
	}
	fb := fixtureBook()
	var want []string
	for _, ch := range bookOrder(fb) {
		for _, br := range ch.Briefs {
			want = append(want, "b:"+br.Slug)
		}
	}
	if len(want) != len(fb.Briefs) {
		t.Fatalf("book order holds %d briefs, the book %d", len(want), len(fb.Briefs))
	}
	var got []string
	for _, m := range regexp.MustCompile(`<article class="book-brief" id="([^"]+)"`).FindAllStringSubmatch(page, -1) {
		got = append(got, m[1])
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("briefs on /book/: %q, want %q", got, want)
	}
	seen := map[string]bool{}
	for _, m := range idRE.FindAllStringSubmatch(page, -1) {
		if seen[m[1]] {
			t.Errorf("id %q twice on /book/", m[1])
		}
		seen[m[1]] = true
	}
}

// TestBookHTML checks how a body is fitted into the book: ids and links
// within it prefixed, links to briefs of the book kept on the page,
// headings moved down, everything else as it was.
func TestBookHTML(t *testing.T) {
	inBook := map[string]string{"/x/briefs/b/": "b:b", "/x/briefs/%EC%9A%A9/": "b:용"}
	tests := []struct{ in, want string }{
		{`<h2 id="why">Why</h2>`, `<h4 id="b:a:why">Why</h4>`},
		{`<h1>T</h1><h5>F</h5>`, `<h3>T</h3><h6>F</h6>`},
		{`<sup class="cite">[<a href="#ref:1" id="cite:0">1</a>]</sup>`, `<sup class="cite">[<a href="#b:a:ref:1" id="b:a:cite:0">1</a>]</sup>`},
		{`<a class="wikilink" href="/x/briefs/b/">B &amp; C</a>`, `<a class="wikilink" href="#b:b">B &amp; C</a>`},
		{`<a href="/x/briefs/b/#intro">i</a>`, `<a href="#b:b:intro">i</a>`},
		{`<a href="/x/briefs/%EC%9A%A9/">k</a>`, `<a href="#b:용">k</a>`},
		{`<a href="/x/actors/c/">c</a> <a href="https://e.org/?a=1&amp;b=2">e</a>`, `<a href="/x/actors/c/">c</a> <a href="https://e.org/?a=1&amp;b=2">e</a>`},
		{`<p>a &lt; b<br/>c</p><img src="i.png" alt="&quot;">`, `<p>a &lt; b<br/>c</p><img src="i.png" alt="&quot;">`},
		{`<h2 id='q"'>x</h2 >`, `<h4 id="b:a:q&#34;">x</h4>`},
	}
	for _, tt := range tests {
		if got := bookHTML(tt.in, "b:a:", inBook, 2); got != tt.want {
			t.Errorf("bookHTML(%q)\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// TestBookEmpty renders the book of a book with no briefs.
func TestBookEmpty(t *testing.T) {
	b := &model.Book{Site: model.Site{Title: "Empty"}}
	r, err := New(briefbook.Theme, b.Site)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range r.Pages(b) {
		if p.Path != "book/index.html" {
			continue
		}
		var buf bytes.Buffer
		if err := p.Write(&buf); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(buf.String(), "0 briefs in 0 parts") {
			t.Errorf("empty book page does not say it is empty:\n%s", buf.String())
		}
		return
	}
	t.Error("no book/index.html")
}

// TestBookTooBig checks that a book of more than MaxBookBriefs briefs gets
// a /book/ page listing its domains, not every brief.
func TestBookTooBig(t *testing.T) {
	dom := &model.Domain{Slug: "d", Title: "Only domain", URL: "/domains/d/"}
	b := &model.Book{Site: model.Site{Title: "Big"}, Domains: []*model.Domain{dom}}
	for i := range MaxBookBriefs + 1 {
		br := &model.Brief{Slug: "b" + strconv.Itoa(i), Title: "B", Date: day("2021-01-01"), URL: "/briefs/b" + strconv.Itoa(i) + "/", DomainList: []*model.Domain{dom}}
		b.Briefs = append(b.Briefs, br)
		dom.Briefs = append(dom.Briefs, br)
	}
	r, err := New(briefbook.Theme, b.Site)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range r.Pages(b) {
		if p.Path != "book/index.html" {
			continue
		}
		var buf bytes.Buffer
		if err := p.Write(&buf); err != nil {
			t.Fatal(err)
		}
		page := buf.String()
		if strings.Contains(page, "book-brief") || !strings.Contains(page, `href="/domains/d/">Only domain</a>`) || !strings.Contains(page, "2001 briefs") {
			t.Errorf("the /book/ page of a book too big to show whole:\n%s", page)
		}
		return
	}
	t.Error("no book/index.html")
}
