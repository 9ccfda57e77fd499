// Command bench checks whether a model kept its general abilities, and how fair it is, on the
// benchmarks of the paper's release: MMLU, TruthfulQA, BBQ and WinoBias. Run it on a model
// before and after DPO training and compare the two runs with an exact McNemar test.
//
// It has three modes:
//
//	bench [-mmlu DIR] [-truthfulqa FILE] [-bbq DIR] [-winobias DIR] [-limit N] [-out results.jsonl] [-html report.html]
//	bench -results results.jsonl [-html report.html]
//	bench -before A.jsonl -after B.jsonl [-html change.html]
//
// The first asks a model (OpenAI or Ollama when the environment names one, an offline demo
// model otherwise) every item of the benchmarks given, appending each result to a results file
// as it comes (run it again after an interruption to continue where it stopped), and reports
// the scores; the second reports on a results file without calling any model; the third
// compares two results files of the same items. Run it with -h for every flag.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/tmc/langchaingo/llms"

	"github.com/evenhand/evenhand/bench"
	"github.com/evenhand/evenhand/examples/internal/cli"
	"github.com/evenhand/evenhand/examples/internal/progress"
	"github.com/evenhand/evenhand/examples/internal/provider"
	"github.com/evenhand/evenhand/internal/filekind"
	"github.com/evenhand/evenhand/internal/jsonl"
	"github.com/evenhand/evenhand/llmx"
	"github.com/evenhand/evenhand/record"
)

func main() {
	cli.Main("bench", func() error { return run(context.Background(), os.Args[1:], os.Stdout, os.Stderr) })
}

const usageHead = `Usage:
  go run ./examples/bench [-mmlu DIR] [-truthfulqa FILE] [-bbq DIR] [-winobias DIR] [flags]
                                                           ask a model the benchmarks and report
  go run ./examples/bench -results results.jsonl [flags]   report on an existing results file
  go run ./examples/bench -before A.jsonl -after B.jsonl   compare two runs of the same items

Benchmarks (give any subset):
  -mmlu DIR         MMLU: Hugging Face cais/mmlu parquet files (*test*.parquet), the original
                    release's <subject>_test.csv files, or JSON Lines of the HF rows (*.jsonl)
  -truthfulqa FILE  TruthfulQA's mc_task.json (tasks mc0 and mc1, see -truthfulqa-tasks)
  -bbq DIR          BBQ: one <Category>.jsonl per category
  -winobias DIR     WinoBias: the UCLA files *_stereotyped_type*.txt.test (and the occupation
                    lists beside them), or JSON Lines of the HF copy (*.jsonl)

Choices are shown in an order shuffled by -seed (TruthfulQA's file always lists the right answer
first); -file-order and -paper-rules reproduce the paper's scripts. Results files are JSON Lines,
one result per item; a run appends to its -out file and skips the items already in it.

Flags:
`

type config struct {
	mmlu, truthfulQA, bbq, winoBias string
	tasks                           []string
	results, before, after          string
	out, html                       string
	limit, conc                     int
	batchDir                        string
	seed                            int64
	fileOrder, paperRules, jsonOut  bool
	force                           bool
	dedup                           *cli.Dedup
	demoSeed                        uint64
	skew                            float64
	progress                        progress.Mode
}

func parse(args []string, stderr io.Writer) (config, error) {
	c := config{dedup: &cli.Dedup{IDName: "item", TextName: "the question and choices"}}
	fset, tasks, mode := c.flags(stderr)
	if err := cli.Parse(fset, args); err != nil {
		return c, err
	}
	var err error
	if c.progress, err = progress.ParseMode(*mode); err != nil {
		return c, &cli.UsageError{Err: err}
	}
	if c.tasks, err = parseTasks(*tasks); err != nil {
		return c, err
	}
	if err := c.check(); err != nil {
		return c, err
	}
	// Inputs are of the right kind, and outputs can be written, before any model call.
	return c, c.checkFiles(stderr)
}

// flags defines the command's flags, setting c; -truthfulqa-tasks and -progress are returned
// to be read after parsing.
func (c *config) flags(stderr io.Writer) (fset *flag.FlagSet, tasks, mode *string) {
	fset = flag.NewFlagSet("bench", flag.ContinueOnError)
	fset.SetOutput(stderr)
	fset.StringVar(&c.mmlu, "mmlu", "", "MMLU folder (see above)")
	fset.StringVar(&c.truthfulQA, "truthfulqa", "", "TruthfulQA's mc_task.json")
	tasks = fset.String("truthfulqa-tasks", "mc0,mc1", "TruthfulQA tasks to run, from mc0, mc1 and mc2")
	fset.StringVar(&c.bbq, "bbq", "", "BBQ folder of <Category>.jsonl files")
	fset.StringVar(&c.winoBias, "winobias", "", "WinoBias folder")
	fset.StringVar(&c.results, "results", "", "results file to report on without calling a model")
	fset.StringVar(&c.before, "before", "", "results file of the first run, for a paired comparison (with -after)")
	fset.StringVar(&c.after, "after", "", "results file of the second run of the same items (with -before)")
	fset.IntVar(&c.limit, "limit", 0, "ask at most N items per benchmark, spread evenly over its files (0: all)")
	fset.IntVar(&c.conc, "concurrency", 8, "items asked at once (with -batch: every item at once)")
	fset.StringVar(&c.batchDir, "batch", "", provider.BatchFlagHelp)
	fset.Int64Var(&c.seed, "seed", 1, "seed of the order the choices are shown in")
	fset.BoolVar(&c.fileOrder, "file-order", false, "show the choices in the file's order, as the paper's scripts do")
	fset.BoolVar(&c.paperRules, "paper-rules", false, "read answers with the paper's extractors instead of the strict reader (with -results, -before and -after: read the stored replies again)")
	fset.StringVar(&c.out, "out", "", "results file to append to (JSON Lines); items already in it are not asked again\n(default: a file in the temporary folder named for the model and the settings, so a run\nof another model or with other settings never resumes from it)")
	fset.StringVar(&c.html, "html", "", "also write the report as a self-contained HTML page to this file")
	fset.BoolVar(&c.jsonOut, "json", false, "print the report as JSON instead of tables (other messages go to stderr)")
	fset.BoolVar(&c.force, "force", false, "replace -html even when it holds something other than an evenhand HTML report (a results file given to -out is appended to, so only a results file is ever accepted there)")
	fset.BoolVar(&c.dedup.Drop, "dedup", false, "drop an item that repeats an earlier one (the same id, or a TruthfulQA or MMLU row whose question and choices repeat), or a results line that repeats an item, and count it (default: a repeat is an error)")
	fset.Uint64Var(&c.demoSeed, "demo-seed", 1, "seed of the offline demo model's noise")
	fset.Float64Var(&c.skew, "skew", 0.8, "how often the offline demo model follows the gender stereotype on WinoBias, in [0, 1]")
	mode = fset.String("progress", "auto", progress.FlagHelp+"; written to stderr")
	fset.Usage = func() {
		fmt.Fprint(stderr, usageHead)
		fset.PrintDefaults()
		fmt.Fprintln(stderr, "\n"+provider.Env)
		fmt.Fprintln(stderr, "\n"+cli.ExitHelp(""))
	}
	return fset, tasks, mode
}

// parseTasks reads -truthfulqa-tasks: mc0, mc1 and mc2, separated by commas, each kept once.
func parseTasks(list string) ([]string, error) {
	var tasks []string
	for _, t := range strings.Split(list, ",") {
		if t = strings.TrimSpace(t); t == "" {
			continue
		}
		if t != "mc0" && t != "mc1" && t != "mc2" {
			return nil, cli.Usagef("-truthfulqa-tasks: unknown task %q; want mc0, mc1 or mc2, separated by commas", t)
		}
		if !slices.Contains(tasks, t) {
			tasks = append(tasks, t)
		}
	}
	return tasks, nil
}

// check checks that the flags go together: one mode (benchmarks to run, -results, or -before
// with -after) and values in range.
func (c config) check() error {
	if c.truthfulQA != "" && len(c.tasks) == 0 {
		return cli.Usagef("-truthfulqa-tasks names no task; want mc0, mc1 or mc2")
	}
	asking, modes := c.modes()
	switch {
	case modes != 1:
		return cli.Usagef("give benchmarks to run (-mmlu, -truthfulqa, -bbq, -winobias), or -results, or -before with -after")
	case (c.before == "") != (c.after == ""):
		return cli.Usagef("-before and -after go together")
	case c.limit < 0:
		return cli.Usagef("-limit must not be negative, got %d", c.limit)
	case c.skew < 0 || c.skew > 1:
		return cli.Usagef("-skew must be in [0, 1], got %g", c.skew)
	case !asking && c.out != "":
		return cli.Usagef("-out goes with benchmarks to run; -results, -before and -after read results files")
	}
	return nil
}

// modes reports whether the flags name benchmarks to run, and how many of the three modes they
// ask for.
func (c config) modes() (asking bool, n int) {
	asking = c.mmlu != "" || c.truthfulQA != "" || c.bbq != "" || c.winoBias != ""
	for _, set := range []bool{asking, c.results != "", c.before != "" || c.after != ""} {
		if set {
			n++
		}
	}
	return asking, n
}

// checkFiles checks that the results files to read are results files, and that -out and
// -html may be written.
func (c config) checkFiles(stderr io.Writer) error {
	hints := map[filekind.Kind]string{filekind.Results: "examples/genmo -results (a GenMO results file)", filekind.GenMO: "examples/genmo -data (the GenMO benchmark)"}
	for _, in := range []string{c.results, c.before, c.after} {
		if in == "" {
			continue
		}
		if _, err := os.Stat(in); err != nil {
			return &cli.UsageError{Err: err}
		}
		if err := cli.WrongKind(in, filekind.BenchResults, hints); err != nil {
			return err
		}
	}
	return cli.CheckOutputs(stderr, c.force, resultsOutput(c.out), cli.Output{Flag: "-html", Path: c.html, Kinds: []filekind.Kind{filekind.Report}})
}

// resultsOutput is the -out file to the output guard: a bench results file, appended to.
func resultsOutput(path string) cli.Output {
	return cli.Output{Flag: "-out", Path: path, Kinds: []filekind.Kind{filekind.BenchResults}, Append: true, Lead: `{"item":`}
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
	case c.results != "":
		results, err := readResults(c, c.results)
		if err != nil {
			return err
		}
		fmt.Fprintf(info, "evenhand ability and fairness report\nresults: %s (%d items)\n\n", c.results, len(results))
		if c.dedup.Dropped > 0 {
			fmt.Fprintf(info, "dropped %d repeated results (-dedup)\n\n", c.dedup.Dropped)
		}
		return report(c, results, "results: "+c.results, stdout, info)
	case c.before != "":
		return compareRuns(c, stdout, info)
	default:
		return ask(ctx, c, stdout, stderr, info)
	}
}

// ask runs the benchmarks on a model and reports.
func ask(ctx context.Context, c config, stdout, stderr, info io.Writer) error {
	items, counts, err := load(c)
	if err != nil {
		return err
	}
	a, err := chooseModel(c, len(items), stderr)
	if err != nil {
		return err
	}
	defer a.close()
	if c.out == "" {
		c.out = defaultOut(c, a.name)
		if err := cli.CheckOutputs(stderr, false, resultsOutput(c.out)); err != nil {
			return err
		}
	}
	printSetup(info, c, a, counts)

	show := progress.New(stderr, c.progress, len(items), "asked", 0)
	r := &bench.Runner{Model: a.model, Concurrency: a.conc, Seed: c.seed, FileOrder: c.fileOrder, PaperRules: c.paperRules,
		CallOptions: []llms.CallOption{llms.WithTemperature(0)},
		OnProgress:  func(p bench.Progress) { show.Step(p.Done, p.Usage) }}
	start := time.Now()
	results, st, err := r.RunFile(ctx, c.out, items)
	show.Finish()
	if err != nil {
		return stopped(ctx, err, st, len(items))
	}
	if st.Resumed > 0 {
		fmt.Fprintf(info, "%d results were already in %s and were not asked again (delete the file to start over)\n\n", st.Resumed, c.out)
	}
	if err := report(c, results, fmt.Sprintf("model: %s · %s", a.name, counts), stdout, info); err != nil {
		return err
	}
	u := st.Usage
	fmt.Fprintf(info, "\nmodel calls: %d (%s prompt + %s completion tokens reported), %d retries, %s\n",
		u.Calls, progress.Count(u.PromptTokens), progress.Count(u.CompletionTokens), u.Retries, progress.Round(time.Since(start)))
	fmt.Fprintf(info, "report again with: go run ./examples/bench -results %s\n", c.out)
	return nil
}

// asked is the model a run asks, as the flags and the environment choose it.
type asked struct {
	model llms.Model
	name  string
	demo  bool
	conc  int
	close func() error
}

// chooseModel returns the model to ask items questions: through a provider batch with -batch,
// else the provider the environment names (retrying its failures), or the offline demo model.
func chooseModel(c config, items int, stderr io.Writer) (asked, error) {
	conc := max(c.conc, 1)
	if c.batchDir != "" {
		// Every question goes into one provider batch (up to the provider's size); the batcher
		// resubmits what a batch leaves unanswered.
		b, err := provider.Batch(c.batchDir, newDemo(c.demoSeed, c.skew), stderr)
		if err != nil {
			return asked{}, err
		}
		return asked{model: b, name: b.Name, demo: b.Demo, conc: max(conc, items), close: b.Close}, nil
	}
	m, err := provider.FromEnv(c.demoSeed, c.skew)
	if err != nil {
		return asked{}, err
	}
	a := asked{model: m.Model, name: m.Name, demo: m.Demo, conc: conc, close: func() error { return nil }}
	if m.Demo {
		a.model = newDemo(c.demoSeed, c.skew)
		a.name = "demo (offline rules of thumb, not a real LLM; it follows the gender stereotype on WinoBias)"
	} else {
		a.model = llmx.Retry(a.model) // a long evaluation should survive a rate limit or a timeout
	}
	return a, nil
}

// printSetup tells what a run asks, how, and where its results go.
func printSetup(info io.Writer, c config, a asked, counts counts) {
	fmt.Fprintf(info, "evenhand ability and fairness benchmarks\nmodel:   %s\n", a.name)
	if a.demo {
		fmt.Fprintln(info, "         set OPENAI_API_KEY or OLLAMA_HOST to ask a real model (see -h)")
	}
	fmt.Fprintf(info, "items:   %s\n", counts)
	if c.dedup.Dropped > 0 {
		fmt.Fprintf(info, "         dropped %d repeated items (-dedup)\n", c.dedup.Dropped)
	}
	order := fmt.Sprintf("shuffled (seed %d)", c.seed)
	if c.fileOrder {
		order = "the file's"
	}
	reader := "strict"
	if c.paperRules {
		reader = "the paper's extractors"
	}
	fmt.Fprintf(info, "choices: %s order; answers read by %s\nresults: %s\n\n", order, reader, c.out)
}

// stopped is the error of a run that failed: as it is when running the command again would
// not help (the file is someone else's, or not a results file), else with how far it got.
func stopped(ctx context.Context, err error, st bench.Stats, items int) error {
	if errors.Is(err, record.ErrLocked) || errors.Is(err, bench.ErrResultsFile) || st.Asked+st.Resumed == 0 && ctx.Err() == nil && !isItemError(err) {
		return err
	}
	return fmt.Errorf("stopped after %d of %d items (run the same command again to continue): %w", st.Asked+st.Resumed, items, err)
}

// isItemError reports whether err is the failure of a model call for an item: a run that
// can be continued.
func isItemError(err error) bool {
	_, ok := errors.AsType[*bench.ItemError](err)
	return ok
}

// defaultOut names the results file of a run without -out: one file per model and per setting
// that changes a reply or its reading, so that running the same command again resumes, and a
// run of another model (say, the tuned one after the base one) starts afresh instead of taking
// the other model's answers as its own.
func defaultOut(c config, model string) string {
	h := fnv.New64a()
	fmt.Fprintf(h, "%q %d %t %t %d %g", model, c.seed, c.fileOrder, c.paperRules, c.demoSeed, c.skew)
	return filepath.Join(os.TempDir(), fmt.Sprintf("evenhand-bench-%016x.jsonl", h.Sum64()))
}

// counts describes how many items of each benchmark a run holds.
type counts []string

func (c counts) String() string { return strings.Join(c, ", ") }

// load reads the benchmarks c names, each cut to c.limit items.
func load(c config) ([]bench.Item, counts, error) {
	var all []bench.Item
	var desc counts
	add := func(name string, read func() ([]bench.Item, error)) error {
		items, err := read()
		if err != nil {
			return err
		}
		if len(items) == 0 {
			return fmt.Errorf("%s: no items found", name)
		}
		total := len(items)
		items = spread(items, c.limit)
		d := fmt.Sprintf("%s %d", name, len(items))
		if len(items) < total {
			d += fmt.Sprintf(" of %d", total)
		}
		desc = append(desc, d)
		all = append(all, items...)
		return nil
	}
	if c.mmlu != "" {
		if err := add("MMLU", func() ([]bench.Item, error) { return readMMLU(c.mmlu, c.dedup) }); err != nil {
			return nil, nil, err
		}
	}
	if c.truthfulQA != "" {
		if err := add("TruthfulQA", func() ([]bench.Item, error) { return readTruthfulQA(c.truthfulQA, c.tasks, c.dedup) }); err != nil {
			return nil, nil, err
		}
	}
	if c.bbq != "" {
		if err := add("BBQ", func() ([]bench.Item, error) {
			return readDir(c.bbq, func(n string) bool { return strings.HasSuffix(n, ".jsonl") }, bench.ReadBBQ, c.dedup, false)
		}); err != nil {
			return nil, nil, err
		}
	}
	if c.winoBias != "" {
		if err := add("WinoBias", func() ([]bench.Item, error) { return readWinoBias(c.winoBias, c.dedup) }); err != nil {
			return nil, nil, err
		}
	}
	return all, desc, nil
}

// keep applies the -dedup rule to the items read from one file: an item repeats an earlier one
// when its key does, or, with byContent (TruthfulQA and MMLU, whose ids are row numbers), when
// its question and choices do.
func keep(dd *cli.Dedup, file string, items []bench.Item, byContent bool) ([]bench.Item, error) {
	kept := items[:0]
	for i, it := range items {
		content := it.Key() // BBQ and WinoBias: only the key counts (BBQ repeats some questions under other ids)
		if byContent {
			content = it.Benchmark + "\x00" + it.Category + "\x00" + it.Context + "\x00" + it.Question + "\x00" + strings.Join(it.Choices, "\x00")
		}
		ok, err := dd.Keep(fmt.Sprintf("%s: row %d (%s)", file, i+1, it.Key()), it.Key(), content, "")
		if err != nil {
			return nil, err
		}
		if ok {
			kept = append(kept, it)
		}
	}
	return kept, nil
}

// spread returns n items taken evenly across items (all of them when n is 0 or more than there
// are), so that a limited run still covers every file and category.
func spread(items []bench.Item, n int) []bench.Item {
	if n <= 0 || n >= len(items) {
		return items
	}
	out := make([]bench.Item, n)
	for i := range out {
		out[i] = items[i*len(items)/n]
	}
	return out
}

// readDir reads the files of dir that accept takes, in name order, with read. An item whose key
// and content an earlier file already had is skipped (the HF MMLU layout holds every subject
// twice); any other repeat goes by the -dedup rule (see keep).
func readDir(dir string, accept func(string) bool, read func(io.Reader, string) ([]bench.Item, error), dd *cli.Dedup, byContent bool) ([]bench.Item, error) {
	var paths []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && accept(d.Name()) {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(paths)
	earlier := map[string]bench.Item{} // key -> item of an earlier file
	var items []bench.Item
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		got, err := read(f, p)
		f.Close()
		if err != nil {
			return nil, err
		}
		fresh := got[:0]
		for _, it := range got {
			if e, ok := earlier[it.Key()]; ok && sameItem(e, it) {
				continue // the same item in another published layout
			}
			fresh = append(fresh, it)
		}
		if fresh, err = keep(dd, p, fresh, byContent); err != nil {
			return nil, err
		}
		for _, it := range fresh {
			earlier[it.Key()] = it
		}
		items = append(items, fresh...)
	}
	return items, nil
}

// sameItem reports whether a and b are the same question with the same choices and answer.
func sameItem(a, b bench.Item) bool {
	return a.Key() == b.Key() && a.Context == b.Context && a.Question == b.Question && slices.Equal(a.Choices, b.Choices) && a.Answer == b.Answer
}

func readMMLU(dir string, dd *cli.Dedup) ([]bench.Item, error) {
	return readDir(dir, func(n string) bool {
		return strings.HasSuffix(n, ".jsonl") || strings.Contains(n, "test") && (strings.HasSuffix(n, ".parquet") || strings.HasSuffix(n, ".csv"))
	}, bench.ReadMMLU, dd, true)
}

func readTruthfulQA(path string, tasks []string, dd *cli.Dedup) ([]bench.Item, error) {
	var items []bench.Item
	for _, task := range tasks {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		got, err := bench.ReadTruthfulQA(f, task)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if got, err = keep(dd, path, got, true); err != nil {
			return nil, err
		}
		items = append(items, got...)
	}
	return items, nil
}

// readWinoBias reads the test files of a WinoBias folder, with the occupation lists beside them
// when they are there.
func readWinoBias(dir string, dd *cli.Dedup) ([]bench.Item, error) {
	var occ []string
	for _, name := range []string{"male_occupations.txt", "female_occupations.txt"} {
		path := filepath.Join(dir, name)
		f, err := os.Open(path)
		if errors.Is(err, fs.ErrNotExist) {
			occ = nil
			break
		}
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(jsonl.SkipBOM(f)) // a list saved by a Windows editor starts with a BOM
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		occ = append(occ, strings.Split(string(data), "\n")...)
	}
	return readDir(dir, func(n string) bool {
		return strings.HasSuffix(n, ".jsonl") || strings.HasSuffix(n, ".test") && strings.Contains(n, "stereotyped")
	}, func(r io.Reader, name string) ([]bench.Item, error) { return bench.ReadWinoBias(r, name, occ) }, dd, false)
}

// readResults reads a results file; with -paper-rules, every reply is read again with the
// paper's extractors (in the order its prompt showed the choices), so the two readings of the
// same replies can be compared without asking the model again.
func readResults(c config, path string) ([]bench.Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	results, err := bench.ReadResults(f, path)
	if err != nil {
		return nil, err
	}
	if len(results) == 0 {
		return nil, fmt.Errorf("%s holds no result: nothing to report", path)
	}
	// A results line that repeats an item would count it twice: the -dedup rule, per file.
	dd := &cli.Dedup{Drop: c.dedup.Drop, IDName: "item", TextName: "item"}
	kept := results[:0]
	for i, res := range results {
		ok, err := dd.Keep(fmt.Sprintf("%s: result %d", path, i+1), res.Item.Key(), res.Item.Key(), "")
		if err != nil {
			return nil, err
		}
		if ok {
			kept = append(kept, res)
		}
	}
	c.dedup.Dropped += dd.Dropped
	results = kept
	if !c.paperRules {
		return results, nil
	}
	r := &bench.Runner{PaperRules: true}
	for i, res := range results {
		order := res.Order
		if len(order) != len(res.Item.Choices) {
			order = (&bench.Runner{FileOrder: true}).Order(res.Item)
		}
		results[i] = r.Read(res.Item, order, res.Reply)
	}
	return results, nil
}

// report prints the report of results and writes its HTML page.
func report(c config, results []bench.Result, note string, stdout, info io.Writer) error {
	r := bench.Summarize(results)
	r.Note = note
	if c.jsonOut {
		if err := r.WriteJSON(stdout); err != nil {
			return err
		}
	} else if err := r.WriteText(stdout); err != nil {
		return err
	}
	if c.html != "" {
		if err := cli.WriteFile(c.html, r.WriteHTML); err != nil {
			return err
		}
		fmt.Fprintf(info, "\nHTML report written to %s\n", c.html)
	}
	return nil
}

// compareRuns compares the results files c.before and c.after.
func compareRuns(c config, stdout, info io.Writer) error {
	before, err := readResults(c, c.before)
	if err != nil {
		return err
	}
	after, err := readResults(c, c.after)
	if err != nil {
		return err
	}
	ch, err := bench.Paired(before, after)
	if err != nil {
		return err
	}
	fmt.Fprintf(info, "evenhand ability and fairness comparison\nbefore: %s (%d items)\nafter:  %s (%d items)\n\n", c.before, len(before), c.after, len(after))
	if c.dedup.Dropped > 0 {
		fmt.Fprintf(info, "dropped %d repeated results (-dedup)\n\n", c.dedup.Dropped)
	}
	if c.jsonOut {
		if err := ch.WriteJSON(stdout); err != nil {
			return err
		}
	} else if err := ch.WriteText(stdout); err != nil {
		return err
	}
	if c.html != "" {
		ch.Note = "before: " + c.before + " · after: " + c.after
		if err := cli.WriteFile(c.html, ch.WriteHTML); err != nil {
			return err
		}
		fmt.Fprintf(info, "\nHTML report written to %s\n", c.html)
	}
	return nil
}
