// Package briefbook holds the files that are built into the briefbook
// binary: the default theme and the sample briefing book. The program itself
// lives in cmd/briefbook and the pipeline in internal/.
package briefbook

import "embed"

// Theme is the built-in theme: html/template files under templates/ and
// static assets under static/. A site's own templates/ and static/ folders
// override it file by file.
//
//go:embed templates static
var Theme embed.FS
