package search

import (
	"reflect"
	"testing"
)

func TestTerms(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Open RAN and 5G", []string{"open", "ran", "and", "5g"}},
		{"Japan–South Korea's pact", []string{"japan", "south", "korea", "s", "pact"}},
		{"Échange, naïve CAFÉ", []string{"echange", "naive", "cafe"}},
		{"ﬁve ＡＢＣ", []string{"five", "abc"}}, // compatibility forms
		// Hangul: each syllable and each pair of adjacent syllables.
		{"한일 협력", []string{"한", "일", "한일", "협", "력", "협력"}},
		// Kana and Han alike; a run never mixes CJK and other letters.
		{"日本語ABC", []string{"日", "本", "日本", "語", "本語", "abc"}},
		{"カタカナ", []string{"カ", "タ", "カタ", "カ", "タカ", "ナ", "カナ"}},
		// Japanese voicing marks are kept: が is not か.
		{"が", []string{"が"}},
		{"  ¿?  ", nil},
	}
	for _, tt := range tests {
		if got := Terms(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Terms(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestQuery(t *testing.T) {
	tests := []struct {
		in   string
		want []QueryTerm
	}{
		{"ransom", []QueryTerm{{"ransom", true}}},
		{"ransom ", []QueryTerm{{"ransom", false}}},
		// Too short to be a prefix: matched exactly.
		{"ra", []QueryTerm{{"ra", false}}},
		{"open ran", []QueryTerm{{"open", false}, {"ran", true}}},
		{"ROK", []QueryTerm{{"rok", true}}},
		{"Cyber cyber", []QueryTerm{{"cyber", false}, {"cyber", true}}},
		// CJK: one character alone; several give their bigrams.
		{"한", []QueryTerm{{"한", false}}},
		{"대한민국", []QueryTerm{{"대한", false}, {"한민", false}, {"민국", false}}},
		{"", nil},
	}
	for _, tt := range tests {
		if got := Query(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Query(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ransomware", "ran"},
		{"ran", "ran"},
		{"5g", "5g"},
		{"échange", "échange"[:4]}, // three characters, not three bytes
		{"한일", "한일"},
		{"#a:south-korea", "#a:south-korea"},
	}
	for _, tt := range tests {
		if got := Key(tt.in); got != tt.want {
			t.Errorf("Key(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// Every term with a prefix of MinPrefix characters shares its shard.
	for _, w := range []string{"ransom", "ransomware", "random", "range"} {
		if Shard(Key(w), 64) != Shard(Key("ran"), 64) {
			t.Errorf("%q is not in the shard of its prefix \"ran\"", w)
		}
	}
}

// TestShardMatchesScript pins the FNV-1a hash that static/search.js
// computes the same way: changing one without the other breaks search.
func TestShardMatchesScript(t *testing.T) {
	for _, tt := range []struct {
		key  string
		want int
	}{{"", 2166136261 % 1000}, {"a", 0xe40c292c % 1000}, {"foobar", 0xbf9cf968 % 1000}} {
		if got := Shard(tt.key, 1000); got != tt.want {
			t.Errorf("Shard(%q, 1000) = %d, want %d", tt.key, got, tt.want)
		}
	}
}

func TestPostingsRoundTrip(t *testing.T) {
	ps := []posting{{0, 3}, {1, 1}, {7, 2}, {40, 1}, {1 << 20, 3}, {1<<20 + 1, 1}}
	s := encodePostings(ps)
	got, err := decodePostings(s)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, ps) {
		t.Errorf("decode(encode(%v)) = %v (via %q)", ps, got, s)
	}
	// (0 − (−1))·4 + 3 = 7 → "7"; (1 − 0)·4 + 1 = 5 → "5".
	if s[:2] != "75" {
		t.Errorf("encoding starts %q, want \"75\"", s[:2])
	}
	if _, err := decodePostings("7!"); err == nil {
		t.Error("a bad digit decoded without error")
	}
}
