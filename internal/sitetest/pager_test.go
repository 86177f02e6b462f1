package sitetest

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/briefbook/briefbook/internal/build"
	"github.com/briefbook/briefbook/internal/corpus/gen"
	"github.com/chromedp/chromedp"
)

// TestPaginationInBrowser builds a 240-brief synthetic book under a base
// path, serves it as a static host would, and follows the briefs index's
// pagination in Chromium: the numbered link to page 2, then "Older" to
// page 3, then a year of the by-year archive; each lands on a page that
// exists, marks its number as current, and lists 50 briefs at most.
func TestPaginationInBrowser(t *testing.T) {
	ctx := browser(t)
	src := t.TempDir()
	if _, err := gen.Generate(gen.Options{N: 240, Out: src, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	var stderr bytes.Buffer
	if _, err := build.Run(build.Options{Source: src, Output: out, BaseURL: "/book/", Stderr: &stderr}); err != nil {
		t.Fatalf("build: %v\n%s", err, stderr.String())
	}
	srv := httptest.NewServer(http.StripPrefix("/book", http.FileServer(http.Dir(out))))
	t.Cleanup(srv.Close)

	type state struct {
		Path    string `json:"path"`
		Current string `json:"current"`
		Items   int    `json:"items"`
		Title   string `json:"title"`
	}
	read := `({path: location.pathname,
		current: (document.querySelector(".pager [aria-current=page]") || {}).textContent || "",
		items: document.querySelectorAll(".brief-list > li").length,
		title: document.title})`
	var s state
	steps := []struct {
		what, click, path, current string
	}{
		{"numbered link", `.pager-pages a[href$="/briefs/page/2/"]`, "/book/briefs/page/2/", "2"},
		{"older", `.pager-next`, "/book/briefs/page/3/", "3"},
		{"first page", `.pager-pages a[href$="/book/briefs/"]`, "/book/briefs/", "1"},
	}
	if err := chromedp.Run(ctx, chromedp.Navigate(srv.URL+"/book/briefs/")); err != nil {
		t.Fatal(err)
	}
	// follow goes where the link matching sel leads, as a click would,
	// waiting for the page to load.
	follow := func(sel string) chromedp.Action {
		return chromedp.ActionFunc(func(ctx context.Context) error {
			var href string
			if err := chromedp.Evaluate(`document.querySelector(`+jsString(sel)+`).href`, &href).Do(ctx); err != nil {
				return err
			}
			return chromedp.Navigate(href).Do(ctx)
		})
	}
	for _, st := range steps {
		if err := chromedp.Run(ctx,
			follow(st.click),
			chromedp.Evaluate(read, &s),
		); err != nil {
			t.Fatalf("%s: %v", st.what, err)
		}
		if s.Path != st.path || s.Current != st.current || s.Items == 0 || s.Items > 50 || strings.Contains(s.Title, "404") {
			t.Errorf("%s: at %s, current page %q, %d briefs, title %q; want %s, page %s, 1 to 50 briefs",
				st.what, s.Path, s.Current, s.Items, s.Title, st.path, st.current)
		}
	}
	var years []string
	if err := chromedp.Run(ctx, chromedp.Evaluate(`[...document.querySelectorAll(".archive-years a")].map(a => a.pathname)`, &years)); err != nil {
		t.Fatal(err)
	}
	if len(years) == 0 {
		t.Fatal("no by-year archive on the briefs index")
	}
	last := years[len(years)-1]
	if err := chromedp.Run(ctx,
		follow(`.archive-years li:last-child a`),
		chromedp.Evaluate(read, &s),
	); err != nil {
		t.Fatal(err)
	}
	if s.Path != last || s.Items == 0 {
		t.Errorf("the archive's oldest year leads to %s with %d briefs, want %s", s.Path, s.Items, last)
	}
}
