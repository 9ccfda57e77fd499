package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/evenhand/evenhand/examples/internal/cli"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const key = "sk-example-test-key-000"

func runFinetune(t *testing.T, env map[string]string, args ...string) (string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(t.Context(), args, &out, &errOut, func(k string) string { return env[k] })
	return out.String() + errOut.String(), err
}

// service is a small stand-in for the files and fine_tuning/jobs endpoints.
type service struct {
	mu       sync.Mutex
	purposes []string
	job      map[string]any
	gets     int
}

func (s *service) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.Header.Get("Authorization") != "Bearer "+key {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprint(w, `{"error":{"message":"bad key","type":"auth","code":"invalid_api_key","param":null}}`)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	job := func(status string) {
		fmt.Fprintf(w, `{"id":"ftjob-7","object":"fine_tuning.job","model":%q,"status":%q,"fine_tuned_model":%q,"trained_tokens":99,"training_file":"file-1","created_at":1,"organization_id":"o","result_files":[],"seed":1,"hyperparameters":{}}`,
			s.job["model"], status, map[bool]string{true: "ft:model:evenhand"}[status == "succeeded"])
	}
	switch {
	case r.URL.Path == "/v1/files":
		_ = r.ParseMultipartForm(1 << 20)
		s.purposes = append(s.purposes, r.FormValue("purpose"))
		fmt.Fprintf(w, `{"id":"file-%d","object":"file","bytes":1,"created_at":1,"filename":"f","purpose":"fine-tune"}`, len(s.purposes))
	case r.URL.Path == "/v1/fine_tuning/jobs" && r.Method == http.MethodPost:
		body, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(body, &s.job)
		job("validating_files")
	case r.URL.Path == "/v1/fine_tuning/jobs/ftjob-7":
		s.gets++
		if s.gets < 3 {
			job("running")
		} else {
			job("succeeded")
		}
	default:
		http.NotFound(w, r)
	}
}

func TestRunsJob(t *testing.T) {
	t.Parallel()
	svc := &service{}
	srv := httptest.NewServer(svc)
	defer srv.Close()
	out, err := runFinetune(t, map[string]string{"OPENAI_API_KEY": key},
		"-train", "testdata/train.jsonl", "-validation", "testdata/train.jsonl",
		"-base-url", srv.URL+"/v1", "-poll", "1ms", "-beta", "1", "-epochs", "auto", "-model", "gpt-4o-mini-2024-07-18")
	require.NoError(t, err, out)
	assert.Contains(t, out, "testdata/train.jsonl: 2 rows, valid OpenAI preference data")
	assert.Contains(t, out, "job ftjob-7: validating_files")
	assert.Contains(t, out, "job ftjob-7: running")
	assert.Contains(t, out, "fine-tuned model: ft:model:evenhand (99 tokens trained)")
	assert.Equal(t, 1, strings.Count(out, ": running"), "a state is printed once")

	svc.mu.Lock()
	defer svc.mu.Unlock()
	assert.Equal(t, []string{"fine-tune", "fine-tune"}, svc.purposes)
	method, err := json.Marshal(svc.job["method"])
	require.NoError(t, err)
	assert.JSONEq(t, `{"type":"dpo","dpo":{"hyperparameters":{"beta":1,"n_epochs":"auto"}}}`, string(method))
	assert.Equal(t, "file-2", svc.job["validation_file"])
	assert.Equal(t, "evenhand", svc.job["suffix"])
}

func TestDryRunWithoutKey(t *testing.T) {
	t.Parallel()
	out, err := runFinetune(t, nil, "-train", "testdata/train.jsonl", "-beta", "auto", "-base-url", "http://127.0.0.1:1/v1")
	require.NoError(t, err, out)
	assert.Contains(t, out, "OPENAI_API_KEY is not set: dry run")
	assert.Contains(t, out, `"beta": "auto"`)
	assert.Contains(t, out, `"type": "dpo"`)
}

func TestRejectsBadFile(t *testing.T) {
	t.Parallel()
	out, err := runFinetune(t, nil, "-train", "testdata/bad.jsonl")
	require.Error(t, err, out)
	msg := err.Error()
	assert.Contains(t, msg, "line 1")
	assert.Contains(t, msg, "last input message is from the assistant")
	assert.Contains(t, msg, "are the same text")
	assert.NotContains(t, msg, "line 2")
	assert.Contains(t, msg, `line 3: not a valid openai row: missing field "input"`)
}

func TestKeyNotInErrors(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(&service{})
	defer srv.Close()
	const wrong = "sk-wrong-wrong-wrong"
	out, err := runFinetune(t, map[string]string{"OPENAI_API_KEY": wrong}, "-train", "testdata/train.jsonl", "-base-url", srv.URL+"/v1", "-poll", "1ms")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "status 401")
	assert.NotContains(t, err.Error()+out, wrong)
}

func TestHelp(t *testing.T) {
	t.Parallel()
	out, err := runFinetune(t, nil, "-h")
	assert.ErrorIs(t, err, flag.ErrHelp)
	for _, f := range []string{"-train", "-validation", "-model", "-beta", "-lr-multiplier", "-batch-size", "-epochs", "-suffix", "-seed", "-poll", "-base-url", "-dry-run"} {
		assert.Contains(t, out, "  "+f)
	}
	_, err = runFinetune(t, nil)
	assert.ErrorContains(t, err, "-train is required")
	_, err = runFinetune(t, nil, "-train", "testdata/train.jsonl", "-beta", "lots")
	assert.Error(t, err)
}

// TestValidatesLikeTheAPI is issue 11 finding 8 for finetune: its dry run accepted -beta -1,
// -epochs 0 and a 70-character -suffix (its help says 64). They are usage errors now, as the
// service would reject them, before any file is read or sent.
func TestValidatesLikeTheAPI(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"-beta", "-1"}, {"-beta", "0"}, {"-epochs", "0"}, {"-epochs", "1.5"}, {"-batch-size", "0"},
		{"-lr-multiplier", "-2"}, {"-suffix", strings.Repeat("x", 70)}, {"-seed", "-3"}, {"-poll", "0s"},
		{"-base-url", "not a url"}, {"extra"},
	} {
		out, err := runFinetune(t, nil, append([]string{"-train", "testdata/train.jsonl", "-dry-run"}, args...)...)
		require.Error(t, err, "args %q", args)
		assert.Equal(t, cli.ExitUsage, cli.Code("finetune", err, io.Discard), "args %q: %v", args, err)
		assert.NotContains(t, out, "would upload", "args %q", args)
	}
	out, err := runFinetune(t, nil, "-train", "testdata/train.jsonl", "-dry-run", "-suffix", strings.Repeat("x", 64), "-epochs", "3", "-beta", "1")
	require.NoError(t, err, out)
}

// TestBaseURLFromEnv is issue 11 finding 8 for finetune: it ignored OPENAI_BASE_URL, which the
// other examples honour, so a key meant for a compatible server went to OpenAI.
func TestBaseURLFromEnv(t *testing.T) {
	t.Parallel()
	svc := &service{}
	srv := httptest.NewServer(svc)
	defer srv.Close()
	out, err := runFinetune(t, map[string]string{"OPENAI_API_KEY": key, "OPENAI_BASE_URL": srv.URL + "/v1"},
		"-train", "testdata/train.jsonl", "-poll", "1ms")
	require.NoError(t, err, out)
	assert.Contains(t, out, "fine-tuned model: ft:model:evenhand")
	out, err = runFinetune(t, map[string]string{"OPENAI_BASE_URL": "http://compatible.example/v1"}, "-train", "testdata/train.jsonl")
	require.NoError(t, err, out)
	assert.Contains(t, out, "to http://compatible.example/v1")
}
