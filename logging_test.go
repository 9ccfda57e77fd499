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
	"github.com/evenhand/evenhand/dpo"
	"github.com/evenhand/evenhand/internal/llmtest"
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
			return "", &evenhand.StatusError{Status: 503, Message: "busy"}
		}
		if strings.Contains(prompt, "FEMALE STORY:") && call == 1 {
			return "no labels here", nil // one unreadable pair: a rejection
		}
		return llmtest.MethodReply(ctx, prompt, call)
	}}
	out := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(out, &slog.HandlerOptions{Level: slog.LevelDebug}))
	p := evenhand.New(m, evenhand.WithLogger(log), evenhand.WithRetry(evenhand.RetryBackoff(time.Millisecond, time.Millisecond)))
	st, err := p.Run(t.Context(), 1, func(dpo.Record) error { return nil })
	require.NoError(t, err)
	assert.Equal(t, int64(1), st.Usage.Retries)
	text := out.buf.String()
	assert.Contains(t, text, `level=INFO msg="evenhand: model call retried" stage=generate attempt=1`)
	assert.Contains(t, text, `level=INFO msg="evenhand: pair rejected" attempt=0 reason=unparsable`)
	assert.Contains(t, text, `level=DEBUG msg="evenhand: pair judged"`)
	assert.Contains(t, text, `level=DEBUG msg="evenhand: record emitted" id=0`)
}
