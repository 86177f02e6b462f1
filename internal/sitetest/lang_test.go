package sitetest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/css"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/chromedp"
)

// langSite has a brief with spans in Korean and Japanese (the same Han
// character, drawn differently in each), a brief in Japanese, and a
// table wider than a phone.
var langSite = map[string]string{
	"briefbook.yaml": "title: Languages\nlanguage: en\n",
	"content/briefs/spans.md": `---
title: Spans
date: 2021-04-06
domain: history
---
The character in Korean [直接 協力]{lang=ko} and in Japanese [直接 協力]{lang=ja}.

Korean running text: [한국과 일본의 안보 협력은 오랫동안 역사 문제에 가로막혀 왔다]{lang=ko}.

| Field | Japan | South Korea | United States | Notes on the arrangement and its history |
|---|---|---|---|---|
| Missile warning | radar data shared in real time | radar data shared in real time | early warning satellites | through the trilateral arrangement since 2014 |
`,
	"content/briefs/japanese.md": `---
title: 日本語の概要
date: 2021-04-07
domain: history
lang: ja
---
直接の協力が進んでいる。
`,
}

// TestLanguagesInBrowser checks with Chromium, and the Noto CJK fonts CI
// installs, that a span or a brief declared Japanese is drawn with the
// Japanese font and one declared Korean with the Korean font (the same
// characters have other shapes in each), that Korean breaks between
// words, and that a wide table scrolls in its own box with shadows at its
// edges.
func TestLanguagesInBrowser(t *testing.T) {
	ctx := browser(t)
	src := t.TempDir()
	if err := WriteFiles(src, langSite); err != nil {
		t.Fatal(err)
	}
	out := buildSite(t, src, "", false)
	base := serve(t, out)

	fonts := func(url, sel string) string {
		t.Helper()
		var ids []cdp.NodeID
		var used []*css.PlatformFontUsage
		err := chromedp.Run(ctx,
			chromedp.Navigate(base+url),
			chromedp.WaitReady("body"),
			chromedp.ActionFunc(func(ctx context.Context) error {
				if err := dom.Enable().Do(ctx); err != nil {
					return err
				}
				return css.Enable().Do(ctx)
			}),
			chromedp.NodeIDs(sel, &ids, chromedp.ByQuery),
			chromedp.ActionFunc(func(ctx context.Context) error {
				var err error
				used, err = css.GetPlatformFontsForNode(ids[0]).Do(ctx)
				return err
			}),
		)
		if err != nil {
			t.Fatalf("%s %s: %v", url, sel, err)
		}
		var names []string
		for _, f := range used {
			names = append(names, f.FamilyName)
		}
		return strings.Join(names, ", ")
	}
	for _, tt := range []struct{ url, sel, want string }{
		{"/briefs/spans/", `.prose span[lang="ja"]`, "CJK JP"},
		{"/briefs/spans/", `.prose span[lang="ko"]`, "CJK KR"},
		{"/briefs/japanese/", `.prose p`, "CJK JP"},
		{"/briefs/japanese/", `h1`, "CJK JP"},
	} {
		if got := fonts(tt.url, tt.sel); !strings.Contains(got, tt.want) {
			t.Errorf("%s %s is drawn with %q, want a %s font", tt.url, tt.sel, got, tt.want)
		}
	}

	var wordBreak, attach, overflow string
	var scrolls bool
	err := chromedp.Run(ctx,
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(base+"/briefs/spans/"),
		chromedp.WaitReady("body"),
		chromedp.Evaluate(`getComputedStyle(document.querySelectorAll('.prose span[lang="ko"]')[1]).wordBreak`, &wordBreak),
		chromedp.Evaluate(`getComputedStyle(document.querySelector('.prose table')).backgroundAttachment`, &attach),
		chromedp.Evaluate(`getComputedStyle(document.querySelector('.prose table')).overflowX`, &overflow),
		chromedp.Evaluate(`(() => { const t = document.querySelector('.prose table'); return t.scrollWidth > t.clientWidth && document.documentElement.scrollWidth <= innerWidth && t.tabIndex === 0; })()`, &scrolls),
	)
	if err != nil {
		t.Fatal(err)
	}
	if wordBreak != "keep-all" {
		t.Errorf("Korean text has word-break %q, want keep-all", wordBreak)
	}
	if attach != "local, local, scroll, scroll" || overflow != "auto" {
		t.Errorf("wide table: background-attachment %q, overflow-x %q; want shadows that show where it scrolls", attach, overflow)
	}
	if !scrolls {
		t.Error("at 390 px the wide table does not scroll in its own focusable box, or the page scrolls sideways")
	}
	screenshot(t, ctx, "lang-spans-390")
}

// TestLanguageInListsAndFeed checks that a brief's language goes with its
// title and summary wherever they are shown: in the lists of briefs (a
// domain's page, the briefs page) and on its Atom feed entry, where
// xml:lang covers the title, summary and content (RFC 4287, 2).
func TestLanguageInListsAndFeed(t *testing.T) {
	src := t.TempDir()
	files := map[string]string{}
	for k, v := range langSite {
		files[k] = v
	}
	files["briefbook.yaml"] = "title: Languages\nlanguage: en\nbaseURL: https://example.org/\n"
	files["content/briefs/japanese.md"] = strings.Replace(langSite["content/briefs/japanese.md"], "lang: ja\n", "lang: ja\nsummary: 協力の概要\n", 1)
	if err := WriteFiles(src, files); err != nil {
		t.Fatal(err)
	}
	out := buildSite(t, src, "", false)
	for _, page := range []string{"domains/history/index.html", "briefs/index.html"} {
		html := readOut(t, out, page)
		for _, want := range []string{`lang="ja">日本語の概要</a>`, `lang="ja">協力の概要</p>`} {
			if !strings.Contains(html, want) {
				t.Errorf("%s: no %s", page, want)
			}
		}
		if strings.Count(html, `lang="ja"`) != 2 {
			t.Errorf("%s: lang=ja on %d elements, want the title and summary of one brief", page, strings.Count(html, `lang="ja"`))
		}
	}
	feed := readOut(t, out, "feed.xml")
	if !strings.Contains(feed, `<entry xml:lang="ja"><title>日本語の概要</title>`) {
		t.Errorf("feed.xml: the Japanese brief's entry has no xml:lang:\n%s", feed)
	}
	if strings.Count(feed, `xml:lang="ja"`) != 1 {
		t.Errorf("feed.xml: xml:lang=\"ja\" %d times, want once", strings.Count(feed, `xml:lang="ja"`))
	}
}

// readOut returns the output file at the slash-separated path rel of out.
func readOut(t *testing.T, out, rel string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
