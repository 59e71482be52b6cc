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
//	{"exported_at": …, "filter": …, "generator": …, "figures": [format.FigureJSON, …]}
//
// encoding each figure as it comes (one per line) rather than building the
// list, and returns the number of figures written. Like every JSON output
// here it escapes <, > and & so that it can be embedded in HTML.
func WriteJSON(w io.Writer, meta Meta, it Iterator) (int, error) {
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

	var buf bytes.Buffer
	var links format.Links
	enc := json.NewEncoder(&buf)
	n := 0
	err = it(func(v *models.FigureView) error {
		buf.Reset()
		if err := enc.Encode(format.NewFigureJSON(v, &links)); err != nil {
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
	bw.WriteString("\n]}\n")
	return n, bw.Flush()
}

// WriteNDJSON writes one format.FigureJSON per line (newline-delimited JSON) and
// returns the number written.
func WriteNDJSON(w io.Writer, it Iterator) (int, error) {
	bw := bufio.NewWriterSize(w, outputBuffer)
	enc := json.NewEncoder(bw)
	var links format.Links
	n := 0
	err := it(func(v *models.FigureView) error {
		if err := enc.Encode(format.NewFigureJSON(v, &links)); err != nil {
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
