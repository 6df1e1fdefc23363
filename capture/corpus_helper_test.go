package capture

import (
	"path/filepath"
	"testing"

	"github.com/hopaudit/hopaudit/internal/testcorpus"
)

// corpusDir returns ../shared/corpus relative to the module root, skipping
// the test when it is absent.
func corpusDir(t testing.TB) string {
	return filepath.Dir(testcorpus.Dir(t, "public"))
}
