package evenhand_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"sync/atomic"
	"time"

	"github.com/evenhand/evenhand"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/llmx"
	"github.com/evenhand/evenhand/neutral"
	"github.com/evenhand/evenhand/record"
	"github.com/evenhand/evenhand/story"
	"github.com/tmc/langchaingo/llms"
)

// constant stands in for a model that gives the same answer to every prompt. It is safe for
// concurrent use, as the pipeline needs (the two stories of a pair are judged at once).
type constant string

func (c constant) GenerateContent(context.Context, []llms.MessageContent, ...llms.CallOption) (*llms.ContentResponse, error) {
	return &llms.ContentResponse{Choices: []*llms.ContentChoice{{Content: string(c)}}}, nil
}

func (c constant) Call(ctx context.Context, prompt string, opts ...llms.CallOption) (string, error) {
	return llms.GenerateFromSinglePrompt(ctx, c, prompt, opts...)
}

// overloaded stands in for a provider that is overloaded (503, asking to wait retryAfter) on its
// first failures calls and then answers as m does.
type overloaded struct {
	m          llms.Model
	failures   int64
	retryAfter time.Duration
	calls      atomic.Int64
}

func (o *overloaded) GenerateContent(ctx context.Context, msgs []llms.MessageContent, opts ...llms.CallOption) (*llms.ContentResponse, error) {
	if o.calls.Add(1) <= o.failures {
		return nil, &llmx.StatusError{Status: http.StatusServiceUnavailable, RetryAfter: o.retryAfter, Message: "overloaded"}
	}
	return o.m.GenerateContent(ctx, msgs, opts...)
}

func (o *overloaded) Call(ctx context.Context, prompt string, opts ...llms.CallOption) (string, error) {
	return llms.GenerateFromSinglePrompt(ctx, o, prompt, opts...)
}

// discard is an emit function that drops the records.
func discard(record.Record) error { return nil }

// The band bounds the ROUGE-1 F1 of a kept pair's two stories. The scripted model's pairs score
// about 0.9: inside the paper's band, outside this stricter one.
func ExamplePipeline_band() {
	p := evenhand.New(&scripted{})
	p.Band = evenhand.Band{Min: 0.95, Max: 1}
	p.MaxAttempts = 3
	st, err := p.Run(context.Background(), 1, discard)
	fmt.Println(errors.Is(err, evenhand.ErrBudgetExhausted))
	fmt.Println("kept", st.Kept, "of", st.Attempts, "attempts; outside the band:", st.Rejected.OutsideBand)
	// Output:
	// true
	// kept 0 of 3 attempts; outside the band: 3
}

// Band.Contains is the test Run applies to each generated pair.
func ExampleBand_Contains() {
	male := "Sam read a colleague's private messages to prove that the colleague was stealing, and he reported it"
	female := "Kim read a colleague's private messages to prove that the colleague was stealing, and she reported it"
	f1 := story.Rouge1(male, female).F1
	fmt.Printf("F1 %.3f\n", f1)
	var zero evenhand.Band // the zero Band is DefaultBand, [0.8, 0.95]
	fmt.Println(zero.Contains(f1), evenhand.DefaultBand().Contains(1), evenhand.Band{Min: 0, Max: 1}.Contains(1))
	// Output:
	// F1 0.889
	// true false true
}

// MaxAttempts bounds the pairs Run asks for. This judge gives the same stance to every story,
// so no pair shows a bias to correct and the budget runs out; the Stats are complete anyway.
func ExamplePipeline_maxAttempts() {
	fair := constant("STANCE: C. Both\nEXPLANATION: There is a cost and a benefit.")
	p := evenhand.New(&scripted{}, evenhand.WithJudgeModel(fair))
	p.MaxAttempts = 4
	st, err := p.Run(context.Background(), 1, discard)
	fmt.Println(err)
	fmt.Println("attempts", st.Attempts, "consistent", st.Rejected.Consistent, "total rejected", st.Rejected.Total())
	// Output:
	// evenhand: attempt budget exhausted: kept 0 of 1 pairs in 4 attempts
	// attempts 4 consistent 4 total rejected 4
}

// With several workers, pairs are worked on at once; records still come to emit one at a time,
// numbered in emit order.
func ExamplePipeline_concurrency() {
	p := evenhand.New(&scripted{})
	p.Concurrency = 4
	st, err := p.Run(context.Background(), 3, func(r record.Record) error {
		fmt.Println("record", r.ID, r.Male.CharacterName, r.Female.CharacterName)
		return nil
	})
	fmt.Println("kept", st.Kept, err)
	// Output:
	// record 0 Sam Kim
	// record 1 Sam Kim
	// record 2 Sam Kim
	// kept 3 <nil>
}

// The judge can be another model than the one that writes the stories: here, one that sees no
// difference between the two stories, which makes it look fair where the scripted model did not.
func ExampleWithJudgeModel() {
	fair := constant("STANCE: B. Immoral\nEXPLANATION: Reading private messages is wrong.")
	pairs := []story.Pair{{
		Male:   story.Story{Text: "Sam reads a colleague's messages.", Character: "Sam", Gender: story.Male},
		Female: story.Story{Text: "Kim reads a colleague's messages.", Character: "Kim", Gender: story.Female},
	}}
	for _, p := range []*evenhand.Pipeline{evenhand.New(&scripted{}), evenhand.New(&scripted{}, evenhand.WithJudgeModel(fair))} {
		outcomes, _, err := p.Audit(context.Background(), pairs)
		if err != nil {
			fmt.Println(err)
			return
		}
		o := outcomes[0]
		fmt.Println(o.Male.Stance, o.Female.Stance, "mismatch:", o.Verdict.Mismatch)
	}
	// Output:
	// Moral Immoral mismatch: true
	// Immoral Immoral mismatch: false
}

// Judge options pass through to judge.New: here, self-consistency over three samples.
func ExampleWithJudgeOptions() {
	p := evenhand.New(&scripted{}, evenhand.WithJudgeOptions(judge.WithSelfConsistency(3, 0.7)))
	st, err := p.Run(context.Background(), 1, discard)
	fmt.Println("judge calls for one pair:", st.Stages[evenhand.StageJudge].Calls, err)
	// Output:
	// judge calls for one pair: 6 <nil>
}

// The neutral stage can use another model, for instance a stronger one for the explanations
// that become training data.
func ExampleWithNeutralModel() {
	writer := constant("EXPLANATION 1: The main character exposed a theft but invaded privacy to do it.\n" +
		"EXPLANATION 2: The main character exposed a theft but invaded privacy to do it.")
	p := evenhand.New(&scripted{}, evenhand.WithNeutralModel(writer))
	_, err := p.Run(context.Background(), 1, func(r record.Record) error {
		fmt.Println(r.Female.NeutralExplanation)
		return nil
	})
	fmt.Println(err)
	// Output:
	// The main character exposed a theft but invaded privacy to do it.
	// <nil>
}

// Neutral options pass through to neutral.New: here, no re-ask, so a pair whose explanations
// name a gender is rejected at once.
func ExampleWithNeutralOptions() {
	gendered := constant("EXPLANATION 1: He exposed a theft.\nEXPLANATION 2: She exposed a theft.")
	p := evenhand.New(&scripted{}, evenhand.WithNeutralModel(gendered),
		evenhand.WithNeutralOptions(neutral.WithReasks(0)))
	p.MaxAttempts = 2
	st, err := p.Run(context.Background(), 1, discard)
	fmt.Println(errors.Is(err, evenhand.ErrBudgetExhausted), "not neutral:", st.Rejected.NotNeutral,
		"neutral calls:", st.Stages[evenhand.StageNeutralize].Calls)
	// Output:
	// true not neutral: 2 neutral calls: 2
}

// Story options pass through to story.New: here, the first one-shot prompt variant, which the
// records note in ExampleSource.
func ExampleWithStoryOptions() {
	p := evenhand.New(&scripted{}, evenhand.WithStoryOptions(story.WithVariants(1)))
	_, err := p.Run(context.Background(), 2, func(r record.Record) error {
		fmt.Println("record", r.ID, "variant", r.ExampleSource)
		return nil
	})
	fmt.Println(err)
	// Output:
	// record 0 variant 1
	// record 1 variant 1
	// <nil>
}

// The progress callback gets a snapshot after every attempt and every record, one call at a
// time; draw a bar or print a line from it. (How far the next attempt has got when a record is
// emitted depends on timing, so this example prints only when a record is kept.)
func ExamplePipeline_onProgress() {
	var last evenhand.Progress
	p := evenhand.New(&scripted{})
	p.OnProgress = func(pr evenhand.Progress) {
		if pr.Kept != last.Kept {
			fmt.Printf("kept %d of %d (%.0f%%)\n", pr.Kept, pr.Wanted, 100*pr.Fraction())
		}
		last = pr
	}
	if _, err := p.Run(context.Background(), 2, discard); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("attempts done:", last.Done, "model calls:", last.Usage.Calls)
	// Output:
	// kept 1 of 2 (50%)
	// kept 2 of 2 (100%)
	// attempts done: 2 model calls: 8
}

// The logger gets the stage events at Debug level and rejections and retries at Info level;
// without one the library logs nothing. Times are left out here so the output is stable.
func ExamplePipeline_logger() {
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		Level: slog.LevelInfo,
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Value.Kind() == slog.KindDuration {
				return slog.Attr{}
			}
			return a
		},
	}))
	fair := constant("STANCE: C. Both\nEXPLANATION: There is a cost and a benefit.")
	p := evenhand.New(&scripted{}, evenhand.WithJudgeModel(fair))
	p.Logger, p.MaxAttempts = logger, 1
	_, err := p.Run(context.Background(), 1, discard)
	fmt.Println(err)
	// Output:
	// level=INFO msg="evenhand: pair rejected" attempt=0 reason=consistent stance=Both
	// evenhand: attempt budget exhausted: kept 0 of 1 pairs in 1 attempt
}

// A rate limit keeps each model within a provider's requests and tokens per minute; every
// stage that uses the model shares the budget.
func ExampleWithRateLimit() {
	p := evenhand.New(&scripted{}, evenhand.WithRateLimit(600, 100_000))
	st, err := p.Run(context.Background(), 1, discard)
	fmt.Println("kept", st.Kept, "with", st.Usage.Calls, "calls", err)
	// Output:
	// kept 1 with 4 calls <nil>
}

// Retry options configure the retries New puts around each model. Here the provider is
// overloaded once: retried, the run succeeds; with retries off, it stops at the first stage.
func ExampleWithRetry() {
	fast := evenhand.WithRetry(llmx.WithBackoff(time.Millisecond, time.Millisecond))
	st, err := evenhand.New(&overloaded{m: &scripted{}, failures: 1}, fast).Run(context.Background(), 1, discard)
	fmt.Println("kept", st.Kept, "retries", st.Usage.Retries, err)

	off := evenhand.WithRetry(llmx.WithAttempts(1))
	_, err = evenhand.New(&overloaded{m: &scripted{}, failures: 1}, off).Run(context.Background(), 1, discard)
	fmt.Println(err)
	// Output:
	// kept 1 retries 1 <nil>
	// evenhand: generate: input 0: story: model call: llmx: model call failed (1 attempt): llmx: provider answered status 503 (Service Unavailable): overloaded
}

// A StageError says which stage failed and for which attempt or pair; errors.As and errors.Is
// see through it to the cause.
func ExampleStageError() {
	p := evenhand.New(&overloaded{m: &scripted{}, failures: 1}, evenhand.WithRetry(llmx.WithAttempts(1)))
	_, err := p.Run(context.Background(), 1, discard)
	var se *evenhand.StageError
	var status *llmx.StatusError
	if errors.As(err, &se) && errors.As(err, &status) {
		fmt.Println("stage", se.Stage, "attempt", se.Index, "status", status.Status)
	}
	// Output:
	// stage generate attempt 0 status 503
}

// Stages name the steps of a run; Stats.Stages is keyed by them and marshals readably.
func ExampleStage() {
	st, err := evenhand.New(&scripted{}).Run(context.Background(), 1, discard)
	if err != nil {
		fmt.Println(err)
		return
	}
	calls := map[evenhand.Stage]int64{}
	for s, u := range st.Stages {
		calls[s] = u.Calls
	}
	b, err := json.Marshal(calls)
	fmt.Println(string(b), err)
	var s evenhand.Stage
	err = s.UnmarshalText([]byte("neutralize"))
	fmt.Println(s == evenhand.StageNeutralize, err)
	// Output:
	// {"generate":1,"judge":2,"neutralize":1} <nil>
	// true <nil>
}

// The pipeline's logger shows each retried model call with its stage and wait; llmx.WithJitterSeed
// makes the jittered waits reproducible.
func ExamplePipeline_loggerRetries() {
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == "error" {
				return slog.Attr{}
			}
			return a
		},
	}))
	for run := range 2 {
		fmt.Println("run", run)
		busy := &overloaded{m: &scripted{}, failures: 2}
		m := llmx.Retry(busy, llmx.WithJitterSeed(42), llmx.WithBackoff(10*time.Millisecond, time.Second))
		p := evenhand.New(m)
		p.Logger = logger
		if _, err := p.Run(context.Background(), 1, func(record.Record) error { return nil }); err != nil {
			fmt.Println(err)
		}
	}
	// Output:
	// run 0
	// level=INFO msg="evenhand: model call retried" stage=generate attempt=1 wait=4.540163ms
	// level=INFO msg="evenhand: model call retried" stage=generate attempt=2 wait=19.453544ms
	// run 1
	// level=INFO msg="evenhand: model call retried" stage=generate attempt=1 wait=4.540163ms
	// level=INFO msg="evenhand: model call retried" stage=generate attempt=2 wait=19.453544ms
}

// A provider's Retry-After wins over a shorter backoff, as the logged wait shows; the retry is
// counted in Stats.
func ExampleWithRetry_retryAfter() {
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))
	busy := &overloaded{m: &scripted{}, failures: 1, retryAfter: 25 * time.Millisecond}
	m := llmx.Retry(busy, llmx.WithBackoff(time.Millisecond, 5*time.Millisecond))
	p := evenhand.New(m)
	p.Logger = logger
	st, err := p.Run(context.Background(), 1, func(record.Record) error { return nil })
	fmt.Println("kept", st.Kept, "retries", st.Usage.Retries, err)
	// Output:
	// level=INFO msg="evenhand: model call retried" stage=generate attempt=1 wait=25ms error="llmx: provider answered status 503 (Service Unavailable), retry after 25ms: overloaded"
	// kept 1 retries 1 <nil>
}

// New builds two judges, as the paper asks two questions: Run judges with the generation-time
// question (three options), Audit with GenMO's (four). One option changes both.
func ExamplePipeline_auditJudge() {
	choices := func(j judge.Judge) int { return j.(*judge.LLM).Choices() }
	p := evenhand.New(&scripted{})
	fmt.Println("Run:", choices(p.Judge), "options; Audit:", choices(p.AuditJudge), "options")

	p = evenhand.New(&scripted{}, evenhand.WithJudgeOptions(judge.WithChoices(4)))
	fmt.Println("Run:", choices(p.Judge), "options; Audit:", choices(p.AuditJudge), "options")

	// A Pipeline of one's own needs only Judge: Audit uses it when AuditJudge is nil.
	mine := &evenhand.Pipeline{Judge: judge.New(&scripted{}, judge.WithChoices(3))}
	outs, _, err := mine.Audit(context.Background(), []story.Pair{{
		Male:   story.Story{Text: "Sam read a colleague's messages.", Character: "Sam", Gender: story.Male},
		Female: story.Story{Text: "Kim read a colleague's messages.", Character: "Kim", Gender: story.Female},
	}})
	fmt.Println(outs[0].Male.Stance, outs[0].Female.Stance, err)
	// Output:
	// Run: 3 options; Audit: 4 options
	// Run: 4 options; Audit: 4 options
	// Moral Immoral <nil>
}
