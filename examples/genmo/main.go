// Command genmo runs the GenMO evaluation of the paper: it asks a model for its moral judgment of
// every story pair of the GenMO benchmark (Bajaj et al., 2024), both genders separately, and
// reports how often the judgment depends on the protagonist's gender, with confidence intervals.
//
// It has three modes:
//
//	genmo -data GenMO_dataset.json [-limit N] [-out results.jsonl] [-html report.html]
//	genmo -results results.jsonl [-html report.html]
//	genmo -before before.jsonl -after after.jsonl [-html change.html]
//
// The first judges the pairs with a model (OpenAI or Ollama when the environment names one, the
// offline demo model otherwise) and writes the judgments as a results file in the paper's
// format; the second analyses a results file without calling any model (ours or one written by
// the paper's Python scripts); the third compares two results files of the same pairs, say
// before and after DPO training, with an exact McNemar test and the paper's resolution analysis
// (of the mismatches before, the share whose two stances are equal after, and the stance they
// agree on), beside a stricter one that leaves out unreadable replies. Run it with -h for every
// flag.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"github.com/evenhand/evenhand"
	"github.com/evenhand/evenhand/eval"
	"github.com/evenhand/evenhand/examples/internal/cli"
	"github.com/evenhand/evenhand/examples/internal/demo"
	"github.com/evenhand/evenhand/examples/internal/progress"
	"github.com/evenhand/evenhand/examples/internal/provider"
	"github.com/evenhand/evenhand/internal/filekind"
	"github.com/evenhand/evenhand/jsonl"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/llmx"
	"github.com/evenhand/evenhand/story"
	"github.com/tmc/langchaingo/llms"
)

func main() {
	cli.Main("genmo", func() error {
		err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr)
		if errors.Is(err, eval.ErrLimitExceeded) {
			return &cli.GateError{Err: fmt.Errorf("the report breaks its limits:\n%w", err)}
		}
		return err
	})
}

const usageHead = `Usage:
  go run ./examples/genmo -data GenMO_dataset.json [flags]   judge the pairs with a model and report
  go run ./examples/genmo -results results.jsonl [flags]     report on an existing results file
  go run ./examples/genmo -before A.jsonl -after B.jsonl     compare two results files of the same pairs
                                                             (flips, McNemar p, resolution analysis)

Runs the GenMO evaluation: each story of each pair is judged on its own (Moral, Immoral, Both or
Can't say), a pair is a mismatch when its two judgments differ and one is Moral or Immoral, and
the report gives the mismatch rate, the male and female bias rates and the rate per environment,
with 95% confidence intervals. Results files are JSON Lines in the layout of the paper's scripts.

Exit status: 0 success; 1 error (no output is left half written: earlier files stay as they
were); 2 usage (a bad flag or argument; nothing was done, no model called); 3 gate failed (a -max-*
limit is exceeded, or the report holds fewer pairs than -min-pairs).

Flags:
`

// config holds the parsed flags.
type config struct {
	data, results, before, after string
	out, html                    string
	limit, conc, maxPairs        int
	batchDir                     string
	jsonOut                      bool
	seed                         uint64
	skew                         float64
	progress                     progress.Mode
	limits                       eval.Limits
	force                        bool
	dedup                        *cli.Dedup
	reask                        int
	jsonMode                     bool
}

func parse(args []string, stderr io.Writer) (config, error) {
	c := config{dedup: &cli.Dedup{}}
	fs, mode := c.flags(stderr)
	if err := cli.Parse(fs, args); err != nil {
		return c, err
	}
	var err error
	if c.progress, err = progress.ParseMode(*mode); err != nil {
		return c, &cli.UsageError{Err: err}
	}
	if err := c.check(); err != nil {
		return c, err
	}
	// Inputs exist and are of the right kind, and outputs can be written, before any model call.
	return c, c.checkFiles(stderr)
}

// flags defines the command's flags, setting c; -progress is returned to be read after parsing.
func (c *config) flags(stderr io.Writer) (fs *flag.FlagSet, mode *string) {
	fs = flag.NewFlagSet("genmo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.data, "data", "", "GenMO dataset to judge: the published JSON array of {male_story, female_story, environment, source}")
	fs.StringVar(&c.results, "results", "", "results file (JSON Lines) to analyse without calling a model")
	fs.StringVar(&c.before, "before", "", "results file of the first evaluation, for a paired comparison (with -after)")
	fs.StringVar(&c.after, "after", "", "results file of the second evaluation of the same pairs (with -before)")
	fs.IntVar(&c.limit, "limit", 0, "with -data: judge only the first N pairs (0: all)")
	fs.IntVar(&c.conc, "concurrency", 8, "with -data: pairs judged at once (with -batch: every pair at once)")
	fs.StringVar(&c.batchDir, "batch", "", "with -data: "+provider.BatchFlagHelp)
	fs.StringVar(&c.out, "out", filepath.Join(os.TempDir(), "evenhand-genmo-results.jsonl"), "with -data: where to write the results (JSON Lines)")
	fs.StringVar(&c.html, "html", "", "also write the report as a self-contained HTML page to this file")
	fs.IntVar(&c.maxPairs, "html-pairs", 20, "most mismatched (or flipped) pairs the HTML page lists")
	fs.BoolVar(&c.jsonOut, "json", false, "print the report as JSON instead of a table (other messages go to stderr)")
	fs.Uint64Var(&c.seed, "seed", 1, "seed of the offline demo model")
	fs.Float64Var(&c.skew, "skew", 0.35, "gender skew of the offline demo model, in [0, 1]")
	mode = fs.String("progress", "auto", progress.FlagHelp+"; written to stderr")
	fs.Float64Var(&c.limits.MaxMismatchRate, "max-mismatch-rate", 0, "fail (exit 3) when the mismatch rate is above this (0: no limit)")
	fs.Float64Var(&c.limits.MaxBiasGap, "max-bias-gap", 0, "fail (exit 3) when |male bias rate - female bias rate| is above this (0: no limit)")
	fs.Float64Var(&c.limits.MaxInvalidRate, "max-invalid-rate", 0, "fail (exit 3) when the share of pairs with an unreadable stance is above this (0: no limit)")
	fs.IntVar(&c.limits.MinPairs, "min-pairs", 1, "fail (exit 3) when the report holds fewer pairs than this (0: no minimum)")
	fs.IntVar(&c.reask, "reask", 0, "with -data: ask the judge again, up to N more times, when a reply holds no readable stance (0: ask once, as the paper does)")
	fs.BoolVar(&c.jsonMode, "json-mode", false, "with -data: ask the judge for JSON replies ({\"stance\", \"explanation\"}) in the provider's JSON mode; other replies are still read as text")
	fs.BoolVar(&c.force, "force", false, "replace -out or -html even when it holds something other than a results file or an evenhand HTML report")
	fs.BoolVar(&c.dedup.Drop, "dedup", false, cli.DedupHelp)
	fs.Usage = func() {
		fmt.Fprint(stderr, usageHead)
		fs.PrintDefaults()
		fmt.Fprintln(stderr, "\n"+provider.Env)
	}
	return fs, mode
}

// check checks that the flags go together: one mode (-data, -results, or -before with -after)
// and values in range.
func (c config) check() error {
	modes := 0
	for _, set := range []bool{c.data != "", c.results != "", c.before != "" || c.after != ""} {
		if set {
			modes++
		}
	}
	switch {
	case modes != 1:
		return cli.Usagef("give exactly one of -data, -results, or -before with -after")
	case (c.before == "") != (c.after == ""):
		return cli.Usagef("-before and -after go together")
	case c.limit < 0:
		return cli.Usagef("-limit must not be negative, got %d", c.limit)
	case c.conc < 1:
		return cli.Usagef("-concurrency must be at least 1, got %d", c.conc)
	case c.reask < 0:
		return cli.Usagef("-reask must not be negative, got %d", c.reask)
	case c.skew < 0 || c.skew > 1:
		return cli.Usagef("-skew must be in [0, 1], got %g", c.skew)
	}
	return checkLimits(c.limits)
}

// checkLimits checks the values of the -max-* and -min-pairs flags.
func checkLimits(l eval.Limits) error {
	switch {
	case l.MaxMismatchRate < 0 || l.MaxBiasGap < 0 || l.MaxInvalidRate < 0 || l.MinPairs < 0:
		return cli.Usagef("-max-mismatch-rate, -max-bias-gap, -max-invalid-rate and -min-pairs must not be negative")
	case l.MaxMismatchRate > 1 || l.MaxBiasGap > 1 || l.MaxInvalidRate > 1:
		return cli.Usagef("-max-mismatch-rate, -max-bias-gap and -max-invalid-rate are rates, at most 1")
	}
	return nil
}

// checkFiles checks that the files to read exist and are of the right kind, and that -out
// (with -data) and -html may be written.
func (c config) checkFiles(stderr io.Writer) error {
	hints := map[filekind.Kind]string{filekind.GenMO: "-data", filekind.Results: "-results (or -before/-after)"}
	for _, in := range []struct {
		path string
		want filekind.Kind
	}{{c.data, filekind.GenMO}, {c.results, filekind.Results}, {c.before, filekind.Results}, {c.after, filekind.Results}} {
		if in.path == "" {
			continue
		}
		if _, err := os.Stat(in.path); err != nil {
			return &cli.UsageError{Err: err}
		}
		if err := cli.WrongKind(in.path, in.want, hints); err != nil {
			return err
		}
	}
	out := cli.Output{Flag: "-out", Kinds: []filekind.Kind{filekind.Results}}
	if c.data != "" {
		out.Path = c.out
	}
	return cli.CheckOutputs(stderr, c.force, out, cli.Output{Flag: "-html", Path: c.html, Kinds: []filekind.Kind{filekind.Report}})
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, err := parse(args, stderr)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	info := stdout // messages for people; stdout holds only the JSON with -json
	if c.jsonOut {
		info = stderr
	}
	switch {
	case c.data != "":
		return audit(ctx, c, stdout, stderr, info)
	case c.results != "":
		outcomes, err := readResults(c.results, c.dedup)
		if err != nil {
			return err
		}
		fmt.Fprintf(info, "evenhand GenMO report\nresults: %s (%d pairs)\n\n", c.results, len(outcomes))
		if c.dedup.Dropped > 0 {
			fmt.Fprintf(info, "dropped %d repeated pairs (-dedup)\n", c.dedup.Dropped)
		}
		r, err := report(c, outcomes, "results: "+c.results, stdout, info, nil)
		if err != nil {
			return err
		}
		return r.Check(c.limits)
	default:
		return paired(c, stdout, info)
	}
}

// audit judges the pairs of c.data and reports on them.
func audit(ctx context.Context, c config, stdout, stderr, info io.Writer) error {
	pairs, total, err := selectPairs(c, info)
	if err != nil {
		return err
	}
	j, err := chooseJudge(c, len(pairs), stderr)
	if err != nil {
		return err
	}
	defer j.close()
	meter := llmx.NewMeter(j.model) // counts the judge's calls, retries and tokens for the report
	fmt.Fprintf(info, "evenhand GenMO evaluation\nmodel:   %s\n", j.name)
	if j.demo {
		fmt.Fprintln(info, "         set OPENAI_API_KEY or OLLAMA_HOST to judge with a real model (see -h)")
	}
	fmt.Fprintf(info, "data:    %s (%d pairs; judging %d, %d at a time)\n\n", c.data, total, len(pairs), j.conc)

	show := progress.New(stderr, c.progress, len(pairs), "judged", 0)
	var last evenhand.Progress // OnProgress calls are never concurrent
	p := &evenhand.Pipeline{Judge: judge.New(meter, judge.WithReasks(c.reask), judge.WithJSON(c.jsonMode)), Concurrency: j.conc, OnProgress: func(pr evenhand.Progress) {
		last = pr
		show.Step(pr.Done, pr.Usage)
	}, Meters: map[evenhand.Stage]*llmx.Meter{evenhand.StageJudge: meter}}
	start := time.Now()
	outcomes, _, err := p.Audit(ctx, pairs)
	show.Finish()
	if err != nil {
		return fmt.Errorf("judging stopped after %d of %d pairs: %w", last.Done, len(pairs), err)
	}
	elapsed := time.Since(start)

	if len(outcomes) == 0 {
		return &eval.LimitError{Metric: "pairs", Value: 0, Limit: float64(max(c.limits.MinPairs, 1)), Detail: "nothing to judge; " + c.out + " not written"}
	}
	// The results and the HTML page appear together, or neither does.
	var outs cli.Outputs
	defer outs.Abort()
	if err := outs.Write(c.out, func(w io.Writer) error { return eval.WriteResults(w, outcomes) }); err != nil {
		return err
	}
	r, err := report(c, outcomes, fmt.Sprintf("model: %s · data: %s (%d pairs)", j.name, c.data, len(pairs)), stdout, info, &outs)
	if err != nil {
		return err
	}
	u := last.Usage
	fmt.Fprintf(info, "\nmodel calls: %d (%s prompt + %s completion tokens reported), %d retries, %s\n",
		u.Calls, progress.Count(u.PromptTokens), progress.Count(u.CompletionTokens), u.Retries, progress.Round(elapsed))
	fmt.Fprintln(info, readability(outcomes, u.Calls, c.reask))
	if hint := reaskHint(outcomes, c.reask); hint != "" {
		fmt.Fprintln(info, hint)
	}
	fmt.Fprintf(info, "results written to %s\n  (analyse them again with: go run ./examples/genmo -results %s)\n", c.out, c.out)
	return r.Check(c.limits)
}

// selectPairs reads the pairs of -data, applies the -dedup rule and -limit, and returns the
// pairs to judge with how many the data held (after -dedup).
func selectPairs(c config, info io.Writer) (pairs []story.Pair, total int, err error) {
	pairs, err = readGenMO(c.data)
	if err != nil {
		return nil, 0, err
	}
	kept := pairs[:0]
	for i, p := range pairs {
		keep, err := c.dedup.Keep(fmt.Sprintf("%s: element %d", c.data, i), p.ID, p.Male.Text, p.Female.Text)
		if err != nil {
			return nil, 0, err
		}
		if keep {
			kept = append(kept, p)
		}
	}
	pairs = kept
	if c.dedup.Dropped > 0 {
		fmt.Fprintf(info, "dropped %d repeated pairs (-dedup)\n", c.dedup.Dropped)
	}
	total = len(pairs)
	if c.limit > 0 && c.limit < len(pairs) {
		pairs = pairs[:c.limit]
	}
	return pairs, total, nil
}

// judging is the model that judges, as the flags and the environment choose it.
type judging struct {
	model llms.Model
	name  string
	demo  bool
	conc  int
	close func() error
}

// chooseJudge returns the model to judge pairs with: through a provider batch with -batch, else
// the provider the environment names (retrying its failures), or the offline demo model.
func chooseJudge(c config, pairs int, stderr io.Writer) (judging, error) {
	conc := max(c.conc, 1)
	if c.batchDir != "" {
		// Every judge call goes into one provider batch: all pairs are worked on at once, and
		// the batcher resubmits what a batch leaves unanswered (no live retries needed).
		b, err := provider.Batch(c.batchDir, demo.New(c.seed, c.skew), stderr)
		if err != nil {
			return judging{}, err
		}
		return judging{model: b, name: b.Name, demo: b.Demo, conc: max(conc, pairs), close: b.Close}, nil
	}
	m, err := provider.FromEnv(c.seed, c.skew)
	if err != nil {
		return judging{}, err
	}
	j := judging{model: m.Model, name: m.Name, demo: m.Demo, conc: conc, close: func() error { return nil }}
	if !m.Demo {
		j.model = llmx.Retry(j.model) // a long evaluation should survive a rate limit or a timeout
	}
	return j, nil
}

// readability says how many judge replies needed a re-ask (each judgment asks once; every
// further call of the judge's model was a re-ask of an unreadable reply) and how many
// judgments stayed unreadable.
func readability(outcomes []eval.Outcome, calls int64, reask int) string {
	judgments, unreadable := 2*len(outcomes), 0
	for _, o := range outcomes {
		for _, j := range []judge.Judgment{o.Male, o.Female} {
			if !j.Stance.Valid() {
				unreadable++
			}
		}
	}
	pct := func(n int) float64 { return 100 * float64(n) / float64(max(judgments, 1)) }
	msg := fmt.Sprintf("unreadable judgments: %d of %d (%.1f%%)", unreadable, judgments, pct(unreadable))
	if reask > 0 {
		reasked := max(int(calls)-judgments, 0)
		msg = fmt.Sprintf("re-asked replies (-reask %d): %d (%.1f%% of judgments); %s after re-asking", reask, reasked, pct(reasked), msg)
	}
	return msg
}

// reaskHint suggests -reask 1 when more than 1% of the judgments stayed unreadable and the
// judge asked once; "" otherwise.
func reaskHint(outcomes []eval.Outcome, reask int) string {
	judgments, unreadable := 2*len(outcomes), 0
	for _, o := range outcomes {
		for _, j := range []judge.Judgment{o.Male, o.Female} {
			if !j.Stance.Valid() {
				unreadable++
			}
		}
	}
	if reask > 0 || judgments == 0 || 100*unreadable <= judgments {
		return ""
	}
	return fmt.Sprintf("more than 1%% of judgments were unreadable: run again with -reask 1 to ask once more for each (%d more calls at most; the paper asks once)", unreadable)
}

// report prints the report of outcomes and writes its HTML page with the other outputs of outs
// (nil: on its own), committing them all.
func report(c config, outcomes []eval.Outcome, note string, stdout, info io.Writer, outs *cli.Outputs) (eval.Report, error) {
	if outs == nil {
		outs = &cli.Outputs{}
		defer outs.Abort()
	}
	r := eval.Summarize(outcomes)
	if c.jsonOut {
		if err := r.WriteJSON(stdout); err != nil {
			return r, err
		}
	} else if err := r.WriteText(stdout); err != nil {
		return r, err
	}
	if c.html != "" {
		page := r
		page.Note, page.Outcomes, page.MaxPairs = note, outcomes, htmlPairs(c.maxPairs)
		if err := outs.Write(c.html, page.WriteHTML); err != nil {
			return r, err
		}
	}
	if err := outs.Commit(); err != nil {
		return r, err
	}
	if c.html != "" {
		fmt.Fprintf(info, "\nHTML report written to %s\n", c.html)
	}
	return r, nil
}

// paired compares the results files c.before and c.after.
func paired(c config, stdout, info io.Writer) error {
	before, err := readResults(c.before, &cli.Dedup{Drop: c.dedup.Drop})
	if err != nil {
		return err
	}
	after, err := readResults(c.after, &cli.Dedup{Drop: c.dedup.Drop})
	if err != nil {
		return err
	}
	ch, err := eval.Paired(before, after)
	if err != nil {
		return err
	}
	fmt.Fprintf(info, "evenhand GenMO comparison\nbefore: %s (%d pairs)\nafter:  %s (%d pairs)\n\n", c.before, len(before), c.after, len(after))
	if c.jsonOut {
		if err := ch.WriteJSON(stdout); err != nil {
			return err
		}
	} else if err := ch.WriteText(stdout); err != nil {
		return err
	}
	if c.html != "" {
		ch.Note, ch.MaxPairs = "before: "+c.before+" · after: "+c.after, htmlPairs(c.maxPairs)
		ch.Before.Outcomes, ch.After.Outcomes = before, after
		if err := cli.WriteFile(c.html, ch.WriteHTML); err != nil {
			return err
		}
		fmt.Fprintf(info, "\nHTML report written to %s\n", c.html)
	}
	return ch.After.Check(c.limits)
}

// htmlPairs turns the -html-pairs flag into a report's MaxPairs (whose 0 means a default).
func htmlPairs(n int) int {
	if n <= 0 {
		return -1
	}
	return n
}

func readGenMO(path string) ([]story.Pair, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	pairs, err := story.ReadGenMO(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return pairs, nil
}

// readResults reads the results file at path under the -dedup rule (paired comparisons take
// each file its own set of pairs); errors name the file.
func readResults(path string, dd *cli.Dedup) ([]eval.Outcome, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	outcomes, err := eval.ReadResults(f, jsonl.WithFile(path))
	if err != nil {
		return nil, err
	}
	kept := outcomes[:0]
	for i, o := range outcomes {
		keep, err := dd.Keep(fmt.Sprintf("%s: row %d", path, i+1), o.Pair.ID, o.Pair.Male.Text, o.Pair.Female.Text)
		if err != nil {
			return nil, err
		}
		if keep {
			kept = append(kept, o)
		}
	}
	return kept, nil
}
