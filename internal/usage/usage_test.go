package usage_test

import (
	"sync"
	"testing"

	"github.com/evenhand/evenhand/internal/usage"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tmc/langchaingo/llms"
)

func response(infos ...map[string]any) *llms.ContentResponse {
	r := &llms.ContentResponse{}
	for _, info := range infos {
		r.Choices = append(r.Choices, &llms.ContentChoice{Content: "x", GenerationInfo: info})
	}
	return r
}

func TestTotalsAdd(t *testing.T) {
	t.Parallel()
	a := usage.Totals{Calls: 1, Retries: 2, PromptTokens: 3, CompletionTokens: 4, TotalTokens: 5}
	b := usage.Totals{Calls: 10, Retries: 20, PromptTokens: 30, CompletionTokens: 40, TotalTokens: 50}
	assert.Equal(t, usage.Totals{Calls: 11, Retries: 22, PromptTokens: 33, CompletionTokens: 44, TotalTokens: 55}, a.Add(b))
	assert.Equal(t, a, a.Add(usage.Totals{}), "adding zero changes nothing")
}

func TestRecord(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		resp *llms.ContentResponse
		want usage.Totals
	}{
		{"nil response (failed call)", nil, usage.Totals{Calls: 1}},
		{"no choices", &llms.ContentResponse{}, usage.Totals{Calls: 1}},
		{"nil choice", &llms.ContentResponse{Choices: []*llms.ContentChoice{nil}}, usage.Totals{Calls: 1}},
		{"no generation info", response(nil), usage.Totals{Calls: 1}},
		{"unrelated keys", response(map[string]any{"StopReason": "stop"}), usage.Totals{Calls: 1}},
		{
			"ints as openai fills them",
			response(map[string]any{"PromptTokens": 120, "CompletionTokens": 30, "TotalTokens": 150}),
			usage.Totals{Calls: 1, PromptTokens: 120, CompletionTokens: 30, TotalTokens: 150},
		},
		{
			"total missing is prompt plus completion",
			response(map[string]any{"PromptTokens": 7, "CompletionTokens": 5}),
			usage.Totals{Calls: 1, PromptTokens: 7, CompletionTokens: 5, TotalTokens: 12},
		},
		{
			"total reported differently is kept",
			response(map[string]any{"PromptTokens": 7, "CompletionTokens": 5, "TotalTokens": 20}),
			usage.Totals{Calls: 1, PromptTokens: 7, CompletionTokens: 5, TotalTokens: 20},
		},
		{
			"other numeric types",
			response(map[string]any{"PromptTokens": int64(9), "CompletionTokens": float64(4), "TotalTokens": int32(13)}),
			usage.Totals{Calls: 1, PromptTokens: 9, CompletionTokens: 4, TotalTokens: 13},
		},
		{
			"float32",
			response(map[string]any{"PromptTokens": float32(2), "CompletionTokens": float32(3)}),
			usage.Totals{Calls: 1, PromptTokens: 2, CompletionTokens: 3, TotalTokens: 5},
		},
		{
			"non-numbers are ignored",
			response(map[string]any{"PromptTokens": "120", "CompletionTokens": nil, "TotalTokens": []int{1}}),
			usage.Totals{Calls: 1},
		},
		{
			// Providers repeat the response's usage in every choice (llms.WithN): not summed.
			"several choices repeat one usage, still one call",
			response(map[string]any{"PromptTokens": 3, "CompletionTokens": 4, "TotalTokens": 7}, nil, map[string]any{"PromptTokens": 3, "CompletionTokens": 4, "TotalTokens": 7}),
			usage.Totals{Calls: 1, PromptTokens: 3, CompletionTokens: 4, TotalTokens: 7},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var c usage.Counter
			ctx := usage.WithStage(usage.WithCounter(t.Context(), &c), "judge")
			usage.Record(ctx, tt.resp)
			assert.Equal(t, map[string]usage.Totals{"judge": tt.want}, c.Stages())
			assert.Equal(t, tt.want, c.Sum())
		})
	}
}

func TestRecordWithoutCounter(t *testing.T) {
	t.Parallel()
	assert.NotPanics(t, func() {
		usage.Record(t.Context(), response(map[string]any{"PromptTokens": 1}))
		usage.Record(usage.WithStage(t.Context(), "x"), nil)
		usage.RecordRetry(t.Context(), 1, nil, 0)
	})
}

func TestPerStage(t *testing.T) {
	t.Parallel()
	var c usage.Counter
	ctx := usage.WithCounter(t.Context(), &c)
	gen := usage.WithStage(ctx, "generate")
	jud := usage.WithStage(ctx, "judge")

	usage.Record(gen, response(map[string]any{"PromptTokens": 100, "CompletionTokens": 200}))
	usage.Record(jud, response(map[string]any{"PromptTokens": 10, "CompletionTokens": 1}))
	usage.Record(jud, response(map[string]any{"PromptTokens": 10, "CompletionTokens": 1}))
	usage.RecordRetry(jud, 1, nil, 0)
	usage.Record(ctx, nil) // no stage named: counted under ""

	assert.Equal(t, map[string]usage.Totals{
		"generate": {Calls: 1, PromptTokens: 100, CompletionTokens: 200, TotalTokens: 300},
		"judge":    {Calls: 2, Retries: 1, PromptTokens: 20, CompletionTokens: 2, TotalTokens: 22},
		"":         {Calls: 1},
	}, c.Stages())
	assert.Equal(t, usage.Totals{Calls: 4, Retries: 1, PromptTokens: 120, CompletionTokens: 202, TotalTokens: 322}, c.Sum())
}

func TestStage(t *testing.T) {
	t.Parallel()
	assert.Equal(t, "", usage.Stage(t.Context()))
	ctx := usage.WithStage(t.Context(), "neutralize")
	assert.Equal(t, "neutralize", usage.Stage(ctx))
	assert.Equal(t, "judge", usage.Stage(usage.WithStage(ctx, "judge")), "the innermost stage wins")
}

func TestCounterZeroValue(t *testing.T) {
	t.Parallel()
	var c usage.Counter
	assert.Empty(t, c.Stages())
	assert.Equal(t, usage.Totals{}, c.Sum())
	c.Add("a", usage.Totals{Calls: 1})
	assert.Equal(t, map[string]usage.Totals{"a": {Calls: 1}}, c.Stages())
}

func TestStagesIsACopy(t *testing.T) {
	t.Parallel()
	var c usage.Counter
	c.Add("a", usage.Totals{Calls: 1})
	s := c.Stages()
	s["a"] = usage.Totals{Calls: 99}
	s["b"] = usage.Totals{Calls: 1}
	assert.Equal(t, map[string]usage.Totals{"a": {Calls: 1}}, c.Stages())
}

func TestOnAdd(t *testing.T) {
	t.Parallel()
	var c usage.Counter
	type added struct {
		stage string
		t     usage.Totals
	}
	var got []added
	c.OnAdd(func(stage string, t usage.Totals) {
		// Called outside the lock: reading the counter here must not deadlock.
		_ = c.Sum()
		got = append(got, added{stage, t})
	})
	ctx := usage.WithStage(usage.WithCounter(t.Context(), &c), "judge")
	usage.Record(ctx, response(map[string]any{"PromptTokens": 2, "CompletionTokens": 3}))
	usage.RecordRetry(ctx, 1, nil, 0)
	assert.Equal(t, []added{
		{"judge", usage.Totals{Calls: 1, PromptTokens: 2, CompletionTokens: 3, TotalTokens: 5}},
		{"judge", usage.Totals{Retries: 1}},
	}, got)
}

func TestConcurrentRecord(t *testing.T) {
	t.Parallel()
	var c usage.Counter
	ctx := usage.WithCounter(t.Context(), &c)
	const workers, each = 16, 50
	var wg sync.WaitGroup
	for w := range workers {
		stage := []string{"generate", "judge"}[w%2]
		wg.Go(func() {
			sctx := usage.WithStage(ctx, stage)
			for range each {
				usage.Record(sctx, response(map[string]any{"PromptTokens": 1, "CompletionTokens": 1}))
				_ = c.Stages()
			}
		})
	}
	wg.Wait()
	st := c.Stages()
	require.Len(t, st, 2)
	half := int64(workers / 2 * each)
	assert.Equal(t, usage.Totals{Calls: half, PromptTokens: half, CompletionTokens: half, TotalTokens: 2 * half}, st["generate"])
	assert.Equal(t, usage.Totals{Calls: half, PromptTokens: half, CompletionTokens: half, TotalTokens: 2 * half}, st["judge"])
}
