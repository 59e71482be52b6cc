package main

import (
	"strings"
	"testing"
)

// TestUnknownNamesUsage: export and figures refuse a metric or a source
// that is not stored as a usage error naming the flag, as the pages and
// the API do, instead of an empty file or list.
func TestUnknownNamesUsage(t *testing.T) {
	c := newSeededCLI(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"export", "--format", "csv", "--metric", "aprehended"}, `-metric: no metric named "aprehended": expected one of apprehended,`},
		{[]string{"figures", "--source", "nope"}, `-source: no source with id "nope"`},
	} {
		r := c.run(tc.args...)
		if r.code != exitUsage || !strings.Contains(r.stderr, tc.want) || r.stdout != "" {
			t.Errorf("%v: %s, want exit %d saying %s", tc.args, r, exitUsage, tc.want)
		}
	}
	if out := c.ok("figures", "--metric", "apprehended"); !strings.Contains(out, "apprehended") {
		t.Errorf("figures --metric apprehended: %s", out)
	}
}
