// Package testcorpus finds the shared capture corpus for tests: it is read
// in place from ../shared/corpus beside the repository, never copied in,
// and a test that needs it skips cleanly when it is absent (a plain clone).
package testcorpus

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the corpus subdirectory sub ("public", "f5") of
// ../shared/corpus next to the directory holding go.mod, or skips t.
func Dir(t testing.TB, sub string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("go.mod not found above the test directory")
		}
		dir = parent
	}
	c := filepath.Join(dir, "..", "shared", "corpus", sub)
	if _, err := os.Stat(c); err != nil {
		t.Skipf("corpus not present at %s", c)
	}
	return c
}
