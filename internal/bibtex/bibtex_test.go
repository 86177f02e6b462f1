package bibtex

import (
	"reflect"
	"strings"
	"testing"
)

func TestText(t *testing.T) {
	for _, tc := range []struct{ raw, want string }{
		{`Security {Cooperation} with {Seoul} and {Tokyo}: {Changing} the {Conversation}`,
			"Security Cooperation with Seoul and Tokyo: Changing the Conversation"},
		{`M{\"u}ller`, "Müller"},
		{`Caf{\'e} \& {Bar}`, "Café & Bar"},
		{`Fran{\c c}ois and Fran\c{c}ois`, "François and François"},
		{`{\v S}koda {\'\i}`, "Škoda í"},
		{`{\o}re {\O} {\ss} {\aa} {\l}{\"o}d{\'z}`, "øre Ø ß å łödź"},
		{`pp. 12--34 --- and`, "pp. 12–34 — and"},
		{`Japan{\textquoteright}s {\textquotedblleft}2+2{\textquotedblright} \textendash{} x`, "Japan’s “2+2” – x"},
		{"``quoted''", "“quoted”"},
		{`\emph{GSOMIA} and \textit{{Survival}}`, "GSOMIA and Survival"},
		{`100\% \$5 a\_b \#1`, "100% $5 a_b #1"},
		{"a  \n\t b~c", "a b c"},
		{`$x$ and \unknown{y}`, "x and y"},
		{`\noarg and \\ x`, `\noarg and x`},
		{`한일 {GSOMIA}`, "한일 GSOMIA"},
		{`trailing \`, `trailing \`},
	} {
		if got := Text(tc.raw); got != tc.want {
			t.Errorf("Text(%q) = %q, want %q", tc.raw, got, tc.want)
		}
	}
}

func TestNames(t *testing.T) {
	for _, tc := range []struct {
		raw  string
		want []string
	}{
		{`Haggard, Stephan and Sokolski, Henry D.`, []string{"Stephan Haggard", "Henry D. Sokolski"}},
		{`van Gogh, Vincent`, []string{"Vincent van Gogh"}},
		{`Vincent van Gogh`, []string{"Vincent van Gogh"}},
		{`de Gaulle, Charles AND Jean de la Fontaine`, []string{"Charles de Gaulle", "Jean de la Fontaine"}},
		{`{Nonproliferation Policy Education Center}`, []string{"Nonproliferation Policy Education Center"}},
		{`{Brandon and Sons} and {van Gogh}, Theo`, []string{"Brandon and Sons", "Theo van Gogh"}},
		{`King, Jr., Martin Luther`, []string{"Martin Luther King, Jr."}},
		{`M{\"u}ller, J{\"o}rg and {\'E}mile Zola`, []string{"Jörg Müller", "Émile Zola"}},
		{`Park, Andrew I. and others`, []string{"Andrew I. Park", "others"}},
		{`Madonna`, []string{"Madonna"}},
		{` and  and `, nil},
		{`Brand`, []string{"Brand"}},
	} {
		var got []string
		for _, n := range Names(tc.raw) {
			got = append(got, n.String())
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Names(%q) = %q, want %q", tc.raw, got, tc.want)
		}
	}
	if n := Names(`a and others`); len(n) != 2 || !n[1].Others() || n[0].Others() {
		t.Errorf("Others: %#v", n)
	}
	n := Names(`de la Fontaine, Jean`)[0]
	if n != (Name{First: "Jean", Von: "de la", Last: "Fontaine"}) {
		t.Errorf("parts: %#v", n)
	}
}

func TestParse(t *testing.T) {
	src := `% exported
@string{kei = "Korea Economic Institute"}
@comment{ @article{ignored, title={x}} }
@preamble{ "\newcommand{\noop}[1]{}" }
@article{haggard_security_2021,
	title = {Security {Cooperation}},
	journal = kei # { of America},
	Author = "Haggard, Stephan and {\"U}ber, A",
	month = apr,
	year = 2021,
}

@Misc(npec,
  title = {New Frontiers}
)
`
	entries, errs := Parse([]byte(src))
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	if len(entries) != 2 {
		t.Fatalf("got %d entries: %+v", len(entries), entries)
	}
	e := entries[0]
	if e.Type != "article" || e.Key != "haggard_security_2021" || src[e.Offset] != '@' || !strings.HasPrefix(src[e.KeyOff:], "haggard_") {
		t.Errorf("entry 0: %+v", e)
	}
	want := map[string]string{
		"title": "Security {Cooperation}", "journal": "Korea Economic Institute of America",
		"author": `Haggard, Stephan and {\"U}ber, A`, "month": "April", "year": "2021",
	}
	for name, v := range want {
		f, ok := e.Get(name)
		if !ok || f.Value != v {
			t.Errorf("field %s = %q (%v), want %q", name, f.Value, ok, v)
		}
		if !strings.HasPrefix(strings.ToLower(src[f.Offset:]), name) {
			t.Errorf("field %s offset %d points at %q", name, f.Offset, src[f.Offset:f.Offset+5])
		}
	}
	if entries[1].Type != "misc" || entries[1].Key != "npec" {
		t.Errorf("entry 1: %+v", entries[1])
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		src, at, msg string // at: the text at the error's offset
		entries      int
	}{
		{"@article{a, title = {x}\n@book{b, title={y}}\n", "@book", "expected \",\"", 1},
		{"@article{a, title = {unclosed,\n year = 2021\n\n@book{b, title={y}}\n", "{unclosed", "unclosed \"{\"", 1},
		{"@article{a, title = {x},\n year = {2021}\n\n@book{b, title={y}}\n", "@book", "entry \"a\" is not closed", 1},
		{"@article{a, title = \"x}\"}", "}\"}", "unbalanced", 0},
		{"@article{a, journal = jnl}\n", "jnl", "unknown macro \"jnl\"", 0},
		{"@article{, title={x}}", ", title", "expected a citation key", 0},
		{"@article{a, = {x}}", "= {x}", "expected a field name", 0},
		{"@article{a, title {x}}", "{x}}", "expected \"=\"", 0},
		{"@{a}", "{a}", "expected an entry type", 0},
		{"@article a", "a", "expected \"{\" or \"(\"", 0},
		{"@article{a, title = {x}", "", "expected \",\" or \"}\"", 0},
		{"@article{a, title = ", "", "unexpected end of file", 0},
		{"@comment{", "{", "unclosed", 0},
		{"@article{a, title = {" + strings.Repeat("{", MaxDepth+1), "{", "nested more than", 0},
	} {
		entries, errs := Parse([]byte(tc.src))
		if len(errs) != 1 {
			t.Errorf("%q: errors %v, want one", tc.src, errs)
			continue
		}
		if !strings.Contains(errs[0].Msg, tc.msg) || !strings.HasPrefix(tc.src[errs[0].Offset:], tc.at) {
			t.Errorf("%q: error %q at %q, want %q at %q", tc.src, errs[0].Msg, tc.src[errs[0].Offset:], tc.msg, tc.at)
		}
		if len(entries) != tc.entries {
			t.Errorf("%q: %d entries, want %d", tc.src, len(entries), tc.entries)
		}
	}
}
