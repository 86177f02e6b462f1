// Package resolve turns the parsed files of a briefing book into one
// [model.Book]: it checks every link, numbers every brief's references, and
// builds the indexes, backlinks and related briefs the site shows.
//
// Resolve is the only stage that sees the whole book. Its input is what the
// parse stage produced, which it never changes: its output is a copy of each
// value with the fields marked "Set by resolve" filled in (and each
// document's Links, one per Ref), plus the implicit actors and domains the
// briefs call for. So the same parse results can be resolved again while an
// earlier book made from them is still in use. Problems are reported to a
// [diag.List] as path:line:col in the original file; Resolve reports every
// problem it finds and never stops at the first.
//
// # Briefs
//
// Draft briefs are dropped unless Input.Drafts is set. A brief is published
// at /briefs/<slug>/. When two briefs have the same slug, the one whose path
// sorts first is kept and the other is reported: "duplicate URL /briefs/x/:
// also produced by content/briefs/y.md". Actor and domain profiles with the
// same slug are reported the same way. Book.Briefs is sorted newest first,
// ties by slug; "newest first" means that order everywhere below.
//
// Whenever "first" refers to the order of use (the first use of an actor, the
// first way a domain is written), briefs are taken in path order and, within
// a brief, frontmatter before body.
//
// # Actors
//
// Every actor profile is an actor. Its name and each alias is matched
// case-insensitively, by [slug.Key]; two profiles claiming the same name or
// alias is an error at the second profile by path. A name in a brief's
// actors list, or in an [[actor:Name]] link, is looked up by key, then by
// slug, but a profile found by slug must have the name as its name, an
// alias or its slug written differently ([slug.SameName]): so "South Korea"
// finds content/actors/south-korea.md even when the profile does not list
// that spelling, while "C++" does not attach to a profile "C" (an error,
// since the two cannot share /actors/c/). A name that matches no profile
// makes an implicit actor, named as first written, with the slug of that
// name, and one warning at its first use (the item of the actors list, or
// the link): actor "X" has no profile (content/actors/x.md), with a "did
// you mean" when a profile's name or alias is close. Names with the same
// slug are the same implicit actor when they are the same name by
// slug.SameName; a different name with that slug is an error naming where
// the first was used. A brief's ActorList holds each actor once, in
// frontmatter order. Actors are published at /actors/<slug>/ and
// Book.Actors is sorted by name.
//
// # Domains
//
// A domain value in a brief's frontmatter names the domain slug.Make(value).
// A domain without a profile is implicit, titled by the value as first
// written. When some domains have profiles, each implicit domain gets a
// warning at its first use, with a "did you mean" when a profile's slug is
// close (most likely a typo). A value must be the domain's title or slug
// written differently ([slug.SameName]); a different name with the same
// slug ("C#" after "C++") is an error at the value naming where the first
// was written, and the brief is not listed in that domain. Domains are
// published at /domains/<slug>/. Book.Domains lists profiles that set
// order first, by ascending order, then every other domain, each group by
// title.
//
// Slugs too long for a file name, or reserved on Windows ([slug.Problem]),
// are reported by the parse stage for briefs' frontmatter, and here for
// actors named in links and for sources.
//
// # Sources
//
// Sources are the bibliography entries and the inline sources of briefs'
// frontmatter. An id defined twice with identical fields is one source; with
// different fields it is an error at the second definition (bibliography
// first, then briefs by path). An id in a brief's sources list that is
// neither in the bibliography nor inline is an error at that item. A source
// is published at /sources/<slug.Make(id)>/; two ids with the same slug is an
// error. Book.Sources is sorted by id.
//
// # Links
//
// Every Ref of every document (briefs, actor and domain profiles, the home
// page) gets a Link with Href and Text and OK=true, or an error at the Ref's
// position and OK=false:
//
//   - [[target]] names a brief by its slug, or by slug.Make(target) when the
//     target is the brief's slug or title by [slug.SameName], so
//     [[GSOMIA Renewal]] finds gsomia-renewal and [[C#]] does not find a
//     brief "C++" with the slug c. An unknown target is an error
//     with a suggestion when a slug is close (Levenshtein distance at most
//     max(2, len/3)); a draft target is an error of its own. [[target#id]]
//     must name a heading id of the target; [[#id]] is a heading of the brief
//     itself. Text is the target's title.
//   - [[actor:Name]] works like the actors list above: an unknown name makes
//     an implicit actor and a warning, not an error.
//   - [[domain:slug]] and [[source:id]] must name an existing domain (by slug,
//     or slug.Make of the target, under the rule for briefs) and source.
//   - A citation [@a; @b] is allowed only in briefs. Each id must be in the
//     brief's sources list or in the bibliography; a cited bibliography
//     source that the list leaves out becomes a reference all the same.
//     Citations have no Href: Numbers[i] is the reference number of Cites[i].
//   - A link or image to a relative path (RefRelLink) is taken relative to
//     the folder of the document (a path starting with '/' from the site
//     folder), percent-decoded, and must name a published brief, an actor
//     or domain profile, content/_index.md, or a published file of
//     Input.Files; its Href is that page's or file's URL, with the query and
//     fragment as written. A fragment of a page must be one of its heading
//     ids. File names are matched as slugs are, in NFC, so a link typed
//     composed finds a file stored decomposed. A link to a brief that is a
//     draft, or that lost a duplicate-URL clash, says so.
//   - A link to a fragment of the document's own page ([x](#id)) must name
//     one of its heading ids, a footnote's ("fn:1", "fnref:1"), a
//     citation's or reference's ("cite:0", "ref:1"), or an id of the theme,
//     all of which start "bb:"; its Href is the page's URL and "#id".
//   - A link to a path from the site's root (RefRootLink) keeps it as its
//     Href; [RootLinks] lists them for the caller, who knows every output
//     path, to check.
//   - A "did you mean" is offered only for a name with letters or digits
//     (an empty slug is no typo); among equally close candidates, the one
//     closer in form wins: differing only in case, then by a swap of two
//     neighbouring characters, then sharing a longer start.
//
// # References
//
// A brief's References are the sources it cites, numbered 1, 2, ... in order
// of first citation, followed by the sources it lists but never cites.
//
// # Indexes
//
// Domain.Briefs and Actor.Briefs hold the briefs listing the domain or actor
// in their frontmatter; Source.Briefs the briefs citing or listing the
// source; all newest first. Brief.LinksTo holds the briefs a brief links to
// (by wikilink or relative link), in order of first link, without itself;
// Brief.LinkedFrom the briefs linking to it, newest first. Actor.Mentioned,
// Domain.Mentioned and Source.Mentioned hold the other briefs whose body
// mentions them (mentions.go). Book.Contents is the book order, and each
// brief's Prev, Next and Number follow it (order.go).
//
// # Related briefs
//
// Brief.Related holds up to five other briefs taken from the ten with the
// highest score: 3 for each shared source, 2 for each shared actor, 1 for
// each shared domain, and 1 more when either links to the other. Ties go
// to the newest brief, then the smaller slug; a brief sharing nothing is
// never related. Of those ten, the briefs the brief's body does not link
// to come first, then those it does, each in score order (order.go): the
// page already links to the latter. Scores are
// accumulated from inverted indexes (feature → briefs), never by comparing
// all pairs. To bound the work in large books, a brief that shares with
// another only features found in more than 128 briefs is considered only
// when it is among the 513 briefs nearest in date order; every score
// computed is exact, and in smaller books so is the whole list (see
// related.go).
//
// [ResolveFrom] gives the same book reusing the previous resolve's [Memo]:
// Related is computed again only for the briefs that the briefs added,
// removed or changed in date, features or links can affect (see memo.go);
// a brief whose parse result is the same value keeps its links, citations,
// references and diagnostics while what they were resolved against (the
// briefs and pages they looked up, the actor, domain, source and file
// tables) gives the same answers (see brief.go); briefs keep their order;
// and "did you mean" searches are remembered while their candidate lists
// stay the same. An edit that leaves the book's structure as it was (a
// brief's body text, say) makes no resolve at all: the new book is a copy
// of the previous one with the edited documents put in (see reuse.go).
//
// Actor.CoActors holds up to eight actors most often named in the same briefs
// as the actor, by count, then name.
package resolve

import (
	"fmt"
	"slices"
	"sort"

	"github.com/briefbook/briefbook/internal/diag"
	"github.com/briefbook/briefbook/internal/model"
)

// Input is everything the parse stage read out of a book's files.
type Input struct {
	Site    model.Site
	Home    *model.Home     // content/_index.md; nil if there is none
	Briefs  []*model.Brief  // every brief, drafts included
	Actors  []*model.Actor  // actor profiles only
	Domains []*model.Domain // domain profiles only
	Sources []*model.Source // bibliography entries; inline sources come inside Briefs
	Pages   []*model.Page   // pages of their own (content/about.md)
	Drafts  bool            // keep draft briefs

	// Files maps the path of every published file that is not made from
	// markdown ("content/briefs/chart.png", "static/img/logo.svg") to its
	// URL on the site ("/briefs/chart.png", "/img/logo.svg"): what a
	// relative link may lead to besides a page. It may be nil.
	Files map[string]string

	// Unparsed holds the paths of the briefs and pages whose files could
	// not be parsed (their own errors say why). A link to one, by path or
	// by the slug of its file name, is shown broken but not reported
	// again: one broken file gives one error, not one more per link to it.
	Unparsed []string

	// BrokenBibliography is set when a bibliography file (sources.yaml,
	// .json or .bib) could not be read at all (an error of its own, and
	// no entry read from it): unknown source ids, in a brief's sources, a
	// [[source:id]] wikilink or a citation, are then shown broken but not
	// reported, as for Unparsed. One syntax error in the bibliography
	// gives its own error, not one more per citation of every source.
	BrokenBibliography bool

	// Src returns a file's content, to quote lines in diagnostics. It may be
	// nil, and may return nil.
	Src func(path string) []byte
}

// defaultTitle is the book's title when neither the home page nor the site
// configuration gives one.
const defaultTitle = "Briefing book"

// Resolve links the parsed book into a [model.Book], reporting every problem
// to d. It never returns nil, and never fails on bad input: a broken link is
// reported and left with OK false.
func Resolve(in Input, d *diag.List) *model.Book {
	return resolveAll(in, d, nil).book
}

// resolveAll resolves in, computing related briefs from prev where it can,
// and returns the resolver holding the book and its memo.
func resolveAll(in Input, d *diag.List, prev *Memo) *resolver {
	orig, given := in.Briefs, givenOf(in)
	in, slab := copyParsed(in)
	var global diag.List // what the briefs' own resolutions do not report
	r := newResolver(in, &global)
	r.out, r.slab = d, slab
	r.prev, r.origInput = prev, orig
	if prev != nil && prev.drafts == in.Drafts {
		r.prevInput, r.slugsChanged = matchInputs(prev.input, orig)
	} else if prev != nil {
		r.prevInput = matchByMap(prev.input, orig, make([]int32, len(orig)))
	}
	r.addBriefs(in.Briefs, orig, in.Drafts)
	r.addActorProfiles(in.Actors)
	r.addDomainProfiles(in.Domains)
	r.addBibliography(in.Sources)
	for i, b := range r.byPath {
		r.briefDomains(b, r.pre[i])
	}
	r.warnImplicitDomains()
	for _, b := range r.byPath {
		r.addInlineSources(b)
	}
	r.publishSources()
	r.book.Home = r.home(in.Home)
	r.startBriefs(r.book.Home)
	r.addPages(in.Pages)
	for i, b := range r.byPath {
		r.briefActors(b, i)
	}
	r.resolveBriefs()
	others := &briefResult{} // the briefs and pages the other documents look up (retitle.go)
	r.deps = others
	for _, a := range r.profiles {
		r.resolveRefs(&a.Doc, nil)
	}
	for _, dm := range r.domainProfiles {
		r.resolveRefs(&dm.Doc, nil)
	}
	r.resolveRefs(&r.book.Home.Doc, nil)
	for _, pg := range r.book.Pages {
		r.resolveRefs(&pg.Doc, nil)
	}
	r.deps = nil
	r.sortActors()
	r.sortDomains()
	r.buildIndexes()
	r.bookOrder()
	r.buildMentions()
	if r.memo != nil {
		r.memo.otherDeps, r.memo.otherUsesAll = others.deps, others.usesAll
	}
	r.finish(given)
	return r
}

// resolver holds the state of one call to Resolve.
type resolver struct {
	in   Input
	d    *diag.List // where problems are reported: not the caller's list (see out)
	out  *diag.List // the caller's list: the briefs' own problems go here as found, the others at the end
	book *model.Book
	slab []model.Brief // the copies of Input.Briefs, which book.Briefs point into

	byPath     []*model.Brief           // published briefs by path
	origByPath []*model.Brief           // the parse result of each of byPath
	origInput  []*model.Brief           // Input.Briefs as given: the parse results
	pre        []*briefPre              // what each of byPath gives alone, by path
	prevBriefs []briefMemo              // what prev has of each of byPath; nil without prev
	results    []*briefResult           // the resolution of each of byPath's own links, by path
	refActors  [][]*model.Actor         // the actor of each [[actor:]] link of each of byPath
	deps       *briefResult             // where lookups are recorded while a brief is resolved; nil otherwise
	tables     tableHashes              // see brief.go
	reused     int                      // briefs whose resolution came from prev
	looseOf    map[string]string        // slug.Loose of domain titles and slugs, once needed
	briefIndex map[*model.Brief]int32   // position in book.Briefs
	draftSlug  map[string]bool          // slugs of dropped drafts not taken by a published brief
	draftPath  map[string]bool          // paths of dropped drafts
	unparsed   map[string]bool          // Input.Unparsed, by path and by file-name slug ("slug:" prefix)
	lost       map[string]duplicateLoss // paths of files dropped for a duplicate URL
	pages      map[string]*page         // every page made from a .md file, by path
	pagesNFC   map[string]*page         // pages by the NFC form of their path, once needed
	filesNFC   map[string]string        // Input.Files by the NFC form of the path, once needed
	slugList   []string                 // sorted slugs of published briefs, once needed
	// slugsChanged holds the slugs of the briefs that differ from prev's
	// input (see matchInputs); nil without prev, or when not known.
	slugsChanged map[string]bool
	prevInput    []int32 // the index in prev's input of each brief of Input.Briefs, or -1; nil without prev
	inputOf      []int32 // the index in Input.Briefs of each of byPath
	cur          state   // working data of the brief being resolved
	// self is, when an edited brief is resolved for reuse (reuse.go), the
	// brief of the tables with its path: a link to it is a link to itself.
	self *model.Brief

	profiles       []*model.Actor          // actor profiles kept, by path
	actorByKey     map[string]*model.Actor // profile actors by name and alias key
	implicitActor  map[string]*model.Actor // implicit actors by slug
	domainProfiles []*model.Domain         // domain profiles kept, by path

	bibliography map[string]*model.Source // bibliography entries by id

	lines     *diag.Sources         // files quoted in diagnostics, see newDiag
	suggested map[suggestKey]string // remembered "did you mean"s, see closest
	listHash  map[listKey]uint64    // hashes of the candidate lists searched

	firstUse        map[string]string // URL of an implicit actor or domain → "path:line:col" of its first use
	implicitDomains []implicitDomain  // domains without a profile, in order of first use
	actorNameList   []string          // names and aliases of actor profiles, sorted, once needed

	prev *Memo // the previous resolve's memo, or nil
	memo *Memo // this resolve's memo, made by buildIndexes
}

// state is what resolve remembers about the brief whose sources and
// citations it is resolving. Briefs have a few sources each, so plain slices
// searched in order beat maps; the slices are reused from brief to brief.
type state struct {
	ids       []string        // every id of the sources list, once
	listed    []*model.Source // the source of each id; nil when unknown
	cited     []*model.Source // sources in order of first citation; the number of cited[i] is i+1
	actors    []*model.Actor  // the actors of the brief's [[actor:]] links, in order, found beforehand
	nextActor int             // the index in actors of the next [[actor:]] link
}

// lookup returns the source listed under id and whether id is listed.
func (st *state) lookup(id string) (*model.Source, bool) {
	for i, x := range st.ids {
		if x == id {
			return st.listed[i], true
		}
	}
	return nil, false
}

func newResolver(in Input, d *diag.List) *resolver {
	n := len(in.Briefs)
	return &resolver{
		in: in,
		d:  d,
		book: &model.Book{
			Site:         in.Site,
			BriefBySlug:  make(map[string]*model.Brief, n),
			ActorBySlug:  map[string]*model.Actor{},
			DomainBySlug: map[string]*model.Domain{},
			SourceByID:   map[string]*model.Source{},
		},
		briefIndex:    make(map[*model.Brief]int32, n),
		draftSlug:     map[string]bool{},
		draftPath:     map[string]bool{},
		unparsed:      unparsedSet(in.Unparsed),
		lost:          map[string]duplicateLoss{},
		pages:         make(map[string]*page, n+len(in.Actors)+len(in.Domains)+1),
		actorByKey:    map[string]*model.Actor{},
		implicitActor: map[string]*model.Actor{},
		bibliography:  map[string]*model.Source{},
		firstUse:      map[string]string{},
	}
}

// page is a page made from a .md file, the target of relative links.
// Exactly one of brief, actor, domain, home and own is set.
type page struct {
	url    string
	doc    *model.Doc
	brief  *model.Brief
	actor  *model.Actor
	domain *model.Domain
	home   *model.Home
	own    *model.Page
}

// src returns the content of path for quoting in diagnostics, or nil.
func (r *resolver) src(path string) []byte {
	if r.in.Src == nil || path == "" {
		return nil
	}
	return r.in.Src(path)
}

// newDiag makes a diagnostic as diag.New does, quoting its line through
// an index of the file's lines kept for this resolve (diag.Sources): a
// file with thousands of problems is not scanned from its start for each.
func (r *resolver) newDiag(sev diag.Severity, path string, line, col, length int, msg string) diag.Diagnostic {
	if r.lines == nil {
		r.lines = diag.NewSources(r.src)
	}
	return r.lines.New(sev, path, line, col, length, msg)
}

// errorf reports an error at line:col of path.
func (r *resolver) errorf(path string, line, col, length int, format string, args ...any) {
	r.d.Add(r.newDiag(diag.Error, path, line, col, length, fmt.Sprintf(format, args...)))
}

// warnf reports a warning at line:col of path.
func (r *resolver) warnf(path string, line, col, length int, format string, args ...any) {
	r.d.Add(r.newDiag(diag.Warning, path, line, col, length, fmt.Sprintf(format, args...)))
}

// errorNote reports an error with one note.
func (r *resolver) errorNote(path string, line, col, length int, msg, note string) {
	dg := r.newDiag(diag.Error, path, line, col, length, msg)
	dg.Notes = []string{note}
	r.d.Add(dg)
}

// home returns the book's home page, making an empty one when there is none.
func (r *resolver) home(h *model.Home) *model.Home {
	if h == nil {
		h = &model.Home{}
	}
	if h.Path != "" {
		r.pages[h.Path] = &page{url: "/", doc: &h.Doc, home: h}
	}
	if h.Title == "" {
		h.Title = r.in.Site.Title
	}
	if h.Title == "" {
		h.Title = defaultTitle
	}
	return h
}

// hasHeading reports whether doc has a heading with the given id.
func hasHeading(doc *model.Doc, id string) bool {
	for _, h := range doc.Headings {
		if h.ID == id {
			return true
		}
	}
	return false
}

// headingIDs returns the heading ids of doc, sorted, for suggestions.
func headingIDs(doc *model.Doc) []string {
	ids := make([]string, 0, len(doc.Headings))
	for _, h := range doc.Headings {
		if h.ID != "" {
			ids = append(ids, h.ID)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// sortedKeys returns the keys of m in ascending order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
