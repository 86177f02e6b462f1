package serve

import (
	"context"
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
	return browsertest.Start(t, 120*time.Second)
}

// TestBrowser drives a real browser on a served book: an edit of the open
// brief appears with no manual reload and the scroll position kept;
// saving another brief makes the browser follow to it; broken frontmatter
// shows the errors overlay, and fixing it removes it; a changed
// stylesheet applies without a reload; a deleted brief's page says so.
func TestBrowser(t *testing.T) {
	ctx := browser(t)
	dir := makeSite(t)
	r := start(t, dir, Options{})
	run := func(what string, actions ...chromedp.Action) {
		t.Helper()
		if err := chromedp.Run(ctx, actions...); err != nil {
			t.Fatalf("%s: %v\nserver output:\n%s", what, err, r.out.String())
		}
	}
	// poll evaluates expr until it is true, across page loads (the
	// reloads and navigations the test waits for), failing after 20 s.
	poll := func(what, expr string) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for {
			var ok bool
			err := chromedp.Run(ctx, chromedp.Evaluate(`(function(){ try { return !!(`+expr+`) } catch (e) { return false } })()`, &ok))
			if err == nil && ok {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: never true: %s (%v)\nserver output:\n%s", what, expr, err, r.out.String())
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	// listening waits until n pages listen for events.
	listening := func(n int) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for r.srv.hub.count() < n {
			if time.Now().After(deadline) {
				t.Fatal("the page never listened for events")
			}
			time.Sleep(20 * time.Millisecond)
		}
	}

	run("open alpha",
		emulation.SetDeviceMetricsOverride(800, 600, 1, false),
		chromedp.Navigate(r.url+"briefs/alpha/"),
		chromedp.WaitVisible("h1", chromedp.ByQuery),
	)
	listening(1)
	var y float64
	run("scroll", chromedp.Evaluate(`window.scrollTo({top: 1500, behavior: "instant"}); window.__mark = 1; window.scrollY`, &y))
	if y != 1500 {
		t.Fatalf("could not scroll the page: scrollY %v", y)
	}

	// An edit of the open brief: new text, same scroll position.
	writeFile(t, dir, "content/briefs/alpha.md", strings.Replace(files["content/briefs/alpha.md"], "Alpha ends here.", "Alpha ends in the browser.", 1))
	poll("new text", `document.body.innerText.includes("Alpha ends in the browser.")`)
	// The position is restored when the script runs and again on "load",
	// once the stylesheet and fonts give the page its full height; read it
	// after that.
	poll("page loaded", `document.readyState === "complete"`)
	var mark bool
	run("after reload", chromedp.Evaluate(`window.__mark === undefined`, &mark), chromedp.Evaluate(`window.scrollY`, &y))
	if !mark {
		t.Error("the page changed without reloading?")
	}
	if y != 1500 {
		t.Errorf("scroll position after reload: %v, want 1500", y)
	}

	// Another brief saved: the browser follows.
	listening(1)
	writeFile(t, dir, "content/briefs/beta.md", strings.Replace(files["content/briefs/beta.md"], "Beta text.", "Beta, followed.", 1))
	poll("follow", `location.pathname === "/book/briefs/beta/" && document.body.innerText.includes("Beta, followed.")`)

	// Broken frontmatter: the overlay, over the last good page; fixed: gone.
	listening(1)
	writeFile(t, dir, "content/briefs/beta.md", "---\ntitle: [Beta\n---\nBroken.\n")
	poll("overlay", `(document.getElementById("__briefbook-errors") || {innerText: ""}).innerText.includes("content/briefs/beta.md:2:")`)
	var link string
	run("overlay link", chromedp.Evaluate(`Array.from(document.querySelectorAll("#__briefbook-errors a")).find(a => a.textContent.startsWith("content/briefs/beta.md:")).getAttribute("href")`, &link))
	if link != "/book/briefs/beta/" {
		t.Errorf("overlay links to %q, want beta's page", link)
	}
	writeFile(t, dir, "content/briefs/beta.md", files["content/briefs/beta.md"])
	poll("overlay removed", `document.getElementById("__briefbook-errors") === null && document.body.innerText.includes("Beta text.")`)

	// A stylesheet: applied without a reload.
	listening(1)
	run("mark", chromedp.Evaluate(`window.__mark = 2`, nil))
	writeFile(t, dir, "static/css/style.css", "body { background: rgb(1, 2, 3) }\n")
	poll("stylesheet", `getComputedStyle(document.body).backgroundColor === "rgb(1, 2, 3)"`)
	run("no reload", chromedp.Evaluate(`window.__mark === 2`, &mark))
	if !mark {
		t.Error("the page reloaded for a stylesheet change")
	}

	// A new brief, which no other links to: the browser follows to it.
	// Its file deleted: the page says so, over its last content.
	listening(1)
	writeFile(t, dir, "content/briefs/gamma.md", "---\ntitle: Gamma\ndate: 2021-04-09\ndomain: cyber\n---\nGamma text.\n")
	poll("follow to a new brief", `location.pathname === "/book/briefs/gamma/" && document.body.innerText.includes("Gamma text.")`)
	listening(1)
	if err := os.Remove(filepath.Join(dir, "content/briefs/gamma.md")); err != nil {
		t.Fatal(err)
	}
	poll("deleted", `(document.getElementById("__briefbook-gone") || {innerText: ""}).innerText.includes("this page is no longer in the book: its file was renamed or deleted.") && document.body.innerText.includes("Gamma text.")`)
}
