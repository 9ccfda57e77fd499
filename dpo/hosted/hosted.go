// Package hosted trains on a hosted fine-tuning service from Go: it uploads a preference file in
// the OpenAI format ([dpo.OpenAI]), starts a fine-tuning job with the DPO method and waits for it
// to finish, through the official SDK (github.com/openai/openai-go/v3).
//
// # Usage
//
//	c := hosted.New(apiKey, hosted.WithPollInterval(time.Minute))
//	job, err := c.Run(ctx, "gpt-4.1-mini-2025-04-14", train, eval, nil, hosted.WithBeta(hosted.Value(1)))
//
// (The package's Example runs these lines against a local stand-in for the service.) The nil is
// the progress function, called with the job after each status read; pass nil for none.
//
// [Client.Run] validates the files with [dpo.Validate] before uploading them, so a file the
// service would reject fails here, with every bad line named. [Client.Upload], [Client.Create],
// [Client.Get] and [Client.Wait] are the steps, for callers that need them apart.
//
// # Secrets
//
// The API key is never read from the environment here (the caller passes it to [New]) and never
// appears in a returned error: an error response of the service comes back as a wrapped
// *[llmx.StatusError] (status, error code and type, message) that holds no request, and the key
// is cut out of every error message with [llmx.Redact], the module's one redaction.
package hosted

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"
	"github.com/openai/openai-go/v3/shared/constant"

	"github.com/evenhand/evenhand/dpo"
	"github.com/evenhand/evenhand/llmx"
)

// DefaultPollInterval is how often [Client.Wait] asks for a job's status when no
// [WithPollInterval] is given.
const DefaultPollInterval = 30 * time.Second

// DefaultBaseURL is the service [New] talks to when no [WithBaseURL] is given.
const DefaultBaseURL = "https://api.openai.com/v1/"

// Client uploads files to and runs fine-tuning jobs on an OpenAI-compatible service. Make one
// with [New]; the zero value is not usable. A Client is safe for concurrent use.
type Client struct {
	files openai.FileService
	jobs  openai.FineTuningJobService
	key   string
	poll  time.Duration
}

// Option configures a [Client].
type Option func(*clientConfig)

type clientConfig struct {
	baseURL string
	http    *http.Client
	poll    time.Duration
	extra   []option.RequestOption
}

// WithBaseURL sets the service's base URL, for an OpenAI-compatible service or a test server.
func WithBaseURL(u string) Option { return func(c *clientConfig) { c.baseURL = u } }

// WithHTTPClient sets the HTTP client requests go through. nil means a new default client.
func WithHTTPClient(h *http.Client) Option { return func(c *clientConfig) { c.http = h } }

// WithPollInterval sets how often [Client.Wait] asks for a job's status. Zero or less means
// [DefaultPollInterval].
func WithPollInterval(d time.Duration) Option { return func(c *clientConfig) { c.poll = d } }

// WithRequestOptions passes options to the SDK for every request, after the Client's own
// (for instance option.WithMaxRetries, option.WithOrganization or option.WithProject).
func WithRequestOptions(opts ...option.RequestOption) Option {
	return func(c *clientConfig) { c.extra = append(c.extra, opts...) }
}

// New returns a Client that authenticates with apiKey. Unlike openai.NewClient it reads no
// environment variable: everything comes from its arguments.
func New(apiKey string, opts ...Option) *Client {
	cfg := clientConfig{baseURL: DefaultBaseURL}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if cfg.http == nil {
		cfg.http = &http.Client{}
	}
	if cfg.poll <= 0 {
		cfg.poll = DefaultPollInterval
	}
	base := cfg.baseURL
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	ro := append([]option.RequestOption{
		option.WithBaseURL(base),
		option.WithHTTPClient(cfg.http),
		option.WithAPIKey(apiKey),
	}, cfg.extra...)
	return &Client{
		files: openai.NewFileService(ro...),
		jobs:  openai.NewFineTuningJobService(ro...),
		key:   apiKey,
		poll:  cfg.poll,
	}
}

// Param is a hyperparameter value: a number, or "auto" to let the service choose. The zero value
// is unset: the service's default applies and nothing is sent.
type Param struct {
	v    float64
	auto bool
	set  bool
}

// Auto returns the Param that lets the service choose the value.
func Auto() Param { return Param{auto: true, set: true} }

// Value returns the Param with value v.
func Value(v float64) Param { return Param{v: v, set: true} }

// ParseParam reads "auto" (any case) or a number; "" is the unset Param.
func ParseParam(s string) (Param, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return Param{}, nil
	case strings.EqualFold(s, "auto"):
		return Auto(), nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return Param{}, fmt.Errorf("%w: %q is neither \"auto\" nor a number", ErrInvalidParam, s)
	}
	return Value(v), nil
}

// String returns "auto", the number, or "" when p is unset.
func (p Param) String() string {
	switch {
	case !p.set:
		return ""
	case p.auto:
		return "auto"
	default:
		return strconv.FormatFloat(p.v, 'g', -1, 64)
	}
}

// Set reads s with [ParseParam], so a Param can be a command-line flag ([flag.Value]).
func (p *Param) Set(s string) error {
	v, err := ParseParam(s)
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// ErrInvalidParam is wrapped by errors for hyperparameters that cannot be sent: not a number,
// not positive, or not a whole number where the service wants one.
var ErrInvalidParam = errors.New("hosted: invalid hyperparameter")

// JobOption configures the job [Client.Create] and [Client.Run] start. The last of a kind wins.
type JobOption func(*jobConfig)

type jobConfig struct {
	beta, lr, batch, epochs Param
	suffix                  string
	seed                    *int64
	validation              string
}

// WithBeta sets DPO's beta: how strongly the trained model is held near the reference model.
// The paper used 1.0.
func WithBeta(p Param) JobOption { return func(c *jobConfig) { c.beta = p } }

// WithLearningRateMultiplier scales the service's learning rate.
func WithLearningRateMultiplier(p Param) JobOption { return func(c *jobConfig) { c.lr = p } }

// WithBatchSize sets the number of examples per batch (a whole number).
func WithBatchSize(p Param) JobOption { return func(c *jobConfig) { c.batch = p } }

// WithEpochs sets the number of passes over the training file (a whole number).
func WithEpochs(p Param) JobOption { return func(c *jobConfig) { c.epochs = p } }

// WithSuffix adds up to 64 characters to the fine-tuned model's name.
func WithSuffix(s string) JobOption { return func(c *jobConfig) { c.suffix = s } }

// WithSeed makes the job reproducible, as far as the service allows.
func WithSeed(seed int64) JobOption { return func(c *jobConfig) { c.seed = &seed } }

// WithValidationFile names an uploaded file of evaluation rows for [Client.Create]. [Client.Run]
// sets it itself when given evaluation data.
func WithValidationFile(fileID string) JobOption { return func(c *jobConfig) { c.validation = fileID } }

// Status is the state of a fine-tuning job. The zero value is StatusUnknown: a state this package
// does not know, which [Client.Wait] treats as still running.
type Status uint8

// The states of a job.
const (
	StatusUnknown Status = iota
	StatusValidatingFiles
	StatusQueued
	StatusRunning
	StatusPaused
	StatusSucceeded
	StatusFailed
	StatusCancelled
)

var statusNames = [...]string{
	StatusUnknown:         "unknown",
	StatusValidatingFiles: "validating_files",
	StatusQueued:          "queued",
	StatusRunning:         "running",
	StatusPaused:          "paused",
	StatusSucceeded:       "succeeded",
	StatusFailed:          "failed",
	StatusCancelled:       "cancelled",
}

// String returns the status as the service writes it, or "unknown".
func (s Status) String() string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return "unknown"
}

// Done reports whether the job has ended: succeeded, failed or cancelled.
func (s Status) Done() bool { return s == StatusSucceeded || s == StatusFailed || s == StatusCancelled }

func parseStatus(s string) Status {
	for i, name := range statusNames {
		if i > 0 && s == name {
			return Status(i)
		}
	}
	return StatusUnknown
}

// Job is what the service reports about a fine-tuning job.
type Job struct {
	ID             string // the job's id
	Model          string // the base model
	Status         Status // the job's state
	RawStatus      string // the state as the service wrote it
	FineTunedModel string // the trained model's name, once it succeeded
	TrainingFile   string // the uploaded training file's id
	ValidationFile string // the uploaded validation file's id, if any
	TrainedTokens  int64  // billable tokens, once finished
	Error          string // the service's explanation, when the job failed
}

// ErrJobFailed is wrapped by the error [Client.Wait] and [Client.Run] return for a job that
// ended failed or cancelled; the Job is returned with it.
var ErrJobFailed = errors.New("hosted: fine-tuning job did not succeed")

// ErrInvalidFile is wrapped by errors for a training or validation file that [dpo.Validate]
// rejects; the wrapped error names every bad line.
var ErrInvalidFile = errors.New("hosted: file is not valid OpenAI preference data")

// Upload uploads a JSONL file with purpose fine-tune under the given name and returns its id.
func (c *Client) Upload(ctx context.Context, name string, r io.Reader) (string, error) {
	if name == "" {
		name = "train.jsonl"
	}
	f, err := c.files.New(ctx, openai.FileNewParams{
		File:    openai.File(r, name, "application/jsonl"),
		Purpose: openai.FilePurposeFineTune,
	})
	if err != nil {
		return "", c.wrap(ctx, "upload file", err)
	}
	return f.ID, nil
}

// MaxSuffix is the longest model-name suffix the service accepts, in characters.
const MaxSuffix = 64

// CheckJobOptions checks opts as [Client.Create] does before it sends anything, and as the
// service would: beta, learning rate multiplier, batch size and epochs positive (the last two
// whole numbers), a suffix of at most [MaxSuffix] characters, a seed in [0, 2147483647]. Its
// errors wrap [ErrInvalidParam]. Call it to check a job without a key or a connection.
func CheckJobOptions(opts ...JobOption) error {
	_, _, err := jobFrom(opts)
	return err
}

func jobFrom(opts []JobOption) (jobConfig, openai.DpoHyperparameters, error) {
	var cfg jobConfig
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	h, err := cfg.hyperparameters()
	switch {
	case err != nil:
	case utf8.RuneCountInString(cfg.suffix) > MaxSuffix:
		err = fmt.Errorf("%w: suffix %q has %d characters, more than %d", ErrInvalidParam, cfg.suffix, utf8.RuneCountInString(cfg.suffix), MaxSuffix)
	case cfg.seed != nil && (*cfg.seed < 0 || *cfg.seed > math.MaxInt32):
		err = fmt.Errorf("%w: seed %d: want a whole number from 0 to %d", ErrInvalidParam, *cfg.seed, math.MaxInt32)
	}
	return cfg, h, err
}

// Create starts a fine-tuning job with the DPO method on an uploaded training file. The options
// are checked first, as [CheckJobOptions] does.
func (c *Client) Create(ctx context.Context, model, trainingFile string, opts ...JobOption) (Job, error) {
	cfg, h, err := jobFrom(opts)
	if err != nil {
		return Job{}, err
	}
	params := openai.FineTuningJobNewParams{
		Model:        openai.FineTuningJobNewParamsModel(model),
		TrainingFile: trainingFile,
		Method: openai.FineTuningJobNewParamsMethod{
			Type: "dpo",
			Dpo:  openai.DpoMethodParam{Hyperparameters: h},
		},
	}
	if cfg.validation != "" {
		params.ValidationFile = openai.String(cfg.validation)
	}
	if cfg.suffix != "" {
		params.Suffix = openai.String(cfg.suffix)
	}
	if cfg.seed != nil {
		params.Seed = openai.Int(*cfg.seed)
	}
	j, err := c.jobs.New(ctx, params)
	if err != nil {
		return Job{}, c.wrap(ctx, "create job", err)
	}
	return toJob(j), nil
}

// Get returns the job's current state.
func (c *Client) Get(ctx context.Context, jobID string) (Job, error) {
	j, err := c.jobs.Get(ctx, jobID)
	if err != nil {
		return Job{}, c.wrap(ctx, "get job", err)
	}
	return toJob(j), nil
}

// Wait polls the job every poll interval until it ends or ctx is done, calling progress (when not
// nil) with each state it reads. It returns the last state read; a job that failed or was
// cancelled comes with an error wrapping [ErrJobFailed], and an ended ctx with ctx's error.
func (c *Client) Wait(ctx context.Context, jobID string, progress func(Job)) (Job, error) {
	var last Job
	for {
		j, err := c.Get(ctx, jobID)
		if err != nil {
			return last, err
		}
		last = j
		if progress != nil {
			progress(j)
		}
		if j.Status.Done() {
			if j.Status != StatusSucceeded {
				return j, fmt.Errorf("%w: job %s %s: %s", ErrJobFailed, j.ID, j.Status, j.Error)
			}
			return j, nil
		}
		t := time.NewTimer(c.poll)
		select {
		case <-ctx.Done():
			t.Stop()
			return last, fmt.Errorf("hosted: wait for job %s: %w", jobID, ctx.Err())
		case <-t.C:
		}
	}
}

// Run is the whole job: it checks train (and validation, when not nil) with [dpo.Validate] for
// the OpenAI format, uploads them, starts a DPO job on model and waits for it as [Client.Wait]
// does. The files are read into memory once, to be checked and then sent.
func (c *Client) Run(ctx context.Context, model string, train, validation io.Reader, progress func(Job), opts ...JobOption) (Job, error) {
	trainData, err := readValid("training", train)
	if err != nil {
		return Job{}, err
	}
	var valData []byte
	if validation != nil {
		if valData, err = readValid("validation", validation); err != nil {
			return Job{}, err
		}
	}
	trainID, err := c.Upload(ctx, "train.jsonl", bytes.NewReader(trainData))
	if err != nil {
		return Job{}, err
	}
	if valData != nil {
		valID, err := c.Upload(ctx, "validation.jsonl", bytes.NewReader(valData))
		if err != nil {
			return Job{}, err
		}
		opts = append(opts[:len(opts):len(opts)], WithValidationFile(valID))
	}
	j, err := c.Create(ctx, model, trainID, opts...)
	if err != nil {
		return Job{}, err
	}
	if progress != nil {
		progress(j)
	}
	return c.Wait(ctx, j.ID, progress)
}

func readValid(what string, r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("hosted: read %s file: %w", what, err)
	}
	if err := dpo.Validate(bytes.NewReader(b), dpo.OpenAI); err != nil {
		return nil, fmt.Errorf("%w: %s file: %w", ErrInvalidFile, what, err)
	}
	return b, nil
}

// hyperparameters builds the SDK's DPO hyperparameters, sending only what was set.
func (c *jobConfig) hyperparameters() (openai.DpoHyperparameters, error) {
	var h openai.DpoHyperparameters
	for _, p := range []struct {
		name  string
		v     Param
		whole bool
	}{{"beta", c.beta, false}, {"learning rate multiplier", c.lr, false}, {"batch size", c.batch, true}, {"epochs", c.epochs, true}} {
		if err := p.v.check(p.name, p.whole); err != nil {
			return h, err
		}
	}
	fill(c.beta, &h.Beta.OfAuto, func() { h.Beta.OfFloat = openai.Float(c.beta.v) })
	fill(c.lr, &h.LearningRateMultiplier.OfAuto, func() { h.LearningRateMultiplier.OfFloat = openai.Float(c.lr.v) })
	fill(c.batch, &h.BatchSize.OfAuto, func() { h.BatchSize.OfInt = openai.Int(int64(c.batch.v)) })
	fill(c.epochs, &h.NEpochs.OfAuto, func() { h.NEpochs.OfInt = openai.Int(int64(c.epochs.v)) })
	return h, nil
}

// check reports a value the service refuses for the parameter name: not a positive, finite
// number, or, when whole, not a whole number up to 2^31.
func (p Param) check(name string, whole bool) error {
	if !p.set || p.auto {
		return nil
	}
	bad := !(p.v > 0) || math.IsInf(p.v, 0) || (whole && (p.v != math.Trunc(p.v) || p.v > 1<<31))
	if !bad {
		return nil
	}
	want := "a positive number"
	if whole {
		want = "a positive whole number"
	}
	return fmt.Errorf("%w: %s %s: want %s or auto", ErrInvalidParam, name, p, want)
}

// fill sends p as one of the SDK's unions of auto and a value: auto, or the value that set
// puts in the union, or nothing when p was not set.
func fill(p Param, auto *constant.Auto, set func()) {
	switch {
	case p.auto:
		*auto = constant.ValueOf[constant.Auto]()
	case p.set:
		set()
	}
}

func toJob(j *openai.FineTuningJob) Job {
	if j == nil {
		return Job{}
	}
	return Job{
		ID:             j.ID,
		Model:          j.Model,
		Status:         parseStatus(string(j.Status)),
		RawStatus:      string(j.Status),
		FineTunedModel: j.FineTunedModel,
		TrainingFile:   j.TrainingFile,
		ValidationFile: j.ValidationFile,
		TrainedTokens:  j.TrainedTokens,
		Error:          j.Error.Message,
	}
}

// wrap turns an SDK error into one that holds no credential: "hosted: <op>: " and a
// *llmx.StatusError for a service response, ctx's error when ctx ended, and otherwise the error
// with the key cut out of its text.
func (c *Client) wrap(ctx context.Context, op string, err error) error {
	var apiErr *openai.Error
	if errors.As(err, &apiErr) {
		return fmt.Errorf("hosted: %s: %w", op, &llmx.StatusError{
			Status:  apiErr.StatusCode,
			Code:    c.redact(apiErr.Code),
			Type:    c.redact(apiErr.Type),
			Message: c.redact(apiErr.Message),
		})
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("hosted: %s: %w", op, ctxErr)
	}
	return &redactedError{msg: "hosted: " + op + ": " + c.redact(err.Error()), err: err}
}

// redact cuts the API key out of s, and the halves of it that services echo (see llmx.Redact).
func (c *Client) redact(s string) string { return llmx.Redact(s, c.key) }

// redactedError is a transport error whose message has had the key cut out. It does not expose
// the original error, whose parts could still hold the key; it unwraps only to the deadline and
// cancellation errors the original matched, so errors.Is still sees those.
type redactedError struct {
	msg string
	err error
}

// Error returns the message with the key cut out.
func (e *redactedError) Error() string { return e.msg }

func (e *redactedError) Unwrap() []error {
	var out []error
	for _, target := range []error{context.Canceled, context.DeadlineExceeded, os.ErrDeadlineExceeded} {
		if errors.Is(e.err, target) {
			out = append(out, target)
		}
	}
	return out
}
