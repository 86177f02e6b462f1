package resolve

import (
	"hash/maphash"
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The words of a body, and the filters that tell which bodies may hold a
// name's words (see mentions.go for the rules of mentions).

// wordFilter holds the words of a body, in lower case, in two Bloom
// filters of 2,048 bits with two hash functions each: one of its words
// (about 10% false positives for a brief of 400 distinct words) and one
// of the pairs of words that follow each other in it (about 30% for 900
// distinct pairs). A false positive only costs searching a body again;
// the pairs rule out most bodies that hold the words of a title of
// common words (a source's "Satellite licensing after the election")
// but not the title.
type wordFilter struct {
	single, pairs bloom2048
}

// bloom2048 is a Bloom filter of 2,048 bits with two hash functions.
type bloom2048 [32]uint64

// addHash adds the item whose 64-bit hash is h.
func (f *bloom2048) addHash(h uint64) {
	f[h>>6&31] |= 1 << (h & 63)
	f[h>>17&31] |= 1 << (h >> 11 & 63)
}

// mayHoldHash reports whether the item whose hash is h may have been added.
func (f *bloom2048) mayHoldHash(h uint64) bool {
	return f[h>>6&31]&(1<<(h&63)) != 0 && f[h>>17&31]&(1<<(h>>11&63)) != 0
}

// pairHash returns the hash of the pair of words whose hashes (maphash
// with mentionSeed) are a and b, in that order.
func pairHash(a, b uint64) uint64 {
	h := (bits.RotateLeft64(a, 29) ^ b) * 0xff51afd7ed558ccd
	return h ^ h>>32
}

// addWord adds the word whose hash is h, following the word whose hash is
// prev (0 for the first word).
func (f *wordFilter) addWord(prev, h uint64) {
	f.single.addHash(h)
	if prev != 0 {
		f.pairs.addHash(pairHash(prev, h))
	}
}

// firstWords is a Bloom filter of 65,536 bits with one hash function over
// the first words of the book's names, in lower case: most words of a body
// begin no name, and the filter rules them out without a map lookup.
type firstWords [1024]uint64

// add adds the word whose hash (maphash with mentionSeed) is h.
func (f *firstWords) addHash(h uint64) { f[h>>54] |= 1 << (h >> 48 & 63) }

// mayHoldHash reports whether the word whose hash is h may have been added.
func (f *firstWords) mayHoldHash(h uint64) bool { return f[h>>54]&(1<<(h>>48&63)) != 0 }

// mayHoldAll reports whether the body whose words f holds may hold every
// one of words, one after the other.
func (f *wordFilter) mayHoldAll(words []string) bool {
	if f == nil {
		return true
	}
	var prev uint64
	for i, w := range words {
		h := maphash.String(mentionSeed, w)
		if !f.single.mayHoldHash(h) || i > 0 && !f.pairs.mayHoldHash(pairHash(prev, h)) {
			return false
		}
		prev = h
	}
	return true
}

// isWordChar reports whether c belongs to a word.
func isWordChar(c rune) bool {
	if c < utf8.RuneSelf {
		return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
	}
	return unicode.IsLetter(c) || unicode.IsDigit(c) || unicode.IsMark(c)
}

// asciiWord marks the ASCII bytes that belong to a word.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range utf8.RuneSelf {
		t[c] = isWordChar(rune(c))
	}
	return t
}()

// span is a word of a text: text[start:end].
type span struct{ start, end int32 }

// words appends the words of text to dst.
func words(text string, dst []string) []string {
	for _, sp := range wordSpans([]byte(text), nil) {
		dst = append(dst, text[sp.start:sp.end])
	}
	return dst
}

// wordSpans appends where each word of text is to dst.
func wordSpans(text []byte, dst []span) []span {
	start := -1
	for i := 0; i < len(text); {
		c, size := rune(text[i]), 1
		in := false
		if c < utf8.RuneSelf {
			in = asciiWord[c]
		} else {
			c, size = utf8.DecodeRune(text[i:])
			in = isWordChar(c)
		}
		switch {
		case in && start < 0:
			start = i
		case !in && start >= 0:
			dst = append(dst, span{int32(start), int32(i)})
			start = -1
		}
		i += size
	}
	if start >= 0 {
		dst = append(dst, span{int32(start), int32(len(text))})
	}
	return dst
}

// lowerASCII appends w in lower case to dst (strings.ToLower's result,
// without allocating when w is ASCII).
func lowerASCII[T string | []byte](dst []byte, w T) []byte {
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return append(dst[:0], strings.ToLower(string(w))...)
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}
