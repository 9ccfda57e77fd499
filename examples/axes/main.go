// Command axes audits a model's moral judgments for bias on an axis other than gender (religion,
// age, disability, nationality, physical appearance, race and ethnicity, socio-economic status,
// sexual orientation): the stories of the GenMO benchmark are told twice, once with a protagonist
// of each of two groups (package axis puts the group in by rule and checks every twin, with no
// model), each telling is judged on its own, and the report says how often the judgment depends
// on the group and which group is favoured, with confidence intervals.
//
//	axes -axis Religion -groups Muslim,Christian -genmo GenMO_dataset.json [-limit N] [-html report.html] [-out results.jsonl]
//	axes -axis Religion -groups Muslim,Christian -genmo GenMO_dataset.json -quads
//
// With -quads each GenMO pair is told four ways (male or female protagonist, of either group)
// and the report adds the quad mismatch rate and the gender x group interaction. The model is
// OpenAI or Ollama when the environment names one, the offline demo model otherwise. The number
// of model calls is printed before the first call. Run it with -h for every flag.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/evenhand/evenhand"
	"github.com/evenhand/evenhand/axis"
	"github.com/evenhand/evenhand/eval"
	"github.com/evenhand/evenhand/examples/internal/cli"
	"github.com/evenhand/evenhand/examples/internal/provider"
	"github.com/evenhand/evenhand/internal/filekind"
	"github.com/evenhand/evenhand/jsonl"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/llmx"
	"github.com/evenhand/evenhand/story"
)

func main() {
	cli.Main("axes", func() error {
		err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr)
		if errors.Is(err, eval.ErrLimitExceeded) {
			return &cli.GateError{Err: fmt.Errorf("the report breaks its limits:\n%w", err)}
		}
		return err
	})
}

const usageHead = `Usage:
  go run ./examples/axes -axis Religion -groups Muslim,Christian -genmo GenMO_dataset.json [flags]
  go run ./examples/axes -axis Age -groups 78-year-old,22-year-old -genmo GenMO_dataset.json -quads
  go run ./examples/axes -axis Religion -groups Muslim,Christian -n 100 -out twins.jsonl
  go run ./examples/axes -axis all -genmo GenMO_dataset.json
  go run ./examples/axes -before results-before.jsonl -after results-after.jsonl

Audits a model's moral judgments on an axis other than gender. Each GenMO story is made into a
twin by rule: the same story with a protagonist of the first group and of the second (every twin
is checked; stories that make no twin are counted and left out). Each telling is judged on its
own (Moral, Immoral, Both or Can't say); a twin is a mismatch when its two judgments differ and
one is Moral or Immoral. The report gives the mismatch rate and each group's share of the
favoured twins, with 95% confidence intervals. With -quads each pair is told four ways (gender x
group) and the report adds the gender x group interaction, (s11 - s10) - (s01 - s00) on the
stance scores (Moral 2, Both 1, Can't say 1, Immoral 0). With -n the model writes twins of its
own, each checked before it is judged, and those judged differently for the two groups are kept
with balanced explanations in a twin records file (examples/dataset makes training rows of it). With
-before and -after it compares two twin results files (-out of two audits of the same twins,
say before and after training): twins resolved and introduced, exact McNemar test. -axis all
audits every axis on its default pair of groups (Age 78-year-old,22-year-old; Disability_status
blind,sighted; Nationality Mexican,Swedish; Physical_appearance fat,thin; Race_ethnicity
Black,White; Religion Muslim,Christian; SES low-income,wealthy; Sexual_orientation gay,straight)
and prints one line per axis; the limits apply to each axis.

The report's figures go to standard output as a table, or as JSON with -json.

Flags:
`

// config holds the parsed flags.
type config struct {
	axis          axis.Axis
	groups        [2]string
	genmo         string
	n             int
	limit, conc   int
	quads         bool
	out, html     string
	jsonOut       bool
	seed          uint64
	skew          float64
	reask         int
	limits        eval.Limits
	force         bool
	axisS, groupS string
	before, after string
	allAxes       bool // -axis all: every axis on its default groups

	results []eval.TwinOutcome // the judged twins, written to -out
}

func parse(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("axes", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.axisS, "axis", "", "the axis: "+axisNames())
	fs.StringVar(&c.groupS, "groups", "", "the two groups of the axis, comma-separated, as the lexicon names them (e.g. Muslim,Christian)")
	fs.StringVar(&c.genmo, "genmo", "", "GenMO dataset whose stories are made into twins and judged (the published JSON array)")
	fs.IntVar(&c.n, "n", 0, "instead of -genmo: have the model write twins until N are kept (judged differently for the two groups, with balanced explanations) into the twin records file -out, continuing it if it holds some (the offline demo model, or a real provider: see Environment)")
	fs.IntVar(&c.limit, "limit", 0, "judge only the first N GenMO pairs (0: all)")
	fs.BoolVar(&c.quads, "quads", false, "tell each pair four ways (gender x group) and report the interaction")
	fs.IntVar(&c.conc, "concurrency", 8, "judge calls at once")
	fs.StringVar(&c.out, "out", "", "with -genmo: also write the judged twins to this twin results file (JSON Lines; with -quads, each quad's two twins, IDs <pair>/male and <pair>/female); with -n: the twin records file to write or continue")
	fs.StringVar(&c.html, "html", "", "also write the report as a self-contained HTML page to this file")
	fs.BoolVar(&c.jsonOut, "json", false, "print the report as JSON instead of a table (other messages go to stderr)")
	fs.Uint64Var(&c.seed, "seed", 1, "seed of the offline demo model")
	fs.Float64Var(&c.skew, "skew", 0.35, "skew of the offline demo model, in [0, 1]")
	fs.IntVar(&c.reask, "reask", 0, "ask the judge again, up to N more times, when a reply holds no readable stance")
	fs.Float64Var(&c.limits.MaxMismatchRate, "max-mismatch-rate", 0, "fail (exit 3) when the twins' mismatch rate is above this (0: no limit)")
	fs.Float64Var(&c.limits.MaxBiasGap, "max-bias-gap", 0, "fail (exit 3) when the gap between the two groups' shares of the favoured twins is above this (0: no limit)")
	fs.Float64Var(&c.limits.MaxInvalidRate, "max-invalid-rate", 0, "fail (exit 3) when the share of twins with an unreadable stance is above this (0: no limit)")
	fs.IntVar(&c.limits.MinPairs, "min-pairs", 1, "fail (exit 3) when the report holds fewer twins than this (0: no minimum)")
	fs.StringVar(&c.before, "before", "", "with -after: compare two twin results files (-out of two audits of the same twins, say before and after training): the change in mismatch rate with the exact McNemar test")
	fs.StringVar(&c.after, "after", "", "with -before: the second twin results file")
	fs.BoolVar(&c.force, "force", false, "replace -out or -html even when it holds something other than an earlier output of this program")
	fs.Usage = func() {
		fmt.Fprint(stderr, usageHead)
		fs.PrintDefaults()
		fmt.Fprintln(stderr, "\n"+provider.Env+"\n\n"+cli.ExitHelp("a -max-* limit is exceeded, or the report holds fewer twins than -min-pairs"))
	}
	if err := cli.Parse(fs, args); err != nil {
		return c, err
	}
	if err := c.check(); err != nil {
		return c, err
	}
	return c, c.checkFiles(stderr)
}

func axisNames() string {
	var names []string
	for _, a := range axis.Axes() {
		names = append(names, string(a))
	}
	return strings.Join(names, ", ")
}

// check reads -axis and -groups against the lexicon and checks the other flags' ranges.
func (c *config) check() error {
	if c.before != "" || c.after != "" {
		return c.checkCompare()
	}
	if err := c.checkRanges(); err != nil {
		return err
	}
	return c.checkAxis()
}

// checkCompare checks the flags of -before/-after: the axis and groups come from the files.
func (c *config) checkCompare() error {
	switch {
	case c.before == "" || c.after == "":
		return cli.Usagef("-before and -after go together")
	case c.genmo != "" || c.n != 0 || c.quads || c.out != "":
		return cli.Usagef("-before/-after compare two twin results files; -genmo, -n, -quads and -out do not go with them")
	case c.axisS != "" || c.groupS != "":
		return cli.Usagef("-before/-after read the axis and the groups from the files; leave out -axis and -groups")
	}
	return nil
}

// checkRanges checks that the required flags are given and the numbers are in range.
func (c *config) checkRanges() error {
	switch {
	case c.axisS == "" || (c.groupS == "" && c.axisS != "all"):
		return cli.Usagef("-axis and -groups are required (or -axis all)")
	case (c.genmo == "") == (c.n == 0):
		return cli.Usagef("give one of -genmo FILE (audit GenMO's stories as twins) or -n N (write a dataset of N twins)")
	case c.n < 0:
		return cli.Usagef("-n must not be negative, got %d", c.n)
	case c.n > 0 && (c.out == "" || c.quads || c.html != ""):
		return cli.Usagef("-n writes twin records to -out (required); -quads and -html go with -genmo")
	case c.limit < 0 || c.conc < 1 || c.reask < 0:
		return cli.Usagef("-limit and -reask must not be negative, -concurrency at least 1")
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

// checkAxis reads -axis and -groups against the built-in lexicon.
func (c *config) checkAxis() error {
	if c.axisS == "all" {
		if c.groupS != "" || c.n != 0 || c.quads || c.out != "" || c.html != "" {
			return cli.Usagef("-axis all audits every axis on its default groups with -genmo: leave out -groups, -n, -quads, -out and -html")
		}
		c.allAxes = true
		return nil
	}
	var err error
	if c.axis, err = axis.ParseAxis(c.axisS); err != nil {
		return &cli.UsageError{Err: err}
	}
	g := strings.Split(c.groupS, ",")
	if len(g) != 2 || strings.TrimSpace(g[0]) == "" || strings.TrimSpace(g[1]) == "" {
		return cli.Usagef("-groups takes two groups separated by a comma, got %q", c.groupS)
	}
	c.groups = [2]string{strings.TrimSpace(g[0]), strings.TrimSpace(g[1])}
	// The lexicon must know both groups: GenMOTwins says so before any story is tried.
	if _, _, err := axis.GenMOTwins(nil, nil, c.axis, c.groups); err != nil {
		return cli.Usagef("%v (groups of %s: %s)", err, c.axis, strings.Join(axis.Builtin().Groups(c.axis), ", "))
	}
	return nil
}

// checkFiles checks -genmo's kind and that -out and -html may be written, before any model call.
func (c config) checkFiles(stderr io.Writer) error {
	if c.before != "" {
		for _, path := range []string{c.before, c.after} {
			if _, err := os.Stat(path); err != nil {
				return &cli.UsageError{Err: err}
			}
			if err := cli.WrongKind(path, filekind.TwinResults, map[filekind.Kind]string{filekind.GenMO: "-genmo"}); err != nil {
				return err
			}
		}
		return cli.CheckOutputs(stderr, c.force, cli.Output{Flag: "-html", Path: c.html, Kinds: []filekind.Kind{filekind.Report}})
	}
	if c.n > 0 {
		return cli.CheckOutputs(stderr, c.force, cli.Output{Flag: "-out", Path: c.out,
			Kinds: []filekind.Kind{filekind.TwinRecords}, Append: true, Lead: `{"axis":`})
	}
	if _, err := os.Stat(c.genmo); err != nil {
		return &cli.UsageError{Err: err}
	}
	if err := cli.WrongKind(c.genmo, filekind.GenMO, map[filekind.Kind]string{filekind.GenMO: "-genmo"}); err != nil {
		return err
	}
	return cli.CheckOutputs(stderr, c.force, cli.Output{Flag: "-out", Path: c.out, Kinds: []filekind.Kind{filekind.TwinResults}},
		cli.Output{Flag: "-html", Path: c.html, Kinds: []filekind.Kind{filekind.Report}})
}

// report is what both audits print and write.
type report interface {
	WriteText(io.Writer) error
	WriteJSON(io.Writer) error
	WriteHTML(io.Writer) error
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, err := parse(args, stderr)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	info := stdout
	if c.jsonOut {
		info = stderr
	}
	if c.before != "" {
		return compareFiles(c, stdout, info)
	}
	m, err := provider.FromEnv(c.seed, c.skew)
	if err != nil {
		return err
	}
	if c.n > 0 {
		return generate(ctx, c, m, info)
	}
	pairs, err := readGenMO(c.genmo, c.limit)
	if err != nil {
		return err
	}
	model := m.Model
	if !m.Demo {
		model = llmx.Retry(model)
	}
	meter := llmx.NewMeter(model)
	j := judge.New(meter, judge.WithReasks(c.reask))
	if c.allAxes {
		fmt.Fprintf(info, "evenhand audit on every axis, each on its default groups\nmodel:   %s\n", m.Name)
		if m.Demo {
			fmt.Fprintln(info, "         the demo's judge reads the words of a story, so on axes whose group words are lower case its two\n         judgments of a twin differ at random: its figures here are noise, not a model's bias (see -h)")
		}
		fmt.Fprintf(info, "data:    %s (%d pairs, %d stories)\n", c.genmo, len(pairs), 2*len(pairs))
		err := auditAll(ctx, &c, j, pairs, stdout, info)
		u := meter.Usage()
		fmt.Fprintf(info, "\nmodel calls: %d (%d prompt + %d completion tokens reported), %d retries\n", u.Calls, u.PromptTokens, u.CompletionTokens, u.Retries)
		return err
	}
	fmt.Fprintf(info, "evenhand audit on an axis: %s, %s / %s\nmodel:   %s\n", c.axis, c.groups[0], c.groups[1], m.Name)
	if m.Demo {
		fmt.Fprintln(info, "         set OPENAI_API_KEY or OLLAMA_HOST to judge with a real model (see -h)")
	}
	var r report
	var limitsErr error
	if c.quads {
		r, limitsErr, err = auditQuads(ctx, &c, j, pairs, info)
	} else {
		r, limitsErr, err = auditTwins(ctx, &c, j, pairs, info)
	}
	if err != nil {
		return err
	}
	u := meter.Usage()
	fmt.Fprintf(info, "model calls: %d (%d prompt + %d completion tokens reported), %d retries\n\n", u.Calls, u.PromptTokens, u.CompletionTokens, u.Retries)
	if err := write(c, r, stdout, info); err != nil {
		return err
	}
	return limitsErr
}

// generate has the model write twins into the records file c.out until c.n are kept, with the
// stages evenhand.New builds for an axis (WithAxis): axis.New writes the twins, the paper's
// three-option judge judges both tellings, neutral.NewTwin writes the balanced explanations.
func generate(ctx context.Context, c config, m provider.Model, info io.Writer) error {
	var opts []evenhand.Option
	if c.reask > 0 {
		opts = append(opts, evenhand.WithJudgeOptions(judge.WithReasks(c.reask)))
	}
	p := evenhand.New(m.Model, append(opts, evenhand.WithAxis(c.axis, c.groups))...)
	p.Concurrency = c.conc
	fmt.Fprintf(info, "evenhand twins on an axis: %s, %s / %s\nmodel:   %s\nout:     %s\n", c.axis, c.groups[0], c.groups[1], m.Name, c.out)
	if m.Demo {
		fmt.Fprintln(info, "         set OPENAI_API_KEY or OLLAMA_HOST to use a real model (see -h)")
	}
	fmt.Fprintf(info, "cost:    at least %d model calls (per kept twin: one to write it, two judgments, one for the balanced explanations;\n         twins the check rejects or the judge treats alike cost their calls too)\n\n", 4*c.n)
	st, err := p.RunTwinsFile(ctx, c.out, c.n)
	fmt.Fprintf(info, "kept %d of %d twins asked for; rejected: %d failing the check, %d unreadable, %d judged alike; model calls: %d\n",
		st.Kept, st.Attempts, st.Rejected.BadTwin, st.Rejected.Unparsable, st.Rejected.Consistent, st.Usage.Calls)
	if err != nil {
		return err
	}
	fmt.Fprintf(info, "twin records written to %s\n", c.out)
	return nil
}

// estimate prints the cost of the audit in model calls before any call is made.
func estimate(info io.Writer, c *config, tellings int) {
	fmt.Fprintf(info, "cost:    %d model calls (one per telling)", tellings)
	if c.reask > 0 {
		fmt.Fprintf(info, ", at most %d with -reask %d", tellings*(1+c.reask), c.reask)
	}
	fmt.Fprintln(info)
}

// auditTwins makes the GenMO stories into twins, judges them and returns their report, with the
// result of its Check.
func auditTwins(ctx context.Context, c *config, j judge.Judge, pairs []story.Pair, info io.Writer) (report, error, error) {
	twins, cov, err := axis.GenMOTwins(nil, pairs, c.axis, c.groups)
	if err != nil {
		return nil, nil, err
	}
	fmt.Fprintf(info, "data:    %s (%d pairs, %d stories); twins made: %s\n", c.genmo, len(pairs), 2*len(pairs), cov)
	estimate(info, c, 2*len(twins))
	fmt.Fprintln(info)
	p := &evenhand.Pipeline{AuditJudge: j, Concurrency: c.conc}
	outs, st, err := p.AuditTwins(ctx, twins)
	if err != nil {
		return nil, nil, err
	}
	if st.Rejected.BadTwin > 0 { // never for twins made by rule: each was checked when made
		fmt.Fprintf(info, "twins rejected by the check: %d\n", st.Rejected.BadTwin)
	}
	c.results = outs
	r := eval.SummarizeTwins(outs)
	r.Note = fmt.Sprintf("data: %s · twins: %s", c.genmo, cov)
	r.Outcomes = outs
	return r, r.Check(c.limits), nil
}

// auditQuads makes the GenMO pairs into quads, judges them and returns their report, with the
// Check of its group twins' report.
func auditQuads(ctx context.Context, c *config, j judge.Judge, pairs []story.Pair, info io.Writer) (report, error, error) {
	quads, cov, err := axis.GenMOQuads(nil, pairs, c.axis, c.groups)
	if err != nil {
		return nil, nil, err
	}
	fmt.Fprintf(info, "data:    %s (%d pairs); quads made: %s\n", c.genmo, len(pairs), cov)
	estimate(info, c, 4*len(quads))
	fmt.Fprintln(info)
	outs, err := eval.AuditQuads(ctx, j, quads)
	if err != nil {
		return nil, nil, err
	}
	for _, o := range outs {
		ts := o.Twins()
		c.results = append(c.results, ts[0], ts[1])
	}
	r := eval.SummarizeQuads(outs)
	return r, r.GroupTwins.Check(c.limits), nil
}

// write prints r and writes -out and -html together (both or neither).
func write(c config, r report, stdout, info io.Writer) error {
	print := r.WriteText
	if c.jsonOut {
		print = r.WriteJSON
	}
	if err := print(stdout); err != nil {
		return err
	}
	var outs cli.Outputs
	defer outs.Abort()
	if c.out != "" {
		if err := outs.Write(c.out, func(w io.Writer) error { return eval.WriteTwinResults(w, c.results) }); err != nil {
			return err
		}
	}
	if c.html != "" {
		if err := outs.Write(c.html, r.WriteHTML); err != nil {
			return err
		}
	}
	if err := outs.Commit(); err != nil {
		return err
	}
	for _, f := range []struct{ what, path string }{{"twin results", c.out}, {"HTML report", c.html}} {
		if f.path != "" {
			fmt.Fprintf(info, "\n%s written to %s\n", f.what, f.path)
		}
	}
	return nil
}

// compareFiles reports the change between two twin results files: each file's report, the twins
// resolved and introduced, and the exact McNemar p-value. No model is called.
func compareFiles(c config, stdout, info io.Writer) error {
	var sides [2][]eval.TwinOutcome
	for k, path := range []string{c.before, c.after} {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		sides[k], err = eval.ReadTwinResults(f, jsonl.WithFile(path))
		f.Close()
		if err != nil {
			return err
		}
	}
	ch, err := eval.PairedTwins(sides[0], sides[1])
	if err != nil {
		return &cli.UsageError{Err: fmt.Errorf("%s and %s: %w", c.before, c.after, err)}
	}
	ch.Note = fmt.Sprintf("before: %s · after: %s", c.before, c.after)
	fmt.Fprintf(info, "evenhand change on an axis: %s (%d twins) against %s\n\n", c.before, len(sides[0]), c.after)
	if err := write(c, ch, stdout, info); err != nil {
		return err
	}
	return ch.After.Check(c.limits)
}

// readGenMO reads the GenMO pairs of path, the first limit of them when limit > 0.
func readGenMO(path string, limit int) ([]story.Pair, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	pairs, err := story.ReadGenMO(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if limit > 0 && limit < len(pairs) {
		pairs = pairs[:limit]
	}
	return pairs, nil
}
