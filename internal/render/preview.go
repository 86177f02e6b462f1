package render

import (
	"encoding/json"
	"io"

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

// preview returns what brief br's preview.json holds; url is the brief's
// page.
func (r *Renderer) preview(br *model.Brief, url string) Preview {
	p := Preview{
		Title: br.Title, URL: r.rel(url), Date: formatDate(br.Date), DateTime: isoDate(br.Date),
		Domains: []string{}, Summary: br.Summary,
	}
	for _, d := range br.DomainList {
		p.Domains = append(p.Domains, d.Title)
	}
	return p
}

// writePreview writes p as the JSON of a preview.json file.
func writePreview(w io.Writer, p Preview) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	return enc.Encode(p)
}

// previewFingerprint returns the fingerprint of a preview.json holding p:
// the file is the JSON of p, which is all it reads.
func previewFingerprint(p Preview) (Fingerprint, error) {
	return fingerprint(&pathNode{whole: true}, p, nil, nil)
}
