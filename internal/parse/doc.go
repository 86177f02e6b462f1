// Package parse turns one source file of a briefing book into model values,
// reporting every problem in it, at the line and column where it is
// written, to a diag.List. It never stops at the first problem and never
// panics on bad input.
//
// # Frontmatter
//
// Briefs, actor and domain profiles and the front page start with
// frontmatter: YAML between two lines "---", or TOML between two lines
// "+++". Blank lines before the opening line are allowed, and white space
// around a delimiter is ignored. The body starts on the line after the
// closing delimiter. Briefs and actor profiles must have frontmatter; in a
// domain profile or the front page it is optional, and a file without it is
// all body.
//
//	---
//	title: Renewing GSOMIA
//	date: 2019-11-22
//	domain: [intelligence, diplomacy]
//	actors: [ROK, Japan]
//	sources:
//	  - haggard-sokolski-2021
//	  - id: mofa-2016
//	    title: Agreement on the Protection of Classified Military Information
//	    date: 2016-11-23
//	---
//	Body in markdown...
//
// The frontmatter is a map. Its keys, for a brief:
//
//	title    string, required
//	date     YYYY-MM-DD, required
//	summary  string
//	authors  list of strings (a single string is a list of one)
//	domain   string or list of strings, at least one, required; "domains"
//	         is accepted instead
//	actors   list of strings (a single string is a list of one)
//	sources  list; each item a bibliography id, or a map with id (required),
//	         title, short, authors, container, publisher, date, url, note
//	         defining the source inline; a map with only an id names a
//	         bibliography entry. Authors are split into name parts as
//	         cite.ParseName says
//	updated  YYYY-MM-DD
//	draft    true or false
//	slug     string; the default is the file name without ".md"
//
// For an actor profile: name (required), aliases (list of strings), kind,
// summary. For a domain profile: title (by default the file name, with
// hyphens as spaces and a capital first letter), summary, order (integer).
// For the front page: title. Any other key is not an error: it is kept,
// with every other key, in Params, for templates, as plain Go values
// (map[string]any, []any, string, int, float64, bool, nil), dates as the
// text written.
//
// Types are checked strictly: a string field needs a string (in YAML,
// title: 1984 is a number; quote it), and a date needs exactly YYYY-MM-DD,
// quoted or not. An empty value (title: with nothing after it) counts as
// absent, except that a required key given empty is reported as empty. A
// source map with a key other than id, title, short, authors, container,
// publisher, date, url and note gets a warning, since it is most likely a typo. Slugs, from the file name or the slug key, are made with
// slug.Make, which keeps Unicode letters: "한일-정보보호협정.md" gives
// "한일-정보보호협정", "GSOMIA Renewal.md" gives "gsomia-renewal".
//
// YAML anchors, aliases and merge keys (<<) work, but aliases may not
// expand to more than 100,000 values in all, nor add more than 4 times the
// YAML's size plus 64 KiB of text, so a "billion laughs" document, or a
// large string repeated by many aliases, is an error rather than a hang or
// a page of gigabytes. The expansion is measured, never made. Lists and
// maps may nest at most 100 deep, in YAML and in TOML, where table
// headers and dotted keys nest too; TOML's nesting is checked before the
// decoder sees the text. docs/format.md ("Limits") gives the rules and
// the memory parsing one file may take. A key given twice in one map is
// an error.
//
// # Whole-file YAML
//
// briefbook.yaml ([Config]) and content/sources.yaml ([Bibliography]) are
// YAML documents with the same rules.
//
// # Positions
//
// At most 100 diagnostics are reported about one file's frontmatter or
// YAML file, then one that counts the rest, and a line over 1,000 bytes is
// not quoted: a file's diagnostics take memory in proportion to its size,
// not to its square.
//
// Every diagnostic gives a line and column in the original file,
// frontmatter included. A problem with a value is reported at the value; a
// missing required key at the opening delimiter. YAML syntax errors are
// reported on the line the YAML decoder names (it gives no column). For
// TOML, whose decoder gives no positions for values, a top-level value is
// placed exactly and a value nested in it at its start.
//
// # Bodies
//
// The body of a markdown file is rendered by markup.Convert.
package parse
