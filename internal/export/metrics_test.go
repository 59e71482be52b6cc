package export

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"

	"forcedreturns/internal/export/exporttest"
	"forcedreturns/models"
)

// CollectMetrics passes every figure on and keeps each metric once, copied
// (the iterator reuses its value), in order of first use; WriteMetricsCSV
// neutralises text as the figures CSV does.
func TestCollectAndWriteMetrics(t *testing.T) {
	views := exporttest.Views()
	views[0].Metric.Definition = "=1+1 looks like a formula"
	var metrics []models.Metric
	var reused models.FigureView
	n := 0
	it := CollectMetrics(func(yield func(*models.FigureView) error) error {
		for i := range views {
			reused = views[i]
			if err := yield(&reused); err != nil {
				return err
			}
		}
		return nil
	}, &metrics)
	if err := it(func(*models.FigureView) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	if n != len(views) {
		t.Errorf("%d figures passed on, want %d", n, len(views))
	}
	var buf bytes.Buffer
	if err := WriteMetricsCSV(&buf, metrics); err != nil {
		t.Fatal(err)
	}
	want := "slug,label,definition,unit,label_ko,definition_ko\r\n" +
		"apprehended,Apprehended,'=1+1 looks like a formula,people,체포,억류국 당국에 체포된 사람.\r\n" +
		"in_custody,In custody,People held by the acting state on a date.,people,,\r\n" +
		"forcibly_returned,Forcibly returned,People sent back to the receiving state against their will.,people,,\r\n" +
		"deaths,Deaths,People who died.,people,,\r\n"
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("metrics file (-want +got):\n%s", diff)
	}
}
