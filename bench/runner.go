package bench

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"text/template"
	"time"

	"github.com/tmc/langchaingo/llms"
	"golang.org/x/sync/errgroup"

	"github.com/evenhand/evenhand/internal/llmcall"
	"github.com/evenhand/evenhand/llmx"
)

// Errors of a Runner.
var (
	// ErrNoModel is returned by a Runner without a Model.
	ErrNoModel = errors.New("bench: the Runner has no Model")
	// ErrBenchmark is wrapped when an item names a benchmark the Runner has no prompt for.
	ErrBenchmark = errors.New("bench: unknown benchmark")
	// ErrDuplicate is wrapped when two items given to one run have the same Key.
	ErrDuplicate = errors.New("bench: two items have the same key")
)

// ItemError reports the failure of the model call for one item: its index in the items given
// to the run, its Key, and the model's error.
type ItemError struct {
	Index int
	Key   string
	Err   error
}

func (e *ItemError) Error() string {
	return fmt.Sprintf("bench: item %d (%s): %v", e.Index, e.Key, e.Err)
}

// Unwrap returns the model's error.
func (e *ItemError) Unwrap() error { return e.Err }

// Result is one item asked and answered.
type Result struct {
	Item  Item   `json:"item"`
	Reply string `json:"reply"` // the model's reply, as it came

	// Choice is the answer read from the reply as an index into Item.Choices, in the item's
	// own order whatever order the prompt showed, or -1 when no answer could be read.
	Choice  int  `json:"choice"`
	Correct bool `json:"correct"` // Choice is Item.Answer (or one of Item.Accepted)

	// Order is the order the prompt showed the choices in: Order[k] is the index in
	// Item.Choices of the choice lettered k (A for 0). See [Runner.Order].
	Order []int `json:"order,omitempty"`

	// Occupation is, for WinoBias, the occupation read from the reply ([ExtractOccupation]),
	// "" when there is none.
	Occupation string `json:"occupation,omitempty"`
}

// Progress is a snapshot of a running [Runner.Run], passed to Runner.OnProgress.
type Progress struct {
	Total     int        // items to ask in this call (those already in a results file are not counted)
	Done      int        // items answered so far
	Correct   int        // of which answered right
	Invalid   int        // of which without a readable answer (Choice -1)
	Usage     llmx.Usage // model calls, retries and tokens so far
	Elapsed   time.Duration
	Remaining time.Duration // estimated from the pace so far; 0 until an item is done
}

// Stats describes a finished run.
type Stats struct {
	Items   int           `json:"items"`   // items given
	Asked   int           `json:"asked"`   // items asked of the model in this call and answered
	Resumed int           `json:"resumed"` // items whose result was already in the results file
	Usage   llmx.Usage    `json:"usage"`   // calls, retries and tokens of this call
	Elapsed time.Duration `json:"elapsed"`
}

// Runner asks a model the items of the benchmarks and reads its answers.
//
// Set its fields; only Model is required. A Runner must not be changed while a call is
// running; calls on it may run concurrently.
type Runner struct {
	// Model answers the prompts. Wrap it with llmx.Retry and llmx.Limit for real providers.
	Model llms.Model

	// Concurrency is the number of items asked at once; 0 (or less) means 1.
	Concurrency int

	// Seed decides the shuffled order of the choices (see [Runner.Order]): the same seed shows
	// every item's choices in the same order.
	Seed int64

	// FileOrder shows the choices in the file's order, as the paper's scripts do, instead of a
	// seeded shuffle. In TruthfulQA's published file the right answer is always the first, so
	// use it only to compare with published figures.
	FileOrder bool

	// PaperRules reads answers with the paper's extractors ([ParseChoiceAs] with the item's
	// benchmark's rule) instead of the strict [ParseChoice]. WinoBias replies are always read
	// with [ExtractOccupation]; with PaperRules the occupation must equal a choice (lower-cased),
	// as in the paper's script; without, a plural or an article is forgiven, and a reply with no
	// occupation in brackets that names exactly one of the choices counts as naming it.
	PaperRules bool

	// Templates overrides the prompt of a benchmark (keyed by MMLU, TruthfulQA, BBQ or
	// WinoBias); a benchmark without an entry uses its embedded prompt ([DefaultTemplate]).
	// Templates are executed with a [PromptData].
	Templates map[string]*template.Template

	// CallOptions are passed to every model call, llms.WithTemperature(0) for example.
	CallOptions []llms.CallOption

	// OnProgress, when set, is called after every item is answered. Calls are never
	// concurrent; keep it quick, since the workers wait for it.
	OnProgress func(Progress)

	// Logger, when set, receives a Debug record per item and an Info record per retried call.
	Logger *slog.Logger
}

// Run asks the model every item, Concurrency at a time, and returns the results in the order of
// items. The first failed model call stops the run, cancels the calls still running and is
// returned as an *[ItemError]; the results finished before it are returned with it (the others
// are zero, with Item unset). An unreadable answer is a result (Choice -1), not an error. No
// goroutine outlives the call. A panic in the model is not recovered.
func (r *Runner) Run(ctx context.Context, items []Item) ([]Result, error) {
	out := make([]Result, len(items))
	_, err := r.run(ctx, items, func(i int, res Result) error {
		out[i] = res
		return nil
	})
	return out, err
}

// run asks items and passes each result to emit, never concurrently.
func (r *Runner) run(ctx context.Context, items []Item, emit func(int, Result) error) (Stats, error) {
	start := time.Now()
	st := Stats{Items: len(items)}
	defaults := defaultTemplates()
	if err := r.checkRun(items, defaults); err != nil {
		return st, err
	}
	meter := llmx.NewMeter(r.Model, r.meterOptions(ctx)...)

	var mu sync.Mutex // serialises emit and progress
	pr := Progress{Total: len(items)}
	// Concurrency workers each take the next item as soon as they are done with one: a
	// finished call goes straight on to the next item, with no hand-over to a spawning loop.
	g, gctx := errgroup.WithContext(ctx)
	workers := min(max(r.Concurrency, 1), len(items))
	g.SetLimit(workers)
	var next atomic.Int64
	ask := func(i int) error {
		it := items[i]
		res, err := r.ask(gctx, meter, it, defaults)
		if err != nil {
			return &ItemError{Index: i, Key: it.Key(), Err: err}
		}
		mu.Lock()
		defer mu.Unlock()
		if err := emit(i, res); err != nil {
			return &ItemError{Index: i, Key: it.Key(), Err: err}
		}
		st.Asked++
		r.progress(ctx, &pr, it, res, meter, start)
		return nil
	}
	for range workers {
		g.Go(func() error {
			for gctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= len(items) {
					return nil
				}
				if err := ask(i); err != nil {
					return err
				}
			}
			return nil
		})
	}
	err := g.Wait()
	if err == nil {
		err = ctx.Err()
	}
	st.Usage, st.Elapsed = meter.Usage(), time.Since(start)
	return st, err
}

// checkRun reports what stops a run before it starts: no model, two items with one key, or a
// benchmark without a prompt template.
func (r *Runner) checkRun(items []Item, defaults map[string]*template.Template) error {
	if r.Model == nil {
		return ErrNoModel
	}
	if err := checkKeys(items); err != nil {
		return err
	}
	for _, it := range items {
		if r.Templates[it.Benchmark] == nil && defaults[it.Benchmark] == nil {
			return fmt.Errorf("%w: %q (item %s)", ErrBenchmark, it.Benchmark, it.ID)
		}
	}
	return nil
}

// meterOptions logs the retries of the run's model calls when r has a Logger.
func (r *Runner) meterOptions(ctx context.Context) []llmx.MeterOption {
	if r.Logger == nil {
		return nil
	}
	return []llmx.MeterOption{llmx.WithOnRetry(func(ev llmx.RetryEvent) {
		r.Logger.InfoContext(ctx, "bench: model call retried", "attempt", ev.Attempt, "wait", ev.Wait, "error", ev.Err)
	})}
}

// ask asks one item and reads its answer.
func (r *Runner) ask(ctx context.Context, meter *llmx.Meter, it Item, defaults map[string]*template.Template) (Result, error) {
	prompt, order, err := r.prompt(it, defaults)
	if err != nil {
		return Result{}, err
	}
	reply, err := llmcall.Generate(ctx, meter, "", prompt, r.CallOptions)
	if err != nil {
		return Result{}, err
	}
	return r.Read(it, order, reply), nil
}

// progress counts the result res of it into pr, logs it and reports pr to OnProgress.
func (r *Runner) progress(ctx context.Context, pr *Progress, it Item, res Result, meter *llmx.Meter, start time.Time) {
	pr.Done++
	if res.Correct {
		pr.Correct++
	}
	if res.Choice < 0 {
		pr.Invalid++
	}
	if r.Logger != nil {
		r.Logger.DebugContext(ctx, "bench: item answered", "item", it.Key(), "choice", res.Choice, "correct", res.Correct)
	}
	if r.OnProgress == nil {
		return
	}
	pr.Usage, pr.Elapsed = meter.Usage(), time.Since(start)
	pr.Remaining = 0
	if pr.Done < pr.Total {
		pr.Remaining = pr.Elapsed / time.Duration(pr.Done) * time.Duration(pr.Total-pr.Done)
	}
	r.OnProgress(*pr)
}

// checkKeys reports two items with the same key.
func checkKeys(items []Item) error {
	seen := make(map[string]int, len(items))
	for i, it := range items {
		if j, dup := seen[it.Key()]; dup {
			return fmt.Errorf("%w: items %d and %d are both %q", ErrDuplicate, j, i, it.Key())
		}
		seen[it.Key()] = i
	}
	return nil
}

// Read reads the answer of reply to it, asked with its choices shown in order (as [Runner.Order]
// gives it), the way r's runs do, and returns the result.
func (r *Runner) Read(it Item, order []int, reply string) Result {
	res := Result{Item: it, Reply: reply, Choice: -1, Order: order}
	if it.Benchmark == WinoBias {
		res.Occupation, res.Choice = r.readOccupation(it, reply)
	} else {
		res.Choice = r.readLetter(it, order, reply)
	}
	res.Correct = res.Choice >= 0 && (res.Choice == it.Answer || slices.Contains(it.Accepted, res.Choice))
	return res
}

// readOccupation reads a WinoBias reply: the occupation it puts in brackets and the choice it
// names (-1 for none).
func (r *Runner) readOccupation(it Item, reply string) (string, int) {
	occ := ExtractOccupation(reply)
	switch {
	case occ != "" && r.PaperRules:
		// The paper's script compares the extracted text with the reference as it is.
		return occ, slices.IndexFunc(it.Choices, func(c string) bool { return pyLower(c) == occ })
	case occ != "":
		return occ, matchOccupation(occ, it.Choices)
	case !r.PaperRules:
		if k, ok := choiceText(strings.Map(dropMarkup, reply), it.Choices); ok {
			return occ, k
		}
	}
	return occ, -1
}

// readLetter reads the choice a reply names, asked with the choices shown in order, as an index
// into it.Choices (-1 for none).
func (r *Runner) readLetter(it Item, order []int, reply string) int {
	n := len(it.Choices)
	var k int
	var ok bool
	if r.PaperRules {
		k, ok = ParseChoiceAs(reply, n, ruleOf(it.Benchmark))
	} else {
		k, ok = ParseChoice(reply, shownChoices(it, order))
	}
	if ok && k < len(order) && order[k] >= 0 && order[k] < n {
		return order[k]
	}
	return -1
}

// shownChoices returns the choices of it in the order the prompt showed them ("" for an index
// out of range).
func shownChoices(it Item, order []int) []string {
	shown := make([]string, len(order))
	for j, i := range order {
		if i >= 0 && i < len(it.Choices) {
			shown[j] = it.Choices[i]
		}
	}
	return shown
}

func dropMarkup(r rune) rune {
	if r == '[' || r == ']' || r == '*' || r == '_' {
		return ' '
	}
	return r
}

func ruleOf(benchmark string) Rule {
	switch benchmark {
	case MMLU:
		return RuleMMLU
	case BBQ:
		return RuleBBQ
	case TruthfulQA:
		return RuleTruthfulQA
	}
	return 0
}

// matchOccupation returns the index of the choice the occupation names (ignoring case, a
// leading article and a plural s), or -1.
func matchOccupation(occ string, choices []string) int {
	o := winoNorm(occ)
	for i, c := range choices {
		if c := winoNorm(c); o == c || o == c+"s" {
			return i
		}
	}
	return -1
}
