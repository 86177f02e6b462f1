package serve

import (
	"io/fs"
	"strings"
	"unicode/utf8"
)

// outputPath maps the decoded path of a request URL to the output path it
// names under the base path base ("/" or "/book/"): "/book/briefs/x/"
// gives "briefs/x/index.html", "/book/css/style.css" gives
// "css/style.css". ok is false for a path outside base or one that is not
// a clean path (empty or "." or ".." elements, a backslash, a NUL or other
// control character, invalid UTF-8 such as overlong encodings). The
// result is only a key to look up among a generation's output paths: it
// never reaches the file system.
func outputPath(base, urlPath string) (out string, ok bool) {
	if !strings.HasPrefix(urlPath, base) {
		return "", false
	}
	rel := urlPath[len(base):]
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	if !utf8.ValidString(rel) || strings.ContainsAny(rel, "\\") || !fs.ValidPath(rel) {
		return "", false
	}
	for _, r := range rel {
		if r < 0x20 || r == 0x7f {
			return "", false
		}
	}
	return rel, true
}
