// Package cli is the command face of behalf: one dispatcher for every
// `noun verb` that SSH exec sessions (and tests) run. Commands parse,
// call the same domain use cases the screens call, and print text for
// people or JSON for scripts.
package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/pflag"

	"behalf/domain"
	"behalf/sanitize"
)

// Exit codes of the contract.
const (
	ExitOK      = 0
	ExitRefused = 1 // not found, conflict, invalid value
	ExitUsage   = 2
	// ExitInternal is sysexits' EX_SOFTWARE: the server failed, not the
	// request, so a script can tell a broken server from "not found".
	ExitInternal = 70
	ExitDenied   = 77
)

// Env is one command invocation's world.
type Env struct {
	Service *domain.Service
	// Person is who the verified key belongs to; 0 means nobody, and such a
	// key may only redeem an invitation (R2).
	Person domain.ID
	Key    domain.SSHKey // the key that signed this connection
	Addr   string        // the client's address
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Log    *slog.Logger
}

// flagKind says how a flag is read.
type flagKind int

const (
	str    flagKind = iota // --name VALUE
	boolf                  // --on
	repeat                 // --item A --item B
)

type flagSpec struct {
	name  string
	kind  flagKind
	arg   string // placeholder in usage: H, N, DATE
	usage string
	req   bool
}

// command is one `noun verb`.
type command struct {
	noun, verb string
	args       string // positional arguments in usage, e.g. "H" or "PERM..."
	minArgs    int
	maxArgs    int // -1: any number
	summary    string
	flags      []flagSpec
	// anyone: runs without a registered key (invite redeem only, R2).
	anyone bool
	// noWS: needs no workspace (whoami, workspaces).
	noWS bool
	run  func(c *call) error
}

func (cmd *command) name() string {
	if cmd.verb == "" {
		return cmd.noun
	}
	return cmd.noun + " " + cmd.verb
}

// synopsis is "--name ARG", as usage and the reference write a flag.
func (f flagSpec) synopsis() string {
	if f.arg == "" {
		return "--" + f.name
	}
	return "--" + f.name + " " + f.arg
}

// Usage is the one-line synopsis.
func (cmd *command) usage() string {
	parts := []string{cmd.name()}
	if cmd.args != "" {
		parts = append(parts, cmd.args)
	}
	for _, f := range cmd.flags {
		s := f.synopsis()
		if f.kind == repeat {
			s += "..."
		}
		if !f.req {
			s = "[" + s + "]"
		}
		parts = append(parts, s)
	}
	if !cmd.noWS && !cmd.anyone {
		parts = append(parts, "[--ws WS]")
	}
	parts = append(parts, "[--json]")
	return strings.Join(parts, " ")
}

// registry holds every command; files add theirs in init.
var registry []*command

func register(cmds ...*command) { registry = append(registry, cmds...) }

// Commands lists "noun verb" of every command, sorted (tests iterate it).
func Commands() []string {
	var out []string
	for _, c := range registry {
		out = append(out, c.name())
	}
	sort.Strings(out)
	return out
}

func find(noun, verb string) *command {
	for _, c := range registry {
		if c.noun == noun && c.verb == verb {
			return c
		}
	}
	return nil
}

func nouns() []string {
	var out []string
	for _, c := range registry {
		if !slices.Contains(out, c.noun) {
			out = append(out, c.noun)
		}
	}
	sort.Strings(out)
	return out
}

func verbsOf(noun string) []*command {
	var out []*command
	for _, c := range registry {
		if c.noun == noun {
			out = append(out, c)
		}
	}
	return out
}

// usageError is a mistake in how the command was typed (exit 2).
type usageError struct {
	msg string
	cmd *command
}

func (e *usageError) Error() string {
	if e.cmd != nil {
		return e.msg + "; usage: " + e.cmd.usage()
	}
	return e.msg
}

func usagef(cmd *command, format string, a ...any) error {
	return &usageError{msg: fmt.Sprintf(format, a...), cmd: cmd}
}

// call is one parsed invocation.
type call struct {
	env  Env
	cmd  *command
	args []string
	fs   *pflag.FlagSet
	who  domain.Who
	json bool
}

func (c *call) str(name string) string {
	v, _ := c.fs.GetString(name)
	return strings.TrimSpace(v)
}

func (c *call) set(name string) bool { return c.fs.Changed(name) }

func (c *call) flag(name string) bool {
	v, _ := c.fs.GetBool(name)
	return v
}

func (c *call) list(name string) []string {
	v, _ := c.fs.GetStringArray(name)
	return v
}

// Run runs one command line and returns its exit code. Nothing it prints
// carries a control character that a person typed.
func Run(env Env, args []string) int {
	if env.Log == nil {
		env.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	err := dispatch(env, args)
	if err == nil {
		return ExitOK
	}
	if errors.Is(err, errHelpShown) {
		return ExitOK
	}
	fmt.Fprintln(env.Stderr, "error: "+sanitize.Line(oneLine(err)))
	var ue *usageError
	switch {
	case errors.As(err, &ue), errors.Is(err, domain.ErrWorkspaceNeeded):
		return ExitUsage
	case domain.KindOf(err) == domain.KindDenied:
		return ExitDenied
	case domain.KindOf(err) != 0:
		return ExitRefused
	}
	env.Log.Error("command failed", "command", commandName(args), "err", err)
	return ExitInternal
}

func oneLine(err error) string {
	var ue *usageError
	if errors.As(err, &ue) {
		return ue.Error()
	}
	if domain.KindOf(err) == 0 {
		return "something went wrong inside behalf; the problem is logged — try again, or tell the organisation's admin"
	}
	return err.Error()
}

var errHelpShown = errors.New("help shown")

func dispatch(env Env, args []string) error {
	if len(args) == 0 {
		return usagef(nil, "no command given; run `help` to see the commands")
	}
	noun := args[0]
	if env.Person == 0 && noun != "invite" {
		return &domain.Error{Kind: domain.KindDenied, Msg: "this key is not registered; the only command it may run is `invite redeem CODE`"}
	}
	if noun == "help" || noun == "--help" || noun == "-h" {
		return printHelp(env, args[1:])
	}
	if find(noun, "") == nil && len(verbsOf(noun)) == 0 {
		return usagef(nil, "unknown command %q; run `help` to see the commands", clip(noun))
	}
	var cmd *command
	rest := args[1:]
	if c := find(noun, ""); c != nil {
		cmd = c
	} else {
		if len(rest) == 0 || strings.HasPrefix(rest[0], "-") {
			if len(rest) > 0 && (rest[0] == "--help" || rest[0] == "-h") {
				return printNounHelp(env, noun)
			}
			return usagef(nil, "%s needs a verb: %s; run `%s --help`", noun, verbList(noun), noun)
		}
		verb := rest[0]
		if cmd = find(noun, verb); cmd == nil {
			return usagef(nil, "unknown command %q; %s takes %s", clip(noun+" "+verb), noun, verbList(noun))
		}
		rest = rest[1:]
	}
	if env.Person == 0 && !cmd.anyone {
		return &domain.Error{Kind: domain.KindDenied, Msg: "this key is not registered; the only command it may run is `invite redeem CODE`"}
	}
	c, err := parse(env, cmd, rest)
	if err != nil {
		return err
	}
	if c == nil { // --help
		fmt.Fprintf(env.Stdout, "usage: %s\n\n%s\n", cmd.usage(), cmd.summary)
		for _, f := range cmd.flags {
			fmt.Fprintf(env.Stdout, "  --%-10s %s\n", f.name, f.usage)
		}
		return errHelpShown
	}
	return cmd.run(c)
}

func verbList(noun string) string {
	var vs []string
	for _, c := range verbsOf(noun) {
		vs = append(vs, c.verb)
	}
	return strings.Join(vs, "|")
}

func clip(s string) string {
	s = sanitize.Line(s)
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// parse reads flags (in any order, interspersed with arguments).
func parse(env Env, cmd *command, args []string) (*call, error) {
	fs := pflag.NewFlagSet(cmd.name(), pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SetInterspersed(true)
	help := fs.BoolP("help", "h", false, "")
	js := fs.Bool("json", false, "")
	// --ws is accepted everywhere, so scripts can pass it uniformly;
	// commands about the person rather than a workspace ignore it.
	ws := fs.String("ws", "", "")
	for _, f := range cmd.flags {
		switch f.kind {
		case str:
			fs.String(f.name, "", f.usage)
		case boolf:
			fs.Bool(f.name, false, f.usage)
		case repeat:
			fs.StringArray(f.name, nil, f.usage)
		}
	}
	if err := fs.Parse(args); err != nil {
		return nil, usagef(cmd, "%s", strings.TrimPrefix(err.Error(), "flag provided but not defined: "))
	}
	if *help {
		return nil, nil
	}
	pos := fs.Args()
	if len(pos) < cmd.minArgs {
		if cmd.args != "" {
			return nil, usagef(cmd, "%s needs %s", cmd.name(), cmd.args)
		}
	}
	if cmd.maxArgs >= 0 && len(pos) > cmd.maxArgs {
		return nil, usagef(cmd, "unexpected %q", clip(pos[cmd.maxArgs]))
	}
	for _, f := range cmd.flags {
		if f.req && !fs.Changed(f.name) {
			return nil, usagef(cmd, "--%s is required", f.name)
		}
	}
	c := &call{env: env, cmd: cmd, args: pos, fs: fs, json: *js}
	c.who = domain.Who{Person: env.Person, Workspace: *ws}
	return c, nil
}

// --- output

// emit prints v as JSON when --json was given, or text otherwise.
func (c *call) emit(v any, text func(w *textOut)) error {
	if c.json {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			return err
		}
		// encoding/json leaves C1 controls and bidi overrides raw: escape
		// them too, so --json on a terminal is as safe as text.
		_, err := c.env.Stdout.Write(sanitize.JSON(buf.Bytes()))
		return err
	}
	t := newText(c.env.Stdout)
	text(t)
	return t.flush()
}

func printHelp(env Env, args []string) error {
	if len(args) > 0 {
		return printNounHelp(env, args[0])
	}
	w := newText(env.Stdout)
	for _, l := range helpIntro {
		w.line(l)
	}
	w.line("")
	for _, n := range nouns() {
		for _, cmd := range verbsOf(n) {
			w.row(cmd.name(), cmd.summary)
		}
	}
	w.line("")
	w.line("`<noun> --help` shows a command's flags. Quote values with spaces twice: --name \"'Kim Kline'\".")
	w.flush()
	return errHelpShown
}

func printNounHelp(env Env, noun string) error {
	cmds := verbsOf(noun)
	if len(cmds) == 0 {
		return usagef(nil, "unknown command %q; run `help` to see the commands", clip(noun))
	}
	w := newText(env.Stdout)
	for _, cmd := range cmds {
		w.line("usage: " + cmd.usage())
		w.line("  " + cmd.summary)
	}
	w.flush()
	return errHelpShown
}

// commandName is what logs may say about a command line: its noun and verb,
// never its values (an invitation code is a secret).
func commandName(args []string) string {
	n := min(len(args), 2)
	for i := 0; i < n; i++ {
		if strings.HasPrefix(args[i], "-") {
			n = i
		}
	}
	return strings.Join(args[:n], " ")
}

// Param is one positional argument or flag of a command, as the registry
// declares it (tests walk it, so new commands are covered as they come).
type Param struct {
	Flag     string // the flag's name; "" for the positional arguments
	Arg      string // its placeholder: H (a handle), ID (an id), DATE, N, …
	Required bool
	Bool     bool // a flag that takes no value
}

// Params lists the positional arguments and flags of the command name
// ("sessions cancel"); nil if there is no such command.
func Params(name string) []Param {
	for _, c := range registry {
		if c.name() != name {
			continue
		}
		out := []Param{}
		if c.args != "" {
			out = append(out, Param{Arg: strings.Trim(c.args, "[]"), Required: c.minArgs > 0})
		}
		for _, f := range c.flags {
			out = append(out, Param{Flag: f.name, Arg: f.arg, Required: f.req, Bool: f.kind == boolf})
		}
		return out
	}
	return nil
}
