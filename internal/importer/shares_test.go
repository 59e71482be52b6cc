package importer

import (
	"strings"
	"testing"

	"forcedreturns/models"
)

// A share is entered in a YAML file with share_of; its unit, when the
// entry leaves it out, is percent; a share in people is refused at its
// location, naming the field.
func TestParseYAMLShare(t *testing.T) {
	share := strings.Replace(yamlFigure, "    value: 41\n", "    value: 41\n    share_of: f0\n", 1)
	share = strings.Replace(share, "qualifier: exact", "qualifier: more_than", 1)
	b, err := ParseYAML(strings.NewReader(share), Options{})
	if err != nil {
		t.Fatal(err)
	}
	f := b.Figures[0]
	if f.ShareOf != "f0" || f.Unit != models.UnitPercent || f.ValueLabel() != "more than 41 %" {
		t.Errorf("share: share_of %q, unit %q, %q", f.ShareOf, f.Unit, f.ValueLabel())
	}
	_, err = ParseYAML(strings.NewReader(strings.Replace(share, "    share_of: f0\n", "    share_of: f0\n    unit: people\n", 1)), Options{})
	if got := strings.Join(problems(t, err), "\n"); !strings.Contains(got, `figures[0].unit: a share is a percentage: its unit must be "percent", got "people"`) {
		t.Errorf("a share in people: %s", got)
	}
}
