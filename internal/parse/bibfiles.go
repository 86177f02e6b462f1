package parse

import (
	neturl "net/url"
	"path"
	"strings"

	"github.com/briefbook/briefbook/internal/model"
)

// bibliographyFormat returns the parser of a bibliography file by its
// extension: .json is CSL-JSON, .bib is BibTeX, anything else YAML.
func bibliographyFormat(p string) func(path string, src []byte, d *report) []*model.Source {
	switch path.Ext(p) {
	case ".json":
		return cslJSON
	case ".bib":
		return bibTeX
	}
	return nil
}

// httpURL reports whether s is an absolute http or https URL, and returns
// it cleaned as sources.yaml's url is: a source's link is followed by
// readers, so "javascript:" and the like are refused.
func httpURL(s string) (bool, string) {
	u, err := neturl.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return false, ""
	}
	return true, u.String()
}

// doiURL returns the address of a DOI ("10.1080/x" or a doi.org URL).
func doiURL(doi string) string {
	doi = strings.TrimSpace(doi)
	if strings.HasPrefix(doi, "http://") || strings.HasPrefix(doi, "https://") {
		return doi
	}
	doi = strings.TrimPrefix(strings.TrimPrefix(doi, "doi:"), "DOI:")
	return "https://doi.org/" + strings.TrimSpace(doi)
}

// joinWords joins the non-empty words with single spaces.
func joinWords(words ...string) string {
	return strings.Join(strings.Fields(strings.Join(words, " ")), " ")
}

// positioner converts byte offsets of a file to line and column (as
// diag.Position does) in time linear in the file when the offsets asked
// for mostly increase: it goes on from the last offset, and starts again
// from the top only for an earlier one.
type positioner struct {
	src            []byte
	off, line, col int
}

func newPositioner(src []byte) *positioner { return &positioner{src: src, line: 1, col: 1} }

// at returns the 1-based line and column (in characters) of offset off.
func (p *positioner) at(off int) (line, col int) {
	off = min(max(off, 0), len(p.src))
	if off < p.off {
		p.off, p.line, p.col = 0, 1, 1
	}
	for p.off < off {
		c := p.src[p.off]
		switch {
		case c == '\n':
			p.line, p.col = p.line+1, 1
		case c < 0x80 || c >= 0xC0:
			p.col++ // the first byte of a character
		}
		p.off++
	}
	return p.line, p.col
}
