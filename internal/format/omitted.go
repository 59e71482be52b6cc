package format

// In a YAML or JSON file a field left out means "leave as is" and a field
// given empty (or null) means "clear": the store merges an update onto the
// stored entity for the fields listed here (models.Batch's FigureOmitted
// and SourceOmitted). The fields a figure or a source needs are not
// listed: leaving them out is an error found when the entry is read.

// figureOmitted lists the optional fields the figure entry ff left out.
func figureOmitted(ff *fileFigure) []string {
	return absent([]namedScalar{
		{"value_text", ff.ValueText}, {"unit", ff.Unit}, {"location", ff.Location},
		{"acting_state", ff.ActingState}, {"receiving_state", ff.ReceivingState},
		{"subgroup_of", ff.SubgroupOf}, {"share_of", ff.ShareOf}, {"derived", ff.Derived}, {"formula", ff.Formula},
		{"status", ff.Status}, {"retract_reason", ff.RetractReason}, {"notes", ff.Notes},
	})
}

// sourceOmitted lists the fields the source entry fs left out.
func sourceOmitted(fs *fileSource) []string {
	return absent([]namedScalar{
		{"title", fs.Title}, {"title_en", fs.TitleEn}, {"title_ko", fs.TitleKo}, {"kind", fs.Kind}, {"publisher", fs.Publisher}, {"authors", fs.Authors},
		{"author_affiliation", fs.AuthorAffiliation}, {"published_on", fs.PublishedOn}, {"url", fs.URL},
		{"archive_url", fs.ArchiveURL}, {"language", fs.Language}, {"accessed_on", fs.AccessedOn},
		{"text_sha256", fs.TextSHA256}, {"notes", fs.Notes}, {"original", fs.Original},
	})
}

// metricOmitted lists the optional fields the metric entry fm left out:
// its Korean texts.
func metricOmitted(fm *fileMetric) []string {
	return absent([]namedScalar{{"label_ko", fm.LabelKo}, {"definition_ko", fm.DefinitionKo}})
}

type namedScalar struct {
	name string
	s    scalar
}

func absent(fields []namedScalar) []string {
	var out []string
	for _, f := range fields {
		if f.s.kind == kAbsent {
			out = append(out, f.name)
		}
	}
	return out
}

// omit records, under key, the fields an entry left out.
func omit(m *map[string][]string, key string, fields []string) {
	if len(fields) == 0 || key == "" {
		return
	}
	if *m == nil {
		*m = map[string][]string{}
	}
	(*m)[key] = fields
}
