package parse

import "testing"

// TestCheckSourceDate checks the dates a source may have: a year, a month
// or a day, each a real one.
func TestCheckSourceDate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
	}{
		{"2021", ""},
		{"2018-10", ""},
		{"2021-04-06", ""},
		{"2026-02-30", `invalid date "2026-02-30": February 2026 has no day 30`},
		{"not-a-date", `invalid date "not-a-date": want YYYY, YYYY-MM or YYYY-MM-DD`},
		{"2018-13", `invalid date "2018-13": there is no month 13`},
		{"0000", `invalid date "0000": the year must be from 0001 to 9999`},
		{"21", `invalid date "21": want YYYY, YYYY-MM or YYYY-MM-DD`},
		{"2018-1x", `invalid date "2018-1x": want YYYY, YYYY-MM or YYYY-MM-DD`},
		{"", `invalid date "": want YYYY, YYYY-MM or YYYY-MM-DD`},
	} {
		if got := checkSourceDate(tc.in); got != tc.want {
			t.Errorf("checkSourceDate(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
