package progress_test

import (
	"sync"
	"testing"

	"github.com/evenhand/evenhand/examples/internal/demo"
	"github.com/evenhand/evenhand/examples/internal/progress"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tmc/langchaingo/llms"
)

func TestMeterCountsConcurrentCalls(t *testing.T) {
	m := progress.NewMeter(demo.New(1, 0))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			_, err := llms.GenerateFromSinglePrompt(t.Context(), m, "STANCE: what do you think of \"\"\"\nTom lied.\n\"\"\"")
			assert.NoError(t, err)
		})
	}
	wg.Wait()
	u := m.Usage()
	require.Equal(t, int64(8), u.Calls)
	assert.Positive(t, u.PromptTokens)
	assert.Positive(t, u.CompletionTokens)
	assert.GreaterOrEqual(t, u.TotalTokens, u.PromptTokens+u.CompletionTokens-1, "totals as the model reported them")
}
