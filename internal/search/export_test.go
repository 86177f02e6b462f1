package search

import "github.com/briefbook/briefbook/internal/model"

// BriefTermsBoth returns the terms and weights of brief br and the excerpt
// of its body as the index reads them (text.go) and as the reference
// (reference_test.go) defines them, for the tests of package search_test.
func BriefTermsBoth(br *model.Brief) (got, want map[string]uint8, gotExcerpt, wantExcerpt string, err error) {
	got, gotExcerpt, err = fastBriefTerms(newScratch(), br)
	if err != nil {
		return
	}
	want, wantExcerpt, err = refBriefTerms(br)
	return
}

// fastBriefTerms reads br with s as the index does, and returns its terms
// with their weights.
func fastBriefTerms(s *scratch, br *model.Brief) (map[string]uint8, string, error) {
	return s.termsOf(br)
}
