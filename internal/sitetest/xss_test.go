package sitetest

import (
	"encoding/json"
	"encoding/xml"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/briefbook/briefbook/internal/build"
)

// payload is what an attacker would put in a field; every field of the XSS
// site below carries it, or a variant fit for the field's type.
const payload = `<script>alert(1)</script><img src=x onerror=alert(2)>"'><svg onload=alert(3)>`

// xssSite is a site whose every frontmatter field, profile, bibliography
// entry, configuration value and body construct carries a script payload or
// a dangerous URL.
var xssSite = map[string]string{
	"briefbook.yaml": `title: "Book ` + escYAML(payload) + `"
description: "` + escYAML(payload) + `"
language: "en"
custom: "` + escYAML(payload) + `"
`,
	"content/_index.md": `---
title: "Home ` + escYAML(payload) + `"
---
Intro ` + payload + ` [x](javascript:alert(4)) [[first|` + payload + `]]
`,
	"content/sources.yaml": `evil:
  title: "` + escYAML(payload) + `"
  authors: ["` + escYAML(payload) + `"]
  publisher: "` + escYAML(payload) + `"
  date: "2021"
  note: "` + escYAML(payload) + `"
evil2:
  title: "Data URL"
evil3:
  title: "VBScript"
`,
	"content/actors/evil.md": `---
name: "Evil ` + escYAML(payload) + `"
aliases: ["` + escYAML(payload) + `", "evil"]
kind: "` + escYAML(payload) + `"
summary: "` + escYAML(payload) + `"
---
Profile ` + payload + `
`,
	"content/domains/evil.md": `---
title: "Evil ` + escYAML(payload) + `"
summary: "` + escYAML(payload) + `"
order: 1
---
Domain ` + payload + `
`,
	"content/briefs/first.md": `---
title: "First ` + escYAML(payload) + `"
date: 2021-04-06
summary: "` + escYAML(payload) + `"
authors: ["` + escYAML(payload) + `"]
domain: ["evil", "` + escYAML(payload) + `"]
actors: ["evil", "` + escYAML(payload) + `"]
sources:
  - evil
  - evil2
  - evil3
  - id: inline-evil
    title: "` + escYAML(payload) + `"
    authors: ["` + escYAML(payload) + `"]
    publisher: "` + escYAML(payload) + `"
    date: "2021"
custom: "` + escYAML(payload) + `"
---
# Heading ` + payload + `

Body ` + payload + `

<script>alert(9)</script>

<a href="javascript:alert(10)" onclick="alert(11)">raw</a>

[link](javascript:alert(12)) [link2](JAVASCRIPT:alert(13)) [data](data:text/html,x)
![img](javascript:alert(14)) <javascript:alert(15)>

[[second|` + payload + `]] [[actor:evil|` + payload + `]] [[source:evil]]

Cited [@evil, ` + payload + `] and [@inline-evil].

Footnote[^1].

[^1]: Note ` + payload + `

| a | b |
|---|---|
| ` + payload + ` | [t](javascript:alert(16)) |
`,
	"content/briefs/second.md": `+++
title = "Second ` + escTOML(payload) + `"
date = "2021-04-07"
summary = "` + escTOML(payload) + `"
domain = "evil"
actors = ["Evil"]
+++
See [[first]] and [first](first.md).
`,
}

// xssWarnings are the warnings the XSS site is expected to give: the raw
// HTML left out, a domain named by a payload, and javascript: links.
var xssWarnings = []string{"raw HTML is not rendered", "while other domains have one", "could run code in readers' browsers"}

func escYAML(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`) }
func escTOML(s string) string { return escYAML(s) }

// TestNoScriptReachesOutput builds the XSS site and checks every HTML page:
// no script element other than the theme's own external scripts, no form
// other than the theme's search forms, no event
// handler attribute, and no URL attribute with a scheme outside the allowlist.
func TestNoScriptReachesOutput(t *testing.T) {
	src := t.TempDir()
	if err := WriteFiles(src, xssSite); err != nil {
		t.Fatal(err)
	}
	// The payloads are raw HTML, which is left out with a warning; one is
	// a domain without a profile, while "evil" has one.
	out := buildSiteAllowing(t, src, "https://example.org/book/", false, xssWarnings...)
	files, err := HTMLFiles(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 10 {
		t.Fatalf("XSS site built only %d HTML files", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		es, err := Elements(f, data)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, e := range es {
			checkElement(t, e)
		}
		if strings.Contains(string(data), "alert(") && strings.Contains(strings.ToLower(string(data)), "<script>alert") {
			t.Errorf("%s: a raw <script> payload reached the page", f)
		}
	}
	// The feed carries each brief's body as escaped HTML (content
	// type="html"): the XML around it holds no payload, and the HTML in it
	// passes the checks pages pass.
	var feed struct {
		Entries []struct {
			Content string `xml:"content"`
		} `xml:"entry"`
	}
	data := readAll(t, filepath.Join(out, "feed.xml"))
	if err := xml.Unmarshal([]byte(data), &feed); err != nil {
		t.Fatal(err)
	}
	for i, e := range feed.Entries {
		es, err := Elements("feed.xml", []byte(e.Content))
		if err != nil {
			t.Fatal(err)
		}
		for _, el := range es {
			checkElement(t, el)
		}
		if strings.Contains(strings.ToLower(e.Content), "<script>alert") {
			t.Errorf("feed.xml: entry %d: a raw <script> payload reached its content", i)
		}
	}
	outside := regexp.MustCompile(`(?s)<content[^>]*>.*?</content>`).ReplaceAllString(data, "")
	sitemap := readAll(t, filepath.Join(out, "sitemap.xml"))
	for f, data := range map[string]string{"feed.xml": outside, "sitemap.xml": sitemap} {
		if strings.Contains(data, "<script") || strings.Contains(data, "javascript:") {
			t.Errorf("%s: payload reached the file unescaped", f)
		}
	}
}

// TestDangerousSourceURLRefused checks that a source whose url is not an
// http or https URL stops the build with an error at the value, in the
// bibliography and inline, whatever the case or surrounding space.
func TestDangerousSourceURLRefused(t *testing.T) {
	src := t.TempDir()
	err := WriteFiles(src, map[string]string{
		"content/sources.yaml": "a:\n  title: A\n  url: \" JaVaScRiPt:alert(7)\"\nb:\n  title: B\n  url: \"data:text/html;base64,PHNjcmlwdD4=\"\n",
		"content/briefs/x.md":  "---\ntitle: X\ndate: 2021-04-06\ndomain: cyber\nsources:\n  - a\n  - b\n  - id: c\n    title: C\n    url: vbscript:msgbox(1)\n---\nBody.\n",
	})
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	out := filepath.Join(t.TempDir(), "public")
	_, err = build.Run(build.Options{Source: src, Output: out, Stderr: &stderr})
	if err == nil {
		t.Fatal("build with javascript:, data: and vbscript: source URLs succeeded")
	}
	for _, want := range []string{
		`content/sources.yaml:3:8: error: field "url" must be an http or https URL`,
		`content/sources.yaml:6:8: error: field "url" must be an http or https URL`,
		`content/briefs/x.md:10:10: error: field "url" must be an http or https URL`,
	} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a failed build wrote the output folder")
	}
}

// urlAttrs are the attributes whose value a browser follows or loads.
var urlAttrs = map[string]bool{
	"href": true, "src": true, "action": true, "formaction": true, "poster": true,
	"srcset": true, "xlink:href": true, "data": true, "cite": true, "background": true,
}

// allowedSchemes are the schemes a page may link to.
var allowedSchemes = map[string]bool{"": true, "http": true, "https": true, "mailto": true}

func checkElement(t *testing.T, e Element) {
	t.Helper()
	switch e.Tag {
	case "script":
		if typ, _ := e.Attr("type"); typ == "application/ld+json" {
			// schema.org data: a browser never runs it; it must be JSON
			// in which no '<' could close the element.
			if _, hasSrc := e.Attr("src"); hasSrc || strings.Contains(e.Text, "<") || !json.Valid([]byte(e.Text)) {
				t.Errorf("%s: JSON-LD <script> element is not plain JSON: %q", e.File, e.Text)
			}
			break
		}
		if src, ok := e.Attr("src"); !ok || strings.TrimSpace(e.Text) != "" || !strings.Contains(src, "/static/") && !strings.HasPrefix(src, "/") {
			t.Errorf("%s: <script> element (src=%q, text=%q)", e.File, src, e.Text)
		}
	case "form":
		// The theme's search forms, and nothing else.
		if a, _ := e.Attr("action"); a != "/book/search/" {
			t.Errorf("%s: <form action=%q> element", e.File, a)
		}
	case "iframe", "object", "embed", "base":
		t.Errorf("%s: <%s> element", e.File, e.Tag)
	case "meta":
		if v, _ := e.Attr("http-equiv"); strings.EqualFold(v, "refresh") {
			t.Errorf("%s: <meta http-equiv=refresh>", e.File)
		}
	}
	for _, a := range e.Attrs {
		key := strings.ToLower(a.Key)
		if strings.HasPrefix(key, "on") {
			t.Errorf("%s: <%s %s=%q>: event handler attribute", e.File, e.Tag, a.Key, a.Val)
		}
		if key == "style" && strings.Contains(strings.ToLower(a.Val), "url(") {
			t.Errorf("%s: <%s style=%q>: URL in style", e.File, e.Tag, a.Val)
		}
		if !urlAttrs[key] {
			continue
		}
		u, err := url.Parse(strings.TrimSpace(a.Val))
		if err != nil {
			// A value that does not parse as a URL is not followed as one,
			// but make sure it does not smuggle a scheme.
			if strings.Contains(strings.ToLower(a.Val), "script:") {
				t.Errorf("%s: <%s %s=%q>", e.File, e.Tag, a.Key, a.Val)
			}
			continue
		}
		if !allowedSchemes[strings.ToLower(u.Scheme)] {
			t.Errorf("%s: <%s %s=%q>: scheme %q not allowed", e.File, e.Tag, a.Key, a.Val, u.Scheme)
		}
	}
}
