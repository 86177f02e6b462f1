package markup

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
)

// specPath is where the CommonMark spec examples are, beside the repository.
const specPath = "../../../shared/commonmark/spec.json"

// ownSyntax lists the spec examples whose markdown uses briefbook's own
// syntax ([[...]] or [@...]), so they render differently on purpose.
var ownSyntax = map[int]bool{520: true, 548: true, 559: true, 560: true, 590: true}

// deviations lists the spec examples that the GitHub extensions (and one
// .md link) change on purpose, each with the reason. The test fails if any
// of them starts to pass (so the list stays exact) or if any other example
// fails.
var deviations = map[int]string{
	// GFM autolinks (linkify) link bare URLs and e-mail addresses, which
	// CommonMark leaves as text.
	608: "linkify: the URL inside \"< https://foo.bar >\" is linked",
	611: "linkify: a bare https:// URL is linked",
	612: "linkify: a bare e-mail address is linked",
	// goldmark's linkify parser is triggered by spaces, which stops goldmark
	// from trimming the spaces before a hard line break; the extra white
	// space is harmless.
	226: "linkify: spaces kept before <br />",
	635: "linkify: spaces kept before <br />",
	// A backslash in a path is a Windows folder separator: an error, and
	// the link is only its text.
	202: "a backslash in a link's path: the link is left out",
	502: "a backslash in a link's path: the link is left out",
}

// asWritten returns doc's HTML with the marker of every link and image to a
// path or fragment replaced by its destination, escaped as goldmark's
// renderer escapes it: what resolving each to itself would give.
func asWritten(doc model.Doc) string {
	body := string(doc.Body)
	for i, r := range doc.Refs {
		if r.Kind != model.RefRelLink && r.Kind != model.RefRootLink {
			continue
		}
		dest := r.Target
		if r.Fragment != "" || r.Target == "" {
			dest += "#" + r.Fragment
		}
		esc := util.EscapeHTML(util.URLEscape([]byte(dest), false))
		body = strings.Replace(body, model.Marker(i), string(esc), 1)
	}
	return body
}

// rawHTMLOmitted is what goldmark writes instead of raw HTML.
const rawHTMLOmitted = "<!-- raw HTML omitted -->"

// unsafeMarkdown is the body pipeline with raw HTML let through, to check
// the spec examples that contain raw HTML.
var unsafeMarkdown = newMarkdown(html.WithUnsafe())

var headingID = regexp.MustCompile(`<h([1-6]) id="[^"]*">`)

type specExample struct {
	Markdown string `json:"markdown"`
	HTML     string `json:"html"`
	Example  int    `json:"example"`
	Section  string `json:"section"`
}

func loadSpec(t *testing.T) []specExample {
	t.Helper()
	data, err := os.ReadFile(specPath)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CommonMark spec examples missing: %v", err)
		}
		t.Skipf("CommonMark spec examples missing: %v", err)
	}
	var examples []specExample
	if err := json.Unmarshal(data, &examples); err != nil {
		t.Fatal(err)
	}
	return examples
}

// TestCommonMark checks the body pipeline against the CommonMark spec
// examples, extensions included.
var headingTag = regexp.MustCompile(`<(/?)h([1-6])>`)

// demoted applies to the spec's expected HTML what the format deliberately
// changes about headings: a body with an h1 has every heading moved one
// level down, since the page's title is its h1.
func demoted(html string) string {
	if !strings.Contains(html, "<h1>") {
		return html
	}
	return headingTag.ReplaceAllStringFunc(html, func(tag string) string {
		m := headingTag.FindStringSubmatch(tag)
		level := min(int(m[2][0]-'0')+1, 6)
		return "<" + m[1] + "h" + string(rune('0'+level)) + ">"
	})
}

func TestCommonMark(t *testing.T) {
	examples := loadSpec(t)
	if len(examples) < 600 {
		t.Fatalf("only %d spec examples", len(examples))
	}
	passed, raw, deviated, own := 0, 0, 0, 0
	for _, ex := range examples {
		if ownSyntax[ex.Example] {
			own++
			continue
		}
		ex.HTML = demoted(ex.HTML)
		doc := Convert("spec.md", []byte(ex.Markdown), 0, &diag.List{})
		got := headingID.ReplaceAllString(asWritten(doc), "<h$1>")
		_, isDeviation := deviations[ex.Example]
		switch {
		case got == ex.HTML:
			if isDeviation {
				t.Errorf("example %d is listed as a GFM deviation but passes", ex.Example)
			}
			passed++
		case strings.Contains(got, rawHTMLOmitted):
			// Raw HTML is omitted on purpose. Check the rest of the
			// pipeline with raw HTML let through instead.
			unsafe := convert(unsafeMarkdown, "spec.md", []byte(ex.Markdown), 0, &diag.List{})
			got := headingID.ReplaceAllString(string(unsafe.Body), "<h$1>")
			if got != ex.HTML {
				t.Errorf("example %d (%s), raw HTML let through:\nmarkdown: %q\nwant: %q\ngot:  %q", ex.Example, ex.Section, ex.Markdown, ex.HTML, got)
			}
			raw++
		case isDeviation:
			t.Logf("example %d deviates as expected: %s", ex.Example, deviations[ex.Example])
			deviated++
		default:
			t.Errorf("example %d (%s):\nmarkdown: %q\nwant: %q\ngot:  %q", ex.Example, ex.Section, ex.Markdown, ex.HTML, got)
		}
	}
	if len(deviations) > 10 {
		t.Errorf("%d deviations from the spec: the list should stay small", len(deviations))
	}
	t.Logf("%d examples: %d passed, %d with raw HTML omitted (passing with it let through), %d deviations (GFM, .md link), %d in briefbook syntax",
		len(examples), passed, raw, deviated, own)
}
