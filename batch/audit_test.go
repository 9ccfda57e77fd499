package batch_test

import (
	"context"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/evenhand/evenhand"
	"github.com/evenhand/evenhand/batch"
	"github.com/evenhand/evenhand/internal/batchfake"
	"github.com/evenhand/evenhand/internal/llmtest"
	"github.com/evenhand/evenhand/internal/shareddata"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/llmx"
	"github.com/evenhand/evenhand/story"
	"go.uber.org/goleak"
)

// TestAuditGenMODevInOneBatch judges the GenMO dev file live and through each fake batch
// server with the same scripted model: the outcomes must be identical, all the judge calls
// must go in exactly one batch, and the server must answer each call exactly once.
func TestAuditGenMODevInOneBatch(t *testing.T) {
	defer goleak.VerifyNone(t)
	f, err := os.Open(shareddata.Path(t, "genmo/genmo_dev.json"))
	if err != nil {
		t.Fatal(err)
	}
	pairs, err := story.ReadGenMO(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	live := &llmtest.Model{Reply: func(_ context.Context, prompt string, _ int) (string, error) { return reply(prompt), nil }}
	want, _, err := (&evenhand.Pipeline{Judge: judge.New(live), Concurrency: len(pairs)}).Audit(context.Background(), pairs)
	if err != nil {
		t.Fatal(err)
	}
	calls := live.Calls()
	t.Logf("%d pairs, %d live judge calls", len(pairs), calls)

	backends(t, batchfake.Script{Steps: 2}, func(t *testing.T, b batch.Backend, stats func() batchfake.Stats) {
		// The default quiet period: no call may come more than 2 s after the one before.
		m := batch.New(b, batch.WithPollInterval(time.Millisecond, 20*time.Millisecond))
		defer m.Close()
		meter := llmx.NewMeter(m) // counts calls and the tokens the batch replies report
		p := &evenhand.Pipeline{Judge: judge.New(meter), Concurrency: len(pairs), Meters: map[evenhand.Stage]*llmx.Meter{evenhand.StageJudge: meter}}
		got, st, err := p.Audit(context.Background(), pairs)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			for i := range got {
				if !reflect.DeepEqual(got[i], want[i]) {
					t.Fatalf("outcome %d differs from live mode:\n got %+v\nwant %+v", i, got[i], want[i])
				}
			}
		}
		s := stats()
		t.Logf("server: %d batch(es), %d requests, %d answered, %d polls; Stats.Usage %+v", s.Creations, s.Requests, s.Answered, s.Polls, st.Usage)
		if st.Usage.Calls != int64(calls) || st.Usage.PromptTokens == 0 || st.Usage.TotalTokens != st.Usage.PromptTokens+st.Usage.CompletionTokens {
			t.Errorf("Stats.Usage = %+v: want %d calls with their tokens", st.Usage, calls)
		}
		if s.Creations != 1 || s.Requests != calls || s.Answered != calls {
			t.Errorf("server saw %d batches, %d requests, %d answered; want 1 batch, %d requests answered once", s.Creations, s.Requests, s.Answered, calls)
		}
	})
}
