// Package cli holds what every evenhand example program does the same way: exit codes a script
// can trust, usage errors, outputs that appear only when a run succeeds, the rule for files that
// are not ours, and duplicate records.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

// Exit codes, the same in every program.
const (
	ExitOK    = 0 // success: every output was written
	ExitError = 1 // an error: nothing was written, or earlier files are left as they were
	ExitUsage = 2 // a bad flag, argument or combination: nothing was done
	ExitGate  = 3 // a gate failed: the run worked but its result breaks a limit the caller set
)

// ExitHelp is the paragraph each program's -h ends with; gate is what exit status 3 means for the
// program ("" when it has no gate).
func ExitHelp(gate string) string {
	s := "Exit status: 0 success; 1 error (no output is left half written: earlier files stay as they\n" +
		"were); 2 usage (a bad flag or argument; nothing was done)"
	if gate != "" {
		s += "; 3 " + gate
	}
	return s + "."
}

// UsageError is a bad flag, argument or combination of them: exit status 2.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }

// Unwrap returns e.Err.
func (e *UsageError) Unwrap() error { return e.Err }

// Usagef returns a *UsageError.
func Usagef(format string, args ...any) error {
	return &UsageError{Err: fmt.Errorf(format, args...)}
}

// GateError is a run whose result breaks a limit: exit status 3.
type GateError struct{ Err error }

func (e *GateError) Error() string { return e.Err.Error() }

// Unwrap returns e.Err.
func (e *GateError) Unwrap() error { return e.Err }

// Parse parses args with fs and refuses positional arguments; its errors are *UsageErrors, except
// flag.ErrHelp for -h.
func Parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &UsageError{Err: err}
	}
	if fs.NArg() > 0 {
		return Usagef("unexpected arguments %q (flags go before them; see -h)", fs.Args())
	}
	return nil
}

// Code returns the exit status for err and prints err, prefixed with the program's name, to stderr.
func Code(name string, err error, stderr io.Writer) int {
	var ue *UsageError
	var ge *GateError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return ExitOK
	case errors.As(err, &ge):
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return ExitGate
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "%s: %v (see -h)\n", name, err)
		return ExitUsage
	default:
		fmt.Fprintf(stderr, "%s: %v\n", name, err)
		return ExitError
	}
}

// Main runs a program's run function and exits with its status.
func Main(name string, run func() error) {
	os.Exit(Code(name, run(), os.Stderr))
}

// Exists reports whether path names a file holding at least one byte.
func Exists(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Size() > 0
}
