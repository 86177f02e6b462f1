package sitetest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/briefbook/briefbook/internal/browsertest"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// axeViolation is one rule axe-core reports as broken on a page.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

// axeSource returns the axe-core script, from $AXE_CORE or from
// .ci/node/node_modules (where .ci/run installs the npm package).
func axeSource(t *testing.T) string {
	t.Helper()
	p := os.Getenv("AXE_CORE")
	if p == "" {
		p = filepath.Join(repoRoot, ".ci/node/node_modules/axe-core/axe.min.js")
	}
	src, err := os.ReadFile(p)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("axe-core is missing (%v); .ci/run installs it", err)
		}
		t.Skipf("axe-core is not installed (%v; see .ci/run)", err)
	}
	return string(src)
}

// TestAccessibility builds the sample book under a base path, serves it as
// a static host would, and runs axe-core in Chromium on every kind of page,
// on a phone-sized and a desktop screen, failing on any violation axe
// rates serious or critical. With BRIEFBOOK_SCREENSHOTS set it keeps a
// full-page screenshot of each page at each width.
func TestAccessibility(t *testing.T) {
	axe := axeSource(t)
	ctx := browsertest.Start(t, 5*time.Minute) // 28 pages, each checked by axe
	out := buildSite(t, repoRoot, "/book/", false)
	srv := httptest.NewServer(http.StripPrefix("/book", http.FileServer(http.Dir(out))))
	t.Cleanup(srv.Close)
	pages := map[string]string{
		"home":     "/book/",
		"about":    "/book/about/",
		"brief":    "/book/briefs/gsomia/",
		"briefs":   "/book/briefs/",
		"actor":    "/book/actors/japan/",
		"actors":   "/book/actors/",
		"domain":   "/book/domains/intelligence-sharing/",
		"domains":  "/book/domains/",
		"sources":  "/book/sources/",
		"source":   "/book/sources/haggard-sokolski-2021/",
		"contents": "/book/contents/",
		"facet":    "/book/domains/history-and-politics/actors/japan/",
		"404":      "/book/404.html",
		"search":   "/book/search/?q=gsomia",
		"book":     "/book/book/",
	}
	for _, width := range []int64{390, 1280} {
		for name, path := range pages {
			var vs []axeViolation
			err := chromedp.Run(ctx,
				chromedp.EmulateViewport(width, 900),
				chromedp.Navigate(srv.URL+path),
				chromedp.Evaluate(axe, nil),
				chromedp.Evaluate(`axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations)`, &vs,
					func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }),
			)
			if err != nil {
				t.Fatalf("%s at %d px: %v", path, width, err)
			}
			for _, v := range vs {
				if v.Impact != "serious" && v.Impact != "critical" {
					continue
				}
				var where []string
				for _, n := range v.Nodes[:min(3, len(v.Nodes))] {
					where = append(where, fmt.Sprint(n.Target))
				}
				t.Errorf("%s at %d px: %s (%s): %s, on %d elements: %s", path, width, v.ID, v.Impact, v.Help, len(v.Nodes), strings.Join(where, ", "))
			}
			screenshot(t, ctx, fmt.Sprintf("%s-%d", name, width))
		}
	}
}
