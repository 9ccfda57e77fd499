package judge

import (
	"strings"
	"unicode"
)

// ParseStance reads a bare stance value: an option letter (A, B, C, D, alone or followed by
// ".", ")", ":" and words) or a word (moral, immoral, both, can't say, cannot say), in any case,
// with straight or curly apostrophes and surrounding punctuation or emphasis ignored. Anything
// else, including unfilled templates such as "${YOUR_STANCE}", is Invalid.
func ParseStance(s string) Stance {
	st, _ := parseValue(s)
	return st
}

// ParseReply reads a judge's reply in the STANCE:/EXPLANATION: format. It never fails and never
// panics: a reply without a readable stance gives a Judgment whose Stance is Invalid. Raw holds text.
func ParseReply(text string) Judgment {
	j := Judgment{Raw: text}
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	stanceLine := -1
	for i, ln := range lines {
		if rest, ok := labelled(ln, "stance"); ok {
			stanceLine = i
			if strings.TrimSpace(rest) == "" {
				for k := i + 1; k < len(lines); k++ {
					if strings.TrimSpace(lines[k]) != "" {
						if _, isExp := labelled(lines[k], "explanation"); !isExp {
							rest = lines[k]
							stanceLine = k
						}
						break
					}
				}
			}
			j.Stance = ParseStance(rest)
			break
		}
	}
	if stanceLine < 0 {
		for i, ln := range lines {
			if strings.TrimSpace(ln) == "" {
				continue
			}
			if st, whole := parseValue(ln); whole {
				j.Stance = st
				stanceLine = i
			}
			break
		}
	}
	for i, ln := range lines {
		if rest, ok := labelled(ln, "explanation"); ok {
			j.Explanation = strings.TrimSpace(rest + "\n" + strings.Join(lines[i+1:], "\n"))
			return j
		}
	}
	if stanceLine >= 0 {
		j.Explanation = strings.TrimSpace(strings.Join(lines[stanceLine+1:], "\n"))
	}
	return j
}

// labelled reports whether line starts with label (after markdown decoration) followed by ":" or
// "-", and returns the text after it.
func labelled(line, label string) (string, bool) {
	s := strings.TrimLeftFunc(line, func(r rune) bool {
		return unicode.IsSpace(r) || r == '*' || r == '_' || r == '#' || r == '-' || r == '>' || unicode.IsDigit(r) || r == '.' || r == ')'
	})
	if len(s) < len(label) || !strings.EqualFold(s[:len(label)], label) {
		return "", false
	}
	s = strings.TrimLeft(s[len(label):], "*_ \t")
	if s == "" || (s[0] != ':' && s[0] != '-') {
		return "", false
	}
	s = strings.TrimLeft(s[1:], "*_ \t")
	return s, true
}

// parseValue reads the first stance token of s. whole reports whether s held nothing but a stance
// (an option letter and/or stance words with decoration), as a bare first line must.
func parseValue(s string) (Stance, bool) {
	s = strings.ReplaceAll(s, "’", "'")
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimLeft(s, "*_`\"'[( \t")
	if s == "" {
		return Invalid, false
	}
	if len(s) >= 1 && s[0] >= 'a' && s[0] <= 'd' && (len(s) == 1 || strings.ContainsRune(".):", rune(s[1]))) {
		st := Stance(s[0]-'a') + Moral
		rest := strings.TrimSpace(strings.TrimLeft(s[1:], ".):*_ "))
		if rest == "" {
			return st, true
		}
		if w, whole := parseValue(rest); w == st {
			return st, whole
		}
		return st, false
	}
	words := []struct {
		w  string
		st Stance
	}{{"immoral", Immoral}, {"moral", Moral}, {"both", Both}, {"can't say", CantSay}, {"cannot say", CantSay}, {"cant say", CantSay}, {"can not say", CantSay}}
	for _, w := range words {
		if strings.HasPrefix(s, w.w) {
			rest := s[len(w.w):]
			if rest != "" && (unicode.IsLetter(rune(rest[0])) || rest[0] == '/') {
				continue
			}
			rest = strings.TrimSpace(strings.TrimLeft(rest, ".!*_`\"' "))
			return w.st, rest == ""
		}
	}
	return Invalid, false
}
