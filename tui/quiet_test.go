package tui

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	tea "github.com/charmbracelet/bubbletea"
)

// bubble drives a model the way a program does — every command a message
// returns runs in its own goroutine and what it says goes back to Update —
// inside a synctest bubble, where the clock moves only when everything
// waits. So "nothing happens while idle" is a fact checked at a moment,
// not a guess from a real-time window: idle lets minutes pass at once and
// sees whether any tick, blink or timer reached the model.
type bubble struct {
	t       *testing.T
	m       tea.Model
	cancel  context.CancelFunc
	results chan tea.Msg
	running atomic.Int32
	got     []string // what reached the model, by type
}

// inBubble runs f with a model built by newModel from a session context
// that the bubble ends when f returns; it then checks that every command
// still waiting ended with the session.
func inBubble(t *testing.T, newModel func(ctx context.Context) tea.Model, f func(b *bubble)) {
	t.Helper()
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel() // also when f fails: the waits end and the bubble with them
		b := &bubble{t: t, cancel: cancel, results: make(chan tea.Msg, 64)}
		b.m = newModel(ctx)
		b.run(b.m.Init())
		b.send(tea.WindowSizeMsg{Width: 80, Height: 24})
		f(b)
		cancel()
		synctest.Wait()
		if n := b.running.Load(); n > 0 {
			t.Errorf("%d commands still running after the session ended", n)
		}
		for len(b.results) > 0 {
			if msg := <-b.results; msg != nil {
				t.Errorf("a command ended with %T after the session ended", msg)
			}
		}
	})
}

// run starts cmd the way a program does.
func (b *bubble) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	b.running.Add(1)
	go func() {
		defer b.running.Add(-1)
		msg := cmd()
		switch msg := msg.(type) {
		case nil:
			return
		case tea.BatchMsg:
			for _, c := range msg {
				b.run(c)
			}
			return
		}
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeFor[tea.Cmd]() {
			// tea.Sequence: one after another, each one's message delivered.
			for i := range v.Len() {
				if c := v.Index(i).Interface().(tea.Cmd); c != nil {
					if m := c(); m != nil {
						b.results <- m
					}
				}
			}
			return
		}
		b.results <- msg
	}()
}

// send delivers msg, then everything it sets off until only waits remain.
func (b *bubble) send(msg tea.Msg) {
	b.deliver(msg)
	b.settle()
}

func (b *bubble) deliver(msg tea.Msg) {
	b.got = append(b.got, fmt.Sprintf("%T", msg))
	var cmd tea.Cmd
	b.m, cmd = b.m.Update(msg)
	b.run(cmd)
}

// settle delivers what the running commands say until every one of them
// waits (for a change, a timer or the session's end).
func (b *bubble) settle() {
	for {
		synctest.Wait()
		select {
		case msg := <-b.results:
			b.deliver(msg)
		default:
			return
		}
	}
}

// keys types: a name practiceKey knows is one key, anything else is typed
// rune by rune.
func (b *bubble) keys(keys ...string) {
	for _, k := range keys {
		if msg, ok := practiceKey(k); ok {
			b.send(msg)
			continue
		}
		for _, r := range k {
			b.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		}
	}
}

// has fails unless the view shows every text.
func (b *bubble) has(texts ...string) {
	b.t.Helper()
	v := b.m.View()
	for _, s := range texts {
		if !strings.Contains(v, s) {
			b.t.Fatalf("the screen lacks %q:\n%s", s, v)
		}
	}
}

// idle lets ten minutes pass with nobody typing and fails if any message
// reached the model meanwhile: idle sessions cost nothing.
func (b *bubble) idle(what string) {
	b.t.Helper()
	before := len(b.got)
	time.Sleep(10 * time.Minute) // the bubble's clock: no real time passes
	b.settle()
	if after := b.got[before:]; len(after) > 0 {
		b.t.Errorf("%s: %d messages reached an idle model in ten minutes: %v", what, len(after), after[:min(len(after), 5)])
	}
}
