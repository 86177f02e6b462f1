package search_test

import (
	"context"
	"testing"

	"github.com/briefbook/briefbook/internal/search"
	"github.com/briefbook/briefbook/internal/site"
)

// TestSampleBookQuality asks the sample book (content/) twenty questions a
// reader might type, each with the brief a reader would expect first.
func TestSampleBookQuality(t *testing.T) {
	s, gen, err := site.Open(context.Background(), "../..", site.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	b := gen.Book
	x := search.New(b)
	tests := []struct{ q, first string }{
		{"GSOMIA", "gsomia"},
		{"intelligence pact", "gsomia"},
		{"cross-servicing", "acsa"},
		{"logistics pact", "acsa"},
		{"AI standards", "ai-standards"},
		{"Dokdo", "airspace-intrusions"},
		{"belt and road", "belt-and-road-services"},
		{"Friedhoff", "belt-and-road-services"},
		{"cyber policy gap", "cyber-policy-gap"},
		{"hackers", "cyber-threats"},
		{"telecom vendors", "huawei-clean-network"},
		{"open ran", "open-ran-5g"},
		{"satellite services", "space-services-asean"},
		{"Taro Sato", "space-services-asean"},
		{"spent fuel", "nuclear-plants-missiles-drones"},
		{"drones", "nuclear-plants-missiles-drones"},
		{"supply chain resilience", "supply-chain-resilience"},
		{"new frontiers", "new-frontiers-agenda"},
		{"용어집", "한일-협력-용어집"},
		{"glossary", "한일-협력-용어집"},
	}
	for _, tt := range tests {
		rs, err := x.Search(tt.q)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for i, r := range rs {
			if i == 3 {
				break
			}
			got = append(got, b.Briefs[r.ID].Slug)
		}
		if len(got) == 0 || got[0] != tt.first {
			t.Errorf("%q: first results %q, want %q first", tt.q, got, tt.first)
		}
	}
}
