package sitetest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/briefbook/briefbook/internal/browsertest"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// browser starts headless Chromium, see package browsertest.
func browser(t *testing.T) context.Context {
	t.Helper()
	return browsertest.Start(t, 90*time.Second)
}

// serve serves an output folder over HTTP on the loopback interface, the
// way a static host would.
func serve(t *testing.T, dir string) string {
	t.Helper()
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	return srv.URL
}

// screenshot saves a full-page PNG when BRIEFBOOK_SCREENSHOTS names a folder,
// so a person can look at what the test saw.
func screenshot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("BRIEFBOOK_SCREENSHOTS")
	if dir == "" {
		return
	}
	var png []byte
	if err := chromedp.Run(ctx, chromedp.FullScreenshot(&png, 100)); err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	_ = os.MkdirAll(dir, 0o755)
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Error(err)
	}
}

// citedBrief returns the URL path of a sample-book brief that has citations.
func citedBrief(t *testing.T, out string) string {
	t.Helper()
	files, err := HTMLFiles(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasPrefix(f, "briefs/") && f != "briefs/index.html" {
			if strings.Contains(readAll(t, filepath.Join(out, f)), `class="cite"`) {
				return "/" + strings.TrimSuffix(f, "index.html")
			}
		}
	}
	t.Fatal("no brief of the sample book has a citation")
	return ""
}

// TestReaderInBrowser opens the built sample book in Chromium and checks
// what a reader gets: one h1 and the landmarks, a skip link that is the first
// thing the Tab key reaches and moves focus to the main content, a citation
// marker that takes the reader to its reference, no horizontal scrolling on
// a phone-sized screen, a dark theme when the system asks for one, and a
// print layout without the navigation.
func TestReaderInBrowser(t *testing.T) {
	ctx := browser(t)
	out := buildSite(t, repoRoot, "", false)
	base := serve(t, out)
	brief := citedBrief(t, out)

	var h1s, mains, navs int
	var lang string
	if err := chromedp.Run(ctx,
		chromedp.EmulateViewport(1200, 900),
		chromedp.Navigate(base+brief),
		chromedp.Evaluate(`document.querySelectorAll("h1").length`, &h1s),
		chromedp.Evaluate(`document.querySelectorAll("main").length`, &mains),
		chromedp.Evaluate(`document.querySelectorAll("nav").length`, &navs),
		chromedp.Evaluate(`document.documentElement.lang`, &lang),
	); err != nil {
		t.Fatal(err)
	}
	if h1s != 1 || mains != 1 || navs < 1 || lang == "" {
		t.Errorf("%s: %d h1, %d main, %d nav, lang %q; want 1 h1, 1 main, a nav and a lang", brief, h1s, mains, navs, lang)
	}
	screenshot(t, ctx, "brief-desktop")

	// The skip link: first stop of the Tab key, visible when focused, and
	// following it puts the main content in view.
	var skip struct {
		Href    string  `json:"href"`
		Visible bool    `json:"visible"`
		Target  bool    `json:"target"`
		Top     float64 `json:"top"`
	}
	if err := chromedp.Run(ctx,
		chromedp.KeyEvent("\t"),
		chromedp.Evaluate(`(() => {
			const a = document.activeElement;
			const r = a.getBoundingClientRect();
			const href = a.getAttribute("href") || "";
			const target = href.startsWith("#") && document.getElementById(href.slice(1)) !== null;
			return {href, visible: r.width > 1 && r.height > 1 && r.bottom > 0 && r.top < innerHeight, target, top: 0};
		})()`, &skip),
	); err != nil {
		t.Fatal(err)
	}
	if !skip.Target || !skip.Visible {
		t.Errorf("first Tab stop: href %q, visible %v, target exists %v; want a visible skip link to an element of the page", skip.Href, skip.Visible, skip.Target)
	}

	// A citation marker leads to its numbered reference.
	var hash string
	var refTop float64
	if err := chromedp.Run(ctx,
		chromedp.Click(`sup.cite a`, chromedp.ByQuery),
		chromedp.Sleep(1500*time.Millisecond), // the theme scrolls smoothly,
		chromedp.Evaluate(`location.hash`, &hash),
		chromedp.Evaluate(`document.getElementById(location.hash.slice(1)).getBoundingClientRect().top`, &refTop),
	); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "#ref:") || refTop < -5 || refTop > 450 {
		t.Errorf("after clicking a citation: hash %q, reference at y=%v; want #ref:N scrolled into view", hash, refTop)
	}

	// Phone-sized screen: no horizontal scrolling.
	var scrollW, innerW int
	if err := chromedp.Run(ctx,
		chromedp.EmulateViewport(375, 800),
		chromedp.Navigate(base+brief),
		chromedp.Evaluate(`document.documentElement.scrollWidth`, &scrollW),
		chromedp.Evaluate(`innerWidth`, &innerW),
	); err != nil {
		t.Fatal(err)
	}
	if scrollW > innerW {
		t.Errorf("at 375px the page is %dpx wide: it scrolls sideways", scrollW)
	}
	screenshot(t, ctx, "brief-phone")

	// Dark mode follows the system preference.
	var light, dark string
	bg := `(() => { for (const el of [document.body, document.documentElement]) { const c = getComputedStyle(el).backgroundColor; if (c !== "rgba(0, 0, 0, 0)" && c !== "transparent") return c; } return "rgb(255, 255, 255)"; })()`
	if err := chromedp.Run(ctx,
		chromedp.EmulateViewport(1200, 900),
		chromedp.Navigate(base+"/"),
		chromedp.Evaluate(bg, &light),
		emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}),
		chromedp.Evaluate(bg, &dark),
	); err != nil {
		t.Fatal(err)
	}
	if light == dark || luminance(t, dark) > 0.3 || luminance(t, light) < 0.7 {
		t.Errorf("background light %s, dark %s: want a light page that turns dark with prefers-color-scheme", light, dark)
	}
	screenshot(t, ctx, "home-dark")

	// Print: the navigation is hidden.
	var navShown bool
	if err := chromedp.Run(ctx,
		emulation.SetEmulatedMedia().WithMedia("print").WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "light"}}),
		chromedp.Navigate(base+brief),
		chromedp.Evaluate(`[...document.querySelectorAll("nav")].some(n => getComputedStyle(n).display !== "none" && n.getBoundingClientRect().height > 0 && !n.closest("main"))`, &navShown),
	); err != nil {
		t.Fatal(err)
	}
	if navShown {
		t.Error("site navigation is shown when printing")
	}
}

// luminance returns the relative brightness (0 black, 1 white) of a CSS
// rgb() or rgba() color string.
func luminance(t *testing.T, css string) float64 {
	t.Helper()
	s := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(css, "rgba("), "rgb("), ")")
	parts := strings.Split(s, ",")
	if len(parts) < 3 {
		t.Fatalf("unexpected color %q", css)
	}
	var sum float64
	for _, p := range parts[:3] {
		var v float64
		for _, c := range strings.TrimSpace(p) {
			if c < '0' || c > '9' {
				break
			}
			v = v*10 + float64(c-'0')
		}
		sum += v
	}
	return sum / (3 * 255)
}
