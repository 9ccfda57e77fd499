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

func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("finetune", flag.ContinueOnError)
	fs.SetOutput(stderr)
	train := fs.String("train", "", "training file: OpenAI preference JSONL (required)")
	validation := fs.String("validation", "", "validation file in the same format (optional)")
	model := fs.String("model", "gpt-4.1-mini-2025-04-14", "base model to fine-tune (one the service offers DPO for)")
	var beta, lr, batch, epochs hosted.Param
	fs.Var(&beta, "beta", `DPO beta: a number (the paper used 1.0) or "auto"; empty: the service's default`)
	fs.Var(&lr, "lr-multiplier", `learning rate multiplier: a number or "auto"; empty: the service's default`)
	fs.Var(&batch, "batch-size", `batch size: a whole number or "auto"; empty: the service's default`)
	fs.Var(&epochs, "epochs", `epochs: a whole number (the paper used 3) or "auto"; empty: the service's default`)
	suffix := fs.String("suffix", "evenhand", fmt.Sprintf("text added to the fine-tuned model's name (up to %d characters)", hosted.MaxSuffix))
	seed := fs.Int64("seed", 0, "seed for a reproducible job (0: the service picks one)")
	poll := fs.Duration("poll", 30*time.Second, "how often to ask for the job's status")
	baseURL := fs.String("base-url", "", "the service's API base URL (empty: OPENAI_BASE_URL, else "+hosted.DefaultBaseURL+")")
	dryRun := fs.Bool("dry-run", false, "check the files and print the job without contacting the service (also the default without OPENAI_API_KEY)")
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
		return err
	}
	if *train == "" {
		return cli.Usagef("-train is required")
	}
	if *baseURL == "" {
		*baseURL = getenv("OPENAI_BASE_URL")
	}
	if *baseURL == "" {
		*baseURL = hosted.DefaultBaseURL
	}
	if u, err := url.Parse(*baseURL); err != nil || u.Scheme == "" || u.Host == "" {
		return cli.Usagef("base URL %q is not a URL such as %s", *baseURL, hosted.DefaultBaseURL)
	}
	if *poll <= 0 {
		return cli.Usagef("-poll must be positive, got %v", *poll)
	}
	// The job's options are checked as the service would check them, before any file is read or sent.
	opts := []hosted.JobOption{
		hosted.WithBeta(beta), hosted.WithLearningRateMultiplier(lr),
		hosted.WithBatchSize(batch), hosted.WithEpochs(epochs), hosted.WithSuffix(*suffix),
	}
	if *seed != 0 {
		opts = append(opts, hosted.WithSeed(*seed))
	}
	if err := hosted.CheckJobOptions(opts...); err != nil {
		return &cli.UsageError{Err: err}
	}

	trainData, err := checkFile(*train, stdout)
	if err != nil {
		return err
	}
	var valData []byte
	if *validation != "" {
		if valData, err = checkFile(*validation, stdout); err != nil {
			return err
		}
	}
	key := getenv("OPENAI_API_KEY")
	if *dryRun || key == "" {
		if key == "" && !*dryRun {
			fmt.Fprintln(stdout, "OPENAI_API_KEY is not set: dry run, nothing is sent")
		}
		plan := map[string]any{
			"model": *model, "training_file": *train, "suffix": *suffix,
			"method": map[string]any{"type": "dpo", "dpo": map[string]any{"hyperparameters": hyper(beta, lr, batch, epochs)}},
		}
		if *validation != "" {
			plan["validation_file"] = *validation
		}
		b, _ := json.MarshalIndent(plan, "", "  ")
		fmt.Fprintf(stdout, "would upload the files (purpose fine-tune) to %s and create:\n%s\n", *baseURL, b)
		return nil
	}

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	c := hosted.New(key, hosted.WithBaseURL(*baseURL), hosted.WithPollInterval(*poll))
	var val io.Reader
	if valData != nil {
		val = bytes.NewReader(valData)
	}
	last := ""
	start := time.Now()
	job, err := c.Run(ctx, *model, bytes.NewReader(trainData), val, func(j hosted.Job) {
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
