package parse

import (
	"testing"
	"time"
)

// TestParseDate checks every kind of date issue 10 names: the years 0001
// to 9999 are accepted, others are errors, and a day the month does not
// have is reported as such.
func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time // zero: an error
		msg  string
	}{
		{"2021-04-06", time.Date(2021, 4, 6, 0, 0, 0, 0, time.UTC), ""},
		{"0001-01-01", time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), ""},
		{"9999-12-31", time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), ""},
		{"2020-02-29", time.Date(2020, 2, 29, 0, 0, 0, 0, time.UTC), ""},
		{"0000-06-15", time.Time{}, `invalid date "0000-06-15": the year must be from 0001 to 9999`},
		{"10000-01-01", time.Time{}, `invalid date "10000-01-01": the year must be from 0001 to 9999`},
		{"-0001-01-01", time.Time{}, `invalid date "-0001-01-01": the year must be from 0001 to 9999`},
		{"+2021-01-01", time.Time{}, `invalid date "+2021-01-01": the year must be from 0001 to 9999`},
		{"2021-02-30", time.Time{}, `invalid date "2021-02-30": February 2021 has no day 30`},
		{"2021-02-29", time.Time{}, `invalid date "2021-02-29": February 2021 has no day 29`},
		{"2021-04-31", time.Time{}, `invalid date "2021-04-31": April 2021 has no day 31`},
		{"2021-01-00", time.Time{}, `invalid date "2021-01-00": January 2021 has no day 00`},
		{"2021-13-01", time.Time{}, `invalid date "2021-13-01": there is no month 13`},
		{"2021-00-01", time.Time{}, `invalid date "2021-00-01": there is no month 00`},
		{"2021-4-6", time.Time{}, `invalid date "2021-4-6": want YYYY-MM-DD`},
		{"2021-04-06T10:00:00Z", time.Time{}, `invalid date "2021-04-06T10:00:00Z": want YYYY-MM-DD`},
		{"２０２１-04-06", time.Time{}, `invalid date "２０２１-04-06": want YYYY-MM-DD`},
		{"", time.Time{}, `invalid date "": want YYYY-MM-DD`},
	}
	for _, tt := range tests {
		got, msg := parseDate(tt.in)
		if !got.Equal(tt.want) || msg != tt.msg {
			t.Errorf("parseDate(%q) = %v, %q; want %v, %q", tt.in, got, msg, tt.want, tt.msg)
		}
	}
}
