// Command dataset turns a records JSONL (written by evenhand's Pipeline.Run, or the paper's
// released generated_data_*.jsonl) into training data a trainer accepts on the first try: the
// paper's DPO rows (or the CDA baseline), split into train and eval without leakage, written in
// the chosen trainer's format, checked with dpo.Validate, and documented by a dataset card.
//
// It works offline: no model is called.
//
//	go run ./examples/dataset -in records.jsonl -out dataset -format trl-conversational -eval 0.1
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"strconv"
	"text/template"

	"github.com/evenhand/evenhand/diversity"
	"github.com/evenhand/evenhand/dpo"
	"github.com/evenhand/evenhand/examples/internal/cli"
	"github.com/evenhand/evenhand/internal/filekind"
	"github.com/evenhand/evenhand/jsonl"
	"github.com/evenhand/evenhand/record"
)

func main() {
	cli.Main("dataset", func() error { return run(context.Background(), os.Args[1:], os.Stdout, os.Stderr) })
}

type options struct {
	in, out, format, system, templateFile, model, name string
	cda, balanced, singleSides, stream, force          bool
	diversity, renumber                                bool
	eval, maxRouge                                     float64
	seed                                               uint64
	maxPairs                                           int
}

func run(_ context.Context, args []string, stdout, stderr io.Writer) error {
	o, dd, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	format, err := o.checkFlags()
	if err != nil {
		return err
	}
	text, tmpl, err := o.readTemplate()
	if err != nil {
		return err
	}
	if err := checkFiles(o, stderr); err != nil {
		return err
	}
	opts := []dpo.Option{
		dpo.WithTemplate(tmpl),
		dpo.WithSystemPrompt(o.system),
		dpo.WithMaxPairs(o.maxPairs),
		dpo.WithBalancedSources(o.balanced),
		dpo.WithRequireBothSides(!o.singleSides),
	}
	if _, err := dpo.Examples(nil, opts...); err != nil && !errors.Is(err, dpo.ErrNoExamples) {
		return &cli.UsageError{Err: err} // a template without {story}, ...
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return err
	}
	var outs cli.Outputs
	defer outs.Abort() // a failed run leaves the files of an earlier one as they were
	card := o.card(format, text)
	if err := writeAll(o, format, opts, &card, &outs, dd, stdout); err != nil {
		return err
	}
	for _, s := range card.Splits {
		if len(s.Groups) > 0 {
			fmt.Fprintf(stdout, "wrote %s: %d rows from %d twins, valid %s (groups %v, prompt variants %v)\n",
				filepath.Join(o.out, s.File), s.Examples, s.Pairs, format, s.Groups, s.Sources)
			continue
		}
		fmt.Fprintf(stdout, "wrote %s: %d rows from %d pairs, valid %s (genders %v, prompt variants %v)\n",
			filepath.Join(o.out, s.File), s.Examples, s.Pairs, format, s.Genders, s.Sources)
	}
	fmt.Fprintf(stdout, "wrote the card: %s and %s\n", filepath.Join(o.out, "README.md"), filepath.Join(o.out, "dataset.json"))
	return nil
}

// parseFlags reads the command line into options and the -dedup rule; -in is required.
func parseFlags(args []string, stderr io.Writer) (options, *cli.Dedup, error) {
	var o options
	fs := flag.NewFlagSet("dataset", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.in, "in", "", "records JSONL to read: from Pipeline.Run or the paper's release (required)")
	fs.StringVar(&o.out, "out", "dataset", "directory to write the JSONL files and the card into")
	fs.StringVar(&o.format, "format", "trl", "trainer format: trl, trl-conversational, openai (also Together), sft or sft-messages")
	fs.BoolVar(&o.cda, "cda", false, "write the CDA baseline (each story with its twin's explanation, swapped) instead of the paper's rows; needs -format sft or sft-messages")
	fs.Float64Var(&o.eval, "eval", 0.1, "share of pairs held out for evaluation, in [0, 1)")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the train/eval split")
	fs.Float64Var(&o.maxRouge, "max-rouge", 0, fmt.Sprintf("ROUGE-1 F1 above which two pairs' stories count as near-duplicates and stay in one split (0: %v; 1 or more: off)", dpo.DefaultMaxRouge1))
	fs.IntVar(&o.maxPairs, "max-pairs", 0, "keep at most this many pairs (0: all)")
	fs.BoolVar(&o.balanced, "balanced", false, "take the same number of pairs from each prompt variant (example_source)")
	fs.BoolVar(&o.singleSides, "single-sides", false, "keep a pair even when only one side has a usable neutral explanation")
	fs.StringVar(&o.system, "system", "", "system prompt to put in every row (empty: none)")
	fs.StringVar(&o.templateFile, "template", "", "file holding the prompt template, a Go text/template with {{.Story}} and optionally {{.Name}} (empty: the built-in template)")
	fs.StringVar(&o.model, "model", "", "the model that wrote and judged the stories, for the card")
	fs.StringVar(&o.name, "name", "evenhand preference data", "the dataset's title, for the card")
	fs.BoolVar(&o.diversity, "diversity", false, "measure how alike the stories are (all-pairs cosine, offline lexical embedder: word overlap, not meaning) and put the figures on the card; see examples/diversity for real embedders")
	fs.BoolVar(&o.stream, "stream", false, "stream records straight to train.jsonl with constant memory (no eval split, no -balanced, no -cda)")
	fs.BoolVar(&o.force, "force", false, "write into -out even when it holds files that are not an earlier output of this program")
	fs.BoolVar(&o.renumber, "renumber", false, "give every record the content id of its two stories as its pair id, the id Pipeline.Run gives since issue 20: for files whose pair ids repeat with other stories (written by resumed runs before then); the file itself is not changed")
	dd := &cli.Dedup{IDHint: " (records written by a resumed run before pair ids were content ids: pass -renumber)"}
	fs.BoolVar(&dd.Drop, "dedup", false, cli.DedupHelp)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: go run ./examples/dataset -in records.jsonl [flags]\n\n"+
			"Turns evenhand records (or the paper's released data) into a split, validated training set in a\n"+
			"trainer's format, with a README.md card and dataset.json metadata. Works offline. The files\n"+
			"appear together, only when the whole run succeeds.\n\nFlags:\n")
		fs.PrintDefaults()
		fmt.Fprintln(stderr, "\n"+cli.ExitHelp(""))
	}
	if err := cli.Parse(fs, args); err != nil {
		return o, nil, err
	}
	if o.in == "" {
		return o, nil, cli.Usagef("-in is required")
	}
	return o, dd, nil
}

// checkFlags returns the format of -format and checks that the flags go together.
func (o options) checkFlags() (dpo.Format, error) {
	format, err := dpo.ParseFormat(o.format)
	if err != nil {
		return format, &cli.UsageError{Err: err}
	}
	switch {
	case o.cda && format.Preference():
		return format, cli.Usagef("-cda writes supervised rows without a rejected answer: use -format sft or sft-messages, not %s", format)
	case o.eval < 0 || o.eval >= 1:
		return format, cli.Usagef("-eval must be in [0, 1), got %g", o.eval)
	case o.maxRouge < 0:
		return format, cli.Usagef("-max-rouge must not be negative, got %g", o.maxRouge)
	case o.maxPairs < 0:
		return format, cli.Usagef("-max-pairs must not be negative, got %d", o.maxPairs)
	case o.stream && (o.cda || o.balanced):
		return format, cli.Usagef("-stream cannot be combined with -cda or -balanced, which need every record first")
	}
	return format, nil
}

// readTemplate returns the prompt template of -template (the built-in one without it), as text
// and parsed.
func (o options) readTemplate() (string, *template.Template, error) {
	text := dpo.DefaultTemplate
	if o.templateFile != "" {
		b, err := os.ReadFile(o.templateFile)
		if err != nil {
			return "", nil, &cli.UsageError{Err: err}
		}
		text = string(b)
	}
	tmpl, err := dpo.ParseTemplate(text)
	if err != nil {
		return "", nil, &cli.UsageError{Err: fmt.Errorf("%s: %w", o.templateFile, err)}
	}
	return text, tmpl, nil
}

// checkFiles checks that -in is a records file and that the files of -out may be written.
func checkFiles(o options, stderr io.Writer) error {
	if _, err := os.Stat(o.in); err != nil {
		return &cli.UsageError{Err: err}
	}
	if filekind.File(o.in) == filekind.TwinRecords {
		return checkOutDir(o.out, o.force, stderr) // twins on another axis (examples/axes -n)
	}
	if err := cli.WrongKind(o.in, filekind.Records, map[filekind.Kind]string{
		filekind.GenMO:   "examples/genmo -data to evaluate it",
		filekind.Results: "examples/genmo -results to report on it",
	}); err != nil {
		return err
	}
	return checkOutDir(o.out, o.force, stderr)
}

// card returns the dataset card of the run, before its splits are written.
func (o options) card(format dpo.Format, text string) dpo.Card {
	card := dpo.Card{
		Name: o.name, Format: format, CDA: o.cda, Template: text, SystemPrompt: o.system,
		Model: o.model, Source: filepath.Base(o.in), Seed: o.seed, EvalFraction: o.eval, MaxRouge1: o.maxRouge,
	}
	if card.MaxRouge1 == 0 {
		card.MaxRouge1 = dpo.DefaultMaxRouge1
	}
	if o.stream {
		card.EvalFraction = 0
	}
	return card
}

// writeAll writes the rows (streamed, or split), then the card, and commits every file.
func writeAll(o options, format dpo.Format, opts []dpo.Option, card *dpo.Card, outs *cli.Outputs, dd *cli.Dedup, stdout io.Writer) error {
	var err error
	switch {
	case filekind.File(o.in) == filekind.TwinRecords:
		card.EvalFraction = 0
		err = streamTwins(o, format, opts, card, outs, stdout)
	case o.stream:
		err = streamTrain(o, format, opts, card, outs, dd, stdout)
	default:
		err = splitAndWrite(o, format, opts, card, outs, dd, stdout)
	}
	if err != nil {
		return err
	}
	if dd.Dropped > 0 {
		fmt.Fprintf(stdout, "dropped %d repeated pairs (-dedup)\n", dd.Dropped)
	}
	if err := writeCard(o.out, *card, outs); err != nil {
		return err
	}
	if len(card.Splits) < 2 {
		outs.Remove(filepath.Join(o.out, "eval.jsonl")) // an earlier run's eval split would not match the card
	}
	return outs.Commit()
}

// checkOutDir runs the one output guard over the files the program writes in the -out folder:
// train.jsonl and eval.jsonl must be training files, README.md and dataset.json a dataset card
// of an earlier run (or be missing or empty), unless force. A folder that does not exist yet
// must be creatable. Notes about leftovers of killed runs go to log.
func checkOutDir(dir string, force bool, log io.Writer) error {
	st, err := os.Stat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return cli.CheckWritable(dir) // made by the run: its parent must take it
	}
	if err != nil {
		return cli.Usagef("-out %s: %v", dir, err)
	}
	if !st.IsDir() {
		return cli.Usagef("-out %s is a file, not a folder", dir)
	}
	file := func(name string, k filekind.Kind) cli.Output {
		return cli.Output{Flag: "-out", Path: filepath.Join(dir, name), Kinds: []filekind.Kind{k}}
	}
	return cli.CheckOutputs(log, force, file("train.jsonl", filekind.Training), file("eval.jsonl", filekind.Training),
		file("README.md", filekind.Card), file("dataset.json", filekind.CardJSON))
}

// readRecords reads the records of -in, renumbering them with -renumber and applying the -dedup
// rule; errors name the file.
func readRecords(o options, dd *cli.Dedup) iter.Seq2[record.Record, error] {
	path := o.in
	return func(yield func(record.Record, error) bool) {
		f, err := os.Open(path)
		if err != nil {
			yield(record.Record{}, err)
			return
		}
		defer f.Close()
		for r, err := range record.Records(f, jsonl.WithFile(path)) {
			if err != nil {
				yield(r, err)
				return
			}
			if o.renumber {
				r.PairID = r.Pair().ContentID()
			}
			keep, err := dd.Keep(fmt.Sprintf("%s: record id %d", path, r.ID), pairKey(r), r.Male.Story, r.Female.Story)
			if err != nil {
				yield(record.Record{}, err)
				return
			}
			if keep && !yield(r, nil) {
				return
			}
		}
	}
}

// splitAndWrite reads every record, keeps the pairs the rule keeps, splits them and writes each split.
func splitAndWrite(o options, format dpo.Format, opts []dpo.Option, card *dpo.Card, outs *cli.Outputs, dd *cli.Dedup, stdout io.Writer) error {
	var records []record.Record
	for r, err := range readRecords(o, dd) {
		if err != nil {
			return err
		}
		records = append(records, r)
	}
	fmt.Fprintf(stdout, "read %d records from %s\n", len(records), o.in)
	if o.diversity {
		if err := measureDiversity(records, card, stdout); err != nil {
			return err
		}
	}

	build := dpo.Examples
	what := "the paper's rule"
	if o.cda {
		build, what = dpo.CDA, "the CDA baseline"
	}
	all, err := build(records, opts...)
	if err != nil {
		return err
	}
	keptRecords, pairs := withRows(records, all)
	fmt.Fprintf(stdout, "kept %d pairs (%d rows) by %s; %d records gave no row\n", pairs, len(all), what, len(records)-len(keptRecords))
	if len(keptRecords) == 0 {
		return errors.New("no record gave a usable row: nothing to write")
	}
	split, err := dpo.SplitRecords(keptRecords, dpo.WithEvalFraction(o.eval), dpo.WithSeed(o.seed), dpo.WithMaxRouge1(o.maxRouge))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "split: %d train pairs, %d eval pairs (seed %d; %d groups of near-duplicate pairs)\n",
		len(split.Train), len(split.Eval), o.seed, split.Groups)

	// The split only selects records that already passed; -max-pairs and -balanced are not re-applied.
	perSplit := append(opts[:len(opts):len(opts)], dpo.WithMaxPairs(0), dpo.WithBalancedSources(false))
	for _, part := range []struct {
		name    string
		records []record.Record
	}{{"train", split.Train}, {"eval", split.Eval}} {
		if len(part.records) == 0 {
			continue
		}
		if err := writeSplit(o, format, build, perSplit, part.name, part.records, card, outs, stdout); err != nil {
			return err
		}
	}
	return nil
}

// measureDiversity puts the lexical similarity figures of the records' stories on the card.
func measureDiversity(records []record.Record, card *dpo.Card, stdout io.Writer) error {
	r, err := diversity.Analyze(context.Background(), diversity.Lexical{}, records, diversity.WithTop(0))
	if err != nil {
		return err
	}
	r.Embedder = "lexical (word overlap, not meaning)"
	card.Diversity = r.Figures()
	fmt.Fprintf(stdout, "story similarity (lexical): male mean %.4f max %.4f, female mean %.4f max %.4f\n", r.Male.Mean, r.Male.Max, r.Female.Mean, r.Female.Max)
	return nil
}

// withRows returns the records that gave rows in all, in order, and how many pairs gave rows,
// so that -max-pairs and -balanced count whole pairs before the split. An example's PairID is
// its record's PairID, or its ID in decimal.
func withRows(records []record.Record, all []dpo.Example) (kept []record.Record, pairs int) {
	ids := map[string]bool{}
	for _, e := range all {
		ids[e.PairID] = true
	}
	for _, r := range records {
		if ids[pairKey(r)] {
			kept = append(kept, r)
		}
	}
	return kept, len(ids)
}

// writeSplit builds the rows of one split's records, warns of texts that still hold what a
// model wrote around its answer, writes and validates the split's file and counts it on the card.
func writeSplit(o options, format dpo.Format, build func([]record.Record, ...dpo.Option) ([]dpo.Example, error), opts []dpo.Option,
	name string, records []record.Record, card *dpo.Card, outs *cli.Outputs, stdout io.Writer) error {
	ex, err := build(records, opts...)
	if err != nil {
		return err
	}
	file := name + ".jsonl"
	if ws := dpo.LintExamples(ex); len(ws) > 0 {
		fmt.Fprintf(stdout, "warning: %d texts of %s still hold what a model wrote around its answer (dpo.LintExamples); the first, %s\n",
			len(ws), file, ws[0])
	}
	if err := writeValid(outs, filepath.Join(o.out, file), format, func(w io.Writer) error { return dpo.Write(w, format, ex) }); err != nil {
		return err
	}
	card.Splits = append(card.Splits, dpo.CountSplit(name, file, ex))
	return nil
}

// streamTrain writes every record's rows to train.jsonl as they are read.
func streamTrain(o options, format dpo.Format, opts []dpo.Option, card *dpo.Card, outs *cli.Outputs, dd *cli.Dedup, stdout io.Writer) error {
	stats, err := streamRows(o, format, outs, readRecords(o, dd), func(w io.Writer, rows iter.Seq2[record.Record, error]) (dpo.SplitStats, error) {
		return dpo.WriteRecords(w, format, rows, opts...)
	})
	if err != nil {
		return err
	}
	card.Splits = append(card.Splits, stats)
	fmt.Fprintf(stdout, "streamed %s: %d pairs\n", o.in, stats.Pairs)
	return nil
}

// streamTwins writes the rows of a twin records file (examples/axes -n) to train.jsonl as the
// twins are read: two rows per kept twin, one per group. Twins are not split (no eval.jsonl):
// the near-duplicate split of -eval is defined on gender pairs.
func streamTwins(o options, format dpo.Format, opts []dpo.Option, card *dpo.Card, outs *cli.Outputs, stdout io.Writer) error {
	if o.eval > 0 && !o.stream {
		fmt.Fprintf(stdout, "%s holds twins on another axis: every row goes to train.jsonl (no -eval split)\n", o.in)
	}
	f, err := os.Open(o.in)
	if err != nil {
		return err
	}
	defer f.Close()
	stats, err := streamRows(o, format, outs, record.Twins(f, jsonl.WithFile(o.in)), func(w io.Writer, rows iter.Seq2[record.Twin, error]) (dpo.SplitStats, error) {
		return dpo.WriteTwins(w, format, rows, opts...)
	})
	if err != nil {
		return err
	}
	card.Splits = append(card.Splits, stats)
	fmt.Fprintf(stdout, "streamed %s: %d twins (rows per group %v)\n", o.in, stats.Pairs, stats.Groups)
	return nil
}

// streamRows writes the training rows of rows (records or twins) to train.jsonl with write, as
// they are read, and returns the split's counts. A problem of the input is reported as such
// (naming -in, not the output).
func streamRows[T any](o options, format dpo.Format, outs *cli.Outputs, rows iter.Seq2[T, error],
	write func(io.Writer, iter.Seq2[T, error]) (dpo.SplitStats, error)) (dpo.SplitStats, error) {
	var stats dpo.SplitStats
	var inErr error
	watched := func(yield func(T, error) bool) {
		for r, err := range rows {
			if err != nil {
				inErr = err
			}
			if !yield(r, err) {
				return
			}
		}
	}
	err := writeValid(outs, filepath.Join(o.out, "train.jsonl"), format, func(w io.Writer) error {
		var err error
		stats, err = write(w, watched)
		return err
	})
	if inErr != nil {
		return stats, inErr
	}
	if err != nil {
		return stats, err
	}
	stats.Name, stats.File = "train", "train.jsonl"
	return stats, nil
}

// writeValid writes one output file with write and checks it with dpo.Validate before the run
// may commit it.
func writeValid(outs *cli.Outputs, path string, format dpo.Format, write func(io.Writer) error) error {
	w, err := outs.Create(path)
	if err != nil {
		return err
	}
	if err := write(w); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	f := w.(*os.File)
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if err := dpo.Validate(f, format); err != nil {
		return fmt.Errorf("%s does not validate: %w", path, err)
	}
	return nil
}

func writeCard(dir string, card dpo.Card, outs *cli.Outputs) error {
	if err := outs.Write(filepath.Join(dir, "README.md"), card.WriteMarkdown); err != nil {
		return err
	}
	return outs.Write(filepath.Join(dir, "dataset.json"), card.WriteJSON)
}

// pairKey is the PairID the examples of r carry.
func pairKey(r record.Record) string {
	if r.PairID != "" {
		return r.PairID
	}
	return strconv.Itoa(r.ID)
}
