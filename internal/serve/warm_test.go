package serve

import "testing"

func TestWarmSize(t *testing.T) {
	const mb = 1 << 20
	for _, c := range []struct {
		name       string
		live, goal uint64
		opened     bool
		want       int64
	}{
		{"after the opening: three times the live data", 155 * mb, 300 * mb, true, 465 * mb},
		{"after the opening, goal already higher", 100 * mb, 400 * mb, true, 440 * mb},
		{"after an update: the goal and a tenth", 240 * mb, 480 * mb, false, 528 * mb},
		{"nothing known", 0, 0, true, 0},
	} {
		if got := warmSize(c.live, c.goal, c.opened); got != c.want {
			t.Errorf("%s: warmSize(%d, %d, %v) = %d, want %d", c.name, c.live, c.goal, c.opened, got, c.want)
		}
	}
}
