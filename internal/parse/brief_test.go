package parse

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
)

// diags returns the diagnostics of d as "line:col: severity: message",
// without the path, which every test fixes.
func diags(d *diag.List) []string {
	var out []string
	for _, x := range d.Sorted() {
		s := x.String()
		out = append(out, s[strings.Index(s, ":")+1:])
	}
	return out
}

func checkDiags(t *testing.T, d *diag.List, want []string) {
	t.Helper()
	if got := diags(d); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

const briefPath = "content/briefs/GSOMIA Renewal.md"

// briefFields is what TestBrief compares: the frontmatter fields of a Brief.
type briefFields struct {
	Slug, Title, Summary string
	Date, Updated        time.Time
	Authors              []string
	Domains              []string
	Actors               []string
	Sources              []model.SourceRef
	Draft                bool
	Lang                 string
}

func fieldsOf(b *model.Brief) briefFields {
	return briefFields{b.Slug, b.Title, b.Summary, b.Date, b.Updated, b.Authors, b.Domains, b.Actors, b.Sources, b.Draft, b.Lang}
}

var minimal = briefFields{Slug: "gsomia-renewal", Title: "T", Date: date("2021-04-06"), Domains: []string{"cyber"}}

func with(f func(*briefFields)) briefFields {
	b := minimal
	f(&b)
	return b
}

func TestBrief(t *testing.T) {
	tests := []struct {
		name  string
		src   string
		want  *briefFields // nil: Brief returns nil
		diags []string
	}{
		{
			name: "minimal YAML",
			src:  "---\ntitle: T\ndate: 2021-04-06\ndomain: cyber\n---\nBody.\n",
			want: &minimal,
		},
		// Issue 10: blank authors gave <name/> in the feed and "Authors: and".
		{
			name: "blank authors",
			src:  "---\ntitle: T\ndate: 2021-04-06\ndomain: cyber\nauthors: [\"\", \" \", Kim, \"\\u3000\"]\n---\nBody.\n",
			want: ptr(with(func(b *briefFields) { b.Authors = []string{"Kim"} })),
			diags: []string{
				`5:11: error: item 1 of field "authors" is blank: give a name or remove it`,
				`5:15: error: item 2 of field "authors" is blank: give a name or remove it`,
				`5:25: error: item 4 of field "authors" is blank: give a name or remove it`,
			},
		},
		{
			name:  "blank author",
			src:   "---\ntitle: T\ndate: 2021-04-06\ndomain: cyber\nauthors: \" \"\n---\nBody.\n",
			want:  &minimal,
			diags: []string{`5:10: error: item 1 of field "authors" is blank: give a name or remove it`},
		},
		{
			name: "minimal TOML",
			src:  "+++\ntitle = \"T\"\ndate = 2021-04-06\ndomain = \"cyber\"\n+++\nBody.\n",
			want: &minimal,
		},
		{
			name: "every field YAML",
			src: `---
title: "Renewing GSOMIA"
date: 2019-11-22
updated: "2020-01-02"
summary: Seoul suspends, then keeps, the pact.
authors: [Kim, Sato]
domain: [intelligence, Diplomacy]
actors:
  - ROK
  - Japan
sources:
  - haggard-2021
  - id: mofa-2016
    title: Agreement
    authors: MOFA
    publisher: Ministry
    date: 2016
    url: https://example.org/a
    note: signed
  - {id: only-id}
draft: true
slug: GSOMIA 2019
---
Body.
`,
			want: &briefFields{
				Slug: "gsomia-2019", Title: "Renewing GSOMIA", Summary: "Seoul suspends, then keeps, the pact.",
				Date: date("2019-11-22"), Updated: date("2020-01-02"),
				Authors: []string{"Kim", "Sato"}, Domains: []string{"intelligence", "Diplomacy"},
				Actors: []string{"ROK", "Japan"},
				Sources: []model.SourceRef{
					{ID: "haggard-2021", Line: 12, Col: 5},
					{ID: "mofa-2016", Line: 13, Col: 5, Inline: &model.Source{
						ID: "mofa-2016", Title: "Agreement", Authors: []string{"MOFA"}, Names: []model.Name{{Literal: "MOFA"}}, Publisher: "Ministry",
						Date: "2016", URL: "https://example.org/a", Note: "signed", Path: briefPath, Line: 13,
					}},
					{ID: "only-id", Line: 20, Col: 5},
				},
				Draft: true,
			},
		},
		{
			name: "every field TOML",
			src: `+++
title = "Renewing GSOMIA"
date = 2019-11-22
updated = "2020-01-02"
summary = "S"
authors = "Kim"
domains = ["intelligence"]
actors = ["ROK", "Japan"]
sources = ["haggard-2021"]
draft = false
slug = "한일 정보보호협정"

[[sources]]
id = "x"
+++
`,
			diags: []string{"13:3: error: malformed TOML: key 'sources' was already created and cannot be used as an array"},
		},
		{
			name: "TOML array of tables",
			src: `+++
title = "T"
date = 2021-04-06
domain = "cyber"
slug = "한일 정보보호협정"
authors = "Kim"

[[sources]]
id = "a"

[[sources]]
id = "b"
title = "B"
date = 2020-01-02
+++
`,
			want: with(func(b *briefFields) {
				b.Slug = "한일-정보보호협정"
				b.Authors = []string{"Kim"}
				b.Sources = []model.SourceRef{
					{ID: "a", Line: 8, Col: 1},
					{ID: "b", Line: 11, Col: 1, Inline: &model.Source{ID: "b", Title: "B", Date: "2020-01-02", Path: briefPath, Line: 11}},
				}
			}).ptr(),
		},
		{
			name: "single strings for lists",
			src:  "---\ntitle: T\ndate: 2021-04-06\ndomains: cyber\nauthors: Kim\nactors: ROK\nsources: haggard\n---\n",
			want: with(func(b *briefFields) {
				b.Authors = []string{"Kim"}
				b.Actors = []string{"ROK"}
				b.Sources = []model.SourceRef{{ID: "haggard", Line: 7, Col: 10}}
			}).ptr(),
		},
		{
			name: "leading blank lines, CRLF, byte order mark",
			src:  "\ufeff\r\n---\r\ntitle: T\r\ndate: 2021-04-06\r\ndomain: cyber\r\nbad: [\r\n---\r\n",
			diags: []string{
				"6:6: error: malformed YAML: the list that starts here has no closing ]",
			},
		},
		{
			name: "unclosed flow sequence is reported on its own line",
			src:  "---\ntitle: T\ndate: 2021-04-06\ndomain: [cyber\nactors: [Japan]\n---\nBody.\n",
			diags: []string{
				"4:9: error: malformed YAML: the list that starts here has no closing ]",
			},
		},
		{
			name:  "unclosed flow sequence reported where it opens, not where yaml.v3 gives up",
			src:   "---\ntitle: [broken\ndate: 2021-04-06\ndomain: cyber\n---\nBody.\n",
			diags: []string{"2:8: error: malformed YAML: the list that starts here has no closing ]"},
		},
		{
			name:  "unclosed flow mapping inside a closed list",
			src:   "---\ntitle: T\ndate: 2021-04-06\ndomain: [cyber, {a: b, c]\n---\nBody.\n",
			diags: []string{"4:17: error: malformed YAML: the mapping that starts here has no closing }"},
		},
		{
			name: "unknown keys are kept, not errors",
			src:  "---\ntitle: T\ndate: 2021-04-06\ndomain: cyber\nweight: 3\n---\n",
			want: &minimal,
		},
		{
			name:  "no frontmatter",
			src:   "# Title\n\nBody.\n",
			diags: []string{"1:1: error: missing frontmatter: a brief must start with --- (YAML) or +++ (TOML)"},
		},
		{
			name:  "empty file",
			src:   "",
			diags: []string{"1:1: error: missing frontmatter: a brief must start with --- (YAML) or +++ (TOML)"},
		},
		{
			name:  "unterminated YAML",
			src:   "\n---\ntitle: T\n",
			diags: []string{"2:1: error: unterminated frontmatter: no closing --- line"},
		},
		{
			name:  "unterminated TOML",
			src:   "+++\ntitle = \"T\"\n---\n",
			diags: []string{"1:1: error: unterminated frontmatter: no closing +++ line"},
		},
		{
			name:  "unclosed double quote is reported where it opens",
			src:   "---\ntitle: \"Unclosed\ndate: 2021-04-06\ndomain: cyber\n---\nBody.\n",
			diags: []string{`2:8: error: malformed YAML: the quoted text that starts here has no closing "`},
		},
		{
			name:  "unclosed single quote after closed ones, a comment and an apostrophe",
			src:   "---\ntitle: 'It''s \"fine\"' # a 'comment\nsummary: Korea's view\nactors: [\"Japan\", 'Seoul]\n---\n",
			diags: []string{`4:19: error: malformed YAML: the quoted text that starts here has no closing '`},
		},
		{
			name:  "unclosed quote closed by the next value's quote",
			src:   "---\ntitle: \"GSOMIA: The Pact\ndate: 2021-04-06\nsummary: \"S\"\ndomain: cyber\n---\n",
			diags: []string{`2:8: error: malformed YAML: the quoted text that starts here has no closing "`},
		},
		{
			name:  "a quoted value on two lines is not an unclosed quote",
			src:   "---\ntitle: \"T\"\nsummary: \"one\n  two\"\ndate: 2021-04-06\ndomain: [cyber\n---\n",
			diags: []string{"6:9: error: malformed YAML: the list that starts here has no closing ]"},
		},
		{
			name:  "malformed YAML",
			src:   "---\ntitle: T\ndate: 2021-04-06: x\n---\n",
			diags: []string{"3:1: error: malformed YAML: mapping values are not allowed in this context"},
		},
		{
			name:  "malformed YAML tab indent",
			src:   "---\ntitle: T\nactors:\n\t- ROK\n---\n",
			diags: []string{"4:1: error: malformed YAML: found character that cannot start any token"},
		},
		{
			name:  "malformed YAML tab indent after a plain scalar: at the tab, not the line before",
			src:   "---\ntitle: T\ndate: 2021-04-06\ndomain: d\n\tactors: [x]\n---\n",
			diags: []string{"5:1: error: malformed YAML: found a tab character that violates indentation"},
		},
		{
			name:  "malformed TOML",
			src:   "+++\ntitle = \"T\"\ndate = 2021-13-45\n+++\n",
			diags: []string{"3:8: error: invalid date \"2021-13-45\": there is no month 13"},
		},
		{
			name:  "TOML date with no such day",
			src:   "+++\ntitle = \"T\"\ndate = 2021-02-30\n+++\n",
			diags: []string{"3:8: error: invalid date \"2021-02-30\": February 2021 has no day 30"},
		},
		{
			name:  "unknown YAML anchor",
			src:   "---\ntitle: T\nactors: *nope\n---\n",
			diags: []string{"3:1: error: malformed YAML: unknown anchor 'nope' referenced"},
		},
		{
			name:  "frontmatter not a map",
			src:   "---\n- a\n- b\n---\n",
			diags: []string{"2:1: error: frontmatter must be a map of keys to values, not a list"},
		},
		{
			name: "empty frontmatter",
			src:  "---\n---\nBody.\n",
			want: &briefFields{Slug: "gsomia-renewal"},
			diags: []string{
				`1:1: error: missing required field "date"`,
				`1:1: error: missing required field "domain"`,
				`1:1: error: missing required field "title"`,
			},
		},
		{
			name:  "a draft without a domain yet: a warning",
			src:   "---\ntitle: T\ndate: 2021-04-06\ndraft: true\n---\n",
			want:  &briefFields{Slug: "gsomia-renewal", Title: "T", Date: date("2021-04-06"), Draft: true},
			diags: []string{`1:1: warning: draft has no "domain" yet: give it one before publishing it`},
		},
		{
			name:  "a draft with an empty domain list: a warning",
			src:   "---\ntitle: T\ndate: 2021-04-06\ndomains: []\ndraft: true\n---\n",
			want:  &briefFields{Slug: "gsomia-renewal", Title: "T", Date: date("2021-04-06"), Draft: true},
			diags: []string{`4:1: warning: draft has no "domains" yet: give it one before publishing it`},
		},
		{
			name:  "a draft with an empty domain: the warning at the key",
			src:   "---\ntitle: T\ndate: 2021-04-06\ndraft: true\ndomain:\n---\n",
			want:  &briefFields{Slug: "gsomia-renewal", Title: "T", Date: date("2021-04-06"), Draft: true},
			diags: []string{`5:1: warning: draft has no "domain" yet: give it one before publishing it`},
		},
		{
			name:  "draft: false still needs a domain",
			src:   "---\ntitle: T\ndate: 2021-04-06\ndraft: false\n---\n",
			want:  &briefFields{Slug: "gsomia-renewal", Title: "T", Date: date("2021-04-06")},
			diags: []string{`1:1: error: missing required field "domain"`},
		},
		{
			name:  "a short key close to a missing one: the error at the typo",
			src:   "---\ntitle: T\ndat: 2021-04-06\ndomain: cyber\n---\n",
			want:  &briefFields{Slug: "gsomia-renewal", Title: "T", Domains: []string{"cyber"}},
			diags: []string{`3:1: error: missing required field "date"; did you mean "date" instead of "dat"?`},
		},
		{
			name: "missing title and bad date: two errors",
			src:  "---\ndate: 2021-13-45\ndomain: cyber\n---\n",
			want: &briefFields{Slug: "gsomia-renewal", Domains: []string{"cyber"}},
			diags: []string{
				`1:1: error: missing required field "title"`,
				`2:7: error: invalid date "2021-13-45": there is no month 13`,
			},
		},
		{
			name: "missing fields in TOML at the opening line",
			src:  "\n+++\ndomain = \"x\"\n+++\n",
			want: &briefFields{Slug: "gsomia-renewal", Domains: []string{"x"}},
			diags: []string{
				`2:1: error: missing required field "date"`,
				`2:1: error: missing required field "title"`,
			},
		},
		{
			name: "empty values",
			src:  "---\ntitle:\ndate: ''\ndomain: []\nsummary:\n---\n",
			want: &briefFields{Slug: "gsomia-renewal"},
			diags: []string{
				`2:1: error: field "title" is empty`,
				`3:7: error: invalid date "": want YYYY-MM-DD`,
				`4:1: error: field "domain" is empty`,
			},
		},
		{
			name: "bad dates",
			src:  "---\ntitle: T\ndate: 2021-4-6\nupdated: 2021-04-06T10:00:00Z\ndomain: x\n---\n",
			want: &briefFields{Slug: "gsomia-renewal", Title: "T", Domains: []string{"x"}},
			diags: []string{
				`3:7: error: invalid date "2021-4-6": want YYYY-MM-DD`,
				`4:10: error: invalid date "2021-04-06T10:00:00Z": want YYYY-MM-DD`,
			},
		},
		{
			name: "bad date TOML string and datetime",
			src:  "+++\ntitle = \"T\"\ndate = \"2021-02-30\"\nupdated = 2021-04-06T10:00:00Z\ndomain = \"x\"\n+++\n",
			want: &briefFields{Slug: "gsomia-renewal", Title: "T", Domains: []string{"x"}},
			diags: []string{
				`3:8: error: invalid date "2021-02-30": February 2021 has no day 30`,
				`4:11: error: invalid date "2021-04-06T10:00:00Z": want YYYY-MM-DD`,
			},
		},
		{
			name: "wrong types YAML",
			src: `---
title: 1984
date: [2021-04-06]
summary: {a: b}
authors: true
domain: 3
actors: 3
sources: 4.5
draft: "yes"
slug: [a]
---
`,
			want: &briefFields{Slug: "gsomia-renewal"},
			diags: []string{
				`2:8: error: field "title" must be a string, not a number`,
				`3:7: error: field "date" must be a date (YYYY-MM-DD), not a list`,
				`4:10: error: field "summary" must be a string, not a map`,
				`5:10: error: field "authors" must be a list of strings, not a boolean`,
				`6:9: error: field "domain" must be a list of strings, not a number`,
				`7:9: error: field "actors" must be a list of strings, not a number`,
				`8:10: error: field "sources" must be a list of source ids or sources, not a decimal number`,
				`9:8: error: field "draft" must be true or false, not a string`,
				`10:7: error: field "slug" must be a string, not a list`,
			},
		},
		{
			name: "wrong types TOML",
			src:  "+++\ntitle = 1984\ndate = 2021-04-06\ndomain = \"x\"\nactors = 3\ndraft = \"no\"\n+++\n",
			want: &briefFields{Slug: "gsomia-renewal", Date: date("2021-04-06"), Domains: []string{"x"}},
			diags: []string{
				`2:9: error: field "title" must be a string, not a number`,
				`5:10: error: field "actors" must be a list of strings, not a number`,
				`6:9: error: field "draft" must be true or false, not a string`,
			},
		},
		{
			name: "wrong list items",
			src:  "---\ntitle: T\ndate: 2021-04-06\ndomain: [cyber, '!!']\nactors:\n  - ROK\n  - 7\nauthors: [[a]]\n---\n",
			want: with(func(b *briefFields) {
				b.Domains = []string{"cyber", "!!"}
				b.Actors = []string{"ROK"}
			}).ptr(),
			diags: []string{
				`4:17: error: domain "!!" has no letters or digits`,
				`7:5: error: field "actors" must be a list of strings, but item 2 is a number`,
				`8:11: error: field "authors" must be a list of strings, but item 1 is a list`,
			},
		},
		{
			name: "domain and domains",
			src:  "---\ntitle: T\ndate: 2021-04-06\ndomain: a\ndomains: b\n---\n",
			want: with(func(b *briefFields) { b.Domains = nil }).ptr(),
			diags: []string{
				`5:1: error: use either "domain" or "domains", not both`,
			},
		},
		{
			name: "bad sources",
			src: `---
title: T
date: 2021-04-06
domain: cyber
sources:
  - ""
  - title: No id
  - id: 3
    title: x
  - id: a
    titel: typo
---
`,
			want: with(func(b *briefFields) {
				b.Sources = []model.SourceRef{{ID: "a", Line: 10, Col: 5, Inline: &model.Source{ID: "a", Path: briefPath, Line: 10}}}
			}).ptr(),
			diags: []string{
				`6:5: error: item 1 of field "sources" is an empty id`,
				`7:5: error: item 2 of field "sources" has no "id"`,
				`8:9: error: field "id" must be a string, not a number`,
				`11:5: warning: unknown field "titel" in source "a"; known fields: title, short, authors, container, publisher, date, url, note`,
			},
		},
		// Issue 12: a brief may declare its language, as the site does.
		{
			name: "lang",
			src:  "---\ntitle: T\ndate: 2021-04-06\ndomain: cyber\nlang: ja_JP\n---\n",
			want: with(func(b *briefFields) { b.Lang = "ja-JP" }).ptr(),
		},
		{
			name:  "bad lang",
			src:   "---\ntitle: T\ndate: 2021-04-06\ndomain: cyber\nlang: Japanese!\n---\n",
			want:  &minimal,
			diags: []string{`5:7: error: invalid language "Japanese!": want a BCP 47 tag such as "en" or "ko"`},
		},
		{
			name:  "bad slug",
			src:   "---\ntitle: T\ndate: 2021-04-06\ndomain: cyber\nslug: '---'\n---\n",
			want:  &minimal,
			diags: []string{`5:7: error: slug "---" has no letters or digits`},
		},
		{
			name:  "slug written as a path",
			src:   "---\ntitle: T\ndate: 2021-04-06\ndomain: cyber\nslug: ../etc/x\n---\n",
			want:  ptr(with(func(b *briefFields) { b.Slug = "etc-x" })),
			diags: []string{`5:7: warning: slug "../etc/x" is one URL segment, not a path: the URL uses "etc-x"`},
		},
		{
			name:  "duplicate key",
			src:   "---\ntitle: T\ndate: 2021-04-06\ntitle: U\ndomain: cyber\n---\n",
			want:  &minimal,
			diags: []string{`4:1: error: duplicate key "title" (first on line 2)`},
		},
		{
			name:  "alias cycle",
			src:   "---\na: &x [*x]\n---\n",
			diags: []string{`2:8: error: malformed YAML: anchor "x" contains an alias of itself`},
		},
		{
			name: "anchors, aliases and merge keys",
			src:  "---\ntitle: T\ndate: 2021-04-06\nbase: &b {domain: cyber, actors: [ROK]}\n<<: *b\nactors: [Japan]\n---\n",
			want: with(func(b *briefFields) { b.Actors = []string{"Japan"} }).ptr(),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var d diag.List
			b := Brief(briefPath, []byte(tt.src), &d)
			checkDiags(t, &d, tt.diags)
			if tt.want == nil {
				if b != nil {
					t.Errorf("Brief = %+v, want nil", fieldsOf(b))
				}
				return
			}
			if b == nil {
				t.Fatal("Brief = nil")
			}
			if got := fieldsOf(b); !reflect.DeepEqual(got, *tt.want) {
				t.Errorf("Brief:\n got %+v\nwant %+v", got, *tt.want)
			}
		})
	}
}

func (b briefFields) ptr() *briefFields { return &b }

func ptr[T any](v T) *T { return &v }

// TestBriefKeyTypos checks that a frontmatter key close to one briefbook
// reads is warned about with a suggestion (a misspelt draft: published a
// brief meant to stay a draft), and that other keys are kept silently.
func TestBriefKeyTypos(t *testing.T) {
	src := "---\ntitle: T\ndate: 2021-04-06\ndomain: cyber\ndarft: true\nDraft: true\nactor: [Japan]\nsoruces: [x]\ncustom: 1\ntags: [a]\n---\nBody.\n"
	var d diag.List
	b := Brief("content/briefs/b.md", []byte(src), &d)
	checkDiags(t, &d, []string{
		`5:1: warning: unknown key "darft"; did you mean "draft"? (keys briefbook does not read are kept for templates as .Brief.Params)`,
		`6:1: warning: unknown key "Draft"; did you mean "draft"? (keys briefbook does not read are kept for templates as .Brief.Params)`,
		`7:1: warning: unknown key "actor"; did you mean "actors"? (keys briefbook does not read are kept for templates as .Brief.Params)`,
		`8:1: warning: unknown key "soruces"; did you mean "sources"? (keys briefbook does not read are kept for templates as .Brief.Params)`,
	})
	if b == nil || b.Draft || b.Params["custom"] == nil {
		t.Errorf("brief %+v: want it parsed, not a draft, with its custom key kept", b)
	}
}
