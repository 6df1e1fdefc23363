package capture

import (
	"os"
	"path/filepath"
	"testing"
)

// corpusDir returns ../shared/corpus relative to the module root, skipping
// the test when it is absent.
func corpusDir(t testing.TB) string {
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
	c := filepath.Join(dir, "..", "shared", "corpus")
	if _, err := os.Stat(filepath.Join(c, "public")); err != nil {
		t.Skipf("corpus not present at %s", c)
	}
	return c
}
