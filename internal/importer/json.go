package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"forcedreturns/internal/format"
	"forcedreturns/internal/jsonkeys"
	"forcedreturns/models"
)

func parseJSON(r io.Reader, opts Options, what string) (models.Batch, error) {
	rep := &report{what: what}
	data, err := readAll(r, fileLimit)
	if errors.Is(err, errTooLarge) {
		return models.Batch{}, rep.fatal("file", "is larger than %s: split it into smaller files", models.SizeText(fileLimit))
	} else if err != nil {
		return models.Batch{}, fmt.Errorf("importer: reading %s: %w", what, err)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return models.Batch{}, rep.fatal("file", "the file is empty: expected an object with metrics, sources and figures lists")
	}

	if err := json.Unmarshal(data, new(ignored)); err != nil { // checks the syntax, decodes nothing
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line, col := position(data, se.Offset)
			return models.Batch{}, rep.fatal("file", "not valid JSON at line %d, column %d: %v", line, col, se)
		}
		return models.Batch{}, rep.fatal("file", "not valid JSON: %v", err)
	}
	// encoding/json would keep the last of two values under one name: the
	// file says two things, and which one it meant is for its author.
	var dup *jsonkeys.DuplicateError
	if errors.As(jsonkeys.Unique(data), &dup) {
		return models.Batch{}, rep.fatal(dup.Path, "given more than once in the same object: keep one (JSON keys must be unique)")
	}

	prog := progress{fn: opts.Progress}
	batch := format.JSONFile(rep, data, prog.add)
	prog.done()
	if err := rep.err(); err != nil {
		return models.Batch{}, err
	}
	return batch, nil
}

// position returns the line and column (both from 1, the column in bytes)
// of the byte a json.SyntaxError's Offset points past.
func position(data []byte, offset int64) (line, col int) {
	i := min(max(offset-1, 0), int64(len(data)))
	before := data[:i]
	line = bytes.Count(before, []byte("\n")) + 1
	col = len(before) - bytes.LastIndexByte(before, '\n')
	return line, col
}

// ignored decodes any JSON value without keeping it.
type ignored struct{}

// UnmarshalJSON implements json.Unmarshaler.
func (*ignored) UnmarshalJSON([]byte) error { return nil }
