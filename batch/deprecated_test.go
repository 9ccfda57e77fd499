package batch

import (
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestDeprecatedOptionNames: the names before the With rule configure the same Model.
func TestDeprecatedOptionNames(t *testing.T) {
	logger := slog.New(slog.DiscardHandler)
	var seen int
	onEvent := func(Event) { seen++ }
	a := New(nil, Dir("d"), Quiet(time.Second), Poll(2*time.Second, 3*time.Second), Attempts(4), MaxRequests(5),
		Detach(), OnEvent(onEvent), Logger(logger))
	b := New(nil, WithStateDir("d"), WithQuietPeriod(time.Second), WithPollInterval(2*time.Second, 3*time.Second),
		WithAttempts(4), WithMaxRequests(5), WithDetach(true), WithOnEvent(onEvent), WithLogger(logger))
	assert.Equal(t, []any{b.dir, b.quiet, b.pollMin, b.pollMax, b.attempts, b.maxReqs, b.detach, b.logger},
		[]any{a.dir, a.quiet, a.pollMin, a.pollMax, a.attempts, a.maxReqs, a.detach, a.logger})
	a.onEvent(Event{})
	assert.Equal(t, 1, seen)
	assert.False(t, New(nil, Detach(), WithDetach(false)).detach, "the last option wins")
}
