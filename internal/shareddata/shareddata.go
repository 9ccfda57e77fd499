// Package shareddata finds the project's shared test data: the folder shared/data beside the
// repository root (walk up from the working directory to go.mod, then ../shared/data).
//
// It is for tests only. When the folder is absent a test is skipped, except under CI=true,
// where its absence is a failure.
package shareddata

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the shared data folder, or skips (fails under CI=true) t when there is none.
func Dir(tb testing.TB) string {
	tb.Helper()
	dir, err := find()
	if err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("shared test data not found: %v (CI=true requires it)", err)
		}
		tb.Skipf("shared test data not found: %v", err)
	}
	return dir
}

// Path returns the file rel inside the shared data folder (see [Dir]).
func Path(tb testing.TB, rel string) string {
	tb.Helper()
	p := filepath.Join(Dir(tb), filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("shared test data file missing: %v", err)
		}
		tb.Skipf("shared test data file missing: %v", err)
	}
	return p
}

func find() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			data := filepath.Join(d, "..", "shared", "data")
			if _, err := os.Stat(data); err != nil {
				return "", err
			}
			return filepath.Clean(data), nil
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", os.ErrNotExist
		}
		d = parent
	}
}
