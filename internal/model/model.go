// Package model defines the data that flows through briefbook's pipeline:
// what the parse stage reads out of each file, and what the resolve stage
// adds once the whole book is known.
//
// Values the parse stage returns are never changed afterwards. The resolve
// stage works on copies: every Brief, Actor, Domain, Source and Home of a
// [Book] is a value of its own, with the fields marked "Set by resolve"
// filled in, that shares the parse result's read-only parts (bodies, Refs,
// Params). So two resolved versions of a book can coexist, built from the
// same parse results.
//
// The pipeline runs one way:
//
//	load    → []load.File           raw bytes of every source file
//	parse   → model.Brief, Actor, Domain, Source, Home (one file at a time)
//	resolve → *model.Book            links checked, indexes and relations built
//	render  → []render.Page          one per output file, each with its inputs
//	write   → the output folder      minified, staged, swapped in
//
// Markdown bodies are rendered to HTML by the parse stage, because a body
// alone decides its HTML except for what links to the rest of the book. Each
// such place (a wikilink, a citation, a relative link to another .md file) is
// recorded as a [Ref] and left in the HTML as a marker, see [Marker]; the
// render stage replaces each marker by the HTML its resolved Ref calls for.
// So the book is parsed once, the parsed trees are dropped straight away, and
// rendering pages in parallel needs only the model.
package model

import (
	"strconv"
	"time"
)

// Site is the site-wide configuration from briefbook.yaml.
type Site struct {
	Title       string
	BaseURL     string // as configured, e.g. "https://example.org/book/"; may be empty
	Language    string // BCP 47 tag for <html lang>, "en" by default
	Description string
	Params      map[string]any // every key of briefbook.yaml
}

// Doc is a markdown document: its source path and rendered body.
type Doc struct {
	Path     string    // slash-separated, relative to the site folder, e.g. "content/briefs/gsomia.md"
	Body     []byte    // HTML of the body, with a Marker for every Ref
	Refs     []Ref     // links to the rest of the book, in order of appearance; Refs[i] is marker i
	Headings []Heading // every heading of the body, in order
	Words    int       // number of words in the body, for reading time

	// Set by resolve, on its own copy of the document.
	Links []Link // Links[i] is where Refs[i] leads; nil before resolve

	load func(dst []byte) ([]byte, error) // set by StoreBody: where Body went
}

// HTML returns the body's HTML, with its markers. Between the parse and
// render stages the build may move bodies out of memory (see StoreBody);
// HTML then loads the body again, each time it is called, and returns the
// error of a body that cannot be read back.
func (d *Doc) HTML() ([]byte, error) {
	if d.load != nil {
		return d.load(nil)
	}
	return d.Body, nil
}

// AppendHTML appends the body's HTML to dst and returns the extended
// slice, like HTML but reusing dst's memory.
func (d *Doc) AppendHTML(dst []byte) ([]byte, error) {
	if d.load != nil {
		return d.load(dst)
	}
	return append(dst, d.Body...), nil
}

// StoreBody drops Body from memory; HTML and AppendHTML will call load to
// get it back, appended to the slice load is given. load must give the same
// bytes every time, or an error when it cannot read them back (a failing
// disk), which HTML and AppendHTML return.
func (d *Doc) StoreBody(load func(dst []byte) ([]byte, error)) {
	d.Body = nil
	d.load = load
}

// Heading is a heading of a body, with the id it was given.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// RefKind says what a Ref points at.
type RefKind int

const (
	RefBrief    RefKind = iota // [[slug]], [[slug|text]], [[slug#heading]]
	RefActor                   // [[actor:Name]]
	RefDomain                  // [[domain:slug]]
	RefSource                  // [[source:id]]
	RefCitation                // [@id], [@id, p. 12], [@a; @b]
	RefRelLink                 // [text](../other.md), [text](chart.png), ![x](a.png), [text](#part): a path relative to the file, or a fragment of the page
	RefRootLink                // [text](/img/logo.svg), ![x](/a.png): a path from the site's root, put under the base URL's path
)

// LinkKinds are the prefixes of a wikilink's target that say what kind of
// page it links to, without their ':' ([[actor:Name]], [[domain:slug]],
// [[source:id]]), as docs/format.md lists them; a target without one
// links to a brief. The parse stage reads them (markup's refPrefixes);
// resolve suggests one for a mistyped prefix ("actr:").
var LinkKinds = []string{"actor", "domain", "source"}

// Ref is one link from a document to the rest of the book, as the source
// says it. The parse stage fills it in and nothing changes it afterwards;
// where it leads is the [Link] of the same index that resolve adds to its
// own copy of the document.
type Ref struct {
	Kind     RefKind
	Target   string // slug, actor name, domain slug, source id, or relative path as written
	Fragment string // heading id after '#', without the '#'
	Label    string // text given by the author ([[slug|text]]); empty means use the target's title
	Cites    []Cite // the items of a citation
	Line     int    // 1-based position of the ref in the original file
	Col      int
	Len      int // length in characters of the source text of the ref
}

// Link is where a [Ref] leads, as the resolve stage found it.
type Link struct {
	Href    string // site-relative URL ("/briefs/gsomia/#history"), before the base path is applied
	Text    string // text to show when the Ref's Label is empty (the target's title or name)
	Numbers []int  // for citations: the reference number of each Cite, in the brief's References
	OK      bool   // false if the target does not exist (an error was reported)
}

// Pos is the position of a value in a file: 1-based line and column, and
// its length in characters (0 when unknown).
type Pos struct {
	Line, Col, Len int
}

// Cite is one item of a citation: a source id with an optional prefix and
// locator, as in pandoc's "[see @id, p. 12]".
type Cite struct {
	Prefix  string // e.g. "see"; empty if none
	ID      string
	Locator string // e.g. "p. 12"; empty if none
}

// Marker returns the placeholder the parse stage writes into a body's HTML
// for Refs[i]. It cannot appear in rendered markdown because the loader
// rejects files containing NUL bytes.
//
// For RefRelLink and RefRootLink the marker stands for the URL only (inside
// href="..." or src="..."); for every other kind it stands for the whole
// element.
func Marker(i int) string { return "\x00" + strconv.Itoa(i) + "\x00" }

// SourceRef is an item of a brief's `sources:` list: either a bibliography
// id, or an inline source defined in the frontmatter.
type SourceRef struct {
	ID     string
	Inline *Source // nil when the item names a bibliography entry
	Line   int     // position of the item in the file
	Col    int
}

// Brief is one brief: its frontmatter and body.
type Brief struct {
	Doc
	Slug    string
	Title   string
	Summary string
	Date    time.Time
	Updated time.Time // zero if not set
	Authors []string
	Domains []string // as written in the frontmatter, in order
	Actors  []string // as written in the frontmatter, in order
	// DomainPos and ActorPos hold the position in the file of each of
	// Domains and Actors; either may be shorter (a brief made by hand),
	// and a missing position is the zero Pos.
	DomainPos []Pos
	ActorPos  []Pos
	Sources   []SourceRef
	Draft     bool
	Lang      string         // BCP 47 tag of the brief's language (frontmatter lang), "" for the site's
	Params    map[string]any // every frontmatter key, for templates
	Line      map[string]int // line of each frontmatter key, for diagnostics

	// Set by resolve, on its own copy.
	URL        string      // "/briefs/<slug>/"
	DomainList []*Domain   // the brief's domains, in frontmatter order
	ActorList  []*Actor    // the brief's actors, in frontmatter order, each once
	References []Reference // numbered sources: cited first (in order of first citation), then listed
	LinkedFrom []*Brief    // briefs that link here, newest first
	Related    []*Brief    // up to 5, most related first
	LinksTo    []*Brief    // briefs this one links to, in order of first link
	// Prev and Next are the briefs before and after this one in book
	// order (see [Book.Contents]); nil at either end.
	Prev, Next *Brief
	Number     string // its number in book order, "2.3": chapter, then place in the chapter
}

// Reference is a numbered entry of a brief's References list.
type Reference struct {
	N      int
	Source *Source
	Cited  bool // cited in the body, not only listed in the frontmatter
}

// Source is a bibliography entry, from content/sources.yaml,
// content/sources.json (CSL-JSON) or content/sources.bib (BibTeX), or
// inline in a brief's frontmatter.
type Source struct {
	ID        string
	Title     string
	Authors   []string
	Publisher string
	Names     []Name // Authors split into parts, one per author, for citations and sorting
	Short     string // short title ("title-short", "shorttitle", "short"), matched in bodies; may be empty
	Container string // the journal, site or book it appeared in; may be empty
	Date      string // as written: "2021", "2021-04-06"...
	URL       string
	Note      string
	Path      string // where it is defined
	Line      int
	Col       int // of its id in a bibliography file; 0 if not known

	// Set by resolve, on its own copy.
	Slug    string   // URL segment of its page
	PageURL string   // "/sources/<slug>/"
	Briefs  []*Brief // briefs citing or listing it, newest first
	// Mentioned holds the briefs that mention it in their body (a link to
	// its page, or its short title or title in the text) without citing or
	// listing it, newest first.
	Mentioned []*Brief
}

// Name is one author of a source, in the parts a citation style needs.
// Literal is set for a name that is not split (an organisation, or a name
// given as one piece); otherwise Family is, and the other parts may be.
type Name struct {
	Given    string // "Ludwig"
	Dropping string // a particle that goes with the given name when inverted: "Beethoven, Ludwig van"
	Particle string // a particle that stays with the family name: "van Gogh, Vincent"
	Family   string // "Beethoven"
	Suffix   string // "Jr."
	Literal  string // "Nonproliferation Policy Education Center"
}

// Actor is a state, company, organization or person that briefs concern.
type Actor struct {
	Doc            // profile body; empty when there is no profile
	Slug    string // from the file name, or from the name when there is no profile
	Name    string // canonical name
	Aliases []string
	Kind    string
	Summary string
	Profile bool // true when content/actors/<slug>.md exists
	Params  map[string]any

	// Set by resolve, on its own copy.
	URL    string
	Briefs []*Brief // briefs naming it, newest first
	// Mentioned holds the briefs that mention it in their body (see
	// package resolve) without naming it in their frontmatter, newest first.
	Mentioned []*Brief
	CoActors  []ActorCount // actors most often named in the same briefs, most first
}

// ActorCount is an actor and how many briefs it shares with another.
type ActorCount struct {
	Actor *Actor
	Count int
}

// Domain is a field a brief covers: cyber, supply chains, space...
type Domain struct {
	Doc
	Slug    string
	Title   string
	Summary string
	Order   int
	Profile bool
	Params  map[string]any

	// Set by resolve, on its own copy.
	URL    string
	Briefs []*Brief // newest first
	// Mentioned holds the briefs that mention it in their body (see
	// package resolve) without listing it in their frontmatter, newest first.
	Mentioned []*Brief
}

// Home is the book's front page, from content/_index.md.
type Home struct {
	Doc
	Title  string
	Params map[string]any
	// Start lists the slugs of the briefs a reader should start with
	// (frontmatter "start"), in order; StartPos holds the position of each
	// in the file.
	Start    []string
	StartPos []Pos

	// Set by resolve, on its own copy: the published briefs Start names,
	// in its order (a slug that names none is reported and left out).
	StartBriefs []*Brief
}

// Page is a page of its own made from a markdown file at the root of
// content/ other than the home page: content/about.md is the page
// /about/, linked from every page's footer.
type Page struct {
	Doc
	Slug    string // from the file name
	Title   string // frontmatter "title"; the slug as words when absent
	Summary string // frontmatter "summary", the page's description
	Order   int    // frontmatter "order": the footer lists pages by Order, then Title
	Params  map[string]any

	// Set by resolve, on its own copy.
	URL string // "/" + Slug + "/"
}

// Book is the whole resolved briefing book, ready to render.
type Book struct {
	Site    Site
	Home    *Home    // never nil after resolve; the title defaults to Site.Title
	Briefs  []*Brief // newest first; ties by slug
	Actors  []*Actor // by name
	Domains []*Domain
	Sources []*Source // by id
	// Contents is the book order: one chapter per domain holding briefs,
	// in the order of Domains, then the briefs without a domain.
	Contents []Chapter
	Pages    []*Page // by Order, then Title

	BriefBySlug  map[string]*Brief
	ActorBySlug  map[string]*Actor
	DomainBySlug map[string]*Domain
	SourceByID   map[string]*Source
}

// Chapter is one part of the book order: a domain and the briefs placed
// under it, oldest first.
type Chapter struct {
	Domain *Domain // nil for the chapter of briefs without a domain
	N      int     // chapter number, from 1
	Briefs []*Brief
}
