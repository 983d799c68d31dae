package sshserver

import (
	"context"
	"errors"
	"strings"

	shlex "github.com/anmitsu/go-shlex"

	"behalf/cli"
)

// app is the end of the chain: a terminal session without a command gets
// the screens, anything else runs one command.
func (s *Server) app(ss *session) int {
	if ss.tui {
		return s.runTUI(ss)
	}
	// Split the raw command ourselves: charmbracelet/ssh's Command() drops
	// the splitter's error and returns the words read so far, so an
	// unclosed quote would run a different command than the one typed.
	args, err := shlex.Split(ss.RawCommand(), true)
	if err != nil {
		ss.notice("error: the command could not be read (%s); values with spaces are quoted once more for the server, as in --name \"'Kim Kline'\"", strings.ToLower(err.Error()))
		return cli.ExitUsage
	}
	if len(args) == 0 {
		ss.notice("no command given and no terminal: connect with a terminal (ssh -t) for the portal, or run a command such as `whoami`.")
		return cli.ExitUsage
	}
	return s.runCommand(ss, args)
}

// runCommand runs one cli command. The client's `env` requests are never
// read: nothing a client sets changes what a command does.
func (s *Server) runCommand(ss *session, args []string) int {
	// cli.Run takes no context; if the session is cut short (idle, a
	// forced shutdown), closing the channel makes its reads and writes fail
	// so the command returns.
	if _, winch, ok := ss.Pty(); ok {
		// `ssh -t host cmd`: nobody needs the sizes, but an unread window
		// change would block the session's request loop for good.
		go func() {
			for range winch {
			}
		}()
	}
	stop := context.AfterFunc(ss.ctx, func() {
		if errors.Is(context.Cause(ss.ctx), errIdle) {
			ss.notice("closed after %s without activity.", humanDuration(s.cfg.IdleTimeout))
		}
		_ = ss.Session.Close()
	})
	defer stop()
	return cli.Run(cli.Env{
		Service: s.cfg.Service,
		Person:  ss.person.ID,
		Key:     ss.key,
		Addr:    ss.addr,
		Stdin:   ss,
		Stdout:  ss,
		Stderr:  ss.Stderr(),
		Log:     ss.log,
	}, args)
}
