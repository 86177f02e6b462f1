package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"testing"
	"time"

	briefbook "github.com/briefbook/briefbook"
	"github.com/briefbook/briefbook/internal/model"
)

// The sitemap as encoding/xml wrote it, before sitemapWriter: the
// reference sitemapWriter must equal, and the types the tests read
// sitemaps back with.

type sitemapXML struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	Lastmod string `xml:"lastmod,omitempty"`
}

type sitemapIndexXML struct {
	XMLName  xml.Name     `xml:"sitemapindex"`
	NS       string       `xml:"xmlns,attr"`
	Sitemaps []sitemapURL `xml:"sitemap"`
}

// sitemapsByEncodingXML returns the sitemap files of the pages ps, keyed
// by name, as encoding/xml wrote them.
func sitemapsByEncodingXML(t *testing.T, r *Renderer, ps []listedPage) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	write := func(name string, v any) {
		var buf bytes.Buffer
		if err := writeXML(&buf, v); err != nil {
			t.Fatal(err)
		}
		out[name] = buf.Bytes()
	}
	entries := func(ps []listedPage) sitemapXML {
		urls := make([]sitemapURL, len(ps))
		for i, p := range ps {
			urls[i] = sitemapURL{Loc: r.abs(p.url), Lastmod: isoDate(p.modified())}
		}
		return sitemapXML{NS: sitemapNS, URLs: urls}
	}
	if len(ps) <= sitemapMaxURLs {
		write("sitemap.xml", entries(ps))
		return out
	}
	index := sitemapIndexXML{NS: sitemapNS}
	for k := 0; k*sitemapMaxURLs < len(ps); k++ {
		chunk := ps[k*sitemapMaxURLs : min((k+1)*sitemapMaxURLs, len(ps))]
		write(fmt.Sprintf("sitemap-%d.xml", k+1), entries(chunk))
		var latest time.Time
		for _, p := range chunk {
			if m := p.modified(); m.After(latest) {
				latest = m
			}
		}
		index.Sitemaps = append(index.Sitemaps, sitemapURL{Loc: r.abs(fmt.Sprintf("/sitemap-%d.xml", k+1)), Lastmod: isoDate(latest)})
	}
	write("sitemap.xml", index)
	return out
}

// TestSitemapWriter requires the sitemaps and sitemap index written
// without encoding/xml to be the bytes encoding/xml gave, for base URLs
// and page URLs holding what XML or URLs escape, unknown and zero dates,
// no pages, and books split into several sitemaps.
func TestSitemapWriter(t *testing.T) {
	day := func(y int, m time.Month, d int) func() time.Time {
		return func() time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	}
	pages := []listedPage{
		{url: "/", page: &page{lastmod: day(2023, 3, 16)}},
		{url: "/briefs/한일-정보보호협정/", brief: &model.Brief{Date: time.Date(2021, 5, 1, 0, 0, 0, 0, time.UTC)}},
		{url: "/a&b/'q'\"<x>\"/", page: &page{}},
		{url: "/a&b/", page: &page{}},
		{url: "/q'/", page: &page{}},
		{url: "/tab\there/new\nline\r/%zz/", page: &page{lastmod: func() time.Time { return time.Time{} }}},
		{url: "/odd\x00\xff\ufffd/", page: &page{lastmod: func() time.Time { return noDate }}},
		{url: "/late/", page: &page{lastmod: day(12000, 1, 2)}},
		{url: "/early/", page: &page{lastmod: day(1, 1, 1)}},
		{url: "no-slash/", page: &page{lastmod: day(2020, 2, 29)}},
	}
	defer func(n int) { sitemapMaxURLs = n }(sitemapMaxURLs)
	for _, base := range []string{"", "/book/", "https://example.org/", "https://example.org/&/", "https://example.org/a&b'<>/ü/", "https://example.org/%41 b/"} {
		r, err := New(briefbook.Theme, model.Site{BaseURL: base})
		if err != nil {
			t.Fatal(err)
		}
		for _, max := range []int{50000, 3, 1} {
			sitemapMaxURLs = max
			for _, ps := range [][]listedPage{pages, nil, pages[:1], pages[:3]} {
				want := sitemapsByEncodingXML(t, r, ps)
				got := r.sitemapPages(len(ps), func() []listedPage { return ps })
				if len(got) != len(want) {
					t.Fatalf("base %q, %d pages, %d a sitemap: %d sitemap files, want %d", base, len(ps), max, len(got), len(want))
				}
				for _, p := range got {
					// Written after other bytes in a buffer, and to a
					// writer that is not a buffer.
					buf := bytes.NewBufferString("before")
					var sb strings.Builder
					if err := p.Write(buf); err != nil {
						t.Fatal(err)
					}
					if err := p.Write(&sb); err != nil {
						t.Fatal(err)
					}
					w, ok := want[p.Path]
					if !ok || string(buf.Bytes()) != "before"+string(w) || sb.String() != string(w) {
						t.Errorf("base %q, %d pages, %d a sitemap: %s is\n%s\nand\n%s\nwant\n%s", base, len(ps), max, p.Path, buf.Bytes(), sb.String(), w)
					}
				}
			}
		}
	}
}

// FuzzSitemapWriter requires the sitemap of a page at any URL, under any
// base URL, to be the bytes encoding/xml gave.
func FuzzSitemapWriter(f *testing.F) {
	f.Add("https://example.org/book/", "/briefs/x/")
	f.Add("", "/a&b<'\">\t\n\r\x00\xff/")
	f.Add("https://ex.org/한/", "/한일/%zz")
	f.Fuzz(func(t *testing.T, base, url string) {
		// The fields abs reads, set as New sets them (New itself, which
		// parses the theme, would make the fuzzer crawl).
		r := &Renderer{base: BasePath(base)}
		if isAbsolute(base) {
			r.absBase = strings.TrimSuffix(base, "/") + "/"
		}
		ps := []listedPage{{url: url, page: &page{}}, {url: url, brief: &model.Brief{}}}
		want := sitemapsByEncodingXML(t, r, ps)["sitemap.xml"]
		var buf bytes.Buffer
		if err := r.sitemapPages(len(ps), func() []listedPage { return ps })[0].Write(&buf); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(buf.Bytes(), want) {
			t.Errorf("sitemap is\n%q\nwant\n%q", buf.Bytes(), want)
		}
	})
}
