// Command twins makes gender-counterfactual twins of single stories without a model: for each
// story it finds the protagonist and their gender, writes the other-gender version with
// story.NewPair, and saves each pair as a record of the paper's JSON Lines layout (dpo.Record),
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
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/evenhand/evenhand/dpo"
	"github.com/evenhand/evenhand/story"
)

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "twins:", err)
		os.Exit(1)
	}
}

// input is one story to pair.
type input struct {
	where string            // "line 3" or "story 2", for the report
	text  string            // the story
	names map[string]string // names to swap, may be nil
	err   error             // why the input could not be read
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("twins", flag.ContinueOnError)
	fs.SetOutput(stderr)
	in := fs.String("in", "", `the stories: a JSON Lines file ({"story": ...} or {"text": ...}, optional "names") or a text file with stories separated by blank lines; "-" reads standard input`)
	out := fs.String("out", "-", `where to write the pairs as JSON Lines (dpo.Record layout); "-" writes to standard output`)
	format := fs.String("format", "auto", `input format: "jsonl", "text", or "auto" (JSON Lines when the first non-blank character is "{")`)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: go run ./examples/twins -in FILE [-out FILE] [-format auto|jsonl|text]\n\n"+
			"Writes the gender-counterfactual twin of each story, without a model, and reports the stories it\n"+
			"could not pair (no protagonist, or a protagonist whose gender the story never gives).\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *in == "" {
		fs.Usage()
		return errors.New("-in is required")
	}
	if *format != "auto" && *format != "jsonl" && *format != "text" {
		return fmt.Errorf("-format must be auto, jsonl or text, got %q", *format)
	}
	data, err := readInput(*in, stdin)
	if err != nil {
		return err
	}
	isJSONL := *format == "jsonl" || *format == "auto" && looksJSONL(data, *in)
	var stories []input
	if isJSONL {
		stories = parseJSONL(data)
	} else {
		stories = parseText(data)
	}
	if len(stories) == 0 {
		return fmt.Errorf("no stories in %s", *in)
	}

	w := stdout
	var f *os.File
	if *out != "-" {
		if f, err = os.Create(*out); err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriter(w)
	dw := dpo.NewWriter(bw)
	failed := map[string][]string{} // reason -> where
	paired := 0
	for _, s := range stories {
		if s.err != nil {
			failed["unreadable: "+s.err.Error()] = append(failed["unreadable: "+s.err.Error()], s.where)
			continue
		}
		p, err := story.NewPair(s.text, s.names)
		if err != nil {
			r := reason(err)
			failed[r] = append(failed[r], s.where)
			continue
		}
		rec := dpo.Record{
			ID:     paired,
			Male:   dpo.Side{Story: p.Male.Text, CharacterName: p.Male.Character},
			Female: dpo.Side{Story: p.Female.Text, CharacterName: p.Female.Character},
			Source: p.Source,
			PairID: s.where,
		}
		if err := dw.Write(rec); err != nil {
			return err
		}
		paired++
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if f != nil {
		if err := f.Close(); err != nil {
			return err
		}
	}
	report(stderr, len(stories), paired, failed)
	return nil
}

func readInput(path string, stdin io.Reader) ([]byte, error) {
	if path == "-" {
		return io.ReadAll(stdin)
	}
	return os.ReadFile(path)
}

func looksJSONL(data []byte, path string) bool {
	if ext := strings.ToLower(filepath.Ext(path)); ext == ".jsonl" || ext == ".ndjson" {
		return true
	}
	t := bytes.TrimLeft(data, " \t\r\n\ufeff")
	return len(t) > 0 && t[0] == '{'
}

// parseJSONL reads one story per non-blank line.
func parseJSONL(data []byte) []input {
	var out []input
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), dpo.MaxLineBytes)
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		where := "line " + strconv.Itoa(line)
		var row struct {
			Story *string           `json:"story"`
			Text  *string           `json:"text"`
			Names map[string]string `json:"names"`
		}
		if err := json.Unmarshal(b, &row); err != nil {
			out = append(out, input{where: where, err: errors.New("not a JSON object with a story")})
			continue
		}
		var text string
		switch {
		case row.Story != nil:
			text = *row.Story
		case row.Text != nil:
			text = *row.Text
		default:
			out = append(out, input{where: where, err: errors.New(`no "story" or "text" field`)})
			continue
		}
		out = append(out, input{where: where, text: text, names: row.Names})
	}
	if err := sc.Err(); err != nil {
		out = append(out, input{where: "line " + strconv.Itoa(line+1), err: err})
	}
	return out
}

// parseText reads stories separated by blank lines.
func parseText(data []byte) []input {
	var out []input
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			out = append(out, input{where: "story " + strconv.Itoa(len(out)+1), text: strings.Join(cur, "\n")})
			cur = cur[:0]
		}
	}
	for _, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(l) == "" {
			flush()
			continue
		}
		cur = append(cur, l)
	}
	flush()
	return out
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
