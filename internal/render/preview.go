package render

import (
	"encoding/json"
	"io"
	"strings"

	"github.com/briefbook/briefbook/internal/model"
)

// Preview is what a link preview shows of a brief: the content of
// briefs/<slug>/preview.json, which static/js/preview.js fetches when a
// reader hovers over or focuses a link to the brief.
type Preview struct {
	Title    string   `json:"title"`
	URL      string   `json:"url"`      // under the base path
	Date     string   `json:"date"`     // as pages show it: "14 April 2021"
	DateTime string   `json:"datetime"` // YYYY-MM-DD
	Domains  []string `json:"domains"`  // domain titles
	Summary  string   `json:"summary,omitempty"`
}

// previewPage returns brief br's preview.json, next to its page.
func (r *Renderer) previewPage(br *model.Brief) *page {
	url := orURL(br.URL, "briefs", br.Slug)
	value := func() Preview {
		p := Preview{
			Title: br.Title, URL: r.rel(url), Date: formatDate(br.Date), DateTime: isoDate(br.Date),
			Domains: []string{}, Summary: br.Summary,
		}
		for _, d := range br.DomainList {
			p.Domains = append(p.Domains, d.Title)
		}
		return p
	}
	return &page{Page: Page{
		Path: strings.TrimPrefix(url, "/") + "preview.json",
		Write: func(w io.Writer) error {
			enc := json.NewEncoder(w)
			enc.SetEscapeHTML(true)
			return enc.Encode(value())
		},
		// The file is the JSON of value(), which is all it reads.
		Fingerprint: func() (Fingerprint, error) { return fingerprint(&pathNode{whole: true}, value(), nil, nil) },
	}}
}
