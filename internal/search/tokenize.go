package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The tokenizer below has a twin in static/search.js, which must split a
// query the same way the index was split: keep the two in step.
//
// Text is first normalised (see fold), so
// "Échange" and "echange" are the same word. It is then cut into runs of
// letters and digits. A run in Hangul, Hiragana, Katakana or Han script,
// which are written without spaces between words (or, in Korean, with
// particles attached to them), gives one term per character and one per
// pair of adjacent characters (bigrams); a query of several such
// characters must then match all its bigrams. Any other run is one term.

// MinPrefix is the number of characters a word needs before it is also
// matched as a prefix of longer words. It is also the length of the key
// that decides a word's shard, so that every word with a given prefix of
// MinPrefix characters lies in the shard of that prefix.
const MinPrefix = 3

// fold returns s normalised for matching: compatibility-decomposed, the
// combining diacritical marks U+0300 to U+036F removed (so "é" is "e",
// while Japanese voicing marks stay), lower-cased, then composed again, so
// that a Hangul syllable is one character, as the reader types it.
func fold(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	d := norm.NFKD.String(s)
	var b strings.Builder
	b.Grow(len(d))
	for _, r := range d {
		if r >= 0x300 && r <= 0x36f {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return norm.NFC.String(b.String())
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// isCJK reports whether r is written without spaces between words: Hangul,
// Hiragana, Katakana or Han.
func isCJK(r rune) bool {
	if r < 0x1100 { // below the first Hangul Jamo, no CJK script
		return false
	}
	return unicode.In(r, unicode.Hangul, unicode.Hiragana, unicode.Katakana, unicode.Han)
}

// isWord reports whether r belongs to a word: a letter or a number.
func isWord(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r)
}

// Word is one run of a text: either a word, or a run of CJK characters.
type Word struct {
	Text string // folded
	CJK  bool
}

// Words cuts text into folded words and CJK runs, in order.
func Words(text string) []Word {
	var out []Word
	eachWord(fold(text), func(w string, cjk bool) { out = append(out, Word{w, cjk}) })
	return out
}

// eachWord calls f for every run of word characters of the folded text s,
// a run never mixing CJK and other characters.
func eachWord(s string, f func(w string, cjk bool)) {
	start, cjk := -1, false
	for i, r := range s {
		if !isWord(r) {
			if start >= 0 {
				f(s[start:i], cjk)
				start = -1
			}
			continue
		}
		c := isCJK(r)
		if start >= 0 && c != cjk {
			f(s[start:i], cjk)
			start = -1
		}
		if start < 0 {
			start, cjk = i, c
		}
	}
	if start >= 0 {
		f(s[start:], cjk)
	}
}

// Terms returns the index terms of text, in order, with repeats: each
// word, and for each CJK run its characters and bigrams.
func Terms(text string) []string {
	var out []string
	eachTerm(text, func(t string) { out = append(out, t) })
	return out
}

// eachTerm calls f for every index term of text.
func eachTerm(text string, f func(t string)) {
	eachWord(fold(text), func(w string, cjk bool) {
		if !cjk {
			f(w)
			return
		}
		prev := -1
		for i := range w {
			_, n := utf8.DecodeRuneInString(w[i:])
			f(w[i : i+n])
			if prev >= 0 {
				f(w[prev : i+n])
			}
			prev = i
		}
	})
}

// QueryTerm is one term a query asks for.
type QueryTerm struct {
	Term   string
	Prefix bool // also match every longer term starting with Term
}

// Query returns what a query string asks for: every term must match. The
// last word is matched as a prefix when the query does not end with a
// space (the reader may still be typing it) and it has at least MinPrefix
// characters; a CJK run of one character matches every term starting with
// it. A CJK run of several characters asks for each of its bigrams.
func Query(q string) []QueryTerm {
	words := Words(q)
	var out []QueryTerm
	typing := q != "" && !unicode.IsSpace(lastRune(q))
	for i, w := range words {
		last := i == len(words)-1 && typing
		n := utf8.RuneCountInString(w.Text)
		switch {
		case !w.CJK:
			out = append(out, QueryTerm{w.Text, last && n >= MinPrefix})
		case n == 1:
			out = append(out, QueryTerm{w.Text, false})
		default:
			rs := []rune(w.Text)
			for j := 0; j+1 < len(rs); j++ {
				out = append(out, QueryTerm{string(rs[j : j+2]), false})
			}
		}
	}
	return dedupe(out)
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

func dedupe(ts []QueryTerm) []QueryTerm {
	seen := map[QueryTerm]bool{}
	out := ts[:0]
	for _, t := range ts {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// Key returns the part of term that decides its shard: its first
// MinPrefix characters, or the whole of a shorter term, a CJK term or a
// filter term. Every term with a given prefix of MinPrefix characters has
// the key of that prefix.
func Key(term string) string {
	if strings.HasPrefix(term, filterMark) {
		return term
	}
	n := 0
	for i, r := range term {
		if isCJK(r) {
			return term
		}
		if n == MinPrefix {
			return term[:i]
		}
		n++
	}
	return term
}

// filterMark starts the terms that stand for a domain or an actor, which
// no word of a text can start with.
const filterMark = "#"

// DomainTerm returns the term under which the briefs of the domain with
// the given slug are indexed, for filters.
func DomainTerm(slug string) string { return filterMark + "d:" + slug }

// ActorTerm returns the term under which the briefs naming the actor with
// the given slug are indexed, for filters.
func ActorTerm(slug string) string { return filterMark + "a:" + slug }

// Shard returns the term shard of key among n: FNV-1a (32 bits) of its
// UTF-8 bytes, modulo n.
func Shard(key string, n int) int {
	h := uint32(2166136261)
	for i := 0; i < len(key); i++ {
		h ^= uint32(key[i])
		h *= 16777619
	}
	return int(h % uint32(n))
}
