package main

import (
	"runtime/debug"
	"testing"
)

// TestVersion checks the version line's parts: the module version that go
// install records and, from a checkout, the VCS revision (issue 10).
func TestVersion(t *testing.T) {
	setting := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	for _, tc := range []struct {
		info *debug.BuildInfo
		want string
	}{
		{nil, "(devel)"},
		{&debug.BuildInfo{}, "(devel)"},
		{&debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}}, "v1.2.0"},
		{&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: setting(
			"vcs", "git", "vcs.revision", "0123456789abcdef0123456789abcdef01234567", "vcs.time", "2026-11-30T05:00:00Z", "vcs.modified", "true")},
			"(devel) (revision 0123456789ab, 2026-11-30T05:00:00Z, modified)"},
		{&debug.BuildInfo{Main: debug.Module{Version: "v0.3.1-0.20261130050000-0123456789ab"}, Settings: setting(
			"vcs.revision", "0123456789abcdef", "vcs.modified", "false")},
			"v0.3.1-0.20261130050000-0123456789ab (revision 0123456789ab)"},
	} {
		if got := version(tc.info); got != tc.want {
			t.Errorf("version(%+v) = %q, want %q", tc.info, got, tc.want)
		}
	}
}
