// Command twins makes gender-counterfactual twins of single stories without a model: for each
// story it finds the protagonist and their gender, writes the other-gender version with
// story.NewPair, and saves each pair as a record of the paper's JSON Lines layout (record.Record),
// with the protagonist's name on each side. It then says how many stories it could not pair,
// and why.
//
// The input is either JSON Lines, one story per line as {"story": "..."} or {"text": "..."}
// with an optional "names" map of the names to swap ({"Tom": "Nancy"}; a name mapped to "" gets
// a counterpart from the built-in table), or plain text with stories separated by blank lines.
//
//	go run ./examples/twins -in stories.txt -out twins.jsonl
package main

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/evenhand/evenhand/examples/internal/cli"
	"github.com/evenhand/evenhand/internal/filekind"
	"github.com/evenhand/evenhand/internal/jsonl"
	"github.com/evenhand/evenhand/record"
	"github.com/evenhand/evenhand/story"
)

func main() {
	cli.Main("twins", func() error { return run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr) })
}

// input is one story to pair.
type input struct {
	where string            // "line 3" or "story 2", for the report
	text  string            // the story
	names map[string]string // names to swap, may be nil
	err   error             // why the input could not be read
}

// flags are the command line's settings.
type flags struct {
	in, out, format string
	force           bool
	dd              cli.Dedup
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	f, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if err := f.checkFiles(stderr); err != nil {
		return err
	}
	r, name, closeIn, err := openInput(f.in, stdin)
	if err != nil {
		return err
	}
	defer closeIn()
	br := bufio.NewReaderSize(r, 64<<10)
	isJSONL := f.format == "jsonl" || f.format == "auto" && looksJSONL(br, f.in)
	stories := parseText(br, name)
	if isJSONL {
		stories = parseJSONL(br, name)
	}

	// Records go to a temporary file renamed into place only when the run succeeds.
	var outs cli.Outputs
	defer outs.Abort()
	w := stdout
	if f.out != "-" {
		file, err := outs.Create(f.out)
		if err != nil {
			return err
		}
		w = file
	}
	bw := bufio.NewWriter(w)
	paired, total, failed, err := pairAll(stories, name, &f.dd, record.NewWriter(bw))
	if err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if total == 0 {
		return fmt.Errorf("no stories in %s", name)
	}
	report(stderr, total, paired, failed)
	if f.dd.Dropped > 0 {
		fmt.Fprintf(stderr, "twins: dropped %d repeated stories (-dedup)\n", f.dd.Dropped)
	}
	if paired == 0 {
		return fmt.Errorf("paired none of the %d stories in %s: nothing written", total, name)
	}
	return outs.Commit()
}

// parseFlags reads the command line; -in is required and -format one of auto, jsonl and text.
func parseFlags(args []string, stderr io.Writer) (*flags, error) {
	f := &flags{}
	fs := flag.NewFlagSet("twins", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.in, "in", "", `the stories: a JSON Lines file ({"story": ...} or {"text": ...}, optional "names") or a text file with stories separated by blank lines; "-" reads standard input`)
	fs.StringVar(&f.out, "out", "-", `where to write the pairs as JSON Lines (record.Record layout); "-" writes to standard output`)
	fs.StringVar(&f.format, "format", "auto", `input format: "jsonl", "text", or "auto" (JSON Lines when the first non-blank character is "{")`)
	fs.BoolVar(&f.force, "force", false, "replace -out even when it holds something other than records")
	fs.BoolVar(&f.dd.Drop, "dedup", false, "drop a story that repeats an earlier one, and count it (default: a repeat is an error)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: go run ./examples/twins -in FILE [-out FILE] [-format auto|jsonl|text]\n\n"+
			"Writes the gender-counterfactual twin of each story, without a model, and reports the stories it\n"+
			"could not pair (no protagonist, or a protagonist whose gender the story never gives). Stories are\n"+
			"read and written one at a time: memory follows the longest story, not the whole input.\n\nFlags:\n")
		fs.PrintDefaults()
		fmt.Fprintln(stderr, "\n"+cli.ExitHelp("")+" Pairing no story at all is an error.")
	}
	if err := cli.Parse(fs, args); err != nil {
		return nil, err
	}
	if f.in == "" {
		return nil, cli.Usagef("-in is required")
	}
	if f.format != "auto" && f.format != "jsonl" && f.format != "text" {
		return nil, cli.Usagef("-format must be auto, jsonl or text, got %q", f.format)
	}
	return f, nil
}

// checkFiles checks that -out may be written and that -in holds stories.
func (f *flags) checkFiles(stderr io.Writer) error {
	if f.out != "-" {
		if err := cli.CheckOutputs(stderr, f.force, cli.Output{Flag: "-out", Path: f.out, Kinds: []filekind.Kind{filekind.Records}}); err != nil {
			return err
		}
	}
	if f.in == "-" {
		return nil
	}
	// A file of another kind (a GenMO dataset holds twins already; records are pairs) is
	// named, whatever -format says, instead of being read as one long story.
	return cli.WrongKind(f.in, filekind.Stories, map[filekind.Kind]string{
		filekind.Records: "examples/dataset -in",
		filekind.GenMO:   "examples/genmo -data to judge its pairs (they are twins already)",
	})
}

// openInput opens -in ("-": stdin) and returns it with its name for messages and a function
// that closes it.
func openInput(in string, stdin io.Reader) (r io.Reader, name string, closeIn func() error, err error) {
	if in == "-" {
		return stdin, "standard input", func() error { return nil }, nil
	}
	f, err := os.Open(in)
	if err != nil {
		return nil, "", nil, &cli.UsageError{Err: err}
	}
	return f, in, f.Close, nil
}

// pairAll writes the twin of every story to dw as a record, and returns how many stories there
// were, how many it paired, and, by reason, where those it could not pair are.
func pairAll(stories iter.Seq[input], name string, dd *cli.Dedup, dw *record.Writer) (paired, total int, failed map[string][]string, err error) {
	failed = map[string][]string{} // reason -> where
	for s := range stories {
		total++
		if s.err != nil {
			failed["unreadable: "+s.err.Error()] = append(failed["unreadable: "+s.err.Error()], s.where)
			continue
		}
		if keep, err := dd.Keep(name+": "+s.where, s.where, s.text, ""); err != nil {
			return paired, total, failed, err
		} else if !keep {
			continue
		}
		p, err := story.NewPair(s.text, s.names)
		if err != nil {
			r := reason(err)
			failed[r] = append(failed[r], s.where)
			continue
		}
		rec := record.Record{
			ID:     paired,
			Male:   record.Side{Story: p.Male.Text, CharacterName: p.Male.Character},
			Female: record.Side{Story: p.Female.Text, CharacterName: p.Female.Character},
			Source: p.Source,
			PairID: s.where,
		}
		if err := dw.Write(rec); err != nil {
			return paired, total, failed, err
		}
		paired++
	}
	return paired, total, failed, nil
}

// looksJSONL reports whether the input is JSON Lines: by its name, else by its first non-blank
// character (after a byte order mark).
func looksJSONL(br *bufio.Reader, path string) bool {
	if ext := strings.ToLower(filepath.Ext(path)); ext == ".jsonl" || ext == ".ndjson" {
		return true
	}
	head, _ := br.Peek(64 << 10)
	t := bytes.TrimLeft(bytes.TrimPrefix(head, []byte(jsonl.BOM)), " \t\r\n")
	return len(t) > 0 && t[0] == '{'
}

// parseJSONL yields one story per non-blank line, read one line at a time.
func parseJSONL(r io.Reader, name string) iter.Seq[input] {
	return func(yield func(input) bool) {
		for l, err := range jsonl.Lines(r, jsonl.WithFile(name)) {
			if err != nil {
				yield(input{where: "line " + strconv.Itoa(l.N), err: err})
				return
			}
			if l.Blank() {
				continue
			}
			where := "line " + strconv.Itoa(l.N)
			var row struct {
				Story *string           `json:"story"`
				Text  *string           `json:"text"`
				Names map[string]string `json:"names"`
			}
			var s input
			switch err := jsonl.Unmarshal(l.Text, &row); {
			case err != nil:
				s = input{where: where, err: err}
			case row.Story != nil:
				s = input{where: where, text: *row.Story, names: row.Names}
			case row.Text != nil:
				s = input{where: where, text: *row.Text, names: row.Names}
			default:
				s = input{where: where, err: errors.New(`no "story" or "text" field`)}
			}
			if !yield(s) {
				return
			}
		}
	}
}

// parseText yields stories separated by blank lines, read one line at a time.
func parseText(r io.Reader, name string) iter.Seq[input] {
	return func(yield func(input) bool) {
		var cur []string
		n := 0
		flush := func() bool {
			if len(cur) == 0 {
				return true
			}
			n++
			s := input{where: "story " + strconv.Itoa(n), text: strings.Join(cur, "\n")}
			cur = cur[:0]
			return yield(s)
		}
		for l, err := range jsonl.Lines(r, jsonl.WithFile(name)) {
			if err != nil {
				if flush() {
					yield(input{where: "line " + strconv.Itoa(l.N), err: err})
				}
				return
			}
			if l.Blank() {
				if !flush() {
					return
				}
				continue
			}
			cur = append(cur, string(l.Text)) // each line trimmed of surrounding white space
		}
		flush()
	}
}

// reason names why a story could not be paired.
func reason(err error) string {
	switch {
	case errors.Is(err, story.ErrNoProtagonist):
		return "no protagonist (no gendered pronoun, noun or known given name)"
	case errors.Is(err, story.ErrNoGender):
		return "protagonist's gender unknown (a name of either gender that no pronoun settles)"
	case errors.Is(err, story.ErrUnchanged):
		return "swap changed nothing"
	}
	return err.Error()
}

func report(w io.Writer, total, paired int, failed map[string][]string) {
	fmt.Fprintf(w, "twins: paired %d of %d stories", paired, total)
	if total == paired {
		fmt.Fprintln(w)
		return
	}
	fmt.Fprintf(w, "; %d could not be paired:\n", total-paired)
	reasons := make([]string, 0, len(failed))
	for r := range failed {
		reasons = append(reasons, r)
	}
	sort.Slice(reasons, func(i, j int) bool {
		if len(failed[reasons[i]]) != len(failed[reasons[j]]) {
			return len(failed[reasons[i]]) > len(failed[reasons[j]])
		}
		return reasons[i] < reasons[j]
	})
	for _, r := range reasons {
		where := failed[r]
		more := ""
		if len(where) > 5 {
			where, more = where[:5], ", ..."
		}
		fmt.Fprintf(w, "  %d %s: %s%s\n", len(failed[r]), r, strings.Join(where, ", "), more)
	}
}
