package hosted_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"time"

	"github.com/evenhand/evenhand/dpo"
	"github.com/evenhand/evenhand/dpo/hosted"
)

// The package documentation's example, run against a local stand-in for the service (which is
// the only change: a base URL and an instant job).
func Example() {
	srv := httptest.NewServer(&fakeService{states: []string{"succeeded"}})
	defer srv.Close()
	apiKey, ctx := testKey, context.Background()
	var train, eval bytes.Buffer
	for _, w := range []*bytes.Buffer{&train, &eval} {
		if err := dpo.Write(w, dpo.OpenAI, []dpo.Example{{Prompt: "Moral or immoral?", Chosen: "It depends.", Rejected: "Immoral."}}); err != nil {
			fmt.Println(err)
			return
		}
	}

	c := hosted.New(apiKey, hosted.WithPollInterval(time.Minute), hosted.WithBaseURL(srv.URL+"/v1"))
	job, err := c.Run(ctx, "gpt-4.1-mini-2025-04-14", &train, &eval, nil, hosted.WithBeta(hosted.Value(1)))
	fmt.Println(job.Status, job.FineTunedModel, err)
	// Output:
	// succeeded ft:gpt-4.1-mini:org:evenhand:abc <nil>
}

func ExampleClient_Run() {
	// A local stand-in for the service; pass the real API key and no base URL in production.
	srv := httptest.NewServer(&fakeService{states: []string{"queued", "running", "succeeded"}})
	defer srv.Close()
	c := hosted.New(testKey, hosted.WithBaseURL(srv.URL+"/v1"), hosted.WithPollInterval(time.Millisecond))

	var train bytes.Buffer
	err := dpo.Write(&train, dpo.OpenAI, []dpo.Example{{
		Prompt:   "Ana kept a found wallet's cash. Moral or immoral?",
		Chosen:   "Returning the wallet is honest; keeping the cash wrongs its owner.",
		Rejected: "Immoral: she stole.",
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	job, err := c.Run(context.Background(), "gpt-4.1-mini-2025-04-14", &train, nil,
		func(j hosted.Job) { fmt.Println("status:", j.Status) },
		hosted.WithBeta(hosted.Value(1)), hosted.WithEpochs(hosted.Auto()))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("model:", job.FineTunedModel)
	// Output:
	// status: validating_files
	// status: queued
	// status: running
	// status: succeeded
	// model: ft:gpt-4.1-mini:org:evenhand:abc
}
