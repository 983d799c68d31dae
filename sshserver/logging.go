package sshserver

import (
	"context"
	"errors"
	"strings"
	"time"

	"behalf/cli"
)

// logSessions writes one line when a session starts and one when it ends:
// who (handle or "unknown key", with the key's fingerprint), from where,
// what ran, and how it ended. Only command names are logged, never their
// arguments: an argument may be an invitation code.
func (s *Server) logSessions(next handler) handler {
	return func(ss *session) int {
		kind, name, nargs := "command", s.commandName(ss.args), len(ss.args)
		if ss.sftp {
			kind, name = "sftp", ""
		}
		if ss.tui {
			kind, name = "screen", ""
		}
		ss.log.Info("session start", "kind", kind, "command", name, "args", nargs)
		code := next(ss)
		ss.log.Info("session end", "kind", kind, "command", name, "exit", code,
			"duration", time.Since(ss.start).Round(time.Millisecond), "reason", endReason(ss))
		return code
	}
}

// knownCommands is the set of "noun verb" and bare nouns the cli knows, so
// that only names it defines reach the log.
func knownCommands() map[string]bool {
	m := map[string]bool{"help": true, "--help": true, "-h": true}
	for _, c := range cli.Commands() {
		m[c] = true
		if noun, _, ok := strings.Cut(c, " "); ok {
			m[noun] = true
		}
	}
	return m
}

// commandName is the command's name for the log: "people invite", "whoami",
// "people" for a bare noun, or "(unknown)" for anything the cli does not
// define — which might be a code typed in the wrong place.
func (s *Server) commandName(args []string) string {
	switch {
	case len(args) == 0:
		return "(none)"
	case len(args) >= 2 && s.commands[args[0]+" "+args[1]]:
		return args[0] + " " + args[1]
	case s.commands[args[0]]:
		return args[0]
	}
	return "(unknown)"
}

// endReason says how a session ended, for the log.
func endReason(ss *session) string {
	if ss.ended != "" {
		return ss.ended
	}
	if ss.ctx.Err() == nil {
		return "done"
	}
	switch cause := context.Cause(ss.ctx); {
	case errors.Is(cause, errIdle):
		return "idle"
	case errors.Is(cause, errUnregistered):
		return "unregistered key's time up"
	case errors.Is(cause, errShutdown):
		return "shutdown"
	case errors.Is(cause, errPanic):
		return "panic"
	}
	return "disconnected"
}
