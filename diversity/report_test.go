package diversity_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/evenhand/evenhand/diversity"
	"github.com/evenhand/evenhand/judge"
	"github.com/evenhand/evenhand/llmx"
	"github.com/evenhand/evenhand/record"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tmc/langchaingo/embeddings"
)

// fakeEmbedder answers with a fixed vector per text and counts its calls.
type fakeEmbedder struct {
	vec   func(text string) []float32
	calls atomic.Int64
	fail  func(call int64) error
}

func (f *fakeEmbedder) EmbedDocuments(ctx context.Context, texts []string) ([][]float32, error) {
	n := f.calls.Add(1)
	if f.fail != nil {
		if err := f.fail(n); err != nil {
			return nil, err
		}
	}
	out := make([][]float32, len(texts))
	for i, t := range texts {
		out[i] = f.vec(t)
	}
	return out, nil
}

func (f *fakeEmbedder) EmbedQuery(ctx context.Context, text string) ([]float32, error) {
	v, err := f.EmbedDocuments(ctx, []string{text})
	if err != nil {
		return nil, err
	}
	return v[0], nil
}

var _ embeddings.Embedder = (*fakeEmbedder)(nil)

func records(stories ...string) []record.Record {
	var out []record.Record
	for i, s := range stories {
		out = append(out, record.Record{ID: i,
			Male:   record.Side{Story: s, CharacterName: fmt.Sprintf("John%d", i), Stance: judge.Moral},
			Female: record.Side{Story: strings.ReplaceAll(s, "He ", "She "), CharacterName: fmt.Sprintf("Mary%d", i), Stance: judge.Immoral}})
	}
	return out
}

var stories = []string{
	"He found a wallet on the street and kept the money for himself.",
	"He found a wallet in the park and gave it back to its owner.",
	"He lied to his boss about being sick to go to a concert.",
	"He lied to his manager about an illness so he could attend a concert.",
	"He donated a kidney to a stranger he met online.",
	"He planted trees along the river every weekend with his neighbours.",
}

func TestAnalyzeLexical(t *testing.T) {
	r, err := diversity.Analyze(context.Background(), diversity.Lexical{}, records(stories...), diversity.WithTop(3))
	require.NoError(t, err)
	r.Embedder = "lexical"
	assert.Equal(t, 6, r.Male.Vectors)
	assert.Equal(t, int64(15), r.Male.Stats.Pairs)
	require.Len(t, r.Male.TopPairs, 3)
	// The two wallet stories share the most words.
	top := r.Male.TopPairs[0]
	assert.ElementsMatch(t, []int{0, 1}, []int{top.A.Record, top.B.Record})
	assert.Equal(t, "John0", top.A.Name)
	assert.Equal(t, "Moral", top.A.Stance)
	assert.Equal(t, "Immoral", r.Female.TopPairs[0].A.Stance)
	assert.Greater(t, top.Cosine, r.Male.Median)

	var text, js, page bytes.Buffer
	require.NoError(t, r.WriteText(&text))
	assert.Contains(t, text.String(), "Story similarity (cosine) over 6 records, embedder lexical")
	assert.Contains(t, text.String(), "Most similar male stories:")
	require.NoError(t, r.WriteJSON(&js))
	var back diversity.Report
	require.NoError(t, json.Unmarshal(js.Bytes(), &back))
	assert.InDelta(t, r.Male.Mean, back.Male.Mean, 0)
	require.NoError(t, r.WriteHTML(&page))
	assert.Contains(t, page.String(), "<svg")
	assert.Contains(t, page.String(), "How varied are the stories?")
	// The page is well-formed XML (no stray markup from the data).
	d := xml.NewDecoder(strings.NewReader(strings.TrimPrefix(page.String(), "<!DOCTYPE html>\n")))
	d.Strict = true
	for {
		_, err := d.Token()
		if err != nil {
			require.ErrorIs(t, err, errIOEOF)
			break
		}
	}
	f := r.Figures()
	assert.Equal(t, "lexical", f.Embedder)
	assert.Equal(t, r.Female.Median, f.Female.Median)
}

var errIOEOF = func() error { _, err := xml.NewDecoder(strings.NewReader("")).Token(); return err }()

func TestAnalyzeBadInput(t *testing.T) {
	ctx := context.Background()
	_, err := diversity.Analyze(ctx, diversity.Lexical{}, records("only one"))
	require.ErrorIs(t, err, diversity.ErrTooFew)

	_, err = diversity.Analyze(ctx, diversity.Lexical{}, records("a story", "  "))
	require.ErrorIs(t, err, diversity.ErrEmptyStory)
	assert.Contains(t, err.Error(), "record 1")

	// A text without words gives the lexical embedder nothing: a zero vector, named.
	_, err = diversity.Analyze(ctx, diversity.Lexical{}, records("a story", "!!! ???"))
	require.ErrorIs(t, err, diversity.ErrZeroVector)
	assert.Contains(t, err.Error(), "text 1")

	short := &fakeEmbedder{vec: func(t string) []float32 { return make([]float32, len(t)%3+1) }}
	short.vec = func(t string) []float32 {
		v := make([]float32, 2+len(t)%2)
		v[0] = 1
		return v
	}
	_, err = diversity.Analyze(ctx, short, records("ab", "abc"))
	require.ErrorIs(t, err, diversity.ErrDimensions)

	nan := &fakeEmbedder{vec: func(string) []float32 { return []float32{float32(zero() / zero()), 1} }}
	_, err = diversity.Analyze(ctx, nan, records("a", "b"))
	require.ErrorIs(t, err, diversity.ErrNotFinite)
}

func zero() float64 { return 0 }

// wrongCount answers one vector fewer than asked.
type wrongCount struct{ fakeEmbedder }

func (w *wrongCount) EmbedDocuments(ctx context.Context, texts []string) ([][]float32, error) {
	v, _ := w.fakeEmbedder.EmbedDocuments(ctx, texts)
	return v[:len(v)-1], nil
}

func TestEmbedBatchesAndRetries(t *testing.T) {
	ctx := context.Background()
	texts := make([]string, 10)
	for i := range texts {
		texts[i] = fmt.Sprint("story ", i)
	}
	e := &fakeEmbedder{vec: func(t string) []float32 { return []float32{1, float32(len(t))} }}
	var seen []int
	v, err := diversity.Embed(ctx, e, texts, diversity.WithBatchSize(4), diversity.WithProgress(func(done, total int) { seen = append(seen, done) }))
	require.NoError(t, err)
	assert.Len(t, v, 10)
	assert.Equal(t, int64(3), e.calls.Load())
	assert.Equal(t, []int{4, 8, 10}, seen)

	transient := errors.New("429 too many requests")
	flaky := &fakeEmbedder{vec: e.vec, fail: func(n int64) error {
		if n%2 == 1 {
			return transient
		}
		return nil
	}}
	fast := llmx.WithBackoff(time.Millisecond, time.Millisecond)
	retryable := llmx.WithRetryIf(func(err error) bool { return errors.Is(err, transient) })
	v, err = diversity.Embed(ctx, llmx.RetryEmbedder(flaky, llmx.WithAttempts(3), fast, retryable), texts, diversity.WithBatchSize(5))
	require.NoError(t, err)
	assert.Len(t, v, 10)
	assert.Equal(t, int64(4), flaky.calls.Load(), "each batch failed once and was retried once")

	retryable = llmx.WithRetryIf(func(error) bool { return false })
	flaky.calls.Store(0)
	_, err = diversity.Embed(ctx, llmx.RetryEmbedder(flaky, llmx.WithAttempts(3), fast, retryable), texts, diversity.WithBatchSize(5))
	require.ErrorIs(t, err, transient, "nothing is retried")

	// Without Retryable, llmx.Transient decides; a provider's Retry-After is waited.
	limited := &llmx.StatusError{Status: 429, RetryAfter: time.Millisecond}
	flaky = &fakeEmbedder{vec: e.vec, fail: func(n int64) error {
		if n == 1 {
			return limited
		}
		return nil
	}}
	v, err = diversity.Embed(ctx, llmx.RetryEmbedder(flaky, llmx.WithAttempts(2), fast), texts)
	require.NoError(t, err)
	assert.Len(t, v, 10)
	denied := &fakeEmbedder{vec: e.vec, fail: func(int64) error { return &llmx.StatusError{Status: 401} }}
	_, err = diversity.Embed(ctx, llmx.RetryEmbedder(denied, llmx.WithAttempts(3)), texts)
	var se *llmx.StatusError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, int64(1), denied.calls.Load(), "a 401 is not retried")

	_, err = diversity.Embed(ctx, &wrongCount{fakeEmbedder{vec: e.vec}}, texts)
	require.ErrorIs(t, err, diversity.ErrEmbedder)
}

func TestLexicalDeterministic(t *testing.T) {
	ctx := context.Background()
	l := diversity.Lexical{Dims: 512}
	a, err := l.EmbedQuery(ctx, stories[0])
	require.NoError(t, err)
	all, err := l.EmbedDocuments(ctx, stories)
	require.NoError(t, err)
	assert.Equal(t, a, all[0], "a text's vector does not depend on its batch")
	assert.Len(t, a, 512)
	var ss float64
	for _, x := range a {
		ss += float64(x) * float64(x)
	}
	assert.InDelta(t, 1, ss, 1e-5)
	// Function words alone still make a vector.
	v, err := l.EmbedQuery(ctx, "and the of")
	require.NoError(t, err)
	assert.NotEqual(t, make([]float32, 512), v)
}

func TestEmbedRateLimit(t *testing.T) {
	e := &fakeEmbedder{vec: func(t string) []float32 { return []float32{1, float32(len(t))} }}
	texts := []string{"a", "b", "c"}
	v, err := diversity.Embed(context.Background(), llmx.LimitEmbedder(e, 60000, 0), texts, diversity.WithBatchSize(1))
	require.NoError(t, err)
	assert.Len(t, v, 3)
	// One call a minute: the second call waits past the deadline.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err = diversity.Embed(ctx, llmx.LimitEmbedder(e, 1, 0), texts, diversity.WithBatchSize(1))
	require.Error(t, err)
	assert.Equal(t, int64(4), e.calls.Load(), "the first call of the second Embed went out, the second did not")
}
