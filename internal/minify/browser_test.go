package minify

import (
	"bytes"
	"encoding/base64"
	"math"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/parse/v2/buffer"

	"github.com/briefbook/briefbook/internal/browsertest"
)

// textSVG holds texts whose white space matters: spaces around a tspan,
// runs of spaces under xml:space="preserve" and under white-space: pre.
const textSVG = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="120">
  <text x="10" y="20" font-family="monospace" font-size="16">Hello <tspan>World</tspan> again</text>
  <text x="10" y="50" font-family="monospace" font-size="16" xml:space="preserve">a    b    c</text>
  <text x="10" y="80" font-family="monospace" font-size="16" style="white-space: pre">a    b    c</text>
</svg>
`

// TestSVGTextWidthsInChromium renders textSVG in Chromium before and after
// minifying, as a file and inline in an HTML page, and compares the width
// of every text (issue 10: the minifier made them 10 to 15 px narrower).
// It first checks that the SVG minifier alone does change the widths, so
// that the comparison can fail.
func TestSVGTextWidthsInChromium(t *testing.T) {
	ctx := browsertest.Start(t, 60*time.Second)
	widths := func(mediaType string, doc []byte) []float64 {
		t.Helper()
		var w []float64
		url := "data:" + mediaType + ";base64," + base64.StdEncoding.EncodeToString(doc)
		err := chromedp.Run(ctx, chromedp.Navigate(url),
			chromedp.Evaluate(`Array.from(document.querySelectorAll("text")).map(t => t.getComputedTextLength())`, &w))
		if err != nil {
			t.Fatalf("rendering %s: %v", mediaType, err)
		}
		if len(w) != 3 {
			t.Fatalf("%s: %d texts measured, want 3", mediaType, len(w))
		}
		return w
	}
	minified := func(mt string, src []byte) []byte {
		t.Helper()
		var b bytes.Buffer
		if err := To(&b, mt, src); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	page := []byte("<!DOCTYPE html>\n<html>\n<body>\n  <p>A chart:</p>\n  " + textSVG + "</body>\n</html>\n")

	want := widths("image/svg+xml", []byte(textSVG))
	var plain bytes.Buffer
	if err := (&svg.Minifier{}).Minify(minifier(), &plain, buffer.NewReader([]byte(textSVG)), nil); err != nil {
		t.Fatal(err)
	}
	if eqWidths(widths("image/svg+xml", plain.Bytes()), want) {
		t.Fatal("the SVG minifier alone draws the texts at the same widths: this test cannot tell a change")
	}

	for _, tc := range []struct {
		name, mt string
		before   []byte
	}{
		{"file", "image/svg+xml", []byte(textSVG)},
		{"inline", "text/html", page},
	} {
		before := widths(tc.mt, tc.before)
		after := widths(tc.mt, minified(tc.mt, tc.before))
		if !eqWidths(before, after) {
			t.Errorf("%s: text widths %v before minifying, %v after", tc.name, before, after)
		}
		if !eqWidths(before, want) {
			t.Errorf("%s: text widths %v, want %v as in the SVG file", tc.name, before, want)
		}
	}
}

// eqWidths reports whether two lists of widths, in CSS pixels, are equal
// to a hundredth of a pixel.
func eqWidths(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > 0.01 {
			return false
		}
	}
	return true
}
