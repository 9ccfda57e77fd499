package hosted_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/openai/openai-go/v3/option"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/evenhand/evenhand/dpo"
	"github.com/evenhand/evenhand/dpo/hosted"
	"github.com/evenhand/evenhand/llmx"
)

const testKey = "sk-test-0123456789abcdef"

// fakeService implements the files and fine_tuning/jobs endpoints the SDK calls, records what it
// receives, and walks each job through a scripted list of states.
type fakeService struct {
	t      *testing.T
	states []string // the states GET returns, in turn; the last one repeats
	failed string   // the error message of a failed job

	mu      sync.Mutex
	uploads []upload
	jobBody map[string]any
	gets    int
}

type upload struct {
	purpose, filename, content string
}

func (f *fakeService) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if got := r.Header.Get("Authorization"); got != "Bearer "+testKey {
		w.WriteHeader(http.StatusUnauthorized)
		fmt.Fprintf(w, `{"error":{"message":"Incorrect API key provided: %s.","type":"invalid_request_error","code":"invalid_api_key","param":null}}`, strings.TrimPrefix(got, "Bearer "))
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/v1/files":
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		file, hdr, err := r.FormFile("file")
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		content, _ := io.ReadAll(file)
		f.uploads = append(f.uploads, upload{purpose: r.FormValue("purpose"), filename: hdr.Filename, content: string(content)})
		fmt.Fprintf(w, `{"id":"file-%d","object":"file","bytes":%d,"created_at":1,"filename":%q,"purpose":"fine-tune","status":"processed"}`,
			len(f.uploads), len(content), hdr.Filename)
	case r.Method == http.MethodPost && r.URL.Path == "/v1/fine_tuning/jobs":
		if err := json.NewDecoder(r.Body).Decode(&f.jobBody); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		f.writeJob(w, "validating_files")
	case r.Method == http.MethodGet && r.URL.Path == "/v1/fine_tuning/jobs/ftjob-1":
		state := f.states[min(f.gets, len(f.states)-1)]
		f.gets++
		f.writeJob(w, state)
	default:
		w.WriteHeader(http.StatusNotFound)
		fmt.Fprint(w, `{"error":{"message":"no such route","type":"invalid_request_error","code":null,"param":null}}`)
	}
}

func (f *fakeService) writeJob(w io.Writer, state string) {
	job := map[string]any{
		"id": "ftjob-1", "object": "fine_tuning.job", "created_at": 1, "model": f.jobBody["model"],
		"organization_id": "org-1", "result_files": []string{}, "seed": 1, "status": state,
		"training_file": f.jobBody["training_file"], "validation_file": f.jobBody["validation_file"],
		"hyperparameters": map[string]any{}, "trained_tokens": nil, "fine_tuned_model": nil, "finished_at": nil, "error": nil,
		"method": f.jobBody["method"],
	}
	switch state {
	case "succeeded":
		job["fine_tuned_model"] = "ft:gpt-4.1-mini:org:evenhand:abc"
		job["trained_tokens"] = 1234
	case "failed":
		job["error"] = map[string]any{"code": "invalid_training_file", "message": f.failed, "param": "training_file"}
	}
	_ = json.NewEncoder(w).Encode(job)
}

func newServer(t *testing.T, f *fakeService) *hosted.Client {
	t.Helper()
	f.t = t
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	hc := &http.Client{Transport: &http.Transport{}}
	t.Cleanup(hc.CloseIdleConnections)
	return hosted.New(testKey,
		hosted.WithBaseURL(srv.URL+"/v1"),
		hosted.WithHTTPClient(hc),
		hosted.WithPollInterval(time.Millisecond),
		hosted.WithRequestOptions(option.WithMaxRetries(0)))
}

// trainingFile writes a small valid OpenAI preference file.
func trainingFile(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, dpo.Write(&buf, dpo.OpenAI, []dpo.Example{
		{Prompt: "Story one. Moral or immoral?", Chosen: "Both readings hold.", Rejected: "Immoral."},
		{Prompt: "Story two. Moral or immoral?", Chosen: "It depends on the harm.", Rejected: "Moral."},
	}))
	return buf.Bytes()
}

func TestRunDPO(t *testing.T) {
	t.Parallel()
	f := &fakeService{states: []string{"queued", "running", "running", "succeeded"}}
	c := newServer(t, f)
	train, eval := trainingFile(t), trainingFile(t)

	var seen []hosted.Status
	job, err := c.Run(t.Context(), "gpt-4.1-mini-2025-04-14", bytes.NewReader(train), bytes.NewReader(eval),
		func(j hosted.Job) { seen = append(seen, j.Status) },
		hosted.WithBeta(hosted.Value(1)), hosted.WithEpochs(hosted.Auto()), hosted.WithLearningRateMultiplier(hosted.Value(0.5)),
		hosted.WithSuffix("evenhand"), hosted.WithSeed(7))
	require.NoError(t, err)
	assert.Equal(t, hosted.Job{
		ID: "ftjob-1", Model: "gpt-4.1-mini-2025-04-14", Status: hosted.StatusSucceeded, RawStatus: "succeeded",
		FineTunedModel: "ft:gpt-4.1-mini:org:evenhand:abc", TrainingFile: "file-1", ValidationFile: "file-2", TrainedTokens: 1234,
	}, job)
	assert.Equal(t, []hosted.Status{hosted.StatusValidatingFiles, hosted.StatusQueued, hosted.StatusRunning, hosted.StatusRunning, hosted.StatusSucceeded}, seen)

	f.mu.Lock()
	defer f.mu.Unlock()
	require.Len(t, f.uploads, 2)
	assert.Equal(t, upload{purpose: "fine-tune", filename: "train.jsonl", content: string(train)}, f.uploads[0])
	assert.Equal(t, "fine-tune", f.uploads[1].purpose)
	assert.Equal(t, "validation.jsonl", f.uploads[1].filename)

	body, err := json.Marshal(f.jobBody)
	require.NoError(t, err)
	assert.JSONEq(t, `{
		"model": "gpt-4.1-mini-2025-04-14",
		"training_file": "file-1",
		"validation_file": "file-2",
		"suffix": "evenhand",
		"seed": 7,
		"method": {"type": "dpo", "dpo": {"hyperparameters": {"beta": 1, "n_epochs": "auto", "learning_rate_multiplier": 0.5}}}
	}`, string(body))
}

func TestCreateSendsOnlySetHyperparameters(t *testing.T) {
	t.Parallel()
	f := &fakeService{states: []string{"succeeded"}}
	c := newServer(t, f)
	job, err := c.Create(t.Context(), "gpt-4o-mini", "file-9", hosted.WithBatchSize(hosted.Value(8)))
	require.NoError(t, err)
	assert.Equal(t, hosted.StatusValidatingFiles, job.Status)
	f.mu.Lock()
	defer f.mu.Unlock()
	body, err := json.Marshal(f.jobBody["method"])
	require.NoError(t, err)
	assert.JSONEq(t, `{"type":"dpo","dpo":{"hyperparameters":{"batch_size":8}}}`, string(body))
	assert.NotContains(t, f.jobBody, "validation_file")
}

func TestRunFailedJob(t *testing.T) {
	t.Parallel()
	f := &fakeService{states: []string{"running", "failed"}, failed: "Training file has 2 examples; at least 10 are required."}
	c := newServer(t, f)
	job, err := c.Run(t.Context(), "gpt-4o-mini", bytes.NewReader(trainingFile(t)), nil, nil)
	require.ErrorIs(t, err, hosted.ErrJobFailed)
	assert.Contains(t, err.Error(), "at least 10 are required")
	assert.Equal(t, hosted.StatusFailed, job.Status)
	assert.Equal(t, f.failed, job.Error)
}

func TestRunRejectsInvalidFileBeforeUpload(t *testing.T) {
	t.Parallel()
	f := &fakeService{states: []string{"succeeded"}}
	c := newServer(t, f)
	bad := `{"input":{"messages":[{"role":"user","content":"p"}]},"preferred_output":[{"role":"assistant","content":"c"}]}` + "\n"
	_, err := c.Run(t.Context(), "gpt-4o-mini", strings.NewReader(bad), nil, nil)
	require.ErrorIs(t, err, hosted.ErrInvalidFile)
	assert.ErrorIs(t, err, dpo.ErrInvalidLine)
	assert.Contains(t, err.Error(), `line 1`)
	assert.Contains(t, err.Error(), `missing field "non_preferred_output"`)

	_, err = c.Run(t.Context(), "gpt-4o-mini", bytes.NewReader(trainingFile(t)), strings.NewReader(""), nil)
	assert.ErrorIs(t, err, hosted.ErrInvalidFile)
	assert.ErrorIs(t, err, dpo.ErrNoExamples)
	f.mu.Lock()
	defer f.mu.Unlock()
	assert.Empty(t, f.uploads)
}

func TestWaitStopsWithContext(t *testing.T) {
	t.Parallel()
	f := &fakeService{states: []string{"running"}}
	c := newServer(t, f)
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	job, err := c.Wait(ctx, "ftjob-1", nil)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Equal(t, hosted.StatusRunning, job.Status, "the last state read is returned")
}

// TestKeyNeverInErrors checks every way an error could carry the key: a service reply that echoes
// it, and a transport error whose URL holds it.
func TestKeyNeverInErrors(t *testing.T) {
	t.Parallel()
	f := &fakeService{states: []string{"running"}}
	srv := httptest.NewServer(f)
	defer srv.Close()

	// The service echoes the (wrong) key it was sent.
	const wrong = "sk-wrong-key-9876543210"
	c := hosted.New(wrong, hosted.WithBaseURL(srv.URL+"/v1"), hosted.WithRequestOptions(option.WithMaxRetries(0)))
	_, err := c.Upload(t.Context(), "x.jsonl", strings.NewReader("{}"))
	require.Error(t, err)
	var apiErr *llmx.StatusError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, http.StatusUnauthorized, apiErr.Status)
	assert.Equal(t, "invalid_api_key", apiErr.Code)
	assert.Contains(t, apiErr.Message, "[redacted]")
	assert.Contains(t, err.Error(), "hosted: upload file: ")
	for _, s := range []string{err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err), fmt.Sprintf("%#v", *apiErr)} {
		assert.NotContains(t, s, wrong)
	}

	// A transport error whose URL holds the key.
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close()
	c = hosted.New(testKey, hosted.WithBaseURL(deadURL+"/"+testKey), hosted.WithRequestOptions(option.WithMaxRetries(0)))
	_, err = c.Get(t.Context(), "ftjob-1")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), testKey)
	for e := err; e != nil; e = errors.Unwrap(e) {
		assert.NotContains(t, fmt.Sprintf("%+v", e), testKey)
	}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range joined.Unwrap() {
			assert.NotContains(t, fmt.Sprintf("%+v", e), testKey)
		}
	}
}

func TestParams(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{"auto": "auto", " AUTO ": "auto", "1": "1", "0.1": "0.1", "": "", "1e-5": "1e-05"} {
		p, err := hosted.ParseParam(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, p.String(), in)
	}
	for _, in := range []string{"fast", "NaN", "inf"} {
		_, err := hosted.ParseParam(in)
		assert.ErrorIs(t, err, hosted.ErrInvalidParam, in)
	}
	var p hosted.Param
	require.NoError(t, p.Set("2"))
	assert.Equal(t, hosted.Value(2), p)

	f := &fakeService{states: []string{"succeeded"}}
	c := newServer(t, f)
	for _, opt := range []hosted.JobOption{
		hosted.WithBeta(hosted.Value(0)), hosted.WithBeta(hosted.Value(-1)),
		hosted.WithEpochs(hosted.Value(2.5)), hosted.WithBatchSize(hosted.Value(1e12)),
	} {
		_, err := c.Create(t.Context(), "m", "file-1", opt)
		assert.ErrorIs(t, err, hosted.ErrInvalidParam)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	assert.Nil(t, f.jobBody, "no job is created with an invalid hyperparameter")
}

func TestStatus(t *testing.T) {
	t.Parallel()
	assert.True(t, hosted.StatusCancelled.Done())
	assert.False(t, hosted.StatusPaused.Done())
	assert.False(t, hosted.StatusUnknown.Done())
	assert.Equal(t, "validating_files", hosted.StatusValidatingFiles.String())
	assert.Equal(t, "unknown", hosted.Status(99).String())
}

// TestDocExampleRuns keeps the package documentation's Run call in step with the runnable
// Example (it once passed a JobOption where Run expects the progress function).
func TestDocExampleRuns(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("hosted.go")
	require.NoError(t, err)
	example, err := os.ReadFile("example_test.go")
	require.NoError(t, err)
	var calls []string
	for _, line := range strings.Split(string(doc), "\n") {
		if code, ok := strings.CutPrefix(line, "//\t"); ok && strings.Contains(code, "c.Run(") {
			calls = append(calls, code)
		}
	}
	require.NotEmpty(t, calls, "the package doc shows no call of Run")
	for _, code := range calls {
		// The Example reads its files from buffers: the same call with & before them.
		code = strings.ReplaceAll(code, "train, eval,", "&train, &eval,")
		assert.Contains(t, string(example), code, "the doc's call is not the one the Example runs")
	}
}
