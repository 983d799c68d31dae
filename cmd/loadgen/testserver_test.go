package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"golang.org/x/crypto/ssh"
)

// fakeServer is a tiny SSH server built on x/crypto/ssh alone, standing in
// for behalf: a PTY shell draws a "behalf" screen and redraws on every key
// (q ends it), and the exec command "whoami" prints the handle and exits 0.
type fakeServer struct {
	addr    string
	keys    []ssh.PublicKey
	quits   atomic.Int64 // shells ended by q
	shells  atomic.Int64
	execs   atomic.Int64
	mu      sync.Mutex
	conns   []net.Conn
	pending sync.WaitGroup
	subs    []subscriptionRow // the burst's commands (fakeSubscriptions)
}

func startFakeServer(t *testing.T, allowed []ssh.PublicKey) *fakeServer {
	t.Helper()
	_, hostKey, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	hostSigner, err := ssh.NewSignerFromKey(hostKey)
	if err != nil {
		t.Fatal(err)
	}
	s := &fakeServer{keys: allowed}
	cfg := &ssh.ServerConfig{
		PublicKeyCallback: func(meta ssh.ConnMetadata, key ssh.PublicKey) (*ssh.Permissions, error) {
			for _, k := range s.keys {
				if bytes.Equal(k.Marshal(), key.Marshal()) {
					return &ssh.Permissions{Extensions: map[string]string{"handle": meta.User()}}, nil
				}
			}
			return nil, fmt.Errorf("unknown key")
		},
	}
	cfg.AddHostKey(hostSigner)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = ln.Addr().String()
	s.pending.Go(func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.mu.Lock()
			s.conns = append(s.conns, c)
			s.mu.Unlock()
			s.pending.Go(func() { s.serve(c, cfg) })
		}
	})
	t.Cleanup(func() {
		ln.Close()
		s.mu.Lock()
		for _, c := range s.conns {
			c.Close()
		}
		s.mu.Unlock()
		s.pending.Wait()
	})
	return s
}

func (s *fakeServer) serve(c net.Conn, cfg *ssh.ServerConfig) {
	sc, chans, reqs, err := ssh.NewServerConn(c, cfg)
	if err != nil {
		c.Close()
		return
	}
	defer sc.Close()
	go ssh.DiscardRequests(reqs)
	for nc := range chans {
		if nc.ChannelType() != "session" {
			nc.Reject(ssh.UnknownChannelType, "sessions only")
			continue
		}
		ch, creqs, err := nc.Accept()
		if err != nil {
			continue
		}
		s.pending.Go(func() { s.session(ch, creqs, sc.Permissions.Extensions["handle"]) })
	}
}

func (s *fakeServer) session(ch ssh.Channel, reqs <-chan *ssh.Request, handle string) {
	defer ch.Close()
	started := false
	for req := range reqs {
		switch req.Type {
		case "pty-req", "env", "window-change":
			req.Reply(req.WantReply, nil)
		case "shell":
			req.Reply(!started, nil)
			if !started {
				started = true
				s.pending.Go(func() { s.shell(ch, handle) })
			}
		case "exec":
			var p struct{ Command string }
			if ssh.Unmarshal(req.Payload, &p) != nil || started {
				req.Reply(false, nil)
				continue
			}
			started = true
			req.Reply(true, nil)
			s.pending.Go(func() { s.exec(ch, p.Command, handle) })
		default:
			req.Reply(false, nil)
		}
	}
}

func exitStatus(ch ssh.Channel, code uint32) {
	ch.SendRequest("exit-status", false, ssh.Marshal(struct{ Status uint32 }{code}))
	ch.Close()
}

func (s *fakeServer) shell(ch ssh.Channel, handle string) {
	s.shells.Add(1)
	// The set-up sequences first, in a write of their own, as a TUI does.
	io.WriteString(ch, "\x1b[?1049h\x1b[?25l")
	fmt.Fprintf(ch, "\x1b[2J\x1b[Hbehalf · Test Org │ %s\r\n", handle)
	for i := 1; i < 23; i++ {
		fmt.Fprintf(ch, "  line %2d of the home screen\r\n", i)
	}
	io.WriteString(ch, "tab next screen • q quit") // the footer, drawn last
	buf := make([]byte, 256)
	for n := 0; ; n++ {
		k, err := ch.Read(buf)
		if err != nil {
			return
		}
		if bytes.IndexByte(buf[:k], 'q') >= 0 {
			s.quits.Add(1)
			io.WriteString(ch, "\x1b[?1049l")
			exitStatus(ch, 0)
			return
		}
		fmt.Fprintf(ch, "\x1b[Hbehalf · Test Org │ %s │ screen %d\r\n", handle, n%3)
	}
}

func (s *fakeServer) exec(ch ssh.Channel, cmd, handle string) {
	s.execs.Add(1)
	if out, ok := s.subscriptions(cmd); ok {
		ch.Write(out)
		exitStatus(ch, 0)
		return
	}
	if cmd != "whoami" {
		fmt.Fprintf(ch.Stderr(), "unknown command %q\n", cmd)
		exitStatus(ch, 2)
		return
	}
	fmt.Fprintf(ch, "%s (Test Person)\n", handle)
	exitStatus(ch, 0)
}

// writeKeys writes n new ed25519 private keys into dir as OpenSSH files named
// by handle, as `behalf serve --demo` does, and returns their public halves.
func writeKeys(t *testing.T, dir string, handles ...string) []ssh.PublicKey {
	t.Helper()
	var pubs []ssh.PublicKey
	for _, h := range handles {
		pub, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		block, err := ssh.MarshalPrivateKey(priv, h)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, h), pem.EncodeToMemory(block), 0o600); err != nil {
			t.Fatal(err)
		}
		sp, err := ssh.NewPublicKey(pub)
		if err != nil {
			t.Fatal(err)
		}
		pubs = append(pubs, sp)
	}
	return pubs
}

// subscriptions answers the burst's commands as behalf would: three
// paused subscriptions and an active one; resuming one makes it due
// today, and the list after that shows it issued (moved on a period).
func (s *fakeServer) subscriptions(cmd string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.subs == nil {
		s.subs = []subscriptionRow{{"4", "paused", ""}, {"3", "paused", ""}, {"2", "active", "2026-12-10"}, {"1", "paused", ""}}
	}
	var out any
	switch {
	case strings.HasPrefix(cmd, "subscriptions list --json --limit "):
		out = slices.Clone(s.subs)
		for i := range s.subs {
			if s.subs[i].NextInvoiceOn == "2026-12-03" {
				s.subs[i].NextInvoiceOn = "2026-12-17" // the scheduler issued it
			}
		}
	case strings.HasPrefix(cmd, "subscriptions resume ") && strings.HasSuffix(cmd, " --json"):
		id := strings.Fields(cmd)[2]
		for i := range s.subs {
			if s.subs[i].ID == id {
				s.subs[i].Status, s.subs[i].NextInvoiceOn = "active", "2026-12-03"
				out = s.subs[i]
			}
		}
	default:
		return nil, false
	}
	b, _ := json.Marshal(out)
	return b, true
}
