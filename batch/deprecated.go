package batch

import (
	"log/slog"
	"time"
)

// The names below are the options' names before the module's configuration rule (every option
// constructor starts with With; see the root package's documentation). They forward to the new
// names and will be removed in a later release.

// Dir is [WithStateDir].
//
// Deprecated: use WithStateDir.
func Dir(dir string) Option { return WithStateDir(dir) }

// Quiet is [WithQuietPeriod].
//
// Deprecated: use WithQuietPeriod.
func Quiet(d time.Duration) Option { return WithQuietPeriod(d) }

// Poll is [WithPollInterval].
//
// Deprecated: use WithPollInterval.
func Poll(min, max time.Duration) Option { return WithPollInterval(min, max) }

// Attempts is [WithAttempts].
//
// Deprecated: use WithAttempts.
func Attempts(n int) Option { return WithAttempts(n) }

// MaxRequests is [WithMaxRequests].
//
// Deprecated: use WithMaxRequests.
func MaxRequests(n int) Option { return WithMaxRequests(n) }

// Detach is WithDetach(true).
//
// Deprecated: use WithDetach(true).
func Detach() Option { return WithDetach(true) }

// OnEvent is [WithOnEvent].
//
// Deprecated: use WithOnEvent.
func OnEvent(f func(Event)) Option { return WithOnEvent(f) }

// Logger is [WithLogger].
//
// Deprecated: use WithLogger.
func Logger(l *slog.Logger) Option { return WithLogger(l) }
