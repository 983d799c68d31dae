package main

import (
	"flag"
	"io"
	"slices"
	"testing"
)

// People of a kind named in --keys-seq-for press its keys; everyone else
// presses --keys-seq.
func TestKeysSeqFor(t *testing.T) {
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	f := keySeqFor{}
	fs.Var(f, "keys-seq-for", "")
	if err := fs.Parse([]string{"--keys-seq-for", "coach=tab,down,up,shift+tab", "--keys-seq-for", "client=down,up"}); err != nil {
		t.Fatal(err)
	}
	c := Config{KeySeqFor: f}
	var err error
	if c.KeySeq, err = parseKeySeq("tab,shift+tab"); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		handle string
		want   []string
	}{
		{"coach001", []string{"tab", "down", "up", "shift+tab"}},
		{"client00042", []string{"down", "up"}},
		{"contact00001", []string{"tab", "shift+tab"}},
		{"adam", []string{"tab", "shift+tab"}},
	} {
		seq := c.keysOf(tc.handle)
		if !slices.Equal(seq.Names, tc.want) || len(seq.Bytes) != len(tc.want) {
			t.Errorf("%s presses %q, want %q", tc.handle, seq.Names, tc.want)
		}
	}
	if got := string(c.keysOf("coach001").Bytes[1]); got != "\x1b[B" {
		t.Errorf("coach001's down sends %q", got)
	}
	for _, bad := range []string{"coach", "=tab", "coach1=tab", "coach=", "coach= , "} {
		if err := (keySeqFor{}).Set(bad); err == nil {
			t.Errorf("--keys-seq-for %q taken", bad)
		}
	}
}
