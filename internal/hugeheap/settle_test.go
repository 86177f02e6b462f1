package hugeheap

import "testing"

func TestSettled(t *testing.T) {
	for _, c := range []struct {
		name                         string
		cycles0, goal0, cycles, goal uint64
		want                         bool
	}{
		{"first call: nothing known", 0, 0, 3, 100, false},
		{"no collection since", 3, 100, 3, 100, false},
		{"goal grew by half", 3, 300, 4, 450, false},
		{"goal the same", 4, 450, 5, 450, true},
		{"goal grew by 10%", 4, 450, 6, 495, true},
		{"goal grew by 11%", 4, 450, 6, 500, false},
		{"goal shrank", 4, 450, 5, 300, true},
	} {
		if got := settled(c.cycles0, c.goal0, c.cycles, c.goal); got != c.want {
			t.Errorf("%s: settled(%d, %d, %d, %d) = %v, want %v", c.name, c.cycles0, c.goal0, c.cycles, c.goal, got, c.want)
		}
	}
}
