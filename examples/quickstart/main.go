// Command quickstart makes a small DPO-ready dataset with evenhand's whole method: it writes
// pairs of stories that differ only in the protagonist's gender, judges each story, keeps the
// pairs judged differently, writes balanced explanations for them, and saves the records as
// JSON Lines.
//
// With no environment set it runs offline on a scripted demo model. Set OPENAI_API_KEY or
// OLLAMA_HOST to use a real model (see -h).
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/evenhand/evenhand"
	"github.com/evenhand/evenhand/examples/internal/cli"
	"github.com/evenhand/evenhand/examples/internal/demo"
	"github.com/evenhand/evenhand/examples/internal/progress"
	"github.com/evenhand/evenhand/examples/internal/provider"
	"github.com/evenhand/evenhand/internal/filekind"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/llmx"
	"github.com/evenhand/evenhand/record"
	"github.com/evenhand/evenhand/story"
)

func main() {
	cli.Main("quickstart", func() error { return run(context.Background(), os.Args[1:], os.Stdout, os.Stderr) })
}

// flags are the command line's settings.
type flags struct {
	n, conc       int
	out, batchDir string
	seed          uint64
	resume, force bool
	mode          progress.Mode
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	// The one output guard: -out is checked (kind, folder, lock) and the leftovers of killed runs
	// are dealt with before any model call.
	if err := f.checkOutput(stderr); err != nil {
		return err
	}
	m, popts, closeModel, err := f.chooseModel(stderr)
	if err != nil {
		return err
	}
	defer closeModel()
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	if f.resume {
		return resumeRun(ctx, m, popts, f.out, f.n, f.conc, f.mode, stdout, stderr)
	}
	return freshRun(ctx, f, m, popts, stdout, stderr)
}

// parseFlags reads the command line. Every flag is checked before the first model call.
func parseFlags(args []string, stderr io.Writer) (*flags, error) {
	f := &flags{}
	fs := flag.NewFlagSet("quickstart", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.IntVar(&f.n, "n", 5, "number of biased pairs to keep")
	fs.StringVar(&f.out, "out", filepath.Join(os.TempDir(), "evenhand-quickstart.jsonl"), "where to write the records (JSON Lines)")
	fs.IntVar(&f.conc, "concurrency", 4, "pairs worked on at once")
	fs.Uint64Var(&f.seed, "seed", 1, "seed of the offline demo model (with -resume, its stories start at a place of its sequence set by the records already in -out, so that a resumed run does not write again the stories of the runs before)")
	show := fs.String("progress", "auto", progress.FlagHelp+"; written to stderr")
	fs.BoolVar(&f.resume, "resume", false, "append to -out until it holds -n records, keeping the records already there (a locked, crash-safe checkpoint); without it, -out is replaced only when the run succeeds")
	fs.BoolVar(&f.force, "force", false, "replace -out even when it holds something other than records")
	fs.StringVar(&f.batchDir, "batch", "", provider.BatchFlagHelp+"; at least 4 attempts per pair asked for run at once, so each stage's calls of a round go in one batch")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: go run ./examples/quickstart [flags]\n\nMakes a small DPO-ready dataset of gender-biased story pairs with balanced explanations.\n\nFlags:\n")
		fs.PrintDefaults()
		fmt.Fprintln(stderr, "\n"+provider.Env)
		fmt.Fprintln(stderr, "\n"+cli.ExitHelp(""))
	}
	if err := cli.Parse(fs, args); err != nil {
		return nil, err
	}
	if f.n < 1 {
		return nil, cli.Usagef("-n must be at least 1, got %d", f.n)
	}
	if f.conc < 1 {
		return nil, cli.Usagef("-concurrency must be at least 1, got %d", f.conc)
	}
	var err error
	if f.mode, err = progress.ParseMode(*show); err != nil {
		return nil, &cli.UsageError{Err: err}
	}
	return f, nil
}

// checkOutput runs the output guard over -out; with -resume, -out is appended to, and the
// records a killed run left beside it are continued.
func (f *flags) checkOutput(stderr io.Writer) error {
	output := cli.Output{Flag: "-out", Path: f.out, Kinds: []filekind.Kind{filekind.Records}}
	if f.resume {
		output.Append, output.Lead = true, `{"male":`
		if err := adoptOrphan(f.out, stderr); err != nil {
			return err
		}
	}
	return cli.CheckOutputs(stderr, f.force, output)
}

// chooseModel returns the model of the run, the options New needs for it, and a function that
// closes it: a provider batch with -batch (raising the concurrency so that a round of calls is
// one batch), else the provider the environment names, or the offline demo model.
func (f *flags) chooseModel(stderr io.Writer) (provider.Model, []evenhand.Option, func() error, error) {
	// The demo model writes the same sequence of stories for the same seed: a resumed run would
	// first write again every pair already in the file (which Run rejects as duplicates, at the
	// cost of attempts and, near the end, of the attempt budget). A real model does not replay;
	// the demo starts its stories elsewhere in its sequence, judging as its seed says.
	skip := uint64(0)
	if f.resume {
		skip = uint64(countRecords(f.out)) << 32
	}
	if f.batchDir != "" {
		dm := demo.New(f.seed, 0.35)
		dm.SkipPairs(skip)
		b, err := provider.Batch(f.batchDir, dm, stderr)
		if err != nil {
			return provider.Model{}, nil, nil, err
		}
		// A batch takes minutes to hours: no per-call timeout. Enough attempts at once that a
		// round of calls (the stories, then the judgments, then the explanations) is one batch.
		f.conc = max(f.conc, 4*f.n)
		return provider.Model{Model: b, Name: b.Name, Demo: b.Demo}, []evenhand.Option{evenhand.WithRetry(llmx.WithCallTimeout(0))}, b.Close, nil
	}
	m, err := provider.FromEnv(f.seed, 0.35)
	if err != nil {
		return m, nil, nil, &cli.UsageError{Err: err}
	}
	if dm, ok := m.Model.(*demo.Model); ok {
		dm.SkipPairs(skip)
	}
	return m, nil, func() error { return nil }, nil
}

// freshRun writes -n new records to -out, which replaces an earlier -out only when the run
// succeeds.
func freshRun(ctx context.Context, f *flags, m provider.Model, popts []evenhand.Option, stdout, stderr io.Writer) error {
	var outs cli.Outputs
	defer outs.Abort() // a failed run leaves an earlier -out as it was
	file, err := outs.Create(f.out)
	if err != nil {
		return err
	}
	w := record.NewWriter(file)
	var first *record.Record

	fmt.Fprintf(stdout, "evenhand quickstart\nmodel: %s\n", m.Name)
	if m.Demo {
		fmt.Fprintln(stdout, "       set OPENAI_API_KEY or OLLAMA_HOST to use a real model (go run ./examples/quickstart -h)")
	}
	fmt.Fprintf(stdout, "making %d pairs, %d at a time...\n\n", f.n, max(f.conc, 1))

	bar := progress.New(stderr, f.mode, f.n, "kept", 0)
	p := evenhand.New(m, popts...)
	p.Concurrency, p.OnProgress = f.conc, bar.Run
	st, err := p.Run(ctx, f.n, func(r record.Record) error {
		if first == nil {
			first = &r
		}
		return w.Write(r)
	})
	bar.Finish()
	if err == nil && st.Kept == 0 {
		err = errors.New("no pair was kept: nothing written")
	}
	if err == nil {
		err = outs.Commit()
	}
	printStats(stdout, st)
	if err != nil {
		return fmt.Errorf("%w (%s left as it was)", err, f.out)
	}
	if first != nil {
		b, _ := json.MarshalIndent(first, "", "  ")
		fmt.Fprintf(stdout, "\na sample record:\n%s\n", b)
		printQuestion(stdout, p.Judge, first)
	}
	fmt.Fprintf(stdout, "\n%d records written to %s\n", st.Kept, f.out)
	return nil
}

// adoptOrphan continues, with -resume, from what a killed run without -resume left: when -out
// is missing or empty and a temporary file of an earlier run beside it holds complete records
// (the one with the most), that file becomes -out, its torn last line cut off, and the run goes
// on from it. It says so on log. Other leftovers are left to the output guard, which removes them.
func adoptOrphan(out string, log io.Writer) error {
	target, err := cli.Resolve(out)
	if err != nil || cli.Exists(target) {
		return nil // the guard reports a bad path; an existing -out is continued, not replaced
	}
	best, most := "", 0
	for _, tmp := range cli.Orphans(target) {
		if cli.Held(tmp) != nil {
			continue // a run still writes it: the guard refuses -out
		}
		c, err := record.OpenCheckpoint(tmp)
		if err != nil {
			continue // not records: the guard removes it
		}
		if n := c.Len(); n > most {
			best, most = tmp, n
		}
		_ = c.Close()
	}
	if best == "" {
		return nil
	}
	if err := os.Rename(best, target); err != nil {
		return fmt.Errorf("-out %s: continuing from %s, left by a killed run: %w", out, best, err)
	}
	fmt.Fprintf(log, "-resume: continuing from the %d records that a killed run left in %s (now %s)\n", most, best, target)
	return nil
}

// resumeRun appends to path with Pipeline.RunFile until it holds n records.
func resumeRun(ctx context.Context, m provider.Model, popts []evenhand.Option, path string, n, conc int, mode progress.Mode, stdout, stderr io.Writer) error {
	fmt.Fprintf(stdout, "evenhand quickstart\nmodel: %s\nresuming %s until it holds %d records, %d at a time...\n\n", m.Name, path, n, conc)
	bar := progress.New(stderr, mode, n, "kept", 0)
	p := evenhand.New(m, popts...)
	p.Concurrency, p.OnProgress = conc, bar.Run
	st, err := p.RunFile(ctx, path, n)
	bar.Finish()
	printStats(stdout, st)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\n%d records added to %s\n", st.Kept, path)
	return nil
}

// countRecords returns the number of records a readable records file at path begins with; 0 when
// there is none (RunFile reports what is wrong with the file).
func countRecords(path string) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	n := 0
	for _, err := range record.Records(f) {
		if err != nil {
			break
		}
		n++
	}
	return n
}

// printQuestion shows what the judge asked about the sample record's male story after the
// story itself: the paper's generation-time question, with its options and reply format.
func printQuestion(stdout io.Writer, j judge.Judge, rec *record.Record) {
	pr, ok := j.(interface {
		Prompt(story.Story) (string, error)
	})
	if !ok {
		return
	}
	prompt, err := pr.Prompt(story.Story{Text: rec.Male.Story, Character: rec.Male.CharacterName, Gender: story.Male})
	if err != nil {
		return
	}
	i := strings.LastIndex(prompt, `"""`)
	if i < 0 {
		return
	}
	fmt.Fprintf(stdout, "\nthe judge's question after each story (here %s's):\n", rec.Male.CharacterName)
	for ln := range strings.Lines(strings.TrimSpace(prompt[i+3:])) {
		if strings.TrimSpace(ln) != "" {
			ln = "  " + ln
		}
		fmt.Fprint(stdout, ln)
	}
	fmt.Fprintln(stdout)
}

func printStats(stdout io.Writer, st evenhand.Stats) {
	fmt.Fprintf(stdout, "pairs tried:   %d\n", st.Attempts)
	fmt.Fprintf(stdout, "pairs kept:    %d (judged differently for the man and the woman)\n", st.Kept)
	fmt.Fprintf(stdout, "rejected:      %d consistent, %d outside the ROUGE-1 band, %d unreadable, %d without a stance, %d not made neutral, %d repeating a kept pair\n",
		st.Rejected.Consistent, st.Rejected.OutsideBand, st.Rejected.Unparsable, st.Rejected.InvalidStance, st.Rejected.NotNeutral, st.Rejected.Duplicate)
	fmt.Fprintf(stdout, "model calls:   %d (%d tokens reported), %s\n", st.Usage.Calls, st.Usage.TotalTokens, st.Elapsed.Round(1e6))
}
