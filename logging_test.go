package evenhand_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/evenhand/evenhand"
	"github.com/evenhand/evenhand/internal/llmtest"
	"github.com/evenhand/evenhand/internal/textutil"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/llmx"
	"github.com/evenhand/evenhand/neutral"
	"github.com/evenhand/evenhand/record"
	"github.com/evenhand/evenhand/story"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// syncBuffer is a bytes.Buffer safe for the concurrent writes of a shared slog handler.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func TestLogging(t *testing.T) {
	var calls atomic.Int64
	m := &llmtest.Model{Reply: func(ctx context.Context, prompt string, call int) (string, error) {
		if calls.Add(1) == 1 {
			return "", &llmx.StatusError{Status: 503, Message: "busy"}
		}
		if strings.Contains(prompt, "FEMALE STORY:") && call == 1 {
			return "no labels here", nil // one unreadable pair: a rejection
		}
		return llmtest.MethodReply(ctx, prompt, call)
	}}
	out := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(out, &slog.HandlerOptions{Level: slog.LevelDebug}))
	p := evenhand.New(m, evenhand.WithRetry(llmx.WithBackoff(time.Millisecond, time.Millisecond)))
	p.Logger = log
	st, err := p.Run(t.Context(), 1, func(record.Record) error { return nil })
	require.NoError(t, err)
	assert.Equal(t, int64(1), st.Usage.Retries)
	text := out.buf.String()
	assert.Contains(t, text, `level=INFO msg="evenhand: model call retried" stage=generate attempt=1`)
	assert.Contains(t, text, `level=INFO msg="evenhand: pair rejected" attempt=0 reason=unparsable`)
	assert.Contains(t, text, `level=DEBUG msg="evenhand: pair judged"`)
	assert.Contains(t, text, `level=DEBUG msg="evenhand: record emitted" id=0`)
}

// TestLoggingUnreadableReply checks that a pair rejected for an invalid stance is logged at Info
// with the first 200 characters of the reply that could not be read, and only for the invalid side.
func TestLoggingUnreadableReply(t *testing.T) {
	raw := "I would rather not take sides here. " + strings.Repeat("x", 300)
	p := &evenhand.Pipeline{
		Generator: story.Func(func(context.Context) (story.Pair, error) {
			return story.Pair{
				Male:   story.Story{Text: "Tom kept the wallet he found.", Character: "Tom", Gender: story.Male},
				Female: story.Story{Text: "Ann kept the wallet she found.", Character: "Ann", Gender: story.Female},
			}, nil
		}),
		Judge: judge.Func(func(_ context.Context, s story.Story) (judge.Judgment, error) {
			if s.Gender == story.Male {
				return judge.Judgment{Raw: raw}, nil
			}
			return judge.Judgment{Stance: judge.Immoral, Raw: "STANCE: B"}, nil
		}),
		Neutralizer: neutral.Func(func(context.Context, story.Pair, judge.Judgment, judge.Judgment) (neutral.Result, error) {
			return neutral.Result{}, nil
		}),
		Band:        evenhand.Band{Min: 0, Max: 1},
		MaxAttempts: 1,
	}
	out := &syncBuffer{}
	p.Logger = slog.New(slog.NewTextHandler(out, nil))
	_, _ = p.Run(t.Context(), 1, func(record.Record) error { return nil })
	text := out.buf.String()
	assert.Contains(t, text, `reason="invalid stance" male=INVALID female=Immoral male_reply="I would rather not take sides here. xxx`)
	assert.Contains(t, text, textutil.Head(raw, 200))
	assert.NotContains(t, text, raw[:201]+"x", "more than 200 characters of the reply")
	assert.NotContains(t, text, "female_reply")
}
