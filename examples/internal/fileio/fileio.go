// Package fileio holds file helpers shared by evenhand's example programs.
package fileio

import (
	"io"

	"github.com/evenhand/evenhand/examples/internal/cli"
)

// Write writes the file at path with write, atomically: the bytes go to a temporary file in the
// same folder, renamed into place only when write and the close succeed, so a failed run leaves
// an earlier file at path as it was. Errors name the path.
func Write(path string, write func(io.Writer) error) error { return cli.WriteFile(path, write) }
