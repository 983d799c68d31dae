package sshserver

import (
	"context"
	"errors"
	"maps"
	"net"
	"time"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"

	"behalf/cli"
	"behalf/domain"
	"behalf/sshkey"
)

// acceptKey is the public-key callback. It accepts every key the domain
// could store, because a key that belongs to nobody may still redeem an
// invitation (R2). It decides nothing about identity and records nothing:
// x/crypto calls it for keys the client merely offers, before any signature
// is checked, so anything noted here could name a key the client does not
// hold (the soft-serve "offered key" advisory). Identity is taken per
// session from s.PublicKey(), the key whose signature was verified.
//
// What it accepts is what every other way in accepts (package sshkey): no
// certificates (offer the plain key), the usual key types, RSA of at least
// 2048 bits.
func acceptKey(_ ssh.Context, key ssh.PublicKey) bool {
	return sshkey.Check(key) == nil
}

// sshKeyOf is the domain's form of a public key.
func sshKeyOf(key ssh.PublicKey) (domain.SSHKey, error) {
	return sshkey.FromPublicKey(key)
}

// authTimerKey holds the connection's auth timer in its context (a timer,
// not an identity: it only closes connections that never sign in), and
// connKey the connection itself, for the unregistered key's time limit.
type (
	authTimerKey struct{}
	connKey      struct{}
	signedInKey  struct{} // when the connection signed in (time.Time)
)

// onConn starts the auth timeout: a connection that has not signed in
// within AuthTimeout is closed, however slowly it trickles bytes.
func (s *Server) onConn(ctx ssh.Context, c net.Conn) net.Conn {
	if s.isClosing() {
		return nil
	}
	t := time.AfterFunc(s.cfg.AuthTimeout, func() {
		s.log.Info("ssh connection closed: not signed in in time", "addr", c.RemoteAddr().String(), "after", s.cfg.AuthTimeout)
		_ = c.Close()
	})
	ctx.SetValue(authTimerKey{}, t)
	ctx.SetValue(connKey{}, c)
	context.AfterFunc(ctx, func() { t.Stop() }) // the connection ended, signed in or not
	return c
}

// serverConfig stops the auth timer once sign-in succeeds, starts the
// unregistered key's time limit, and asks for the second factor after the
// key of a person who has one (secondFactor).
func (s *Server) serverConfig(ctx ssh.Context) *gossh.ServerConfig {
	t, _ := ctx.Value(authTimerKey{}).(*time.Timer)
	return &gossh.ServerConfig{
		AuthLogCallback: func(meta gossh.ConnMetadata, method string, err error) {
			var partial *gossh.PartialSuccessError
			if errors.As(err, &partial) && t != nil {
				// The key is good; the person now reads a code off their
				// phone, which takes longer than a client's handshake.
				t.Reset(s.cfg.CodeTimeout)
			}
			if err == nil && t != nil {
				t.Stop()
			}
			if err == nil {
				ctx.SetValue(signedInKey{}, time.Now())
				s.limitLife(ctx)
			}
		},
		VerifiedPublicKeyCallback: func(conn gossh.ConnMetadata, key gossh.PublicKey, perms *gossh.Permissions, _ string) (*gossh.Permissions, error) {
			return s.secondFactor(ctx, conn, key, perms)
		},
	}
}

// uncheckedKey marks a connection whose key was let through while the
// second factor could not be looked up (the database failing): its
// sessions look again (identify) and go no further unless that settles it.
type uncheckedKey struct{}

// secondFactor runs once the client has proved it holds the key: the key's
// owner, if their second factor is on, gets a partial success and must
// answer a keyboard-interactive prompt with a code before the connection
// is signed in — like OpenSSH's `AuthenticationMethods
// publickey,keyboard-interactive`. Keyboard-interactive on its own is
// still refused (no callback for it in the first round, R2), and the gate
// stands before any channel opens, so terminal sessions, commands and
// every subsystem are behind it alike.
//
// If the lookup fails, the key is let through marked unchecked, so that the
// session can say the server failed (exit 70) instead of a bare refusal;
// identify then refuses it unless a second look finds no second factor.
func (s *Server) secondFactor(ctx ssh.Context, conn gossh.ConnMetadata, key gossh.PublicKey, perms *gossh.Permissions) (*gossh.Permissions, error) {
	fp := gossh.FingerprintSHA256(key)
	need, err := s.cfg.Service.SecondFactorNeeded(fp)
	if err != nil {
		s.log.Error("second factor: lookup failed", "key", fp, "err", err)
		ctx.SetValue(uncheckedKey{}, true)
		return perms, nil
	}
	if !need {
		return perms, nil
	}
	// Partial success carries no permissions; the ones that name the
	// verified key come back with the code's success.
	kept := &gossh.Permissions{}
	if perms != nil {
		kept.CriticalOptions = maps.Clone(perms.CriticalOptions)
		kept.Extensions = maps.Clone(perms.Extensions)
	}
	addr := hostOf(conn.RemoteAddr())
	return nil, &gossh.PartialSuccessError{Next: gossh.ServerAuthCallbacks{
		KeyboardInteractiveCallback: func(_ gossh.ConnMetadata, ask gossh.KeyboardInteractiveChallenge) (*gossh.Permissions, error) {
			answers, err := ask("", "behalf: two-factor sign-in", []string{codePrompt}, []bool{false})
			if err != nil {
				return nil, err
			}
			if len(answers) != 1 {
				return nil, errors.New("two-factor sign-in: one answer expected")
			}
			err = s.cfg.Service.SignInCode(fp, answers[0], addr)
			switch {
			case err == nil:
				s.log.Info("second factor accepted", "key", fp, "addr", addr)
				return kept, nil
			case domain.KindOf(err) == 0:
				s.log.Error("second factor: check failed", "key", fp, "addr", addr, "err", err)
				return nil, &gossh.BannerError{Err: err, Message: "behalf: something went wrong inside behalf; the problem is logged — try again later.\n"}
			}
			s.log.Info("second factor refused", "key", fp, "addr", addr, "why", err.Error())
			return nil, &gossh.BannerError{Err: err, Message: "behalf: " + err.Error() + ".\n"}
		},
	}}
}

// codePrompt is the one question keyboard-interactive asks.
const codePrompt = "Code from your authenticator app (or a recovery code): "

// limitLife closes a signed-in connection whose key still belongs to
// nobody once UnregisteredTimeout has passed since it signed in (and a
// little more, so that its sessions, which end at that moment too
// (shortLife), get their notices out first): without a session it would
// otherwise stay until the idle timeout, holding memory for nothing.
func (s *Server) limitLife(ctx ssh.Context) {
	c, _ := ctx.Value(connKey{}).(net.Conn)
	if c == nil {
		return
	}
	grace := min(5*time.Second, max(time.Second, s.cfg.UnregisteredTimeout/10))
	life := time.AfterFunc(s.cfg.UnregisteredTimeout+grace, func() {
		// The verified key, set once the handshake is done (long before).
		pk, _ := ctx.Value(ssh.ContextKeyPublicKey).(ssh.PublicKey)
		if pk == nil {
			return
		}
		_, err := s.cfg.Service.Identify(gossh.FingerprintSHA256(pk))
		if domain.KindOf(err) == domain.KindNotFound {
			s.log.Info("ssh connection closed: an unregistered key's time is up", "addr", c.RemoteAddr().String(), "after", s.cfg.UnregisteredTimeout)
			_ = c.Close()
		}
	})
	context.AfterFunc(ctx, func() { life.Stop() })
}

func (s *Server) isClosing() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closing
}

// identify finds who the verified key belongs to, for this session only.
// Every session asks again, so a deactivation or a new key takes effect at
// the next session (R5, R6).
func (s *Server) identify(next handler) handler {
	return func(ss *session) int {
		pk := ss.PublicKey()
		if pk == nil { // cannot happen with public-key auth only; refuse anyway
			ss.notice("sign in with an SSH key.")
			return 1
		}
		key, err := sshKeyOf(pk)
		if err != nil {
			ss.notice("this kind of key is not accepted; use an ed25519, ecdsa or rsa key.")
			return 1
		}
		ss.key = key
		p, err := s.cfg.Service.Identify(key.Fingerprint)
		switch domain.KindOf(err) {
		case 0:
			if err == nil && ss.Context().Value(uncheckedKey{}) != nil {
				err = s.recheckSecondFactor(key.Fingerprint)
			}
			if err != nil {
				s.log.Error("identify failed", "addr", ss.addr, "key", key.Fingerprint, "err", err)
				ss.notice("something went wrong inside behalf; the problem is logged — try again later.")
				return cli.ExitInternal
			}
			ss.person = p
		case domain.KindNotFound:
			// A key nobody owns: invitation only (R2).
		case domain.KindDenied:
			s.log.Info("sign-in refused: account deactivated", "person", p.Handle, "key", key.Fingerprint, "addr", ss.addr)
			ss.notice("%s", err.Error()+"; ask the organisation to reactivate it.")
			return 1
		default:
			ss.notice("%s", err.Error())
			return 1
		}
		ss.log = s.log.With("person", ss.who(), "key", key.Fingerprint, "addr", ss.addr)
		return next(ss)
	}
}

// recheckSecondFactor is identify's second look for a connection let in
// unchecked: an error unless the key's owner has no second factor.
func (s *Server) recheckSecondFactor(fingerprint string) error {
	need, err := s.cfg.Service.SecondFactorNeeded(fingerprint)
	if err == nil && need {
		err = errors.New("signed in without the second factor while it could not be looked up")
	}
	return err
}
