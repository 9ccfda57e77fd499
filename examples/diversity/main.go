// Command diversity measures how varied the stories of a records JSONL are (written by
// evenhand's Pipeline.Run, or the paper's released generated_data_*.jsonl): it embeds the male
// and the female stories separately and reports the statistics of the cosine similarity of
// every pair, the most similar pairs with names and stances, a histogram, and a heatmap.
//
// The default embedder is offline and lexical: it measures word overlap, not meaning. Pass
// -embedder openai or -embedder ollama to measure with a real embedding model.
//
//	go run ./examples/diversity -in records.jsonl -top 10 -html diversity.html
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"

	"github.com/evenhand/evenhand/diversity"
	"github.com/evenhand/evenhand/examples/internal/cli"
	"github.com/evenhand/evenhand/internal/filekind"
	"github.com/evenhand/evenhand/jsonl"
	"github.com/evenhand/evenhand/llmx"
	"github.com/evenhand/evenhand/record"
	"github.com/evenhand/evenhand/story"
	"github.com/tmc/langchaingo/embeddings"
	"github.com/tmc/langchaingo/llms/ollama"
	"github.com/tmc/langchaingo/llms/openai"
)

func main() {
	cli.Main("diversity", func() error {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		return run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	})
}

const envHelp = `Environment (for -embedder openai or ollama):
  OPENAI_API_KEY    required for openai; OPENAI_BASE_URL optional;
                    OPENAI_EMBEDDING_MODEL optional (default text-embedding-3-small)
  OLLAMA_HOST       required for ollama, e.g. http://localhost:11434;
                    OLLAMA_EMBEDDING_MODEL optional (default nomic-embed-text)`

// flags are the command line's settings.
type flags struct {
	in, genmo, which, htmlOut string
	top, batch                int
	asJSON, force             bool
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	f, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if err := f.checkFiles(stderr); err != nil {
		return err
	}
	e, name, err := embedder(f.which)
	if err != nil {
		return &cli.UsageError{Err: err}
	}
	records, err := read(f.in, f.genmo)
	if err != nil {
		return err
	}
	r, err := diversity.Analyze(ctx, e, records, diversity.WithTop(f.top), diversity.WithBatchSize(f.batch))
	if err != nil {
		return err
	}
	r.Embedder = name
	if f.htmlOut != "" {
		if err := cli.WriteFile(f.htmlOut, r.WriteHTML); err != nil {
			return err
		}
	}
	if f.asJSON {
		return r.WriteJSON(stdout)
	}
	if err := r.WriteText(stdout); err != nil {
		return err
	}
	if f.htmlOut != "" {
		fmt.Fprintf(stdout, "\nHTML report written to %s\n", f.htmlOut)
	}
	return nil
}

// parseFlags reads the command line: one of -in and -genmo, and a positive -batch.
func parseFlags(args []string, stderr io.Writer) (*flags, error) {
	f := &flags{}
	fs := flag.NewFlagSet("diversity", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.in, "in", "", "records JSONL to read: from Pipeline.Run or the paper's release (this or -genmo)")
	fs.StringVar(&f.genmo, "genmo", "", "read the pairs of a GenMO benchmark JSON file instead of records (no names or stances)")
	fs.StringVar(&f.which, "embedder", "lexical", "lexical (offline; measures word overlap, not meaning), openai or ollama")
	fs.IntVar(&f.top, "top", 10, "most similar pairs to list per side")
	fs.StringVar(&f.htmlOut, "html", "", "also write the report as a self-contained HTML page to this file")
	fs.BoolVar(&f.asJSON, "json", false, "print the report as JSON instead of text")
	fs.IntVar(&f.batch, "batch", 64, "stories per embedding call")
	fs.BoolVar(&f.force, "force", false, "replace -html even when it holds something other than an evenhand HTML report")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: go run ./examples/diversity -in records.jsonl [flags]\n\n"+
			"Reports how alike the stories are: cosine similarity of every pair of male stories and\n"+
			"of every pair of female stories.\n\nFlags:\n")
		fs.PrintDefaults()
		fmt.Fprintln(stderr, "\n"+envHelp)
		fmt.Fprintln(stderr, "\n"+cli.ExitHelp(""))
	}
	if err := cli.Parse(fs, args); err != nil {
		return nil, err
	}
	if (f.in == "") == (f.genmo == "") {
		return nil, cli.Usagef("give one of -in and -genmo")
	}
	if f.batch < 1 {
		return nil, cli.Usagef("-batch must be at least 1, got %d", f.batch)
	}
	return f, nil
}

// checkFiles checks that -html may be written and that -in holds records, or -genmo the GenMO
// benchmark.
func (f *flags) checkFiles(stderr io.Writer) error {
	if err := cli.CheckOutputs(stderr, f.force, cli.Output{Flag: "-html", Path: f.htmlOut, Kinds: []filekind.Kind{filekind.Report}}); err != nil {
		return err
	}
	hints := map[filekind.Kind]string{filekind.GenMO: "-genmo", filekind.Records: "-in"}
	if f.in != "" {
		return cli.WrongKind(f.in, filekind.Records, hints)
	}
	return cli.WrongKind(f.genmo, filekind.GenMO, hints)
}

// read returns the records of the JSONL file in, or the pairs of the GenMO file genmo as
// records without judgments.
func read(in, genmo string) ([]record.Record, error) {
	if in != "" {
		f, err := os.Open(in)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return record.ReadRecords(f, jsonl.WithFile(in))
	}
	f, err := os.Open(genmo)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	pairs, err := story.ReadGenMO(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", genmo, err)
	}
	records := make([]record.Record, len(pairs))
	for i, p := range pairs {
		records[i] = record.Record{ID: i, PairID: p.ID, Environment: p.Environment, Source: p.Source,
			Male:   record.Side{Story: p.Male.Text, CharacterName: p.Male.Character},
			Female: record.Side{Story: p.Female.Text, CharacterName: p.Female.Character}}
	}
	return records, nil
}

// embedder returns the embedder named by the flag, set up from the environment. A provider's
// embedder retries what may pass (a 429, a 503, ...) up to 4 times, obeying Retry-After.
func embedder(which string) (embeddings.Embedder, string, error) {
	switch which {
	case "lexical":
		return diversity.Lexical{}, "lexical (offline: word overlap, not meaning)", nil
	case "openai":
		key := os.Getenv("OPENAI_API_KEY")
		if key == "" {
			return nil, "", errors.New("-embedder openai needs OPENAI_API_KEY\n" + envHelp)
		}
		model := envOr("OPENAI_EMBEDDING_MODEL", "text-embedding-3-small")
		opts := []openai.Option{openai.WithToken(key), openai.WithEmbeddingModel(model), openai.WithHTTPClient(llmx.NewDoer(nil))}
		if base := os.Getenv("OPENAI_BASE_URL"); base != "" {
			opts = append(opts, openai.WithBaseURL(base))
		}
		llm, err := openai.New(opts...)
		if err != nil {
			return nil, "", fmt.Errorf("openai: %w", err)
		}
		e, err := embeddings.NewEmbedder(llm)
		return llmx.RetryEmbedder(e, llmx.WithAttempts(4)), "openai " + model, err
	case "ollama":
		host := os.Getenv("OLLAMA_HOST")
		u, err := url.Parse(host)
		if host == "" || err != nil || u.Scheme == "" || u.Host == "" {
			return nil, "", fmt.Errorf("-embedder ollama needs OLLAMA_HOST as a URL such as http://localhost:11434, got %q", host)
		}
		model := envOr("OLLAMA_EMBEDDING_MODEL", "nomic-embed-text")
		llm, err := ollama.New(ollama.WithServerURL(host), ollama.WithModel(model), ollama.WithHTTPClient(llmx.HTTPClient(nil)))
		if err != nil {
			return nil, "", fmt.Errorf("ollama: %w", err)
		}
		e, err := embeddings.NewEmbedder(llm)
		return llmx.RetryEmbedder(e, llmx.WithAttempts(4)), "ollama " + model, err
	default:
		return nil, "", fmt.Errorf("-embedder %q: want lexical, openai or ollama", which)
	}
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}
