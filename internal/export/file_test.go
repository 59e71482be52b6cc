package export

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteFileAtomic(t *testing.T) {
	boom := errors.New("the database went away")
	tests := []struct {
		name     string
		existing string // the file's content before, "" for none
		write    func(io.Writer) error
		wantErr  error
		want     string // the file's content after, "" for none
	}{
		{"new file", "", func(w io.Writer) error { _, err := io.WriteString(w, "a,b\n1,2\n"); return err }, nil, "a,b\n1,2\n"},
		{"replaces a file", "old", func(w io.Writer) error { _, err := io.WriteString(w, "new"); return err }, nil, "new"},
		{"a larger write than the buffer", "", func(w io.Writer) error {
			_, err := io.WriteString(w, strings.Repeat("x", 200<<10))
			return err
		}, nil, strings.Repeat("x", 200<<10)},
		{"failure leaves no file", "", func(w io.Writer) error {
			io.WriteString(w, strings.Repeat("half", 100<<10))
			return boom
		}, boom, ""},
		{"failure keeps the old file", "old", func(w io.Writer) error {
			io.WriteString(w, "half")
			return boom
		}, boom, "old"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "figures.csv")
			if tt.existing != "" {
				if err := os.WriteFile(path, []byte(tt.existing), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := WriteFileAtomic(path, tt.write); !errors.Is(err, tt.wantErr) {
				t.Fatalf("WriteFileAtomic: %v, want %v", err, tt.wantErr)
			}
			got, err := os.ReadFile(path)
			switch {
			case tt.want == "" && !errors.Is(err, os.ErrNotExist):
				t.Errorf("the file exists (%d bytes, %v), want none", len(got), err)
			case tt.want != "" && string(got) != tt.want:
				t.Errorf("the file holds %d bytes %.20q…, want %d bytes %.20q…", len(got), got, len(tt.want), tt.want)
			}
			if fi, err := os.Stat(path); err == nil && tt.wantErr == nil && fi.Mode().Perm() != 0o644 {
				t.Errorf("the export's mode is %v, want -rw-r--r-- (it is meant to be shared)", fi.Mode().Perm())
			}
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range entries {
				if e.Name() != "figures.csv" {
					t.Errorf("%s left in the directory", e.Name())
				}
			}
		})
	}
	t.Run("no such directory", func(t *testing.T) {
		err := WriteFileAtomic(filepath.Join(t.TempDir(), "missing", "f.csv"), func(io.Writer) error { return nil })
		if !errors.Is(err, os.ErrNotExist) {
			t.Errorf("WriteFileAtomic into a missing directory: %v, want ErrNotExist", err)
		}
	})
}
