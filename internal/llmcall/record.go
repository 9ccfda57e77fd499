package llmcall

import (
	"context"

	"github.com/evenhand/evenhand/internal/usage"
	"github.com/tmc/langchaingo/llms"
)

func record(ctx context.Context, resp *llms.ContentResponse) { usage.Record(ctx, resp) }
