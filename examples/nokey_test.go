// Package examples_test holds the tests that run every example program as a built binary.
package examples_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/internal/batchfake"
	"github.com/evenhand/evenhand/internal/fakechat"
	"github.com/evenhand/evenhand/internal/llmtest"
	"github.com/evenhand/evenhand/internal/shareddata"
)

// programs are the example programs, built once for the test.
var programs = []string{"genmo", "quickstart", "bench", "diversity", "finetune", "dataset", "twins", "axes"}

// build builds every program into a temporary folder and returns it.
func build(t *testing.T) string {
	t.Helper()
	bin := t.TempDir()
	args := []string{"build", "-o", bin + string(filepath.Separator)}
	for _, p := range programs {
		args = append(args, "./"+p)
	}
	cmd := exec.Command("go", args...)
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "go build:\n%s", out)
	return bin
}

// server is a fake provider that counts its requests and remembers whether they carried the
// sentinel key.
type server struct {
	*httptest.Server
	requests atomic.Int64
	keyed    atomic.Int64 // requests that carried the sentinel key
}

// credential returns the credentials a request carries, as a careless provider would quote them.
func credential(r *http.Request) string {
	var parts []string
	for _, h := range []string{"Authorization", "X-Api-Key", "Api-Key"} {
		if v := r.Header.Get(h); v != "" {
			parts = append(parts, h+": "+v)
		}
	}
	return strings.Join(parts, ", ")
}

func serve(t *testing.T, h http.Handler) *server {
	t.Helper()
	s := &server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		if strings.Contains(credential(r), llmtest.SentinelKey) {
			s.keyed.Add(1)
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// echo answers every request with status and an error body quoting the request's credentials,
// whole and in the "sk-abc...wxyz" form, in OpenAI's layout and in Anthropic's.
func echo(status int) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := credential(r)
		msg := "Incorrect API key provided: " + c
		if i := strings.Index(c, "sk-"); i >= 0 {
			k := c[i:]
			msg += " (" + k[:min(11, len(k))] + "..." + k[max(0, len(k)-8):] + ")"
		}
		body, _ := json.Marshal(map[string]any{"type": "error", "error": map[string]any{"message": msg, "type": "invalid_request_error"}})
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Echo", c) // a header quoting it too
		w.WriteHeader(status)
		_, _ = w.Write(body)
	})
}

// chat is a working OpenAI-compatible model (fakechat) that also embeds texts.
func chat() http.Handler {
	var fc fakechat.Server
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/embeddings") {
			var req struct {
				Input []string `json:"input"`
			}
			_ = json.NewDecoder(r.Body).Decode(&req)
			type item struct {
				Embedding []float32 `json:"embedding"`
				Index     int       `json:"index"`
			}
			var out struct {
				Data []item `json:"data"`
			}
			for i, s := range req.Input {
				out.Data = append(out.Data, item{Embedding: []float32{1, float32(len(s) % 7), float32(strings.Count(s, "e"))}, Index: i})
			}
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(out)
			return
		}
		fc.ServeHTTP(w, r)
	})
}

// batches is a working batch fake of one provider; with pollEcho, a poll of a batch is
// answered 403 with the credentials quoted (a provider failing a batch it created).
func batches(provider string, pollEcho bool) http.Handler {
	answer := func(prompt string) string { return fakechat.Respond(prompt, 0, false, fakechat.AllPhrasings).Content }
	var h http.Handler = &batchfake.OpenAI{Reply: answer}
	if provider == "anthropic" {
		h = &batchfake.Anthropic{Reply: answer}
	}
	if !pollEcho {
		return h
	}
	poll := regexp.MustCompile(`/batches/[^/]+$`)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && poll.MatchString(r.URL.Path) {
			echo(http.StatusForbidden).ServeHTTP(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// TestNoKeyAnywhere is issue 20's "batch mode prints the API key" row, and its promise that a
// sentinel key never appears in any output, error or file of any program in any mode: each
// program runs as a binary with the key in its environment, live and in batch mode (OpenAI's
// and Anthropic's batch APIs), against providers that work and providers whose errors quote
// the key (in the body and in a header), and the key (or a recognisable piece of it) must be
// absent from stdout, stderr and every file the run leaves.
func TestNoKeyAnywhere(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs every program")
	}
	bin := build(t)
	wd, err := os.Getwd()
	require.NoError(t, err)
	data := func(rel string) string { return filepath.Join(wd, rel) }
	tqa := shareddata.Path(t, "bench/truthfulqa/mc_task.json")

	servers := map[string]*server{
		"echo 401":                  serve(t, echo(http.StatusUnauthorized)),
		"echo 400":                  serve(t, echo(http.StatusBadRequest)),
		"echo 404":                  serve(t, echo(http.StatusNotFound)),
		"working chat":              serve(t, chat()),
		"openai batches":            serve(t, batches("openai", false)),
		"anthropic batches":         serve(t, batches("anthropic", false)),
		"openai batch poll echo":    serve(t, batches("openai", true)),
		"anthropic batch poll echo": serve(t, batches("anthropic", true)),
	}
	type scenario struct {
		program  string
		args     []string
		provider string // "openai", "anthropic" or "" (none needed)
		server   string
		wantFail bool
		anyExit  bool // the outcome depends on the fake model's luck; only the key matters
	}
	var scenarios []scenario
	add := func(program, provider, srv string, wantFail bool, args ...string) {
		scenarios = append(scenarios, scenario{program: program, args: args, provider: provider, server: srv, wantFail: wantFail})
	}
	genmo := []string{"-data", data("genmo/testdata/genmo_tiny.json"), "-limit", "2", "-out", "OUT/r.jsonl", "-html", "OUT/r.html", "-progress", "off"}
	quick := []string{"-n", "1", "-out", "OUT/q.jsonl", "-progress", "off"}
	benchArgs := []string{"-truthfulqa", tqa, "-truthfulqa-tasks", "mc1", "-limit", "2", "-out", "OUT/b.jsonl", "-html", "OUT/b.html", "-progress", "off"}
	axes := []string{"-axis", "Religion", "-groups", "Muslim,Christian", "-genmo", data("genmo/testdata/genmo_tiny.json"), "-limit", "2", "-html", "OUT/a.html"}
	for _, srv := range []string{"echo 401", "echo 400", "echo 404"} {
		add("axes", "openai", srv, true, axes...)
		add("genmo", "openai", srv, true, genmo...)
		add("quickstart", "openai", srv, true, quick...)
		add("bench", "openai", srv, true, benchArgs...)
		add("diversity", "openai", srv, true, "-in", data("diversity/testdata/records.jsonl"), "-embedder", "openai", "-html", "OUT/d.html")
		add("finetune", "openai", srv, true, "-train", data("finetune/testdata/train.jsonl"), "-poll", "10ms")
	}
	add("genmo", "openai", "working chat", false, genmo...)
	add("axes", "openai", "working chat", false, axes...)
	add("quickstart", "openai", "working chat", false, quick...)
	scenarios[len(scenarios)-1].anyExit = true // fakechat's judge is rarely biased: 20 attempts may keep no pair
	add("bench", "openai", "working chat", false, benchArgs...)
	add("diversity", "openai", "working chat", false, "-in", data("diversity/testdata/records.jsonl"), "-embedder", "openai", "-html", "OUT/d.html")
	for _, p := range []string{"openai", "anthropic"} {
		add("genmo", p, "echo 401", true, append(genmo, "-batch", "OUT/batch")...)
		add("bench", p, "echo 401", true, append(benchArgs, "-batch", "OUT/batch")...)
		add("quickstart", p, "echo 401", true, append(quick, "-batch", "OUT/batch")...)
		add("genmo", p, p+" batches", false, append(genmo, "-batch", "OUT/batch")...)
		add("bench", p, p+" batches", false, append(benchArgs, "-batch", "OUT/batch")...)
		add("genmo", p, p+" batch poll echo", true, append(genmo, "-batch", "OUT/batch")...)
		add("bench", p, p+" batch poll echo", true, append(benchArgs, "-batch", "OUT/batch")...)
	}
	add("dataset", "", "", false, "-in", data("dataset/testdata/records.jsonl"), "-out", "OUT/dataset")
	add("twins", "", "", false, "-in", data("twins/testdata/stories.jsonl"), "-out", "OUT/t.jsonl")

	var mu sync.Mutex
	ran := map[string]int{} // program -> scenarios run
	for _, sc := range scenarios {
		name := fmt.Sprintf("%s %s %s", sc.program, sc.provider, sc.server)
		if strings.Contains(strings.Join(sc.args, " "), "-batch") {
			name += " batch"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			args := make([]string, len(sc.args))
			for i, a := range sc.args {
				args[i] = strings.ReplaceAll(a, "OUT", dir)
			}
			cmd := exec.Command(filepath.Join(bin, sc.program), args...)
			cmd.Dir = dir
			env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "TMPDIR=" + dir}
			srv := servers[sc.server]
			switch sc.provider {
			case "openai":
				env = append(env, "OPENAI_API_KEY="+llmtest.SentinelKey, "OPENAI_BASE_URL="+srv.URL+"/v1", "OPENAI_MODEL=fake", "OPENAI_EMBEDDING_MODEL=emb")
			case "anthropic":
				env = append(env, "ANTHROPIC_API_KEY="+llmtest.SentinelKey, "ANTHROPIC_BASE_URL="+srv.URL, "ANTHROPIC_MODEL=fake")
			default:
				// Programs that call no provider still run with keys in their environment.
				env = append(env, "OPENAI_API_KEY="+llmtest.SentinelKey, "ANTHROPIC_API_KEY="+llmtest.SentinelKey)
			}
			cmd.Env = env
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			switch {
			case sc.anyExit:
			case sc.wantFail:
				require.Error(t, err, "the run was meant to fail against %s\nstdout:\n%s\nstderr:\n%s", sc.server, stdout.String(), stderr.String())
			default:
				require.NoError(t, err, "stdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
			}
			if srv != nil {
				require.Positive(t, srv.keyed.Load(), "the provider saw the key: the run did call it")
			}
			llmtest.AssertNoSecret(t, stdout.String())
			llmtest.AssertNoSecret(t, stderr.String())
			files := 0
			require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				b, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				files++
				for _, piece := range []string{llmtest.SentinelKey, llmtest.SentinelKey[:12], llmtest.SentinelKey[len(llmtest.SentinelKey)-8:], "SENTINEL"} {
					assert.NotContains(t, string(b), piece, "the key leaked into %s", p)
				}
				return nil
			}))
			if err == nil {
				assert.Positive(t, files, "a successful run wrote its outputs")
			}
			t.Logf("exit %v; stderr %d bytes; %d files", err, stderr.Len(), files)
			mu.Lock()
			ran[sc.program]++
			mu.Unlock()
		})
	}
	t.Cleanup(func() {
		for _, p := range programs {
			if ran[p] == 0 && !t.Failed() {
				t.Errorf("no scenario ran %s", p)
			}
		}
	})
}
