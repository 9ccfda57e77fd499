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
	"github.com/evenhand/evenhand/examples/internal/fileio"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/evenhand/evenhand/dpo"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return // -h: the usage was printed
		}
		fmt.Fprintln(os.Stderr, "dataset:", err)
		os.Exit(1)
	}
}

type options struct {
	in, out, format, system, templateFile, model, name string
	cda, balanced, singleSides, stream                 bool
	eval, maxRouge                                     float64
	seed                                               uint64
	maxPairs                                           int
}

func run(_ context.Context, args []string, stdout, stderr io.Writer) error {
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
	fs.StringVar(&o.templateFile, "template", "", "file holding the prompt template, with {story} and optionally {name} (empty: the built-in template)")
	fs.StringVar(&o.model, "model", "", "the model that wrote and judged the stories, for the card")
	fs.StringVar(&o.name, "name", "evenhand preference data", "the dataset's title, for the card")
	fs.BoolVar(&o.stream, "stream", false, "stream records straight to train.jsonl with constant memory (no eval split, no -balanced, no -cda)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: go run ./examples/dataset -in records.jsonl [flags]\n\n"+
			"Turns evenhand records (or the paper's released data) into a split, validated training set in a\n"+
			"trainer's format, with a README.md card and dataset.json metadata. Works offline.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if o.in == "" {
		fs.Usage()
		return errors.New("-in is required")
	}
	format, err := dpo.ParseFormat(o.format)
	if err != nil {
		return err
	}
	if o.cda && format.Preference() {
		return fmt.Errorf("-cda writes supervised rows without a rejected answer: use -format sft or sft-messages, not %s", format)
	}
	template := dpo.DefaultTemplate
	if o.templateFile != "" {
		b, err := os.ReadFile(o.templateFile)
		if err != nil {
			return err
		}
		template = string(b)
	}
	opts := []dpo.Option{
		dpo.WithTemplate(template),
		dpo.WithSystemPrompt(o.system),
		dpo.WithMaxPairs(o.maxPairs),
		dpo.WithBalancedSources(o.balanced),
		dpo.WithRequireBothSides(!o.singleSides),
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return err
	}
	card := dpo.Card{
		Name: o.name, Format: format, CDA: o.cda, Template: template, SystemPrompt: o.system,
		Model: o.model, Source: filepath.Base(o.in), Seed: o.seed, EvalFraction: o.eval, MaxRouge1: o.maxRouge,
	}
	if card.MaxRouge1 == 0 {
		card.MaxRouge1 = dpo.DefaultMaxRouge1
	}
	if o.stream {
		if o.cda || o.balanced {
			return errors.New("-stream cannot be combined with -cda or -balanced, which need every record first")
		}
		card.EvalFraction = 0
		err = streamTrain(o, format, opts, &card, stdout)
	} else {
		err = splitAndWrite(o, format, opts, &card, stdout)
	}
	if err != nil {
		return err
	}
	return writeCard(o.out, card, stdout)
}

// splitAndWrite reads every record, keeps the pairs the rule keeps, splits them and writes each split.
func splitAndWrite(o options, format dpo.Format, opts []dpo.Option, card *dpo.Card, stdout io.Writer) error {
	f, err := os.Open(o.in)
	if err != nil {
		return err
	}
	records, err := dpo.ReadRecords(f)
	f.Close()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "read %d records from %s\n", len(records), o.in)

	build := dpo.Examples
	what := "the paper's rule"
	if o.cda {
		build, what = dpo.CDA, "the CDA baseline"
	}
	all, err := build(records, opts...)
	if err != nil {
		return err
	}
	// Keep the records that gave rows, then split those, so -max-pairs and -balanced count whole
	// pairs before the split. An example's PairID is its record's PairID, or its ID in decimal.
	kept := map[string]bool{}
	for _, e := range all {
		kept[e.PairID] = true
	}
	var keptRecords []dpo.Record
	for _, r := range records {
		if kept[pairKey(r)] {
			keptRecords = append(keptRecords, r)
		}
	}
	fmt.Fprintf(stdout, "kept %d pairs (%d rows) by %s; %d records gave no row\n", len(kept), len(all), what, len(records)-len(keptRecords))
	if len(keptRecords) == 0 {
		return errors.New("no record gave a usable row: nothing to write")
	}
	split, err := dpo.SplitRecords(keptRecords, dpo.SplitConfig{EvalFraction: o.eval, Seed: o.seed, MaxRouge1: o.maxRouge})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "split: %d train pairs, %d eval pairs (seed %d; %d groups of near-duplicate pairs)\n",
		len(split.Train), len(split.Eval), o.seed, split.Groups)

	// The split only selects records that already passed; -max-pairs and -balanced are not re-applied.
	perSplit := append(opts[:len(opts):len(opts)], dpo.WithMaxPairs(0), dpo.WithBalancedSources(false))
	for _, part := range []struct {
		name    string
		records []dpo.Record
	}{{"train", split.Train}, {"eval", split.Eval}} {
		if len(part.records) == 0 {
			continue
		}
		ex, err := build(part.records, perSplit...)
		if err != nil {
			return err
		}
		file := part.name + ".jsonl"
		if err := fileio.Write(filepath.Join(o.out, file), func(w io.Writer) error { return dpo.Write(w, format, ex) }); err != nil {
			return err
		}
		stats := dpo.CountSplit(part.name, file, ex)
		card.Splits = append(card.Splits, stats)
		if err := report(o.out, stats, format, stdout); err != nil {
			return err
		}
	}
	return nil
}

// streamTrain writes every record's rows to train.jsonl as they are read.
func streamTrain(o options, format dpo.Format, opts []dpo.Option, card *dpo.Card, stdout io.Writer) error {
	in, err := os.Open(o.in)
	if err != nil {
		return err
	}
	defer in.Close()
	var stats dpo.SplitStats
	err = fileio.Write(filepath.Join(o.out, "train.jsonl"), func(w io.Writer) error {
		var err error
		stats, err = dpo.WriteRecords(w, format, dpo.Records(in), opts...)
		return err
	})
	if err != nil {
		return err
	}
	stats.Name, stats.File = "train", "train.jsonl"
	card.Splits = append(card.Splits, stats)
	fmt.Fprintf(stdout, "streamed %s: %d pairs\n", o.in, stats.Pairs)
	return report(o.out, stats, format, stdout)
}

// report validates a written file and prints what it holds.
func report(dir string, s dpo.SplitStats, format dpo.Format, stdout io.Writer) error {
	path := filepath.Join(dir, s.File)
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := dpo.Validate(f, format); err != nil {
		return fmt.Errorf("%s does not validate: %w", path, err)
	}
	fmt.Fprintf(stdout, "wrote %s: %d rows from %d pairs, valid %s (genders %v, prompt variants %v)\n",
		path, s.Examples, s.Pairs, format, s.Genders, s.Sources)
	return nil
}

func writeCard(dir string, card dpo.Card, stdout io.Writer) error {
	md, js := filepath.Join(dir, "README.md"), filepath.Join(dir, "dataset.json")
	if err := fileio.Write(md, card.WriteMarkdown); err != nil {
		return err
	}
	if err := fileio.Write(js, card.WriteJSON); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote the card: %s and %s\n", md, js)
	return nil
}

// pairKey is the PairID the examples of r carry.
func pairKey(r dpo.Record) string {
	if r.PairID != "" {
		return r.PairID
	}
	return strconv.Itoa(r.ID)
}
