package models

import "time"

// Entity types a revision can record.
const (
	EntitySource = "source"
	EntityFigure = "figure"
	EntityMetric = "metric"
)

// Actions a revision records.
const (
	ActionCreate  = "create"
	ActionUpdate  = "update"
	ActionRetract = "retract"
	ActionRestore = "restore"
)

// Revision is one append-only entry of an entity's history: the full
// snapshot after the change, who made it, when and why.
type Revision struct {
	ID         int64     `gorm:"column:id;primaryKey" json:"-"`
	EntityType string    `gorm:"column:entity_type" json:"entity_type"`
	EntityID   int64     `gorm:"column:entity_id" json:"-"`
	EntityKey  string    `gorm:"column:entity_key" json:"entity_id"`
	Version    int       `gorm:"column:version" json:"version"`
	Action     string    `gorm:"column:action" json:"action"`
	Snapshot   string    `gorm:"column:snapshot" json:"snapshot"`
	Editor     string    `gorm:"column:editor" json:"editor"`
	Reason     string    `gorm:"column:reason" json:"reason"`
	CreatedAt  time.Time `gorm:"column:created_at" json:"created_at"`
}

// TableName is the revisions table.
func (Revision) TableName() string { return "revisions" }
