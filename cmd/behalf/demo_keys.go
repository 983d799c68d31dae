package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"

	gossh "golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/knownhosts"

	"behalf/demo"
	"behalf/domain"
	"behalf/sshkey"
)

// ensureDemoKeys gives every demo person a private key file in dir (0700;
// files 0600, as OpenSSH insists) and returns their public keys by handle.
// A key file already there is kept, so an old demo key keeps working.
func ensureDemoKeys(dir string) (map[string]domain.SSHKey, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("making %s: %w", dir, err)
	}
	keys := map[string]domain.SSHKey{}
	for _, p := range demo.People {
		path := filepath.Join(dir, p.Handle)
		signer, err := readPrivateKey(path)
		if errors.Is(err, fs.ErrNotExist) {
			signer, err = writeDemoKey(path, p.Handle)
		}
		if err != nil {
			return nil, err
		}
		key, err := sshkey.FromPublicKey(signer.PublicKey())
		if err != nil {
			return nil, fmt.Errorf("demo key %s: %w", path, err)
		}
		keys[p.Handle] = key
	}
	return keys, nil
}

func readPrivateKey(path string) (gossh.Signer, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	signer, err := gossh.ParsePrivateKey(data)
	if err != nil {
		return nil, fmt.Errorf("%s is not a usable private key (remove it to make a new one): %w", path, err)
	}
	return signer, nil
}

func writeDemoKey(path, handle string) (gossh.Signer, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	block, err := gossh.MarshalPrivateKey(priv, "behalf demo: "+handle)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, pem.EncodeToMemory(block), 0o600); err != nil {
		return nil, fmt.Errorf("writing %s: %w", path, err)
	}
	// WriteFile keeps the mode of a file that raced us into existence;
	// OpenSSH refuses a key others can read, so make sure.
	if err := os.Chmod(path, 0o600); err != nil {
		return nil, err
	}
	return gossh.NewSignerFromKey(priv)
}

// printSignIns prints, for each demo person whose key file exists, the
// line that signs them in, e.g.
//
//	ssh -p 23234 -i data/demo-keys/olivia -o IdentitiesOnly=yes -o UserKnownHostsFile=data/known_hosts localhost   # Olivia Owens — owner, team coach
//
// IdentitiesOnly: this server accepts any key (unknown keys may redeem an
// invitation), so a key from the person's ssh-agent, offered first, would
// sign them in as nobody. UserKnownHostsFile: a known_hosts made here from
// the host key, so the first sign-in asks nothing and a demo folder made
// anew never clashes with ~/.ssh/known_hosts.
func printSignIns(w io.Writer, data, listen string, bound net.Addr, hostKey gossh.PublicKey, log *slog.Logger) {
	host := signInHost(listen)
	_, port, _ := net.SplitHostPort(bound.String())
	known := filepath.Join(data, "known_hosts")
	if err := writeKnownHosts(known, net.JoinHostPort(host, port), hostKey); err != nil {
		log.Warn("could not write known_hosts for the sign-in lines", "path", known, "err", err)
		known = ""
	}
	type line struct{ cmd, comment string }
	var lines []line
	width := 0
	for _, p := range demo.People {
		keyPath := filepath.Join(data, "demo-keys", p.Handle)
		if _, err := os.Stat(keyPath); err != nil {
			continue
		}
		warnIfLoose(keyPath, log)
		args := []string{"ssh", "-p", port, "-i", shellQuote(keyPath), "-o", "IdentitiesOnly=yes"}
		if known != "" {
			args = append(args, "-o", shellQuote("UserKnownHostsFile="+known))
		}
		args = append(args, host)
		cmd := strings.Join(args, " ")
		width = max(width, len(cmd))
		lines = append(lines, line{cmd, p.Name + " — " + p.Who})
	}
	if len(lines) == 0 {
		return
	}
	fmt.Fprintln(w, "Sign in as a demo person (add a command after the host to run just that, e.g. whoami):")
	for _, l := range lines {
		fmt.Fprintf(w, "%-*s   # %s\n", width, l.cmd, l.comment)
	}
}

// signInHost is the host to type: localhost for loopback and wildcard
// listeners, the address itself otherwise.
func signInHost(listen string) string {
	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return "localhost"
	}
	switch host {
	case "", "0.0.0.0", "::", "127.0.0.1", "::1", "localhost":
		return "localhost"
	}
	return host
}

func writeKnownHosts(path, hostport string, key gossh.PublicKey) error {
	line := knownhosts.Line([]string{knownhosts.Normalize(hostport)}, key)
	return os.WriteFile(path, []byte(line+"\n"), 0o600)
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:@+,") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
