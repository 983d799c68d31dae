package sshserver

import (
	"context"
	"errors"

	"behalf/cli"
)

// app is the end of the chain: a terminal session without a command gets
// the screens, anything else runs one command.
func (s *Server) app(ss *session) int {
	if ss.tui {
		return s.runTUI(ss)
	}
	if ss.sftp {
		return s.runSFTP(ss)
	}
	// The line was bounded and split once, when the session began
	// (cli.Split): charmbracelet/ssh's own Command() drops the
	// splitter's error and returns the words read so far, so an unclosed
	// quote would run a different command than the one typed.
	args, err := ss.args, ss.argsErr
	var tooLong cli.LineTooLong
	switch {
	case errors.As(err, &tooLong):
		ss.notice("error: %s; shorten it.", err)
		return cli.ExitUsage
	case err != nil:
		ss.notice("error: the command could not be read (%s); values with spaces are quoted once more for the server, as in --name \"'Kim Kline'\"", err)
		return cli.ExitUsage
	}
	if len(args) == 0 {
		ss.notice("no command given and no terminal: connect with a terminal (ssh -t) for the portal, or run a command such as `whoami`.")
		return cli.ExitUsage
	}
	if args[0] == "scp" {
		// Legacy scp (`scp -O`) runs a remote scp program; behalf has none.
		ss.notice("behalf serves files over SFTP only: use scp without -O (OpenSSH 9 and later speak SFTP), or sftp.")
		return cli.ExitUsage
	}
	if ss.ctx.Err() != nil {
		return 1 // the client left (or the server is stopping): do no work for nobody
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
		switch cause := context.Cause(ss.ctx); {
		case errors.Is(cause, errIdle):
			ss.notice("closed after %s without activity.", humanDuration(s.cfg.IdleTimeout))
		case errors.Is(cause, errUnregistered):
			ss.notice("%s", unregisteredNotice(s.cfg.UnregisteredTimeout))
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
