package sitetest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestLinkPreviewInBrowser builds the sample book under a base path, serves
// it as a static host would, opens the GSOMIA brief in Chromium and focuses
// (as the keyboard does) its first link to another brief: a popover must
// appear, described by the link, showing the target's title and date from
// its preview.json; Escape must hide it. Hovering a link shows it too.
func TestLinkPreviewInBrowser(t *testing.T) {
	ctx := browser(t)
	out := buildSite(t, repoRoot, "/book/", false)
	srv := httptest.NewServer(http.StripPrefix("/book", http.FileServer(http.Dir(out))))
	t.Cleanup(srv.Close)

	var href string
	if err := chromedp.Run(ctx,
		chromedp.EmulateViewport(1200, 900),
		// A headless page is not focused, and focus events only fire in a
		// focused page.
		emulation.SetFocusEmulationEnabled(true),
		chromedp.Navigate(srv.URL+"/book/briefs/gsomia/"),
		chromedp.Evaluate(`(() => {
			document.documentElement.style.scrollBehavior = "auto"; // the theme scrolls smoothly: keep positions still
			const a = [...document.querySelectorAll("main a[href]")].find(a =>
				/\/book\/briefs\/[^\/]+\/$/.test(a.pathname) && a.pathname !== location.pathname && !a.hash);
			if (!a) return "";
			a.id = "bb-test-link";
			a.focus();
			return a.pathname;
		})()`, &href),
	); err != nil {
		t.Fatal(err)
	}
	if href == "" {
		t.Fatal("the GSOMIA brief has no link to another brief")
	}
	raw, err := os.ReadFile(filepath.Join(out, strings.TrimPrefix(href, "/book/"), "preview.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want struct{ Title, Date string }
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatal(err)
	}
	var shown struct {
		Text      string `json:"text"`
		Described bool   `json:"described"`
	}
	if err := chromedp.Run(ctx,
		chromedp.WaitVisible(`#bb\:preview`, chromedp.ByQuery),
		chromedp.Evaluate(`({text: document.getElementById("bb:preview").textContent,
			described: document.getElementById("bb-test-link").getAttribute("aria-describedby") === "bb:preview"})`, &shown),
	); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(shown.Text, want.Title) || !strings.Contains(shown.Text, want.Date) || !shown.Described {
		t.Errorf("preview of %s shows %q (described by it: %v), want its title %q and date %q", href, shown.Text, shown.Described, want.Title, want.Date)
	}
	var hidden bool
	if err := chromedp.Run(ctx,
		chromedp.KeyEvent("\x1b"),
		chromedp.Sleep(100*time.Millisecond),
		chromedp.Evaluate(`document.getElementById("bb:preview").hidden`, &hidden),
	); err != nil {
		t.Fatal(err)
	}
	if !hidden {
		t.Error("Escape does not hide the preview")
	}
	// Hovering: move the pointer onto the link.
	if err := chromedp.Run(ctx,
		chromedp.Evaluate(`document.activeElement.blur()`, nil),
		chromedp.MouseEvent("mouseMoved", 2, 2),
	); err != nil {
		t.Fatal(err)
	}
	// The pointer is moved onto the link until the popover shows, for at
	// most about 10 s.
	shownByHover := false
	if err := chromedp.Run(ctx, chromedp.Evaluate(`document.getElementById("bb-test-link").scrollIntoView({block: "center"})`, nil)); err != nil {
		t.Fatal(err)
	}
	for range 25 {
		var box []float64
		if err := chromedp.Run(ctx, chromedp.Evaluate(`(() => {
			// A link that wraps has a box per line: aim at the middle of the first.
			const r = document.getElementById("bb-test-link").getClientRects()[0];
			return [r.left + r.width/2, r.top + r.height/2];
		})()`, &box)); err != nil {
			t.Fatal(err)
		}
		var visible bool
		if err := chromedp.Run(ctx,
			chromedp.MouseEvent("mouseMoved", box[0], box[1]),
			chromedp.Sleep(400*time.Millisecond),
			chromedp.Evaluate(`!document.getElementById("bb:preview").hidden`, &visible),
		); err != nil {
			t.Fatal(err)
		}
		if visible {
			shownByHover = true
			break
		}
	}
	if !shownByHover {
		t.Error("hovering the link shows no preview")
	}
	screenshot(t, ctx, "link-preview")
}
