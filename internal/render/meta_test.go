package render

import (
	"encoding/json"
	"encoding/xml"
	"html/template"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestDescribe(t *testing.T) {
	long := strings.Repeat("word ", 40) // 200 characters
	tests := []struct{ in, want string }{
		{"", ""},
		{"  Short\n summary.  ", "Short summary."},
		{long, strings.TrimSpace(strings.Repeat("word ", 31)) + "…"},
		{strings.Repeat("あ", 200), strings.Repeat("あ", 159) + "…"},
		{strings.Repeat("a", 150) + ", and then some more words here", strings.Repeat("a", 150) + ", and…"},
	}
	for _, tt := range tests {
		got := describe(tt.in)
		if got != tt.want {
			t.Errorf("describe(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if n := utf8.RuneCountInString(got); n > maxDescription {
			t.Errorf("describe(%q) has %d characters, more than %d", tt.in, n, maxDescription)
		}
	}
}

func TestFirstParagraph(t *testing.T) {
	tests := []struct{ in, want string }{
		{`<h2 id="a">Heading</h2><p>First <em>one</em><sup class="cite">[<a href="#ref:1">1</a>]</sup> &amp; more.</p><p>Second.</p>`, "First one & more."},
		{`<p> </p><p>Then this.</p>`, "Then this."},
		{`<ul><li>No paragraph</li></ul>`, ""},
	}
	for _, tt := range tests {
		if got := firstParagraph(template.HTML(tt.in)); got != tt.want {
			t.Errorf("firstParagraph(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestOGLocale(t *testing.T) {
	for in, want := range map[string]string{"": "en", "en": "en", "en-GB": "en_GB", "zh-Hant-TW": "zh_Hant_TW"} {
		if got := ogLocale(in); got != want {
			t.Errorf("ogLocale(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestHeadMetadata checks the head of the fixture's pages: a meta
// description on every page, Open Graph and Twitter tags, an Article with
// authors, dates, citations and the book on briefs, and a BreadcrumbList
// on pages below a section.
func TestHeadMetadata(t *testing.T) {
	_, out := renderFixture(t)
	ld := regexp.MustCompile(`<script type="application/ld\+json">([^<]*)</script>`)
	for p, b := range out {
		if !strings.HasSuffix(p, ".html") || strings.HasSuffix(p, "preview.json") {
			continue
		}
		s := string(b)
		for _, tag := range []string{`<meta name="description" content="`, `<meta property="og:title"`, `<meta property="og:site_name"`, `<meta property="og:locale" content="en">`, `<meta name="twitter:card" content="summary">`} {
			if !strings.Contains(s, tag) {
				t.Errorf("%s: no %s", p, tag)
			}
		}
		if p != "404.html" && !strings.Contains(s, `<meta property="og:url" content="https://example.org/book/`) {
			t.Errorf("%s: no absolute og:url", p)
		}
		var things []map[string]any
		for _, m := range ld.FindAllStringSubmatch(s, -1) {
			var v map[string]any
			if err := json.Unmarshal([]byte(m[1]), &v); err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			things = append(things, v)
		}
		types := map[string]map[string]any{}
		for _, v := range things {
			types[v["@type"].(string)] = v
		}
		isBrief := strings.HasPrefix(p, "briefs/") && p != "briefs/index.html" && !strings.HasPrefix(p, "briefs/page/")
		if isBrief != (types["Article"] != nil) {
			t.Errorf("%s: Article %v, want %v", p, types["Article"] != nil, isBrief)
		}
		below := isBrief || regexp.MustCompile(`^(domains|actors|sources)/[^/]+/`).MatchString(p) && !strings.Contains(p, "/page/")
		if below && types["BreadcrumbList"] == nil {
			t.Errorf("%s: no BreadcrumbList", p)
		}
	}
	s := string(out["briefs/gsomia/index.html"])
	for _, want := range []string{
		`<meta property="og:type" content="article">`,
		`<meta property="article:published_time" content="2021-04-06">`,
		`<meta property="article:modified_time" content="2021-05-01">`,
		`<meta property="article:author" content="Jane Analyst">`,
		`"@type":"Article"`, `"headline":"GSOMIA \u0026 the`,
		`"author":[{"@type":"Person","name":"Jane Analyst"}`,
		`"datePublished":"2021-04-06","dateModified":"2021-05-01"`,
		`"isPartOf":{"@type":"Book","name":"Seoul–Tokyo Briefing Book","url":"https://example.org/book/"}`,
		`"citation":[{"@type":"CreativeWork","name":"Security Cooperation with Seoul and Tokyo: Changing the Conversation"`,
		`{"@type":"ListItem","position":2,"name":"Briefs","item":"https://example.org/book/briefs/"}`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("briefs/gsomia/index.html: no %s", want)
		}
	}
	if s := string(out["briefs/index.html"]); !strings.Contains(s, `<meta property="og:type" content="website">`) {
		t.Errorf("briefs/index.html: og:type is not website")
	}
}

// TestFeedContent checks that each feed entry carries the brief's whole
// body as HTML (RFC 4287 content type="html"), its links and images
// absolute, relative fragments resolved by xml:base, and one author
// element per author.
func TestFeedContent(t *testing.T) {
	_, out := renderFixture(t)
	var f struct {
		Entries []struct {
			ID      string `xml:"id"`
			Authors []struct {
				Name string `xml:"name"`
			} `xml:"author"`
			Content struct {
				Type string `xml:"type,attr"`
				Base string `xml:"base,attr"`
				Text string `xml:",chardata"`
			} `xml:"content"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(out["feed.xml"], &f); err != nil {
		t.Fatal(err)
	}
	rel := regexp.MustCompile(`(?:href|src)="/`)
	for _, e := range f.Entries {
		c := e.Content
		if c.Type != "html" || c.Base != e.ID || !strings.HasPrefix(c.Text, "<") {
			t.Errorf("%s: content type %q, xml:base %q, text %.40q", e.ID, c.Type, c.Base, c.Text)
		}
		if rel.MatchString(c.Text) {
			t.Errorf("%s: content has a root-relative link: %s", e.ID, c.Text)
		}
		if e.ID == fixtureBaseURL+"briefs/gsomia/" {
			if len(e.Authors) != 2 || e.Authors[0].Name != "Jane Analyst" || e.Authors[1].Name != "Kim Min-ji" {
				t.Errorf("gsomia authors = %+v", e.Authors)
			}
			for _, want := range []string{`<h2 id="background">Background</h2>`, `href="` + fixtureBaseURL + `actors/south-korea/"`, `href="#ref:1"`} {
				if !strings.Contains(c.Text, want) {
					t.Errorf("gsomia content has no %s:\n%s", want, c.Text)
				}
			}
		}
	}
}
