//go:build tools

// This file pins modules that packages of this repository are about to use, so that
// parallel work does not race on go.mod. It is removed once they are imported for real.
package evenhand

import (
	_ "github.com/openai/openai-go/v3"
	_ "github.com/schollz/progressbar/v3"
	_ "github.com/stretchr/testify/assert"
	_ "github.com/tmc/langchaingo/llms/ollama"
	_ "github.com/tmc/langchaingo/llms/openai"
	_ "go.uber.org/goleak"
	_ "golang.org/x/exp/stats"
	_ "golang.org/x/sync/errgroup"
	_ "golang.org/x/time/rate"
)
