package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"gopkg.in/yaml.v3"

	"forcedreturns/internal/format"
	"forcedreturns/models"
)

func parseYAML(r io.Reader, opts Options, what string) (models.Batch, error) {
	rep := &report{what: what}
	data, err := readAll(r, yamlLimit)
	if errors.Is(err, errTooLarge) {
		return models.Batch{}, rep.fatal("file", "is larger than %s: split it into smaller files", models.SizeText(yamlLimit))
	} else if err != nil {
		return models.Batch{}, fmt.Errorf("importer: reading %s: %w", what, err)
	}

	// The document is parsed into a node tree, then each entry is decoded
	// on its own with its keys checked against the schema (see
	// decodeYAMLMapping), so that one error lists every problem.
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var root yaml.Node
	if err := dec.Decode(&root); errors.Is(err, io.EOF) {
		return models.Batch{}, rep.fatal("file", "the file is empty: expected metrics, sources and figures lists")
	} else if err != nil {
		return models.Batch{}, rep.fatal("file", "not valid YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	var next yaml.Node
	if err := dec.Decode(&next); !errors.Is(err, io.EOF) {
		return models.Batch{}, rep.fatal("file", "holds more than one YAML document (---): expected one")
	}
	var doc *yaml.Node
	if len(root.Content) > 0 {
		doc = root.Content[0]
	}
	prog := progress{fn: opts.Progress}
	batch := format.YAMLFile(rep, doc, prog.add)
	prog.done()
	if err := rep.err(); err != nil {
		return models.Batch{}, err
	}
	return batch, nil
}
