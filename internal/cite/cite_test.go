package cite

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/briefbook/briefbook/internal/model"
)

func TestFormat(t *testing.T) {
	tests := []struct {
		name string
		src  model.Source
		want Entry
	}{
		{"two authors, container, full date", model.Source{ID: "h", Title: "Security Cooperation", Authors: []string{"Stephan Haggard", "Henry D. Sokolski"},
			Names:     []model.Name{{Given: "Stephan", Family: "Haggard"}, {Given: "Henry D.", Family: "Sokolski"}},
			Container: "The Peninsula", Publisher: "Korea Economic Institute of America", Date: "2021-04-06"},
			Entry{Authors: "Haggard, Stephan, and Henry D. Sokolski", Year: "2021", Title: "Security Cooperation", Quoted: true,
				Container: "The Peninsula", Date: &Date{"6 April 2021", "2021-04-06"}, Publisher: "Korea Economic Institute of America"}},
		{"organisation publishing its own report", model.Source{ID: "n", Title: "New Frontiers", Authors: []string{"NPEC"},
			Names: []model.Name{{Literal: "NPEC"}}, Publisher: "NPEC", Date: "2021"},
			Entry{Authors: "NPEC", Year: "2021", Title: "New Frontiers"}},
		{"particles and suffix", model.Source{ID: "m", Title: "Art", Authors: []string{"Vincent van Gogh", "Ludwig van Beethoven", "Martin Luther King, Jr."},
			Names: []model.Name{{Given: "Vincent", Particle: "van", Family: "Gogh"}, {Given: "Ludwig", Dropping: "van", Family: "Beethoven"},
				{Given: "Martin Luther", Family: "King", Suffix: "Jr."}}, Date: "2021-03"},
			Entry{Authors: "van Gogh, Vincent, Ludwig van Beethoven, and Martin Luther King Jr.", Year: "2021", Title: "Art", Date: &Date{"March 2021", "2021-03"}}},
		{"inverted suffix, et al.", model.Source{ID: "k", Title: "Dream", Authors: []string{"Martin Luther King, Jr.", "et al."},
			Names: []model.Name{{Given: "Martin Luther", Family: "King", Suffix: "Jr."}, {Literal: "et al."}}},
			Entry{Authors: "King, Martin Luther, Jr., et al.", Year: "n.d.", Title: "Dream"}},
		{"no names, no title", model.Source{ID: "x", Authors: []string{"Kim"}, Date: "spring 2020"},
			Entry{Authors: "Kim", Year: "spring 2020", Title: "Untitled"}},
		{"publisher repeating the container", model.Source{ID: "c", Title: "T", Container: "Survival", Publisher: "survival"},
			Entry{Year: "n.d.", Title: "T", Quoted: true, Container: "Survival"}},
	}
	for _, tt := range tests {
		got := Format(&tt.src)
		if got.Date != nil && tt.want.Date != nil && *got.Date == *tt.want.Date {
			got.Date = tt.want.Date
		}
		if got != tt.want {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.name, got, tt.want)
		}
	}
}

func TestTitleEnd(t *testing.T) {
	for in, want := range map[string]string{"A title": ".", "Why?": "", "Stop!": "", "U.S.": ""} {
		if got := TitleEnd(in); got != want {
			t.Errorf("TitleEnd(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHumanDate(t *testing.T) {
	for in, want := range map[string]Date{
		"2021-04-06": {"6 April 2021", "2021-04-06"},
		"2021-04":    {"April 2021", "2021-04"},
		"2021":       {"2021", "2021"},
		"2021-13":    {"2021-13", ""},
		"Spring":     {"Spring", ""},
	} {
		if got := HumanDate(in); got != want {
			t.Errorf("HumanDate(%q) = %+v, want %+v", in, got, want)
		}
	}
}

func TestLess(t *testing.T) {
	person := func(id, given, particle, family, date string) *model.Source {
		return &model.Source{ID: id, Title: "T " + id, Date: date, Authors: []string{given + " " + family},
			Names: []model.Name{{Given: given, Particle: particle, Family: family}}}
	}
	org := func(id, name string) *model.Source {
		return &model.Source{ID: id, Title: "T " + id, Authors: []string{name}, Names: []model.Name{{Literal: name}}}
	}
	list := []*model.Source{
		person("park-2021b", "Andrew", "", "Park", "2021-05"),
		{ID: "untitled-by-none", Title: "The Zebra Report"},
		org("gov", "Government of Japan"),
		person("gogh", "Vincent", "van", "Gogh", "1888"),
		person("park-2021a", "Andrew", "", "Park", "2021-03"),
		person("park-nd", "Andrew", "", "Park", ""),
		person("haggard", "Stephan", "", "Haggard", "2021"),
		org("asian", "The Asian Institute"),
		{ID: "park-coauthored", Title: "T", Date: "2000", Authors: []string{"Andrew Park", "Elliot Silverberg"},
			Names: []model.Name{{Given: "Andrew", Family: "Park"}, {Given: "Elliot", Family: "Silverberg"}}},
	}
	slices.SortFunc(list, func(a, b *model.Source) int {
		if Less(a, b) {
			return -1
		}
		if Less(b, a) {
			return 1
		}
		return 0
	})
	var got []string
	for _, s := range list {
		got = append(got, s.ID)
	}
	want := []string{"asian", "gogh", "gov", "haggard", "park-2021a", "park-2021b", "park-nd", "park-coauthored", "untitled-by-none"}
	if !slices.Equal(got, want) {
		t.Errorf("order = %v, want %v", got, want)
	}
	// Sort gives the same order from any order, and keeps sources that
	// compare equal (two with the same fields but their ids) in theirs.
	park := list[slices.IndexFunc(list, func(s *model.Source) bool { return s.ID == "park-2021b" })]
	twin := *park
	list = append(list, &twin)
	want = []string{"asian", "gogh", "gov", "haggard", "park-2021a", "park-2021b", "park-2021b", "park-nd", "park-coauthored", "untitled-by-none"}
	for k := range 6 {
		shuffled := slices.Clone(list)
		rand.New(rand.NewPCG(uint64(k), 1)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		first := slices.Index(shuffled, park) < slices.Index(shuffled, &twin)
		Sort(shuffled)
		got = got[:0]
		for _, s := range shuffled {
			got = append(got, s.ID)
		}
		if !slices.Equal(got, want) {
			t.Errorf("Sort: order = %v, want %v", got, want)
		}
		if at := slices.Index(shuffled, park); (at < slices.Index(shuffled, &twin)) != first {
			t.Errorf("Sort is not stable")
		}
	}
}
