package llmx

import "time"

// The names below are the options' names before the module's configuration rule (every option
// constructor starts with With; see the root package's documentation). They forward to the new
// names and will be removed in a later release.

// RetryAttempts is [WithAttempts].
//
// Deprecated: use WithAttempts.
func RetryAttempts(n int) RetryOption { return WithAttempts(n) }

// RetryBackoff is [WithBackoff].
//
// Deprecated: use WithBackoff.
func RetryBackoff(base, max time.Duration) RetryOption { return WithBackoff(base, max) }

// RetryAfterCap is [WithRetryAfterCap].
//
// Deprecated: use WithRetryAfterCap.
func RetryAfterCap(d time.Duration) RetryOption { return WithRetryAfterCap(d) }

// RetryTimeout is [WithCallTimeout].
//
// Deprecated: use WithCallTimeout.
func RetryTimeout(d time.Duration) RetryOption { return WithCallTimeout(d) }

// RetrySeed is [WithJitterSeed].
//
// Deprecated: use WithJitterSeed.
func RetrySeed(seed uint64) RetryOption { return WithJitterSeed(seed) }

// RetryIf is [WithRetryIf].
//
// Deprecated: use WithRetryIf.
func RetryIf(f func(err error) bool) RetryOption { return WithRetryIf(f) }

// OnRetry is [WithOnRetry].
//
// Deprecated: use WithOnRetry.
func OnRetry(f func(RetryEvent)) MeterOption { return WithOnRetry(f) }
