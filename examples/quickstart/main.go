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

	"github.com/evenhand/evenhand"
	"github.com/evenhand/evenhand/dpo"
	"github.com/evenhand/evenhand/examples/internal/progress"
	"github.com/evenhand/evenhand/examples/internal/provider"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return // -h: the usage was printed
		}
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("quickstart", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", 5, "number of biased pairs to keep")
	out := fs.String("out", filepath.Join(os.TempDir(), "evenhand-quickstart.jsonl"), "where to write the records (JSON Lines)")
	conc := fs.Int("concurrency", 4, "pairs worked on at once")
	seed := fs.Uint64("seed", 1, "seed of the offline demo model")
	show := fs.String("progress", "auto", progress.FlagHelp+"; written to stderr")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: go run ./examples/quickstart [flags]\n\nMakes a small DPO-ready dataset of gender-biased story pairs with balanced explanations.\n\nFlags:\n")
		fs.PrintDefaults()
		fmt.Fprintln(stderr, "\n"+provider.Env)
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *n < 1 {
		return fmt.Errorf("-n must be at least 1, got %d", *n)
	}
	mode, err := progress.ParseMode(*show)
	if err != nil {
		return err
	}
	m, err := provider.FromEnv(*seed, 0.35)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()

	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	defer f.Close()
	w := dpo.NewWriter(f)
	var first *dpo.Record

	fmt.Fprintf(stdout, "evenhand quickstart\nmodel: %s\n", m.Name)
	if m.Demo {
		fmt.Fprintln(stdout, "       set OPENAI_API_KEY or OLLAMA_HOST to use a real model (go run ./examples/quickstart -h)")
	}
	fmt.Fprintf(stdout, "making %d pairs, %d at a time...\n\n", *n, max(*conc, 1))

	bar := progress.New(stderr, mode, *n, "kept", 0)
	p := evenhand.New(m)
	p.Concurrency, p.OnProgress = *conc, bar.Run
	st, err := p.Run(ctx, *n, func(r dpo.Record) error {
		if first == nil {
			first = &r
		}
		return w.Write(r)
	})
	bar.Finish()
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	fmt.Fprintf(stdout, "pairs tried:   %d\n", st.Attempts)
	fmt.Fprintf(stdout, "pairs kept:    %d (judged differently for the man and the woman)\n", st.Kept)
	fmt.Fprintf(stdout, "rejected:      %d consistent, %d outside the ROUGE-1 band, %d unreadable, %d without a stance, %d not made neutral\n",
		st.Rejected.Consistent, st.Rejected.OutsideBand, st.Rejected.Unparsable, st.Rejected.InvalidStance, st.Rejected.NotNeutral)
	fmt.Fprintf(stdout, "model calls:   %d (%d tokens reported), %s\n", st.Usage.Calls, st.Usage.TotalTokens, st.Elapsed.Round(1e6))
	if first != nil {
		b, _ := json.MarshalIndent(first, "", "  ")
		fmt.Fprintf(stdout, "\na sample record:\n%s\n", b)
	}
	fmt.Fprintf(stdout, "\n%d records written to %s\n", st.Kept, *out)
	return err
}
