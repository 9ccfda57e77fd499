package hosted_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/evenhand/evenhand/dpo"
	"github.com/evenhand/evenhand/dpo/hosted"
	"github.com/evenhand/evenhand/llmx"
	"github.com/openai/openai-go/v3/option"
)

// New takes everything from its arguments and reads no environment variable. The base URL
// points at an OpenAI-compatible service (or, as here, a local stand-in); leave it out for
// OpenAI itself.
func ExampleNew() {
	srv := httptest.NewServer(&fakeService{states: []string{"running"}})
	defer srv.Close()
	c := hosted.New(testKey,
		hosted.WithBaseURL(srv.URL+"/v1"),
		hosted.WithHTTPClient(&http.Client{Timeout: time.Minute}),
		hosted.WithPollInterval(10*time.Second),
		hosted.WithRequestOptions(option.WithMaxRetries(0)))
	job, err := c.Get(context.Background(), "ftjob-1")
	fmt.Println(job.ID, job.Status, err)
	// Output:
	// ftjob-1 running <nil>
}

// Upload, Create and Wait are the steps Run takes, for callers that upload once and start
// several jobs, or wait for a job started elsewhere.
func ExampleClient_Wait() {
	srv := httptest.NewServer(&fakeService{states: []string{"running", "succeeded"}})
	defer srv.Close()
	c := hosted.New(testKey, hosted.WithBaseURL(srv.URL+"/v1"), hosted.WithPollInterval(time.Millisecond))
	ctx := context.Background()

	var train bytes.Buffer
	if err := dpo.Write(&train, dpo.OpenAI, []dpo.Example{{
		Prompt:   "Ana kept a found wallet's cash. Moral or immoral?",
		Chosen:   "Returning the wallet is honest; keeping the cash wrongs its owner.",
		Rejected: "Immoral: she stole.",
	}}); err != nil {
		fmt.Println(err)
		return
	}
	fileID, err := c.Upload(ctx, "train.jsonl", &train)
	if err != nil {
		fmt.Println(err)
		return
	}
	job, err := c.Create(ctx, "gpt-4.1-mini-2025-04-14", fileID, hosted.WithBeta(hosted.Value(1)), hosted.WithSuffix("evenhand"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("created", job.ID, "on", job.TrainingFile, "status", job.Status)
	job, err = c.Wait(ctx, job.ID, func(j hosted.Job) { fmt.Println("status:", j.Status) })
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(job.FineTunedModel, job.TrainedTokens, "tokens")
	// Output:
	// created ftjob-1 on file-1 status validating_files
	// status: running
	// status: succeeded
	// ft:gpt-4.1-mini:org:evenhand:abc 1234 tokens
}

// A job that fails comes back with an error wrapping ErrJobFailed and the service's reason.
func ExampleClient_Get() {
	srv := httptest.NewServer(&fakeService{states: []string{"failed"}, failed: "Training file has 1 example; at least 10 are required."})
	defer srv.Close()
	c := hosted.New(testKey, hosted.WithBaseURL(srv.URL+"/v1"), hosted.WithPollInterval(time.Millisecond))
	job, err := c.Get(context.Background(), "ftjob-1")
	fmt.Println(job.Status, job.Status.Done(), err)
	fmt.Println(job.Error)
	_, err = c.Wait(context.Background(), "ftjob-1", nil)
	fmt.Println(errors.Is(err, hosted.ErrJobFailed))
	// Output:
	// failed true <nil>
	// Training file has 1 example; at least 10 are required.
	// true
}

// The service's error responses are *llmx.StatusError values, as the model providers' are; the
// API key never appears in them.
func ExampleClient_Get_statusError() {
	srv := httptest.NewServer(&fakeService{states: []string{"running"}})
	defer srv.Close()
	c := hosted.New("sk-wrong-key-0000", hosted.WithBaseURL(srv.URL+"/v1"), hosted.WithRequestOptions(option.WithMaxRetries(0)))
	_, err := c.Get(context.Background(), "ftjob-1")
	var se *llmx.StatusError
	if errors.As(err, &se) {
		fmt.Println(se.Status, se.Code, llmx.Transient(err))
		fmt.Println(se.Message)
	}
	fmt.Println(err)
	// Output:
	// 401 invalid_api_key false
	// Incorrect API key provided: [redacted].
	// hosted: get job: llmx: provider answered status 401 (Unauthorized) [invalid_api_key]: Incorrect API key provided: [redacted].
}

// ParseParam reads a hyperparameter as a user writes it.
func ExampleParseParam() {
	for _, s := range []string{"auto", "1.5", "", "lots"} {
		p, err := hosted.ParseParam(s)
		fmt.Printf("%q -> %q %v\n", s, p, err)
	}
	// Output:
	// "auto" -> "auto" <nil>
	// "1.5" -> "1.5" <nil>
	// "" -> "" <nil>
	// "lots" -> "" hosted: invalid hyperparameter: "lots" is neither "auto" nor a number
}

// A Param is a number, "auto", or unset (the service's default); it works as a command-line
// flag.
func ExampleParam() {
	fs := flag.NewFlagSet("finetune", flag.ContinueOnError)
	var beta, epochs hosted.Param
	fs.Var(&beta, "beta", "DPO beta, or auto")
	fs.Var(&epochs, "epochs", "passes over the data, or auto")
	if err := fs.Parse([]string{"-beta", "auto"}); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("beta %q, epochs %q\n", beta, epochs)
	fmt.Println(hosted.Value(0.1), hosted.Auto())
	// Output:
	// beta "auto", epochs ""
	// 0.1 auto
}

func ExampleStatus() {
	for _, s := range []hosted.Status{hosted.StatusQueued, hosted.StatusRunning, hosted.StatusSucceeded, hosted.StatusFailed, hosted.StatusUnknown} {
		fmt.Println(s, s.Done())
	}
	// Output:
	// queued false
	// running false
	// succeeded true
	// failed true
	// unknown false
}

// Create starts a DPO job on uploaded files; the job options set the hyperparameters, and an
// unset Param is left to the service. The stand-in service shows the request it received.
func ExampleClient_Create() {
	svc := &fakeService{states: []string{"running"}}
	srv := httptest.NewServer(svc)
	defer srv.Close()
	c := hosted.New(testKey, hosted.WithBaseURL(srv.URL+"/v1"))
	ctx := context.Background()

	var train, eval bytes.Buffer
	for _, buf := range []*bytes.Buffer{&train, &eval} {
		if err := dpo.Write(buf, dpo.OpenAI, []dpo.Example{{
			Prompt:   "Ana kept a found wallet's cash. Moral or immoral?",
			Chosen:   "Returning the wallet is honest; keeping the cash wrongs its owner.",
			Rejected: "Immoral: she stole.",
		}}); err != nil {
			fmt.Println(err)
			return
		}
	}
	trainID, err := c.Upload(ctx, "train.jsonl", &train)
	if err != nil {
		fmt.Println(err)
		return
	}
	evalID, err := c.Upload(ctx, "eval.jsonl", &eval)
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = c.Create(ctx, "gpt-4.1-mini-2025-04-14", trainID,
		hosted.WithValidationFile(evalID),
		hosted.WithBeta(hosted.Value(1)),
		hosted.WithEpochs(hosted.Value(3)),
		hosted.WithBatchSize(hosted.Auto()),
		hosted.WithLearningRateMultiplier(hosted.Param{}), // unset: the service's default
		hosted.WithSeed(7),
		hosted.WithSuffix("evenhand"))
	if err != nil {
		fmt.Println(err)
		return
	}
	svc.mu.Lock()
	body, err := json.Marshal(svc.jobBody)
	svc.mu.Unlock()
	fmt.Println(string(body), err)
	// Output:
	// {"method":{"dpo":{"hyperparameters":{"batch_size":"auto","beta":1,"n_epochs":3}},"type":"dpo"},"model":"gpt-4.1-mini-2025-04-14","seed":7,"suffix":"evenhand","training_file":"file-1","validation_file":"file-2"} <nil>
}
