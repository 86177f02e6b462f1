package sitetest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/briefbook/briefbook/internal/browsertest"
)

// printWords is the length of brief that must fit on two A4 pages.
const printWords = 560

// printTestBrief returns a brief of printWords words of body text, with
// what a real brief has: a summary, sections, a table, a list, citations
// of sources with URLs, external links and a link to another brief.
func printTestBrief() string {
	vocab := strings.Fields(`the allies share intelligence on missile launches while
		their leaders disagree about history trade and the courts yet officials in
		both capitals describe quiet progress on logistics cyber defence space
		awareness and supply chains that neither government announces loudly`)
	var body strings.Builder
	words := 0
	word := func() string { w := vocab[words%len(vocab)]; words++; return w }
	para := func(n int) {
		for i := 0; i < n; i++ {
			if i > 0 {
				body.WriteByte(' ')
			}
			body.WriteString(word())
		}
		body.WriteString(".\n\n")
	}
	section := func(title string) {
		body.WriteString("## " + title + "\n\n")
		words += len(strings.Fields(title))
	}
	section("What is at stake")
	para(70)
	body.WriteString("The first article [@print-a, para. 3] and the second [@print-b, para. 7] agree; see the [statement](https://example.org/statements/2021/joint) and [[gsomia]].\n\n")
	words += 15
	para(60)
	section("Where cooperation works")
	body.WriteString("| Field | Japan | South Korea |\n|---|---|---|\n")
	for _, row := range [][3]string{{"Missile warning", "radar data", "radar data"}, {"Logistics", "fuel and parts", "ports"}, {"Cyber", "incident reports", "incident reports"}, {"Space", "tracking", "tracking"}} {
		body.WriteString("| " + row[0] + " | " + row[1] + " | " + row[2] + " |\n")
		words += len(strings.Fields(row[0] + " " + row[1] + " " + row[2]))
	}
	body.WriteString("\n")
	para(80)
	for i := 0; i < 4; i++ {
		body.WriteString("- ")
		para(12)
	}
	section("What stands in the way")
	para(75)
	body.WriteString("As [@print-a, para. 12] notes, the dispute over the courts is not settled.\n\n")
	words += 13
	section("Recommendations")
	for words < printWords-10 {
		para(min(55, printWords-words))
	}
	return `---
title: "A brief of 560 words, printed"
date: 2021-05-01
summary: "Two allies cooperate more than their leaders say; this brief, of typical length, checks that a brief prints on two A4 pages."
authors: [Sample book editors]
domain: history-and-politics
sources:
  - id: print-a
    title: "An article the brief cites"
    authors: [A. Author]
    publisher: Example Institute
    date: "2021"
    url: https://example.org/articles/a
  - id: print-b
    title: "Another article"
    authors: [B. Author]
    publisher: Example Review
    date: "2021-04-06"
    url: https://example.org/articles/b
---

` + body.String()
}

// TestBriefPrintsOnTwoPages prints briefs with the real Chromium, as a
// reader's "Print" does (A4, the page's print styles), and checks with
// pdfinfo and pdftotext (poppler-utils): a brief of 560 words, and every
// the two longest briefs of the sample book of at most 560 words, fit on
// two A4 pages each;
// the printout has no navigation, Linked from or Related briefs, keeps
// the references, prints external URLs after their link text, and ends
// with the reference to cite and the page's URL. The PDFs are kept in
// the test's artifact folder.
func TestBriefPrintsOnTwoPages(t *testing.T) {
	pdfinfo := browsertest.Tool(t, "poppler-utils", "pdfinfo")
	pdftotext := browsertest.Tool(t, "poppler-utils", "pdftotext")
	ctx := browsertest.Start(t, 5*time.Minute) // printing is slow on a busy machine
	src := t.TempDir()
	if err := os.CopyFS(filepath.Join(src, "content"), os.DirFS(filepath.Join(repoRoot, "content"))); err != nil {
		t.Fatal(err)
	}
	conf, err := os.ReadFile(filepath.Join(repoRoot, "briefbook.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := WriteFiles(src, map[string]string{"briefbook.yaml": string(conf), "content/briefs/print-test.md": printTestBrief()}); err != nil {
		t.Fatal(err)
	}
	const baseURL = "https://briefbook.example.org/"
	out := buildSite(t, src, baseURL, false)
	srv := serve(t, out)
	dir := t.ArtifactDir()
	t.Logf("the PDFs are in %s", dir)

	briefs := map[string]int{"print-test": printWords} // slug → words
	entries, err := os.ReadDir(filepath.Join(repoRoot, "content", "briefs"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".md"); ok && !e.IsDir() {
			data, err := os.ReadFile(filepath.Join(repoRoot, "content", "briefs", e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			briefs[name] = bodyWords(string(data))
		}
	}
	// The test brief, and the two longest briefs of the sample book that
	// have at most printWords words.
	var sample []string
	for slug, words := range briefs {
		if slug != "print-test" && words <= printWords {
			sample = append(sample, slug)
		}
	}
	sort.Slice(sample, func(i, j int) bool { return briefs[sample[i]] > briefs[sample[j]] })
	for _, slug := range append([]string{"print-test"}, sample[:min(2, len(sample))]...) {
		words := briefs[slug]
		file := filepath.Join(dir, slug+".pdf")
		var pdf []byte
		err := chromedp.Run(ctx,
			chromedp.Navigate(srv+"/briefs/"+slug+"/"),
			chromedp.WaitReady("body"),
			chromedp.ActionFunc(func(ctx context.Context) error {
				var err error
				pdf, _, err = page.PrintToPDF().WithPreferCSSPageSize(true).WithPrintBackground(true).Do(ctx)
				return err
			}),
		)
		if err != nil {
			t.Fatalf("%s: printing: %v", slug, err)
		}
		if err := os.WriteFile(file, pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		info, err := exec.Command(pdfinfo, file).Output()
		if err != nil {
			t.Fatalf("pdfinfo %s: %v", file, err)
		}
		pages, size := pdfPages(string(info))
		t.Logf("%s (%d words): %d pages of %s", slug, words, pages, size)
		if pages < 1 || pages > 2 {
			t.Errorf("%s (%d words) prints on %d pages, want at most 2", slug, words, pages)
		}
		if !strings.Contains(size, "A4") {
			t.Errorf("%s: page size %q, want A4", slug, size)
		}
		text, err := exec.Command(pdftotext, "-enc", "UTF-8", file, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext %s: %v", file, err)
		}
		checkPrintedBrief(t, slug, baseURL+"briefs/"+slug+"/", normalizeSpace(string(text)))
	}
}

// checkPrintedBrief checks the text of a printed brief.
func checkPrintedBrief(t *testing.T, slug, url, text string) {
	t.Helper()
	for _, gone := range []string{"Linked from", "Related briefs", "Skip to content", "Sections", "BibTeX"} {
		if strings.Contains(text, gone) {
			t.Errorf("%s: the printout shows %q", slug, gone)
		}
	}
	if !strings.Contains(text, "Cite this brief:") {
		t.Errorf("%s: the printout has no reference to cite", slug)
	}
	// pdftotext joins a line broken after a hyphen without it.
	squeeze := strings.NewReplacer(" ", "", "-", "")
	if !strings.Contains(squeeze.Replace(text), squeeze.Replace(url)) {
		t.Errorf("%s: the printout does not give the page's URL %s", slug, url)
	}
	if slug != "print-test" {
		return
	}
	for _, want := range []string{"References", "An article the brief cites", "statement <https://example.org/statements/2021/joint>"} {
		if !strings.Contains(text, want) {
			t.Errorf("%s: the printout has no %q:\n%s", slug, want, text)
		}
	}
}

// bodyWords counts the words of a markdown file's body (after the
// frontmatter), markup included: a little more than a reader counts.
func bodyWords(md string) int {
	parts := strings.SplitN(md, "\n---\n", 2)
	if len(parts) < 2 {
		return len(strings.Fields(md))
	}
	return len(strings.Fields(parts[1]))
}

// pdfPages returns the page count and page size pdfinfo reports.
func pdfPages(info string) (int, string) {
	n := 0
	if m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(info); m != nil {
		n, _ = strconv.Atoi(m[1])
	}
	size := ""
	if m := regexp.MustCompile(`(?m)^Page size:\s+(.*)$`).FindStringSubmatch(info); m != nil {
		size = m[1]
	}
	return n, size
}

// normalizeSpace joins the lines of pdftotext's output with single spaces,
// hyphenated line ends left as they are.
func normalizeSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
