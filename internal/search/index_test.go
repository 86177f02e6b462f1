package search

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/briefbook/briefbook/internal/model"
)

// testBook returns a small resolved book, newest brief first.
func testBook() *model.Book {
	kor := &model.Actor{Slug: "south-korea", Name: "South Korea", Aliases: []string{"ROK", "Republic of Korea"}}
	jp := &model.Actor{Slug: "japan", Name: "Japan"}
	cyber := &model.Domain{Slug: "cyber", Title: "Cyber"}
	space := &model.Domain{Slug: "space", Title: "Space"}
	day := func(d int) time.Time { return time.Date(2021, 1, d, 0, 0, 0, 0, time.UTC) }
	mk := func(slug, title, summary, body string, d int, doms []*model.Domain, actors ...*model.Actor) *model.Brief {
		return &model.Brief{Doc: model.Doc{Path: "content/briefs/" + slug + ".md", Body: []byte(body)},
			Slug: slug, Title: title, Summary: summary, Date: day(d), URL: "/briefs/" + slug + "/",
			DomainList: doms, ActorList: actors}
	}
	b := &model.Book{
		Briefs: []*model.Brief{
			mk("alpha", "Alpha", "First.", "<p>The beta test &amp; more.</p>", 9, []*model.Domain{cyber}, jp),
			mk("beta-report", "Beta report", "Second.", "<p>Nothing.</p>", 8, []*model.Domain{space}),
			mk("gamma", "Gamma", "About beta.", "<p>x</p>", 7, []*model.Domain{cyber}),
			mk("delta", "Delta", "Fourth.", "<p>A <em>beta</em> release, see \x000\x00.</p>", 6, []*model.Domain{space}, kor),
			mk("hangul", "용어집", "Terms.", "<p>대한민국은 민주공화국이다.</p>", 5, nil, kor),
		},
		Actors:  []*model.Actor{jp, kor},
		Domains: []*model.Domain{cyber, space},
	}
	b.Briefs[3].Refs = []model.Ref{{Kind: model.RefBrief, Target: "gamma"}}
	b.Briefs[3].Links = []model.Link{{Href: "/briefs/gamma/", Text: "Gamma Rays", OK: true}}
	for _, br := range b.Briefs {
		for _, d := range br.DomainList {
			d.Briefs = append(d.Briefs, br)
		}
		for _, a := range br.ActorList {
			a.Briefs = append(a.Briefs, br)
		}
	}
	return b
}

func slugs(t *testing.T, x *Index, b *model.Book, q string, filters ...string) []string {
	t.Helper()
	rs, err := x.Search(q, filters...)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rs {
		out = append(out, b.Briefs[r.ID].Slug)
	}
	return out
}

func TestSearchRanking(t *testing.T) {
	b := testBook()
	x := New(b)
	tests := []struct {
		q       string
		filters []string
		want    []string
	}{
		// Title above summary above body; among body matches, newest first.
		{"beta", nil, []string{"beta-report", "gamma", "alpha", "delta"}},
		{"BETA ", nil, []string{"beta-report", "gamma", "alpha", "delta"}},
		// Prefix of the word being typed, not of a finished one.
		{"gam", nil, []string{"gamma", "delta"}}, // delta links to Gamma Rays
		{"gam ", nil, nil},
		// Every term must match.
		{"beta release", nil, []string{"delta"}},
		// Actor names and aliases.
		{"rok", nil, []string{"delta", "hangul"}},
		{"republic of korea", nil, []string{"delta", "hangul"}},
		{"japan", nil, []string{"alpha"}},
		// Domain titles, and filters.
		{"beta", []string{DomainTerm("cyber")}, []string{"gamma", "alpha"}},
		{"beta", []string{ActorTerm("south-korea")}, []string{"delta"}},
		{"beta", []string{DomainTerm("cyber"), ActorTerm("south-korea")}, nil},
		// Korean by bigrams, whatever the particle attached.
		{"대한민국", nil, []string{"hangul"}},
		{"민주", nil, []string{"hangul"}},
		{"한국", nil, nil},
		{"용어", nil, []string{"hangul"}},
		{"", nil, nil},
	}
	for _, tt := range tests {
		if got := slugs(t, x, b, tt.q, tt.filters...); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Search(%q, %q) = %q, want %q", tt.q, tt.filters, got, tt.want)
		}
	}
}

// TestFiles checks the files a browser reads: the layout, a term shard
// holding a term's posting list, and a doc shard with each brief's record.
func TestFiles(t *testing.T) {
	b := testBook()
	x := New(b)
	paths := x.Paths()
	want := []string{"search/d/0.json"}
	if !reflect.DeepEqual(paths[:1], want) || len(paths) != 1+16+1 {
		t.Fatalf("Paths() = %q", paths)
	}
	read := func(p string, v any) {
		t.Helper()
		var buf bytes.Buffer
		if err := x.Write(&buf, p); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(buf.Bytes(), v); err != nil {
			t.Fatalf("%s: %v\n%s", p, err, buf.Bytes())
		}
	}
	var m meta
	read("search/meta.json", &m)
	if m.N != 5 || m.T != 16 || m.K != DocsPerShard || len(m.Domains) != 2 || m.Actors[1] != [2]string{"south-korea", "South Korea"} {
		t.Errorf("meta = %+v", m)
	}
	var shard map[string]string
	read("search/t/"+strconv.Itoa(Shard(Key("beta"), m.T))+".json", &shard)
	ps, err := decodePostings(shard["beta"])
	if err != nil {
		t.Fatal(err)
	}
	if want := []posting{{0, 1}, {1, 3}, {2, 2}, {3, 1}}; !reflect.DeepEqual(ps, want) {
		t.Errorf("postings of beta = %v, want %v", ps, want)
	}
	var docs [][]any
	read("search/d/0.json", &docs)
	if len(docs) != 5 {
		t.Fatalf("doc shard holds %d briefs, want 5", len(docs))
	}
	got, _ := json.Marshal(docs[3])
	if w := `["briefs/delta/","Delta","2021-01-06",[1],"Fourth.","A beta release, see Gamma Rays."]`; string(got) != w {
		t.Errorf("record of delta = %s, want %s", got, w)
	}
	for _, bad := range []string{"search/t/16.json", "search/t/01.json", "search/d/1.json", "search/x.json", "other"} {
		if err := x.Write(&bytes.Buffer{}, bad); err == nil {
			t.Errorf("Write(%q) succeeded", bad)
		}
	}
}

func TestExcerpt(t *testing.T) {
	long := strings.Repeat("word ", 100)
	got := excerpt(long, 22)
	if got != "word word word word…" {
		t.Errorf("excerpt = %q", got)
	}
	if got := excerpt("short", 22); got != "short" {
		t.Errorf("excerpt = %q", got)
	}
}
