// Package cliflag gives briefbook's flag sets the command line's one style,
// the README's: flags are written --name VALUE in usage and in messages
// (single-dash -name is still accepted, as package flag accepts it), and a
// mistyped flag gets a "did you mean".
package cliflag

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/briefbook/briefbook/internal/suggest"
)

// PrintDefaults writes the flags of fs to w in the style of the README, in
// the order of their names: "  --name VALUE" on one line, where VALUE is
// the back-quoted word of the flag's usage (none for a boolean flag), then
// the usage indented on the next, with the default value when it is not
// the zero value.
func PrintDefaults(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		line := "  --" + f.Name
		if name != "" {
			line += " " + name
		}
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" && f.DefValue != "[]" {
			usage += fmt.Sprintf(" (default %s)", f.DefValue)
		}
		fmt.Fprintf(w, "%s\n    \t%s\n", line, strings.ReplaceAll(usage, "\n", "\n    \t"))
	})
}

// Parse parses args with fs, as fs.Parse does, but reports a problem in
// the README's style on fs's output: "briefbook NAME: unknown flag
// --ouput; did you mean --output?", or package flag's message with its
// flags written --name, then fs.Usage. It returns fs.Parse's error
// (flag.ErrHelp for -h and --help, after printing the usage).
func Parse(fs *flag.FlagSet, args []string) error {
	usage := fs.Usage
	out := fs.Output()
	fs.Usage = func() {}
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	fs.Usage = usage
	fs.SetOutput(out)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, flag.ErrHelp):
		usage()
		return err
	}
	fmt.Fprintf(out, "briefbook %s: %s\n", fs.Name(), Message(fs, err))
	usage()
	return err
}

// Message returns the message of a parse error of fs, with its flags
// written --name and a suggestion for an unknown flag: the flags it is the
// start of (-o, as other tools spell it, for --output; --out), else a
// known flag close to it (see package suggest).
func Message(fs *flag.FlagSet, err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		msg = "unknown flag --" + name
		var names, starts []string
		fs.VisitAll(func(f *flag.Flag) {
			names = append(names, f.Name)
			if name != "" && strings.HasPrefix(f.Name, name) {
				starts = append(starts, "--"+f.Name)
			}
		})
		switch best := suggest.Closest(name, names); {
		case len(starts) == 1:
			msg += "; did you mean " + starts[0] + "?"
		case len(starts) > 1:
			msg += "; did you mean " + strings.Join(starts[:len(starts)-1], ", ") + " or " + starts[len(starts)-1] + "?"
		case best != "":
			msg += "; did you mean --" + best + "?"
		}
		return msg
	}
	for _, prefix := range []string{"flag needs an argument: -", "for flag -", "for -"} {
		if i := strings.Index(msg, prefix); i >= 0 {
			j := i + len(prefix)
			if strings.HasPrefix(msg[j:], "-") {
				break
			}
			return msg[:j] + "-" + msg[j:]
		}
	}
	return msg
}
