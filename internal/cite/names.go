package cite

import (
	"strings"
	"unicode"

	"github.com/briefbook/briefbook/internal/model"
)

// ParseName splits an author's name written as text (in sources.yaml or
// a brief's authors) into parts:
//
//   - "Family, Given" (one comma) is a person, inverted as written;
//     "Family, Jr., Given" has a suffix;
//   - "et al." and a name of one word ("CrowdStrike") are kept whole;
//   - a name with a word that only organisations use (Government, Court,
//     Congress, Center, Institute, Ministry... see orgWords), or a
//     lower-case word that is not a name particle ("Government of Japan",
//     "Asian Institute for Policy Studies"), or with no lower-case letter
//     ("NPEC"), or with an ampersand ("O'Brien & Sons") is an
//     organisation, kept whole;
//   - a Korean name in its own order, a common family name and a
//     hyphenated given name ("Kim Min-ji", "Moon Jae-in"), is kept whole:
//     it is never inverted (Chicago Manual of Style, 8.14) and sorts by
//     its family name, which comes first;
//   - any other name is "Given particles Family" by BibTeX's rule: the
//     lower-case words before the last word are particles ("Ludwig van
//     Beethoven", "Charles de Gaulle"); a last word Jr., Sr., II, III or
//     IV is a suffix, with or without a comma before it.
//
// CSL-JSON and BibTeX files give the parts themselves.
func ParseName(s string) model.Name {
	s = strings.TrimSpace(s)
	if parts := strings.Split(s, ","); len(parts) == 2 || len(parts) == 3 {
		n := model.Name{Family: strings.TrimSpace(parts[0]), Given: strings.TrimSpace(parts[len(parts)-1])}
		if len(parts) == 3 {
			n.Suffix = strings.TrimSpace(parts[1])
		}
		if n.Family != "" && n.Given != "" && !isSuffix(n.Given) {
			n.Particle, n.Family = splitParticle(n.Family)
			return n
		}
	}
	words := strings.Fields(s)
	if len(words) < 2 || !strings.ContainsFunc(s, unicode.IsLower) || strings.ContainsAny(s, "&+") {
		return model.Name{Literal: s}
	}
	if koreanOrder(words) {
		return model.Name{Literal: s}
	}
	for _, w := range words {
		if orgWords[strings.Trim(w, ".,")] {
			return model.Name{Literal: s}
		}
		if isLowerWord(w) && !particles[w] {
			return model.Name{Literal: s}
		}
	}
	var suffix string
	if i := strings.LastIndex(s, ","); i > 0 && isSuffix(strings.TrimSpace(s[i+1:])) {
		suffix = strings.TrimSpace(s[i+1:])
		words = strings.Fields(s[:i])
	} else if len(words) > 2 && isSuffix(words[len(words)-1]) {
		suffix, words = words[len(words)-1], words[:len(words)-1] // "Jane Q. Public Jr."
	}
	last := len(words) - 1
	first := last
	for first > 0 && isLowerWord(words[first-1]) {
		first--
	}
	// The given names are the words before the first particle.
	g := 0
	for g < first && !isLowerWord(words[g]) {
		g++
	}
	return model.Name{
		Given:    strings.Join(words[:g], " "),
		Particle: strings.Join(words[g:last], " "),
		Family:   words[last],
		Suffix:   suffix,
	}
}

// splitParticle splits the leading lower-case words off a family name
// written first ("van Gogh").
func splitParticle(family string) (particle, rest string) {
	words := strings.Fields(family)
	i := 0
	for i < len(words)-1 && isLowerWord(words[i]) {
		i++
	}
	return strings.Join(words[:i], " "), strings.Join(words[i:], " ")
}

// isLowerWord reports whether w starts with a lower-case letter.
func isLowerWord(w string) bool {
	for _, c := range w {
		return unicode.IsLower(c)
	}
	return false
}

// isSuffix reports whether s is a generational suffix.
func isSuffix(s string) bool {
	switch strings.TrimSuffix(s, ".") {
	case "Jr", "Sr", "II", "III", "IV":
		return true
	}
	return false
}

// particles are the lower-case words that may come before a family name.
var particles = map[string]bool{
	"van": true, "von": true, "de": true, "der": true, "den": true, "da": true, "das": true, "do": true,
	"dos": true, "di": true, "du": true, "la": true, "le": true, "del": true, "della": true, "des": true,
	"ter": true, "ten": true, "zu": true, "bin": true, "al": true, "el": true, "y": true,
}

// orgWords are words found in the names of organisations, not of people.
var orgWords = map[string]bool{
	"Administration": true, "Agency": true, "Alliance": true, "Association": true, "Authority": true,
	"Bank": true, "Board": true, "Bureau": true, "Center": true, "Centre": true, "Coalition": true,
	"Commission": true, "Committee": true, "Company": true, "Congress": true, "Corporation": true,
	"Council": true, "Court": true, "Department": true, "Foundation": true, "Forum": true,
	"Government": true, "Group": true, "Inc": true, "Institute": true, "Institution": true,
	"Ltd": true, "Ministry": true, "Office": true, "Organisation": true, "Organization": true,
	"Parliament": true, "Party": true, "Press": true, "Program": true, "Programme": true,
	"Secretariat": true, "Service": true, "Society": true, "University": true,
}

// koreanOrder reports whether words are a Korean name romanized in its own
// order: one of the common family names, then a given name of two
// syllables joined by a hyphen, the second in lower case ("Min-ji").
func koreanOrder(words []string) bool {
	if len(words) != 2 || !koreanFamilies[words[0]] {
		return false
	}
	a, b, ok := strings.Cut(words[1], "-")
	return ok && a != "" && b != "" && unicode.IsUpper([]rune(a)[0]) && !strings.ContainsFunc(a[1:]+b, func(r rune) bool { return !unicode.IsLower(r) })
}

// koreanFamilies are the common Korean family names as they are usually
// romanized.
var koreanFamilies = map[string]bool{}

func init() {
	for _, f := range strings.Fields(`Kim Lee Yi Rhee Park Pak Bak Choi Choe Jung Jeong Chung Kang Cho Jo
		Yoon Yun Jang Chang Lim Im Han Oh Seo Suh Shin Sin Kwon Hwang Ahn An Song Moon Mun Yoo Yu Ryu
		Hong Jeon Chun Ko Go Baek Paik Nam Noh Roh Ha Heo Huh Yang Bae Cha Ju Woo Min Na Jin Um Eom
		Won Chae Pyo Ban Kong Gong Son Sohn Byun Do Ji Kil Gil Seong Sung Nho Hyun Ryoo Lyu`) {
		koreanFamilies[f] = true
	}
}
