package sitetest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/briefbook/briefbook/internal/browsertest"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// designPages are the page kinds of the sample book, by name, with the
// URL path of one page of each kind.
var designPages = []struct{ name, path string }{
	{"home", "/"},
	{"about", "/about/"},
	{"brief", "/briefs/gsomia/"},
	{"briefs", "/briefs/"},
	{"actors", "/actors/"},
	{"actor", "/actors/japan/"},
	{"domains", "/domains/"},
	{"domain", "/domains/intelligence-sharing/"},
	{"sources", "/sources/"},
	{"source", "/sources/haggard-sokolski-2021/"},
	{"facet", "/domains/history-and-politics/actors/japan/"},
	{"search", "/search/?q=gsomia"},
	{"book", "/book/"},
	{"404", "/404.html"},
}

// designView is one way a reader sees a page: a screen width, a colour
// scheme, or print.
type designView struct {
	name  string
	width int64
	dark  bool
	print bool
}

var designViews = []designView{
	{"390", 390, false, false},
	{"1280", 1280, false, false},
	{"390-dark", 390, true, false},
	{"1280-dark", 1280, true, false},
	{"print", 794, false, true}, // an A4 page's width at 96 dpi
}

// TestDesignScreenshots opens every page kind of the sample book (and the
// fixture's brief with callouts) at 390 and 1280 px, in light and dark
// mode and as printed, and keeps a full-page screenshot of each in the
// test's artifact folder (go test -artifacts keeps it), for a person to
// look at. It checks what a designer would check on every one: nothing
// wider than the screen, the page's background following the colour
// scheme, one h1, and the home page no longer than a few screens.
func TestDesignScreenshots(t *testing.T) {
	ctx := browsertest.Start(t, 20*time.Minute) // some 75 full-page screenshots, on a shared machine
	dir := t.ArtifactDir()
	t.Logf("screenshots in %s", dir)
	sample := httptest.NewServer(http.FileServer(http.Dir(buildSite(t, repoRoot, "", false))))
	t.Cleanup(sample.Close)
	fixture := httptest.NewServer(http.StripPrefix("/fixture", http.FileServer(http.Dir(buildSite(t, "testdata/site", "/fixture/", false)))))
	t.Cleanup(fixture.Close)
	pages := append([]struct{ name, path string }{}, designPages...)
	urls := map[string]string{}
	for _, p := range pages {
		urls[p.name] = sample.URL + p.path
	}
	pages = append(pages, struct{ name, path string }{"callouts", "/briefs/gsomia/"})
	urls["callouts"] = fixture.URL + "/fixture/briefs/gsomia/"

	for _, v := range designViews {
		media := emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: map[bool]string{true: "dark", false: "light"}[v.dark]}})
		if v.print {
			media = media.WithMedia("print")
		}
		if err := chromedp.Run(ctx, chromedp.EmulateViewport(v.width, 900), media); err != nil {
			t.Fatal(err)
		}
		for _, p := range pages {
			var got struct {
				ScrollWidth float64 `json:"scrollWidth"`
				Height      float64 `json:"height"`
				Background  string  `json:"background"`
				H1s         int     `json:"h1s"`
			}
			err := chromedp.Run(ctx,
				chromedp.Navigate(urls[p.name]),
				chromedp.Evaluate(`({scrollWidth: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight,
					background: getComputedStyle(document.body).backgroundColor, h1s: document.querySelectorAll("h1").length})`, &got),
			)
			if err == nil && p.name == "search" { // search.js fills in the results
				var ok bool
				err = chromedp.Run(ctx, chromedp.Poll(`document.querySelector('.search-page [data-query]') !== null`, &ok, chromedp.WithPollingTimeout(15*time.Second)))
			}
			if err != nil {
				t.Fatalf("%s (%s): %v", p.name, v.name, err)
			}
			where := fmt.Sprintf("%s at %s", p.name, v.name)
			if !v.print && got.ScrollWidth > float64(v.width) {
				t.Errorf("%s: the page is %.0f px wide, wider than the screen", where, got.ScrollWidth)
			}
			if light := got.Background == "rgb(251, 250, 247)" || got.Background == "rgb(255, 255, 255)"; light == v.dark {
				t.Errorf("%s: background %s does not follow the colour scheme", where, got.Background)
			}
			if got.H1s != 1 {
				t.Errorf("%s: %d h1 elements, want 1", where, got.H1s)
			}
			if limit := map[int64]float64{390: 5000, 1280: 3000}[v.width]; p.name == "home" && !v.print && got.Height > limit {
				t.Errorf("%s: the home page is %.0f px tall", where, got.Height)
			}
			var png []byte
			shot := chromedp.FullScreenshot(&png, 100)
			if p.name == "book" { // the whole book is some 50,000 px tall: its first screen is enough
				shot = chromedp.CaptureScreenshot(&png)
			}
			if err := chromedp.Run(ctx, shot); err != nil {
				t.Fatalf("%s: screenshot: %v", where, err)
			}
			if err := os.WriteFile(filepath.Join(dir, p.name+"-"+v.name+".png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
