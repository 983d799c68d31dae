package main

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	bm "github.com/charmbracelet/wish/bubbletea"
	gossh "golang.org/x/crypto/ssh"
)

// The floor is what a keystroke costs on the stack behalf is built on,
// with nothing of behalf: a bare Wish server with wish's own Bubble Tea
// middleware (its standard renderer, the alternate screen), whose screen
// is a title and one line that a key redraws. Every key signs in; q ends
// the session. `loadgen --floor` starts it as a process of its own (this
// program again, with --serve-floor), runs the same scenario against it
// first, and reports behalf's figures beside the floor's and as ratios to
// them: the machine's load, which moves both, drops out.

// floorModel is the floor's screen.
type floorModel struct {
	keys int
	last string
}

func (m floorModel) Init() tea.Cmd { return nil }

func (m floorModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok {
		if k.String() == "q" || k.String() == "ctrl+c" {
			return m, tea.Quit
		}
		m.keys++
		m.last = k.String()
	}
	return m, nil
}

func (m floorModel) View() string {
	return fmt.Sprintf("behalf load floor: a bare Wish + Bubble Tea screen\n\nkeys pressed: %d, the last %q\n\nq quit", m.keys, m.last)
}

// serveFloor runs the floor's server on addr until ctx ends; it prints
// "listening ADDR" on stdout once it accepts connections.
func serveFloor(ctx context.Context, addr string, stdout io.Writer) error {
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	signer, err := gossh.NewSignerFromKey(key)
	if err != nil {
		return err
	}
	srv, err := wish.NewServer(
		wish.WithAddress(addr),
		func(s *ssh.Server) error { s.AddHostKey(signer); return nil },
		wish.WithPublicKeyAuth(func(ssh.Context, ssh.PublicKey) bool { return true }),
		wish.WithMiddleware(bm.Middleware(func(ssh.Session) (tea.Model, []tea.ProgramOption) {
			return floorModel{}, []tea.ProgramOption{tea.WithAltScreen()}
		})),
	)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "listening %s\n", ln.Addr())
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, ssh.ErrServerClosed) {
		return err
	}
	return nil
}

// floorProcess is the floor's server, running as a child process.
type floorProcess struct {
	cmd  *exec.Cmd
	addr string
	pid  int
}

// startFloor starts this program again as the floor's server on a free
// loopback port and waits until it listens.
func startFloor(ctx context.Context) (*floorProcess, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, self, "--serve-floor", "127.0.0.1:0")
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			default:
			}
		}
	}()
	select {
	case line := <-lines:
		addr, ok := strings.CutPrefix(line, "listening ")
		if !ok {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			return nil, fmt.Errorf("the floor's server said %q", line)
		}
		return &floorProcess{cmd: cmd, addr: addr, pid: cmd.Process.Pid}, nil
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return nil, errors.New("the floor's server did not start within 10 s")
	}
}

// stop ends the floor's server and waits for it.
func (f *floorProcess) stop() {
	_ = f.cmd.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = f.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = f.cmd.Process.Kill()
		<-done
	}
}

// Ratios are behalf's figures divided by the floor's, measured in the same
// run: 1.5 is half as much again as the bare stack.
type Ratios struct {
	KeyP50        *float64 `json:"key_to_screen_p50"`
	KeyP99        *float64 `json:"key_to_screen_p99"`
	KeyAfterP99   *float64 `json:"key_to_screen_after_sign_ins_p99"`
	FirstP99      *float64 `json:"first_screen_p99"`
	ServerCPU     *float64 `json:"server_cpu"`
	ServerCPUPerK *float64 `json:"server_cpu_per_key"`
	RSSPerSession *float64 `json:"rss_per_session"`
}

// Compared is a run with --floor: the floor's report, behalf's, and the
// ratios.
type Compared struct {
	Floor  *Report `json:"floor"`
	Behalf *Report `json:"behalf"`
	Ratio  Ratios  `json:"ratio"`
}

func ratio(a, b float64) *float64 {
	if b <= 0 {
		return nil
	}
	return ptr(round2(a / b))
}

func ratioPtr(a, b *float64) *float64 {
	if a == nil || b == nil {
		return nil
	}
	return ratio(*a, *b)
}

func compare(floor, behalf *Report) *Compared {
	return &Compared{Floor: floor, Behalf: behalf, Ratio: Ratios{
		KeyP50:        ratio(behalf.KeyToScreenMS.P50, floor.KeyToScreenMS.P50),
		KeyP99:        ratio(behalf.KeyToScreenMS.P99, floor.KeyToScreenMS.P99),
		KeyAfterP99:   ratio(behalf.KeyAfterSignIns.P99, floor.KeyAfterSignIns.P99),
		FirstP99:      ratio(behalf.FirstScreenMS.P99, floor.FirstScreenMS.P99),
		ServerCPU:     ratioPtr(behalf.ServerCPUPct, floor.ServerCPUPct),
		ServerCPUPerK: ratioPtr(behalf.ServerCPUPerKeyMS, floor.ServerCPUPerKeyMS),
		RSSPerSession: ratioPtr(behalf.RSSPerSessionKB, floor.RSSPerSessionKB),
	}}
}
