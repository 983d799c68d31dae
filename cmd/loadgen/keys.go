package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/crypto/ssh"
)

// Key is one identity to sign in with: the handle is the key file's name, as
// `behalf serve --demo` writes them into data/demo-keys/.
type Key struct {
	Handle string
	Signer ssh.Signer
}

// maxKeyFile bounds what is read from a file before trying it as a key, so a
// stray large file in the folder costs nothing.
const maxKeyFile = 64 << 10

// loadKeys reads every regular file in dir that parses as an unencrypted
// private key, in name order. Other files (public keys, notes, encrypted keys)
// are skipped and named in skipped.
func loadKeys(dir string) (keys []Key, skipped []string, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	for _, e := range entries { // ReadDir sorts by name
		path := filepath.Join(dir, e.Name())
		fi, err := os.Stat(path) // follows symlinks
		if err != nil || !fi.Mode().IsRegular() {
			continue // folders, sockets, dangling links: not key files
		}
		signer, err := readKey(path, fi.Size())
		if err != nil {
			skipped = append(skipped, e.Name())
			continue
		}
		keys = append(keys, Key{Handle: e.Name(), Signer: signer})
	}
	if len(keys) == 0 {
		return nil, skipped, fmt.Errorf("no private keys in %s (run `behalf serve --demo` to write data/demo-keys/)", dir)
	}
	return keys, skipped, nil
}

func readKey(path string, size int64) (ssh.Signer, error) {
	if size > maxKeyFile {
		return nil, fmt.Errorf("%d bytes is too large for a key file", size)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ssh.ParsePrivateKey(b)
}

// namedKeys are the key names --keys-seq understands, as an xterm sends them.
var namedKeys = map[string]string{
	"up": "\x1b[A", "down": "\x1b[B", "right": "\x1b[C", "left": "\x1b[D",
	"tab": "\t", "shift+tab": "\x1b[Z", "enter": "\r", "esc": "\x1b",
	"space": " ", "pgup": "\x1b[5~", "pgdown": "\x1b[6~", "home": "\x1b[H", "end": "\x1b[F",
	"comma": ",",
}

// parseKeySeq turns "tab,shift+tab" or "j,k" into the bytes to send, in order.
// A name from namedKeys is translated; anything else is sent as written.
func parseKeySeq(s string) (KeySeq, error) {
	var seq KeySeq
	for _, name := range strings.Split(s, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		b, ok := namedKeys[strings.ToLower(name)]
		if !ok {
			b = name
		}
		seq.Names = append(seq.Names, name)
		seq.Bytes = append(seq.Bytes, []byte(b))
	}
	if len(seq.Bytes) == 0 {
		return KeySeq{}, fmt.Errorf("--keys-seq %q names no keys", s)
	}
	return seq, nil
}

// KeySeq is a sequence of keys: as written, and the bytes to send.
type KeySeq struct {
	Names []string
	Bytes [][]byte
}

// keysOf is the keys handle presses: its kind's, or --keys-seq.
func (c *Config) keysOf(handle string) KeySeq {
	if seq, ok := c.KeySeqFor[kindOf(handle)]; ok {
		return seq
	}
	return c.KeySeq
}

// kindOf is a handle's kind: its name without the trailing digits
// (coach001 → coach, client00001 → client, adam → adam).
func kindOf(handle string) string { return strings.TrimRight(handle, "0123456789") }

// keySeqFor is the --keys-seq-for flag: KIND=SEQ, repeatable.
type keySeqFor map[string]KeySeq

func (f keySeqFor) String() string {
	kinds := make([]string, 0, len(f))
	for k := range f {
		kinds = append(kinds, k+"="+strings.Join(f[k].Names, ","))
	}
	slices.Sort(kinds)
	return strings.Join(kinds, " ")
}

func (f keySeqFor) Set(v string) error {
	kind, seq, ok := strings.Cut(v, "=")
	kind = strings.TrimSpace(kind)
	if !ok || kind == "" || kind != kindOf(kind) {
		return fmt.Errorf("%q is not KIND=KEYS, as coach=tab,down,up,shift+tab (KIND: a key file's name without its digits)", v)
	}
	keys, err := parseKeySeq(seq)
	if err != nil {
		return err
	}
	f[kind] = keys
	return nil
}
