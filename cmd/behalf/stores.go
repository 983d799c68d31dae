package main

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	gossh "golang.org/x/crypto/ssh"

	"behalf/domain"
	"behalf/store"
)

// storeFlags choose where the organisation is kept: a bbolt file in the
// data folder (the default, nothing to set up), or an etcd cluster that
// several front ends share (README: Running several front ends).
type storeFlags struct {
	kind                       string // bolt or etcd
	endpoints, prefix          string
	cert, key, cacert, tlsName string
}

func (f *storeFlags) register(set *flag.FlagSet) {
	set.StringVar(&f.kind, "store", envOr("BEHALF_STORE", "bolt"), "where the organisation is kept: bolt (a file in --data) or etcd (a cluster several servers share; env BEHALF_STORE)")
	set.StringVar(&f.endpoints, "etcd", envOr("BEHALF_ETCD", ""), "with --store etcd: the cluster's endpoints, comma-separated, such as https://10.0.0.1:2379 (env BEHALF_ETCD)")
	f.registerCluster(set)
}

// registerCluster registers the flags that say how to reach the cluster
// and where in it the organisation lives (serve and migrate share them).
func (f *storeFlags) registerCluster(set *flag.FlagSet) {
	set.StringVar(&f.prefix, "etcd-prefix", envOr("BEHALF_ETCD_PREFIX", "/behalf/default/"), "with --store etcd: the key prefix the organisation lives under, one per organisation (env BEHALF_ETCD_PREFIX)")
	set.StringVar(&f.cert, "etcd-cert", envOr("BEHALF_ETCD_CERT", ""), "with --store etcd: this server's client certificate (PEM; env BEHALF_ETCD_CERT)")
	set.StringVar(&f.key, "etcd-key", envOr("BEHALF_ETCD_KEY", ""), "with --store etcd: the client certificate's private key (PEM; env BEHALF_ETCD_KEY)")
	set.StringVar(&f.cacert, "etcd-cacert", envOr("BEHALF_ETCD_CACERT", ""), "with --store etcd: the certificate authority that signed the cluster's certificates (PEM; env BEHALF_ETCD_CACERT)")
	set.StringVar(&f.tlsName, "etcd-server-name", envOr("BEHALF_ETCD_SERVER_NAME", ""), "with --store etcd: the name the cluster's certificates carry, if not the endpoints' host")
}

func (f *storeFlags) check() error {
	switch f.kind {
	case "bolt":
		return nil
	case "etcd":
	default:
		return fmt.Errorf("--store %q: use bolt or etcd", f.kind)
	}
	if strings.TrimSpace(f.endpoints) == "" {
		return errors.New("--store etcd needs --etcd ENDPOINTS (such as http://127.0.0.1:2379)")
	}
	if (f.cert == "") != (f.key == "") {
		return errors.New("--etcd-cert and --etcd-key go together")
	}
	if !strings.HasPrefix(f.prefix, "/") {
		return fmt.Errorf("--etcd-prefix %q: start it with /", f.prefix)
	}
	return nil
}

func (f *storeFlags) endpointList() []string {
	var out []string
	for _, e := range strings.Split(f.endpoints, ",") {
		if e = strings.TrimSpace(e); e != "" {
			out = append(out, e)
		}
	}
	return out
}

// tlsConfig is the client's TLS settings from the flags (nil: none set,
// plain connections).
func (f *storeFlags) tlsConfig() (*tls.Config, error) {
	if f.cert == "" && f.cacert == "" && f.tlsName == "" {
		return nil, nil
	}
	cfg := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: f.tlsName}
	if f.cert != "" {
		pair, err := tls.LoadX509KeyPair(f.cert, f.key)
		if err != nil {
			return nil, fmt.Errorf("--etcd-cert/--etcd-key: %w", err)
		}
		cfg.Certificates = []tls.Certificate{pair}
	}
	if f.cacert != "" {
		pemData, err := os.ReadFile(f.cacert)
		if err != nil {
			return nil, fmt.Errorf("--etcd-cacert: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pemData) {
			return nil, fmt.Errorf("--etcd-cacert: %s holds no PEM certificate", f.cacert)
		}
		cfg.RootCAs = pool
	}
	return cfg, nil
}

// openEtcd connects to the cluster the flags name.
func (f *storeFlags) openEtcd() (*store.Etcd, error) { return f.openEtcdAs(false) }

// openEtcdReading opens the organisation on etcd only to read it: an
// empty prefix stays empty.
func (f *storeFlags) openEtcdReading() (*store.Etcd, error) { return f.openEtcdAs(true) }

func (f *storeFlags) openEtcdAs(readOnly bool) (*store.Etcd, error) {
	tc, err := f.tlsConfig()
	if err != nil {
		return nil, err
	}
	return store.OpenEtcd(store.EtcdOptions{Endpoints: f.endpointList(), Prefix: f.prefix, TLS: tc, ReadOnly: readOnly})
}

// holder names this server in workers' claims: a bbolt file has one
// server at a time (its lock), so every run of it is the same holder and
// takes back what a killed run claimed; servers sharing etcd each get a
// name of their own.
func (f *storeFlags) holder() string {
	if f.kind == "bolt" {
		return "the server of the bbolt file"
	}
	return ""
}

// where names the store for messages: the file, or the prefix on the cluster.
func (f *storeFlags) where(dbPath string) string {
	if f.kind == "etcd" {
		return fmt.Sprintf("the organisation under %s on etcd %s", f.prefix, f.endpoints)
	}
	return dbPath
}

// shareHostKey makes the host key at path the cluster's: the first front
// end to start puts its key (made now if it has none) into the cluster,
// and every front end writes the cluster's key to its own path before
// serving, so that all of them show users one host.
func shareHostKey(st *store.Etcd, path string, log *slog.Logger) error {
	local, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		local, err = newHostKey()
	}
	if err != nil {
		return fmt.Errorf("the host key: %w", err)
	}
	shared, err := st.Shared("hostkey", local)
	if err != nil {
		return fmt.Errorf("sharing the host key through the cluster: %w", err)
	}
	if cur, err := os.ReadFile(path); err == nil && string(cur) == string(shared) {
		return nil
	} else if err == nil {
		log.Warn("this server's host key differs from the cluster's; serving the cluster's, as the other servers do", "path", path)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".host-key-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(shared); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func newHostKey() ([]byte, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	block, err := gossh.MarshalPrivateKey(priv, "behalf host key")
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(block), nil
}

// compactable is a store that can rewrite itself without free pages
// (bbolt, after the large demo's batches).
type compactable interface{ Compact() error }

var _ compactable = (*store.DB)(nil)
var _ domain.Store = (*store.Etcd)(nil)
