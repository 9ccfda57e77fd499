package batch_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/evenhand/evenhand/batch"
	"github.com/evenhand/evenhand/internal/batchfake"
	"go.uber.org/goleak"
)

func TestRestartReattachesAndAnswersFromStore(t *testing.T) {
	defer goleak.VerifyNone(t)
	var held atomic.Bool
	held.Store(true)
	script := batchfake.Script{Hold: func(int) bool { return held.Load() }}
	backends(t, script, func(t *testing.T, b batch.Backend, stats func() batchfake.Stats) {
		held.Store(true)
		dir := t.TempDir()
		submitted := make(chan struct{}, 1)
		m1 := batch.New(b, append(fast(batch.DefaultQuiet), batch.WithMaxRequests(10), batch.WithStateDir(dir), batch.WithDetach(true), batch.WithOnEvent(func(e batch.Event) {
			if e.Kind == batch.EventSubmitted {
				submitted <- struct{}{}
			}
		}))...)
		ctx, cancel := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		wg.Go(func() { askAll(ctx, m1, 10) })
		<-submitted
		cancel() // the first process gives up while its batch runs (Detach: the batch is left running)
		wg.Wait()
		if err := m1.Close(); err != nil {
			t.Fatal(err)
		}

		// The second process asks the same: it re-attaches to the running batch.
		held.Store(false)
		var attached atomic.Int32
		m2 := batch.New(b, append(fast(50*time.Millisecond), batch.WithStateDir(dir), batch.WithOnEvent(func(e batch.Event) {
			if e.Kind == batch.EventAttached {
				attached.Add(1)
			}
		}))...)
		got, errs := askAll(context.Background(), m2, 10)
		for i := range got {
			if errs[i] != nil || got[i] != reply(fmt.Sprintf("prompt %d", i)) {
				t.Errorf("call %d = %q, %v", i, got[i], errs[i])
			}
		}
		if err := m2.Close(); err != nil {
			t.Fatal(err)
		}
		if s := stats(); s.Creations != 1 || s.Answered != 10 || s.Cancels != 0 {
			t.Errorf("stats %+v: want one batch, answered once, never cancelled", s)
		}
		if attached.Load() != 1 {
			t.Errorf("%d batches attached, want 1", attached.Load())
		}

		// The third asks again: every reply comes from the store, with no call at all.
		before := stats()
		m3 := batch.New(b, append(fast(50*time.Millisecond), batch.WithStateDir(dir))...)
		got, errs = askAll(context.Background(), m3, 10)
		for i := range got {
			if errs[i] != nil || got[i] != reply(fmt.Sprintf("prompt %d", i)) {
				t.Errorf("stored call %d = %q, %v", i, got[i], errs[i])
			}
		}
		m3.Close()
		if after := stats(); after.Polls != before.Polls || after.Creations != before.Creations {
			t.Errorf("stored replies made calls: %+v -> %+v", before, after)
		}
	})
}

func TestRepeatedCallsAreDistinctRequests(t *testing.T) {
	defer goleak.VerifyNone(t)
	backends(t, batchfake.Script{}, func(t *testing.T, b batch.Backend, stats func() batchfake.Stats) {
		m := batch.New(b, append(fast(batch.DefaultQuiet), batch.WithMaxRequests(3))...)
		defer m.Close()
		var wg sync.WaitGroup
		for range 3 {
			wg.Go(func() {
				if _, _, err := ask(context.Background(), m, "same"); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if s := stats(); s.Requests != 3 || s.Creations != 1 {
			t.Errorf("stats %+v: want the three identical calls as three requests of one batch", s)
		}
	})
}

func TestTornStateTail(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, batch.StateFile)
	whole := `{"t":"reply","key":"k-0","reply":{"choices":[{"content":"STANCE: A"}]}}` + "\n"
	if err := os.WriteFile(path, []byte(whole+`{"t":"reply","key":"k-1","rep`), 0o644); err != nil {
		t.Fatal(err)
	}
	b := batch.NewOpenAI("m")
	m := batch.New(b, batch.WithStateDir(dir))
	if err := m.Open(); err != nil {
		t.Fatal(err)
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(path); string(data) != whole {
		t.Errorf("after opening, the file holds %q, want the torn tail cut: %q", data, whole)
	}
	if err := os.WriteFile(path, []byte("not json\n"+whole), 0o644); err != nil {
		t.Fatal(err)
	}
	m = batch.New(b, batch.WithStateDir(dir))
	defer m.Close()
	if err := m.Open(); !errors.Is(err, batch.ErrState) {
		t.Fatalf("a damaged line in the middle: %v, want ErrState", err)
	}
	if _, _, err := ask(context.Background(), m, "x"); !errors.Is(err, batch.ErrState) {
		t.Fatalf("a call on a damaged directory: %v, want ErrState", err)
	}
}
