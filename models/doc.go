// Package models holds the domain of the Forced Returns Tracker: sources,
// metrics, sourced figures and their revisions, with the validation rules
// that every layer (import, forms, API) shares. It performs no I/O and does
// not import GORM; struct tags only describe column names.
package models
