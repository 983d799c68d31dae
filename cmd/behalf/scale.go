package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"behalf/demo"
	"behalf/domain"
	"behalf/sshkey"
)

// demoScales are the sizes --demo-scale knows; small is the demo itself.
var demoScales = map[string]*demo.Scale{
	"small":  nil,
	"medium": &demo.ScaleMedium,
	"large":  &demo.ScaleLarge,
}

// checkScale validates --demo-scale; naming a scale asks for the demo.
func checkScale(f *serveFlags) error {
	if f.scale == "" {
		return nil
	}
	if _, ok := demoScales[f.scale]; !ok {
		return fmt.Errorf("--demo-scale %q: use small, medium or large", f.scale)
	}
	f.demo = true
	return nil
}

// seedDemo writes the demo organisation, at the size --demo-scale asks, with
// a key file in DATA/demo-keys for every demo person and, at medium and
// large, for a sample of the generated ones.
func seedDemo(svc *domain.Service, db domain.Store, f serveFlags, stderr io.Writer, log *slog.Logger) int {
	dir := filepath.Join(f.data, "demo-keys")
	keys, err := ensureDemoKeys(dir)
	if err != nil {
		fmt.Fprintln(stderr, "behalf:", err)
		return 1
	}
	sc := demoScales[f.scale]
	if sc == nil {
		if err := demo.Seed(svc, keys); err != nil {
			fmt.Fprintln(stderr, "behalf: seeding the demo:", err)
			return 1
		}
		log.Info("seeded the demo organisation", "people", len(keys))
		return 0
	}
	for _, h := range sc.KeyHandles() {
		k, err := ensureKey(dir, h)
		if err != nil {
			fmt.Fprintln(stderr, "behalf:", err)
			return 1
		}
		keys[h] = k
	}
	log.Info("generating the demo organisation", "scale", f.scale, "clients", sc.Clients, "sessions", sc.Clients*sc.SessionsPerClient)
	t0 := time.Now()
	if err := demo.SeedLarge(svc, keys, *sc); err != nil {
		fmt.Fprintf(stderr, "behalf: generating the %s demo: %v (remove %s and start again)\n", f.scale, err, f.data)
		return 1
	}
	log.Info("generated the demo organisation", "scale", f.scale, "took", time.Since(t0).Round(time.Millisecond), "keys", len(keys))
	// The generator's batches leave pages on bbolt's free list, which every
	// commit would write out again; a compact file starts without them.
	if c, ok := db.(compactable); ok {
		t0 = time.Now()
		if err := c.Compact(); err != nil {
			fmt.Fprintf(stderr, "behalf: %v (remove %s and start again)\n", err, f.data)
			return 1
		}
		log.Info("compacted the database", "took", time.Since(t0).Round(time.Millisecond))
	}
	n, err := writeLoadKeys(svc, keys, dir, filepath.Join(f.data, "load-keys"))
	if err != nil {
		fmt.Fprintln(stderr, "behalf:", err)
		return 1
	}
	log.Info("keys for the load tool", "dir", filepath.Join(f.data, "load-keys"), "keys", n)
	return 0
}

// writeLoadKeys copies into loadDir the keys of the people whose first
// screen is a workspace (one workspace only): the load tool's navigation
// keys (tab, shift+tab) change every such screen, while the workspace
// selector that people with several workspaces start in ignores them.
func writeLoadKeys(svc *domain.Service, keys map[string]domain.SSHKey, keyDir, loadDir string) (int, error) {
	if err := os.MkdirAll(loadDir, 0o700); err != nil {
		return 0, err
	}
	n := 0
	for h, k := range keys {
		p, err := svc.Identify(k.Fingerprint)
		if err != nil {
			return n, err
		}
		if ws, err := svc.Workspaces(p.ID); err != nil || len(ws) != 1 {
			continue
		}
		data, err := os.ReadFile(filepath.Join(keyDir, h))
		if err != nil {
			return n, err
		}
		if err := os.WriteFile(filepath.Join(loadDir, h), data, 0o600); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// ensureKey is ensureDemoKeys for one handle.
func ensureKey(dir, handle string) (domain.SSHKey, error) {
	path := filepath.Join(dir, handle)
	signer, err := readPrivateKey(path)
	if errors.Is(err, fs.ErrNotExist) {
		signer, err = writeDemoKey(path, handle)
	}
	if err != nil {
		return domain.SSHKey{}, err
	}
	return sshkey.FromPublicKey(signer.PublicKey())
}
