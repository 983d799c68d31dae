// Package smtptest runs a real SMTP server in-process for tests
// (github.com/emersion/go-smtp as the receiving side): it keeps what
// arrives, decoded, and can be told to refuse or to hold a message without
// answering, so tests see what a mail server sees.
package smtptest

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Message is one message as it arrived.
type Message struct {
	From      string
	To        []string // envelope recipients
	Header    mail.Header
	Subject   string // decoded
	MessageID string // as in the header, with its angle brackets
	Text      string // the text/plain part, decoded
	HTML      string // the text/html part, decoded
	Raw       []byte
}

// Server is a running test SMTP server.
type Server struct {
	Addr string
	srv  *smtp.Server

	mu       sync.Mutex
	changed  chan struct{} // closed and replaced on every change
	got      []Message     // accepted
	held     []Message     // received but never answered (Hold)
	replies  []error       // the next DATA answers, in order (nil: accept)
	hold     bool
	released chan struct{}
}

// Start runs a server on 127.0.0.1 until the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{Addr: ln.Addr().String(), changed: make(chan struct{}), released: make(chan struct{})}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{s: s}, nil }))
	s.srv.Domain = "localhost"
	s.srv.ReadTimeout, s.srv.WriteTimeout = 10*time.Second, 10*time.Second
	s.srv.MaxMessageBytes = 1 << 20
	go s.srv.Serve(ln)
	t.Cleanup(func() {
		s.Release()
		s.srv.Close()
	})
	return s
}

// Port is the port the server listens on.
func (s *Server) Port() string {
	_, p, _ := net.SplitHostPort(s.Addr)
	return p
}

// Reply queues answers for the next messages' DATA, in order: a 4xx or 5xx
// code refuses one; 0 accepts it.
func (s *Server) Reply(codes ...int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range codes {
		if c == 0 {
			s.replies = append(s.replies, nil)
			continue
		}
		e := &smtp.SMTPError{Code: c, EnhancedCode: smtp.EnhancedCode{c / 100, 0, 0}, Message: "test server says no"}
		if c/100 == 4 {
			e.Message = "try again later"
		}
		s.replies = append(s.replies, e)
	}
}

// Hold makes the server keep every message it receives from now on
// without answering the end of its DATA, as a server that crashed or hung
// would, until Release or the end of the test (it is not delivered).
func (s *Server) Hold() {
	s.mu.Lock()
	s.hold = true
	s.mu.Unlock()
}

// Release ends Hold: the held messages are answered "421 gone" (their
// sender is usually gone by then) and later ones are taken as usual.
func (s *Server) Release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.hold {
		s.hold = false
		close(s.released)
		s.released = make(chan struct{})
	}
}

// Messages is what the server accepted so far.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.got...)
}

// Held is what arrived but was never answered (Hold).
func (s *Server) Held() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.held...)
}

// Wait waits (up to a deadline) until cond holds for the accepted and held
// messages, and returns the accepted ones. cond is asked again on every
// message and, for what it reads elsewhere (the outbox), every 50 ms.
func (s *Server) Wait(t testing.TB, what string, cond func(got, held []Message) bool) []Message {
	t.Helper()
	deadline := time.After(20 * time.Second)
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		s.mu.Lock()
		got, held, ch := append([]Message(nil), s.got...), append([]Message(nil), s.held...), s.changed
		s.mu.Unlock()
		if cond(got, held) {
			return got
		}
		select {
		case <-ch:
		case <-tick.C:
		case <-deadline:
			t.Fatalf("the SMTP server did not see %s: accepted %d, held %d", what, len(got), len(held))
		}
	}
}

func (s *Server) changedLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

type session struct {
	s    *Server
	from string
	to   []string
}

func (x *session) Reset()        { x.from, x.to = "", nil }
func (x *session) Logout() error { return nil }
func (x *session) Mail(from string, _ *smtp.MailOptions) error {
	x.from = from
	return nil
}
func (x *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.to = append(x.to, to)
	return nil
}

func (x *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m, err := parse(raw)
	if err != nil {
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: "unreadable message: " + err.Error()}
	}
	m.From, m.To = x.from, append([]string(nil), x.to...)
	s := x.s
	s.mu.Lock()
	if s.hold {
		s.held = append(s.held, m)
		s.changedLocked()
		released := s.released
		s.mu.Unlock()
		<-released
		return &smtp.SMTPError{Code: 421, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "gone"}
	}
	var reply error
	if len(s.replies) > 0 {
		reply, s.replies = s.replies[0], s.replies[1:]
	}
	if reply == nil {
		s.got = append(s.got, m)
	}
	s.changedLocked()
	s.mu.Unlock()
	return reply
}

// parse decodes a message: headers, subject, and its text and HTML parts.
func parse(raw []byte) (Message, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return Message{}, err
	}
	m := Message{Header: msg.Header, MessageID: msg.Header.Get("Message-Id"), Raw: raw}
	dec := new(mime.WordDecoder)
	if m.Subject, err = dec.DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return Message{}, err
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		return Message{}, err
	}
	if !strings.HasPrefix(mt, "multipart/") {
		body, err := io.ReadAll(msg.Body)
		m.Text = string(body)
		return m, err
	}
	return m, readParts(multipart.NewReader(msg.Body, params["boundary"]), &m)
}

func readParts(mr *multipart.Reader, m *Message) error {
	for {
		p, err := mr.NextPart() // decodes quoted-printable
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		mt, params, err := mime.ParseMediaType(p.Header.Get("Content-Type"))
		if err != nil {
			return err
		}
		if strings.HasPrefix(mt, "multipart/") {
			if err := readParts(multipart.NewReader(p, params["boundary"]), m); err != nil {
				return err
			}
			continue
		}
		body, err := io.ReadAll(p)
		if err != nil {
			return err
		}
		switch mt {
		case "text/plain":
			m.Text = strings.ReplaceAll(string(body), "\r\n", "\n")
		case "text/html":
			m.HTML = strings.ReplaceAll(string(body), "\r\n", "\n")
		}
	}
}
