package pdf

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/chromedp/chromedp"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// Page numbers in the contents.
//
// The contents of /book/ ask for page numbers with target-counter(),
// which Chromium does not support. So the book is printed twice: the
// first PDF's bookmarks, which Chromium makes from the page's headings,
// give the page of each heading; the contents' links get that page as
// data-page (which book.css shows), and the book is printed again. The
// numbers sit at the end of lines that are already there, so the second
// print has the same pages.

// headingPages returns the page (from 1) of each bookmark of the PDF, in
// document order, which is the order of the headings they were made from.
func headingPages(pdf []byte) ([]int, error) {
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	bms, err := api.Bookmarks(bytes.NewReader(pdf), conf)
	if err != nil {
		return nil, fmt.Errorf("reading the PDF's bookmarks: %w", err)
	}
	var pages []int
	var walk func([]pdfcpu.Bookmark)
	walk = func(bs []pdfcpu.Bookmark) {
		for _, b := range bs {
			pages = append(pages, b.PageFrom)
			walk(b.Kids)
		}
	}
	walk(bms)
	return pages, nil
}

// numberContents is run in the page with the pages of its headings, in
// document order. When there are as many as the page has headings, each
// link of the contents gets the page of the heading it leads to (or of
// the first heading in the element it leads to) as data-page; otherwise
// nothing is changed. It returns how many links were numbered.
const numberContents = `(function(pages) {
	const sel = 'h1, h2, h3, h4, h5, h6';
	const hs = Array.from(document.querySelectorAll(sel)).filter(h => h.getClientRects().length > 0);
	if (hs.length !== pages.length) return -hs.length;
	let n = 0;
	for (const a of document.querySelectorAll('.book-toc a[href^="#"]')) {
		let el = document.getElementById(decodeURIComponent(a.hash.slice(1)));
		if (el && !el.matches(sel)) el = el.querySelector(sel);
		const i = el ? hs.indexOf(el) : -1;
		if (i < 0) continue;
		a.setAttribute('data-page', String(pages[i]));
		n++;
	}
	return n;
})`

// headingTexts is run in the page: it returns the text of each heading
// that is shown, in document order, white space made single spaces.
const headingTexts = `Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'))
	.filter(h => h.getClientRects().length > 0)
	.map(h => h.textContent.replace(/\s+/g, ' ').trim())`

// fixBookmarks returns pdf with the titles of its bookmarks replaced by
// titles, the texts of the headings they were made from, in document
// order. Chromium joins the lines of a heading that wraps without a space
// ("Trilateral" and "Reset" give "TrilateralReset"). When the bookmarks
// are not as many as the titles, pdf is returned as it is. The PDF is
// written anew by pdfcpu, which also compresses its objects.
func fixBookmarks(pdf []byte, titles []string) ([]byte, error) {
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	bms, err := api.Bookmarks(bytes.NewReader(pdf), conf)
	if err != nil {
		return nil, fmt.Errorf("reading the PDF's bookmarks: %w", err)
	}
	i := 0
	var walk func([]pdfcpu.Bookmark)
	walk = func(bs []pdfcpu.Bookmark) {
		for k := range bs {
			if i < len(titles) {
				bs[k].Title = titles[i]
			}
			i++
			walk(bs[k].Kids)
		}
	}
	walk(bms)
	if i != len(titles) || i == 0 {
		return pdf, nil
	}
	var out bytes.Buffer
	if err := api.AddBookmarks(bytes.NewReader(pdf), &out, bms, true, conf); err != nil {
		return nil, fmt.Errorf("writing the PDF's bookmarks: %w", err)
	}
	return out.Bytes(), nil
}

// numberPages numbers the contents of the loaded page from the first
// print, pdf. It reports whether it did: a PDF whose bookmarks do not
// match the page's headings leaves the contents without numbers.
func numberPages(ctx context.Context, pdf []byte) (bool, error) {
	pages, err := headingPages(pdf)
	if err != nil {
		return false, err
	}
	arg, err := json.Marshal(pages)
	if err != nil {
		return false, err
	}
	var n int
	if err := chromedp.Evaluate(numberContents+"("+string(arg)+")", &n).Do(ctx); err != nil {
		return false, err
	}
	return n > 0, nil
}
