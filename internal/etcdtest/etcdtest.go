//go:build etcd

// Package etcdtest starts real etcd members inside the test process
// (go.etcd.io/etcd/server/v3/embed): no binaries, no network beyond
// 127.0.0.1. It is built only with the etcd tag (make test-etcd).
package etcdtest

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"
	"go.etcd.io/etcd/server/v3/embed"
	"go.uber.org/zap"
)

// Cluster is n etcd members on 127.0.0.1.
type Cluster struct {
	Members   []*embed.Etcd
	Endpoints []string
	cfgs      []*embed.Config
	dirs      []string
	mu        sync.Mutex
	folders   map[string]string
}

// Folder is a folder of the cluster's by that name (made on first use,
// removed with the cluster): what the front ends of one organisation
// share beside it, such as their library files (--files).
func (c *Cluster) Folder(tb testing.TB, name string) string {
	tb.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	if d, ok := c.folders[name]; ok {
		return d
	}
	d, err := os.MkdirTemp("", "behalf-shared-")
	if err != nil {
		tb.Fatal(err)
	}
	if c.folders == nil {
		c.folders = map[string]string{}
	}
	c.folders[name] = d
	c.dirs = append(c.dirs, d)
	return d
}

// Options tune Start.
type Options struct {
	// Sync: commit with fsync, as a deployment does (the default skips it:
	// tests that do not prove durability need not wait for the disk).
	Sync bool
}

// Start starts an n-member cluster and waits until it has a leader. It
// stops when tb ends.
func Start(tb testing.TB, n int, opt Options) *Cluster {
	tb.Helper()
	c, err := start(n, opt)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(c.Stop)
	return c
}

func freePorts(n int) ([]int, error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	var ports []int
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

func start(n int, opt Options) (*Cluster, error) {
	ports, err := freePorts(2 * n)
	if err != nil {
		return nil, err
	}
	c := &Cluster{}
	var initial []string
	for i := range n {
		initial = append(initial, fmt.Sprintf("m%d=http://127.0.0.1:%d", i, ports[2*i+1]))
	}
	for i := range n {
		dir, err := os.MkdirTemp("", "behalf-etcd-")
		if err != nil {
			c.Stop()
			return nil, err
		}
		c.dirs = append(c.dirs, dir)
		cfg := embed.NewConfig()
		cfg.Name = fmt.Sprintf("m%d", i)
		cfg.Dir = dir
		cu, _ := url.Parse(fmt.Sprintf("http://127.0.0.1:%d", ports[2*i]))
		pu, _ := url.Parse(fmt.Sprintf("http://127.0.0.1:%d", ports[2*i+1]))
		cfg.ListenClientUrls, cfg.AdvertiseClientUrls = []url.URL{*cu}, []url.URL{*cu}
		cfg.ListenPeerUrls, cfg.AdvertisePeerUrls = []url.URL{*pu}, []url.URL{*pu}
		cfg.InitialCluster = strings.Join(initial, ",")
		cfg.InitialClusterToken = "behalf-test"
		cfg.ZapLoggerBuilder = embed.NewZapLoggerBuilder(zap.NewNop())
		cfg.UnsafeNoFsync = !opt.Sync
		// A use case commits in one Txn: seeding the demo writes hundreds
		// of keys at once (README: the cluster's settings).
		cfg.MaxTxnOps = 1 << 16
		cfg.MaxRequestBytes = 32 << 20
		cfg.TickMs, cfg.ElectionMs = 50, 500
		cfg.WatchProgressNotifyInterval = time.Second
		c.cfgs = append(c.cfgs, cfg)
		c.Endpoints = append(c.Endpoints, cu.String())
	}
	// Members of a new cluster wait for one another: start them together.
	var wg sync.WaitGroup
	c.Members = make([]*embed.Etcd, n)
	errs := make([]error, n)
	for i, cfg := range c.cfgs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.Members[i], errs[i] = embed.StartEtcd(cfg)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			c.Stop()
			return nil, err
		}
	}
	for _, m := range c.Members {
		select {
		case <-m.Server.ReadyNotify():
		case <-time.After(30 * time.Second):
			c.Stop()
			return nil, fmt.Errorf("etcd member %s did not become ready", m.Config().Name)
		}
	}
	return c, nil
}

// Stop stops every member and removes their data.
func (c *Cluster) Stop() {
	for _, m := range c.Members {
		if m != nil {
			m.Close()
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, d := range c.dirs {
		os.RemoveAll(d)
	}
}

// Kill stops member i at once, as a crash would (no leadership handed
// over first).
func (c *Cluster) Kill(i int) {
	c.Members[i].Server.HardStop()
	c.Members[i].Close()
	c.Members[i] = nil
}

// Leader is the index of the member that leads, or -1.
func (c *Cluster) Leader() int {
	for i, m := range c.Members {
		if m != nil && m.Server.Leader() == m.Server.MemberID() {
			return i
		}
	}
	return -1
}

// Client is a client of the cluster, closed when tb ends.
func (c *Cluster) Client(tb testing.TB) *clientv3.Client {
	tb.Helper()
	cli, err := clientv3.New(clientv3.Config{Endpoints: c.Endpoints, DialTimeout: 5 * time.Second, Logger: zap.NewNop()})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { cli.Close() })
	return cli
}

var (
	sharedOnce sync.Once
	shared     *Cluster
	sharedErr  error
	prefixMu   sync.Mutex
	prefixN    int
)

// Shared is one single-member cluster for the whole test binary: each
// test takes a prefix of its own (Prefix), as practices share a cluster.
func Shared(tb testing.TB) *Cluster {
	tb.Helper()
	sharedOnce.Do(func() { shared, sharedErr = start(1, Options{}) })
	if sharedErr != nil {
		tb.Fatal(sharedErr)
	}
	return shared
}

// Prefix is a key prefix no other test of this binary uses.
func Prefix(tb testing.TB) string {
	prefixMu.Lock()
	defer prefixMu.Unlock()
	prefixN++
	return fmt.Sprintf("/behalf/test-%d-%d/", os.Getpid(), prefixN)
}
