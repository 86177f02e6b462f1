package render

import (
	"testing"
	"time"
)

// TestDates checks that every date the parser accepts, 0001-01-01 (the
// zero time.Time) included, is written in pages, feeds and sitemaps, and
// that only noDate is left out (issue 10).
func TestDates(t *testing.T) {
	tests := []struct {
		in              time.Time
		iso, text, atom string
	}{
		{time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), "0001-01-01", "1 January 0001", "0001-01-01T00:00:00Z"},
		{time.Time{}, "0001-01-01", "1 January 0001", "0001-01-01T00:00:00Z"},
		{time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), "9999-12-31", "31 December 9999", "9999-12-31T00:00:00Z"},
		{time.Date(2021, 4, 6, 0, 0, 0, 0, time.UTC), "2021-04-06", "6 April 2021", "2021-04-06T00:00:00Z"},
		{noDate, "", "", "1970-01-01T00:00:00Z"},
	}
	for _, tt := range tests {
		if got := isoDate(tt.in); got != tt.iso {
			t.Errorf("isoDate(%v) = %q, want %q", tt.in, got, tt.iso)
		}
		if got := formatDate(tt.in); got != tt.text {
			t.Errorf("formatDate(%v) = %q, want %q", tt.in, got, tt.text)
		}
		if got := atomTime(tt.in); got != tt.atom {
			t.Errorf("atomTime(%v) = %q, want %q", tt.in, got, tt.atom)
		}
	}
	if got := newest(nil); !got.Equal(noDate) {
		t.Errorf("newest(nil) = %v, want noDate", got)
	}
}
