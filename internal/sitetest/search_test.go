package sitetest

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// serveUnder serves an output folder under the path prefix (such as
// "/book/"), as a static host serves a site built for a base URL with a
// path, and returns the URL of the site's home page.
func serveUnder(t *testing.T, dir, prefix string) string {
	t.Helper()
	fs := http.StripPrefix(strings.TrimSuffix(prefix, "/"), http.FileServer(http.Dir(dir)))
	srv := httptest.NewServer(fs)
	t.Cleanup(srv.Close)
	return srv.URL + prefix
}

// resultPaths waits until the results in the element matching scope are
// those of the query in its input (search.js marks the list with the query
// it answers), then returns their paths.
func resultPaths(t *testing.T, ctx context.Context, scope string) []string {
	t.Helper()
	var paths []string
	js := `(() => { const s = document.querySelector(` + jsString(scope) + `);
		const r = s && s.querySelector('[data-query]');
		if (!r || r.dataset.query !== s.querySelector('input[name=q]').value) return null;
		return Array.from(s.querySelectorAll('.search-list a')).map(a => a.pathname); })()`
	if err := chromedp.Run(ctx, chromedp.Poll(js, &paths, chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		t.Fatalf("no search results in %s: %v", scope, err)
	}
	return paths
}

func jsString(s string) string { return "'" + strings.ReplaceAll(s, "'", `\'`) + "'" }

// typeQuery clears the input matching sel and types q into it.
func typeQuery(sel, q string) chromedp.Tasks {
	return chromedp.Tasks{
		chromedp.WaitVisible(sel, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector(`+jsString(sel)+`).value = ''`, nil),
		chromedp.Focus(sel, chromedp.ByQuery),
		chromedp.SendKeys(sel, q, chromedp.ByQuery),
	}
}

// TestSearchInBrowser builds the sample book for a base URL with a path,
// serves it under that path, and searches it in Chromium as a reader does:
// typing into the box every page has, and on the search page.
func TestSearchInBrowser(t *testing.T) {
	ctx := browser(t)
	out := buildSite(t, repoRoot, "https://example.org/book/", false)
	home := serveUnder(t, out, "/book/")
	const box = ".site-search input"

	cases := []struct {
		name, q, want string
	}{
		// A word found only in one brief's body.
		{name: "body word", q: "fisheries", want: "/book/briefs/space-services-asean/"},
		// "Blue House" in Korean, only in the glossary.
		{name: "Korean", q: "청와대", want: "/book/briefs/%ED%95%9C%EC%9D%BC-%ED%98%91%EB%A0%A5-%EC%9A%A9%EC%96%B4%EC%A7%91/"},
	}
	if err := chromedp.Run(ctx, chromedp.Navigate(home)); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		if err := chromedp.Run(ctx, typeQuery(box, c.q)); err != nil {
			t.Fatal(err)
		}
		got := resultPaths(t, ctx, ".site-search")
		if len(got) == 0 || got[0] != c.want {
			t.Errorf("%s: %q gives %q, want %s first", c.name, c.q, got, c.want)
		}
	}

	// An alias finds its actor's briefs: "ROK" finds briefs that name South
	// Korea under other names, and only briefs about South Korea.
	if err := chromedp.Run(ctx, chromedp.Navigate(home+"search/?q=ROK")); err != nil {
		t.Fatal(err)
	}
	rok := resultPaths(t, ctx, ".search-page")
	if !contains(rok, "/book/briefs/supply-chain-resilience/") || !contains(rok, "/book/briefs/gsomia/") {
		t.Errorf("ROK finds %q, want the briefs naming South Korea, ROK among them", rok)
	}
	// Dates read as they do on the pages ("6 April 2021"), not as ISO dates.
	var metas []string
	if err := chromedp.Run(ctx, chromedp.Evaluate(`Array.from(document.querySelectorAll('.search-page .r-meta')).map(m => m.textContent)`, &metas)); err != nil {
		t.Fatal(err)
	}
	humanDate := regexp.MustCompile(`^[1-9][0-9]? (January|February|March|April|May|June|July|August|September|October|November|December) 20[0-9]{2}( · |$)`)
	for _, m := range metas {
		if !humanDate.MatchString(m) {
			t.Errorf("a result's meta is %q, want a date like \"6 April 2021\" first", m)
		}
	}
	if len(metas) == 0 {
		t.Error("the results show no dates")
	}
	korea := actorBriefs(t, out, "south-korea")
	for _, p := range rok {
		if !korea[unescape(strings.TrimPrefix(p, "/book"))] {
			t.Errorf("ROK finds %s, which does not name South Korea", p)
		}
	}

	// A domain filter narrows the results to the domain's briefs.
	if err := chromedp.Run(ctx, chromedp.Navigate(home+"search/?q=japan")); err != nil {
		t.Fatal(err)
	}
	all := resultPaths(t, ctx, ".search-page")
	if err := chromedp.Run(ctx,
		chromedp.Evaluate(`(() => { const s = document.querySelector('select[name="domain"]');
			s.value = 'space'; s.dispatchEvent(new Event('change')); })()`, nil),
	); err != nil {
		t.Fatal(err)
	}
	var space []string
	for range 50 { // the list is replaced when the filtered results arrive
		space = resultPaths(t, ctx, ".search-page")
		if len(space) < len(all) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	spaceBriefs := domainBriefs(t, out, "space")
	if len(space) == 0 || len(space) >= len(all) {
		t.Errorf("the domain filter gives %d results of %d", len(space), len(all))
	}
	for _, p := range space {
		if !spaceBriefs[unescape(strings.TrimPrefix(p, "/book"))] {
			t.Errorf("filtered by space, japan finds %s, not in the domain", p)
		}
	}
	var loc string
	if err := chromedp.Run(ctx, chromedp.Location(&loc)); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(loc, "/book/search/?q=japan&domain=space") {
		t.Errorf("the search page's address is %s, want it to hold the query and filter", loc)
	}
	screenshot(t, ctx, "search-results")

	// The keyboard reaches and opens a result: arrows, Escape, Enter.
	if err := chromedp.Run(ctx, chromedp.Navigate(home), typeQuery(box, "gsomia")); err != nil {
		t.Fatal(err)
	}
	first := resultPaths(t, ctx, ".site-search")
	if len(first) < 2 {
		t.Fatalf("gsomia finds %q, want several briefs", first)
	}
	var expanded, active string
	if err := chromedp.Run(ctx,
		chromedp.KeyEvent(kb.Escape), // Escape closes the list
		chromedp.AttributeValue(box, "aria-expanded", &expanded, nil, chromedp.ByQuery),
	); err != nil {
		t.Fatal(err)
	}
	if expanded != "false" {
		t.Errorf("after Escape aria-expanded = %q, want false", expanded)
	}
	if err := chromedp.Run(ctx,
		chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowUp), chromedp.KeyEvent(kb.ArrowDown),
		chromedp.Evaluate(`(() => { const i = document.querySelector('.site-search input');
			const o = document.getElementById(i.getAttribute('aria-activedescendant'));
			return o && o.getAttribute('role') === 'option' ? o.pathname : ''; })()`, &active),
	); err != nil {
		t.Fatal(err)
	}
	if active != first[1] {
		t.Errorf("Down, Down, Up, Down made %q active, want the second result %q", active, first[1])
	}
	if err := chromedp.Run(ctx, chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible("h1", chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	waitLocation(t, ctx, first[1])
}

// waitLocation waits until the page's path is p.
func waitLocation(t *testing.T, ctx context.Context, p string) {
	t.Helper()
	var ok bool
	js := `location.pathname === ` + jsString(p)
	if err := chromedp.Run(ctx, chromedp.Poll(js, &ok, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		var loc string
		_ = chromedp.Run(ctx, chromedp.Location(&loc))
		t.Errorf("the page is %s, want path %s", loc, p)
	}
}

func unescape(p string) string {
	u, err := url.PathUnescape(p)
	if err != nil {
		return p
	}
	return u
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// listedBriefs returns the brief paths that the page at file links to.
func listedBriefs(t *testing.T, file string) map[string]bool {
	t.Helper()
	es, err := Elements(file, []byte(readAll(t, file)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, e := range es {
		if h, ok := e.Attr("href"); ok && e.Tag == "a" && strings.HasPrefix(h, "/book/briefs/") {
			p, _ := url.PathUnescape(strings.TrimPrefix(h, "/book"))
			out[p] = true
		}
	}
	return out
}

func actorBriefs(t *testing.T, out, slug string) map[string]bool {
	return listedBriefs(t, out+"/actors/"+slug+"/index.html")
}

func domainBriefs(t *testing.T, out, slug string) map[string]bool {
	return listedBriefs(t, out+"/domains/"+slug+"/index.html")
}

// TestSearchPageWithoutJavaScript checks the search page as a reader
// without JavaScript gets it: a plain form that answers by loading the
// search page with the query, and links to the indexes that resolve.
func TestSearchPageWithoutJavaScript(t *testing.T) {
	out := buildSite(t, repoRoot, "https://example.org/book/", false)
	home := serveUnder(t, out, "/book/")
	resp, err := http.Get(home + "search/?q=gsomia")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `action="/book/search/"`) {
		t.Fatalf("GET /book/search/?q=gsomia: %s, form action under the base path missing", resp.Status)
	}

	ctx := browser(t)
	if err := chromedp.Run(ctx, emulation.SetScriptExecutionDisabled(true)); err != nil {
		t.Fatal(err)
	}
	var links []string
	if err := chromedp.Run(ctx,
		chromedp.Navigate(home),
		typeQuery(".site-search input", "gsomia"),
		chromedp.Submit(".site-search input", chromedp.ByQuery),
		chromedp.WaitVisible(".search-page", chromedp.ByQuery),
		chromedp.Evaluate(`Array.from(document.querySelectorAll('.search-indexes a')).map(a => a.href)`, &links),
	); err != nil {
		t.Fatal(err)
	}
	var loc, nojs string
	if err := chromedp.Run(ctx, chromedp.Location(&loc), chromedp.Text(".search-nojs", &nojs, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(loc, "/book/search/?q=gsomia") {
		t.Errorf("the form led to %s, want /book/search/?q=gsomia", loc)
	}
	if !strings.Contains(nojs, "JavaScript") {
		t.Errorf("the page without JavaScript says %q", nojs)
	}
	if len(links) != 4 {
		t.Fatalf("the search page links to %d indexes, want 4: %q", len(links), links)
	}
	for _, l := range links {
		r, err := http.Get(l)
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		if r.StatusCode != 200 || !strings.Contains(l, "/book/") {
			t.Errorf("index link %s: %s", l, r.Status)
		}
	}
	screenshot(t, ctx, "search-nojs")
}
