package cli

import (
	"fmt"
	"strings"
)

//go:generate go test -run ^TestCommandsDocIsCurrent$ . -args -update

// helpIntro is what `help` and docs/commands.md both say first.
var helpIntro = []string{
	"behalf — the practice portal. Commands run inside one workspace; pick it with --ws",
	"(team, me, contact:<client>, assistant:<practitioner>) when you have more than one.",
	"Add --json for one JSON value on stdout. Exit codes: 0 done, 1 refused, 2 usage, 70 internal error, 77 denied.",
}

// Reference is docs/commands.md: every command of the registry with its
// usage, summary and flags, by noun. `help` prints the same registry; a
// test fails when the file in the repository is not this.
func Reference() string {
	var b strings.Builder
	p := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	p("# Commands\n\n")
	p("<!-- Generated from the command registry in cli/ by `go generate ./cli`; do not edit by hand. -->\n\n")
	for _, l := range helpIntro {
		p("%s\n", l)
	}
	p("\n")
	p("Run one command with `ssh -p 23234 -i KEY HOST COMMAND [ARGS]`. Flags may come in any order.\n")
	p("`H` is a person's handle, `ID` an id; dates are `YYYY-MM-DD` and times `YYYY-MM-DD HH:MM`\n")
	p("(or `YYYY-MM-DDTHH:MM`) in the organisation's time zone. A value with spaces is quoted twice,\n")
	p("once for your shell and once for the server: `--name \"'Kim Kline'\"`.\n")
	p("`--ws` may be left out by someone with exactly one workspace; otherwise leaving it out is a\n")
	p("usage error (exit 2) that lists the workspaces to choose from.\n\n")
	for _, n := range nouns() {
		p("## %s\n\n", n)
		for _, cmd := range verbsOf(n) {
			p("### `%s`\n\n", cmd.name())
			p("%s.\n\n", upperFirst(cmd.summary))
			p("    %s\n\n", cmd.usage())
			switch {
			case cmd.anyone:
				p("Runs for a key that belongs to nobody yet; no workspace.\n\n")
			case cmd.noWS:
				p("Needs no workspace.\n\n")
			}
			if len(cmd.flags) == 0 {
				continue
			}
			p("| flag | |\n| --- | --- |\n")
			for _, f := range cmd.flags {
				name := f.synopsis()
				if f.kind == repeat {
					name += " (repeatable)"
				}
				usage := f.usage
				if f.req {
					usage += " (required)"
				}
				p("| `%s` | %s |\n", strings.ReplaceAll(name, "|", `\|`), strings.ReplaceAll(usage, "|", `\|`))
			}
			p("\n")
		}
	}
	return b.String()
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
