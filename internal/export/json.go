package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"

	"forcedreturns/internal/format"
	"forcedreturns/models"
)

// WriteJSON writes one JSON document,
//
//	{"exported_at": …, "filter": …, "generator": …,
//	 "figures": [format.FigureJSON, …], "sources": [format.SourceJSON, …],
//	 "metrics": [format.MetricDefJSON, …]}
//
// encoding each figure as it comes (the countable fields from counts, or a
// first pass over it if counts is nil, see countFigures) (one per line) rather than building the
// list, and returns the number of figures written. Each figure nests its
// source; the sources list holds the sources those carry that no figure
// cites (read with meta.Originals, see sourceSet.originals), usually none.
// The sources and the metrics (those the figures use, see metricSet) come
// last, because they are known only once every figure is written; the
// importer reads them whatever their place. Like every JSON output
// here it escapes <, > and & so that it can be embedded in HTML.
func WriteJSON(w io.Writer, meta Meta, it Iterator, counts Counts) (int, error) {
	bw := bufio.NewWriterSize(w, outputBuffer)
	head, err := json.Marshal(struct {
		ExportedAt format.JSONTime `json:"exported_at"`
		Filter     string          `json:"filter"`
		Generator  string          `json:"generator"`
	}{format.JSONTime(meta.ExportedAt), meta.Filter, meta.Generator})
	if err != nil {
		return 0, err
	}
	bw.Write(head[:len(head)-1]) // reopen the object to append "figures"
	bw.WriteString(`,"figures":[`)

	counts, err = orCount(counts, it)
	if err != nil {
		return 0, err
	}
	var buf bytes.Buffer
	var links format.Links
	var metrics metricSet
	var sources sourceSet
	enc := json.NewEncoder(&buf)
	n := 0
	err = it(func(v *models.FigureView) error {
		metrics.add(v)
		sources.add(v)
		buf.Reset()
		if err := enc.Encode(withCount(format.NewFigureJSON(v, &links), v, counts)); err != nil {
			return err
		}
		if n > 0 {
			bw.WriteByte(',')
		}
		bw.WriteByte('\n')
		_, err := bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
		n++
		return err
	})
	if err != nil {
		bw.Flush()
		return n, err
	}
	originals, err := sources.originals(meta.Originals)
	if err != nil {
		bw.Flush()
		return n, err
	}
	bw.WriteString("\n],\"sources\":[")
	for i := range originals {
		buf.Reset()
		if err := enc.Encode(format.NewSourceJSON(&originals[i])); err != nil {
			return n, err
		}
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteByte('\n')
		bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	}
	bw.WriteString("\n],\"metrics\":[")
	for i := range metrics.list {
		buf.Reset()
		if err := enc.Encode(format.NewMetricDefJSON(&metrics.list[i])); err != nil {
			return n, err
		}
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteByte('\n')
		bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	}
	bw.WriteString("\n]}\n")
	return n, bw.Flush()
}

// ndjsonFigure is a line of the NDJSON export: a format.FigureJSON whose
// metric carries its definition too, so that every line stays one
// self-contained figure. The fields declared here shadow the embedded
// ones of the same name and, being first, keep FigureJSON's field order.
type ndjsonFigure struct {
	ID     string               `json:"id"`
	Metric format.MetricDefJSON `json:"metric"`
	format.FigureJSON
}

// WriteNDJSON writes one figure per line (newline-delimited JSON), each a
// format.FigureJSON whose metric object adds the metric's definition
// (ndjsonFigure), and returns the number written. The countable fields
// come from counts as in WriteCSV.
func WriteNDJSON(w io.Writer, it Iterator, counts Counts) (int, error) {
	bw := bufio.NewWriterSize(w, outputBuffer)
	enc := json.NewEncoder(bw)
	counts, err := orCount(counts, it)
	if err != nil {
		return 0, err
	}
	var links format.Links
	n := 0
	err = it(func(v *models.FigureView) error {
		fj := withCount(format.NewFigureJSON(v, &links), v, counts)
		line := ndjsonFigure{ID: fj.ID, Metric: format.NewMetricDefJSON(&v.Metric), FigureJSON: fj}
		line.Metric.Slug = v.Figure.Metric
		if err := enc.Encode(&line); err != nil {
			return err
		}
		n++
		return nil
	})
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	return n, err
}

// withCount sets the countable, group and counted_in fields of fj.
func withCount(fj format.FigureJSON, v *models.FigureView, counts Counts) format.FigureJSON {
	c := counts.of(v)
	fj.Countable, fj.Group, fj.CountedIn = &c.Countable, &c.Group, &c.CountedIn
	return fj
}
