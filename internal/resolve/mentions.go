package resolve

import (
	"bytes"
	"hash/maphash"
	"html"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/briefbook/briefbook/internal/model"
	"github.com/briefbook/briefbook/internal/par"
)

// Body mentions: the actors, domains and sources a brief's body speaks of,
// beyond those its frontmatter names. A brief mentions
//
//   - a page it links to in its body: an actor, domain or source page
//     reached by a wikilink ([[actor:X]], [[domain:x]], [[source:id]]) or a
//     relative link to a profile; citations are not mentions, since a cited
//     source is already among the brief's references;
//   - a name in the text a reader sees: the body's text, where a link with
//     no text of its own reads as the title or name it shows. The names are
//     an actor's name and aliases; a domain's title when it has at least two
//     words (one-word titles such as "Cyber" or "Space" are common nouns,
//     not names); a source's short title, and its title when that has at
//     least four words.
//
// Names match whole words: words are runs of letters, digits and marks,
// and a name matches the same run of words however they are separated
// ("Jae-in" matches "Jae in"). A name of at most four letters, or with no
// lower-case letter (an acronym: GSOMIA, ROK, "U.S."), must match in case;
// other names match in any case. At each place the longest name wins, so
// "North Korea" is not also a mention of an actor named "Korea"; names of
// the same length both count. Names without a letter are not matched.
//
// A brief listed under an actor, domain or source (Briefs) is not also in
// its Mentioned list. The mentions of one brief depend only on its body,
// its links and the names of the book's actors, domains and sources.

// minTitleWords are the words a domain's title and a source's title need
// to be matched in text.
const (
	minDomainWords      = 2
	minSourceTitleWords = 4
)

// mentioned is what one brief's body mentions.
type mentioned struct {
	actors  []*model.Actor
	domains []*model.Domain
	sources []*model.Source
}

// nameIndex finds the book's names in text. Names are looked up by their
// first word: exact holds the names that must match in case, by their
// first word as written; folded the others, by their first word in lower
// case.
type nameIndex struct {
	exact, folded map[string][]*name
	byURL         map[string]any    // page URL → *model.Actor, *model.Domain or *model.Source
	byKey         map[string]any    // targetKey → *model.Actor, *model.Domain or *model.Source
	firsts        firstWords        // the first word of every name, in lower case
	pages         map[string]string // every page URL indexed → its target's key
	// sigs holds a signature of every name indexed (its words, whether it
	// folds case, its target), each with its first word in lower case:
	// what a name change can affect is the briefs holding that word.
	sigs map[string]string
}

// mentionMemo is what a resolve remembers of one brief's mentions, by its
// parse result: the targets found (by targetKey), a hash of its links and
// the texts they show, and the words of its body (in lower case, as a
// Bloom filter of words and one of pairs of consecutive words; nil when
// the body could not be read). The next resolve reuses the targets when
// the links are the same, none of them leads to a page URL added, removed
// or given to another target, and no name that was added, removed or
// changed has all its words, and each pair of its consecutive words,
// among those the body may hold: a name can only match a body that holds
// its words one after the other.
type mentionMemo struct {
	sum     uint64
	words   *wordFilter
	targets []string
}

// mentionSeed seeds the hashes of mentionMemo, the same for every resolve
// of a process.
var mentionSeed = maphash.MakeSeed()

// targetKey names an actor or domain by its page URL and a source by its
// id, across resolves.
func targetKey(t any) string {
	switch v := t.(type) {
	case *model.Actor:
		return "a" + v.URL
	case *model.Domain:
		return "d" + v.URL
	case *model.Source:
		return "s" + v.ID
	}
	return ""
}

// name is one name to match and what it names.
type name struct {
	words  []string // in lower case when fold
	fold   bool
	target any
}

// newNameIndex indexes the names of the book's actors, domains and sources.
func (r *resolver) newNameIndex() *nameIndex {
	x := &nameIndex{exact: map[string][]*name{}, folded: map[string][]*name{}, byURL: map[string]any{}, byKey: map[string]any{}, sigs: map[string]string{}, pages: map[string]string{}}
	for _, a := range r.book.Actors {
		x.page(a.URL, a)
		x.add(a.Name, 1, a)
		for _, al := range a.Aliases {
			x.add(al, 1, a)
		}
	}
	for _, dm := range r.book.Domains {
		x.page(dm.URL, dm)
		x.add(dm.Title, minDomainWords, dm)
	}
	for _, s := range r.book.Sources {
		x.page(s.PageURL, s)
		x.add(s.Short, 1, s)
		x.add(s.Title, minSourceTitleWords, s)
	}
	return x
}

// page indexes the page URL of target (and its key).
func (x *nameIndex) page(url string, target any) {
	k := targetKey(target)
	x.byURL[url], x.byKey[k] = target, target
	x.pages[url] = k
}

// add indexes text as a name of target when it has at least minWords
// words and a letter.
func (x *nameIndex) add(text string, minWords int, target any) {
	words := words(text, nil)
	if len(words) < minWords || !strings.ContainsFunc(text, unicode.IsLetter) {
		return
	}
	n := &name{words: words, target: target, fold: foldable(text)}
	m := x.exact
	if n.fold {
		m = x.folded
		for i, w := range n.words {
			n.words[i] = strings.ToLower(w)
		}
	}
	x.sigs[strings.Join(n.words, "\x1f")+"\x00"+strconv.FormatBool(n.fold)+"\x00"+targetKey(target)] = strings.ToLower(n.words[0])
	for _, o := range m[n.words[0]] {
		if o.target == target && equalWords(o.words, n.words) {
			return
		}
	}
	m[n.words[0]] = append(m[n.words[0]], n)
	first := n.words[0] // the key of folded, which a body's word is looked up by in lower case
	if !n.fold {
		first = string(lowerASCII(nil, first))
	}
	x.firsts.addHash(maphash.String(mentionSeed, first))
}

// foldable reports whether a name may match in any case: it has more than
// four letters and a lower-case letter.
func foldable(text string) bool {
	letters, lower := 0, false
	for _, c := range text {
		if unicode.IsLetter(c) {
			letters++
		}
		lower = lower || unicode.IsLower(c)
	}
	return letters > 4 && lower
}

func equalWords(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// mentionScratch holds the buffers one search of a body for mentions
// reuses: its HTML, its text, its words and a word in lower case.
type mentionScratch struct {
	body, text, lower []byte
	words             []span
}

// scratchPool holds mentionScratch values between bodies.
var scratchPool = sync.Pool{New: func() any { return new(mentionScratch) }}

// maxScratch is the size above which a buffer is dropped rather than kept
// for the next body.
const maxScratch = 1 << 20

// put returns sc to the pool, dropping a buffer a huge body grew.
func (sc *mentionScratch) put() {
	if cap(sc.body) > maxScratch || cap(sc.text) > maxScratch || cap(sc.words) > maxScratch/8 {
		return
	}
	scratchPool.Put(sc)
}

// briefMentions returns what brief b mentions in its body (see the rules
// above), each target once, in order of first mention. A body that cannot
// be read back mentions nothing; rendering the page reports the error.
func (x *nameIndex) briefMentions(b *model.Brief) (mentioned, *wordFilter) {
	var m mentioned
	seen := map[any]bool{}
	add := func(t any) {
		if seen[t] {
			return
		}
		seen[t] = true
		switch v := t.(type) {
		case *model.Actor:
			m.actors = append(m.actors, v)
		case *model.Domain:
			m.domains = append(m.domains, v)
		case *model.Source:
			m.sources = append(m.sources, v)
		}
	}
	for i, l := range b.Links {
		if !l.OK || b.Refs[i].Kind == model.RefCitation {
			continue
		}
		if t, ok := x.byURL[pageURL(l.Href)]; ok {
			add(t)
		}
	}
	sc := scratchPool.Get().(*mentionScratch)
	defer sc.put()
	var err error
	if sc.body, err = b.AppendHTML(sc.body[:0]); err != nil {
		return m, nil
	}
	sc.text = appendBodyText(sc.text[:0], sc.body, &b.Doc)
	sc.words = wordSpans(sc.text, sc.words[:0])
	text, ws := sc.text, sc.words
	filter := new(wordFilter)
	var found []*name
	var prev uint64
	for i, next := 0, 0; i < len(ws); i++ {
		w := text[ws[i].start:ws[i].end]
		sc.lower = lowerASCII(sc.lower[:0], w)
		h := maphash.Bytes(mentionSeed, sc.lower)
		filter.addWord(prev, h)
		prev = h
		if i < next || !x.firsts.mayHoldHash(h) {
			continue // inside a name found, or no name begins with this word
		}
		best := 0
		found = found[:0]
		for _, cands := range [2][]*name{x.exact[string(w)], x.folded[string(sc.lower)]} {
			for _, n := range cands {
				if len(n.words) < best || !n.matches(text, ws[i:]) {
					continue
				}
				if len(n.words) > best {
					best, found = len(n.words), found[:0]
				}
				found = append(found, n)
			}
		}
		for _, n := range found {
			add(n.target)
		}
		next = i + best
	}
	return m, filter
}

// mentionSum hashes what brief b's mentions depend on besides its body
// (which its parse result fixes) and the book's names: each of its links
// with the text it shows.
func mentionSum(b *model.Brief) uint64 {
	var h maphash.Hash
	h.SetSeed(mentionSeed)
	for i, l := range b.Links {
		maphash.WriteComparable(&h, l.OK)
		maphash.WriteComparable(&h, b.Refs[i].Kind)
		h.WriteString(b.Refs[i].Label)
		h.WriteByte(0)
		h.WriteString(l.Href)
		h.WriteByte(0)
		h.WriteString(l.Text)
		h.WriteByte(0)
	}
	return h.Sum64()
}

// changedName is a name added, removed or changed between two name
// indexes: its words, in lower case, and, for a name only removed, the
// key of its target.
type changedName struct {
	words []string
	gone  string
}

// changedNames returns the names (see nameIndex.sigs) in one of old and
// now but not the other, each set of words once with the key of its
// target when it is only in old.
func changedNames(old, now map[string]string) []changedName {
	seen := map[string]int{}
	var out []changedName
	diff := func(a, b map[string]string, removed bool) {
		for sig := range a {
			if _, ok := b[sig]; ok {
				continue
			}
			words, rest, _ := strings.Cut(sig, "\x00")
			_, key, _ := strings.Cut(rest, "\x00")
			words = strings.ToLower(words)
			if k, ok := seen[words]; ok {
				if !removed || out[k].gone != key {
					out[k].gone = "" // added too, or names of two targets
				}
				continue
			}
			c := changedName{words: strings.Split(words, "\x1f")}
			if removed {
				c.gone = key
			}
			seen[words] = len(out)
			out = append(out, c)
		}
	}
	diff(old, now, true)
	diff(now, old, false)
	return out
}

// mayChange reports whether the mentions of the body whose memo is mm may
// change by the name c. A body can hold a name only if it holds its words
// one after the other (its word filter). A name only removed changed the
// body's mentions only if it was found there, at a place where no longer
// name matched: then the body mentions its target (the targets are those
// found with the names of before). A name not found there, or hidden by a
// longer one, set no place of the search, so that taking it out changes
// nothing.
func (c changedName) mayChange(mm *mentionMemo) bool {
	if c.gone != "" && !slices.Contains(mm.targets, c.gone) {
		return false
	}
	return mm.words.mayHoldAll(c.words)
}

// keys returns the targetKey of every target of m, in its order.
func (m *mentioned) keys() []string {
	var out []string
	for _, a := range m.actors {
		out = append(out, targetKey(a))
	}
	for _, dm := range m.domains {
		out = append(out, targetKey(dm))
	}
	for _, s := range m.sources {
		out = append(out, targetKey(s))
	}
	return out
}

// fromKeys returns the mentions named by keys (see mentioned.keys) in the
// book x indexes.
func (x *nameIndex) fromKeys(keys []string) mentioned {
	var m mentioned
	for _, k := range keys {
		switch v := x.byKey[k].(type) {
		case *model.Actor:
			m.actors = append(m.actors, v)
		case *model.Domain:
			m.domains = append(m.domains, v)
		case *model.Source:
			m.sources = append(m.sources, v)
		}
	}
	return m
}

// matches reports whether the name is at the start of ws, words of text.
func (n *name) matches(text []byte, ws []span) bool {
	if len(ws) < len(n.words) {
		return false
	}
	for i, w := range n.words {
		t := text[ws[i].start:ws[i].end]
		if n.fold {
			if !equalFold(w, t) {
				return false
			}
		} else if w != string(t) {
			return false
		}
	}
	return true
}

// equalFold is strings.EqualFold(w, string(t)), without converting t when
// both are ASCII, where it compares letters in either case.
func equalFold(w string, t []byte) bool {
	if len(w) != len(t) {
		return strings.EqualFold(w, string(t))
	}
	for i := 0; i < len(w); i++ {
		a, b := w[i], t[i]
		if a|b >= utf8.RuneSelf {
			return strings.EqualFold(w, string(t))
		}
		if a == b {
			continue
		}
		if 'A' <= a && a <= 'Z' {
			a += 'a' - 'A'
		}
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		if a != b {
			return false
		}
	}
	return true
}

// pageURL returns u without its query and fragment.
func pageURL(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		return u[:i]
	}
	return u
}

// bodyText returns the text a reader sees in a body's HTML: tags become
// spaces, character references are decoded, and the marker of a wikilink
// or citation becomes its text (the link's label, or the target's title
// or name). Markers inside tags (URLs of relative links) go with the tag.
func bodyText(body []byte, doc *model.Doc) string {
	return string(appendBodyText(nil, body, doc))
}

// appendBodyText appends the text of bodyText to dst.
func appendBodyText(dst, body []byte, doc *model.Doc) []byte {
	s := body
	for len(s) > 0 {
		i := bytes.IndexAny(s, "<\x00")
		if i < 0 {
			dst = appendUnescaped(dst, s)
			break
		}
		dst = appendUnescaped(dst, s[:i])
		s = s[i:]
		if s[0] == '<' {
			end := bytes.IndexByte(s, '>')
			if end < 0 {
				break
			}
			dst = append(dst, ' ')
			s = s[end+1:]
			continue
		}
		end := bytes.IndexByte(s[1:], 0)
		if end < 0 {
			break
		}
		if n, err := strconv.Atoi(string(s[1 : end+1])); err == nil && n >= 0 && n < len(doc.Refs) {
			dst = append(dst, linkText(doc, n)...)
		}
		s = s[end+2:]
	}
	return dst
}

// appendUnescaped appends s to dst with its character references decoded.
func appendUnescaped(dst, s []byte) []byte {
	if bytes.IndexByte(s, '&') < 0 {
		return append(dst, s...)
	}
	return append(dst, html.UnescapeString(string(s))...)
}

// linkText returns the text shown for Refs[n] of doc.
func linkText(doc *model.Doc, n int) string {
	ref := &doc.Refs[n]
	if ref.Kind == model.RefCitation {
		return " "
	}
	if ref.Label != "" {
		return " " + ref.Label + " "
	}
	if n < len(doc.Links) {
		return " " + doc.Links[n].Text + " "
	}
	return " "
}

// buildMentions fills in the Mentioned lists of actors, domains and
// sources from every brief's body, newest first, leaving out the briefs
// already in their Briefs lists.
func (r *resolver) buildMentions() {
	briefs := r.book.Briefs
	if len(briefs) == 0 {
		return
	}
	x := r.newNameIndex()
	// What the previous memo has of each brief's parse result, in book order.
	// sameLinks tells, in book order, which briefs have the very Links
	// their previous memo's mentions were hashed with: the links the
	// previous memo resolved, reused (see resolveBriefs).
	var prev []*briefMemo
	var sameLinks []bool
	var changed []changedName       // the names added, removed or changed
	var changedURLs map[string]bool // page URLs added, removed or given to another target
	if r.prev != nil && r.prev.mentionPages != nil {
		prev = make([]*briefMemo, len(briefs))
		sameLinks = make([]bool, len(briefs))
		for i, b := range r.byPath {
			if m := &r.prevBriefs[i]; m.pre != nil {
				k := r.briefIndex[b]
				prev[k], sameLinks[k] = m, m.res == r.results[i]
			}
		}
		changed = changedNames(r.prev.mentionNames, x.sigs)
		changedURLs = changedPages(r.prev.mentionPages, x.pages)
	}
	found := make([]mentioned, len(briefs))
	memos := make([]mentionMemo, len(briefs))
	reused := make([]bool, len(briefs))
	par.Do(len(briefs), 16, func(_, i int) {
		b := briefs[i]
		var sum uint64
		if sameLinks != nil && sameLinks[i] {
			sum = prev[i].mentions.sum
		} else {
			sum = mentionSum(b)
		}
		if prev != nil && prev[i] != nil {
			if old := prev[i].mentions; old.sum == sum && !slices.ContainsFunc(changed, func(c changedName) bool { return c.mayChange(&old) }) && !linksToAny(b, changedURLs) {
				found[i], memos[i], reused[i] = x.fromKeys(old.targets), old, true
				return
			}
		}
		var words *wordFilter
		found[i], words = x.briefMentions(b)
		memos[i] = mentionMemo{sum: sum, words: words, targets: found[i].keys()}
	})
	if r.memo != nil {
		r.memo.names = x
		r.memo.mentionPages, r.memo.mentionNames = x.pages, x.sigs
		for _, ok := range reused {
			if ok {
				r.memo.mentionsReused++
			}
		}
		r.memo.briefs = r.briefMemos(memos)
	}
	for i, b := range briefs {
		m := &found[i]
		for _, a := range m.actors {
			if !containsActor(b.ActorList, a) {
				a.Mentioned = append(a.Mentioned, b)
			}
		}
		for _, dm := range m.domains {
			if !containsDomain(b.DomainList, dm) {
				dm.Mentioned = append(dm.Mentioned, b)
			}
		}
		for _, s := range m.sources {
			if !hasReference(b, s) {
				s.Mentioned = append(s.Mentioned, b)
			}
		}
	}
}

// hasReference reports whether s is among b's references.
func hasReference(b *model.Brief, s *model.Source) bool {
	for _, ref := range b.References {
		if ref.Source == s {
			return true
		}
	}
	return false
}

// changedPages returns the page URLs of old or now (URL → target key) that
// are not in both with the same key.
func changedPages(old, now map[string]string) map[string]bool {
	out := map[string]bool{}
	for u, k := range old {
		if now[u] != k {
			out[u] = true
		}
	}
	for u := range now {
		if _, ok := old[u]; !ok {
			out[u] = true
		}
	}
	return out
}

// linksToAny reports whether a link of b leads to one of the page URLs in
// urls, which is how a body's links enter its mentions (see briefMentions).
func linksToAny(b *model.Brief, urls map[string]bool) bool {
	if len(urls) == 0 {
		return false
	}
	for _, l := range b.Links {
		if urls[pageURL(l.Href)] {
			return true
		}
	}
	return false
}
