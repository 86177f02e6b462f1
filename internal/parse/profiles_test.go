package parse

import (
	"reflect"
	"testing"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
)

func TestBriefParamsAndLines(t *testing.T) {
	src := "---\ntitle: T\ndate: 2021-04-06\ndomains: [cyber]\nweight: 3\nratio: 0.5\nextra: {a: [1, x, true, null]}\nwhen: 2020-01-02\n---\nBody.\n"
	var d diag.List
	b := Brief(briefPath, []byte(src), &d)
	checkDiags(t, &d, nil)
	wantParams := map[string]any{
		"title": "T", "date": "2021-04-06", "domains": []any{"cyber"}, "weight": 3, "ratio": 0.5,
		"extra": map[string]any{"a": []any{1, "x", true, nil}}, "when": "2020-01-02",
	}
	if !reflect.DeepEqual(b.Params, wantParams) {
		t.Errorf("Params = %#v\nwant %#v", b.Params, wantParams)
	}
	wantLines := map[string]int{"title": 2, "date": 3, "domains": 4, "domain": 4, "weight": 5, "ratio": 6, "extra": 7, "when": 8}
	if !reflect.DeepEqual(b.Line, wantLines) {
		t.Errorf("Line = %v, want %v", b.Line, wantLines)
	}
	if b.Path != briefPath {
		t.Errorf("Path = %q", b.Path)
	}
}

func TestBriefFileSlug(t *testing.T) {
	for _, tt := range []struct{ path, want, diag string }{
		{"content/briefs/GSOMIA Renewal.md", "gsomia-renewal", ""},
		{"content/briefs/sub/한일-정보보호협정.md", "한일-정보보호협정", ""},
		{"content/briefs/日米韓_協力.md", "日米韓-協力", ""},
		{"content/briefs/---.md", "", ` error: file name "---.md" has no letters or digits to make a slug of: rename the file or set slug in the frontmatter`},
	} {
		var d diag.List
		b := Brief(tt.path, []byte("---\ntitle: T\ndate: 2021-04-06\ndomain: x\n---\n"), &d)
		if b.Slug != tt.want {
			t.Errorf("%s: slug %q, want %q", tt.path, b.Slug, tt.want)
		}
		var want []string
		if tt.diag != "" {
			want = []string{tt.diag}
		}
		checkDiags(t, &d, want)
	}
}

func TestActor(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		want  *model.Actor
		diags []string
	}{
		{
			name: "YAML",
			src:  "---\nname: South Korea\naliases: [ROK, Republic of Korea]\nkind: state\nsummary: S\n---\nProfile.\n",
			want: &model.Actor{Slug: "south-korea", Name: "South Korea", Aliases: []string{"ROK", "Republic of Korea"}, Kind: "state", Summary: "S", Profile: true},
		},
		{
			name: "TOML",
			src:  "+++\nname = \"South Korea\"\naliases = \"ROK\"\n+++\n",
			want: &model.Actor{Slug: "south-korea", Name: "South Korea", Aliases: []string{"ROK"}, Profile: true},
		},
		{
			name:  "no frontmatter",
			src:   "South Korea.\n",
			diags: []string{"1:1: error: missing frontmatter: an actor profile must start with --- (YAML) or +++ (TOML)"},
		},
		{
			name:  "empty file",
			src:   "",
			diags: []string{"1:1: error: missing frontmatter: an actor profile must start with --- (YAML) or +++ (TOML)"},
		},
		{
			name: "missing name, bad aliases",
			src:  "---\naliases: 3\nkind: [state]\n---\n",
			want: &model.Actor{Slug: "south-korea", Profile: true},
			diags: []string{
				`1:1: error: missing required field "name"`,
				`2:10: error: field "aliases" must be a list of strings, not a number`,
				`3:7: error: field "kind" must be a string, not a list`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d diag.List
			a := Actor("content/actors/south-korea.md", []byte(tt.src), &d)
			checkDiags(t, &d, tt.diags)
			if tt.want == nil {
				if a != nil {
					t.Errorf("Actor = %+v, want nil", a)
				}
				return
			}
			a.Doc, a.Params = model.Doc{}, nil
			if !reflect.DeepEqual(a, tt.want) {
				t.Errorf("Actor = %+v\nwant %+v", a, tt.want)
			}
		})
	}
}

func TestDomain(t *testing.T) {
	tests := []struct {
		name  string
		path  string
		src   string
		want  *model.Domain
		diags []string
	}{
		{
			name: "full",
			path: "content/domains/cyber.md",
			src:  "---\ntitle: Cyber security\nsummary: S\norder: 2\n---\nBody.\n",
			want: &model.Domain{Slug: "cyber", Title: "Cyber security", Summary: "S", Order: 2, Profile: true},
		},
		{
			name: "no frontmatter, title from slug",
			path: "content/domains/supply-chains.md",
			src:  "Body.\n",
			want: &model.Domain{Slug: "supply-chains", Title: "Supply chains", Profile: true},
		},
		{
			name: "bad order",
			path: "content/domains/space.md",
			src:  "+++\norder = 1.5\n+++\n",
			want: &model.Domain{Slug: "space", Title: "Space", Profile: true},
			diags: []string{
				`2:9: error: field "order" must be an integer, not a decimal number`,
			},
		},
		{
			// As an empty brief or actor profile is an error (issue: an
			// empty actor failed, an empty domain passed without a word).
			name:  "empty file",
			path:  "content/domains/space.md",
			src:   "",
			diags: []string{"1:1: error: empty file: a domain profile has frontmatter (--- for YAML, +++ for TOML), a body, or both; remove the file if the domain needs no profile"},
		},
		{
			name:  "blank file",
			path:  "content/domains/space.md",
			src:   "\n  \r\n\t\n",
			diags: []string{"1:1: error: empty file: a domain profile has frontmatter (--- for YAML, +++ for TOML), a body, or both; remove the file if the domain needs no profile"},
		},
		{
			name: "empty frontmatter and no body is a profile",
			path: "content/domains/space.md",
			src:  "---\n---\n",
			want: &model.Domain{Slug: "space", Title: "Space", Profile: true},
		},
		{
			name:  "malformed",
			path:  "content/domains/space.md",
			src:   "---\ntitle: [\n---\n",
			diags: []string{"2:8: error: malformed YAML: the list that starts here has no closing ]"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d diag.List
			dom := Domain(tt.path, []byte(tt.src), &d)
			checkDiags(t, &d, tt.diags)
			if tt.want == nil {
				if dom != nil {
					t.Errorf("Domain = %+v, want nil", dom)
				}
				return
			}
			dom.Doc, dom.Params = model.Doc{}, nil
			if !reflect.DeepEqual(dom, tt.want) {
				t.Errorf("Domain = %+v\nwant %+v", dom, tt.want)
			}
		})
	}
}

func TestHome(t *testing.T) {
	for _, tt := range []struct {
		src, title string
		diags      []string
	}{
		{"---\ntitle: Seoul and Tokyo\n---\nIntro.\n", "Seoul and Tokyo", nil},
		{"Intro only.\n", "", nil},
		{"---\ntitle: 3\n---\n", "", []string{`2:8: error: field "title" must be a string, not a number`}},
	} {
		var d diag.List
		h := Home("content/_index.md", []byte(tt.src), &d)
		checkDiags(t, &d, tt.diags)
		if h == nil || h.Title != tt.title || h.Path != "content/_index.md" {
			t.Errorf("%q: Home = %+v", tt.src, h)
		}
	}
}

// TestHomeStart checks the home page's start list and the position of
// each slug, for resolve's diagnostics.
func TestHomeStart(t *testing.T) {
	var d diag.List
	h := Home("content/_index.md", []byte("---\nstart: [gsomia, acsa]\n---\n"), &d)
	checkDiags(t, &d, nil)
	if h == nil || !reflect.DeepEqual(h.Start, []string{"gsomia", "acsa"}) ||
		!reflect.DeepEqual(h.StartPos, []model.Pos{{Line: 2, Col: 9, Len: 6}, {Line: 2, Col: 17, Len: 4}}) {
		t.Errorf("Home = %+v", h)
	}
	// Quoted items are underlined with their quotes, as written; escapes
	// and wide characters count as written too.
	h = Home("content/_index.md", []byte("---\nstart:\n  - \"gsomia\"\n  - 'it''s'\n  - \"a\\\"b\"\n  - \"한국\"\n  - \"open\n    two\"\n---\n"), &d)
	checkDiags(t, &d, nil)
	want := []model.Pos{{Line: 3, Col: 5, Len: 8}, {Line: 4, Col: 5, Len: 7}, {Line: 5, Col: 5, Len: 6}, {Line: 6, Col: 5, Len: 4}, {Line: 7, Col: 5, Len: 8}}
	if h == nil || !reflect.DeepEqual(h.StartPos, want) {
		t.Errorf("quoted start items: StartPos = %+v, want %+v", h.StartPos, want)
	}
	h = Home("content/_index.md", []byte("---\nstart: 3\n---\n"), &d)
	checkDiags(t, &d, []string{`2:8: error: field "start" must be a list of strings, not a number`})
	if h == nil || h.Start != nil {
		t.Errorf("Home = %+v", h)
	}
}

func TestPage(t *testing.T) {
	for _, tt := range []struct {
		path, src   string
		slug, title string
		summary     string
		order       int
		body        string
		diags       []string
	}{
		{"content/about.md", "---\ntitle: About this book\nsummary: What it is.\norder: 2\n---\nText.\n", "about", "About this book", "What it is.", 2, "<p>Text.</p>\n", nil},
		{"content/how-to-read.md", "Text only.\n", "how-to-read", "How to read", "", 0, "<p>Text only.</p>\n", nil},
		{"content/about.md", "---\ntitle: [x]\n---\n", "about", "About", "", 0, "", []string{`2:8: error: field "title" must be a string, not a list`}},
	} {
		var d diag.List
		pg := Page(tt.path, []byte(tt.src), &d)
		checkDiags(t, &d, tt.diags)
		if pg == nil || pg.Slug != tt.slug || pg.Title != tt.title || pg.Summary != tt.summary || pg.Order != tt.order || string(pg.Body) != tt.body || pg.Path != tt.path {
			t.Errorf("%q: Page = %+v", tt.src, pg)
		}
	}
}
