// Package checks shows how sourced figures fit together, says plainly where
// they do not, and keeps every total from counting a quantity twice.
//
// Reports about forced returns overlap: a total "since June 2016" contains
// the counts of its sub-periods, a stock ("still in custody") and a flow
// ("forced back") split one cohort, two organisations report one event with
// different numbers, and numbers come as "at least", "more than", "about" or
// "as many as". Those are exactly the points on which advocates are
// attacked, so the package answers them with arithmetic a reader can follow:
//
//   - Interval turns a qualified number into the range of true numbers it
//     allows (interval.go), so "at least 41" agrees with 41 and "about 50"
//     does not agree with 80.
//   - Relate says how two periods stand to each other — equal, nested,
//     adjacent, overlapping, disjoint — or that their precision leaves it
//     open (period.go); Cover says whether sub-periods tile a whole
//     (cover.go).
//   - Run produces one Result per relation found among the figures: parts
//     and whole, cohort, subgroups, shares (a percentage of another figure,
//     checked against it alone), derived figures and agreement between
//     sources, each ok, mismatch or cannot tell, with the arithmetic in words
//     and the keys of every figure involved; RunViews adds a mismatch for
//     each figure whose period ends after its source was published
//     (publication.go).
//   - Group merges corroborating reports into one reported quantity, and
//     Series and Total apply the no-double-counting Rule that charts and
//     headlines follow (corroboration.go, series.go); CohortRule.EachSplit is
//     the cohort rule the cohort check and the outcomes chart share, and
//     SubjectOf and Subject.People say which figures are about the same
//     thing (cohort.go, series.go): the unit is part of it, so figures of
//     different units are never compared or added. RunBySubject runs the
//     checks one subject at a time, fetching by key the few figures a
//     derived figure, a share or a subgroup names in other subjects
//     (bysubject.go), so a whole database is never held at once.
//   - Counting applies the same rule to a whole set of figures and says
//     of each whether a per-metric sum may include it, which reports are
//     one event and where the others are counted: the export's countable,
//     group and counted_in columns (countable.go).
//
// The package is pure: it takes domain values and returns domain values, with
// no store, no HTTP and no clock, so the /checks page, the JSON API and the
// `forcedreturns check` command all show the same results.
package checks
