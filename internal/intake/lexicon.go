package intake

import (
	"strings"
	"sync"

	"forcedreturns/models"
)

// Lexicon holds the words one language writes figures with: every table the
// recogniser reads. The recogniser itself knows no words; another language
// plugs in as another Lexicon (see Languages), matched by the source's
// language tag. Entries are lower case; phrases are single-space separated.
type Lexicon struct {
	// Tag is the language's BCP 47 primary tag ("en").
	Tag string
	// Units are number words with their values ("one" 1 … "ninety" 90);
	// Scales multiply what precedes them ("hundred" 100, "thousand" 1000,
	// "million" 1e6, "dozen" 12); Ands may join a scale and what follows
	// ("one hundred and twelve").
	Units  map[string]int64
	Scales map[string]int64
	Ands   []string
	// Articles count as one before a scale ("a dozen", "a hundred") and, in
	// a list of counted groups, as one person ("a newborn baby, 11 other
	// children …").
	Articles []string
	// Vague are phrases that give no number ("dozens", "a number of");
	// VagueJoins extend one by a hedge ("if not", "or even") and another
	// vague phrase: "hundreds of thousands, if not millions".
	Vague      []string
	VagueJoins []string
	// Qualifiers are the phrases written just before a number and the
	// qualifier each gives; Documenters are words of the clause that make
	// a count a documented one ("documented", "known to").
	Qualifiers  []Phrase[models.Qualifier]
	Documenters []string
	// RangeJoins join the two bounds of a range ("to", "and" after
	// "between"); RangeOpeners open one ("between", "from").
	RangeJoins  []string
	RangeOpener []string
	// People are nouns of counted people ("people", "refugees"); Generic
	// are those that name no one in particular ("people", "persons"), for
	// which the report's own population is guessed. Facilitators are the
	// people who help others flee, whose arrest is the arrested metric.
	People       []string
	Generic      []string
	Facilitators []string
	// Metrics map words of the clause (matched as word prefixes, phrases
	// allowed) to a metric slug and what kind of quantity they suggest.
	Metrics []Phrase[MetricCue]
	// Verbs end a noun phrase: "46 are still …" counts no one named.
	Verbs []string
	// Compare are phrases that set a number beside the one before it in
	// the sentence ("up from 140", "against 21"): it counts the same.
	Compare []string
	// Ratio words make "1 in 5" a proportion, not two counts.
	Ratio []string
	// Particles are words after which "over" is part of a verb ("handed
	// over seven"), not "more than".
	Particles []string
	// Change words after a percentage make it a change ("12% more"), not
	// a share of people.
	Change []string
	// Anaphors are nouns by which a sentence names the figure of the one
	// before ("the figure was 640").
	Anaphors []string
	// Pronominal words make "one" after them a pronoun ("no one").
	Pronominal []string
	// Weekdays are the days of the week, Monday first.
	Weekdays []string
	// Stock words mark a count of people in a state at a date ("still").
	Stock []string
	// Months are month names (and abbreviations) to month numbers.
	Months map[string]int
	// Subgroup are phrases putting what follows among a larger count
	// ("among them", "including", "of whom").
	Subgroup []string
	// Before and After are words that make a number no count of people
	// when written just before it ("article", "aged", "$") or just after it
	// ("years", "percent", "dollars"), with the kind of number they mark.
	Before []Phrase[NonCount]
	After  []Phrase[NonCount]
	// Reached are phrases by which a count is stated of a subject named
	// before ("rose to", "stood at").
	Reached []string
	// Countries name states: names, adjectives, plural demonyms and
	// capitals (as the seat of government), to ISO 3166-1 alpha-2 codes.
	Countries map[string]string
	// Demonyms name the people of a state (plural): "north koreans" KP.
	Demonyms map[string]string
	// ToWords introduce the state people are sent to ("to").
	ToWords []string
	// Periods are the words period phrases are made of.
	Periods PeriodWords

	once  sync.Once
	lists *periodLists
}

// Phrase is a lexicon entry: words and what they mean.
type Phrase[T any] struct {
	Words string
	Means T
}

// MetricCue is what a metric word says: the metric's slug and the kind of
// quantity it suggests ("" when it says nothing of the kind).
type MetricCue struct {
	Slug string
	Kind models.QuantityKind
}

// NonCount names a kind of number that is not a count of people.
type NonCount string

// The kinds of numbers that are never proposed as counts of people.
const (
	NonYear     NonCount = "a year"
	NonAge      NonCount = "an age"
	NonPercent  NonCount = "a percentage"
	NonMoney    NonCount = "an amount of money"
	NonRef      NonCount = "a reference number (article, section, resolution)"
	NonPhone    NonCount = "a phone number"
	NonDuration NonCount = "a duration or distance"
	NonDate     NonCount = "a day of the month"
	NonOrdinal  NonCount = "an ordinal or a decimal"
)

// PeriodWords are the words periods are written with.
type PeriodWords struct {
	In, On, Since, Between, From, To, And, AsOf []string
	Early, Mid, Late                            []string
	Last, This, Past                            []string
	Year, Month, Week, Today, Yesterday         []string
	Half, Quarter                               []string
	First, Second, Third, Fourth                []string
}

// Languages are the lexicons by tag. English is the only one so far.
var Languages = map[string]*Lexicon{"en": English}

// LexiconFor returns the lexicon of a source's language tag ("en-GB" reads
// as "en"), or English when there is none for it, and whether it was found.
func LexiconFor(tag string) (*Lexicon, bool) {
	primary := strings.ToLower(strings.SplitN(tag, "-", 2)[0])
	if l, ok := Languages[primary]; ok {
		return l, true
	}
	return English, primary == ""
}

// English is the English lexicon.
var English = &Lexicon{
	Tag: "en",
	Units: map[string]int64{
		"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
		"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
		"fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
		"nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
		"seventy": 70, "eighty": 80, "ninety": 90,
	},
	Scales:   map[string]int64{"dozen": 12, "hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000},
	Ands:     []string{"and"},
	Articles: []string{"a", "an"},
	Vague: []string{
		"hundreds of thousands", "tens of thousands", "several hundred thousand",
		"several thousand", "several hundred", "several dozen", "a few dozen", "a few hundred", "a few thousand",
		"an undetermined number", "an unknown number", "an undisclosed number", "an unspecified number",
		"a large number", "a small number", "a number",
		"a handful", "dozens", "scores", "hundreds", "thousands", "millions", "numerous", "countless",
	},
	VagueJoins: []string{"if not", "or even", "possibly", "perhaps"},
	Qualifiers: []Phrase[models.Qualifier]{
		{"at least", models.QualAtLeast}, {"no fewer than", models.QualAtLeast}, {"no less than", models.QualAtLeast},
		{"a minimum of", models.QualAtLeast}, {"not less than", models.QualAtLeast},
		{"more than", models.QualMoreThan}, {"over", models.QualMoreThan}, {"upwards of", models.QualMoreThan},
		{"in excess of", models.QualMoreThan}, {"well over", models.QualMoreThan}, {"above", models.QualMoreThan},
		{"nearly", models.QualAbout}, {"almost", models.QualAbout}, {"close to", models.QualAbout},
		{"about", models.QualAbout}, {"around", models.QualAbout}, {"approximately", models.QualAbout},
		{"roughly", models.QualAbout}, {"some", models.QualAbout}, {"an estimated", models.QualAbout},
		{"estimated", models.QualAbout}, {"approx.", models.QualAbout}, {"circa", models.QualAbout},
		{"as many as", models.QualAtMost}, {"up to", models.QualAtMost}, {"at most", models.QualAtMost},
		{"no more than", models.QualAtMost}, {"not more than", models.QualAtMost},
		{"only", models.QualExact}, {"exactly", models.QualExact}, {"a total of", models.QualExact},
		{"just", models.QualExact},
	},
	Documenters: []string{"documented", "documents", "document", "recorded", "verified", "known to", "knows", "know of",
		"confirmed", "was able to confirm", "registered", "identified", "interviewed", "tracked"},
	RangeJoins:  []string{"to", "and", "-", "–", "—"},
	RangeOpener: []string{"between", "from"},
	People: []string{"people", "persons", "person", "individuals", "refugees", "refugee", "migrants", "asylum seekers", "asylum-seekers",
		"children", "child", "minors", "women", "woman", "men", "man", "girls", "boys", "babies", "baby", "infants", "adults",
		"families", "family members", "deportees", "returnees", "detainees", "prisoners", "inmates", "defectors", "escapees",
		"guides", "brokers", "smugglers", "facilitators", "activists", "pastors", "missionaries", "nationals", "citizens",
		"residents", "survivors", "victims", "bodies", "dead", "others", "fishermen", "workers", "students", "teenagers",
		"members", "relatives", "passengers", "crossers", "applicants", "claimants", "newborns", "elderly", "journalists",
		"minor", "teenager", "seekers", "cases"},
	Generic:      []string{"people", "persons", "person", "individuals", "others"},
	Facilitators: []string{"guides", "guide", "brokers", "broker", "smugglers", "smuggler", "facilitators", "pastors", "missionaries", "activists", "drivers", "helpers"},
	Metrics: []Phrase[MetricCue]{
		{"still in custody", MetricCue{"in_custody", models.Stock}}, {"in custody", MetricCue{"in_custody", models.Stock}},
		{"still held", MetricCue{"in_custody", models.Stock}}, {"still detained", MetricCue{"in_custody", models.Stock}},
		{"remain in detention", MetricCue{"in_custody", models.Stock}}, {"remained in detention", MetricCue{"in_custody", models.Stock}},
		{"remain detained", MetricCue{"in_custody", models.Stock}}, {"remained detained", MetricCue{"in_custody", models.Stock}},
		{"remain in custody", MetricCue{"in_custody", models.Stock}}, {"being held", MetricCue{"in_custody", models.Stock}},
		{"in detention", MetricCue{"in_custody", models.Stock}}, {"still in", MetricCue{"in_custody", models.Stock}},
		{"awaiting deportation", MetricCue{"in_custody", models.Stock}}, {"held at", MetricCue{"in_custody", models.Stock}},
		{"held in", MetricCue{"in_custody", models.Stock}}, {"remain held", MetricCue{"in_custody", models.Stock}},
		{"remained held", MetricCue{"in_custody", models.Stock}}, {"are held", MetricCue{"in_custody", models.Stock}},
		{"returnee", MetricCue{"forcibly_returned", ""}},
		{"apprehend", MetricCue{"apprehended", ""}}, {"apprehension", MetricCue{"apprehended", ""}}, {"custody", MetricCue{"in_custody", models.Stock}},
		{"handed", MetricCue{"forcibly_returned", ""}}, {"caught", MetricCue{"apprehended", ""}}, {"intercept", MetricCue{"apprehended", ""}},
		{"detain", MetricCue{"apprehended", ""}}, {"detention", MetricCue{"apprehended", ""}}, {"arrest", MetricCue{"apprehended", ""}},
		{"captured", MetricCue{"apprehended", ""}}, {"rounded up", MetricCue{"apprehended", ""}}, {"seized", MetricCue{"apprehended", ""}},
		{"picked up", MetricCue{"apprehended", ""}}, {"stopped", MetricCue{"apprehended", ""}},
		{"forcibly return", MetricCue{"forcibly_returned", ""}}, {"forced return", MetricCue{"forcibly_returned", ""}},
		{"forced back", MetricCue{"forcibly_returned", ""}}, {"sent back", MetricCue{"forcibly_returned", ""}},
		{"returned", MetricCue{"forcibly_returned", ""}}, {"repatriat", MetricCue{"forcibly_returned", ""}},
		{"deport", MetricCue{"forcibly_returned", ""}}, {"expel", MetricCue{"forcibly_returned", ""}},
		{"expulsion", MetricCue{"forcibly_returned", ""}}, {"handed over", MetricCue{"forcibly_returned", ""}},
		{"handed back", MetricCue{"forcibly_returned", ""}}, {"refoul", MetricCue{"forcibly_returned", ""}},
		{"pushed back", MetricCue{"forcibly_returned", ""}}, {"pushback", MetricCue{"forcibly_returned", ""}},
		{"removed", MetricCue{"forcibly_returned", ""}}, {"returns", MetricCue{"forcibly_returned", ""}},
		{"imprison", MetricCue{"imprisoned", ""}}, {"jailed", MetricCue{"imprisoned", ""}}, {"sentenced", MetricCue{"imprisoned", ""}},
		{"prison camp", MetricCue{"imprisoned", ""}}, {"labour camp", MetricCue{"imprisoned", ""}}, {"labor camp", MetricCue{"imprisoned", ""}},
		{"died", MetricCue{"deaths", ""}}, {"killed", MetricCue{"deaths", ""}}, {"deaths", MetricCue{"deaths", ""}},
		{"drown", MetricCue{"deaths", ""}}, {"perish", MetricCue{"deaths", ""}}, {"lost their lives", MetricCue{"deaths", ""}},
		{"dead", MetricCue{"deaths", ""}}, {"bodies", MetricCue{"deaths", ""}},
	},
	Verbs:      []string{"are", "were", "was", "is", "have", "has", "had", "remain", "remained", "remains", "be", "been", "still", "who", "known", "had"},
	Compare:    []string{"a further", "another", "up from", "down from", "compared with", "compare with", "compared to", "against", "versus", "vs", "from"},
	Ratio:      []string{"in", "out of"},
	Particles:  []string{"hand", "hands", "handed", "handing", "turn", "turns", "turned", "turning", "take", "takes", "took", "taken", "taking", "pass", "passed", "passing", "watch", "watched"},
	Change:     []string{"more", "less", "fewer", "higher", "lower", "increase", "rise", "drop", "decrease", "up", "down", "growth"},
	Anaphors:   []string{"figure", "number", "total", "count", "tally"},
	Pronominal: []string{"no", "any", "every", "each", "the", "this", "that", "which", "another", "someone", "no-one"},
	Weekdays:   []string{"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"},
	Stock:      []string{"still", "remain", "remained", "remains", "currently", "as of", "now"},
	Subgroup:   []string{"among them", "among whom", "of whom", "of them", "of these", "of those", "including", "included", "include", "includes", "among those", "among the"},
	Months: map[string]int{
		"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
		"september": 9, "october": 10, "november": 11, "december": 12,
		"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
	},
	Before: []Phrase[NonCount]{
		{"article", NonRef}, {"articles", NonRef}, {"section", NonRef}, {"paragraph", NonRef}, {"chapter", NonRef},
		{"resolution", NonRef}, {"decree", NonRef}, {"law", NonRef}, {"no.", NonRef}, {"number", NonRef}, {"clause", NonRef},
		{"page", NonRef}, {"pages", NonRef}, {"flight", NonRef}, {"route", NonRef}, {"highway", NonRef}, {"case", NonRef},
		{"room", NonRef}, {"ward", NonRef}, {"camp", NonRef}, {"protocol", NonRef}, {"item", NonRef}, {"annex", NonRef},
		{"aged", NonAge}, {"age", NonAge}, {"ages", NonAge}, {"ages of", NonAge}, {"age of", NonAge}, {"under the age of", NonAge},
		{"$", NonMoney}, {"us$", NonMoney}, {"€", NonMoney}, {"£", NonMoney}, {"usd", NonMoney}, {"eur", NonMoney}, {"¥", NonMoney},
		{"+", NonPhone}, {"tel", NonPhone}, {"tel.", NonPhone}, {"phone", NonPhone}, {"call", NonPhone}, {"hotline", NonPhone},
		{"telephone", NonPhone}, {"fax", NonPhone}, {"whatsapp", NonPhone}, {"on +", NonPhone},
	},
	After: []Phrase[NonCount]{
		{"%", NonPercent}, {"percent", NonPercent}, {"per cent", NonPercent}, {"percentage points", NonPercent},
		{"dollars", NonMoney}, {"euros", NonMoney}, {"pounds", NonMoney}, {"usd", NonMoney}, {"eur", NonMoney}, {"yuan", NonMoney},
		{"won", NonMoney}, {"lira", NonMoney}, {"dinars", NonMoney}, {"rupees", NonMoney},
		{"million dollars", NonMoney}, {"million euros", NonMoney},
		{"years old", NonAge}, {"year old", NonAge}, {"-year-old", NonAge}, {"year-old", NonAge}, {"year-olds", NonAge},
		{"-year-olds", NonAge}, {"years of age", NonAge},
		{"years", NonDuration}, {"year", NonDuration}, {"months", NonDuration}, {"month", NonDuration}, {"weeks", NonDuration},
		{"week", NonDuration}, {"days", NonDuration}, {"day", NonDuration}, {"hours", NonDuration}, {"hour", NonDuration},
		{"minutes", NonDuration}, {"km", NonDuration}, {"kilometres", NonDuration}, {"kilometers", NonDuration},
		{"miles", NonDuration}, {"metres", NonDuration}, {"meters", NonDuration}, {"kg", NonDuration}, {"tonnes", NonDuration},
		{"times", NonDuration}, {"nights", NonDuration}, {"-day", NonDuration}, {"-month", NonDuration}, {"-week", NonDuration},
		{"-hour", NonDuration}, {"-year", NonDuration}, {"-page", NonRef}, {"pages", NonRef},
		{"organisations", NonRef}, {"organizations", NonRef}, {"countries", NonRef}, {"provinces", NonRef}, {"villages", NonRef},
		{"centres", NonRef}, {"centers", NonRef}, {"facilities", NonRef}, {"flights", NonRef}, {"boats", NonRef}, {"buses", NonRef},
		{"incidents", NonRef}, {"operations", NonRef}, {"raids", NonRef}, {"checkpoints", NonRef}, {"reports", NonRef},
	},
	Reached: []string{"rose to", "reached", "stood at", "totalled", "totaled", "climbed to", "increased to", "fell to", "numbered", "came to", "was", "were"},
	Countries: map[string]string{
		"china": "CN", "chinese": "CN", "beijing": "CN", "prc": "CN",
		"north korea": "KP", "north korean": "KP", "dprk": "KP", "pyongyang": "KP",
		"south korea": "KR", "south korean": "KR", "seoul": "KR",
		"russia": "RU", "russian": "RU", "moscow": "RU",
		"thailand": "TH", "thai": "TH", "laos": "LA", "lao": "LA", "vietnam": "VN", "vietnamese": "VN",
		"mongolia": "MN", "mongolian": "MN", "myanmar": "MM", "burma": "MM", "bangladesh": "BD", "bangladeshi": "BD",
		"turkey": "TR", "türkiye": "TR", "turkish": "TR", "ankara": "TR",
		"syria": "SY", "syrian": "SY", "damascus": "SY", "lebanon": "LB", "lebanese": "LB", "beirut": "LB",
		"jordan": "JO", "jordanian": "JO", "iraq": "IQ", "iraqi": "IQ", "iran": "IR", "iranian": "IR", "tehran": "IR",
		"afghanistan": "AF", "afghan": "AF", "kabul": "AF", "pakistan": "PK", "pakistani": "PK", "islamabad": "PK",
		"egypt": "EG", "egyptian": "EG", "cairo": "EG", "libya": "LY", "libyan": "LY", "tripoli": "LY",
		"tunisia": "TN", "tunisian": "TN", "algeria": "DZ", "algerian": "DZ", "morocco": "MA", "moroccan": "MA",
		"sudan": "SD", "sudanese": "SD", "eritrea": "ER", "eritrean": "ER", "ethiopia": "ET", "ethiopian": "ET",
		"somalia": "SO", "somali": "SO", "saudi arabia": "SA", "saudi": "SA", "yemen": "YE", "yemeni": "YE",
		"greece": "GR", "greek": "GR", "italy": "IT", "italian": "IT", "malta": "MT", "maltese": "MT",
		"spain": "ES", "spanish": "ES", "hungary": "HU", "hungarian": "HU", "poland": "PL", "polish": "PL",
		"belarus": "BY", "belarusian": "BY", "croatia": "HR", "croatian": "HR", "bulgaria": "BG", "bulgarian": "BG",
		"germany": "DE", "german": "DE", "france": "FR", "french": "FR", "united kingdom": "GB", "britain": "GB", "british": "GB",
		"united states": "US", "american": "US", "mexico": "MX", "mexican": "MX",
		"guatemala": "GT", "guatemalan": "GT", "honduras": "HN", "honduran": "HN", "el salvador": "SV", "salvadoran": "SV",
		"india": "IN", "indian": "IN", "nepal": "NP", "nepali": "NP", "malaysia": "MY", "malaysian": "MY",
		"indonesia": "ID", "indonesian": "ID", "australia": "AU", "australian": "AU", "cambodia": "KH", "cambodian": "KH",
		"uzbekistan": "UZ", "uzbek": "UZ", "kazakhstan": "KZ", "kazakh": "KZ", "tajikistan": "TJ", "tajik": "TJ",
		"ukraine": "UA", "ukrainian": "UA", "niger": "NE", "nigeria": "NG", "nigerian": "NG", "mali": "ML", "malian": "ML",
		"chad": "TD", "chadian": "TD", "kenya": "KE", "kenyan": "KE", "uganda": "UG", "ugandan": "UG",
		"rwanda": "RW", "rwandan": "RW", "congo": "CD", "congolese": "CD", "venezuela": "VE", "venezuelan": "VE",
		"colombia": "CO", "colombian": "CO", "haiti": "HT", "haitian": "HT", "dominican republic": "DO", "dominican": "DO",
		"cuba": "CU", "cuban": "CU", "sri lanka": "LK", "sri lankan": "LK", "philippines": "PH", "filipino": "PH",
		"rohingya": "MM", "uyghur": "CN", "tibetan": "CN", "kurdish": "IQ", "palestinian": "PS", "cyprus": "CY", "cypriot": "CY",
	},
	Demonyms: map[string]string{
		"north koreans": "KP", "south koreans": "KR", "chinese": "CN", "syrians": "SY", "afghans": "AF", "eritreans": "ER",
		"ethiopians": "ET", "somalis": "SO", "sudanese": "SD", "iraqis": "IQ", "iranians": "IR", "pakistanis": "PK",
		"rohingya": "MM", "uyghurs": "CN", "tibetans": "CN", "libyans": "LY", "tunisians": "TN", "algerians": "DZ",
		"moroccans": "MA", "egyptians": "EG", "yemenis": "YE", "bangladeshis": "BD", "nepalis": "NP", "vietnamese": "VN",
		"cambodians": "KH", "laotians": "LA", "burmese": "MM", "uzbeks": "UZ", "tajiks": "TJ", "kazakhs": "KZ",
		"ukrainians": "UA", "belarusians": "BY", "russians": "RU", "nigerians": "NG", "malians": "ML", "chadians": "TD",
		"congolese": "CD", "rwandans": "RW", "ugandans": "UG", "kenyans": "KE", "venezuelans": "VE", "colombians": "CO",
		"haitians": "HT", "cubans": "CU", "guatemalans": "GT", "hondurans": "HN", "salvadorans": "SV", "mexicans": "MX",
		"sri lankans": "LK", "filipinos": "PH", "palestinians": "PS", "kurds": "IQ", "lebanese": "LB", "jordanians": "JO",
		"turks": "TR", "thais": "TH", "mongolians": "MN",
	},
	ToWords: []string{"to", "into", "back to"},
	Periods: PeriodWords{
		In: []string{"in", "during", "throughout", "over"}, On: []string{"on"}, Since: []string{"since", "starting in", "starting from", "beginning in"},
		Between: []string{"between"}, From: []string{"from"}, To: []string{"to", "until", "through", "till", "-", "–", "—"},
		And: []string{"and"}, AsOf: []string{"as of", "as at", "by"},
		Early: []string{"early"}, Mid: []string{"mid", "mid-", "middle of"}, Late: []string{"late"},
		Last: []string{"last", "previous", "past"}, This: []string{"this"}, Past: []string{"past", "last"},
		Year: []string{"year", "years"}, Month: []string{"month", "months"}, Week: []string{"week", "weeks"},
		Today: []string{"today"}, Yesterday: []string{"yesterday"},
		Half: []string{"half"}, Quarter: []string{"quarter"},
		First: []string{"first"}, Second: []string{"second"}, Third: []string{"third"}, Fourth: []string{"fourth", "last"},
	},
}
