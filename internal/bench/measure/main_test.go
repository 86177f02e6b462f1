package main

import (
	"reflect"
	"testing"
	"time"
)

func TestSplit(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want [][]string
	}{
		{[]string{"a", "x"}, [][]string{{"a", "x"}}},
		{[]string{"a", "x", "::", "b"}, [][]string{{"a", "x"}, {"b"}}},
		{[]string{"::", "a", "::", "::", "b", "y", "::"}, [][]string{{"a"}, {"b", "y"}}},
		{[]string{"::"}, nil},
		{nil, nil},
	} {
		if got := split(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("split(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestMedian(t *testing.T) {
	s := time.Second
	for _, tc := range []struct {
		in   []time.Duration
		want time.Duration
	}{
		{[]time.Duration{3 * s}, 3 * s},
		{[]time.Duration{5 * s, 1 * s, 3 * s}, 3 * s},
		{[]time.Duration{4 * s, 1 * s, 2 * s, 3 * s}, 2500 * time.Millisecond},
	} {
		if got := median(tc.in); got != tc.want {
			t.Errorf("median(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestSummarize(t *testing.T) {
	wall, cpu, rss := summarize([]sample{
		{wall: 2 * time.Second, cpu: 3 * time.Second, rssKiB: 2048},
		{wall: 1 * time.Second, cpu: 5 * time.Second, rssKiB: 4096},
		{wall: 4 * time.Second, cpu: 4 * time.Second, rssKiB: 1024},
	})
	if wall != 2 || cpu != 4 || rss != 4 {
		t.Errorf("summarize = %v, %v, %v; want 2, 4, 4", wall, cpu, rss)
	}
}

func TestRunOnce(t *testing.T) {
	s, err := runOnce([]string{"sh", "-c", "exit 0"}, nil)
	if err != nil || s.rssKiB <= 0 {
		t.Errorf("runOnce(sh) = %+v, %v; want a positive peak RSS and no error", s, err)
	}
	if _, err := runOnce([]string{"sh", "-c", "exit 3"}, nil); err == nil {
		t.Error("runOnce of a failing command returned no error")
	}
}
