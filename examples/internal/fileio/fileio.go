// Package fileio holds file helpers shared by evenhand's example programs.
package fileio

import (
	"fmt"
	"io"
	"os"
)

// Write creates path and writes it with write, closing it and reporting the first error of
// either, with the path.
func Write(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
