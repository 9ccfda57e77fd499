// Command finetune starts a DPO fine-tuning job on OpenAI's service (or a compatible one) with a
// preference file in the OpenAI format, as written by examples/dataset -format openai, and waits
// for it to finish.
//
// It checks the files with dpo.Validate first. Without OPENAI_API_KEY it stops there and prints
// the job it would start, so it works offline.
//
//	OPENAI_API_KEY=... go run ./examples/finetune -train dataset/train.jsonl -validation dataset/eval.jsonl -beta 1
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"time"

	"github.com/evenhand/evenhand/dpo"
	"github.com/evenhand/evenhand/dpo/hosted"
	"github.com/evenhand/evenhand/examples/internal/cli"
)

func main() {
	cli.Main("finetune", func() error { return run(context.Background(), os.Args[1:], os.Stdout, os.Stderr, os.Getenv) })
}

// flags are the command line's settings.
type flags struct {
	train, validation, model, suffix, baseURL string
	beta, lr, batch, epochs                   hosted.Param
	seed                                      int64
	poll                                      time.Duration
	dryRun                                    bool
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	f, err := parseFlags(args, stderr, getenv)
	if err != nil {
		return err
	}
	// The job's options are checked as the service would check them, before any file is read or sent.
	opts := f.jobOptions()
	if err := hosted.CheckJobOptions(opts...); err != nil {
		return &cli.UsageError{Err: err}
	}

	trainData, err := checkFile(f.train, stdout)
	if err != nil {
		return err
	}
	var valData []byte
	if f.validation != "" {
		if valData, err = checkFile(f.validation, stdout); err != nil {
			return err
		}
	}
	key := getenv("OPENAI_API_KEY")
	if f.dryRun || key == "" {
		if key == "" && !f.dryRun {
			fmt.Fprintln(stdout, "OPENAI_API_KEY is not set: dry run, nothing is sent")
		}
		printPlan(stdout, f)
		return nil
	}

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	return runJob(ctx, f, key, trainData, valData, opts, stdout)
}

// parseFlags reads the command line; -train is required, and the base URL comes from
// -base-url, else OPENAI_BASE_URL, else the service's.
func parseFlags(args []string, stderr io.Writer, getenv func(string) string) (*flags, error) {
	f := &flags{}
	fs := flag.NewFlagSet("finetune", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.train, "train", "", "training file: OpenAI preference JSONL (required)")
	fs.StringVar(&f.validation, "validation", "", "validation file in the same format (optional)")
	fs.StringVar(&f.model, "model", "gpt-4.1-mini-2025-04-14", "base model to fine-tune (one the service offers DPO for)")
	fs.Var(&f.beta, "beta", `DPO beta: a number (the paper used 1.0) or "auto"; empty: the service's default`)
	fs.Var(&f.lr, "lr-multiplier", `learning rate multiplier: a number or "auto"; empty: the service's default`)
	fs.Var(&f.batch, "batch-size", `batch size: a whole number or "auto"; empty: the service's default`)
	fs.Var(&f.epochs, "epochs", `epochs: a whole number (the paper used 3) or "auto"; empty: the service's default`)
	fs.StringVar(&f.suffix, "suffix", "evenhand", fmt.Sprintf("text added to the fine-tuned model's name (up to %d characters)", hosted.MaxSuffix))
	fs.Int64Var(&f.seed, "seed", 0, "seed for a reproducible job (0: the service picks one)")
	fs.DurationVar(&f.poll, "poll", 30*time.Second, "how often to ask for the job's status")
	fs.StringVar(&f.baseURL, "base-url", "", "the service's API base URL (empty: OPENAI_BASE_URL, else "+hosted.DefaultBaseURL+")")
	fs.BoolVar(&f.dryRun, "dry-run", false, "check the files and print the job without contacting the service (also the default without OPENAI_API_KEY)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: go run ./examples/finetune -train train.jsonl [flags]\n\n"+
			"Uploads OpenAI-format preference data and runs a DPO fine-tuning job, printing its progress.\n"+
			"The API key comes from OPENAI_API_KEY; without it the command checks the files and stops.\n"+
			"OPENAI_BASE_URL, as for the other examples, points it at a compatible service.\n"+
			"Interrupting stops the waiting, not the job.\n\nFlags:\n")
		fs.PrintDefaults()
		fmt.Fprintln(stderr, "\n"+cli.ExitHelp(""))
	}
	if err := cli.Parse(fs, args); err != nil {
		return nil, err
	}
	if f.train == "" {
		return nil, cli.Usagef("-train is required")
	}
	if f.baseURL == "" {
		f.baseURL = getenv("OPENAI_BASE_URL")
	}
	if f.baseURL == "" {
		f.baseURL = hosted.DefaultBaseURL
	}
	if u, err := url.Parse(f.baseURL); err != nil || u.Scheme == "" || u.Host == "" {
		return nil, cli.Usagef("base URL %q is not a URL such as %s", f.baseURL, hosted.DefaultBaseURL)
	}
	if f.poll <= 0 {
		return nil, cli.Usagef("-poll must be positive, got %v", f.poll)
	}
	return f, nil
}

// jobOptions returns the options of the job the flags describe.
func (f *flags) jobOptions() []hosted.JobOption {
	opts := []hosted.JobOption{
		hosted.WithBeta(f.beta), hosted.WithLearningRateMultiplier(f.lr),
		hosted.WithBatchSize(f.batch), hosted.WithEpochs(f.epochs), hosted.WithSuffix(f.suffix),
	}
	if f.seed != 0 {
		opts = append(opts, hosted.WithSeed(f.seed))
	}
	return opts
}

// printPlan prints the job a dry run would create.
func printPlan(stdout io.Writer, f *flags) {
	plan := map[string]any{
		"model": f.model, "training_file": f.train, "suffix": f.suffix,
		"method": map[string]any{"type": "dpo", "dpo": map[string]any{"hyperparameters": hyper(f.beta, f.lr, f.batch, f.epochs)}},
	}
	if f.validation != "" {
		plan["validation_file"] = f.validation
	}
	b, _ := json.MarshalIndent(plan, "", "  ")
	fmt.Fprintf(stdout, "would upload the files (purpose fine-tune) to %s and create:\n%s\n", f.baseURL, b)
}

// runJob uploads the files, creates the job and waits for it, printing each change of status.
func runJob(ctx context.Context, f *flags, key string, trainData, valData []byte, opts []hosted.JobOption, stdout io.Writer) error {
	c := hosted.New(key, hosted.WithBaseURL(f.baseURL), hosted.WithPollInterval(f.poll))
	var val io.Reader
	if valData != nil {
		val = bytes.NewReader(valData)
	}
	last := ""
	start := time.Now()
	job, err := c.Run(ctx, f.model, bytes.NewReader(trainData), val, func(j hosted.Job) {
		if j.RawStatus != last {
			fmt.Fprintf(stdout, "%6s  job %s: %s\n", time.Since(start).Round(time.Second), j.ID, j.RawStatus)
			last = j.RawStatus
		}
	}, opts...)
	if err != nil {
		if job.ID != "" && ctx.Err() != nil {
			fmt.Fprintf(stdout, "stopped waiting; the job %s goes on at the service\n", job.ID)
		}
		return err
	}
	fmt.Fprintf(stdout, "fine-tuned model: %s (%d tokens trained)\n", job.FineTunedModel, job.TrainedTokens)
	return nil
}

// checkFile reads a file and validates it as OpenAI preference data.
func checkFile(path string, stdout io.Writer) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if err := dpo.Validate(bytes.NewReader(b), dpo.OpenAI); err != nil {
		return nil, fmt.Errorf("%s is not valid OpenAI preference data:\n%w", path, err)
	}
	fmt.Fprintf(stdout, "%s: %d rows, valid OpenAI preference data\n", path, bytes.Count(b, []byte("\n")))
	return b, nil
}

// hyper lists the hyperparameters that are set, as the job request carries them.
func hyper(beta, lr, batch, epochs hosted.Param) map[string]string {
	out := map[string]string{}
	for name, p := range map[string]hosted.Param{"beta": beta, "learning_rate_multiplier": lr, "batch_size": batch, "n_epochs": epochs} {
		if s := p.String(); s != "" {
			out[name] = s
		}
	}
	return out
}
