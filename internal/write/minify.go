package write

import (
	"path"
	"regexp"
	"strings"
	"sync"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// minifier returns the one minifier every build shares. It is configured
// once; a *minify.M is safe for concurrent use.
//
// The HTML minifier keeps the document tags, end tags and attribute quotes:
// the output stays plainly valid HTML5 (the theme is checked with the Nu
// validator) and readable in a diff, at a cost of a few bytes a page.
// Inline <style> and <script> elements, including JSON ones, are minified
// by the matching minifier.
var minifier = sync.OnceValue(func() *minify.M {
	m := minify.New()
	m.Add("text/html", &html.Minifier{
		KeepDocumentTags: true,
		KeepEndTags:      true,
		KeepQuotes:       true,
	})
	m.Add("text/css", &css.Minifier{})
	m.Add("image/svg+xml", &svg.Minifier{})
	m.AddRegexp(regexp.MustCompile(`^(application|text)/(x-)?(java|ecma)script$|^module$`), &js.Minifier{})
	m.AddRegexp(regexp.MustCompile(`[/+]json$`), &json.Minifier{})
	m.AddRegexp(regexp.MustCompile(`[/+]xml$`), &xml.Minifier{})
	return m
})

// mediaTypes maps the file extensions that are minified to their media type.
var mediaTypes = map[string]string{
	".html":        "text/html",
	".htm":         "text/html",
	".css":         "text/css",
	".js":          "application/javascript",
	".mjs":         "application/javascript",
	".svg":         "image/svg+xml",
	".json":        "application/json",
	".webmanifest": "application/manifest+json",
	".xml":         "text/xml",
	".atom":        "application/atom+xml",
	".rss":         "application/rss+xml",
}

// mediaType returns the media type of the output file p for minifying, or
// "" if files like p are copied as they are.
func mediaType(p string) string {
	return mediaTypes[strings.ToLower(path.Ext(p))]
}
