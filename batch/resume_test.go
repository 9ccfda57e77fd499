package batch_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/evenhand/evenhand/batch"
	"github.com/evenhand/evenhand/internal/batchfake"
	"github.com/openai/openai-go/v3/option"
)

const resumeRequests = 60

// TestKillAndResumeChild is the child process of TestKillAndResume: it asks resumeRequests
// prompts through the fake server named in the environment, keeping its state in the directory
// named there, and prints each reply once it has them all.
func TestKillAndResumeChild(t *testing.T) {
	url, dir := os.Getenv("EVENHAND_BATCH_CHILD_URL"), os.Getenv("EVENHAND_BATCH_CHILD_DIR")
	if url == "" {
		t.Skip("run by TestKillAndResume")
	}
	var b batch.Backend = batch.NewOpenAI("gpt-test", option.WithBaseURL(url), option.WithAPIKey("test-key"), option.WithMaxRetries(0))
	if os.Getenv("EVENHAND_BATCH_CHILD_STALL") != "" {
		b = stallAfterSubmit{b.(*batch.OpenAI)}
	}
	m := batch.New(b, batch.WithStateDir(dir), batch.WithQuietPeriod(50*time.Millisecond), batch.WithPollInterval(2*time.Millisecond, 10*time.Millisecond))
	got, errs := askAll(context.Background(), m, resumeRequests)
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	for i := range got {
		if errs[i] != nil {
			t.Fatalf("call %d: %v", i, errs[i])
		}
		fmt.Printf("RESULT %d %q\n", i, got[i])
	}
}

// TestKillAndResume kills a child process with SIGKILL while its batch is in progress, five
// times, and restarts it each time. Every fifth request fails (500) in its first batch, so the
// job needs two batches: the first holding every request, the second the failed ones. The
// sixth run must print every result exactly once, and the server must have seen exactly one
// creation per distinct request set, each request answered once.
func TestKillAndResume(t *testing.T) {
	if os.Getenv("EVENHAND_BATCH_CHILD_URL") != "" {
		t.Skip("the child runs TestKillAndResumeChild only")
	}
	var hold [2]atomic.Bool
	hold[0].Store(true)
	hold[1].Store(true)
	f := &batchfake.OpenAI{Reply: reply, Script: batchfake.Script{
		Hold: func(n int) bool { return n < 2 && hold[n].Load() },
		Fail: func(id, prompt string, attempt int) int {
			if attempt == 0 && strings.HasSuffix(prompt, "5") || strings.HasSuffix(prompt, "0") && attempt == 0 {
				return http.StatusInternalServerError
			}
			return 0
		},
	}}
	srv := httptest.NewServer(f)
	defer srv.Close()
	dir := t.TempDir()

	run := func(kill func(polls0 []int) bool) (string, bool) {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKillAndResumeChild$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), "EVENHAND_BATCH_CHILD_URL="+srv.URL+"/v1/", "EVENHAND_BATCH_CHILD_DIR="+dir)
		var out strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &out
		polls0 := f.Stats().PollsOf
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		if kill == nil {
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("last run: %v\n%s", err, out.String())
				}
				return out.String(), false
			case <-time.After(2 * time.Minute):
				_ = cmd.Process.Kill()
				<-done
				t.Fatalf("last run did not finish\n%s", out.String())
			}
		}
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		deadline := time.After(time.Minute)
		for {
			select {
			case err := <-done:
				t.Fatalf("the child ended before it was killed: %v, server %+v\n%.300s", err, f.Stats(), out.String())
			case <-deadline:
				_ = cmd.Process.Kill()
				<-done
				t.Fatalf("the child never reached the point to kill it\n%s", out.String())
			case <-tick.C:
				if kill(polls0) {
					_ = cmd.Process.Signal(os.Kill) // SIGKILL: no deferred code runs
					<-done
					return out.String(), true
				}
			}
		}
	}
	// Kill once this child has polled its newest batch (so the batch is in progress and its id
	// is on disk) a few times.
	polled := func(creations int) func([]int) bool {
		return func(polls0 []int) bool {
			s := f.Stats()
			if s.Creations != creations {
				return false
			}
			before := 0
			if creations <= len(polls0) {
				before = polls0[creations-1]
			}
			return s.PollsOf[creations-1] >= before+3
		}
	}
	run(polled(1)) // run 1: submits batch 1
	run(polled(1)) // run 2: re-attaches to batch 1
	hold[0].Store(false)
	run(polled(2)) // run 3: batch 1 ends, the failed requests go into batch 2
	run(polled(2)) // runs 4 and 5: re-attach to batch 2
	run(polled(2))
	hold[1].Store(false)
	out, _ := run(nil) // run 6: batch 2 ends

	seen := map[int]string{}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var i int
		var q string
		if _, err := fmt.Sscanf(sc.Text(), "RESULT %d %q", &i, &q); err != nil {
			continue
		}
		if _, dup := seen[i]; dup {
			t.Errorf("result %d printed twice", i)
		}
		seen[i] = q
	}
	for i := range resumeRequests {
		if want := reply("prompt " + strconv.Itoa(i)); seen[i] != want {
			t.Errorf("result %d = %q, want %q", i, seen[i], want)
		}
	}
	s := f.Stats()
	t.Logf("6 runs, 5 killed: %d batch creations over %d distinct request sets, %d requests, %d answered, %d failed, %d polls", s.Creations, len(s.Sets), s.Requests, s.Answered, s.Failed, s.Polls)
	for set, n := range s.Sets {
		if n != 1 {
			t.Errorf("request set %s created %d times, want once", set, n)
		}
	}
	if s.Creations != 2 || s.Answered != resumeRequests || s.Requests != resumeRequests+s.Failed || s.Cancels != 0 {
		t.Errorf("stats %+v: want 2 batches (all requests, then the %d failed), each request answered once, nothing cancelled", s, s.Failed)
	}
}

// stallAfterSubmit creates the batch and then never returns: the process is killed before it
// can record the batch's id.
type stallAfterSubmit struct{ *batch.OpenAI }

func (s stallAfterSubmit) Submit(ctx context.Context, reqs []batch.Request) (string, error) {
	if _, err := s.OpenAI.Submit(ctx, reqs); err != nil {
		return "", err
	}
	fmt.Println("CREATED")
	select {}
}

// TestKillBetweenCreateAndRecord kills the child after the provider created its batch but
// before the child recorded the batch's id: the restarted child finds the batch by its request
// set (OpenAI batch metadata) instead of creating a second one.
func TestKillBetweenCreateAndRecord(t *testing.T) {
	if os.Getenv("EVENHAND_BATCH_CHILD_URL") != "" {
		t.Skip("the child runs TestKillAndResumeChild only")
	}
	f := &batchfake.OpenAI{Reply: reply}
	srv := httptest.NewServer(f)
	defer srv.Close()
	dir := t.TempDir()
	child := func(stall bool) *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestKillAndResumeChild$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), "EVENHAND_BATCH_CHILD_URL="+srv.URL+"/v1/", "EVENHAND_BATCH_CHILD_DIR="+dir)
		if stall {
			cmd.Env = append(cmd.Env, "EVENHAND_BATCH_CHILD_STALL=1")
		}
		return cmd
	}
	first := child(true)
	var out1 strings.Builder
	first.Stdout, first.Stderr = &out1, &out1
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute)
	for f.Stats().Creations == 0 && time.Now().Before(deadline) {
		time.Sleep(2 * time.Millisecond)
	}
	time.Sleep(50 * time.Millisecond) // the child is stuck in Submit, after the creation
	_ = first.Process.Signal(os.Kill)
	_ = first.Wait()
	if f.Stats().Creations != 1 {
		t.Fatalf("first run: %d creations, want 1\n%s", f.Stats().Creations, out1.String())
	}
	out, err := child(false).CombinedOutput()
	if err != nil {
		t.Fatalf("second run: %v\n%s", err, out)
	}
	if n := strings.Count(string(out), "RESULT "); n != resumeRequests {
		t.Errorf("second run printed %d results, want %d", n, resumeRequests)
	}
	s := f.Stats()
	t.Logf("killed between creation and record, restarted: %d batch creation(s), %d requests answered", s.Creations, s.Answered)
	if s.Creations != 1 || s.Answered != resumeRequests {
		t.Errorf("stats %+v: want the one batch found again and each request answered once", s)
	}
}
