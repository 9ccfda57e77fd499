package progress_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/evenhand/evenhand"
	"github.com/evenhand/evenhand/examples/internal/progress"
	"github.com/evenhand/evenhand/llmx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseMode(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want progress.Mode
		err  bool
	}{
		{"", progress.Auto, false},
		{"auto", progress.Auto, false},
		{"BAR", progress.Bar, false},
		{"lines", progress.Lines, false},
		{"plain", progress.Lines, false},
		{"off", progress.Off, false},
		{"loud", progress.Auto, true},
	} {
		got, err := progress.ParseMode(tc.in)
		if tc.err {
			assert.Error(t, err, "ParseMode(%q)", tc.in)
			continue
		}
		require.NoError(t, err, "ParseMode(%q)", tc.in)
		assert.Equal(t, tc.want, got, "ParseMode(%q)", tc.in)
	}
}

func TestAutoIsLinesWithoutTerminal(t *testing.T) {
	var b bytes.Buffer
	d := progress.New(&b, progress.Auto, 3, "kept", 0)
	assert.Equal(t, progress.Lines, d.Mode(), "a bytes.Buffer is not a terminal")
}

func TestLinesEveryUpdate(t *testing.T) {
	var b bytes.Buffer
	d := progress.New(&b, progress.Lines, 4, "kept", -1)
	d.Run(evenhand.Progress{Wanted: 4, Attempts: 3, Kept: 1,
		Rejected: evenhand.Rejections{Consistent: 1, OutsideBand: 1},
		Usage:    llmx.Usage{Calls: 7, TotalTokens: 12345, Retries: 2},
		Elapsed:  1500 * time.Millisecond, Remaining: 4500 * time.Millisecond})
	d.Run(evenhand.Progress{Wanted: 4, Attempts: 6, Kept: 4, Usage: llmx.Usage{Calls: 20, TotalTokens: 999}, Elapsed: 3 * time.Second})
	d.Finish()
	d.Run(evenhand.Progress{Wanted: 4, Kept: 4}) // ignored after Finish
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	require.Len(t, lines, 2, "output:\n%s", b.String())
	assert.Equal(t, "progress: kept 1/4 (25%), tried 3, rejected 2 (1 consistent, 1 outside band), 7 calls, 12.3k tokens, 2 retries, elapsed 1.5s, about 4.5s left", lines[0])
	assert.Equal(t, "progress: kept 4/4 (100%), tried 6, 20 calls, 999 tokens, elapsed 3s", lines[1])
}

func TestLinesThrottledKeepsLast(t *testing.T) {
	var b bytes.Buffer
	d := progress.New(&b, progress.Lines, 10, "judged", time.Hour)
	for i := 1; i <= 10; i++ {
		d.Step(i, llmx.Usage{Calls: int64(2 * i)})
	}
	d.Finish()
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	require.Len(t, lines, 2, "the first update and the final status: %s", b.String())
	assert.True(t, strings.HasPrefix(lines[0], "progress: judged 1/10 (10%), 2 calls, 0 tokens, elapsed "), lines[0])
	assert.True(t, strings.HasPrefix(lines[1], "progress: judged 10/10 (100%), 20 calls, 0 tokens, elapsed "), lines[1])
	assert.NotContains(t, lines[1], "left", "nothing is left at the end")
}

func TestBarWritesAndFinishes(t *testing.T) {
	var b bytes.Buffer
	d := progress.New(&b, progress.Bar, 2, "kept", 0)
	d.Run(evenhand.Progress{Wanted: 2, Attempts: 1, Kept: 1, Elapsed: time.Second})
	d.Run(evenhand.Progress{Wanted: 2, Attempts: 2, Kept: 2, Elapsed: 2 * time.Second})
	d.Finish()
	out := b.String()
	assert.Contains(t, out, "(2/2")
	assert.Contains(t, out, "tried 2")
	assert.True(t, strings.HasSuffix(out, "\n"), "the bar ends its line: %q", out)
}

func TestOffPrintsNothing(t *testing.T) {
	var b bytes.Buffer
	d := progress.New(&b, progress.Off, 2, "kept", -1)
	d.Step(1, llmx.Usage{})
	d.Finish()
	assert.Empty(t, b.String())
}

func TestCount(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 950: "950", 1000: "1k", 12345: "12.3k", 4_560_000: "4.56M", 2_000_000: "2M"} {
		assert.Equal(t, want, progress.Count(n), "Count(%d)", n)
	}
}
