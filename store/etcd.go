package store

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.etcd.io/etcd/api/v3/mvccpb"
	"go.etcd.io/etcd/api/v3/v3rpc/rpctypes"
	clientv3 "go.etcd.io/etcd/client/v3"
	"go.uber.org/zap"

	"behalf/domain"
)

// The etcd store keeps the organisation in an etcd v3 cluster under one key
// prefix, so that several `behalf serve` front ends serve it as one portal.
// Keys under the prefix:
//
//	r/<collection>/<id, 16 hex digits>  a record: its index entries, then its JSON (layout.go)
//	s/<collection>                      the collection's last id, in decimal
//	m/commit                            the commit marker: the people the last commit changed
//	m/schema                            the layout's version
//
// Every front end keeps a copy of the prefix in memory (snap), loaded once
// and kept current by an etcd watch; transactions read that copy. A
// transaction is optimistic and serializable: it reads the copy as of the
// last commit it knows (checking first, with one quorum read of the
// marker, that it knows the cluster's last commit), and commits in one etcd
// Txn only if the marker has not moved since — every commit rewrites the
// marker, so any commit in between makes it retry on a fresh copy, up to
// EtcdOptions.Retries times, and then fail with ErrBusy. Commits of one
// organisation are therefore serialised cluster-wide, as they are by
// bbolt's single writer in one process; organisations under different
// prefixes never wait for one another. The marker's value carries the
// feeds the commit changed (domain.Feed): every front end's watch sees every commit in
// order, which is the change feed across front ends.

// ErrBusy is what a use case gets when other commits kept overtaking it.
var ErrBusy = &domain.Error{Kind: domain.KindConflict, Msg: "the portal is busy with other changes just now; try again"}

// ErrUnavailable is what a use case gets when the etcd cluster cannot
// answer (no quorum, no member reachable) before it changed anything:
// nothing is read or written without the cluster's word, so a front end
// cut off from the cluster never serves access the cluster has taken away.
var ErrUnavailable = &domain.Error{Kind: domain.KindConflict, Msg: "the database cluster cannot be reached just now; nothing was changed; try again shortly"}

// ErrUnconfirmed is what a use case gets when the cluster did not answer
// its commit: the change may or may not have been made.
var ErrUnconfirmed = &domain.Error{Kind: domain.KindConflict, Msg: "the database cluster did not confirm the change in time; look whether it was made before trying again"}

// EtcdOptions configure OpenEtcd.
type EtcdOptions struct {
	Endpoints []string
	// Prefix namespaces the organisation's keys (default "/behalf/default/").
	Prefix string
	// TLS, if set, is the client's TLS configuration (client certificates).
	TLS *tls.Config
	// Client, if set, is used instead of dialling Endpoints (and not
	// closed by Close).
	Client *clientv3.Client
	// Timeout bounds each call to the cluster (default 5s).
	Timeout time.Duration
	// Retries is how many times a transaction overtaken by another commit
	// runs again before ErrBusy (default 20).
	Retries int
	// ReadOnly opens the prefix only to read it (behalf check, a
	// migration's source): nothing is written, not even the schema
	// version of an empty prefix, and Update refuses.
	ReadOnly bool
}

// Etcd is the etcd-backed store.
type Etcd struct {
	cli    *clientv3.Client
	own    bool
	prefix string
	opt    EtcdOptions
	feed   *feed

	mu      sync.Mutex // guards cur and updated; serialises clones of cur
	cur     *snap
	updated chan struct{} // closed when cur changes
	rev     int64         // the cluster revision cur is complete up to

	ctx       context.Context
	cancel    context.CancelFunc
	done      chan struct{}
	following bool // follow runs (set before it starts: Close reads it unlocked)

	// writers are this front end's transactions: each attempt runs as a
	// reader, side by side with the others; one overtaken localTurnAfter
	// times runs its next attempts as the writer, alone, so that this
	// front end's quicker use cases cannot overtake it for ever (Update).
	writers sync.RWMutex
}

// localTurnAfter is how many times a transaction may be overtaken before
// this front end's other transactions wait for it.
const localTurnAfter = 3

// errStoreReadOnly is a write to a store opened only to read.
var errStoreReadOnly = errors.New("store: a write to a store opened read-only")

// Key names under the prefix.
const (
	etcdMarker = "m/commit"
	etcdSchema = "m/schema"
)

func etcdRecordKey(c domain.Collection, id domain.ID) string {
	return "r/" + string(c) + "/" + id.Key()
}
func etcdSeqKey(c domain.Collection) string { return "s/" + string(c) }

// OpenEtcd connects to the cluster, loads the organisation's keys and
// starts following their changes.
func OpenEtcd(opt EtcdOptions) (*Etcd, error) {
	if opt.Prefix == "" {
		opt.Prefix = "/behalf/default/"
	}
	if !strings.HasSuffix(opt.Prefix, "/") {
		opt.Prefix += "/"
	}
	if opt.Timeout == 0 {
		opt.Timeout = 5 * time.Second
	}
	if opt.Retries == 0 {
		opt.Retries = 20
	}
	s := &Etcd{cli: opt.Client, prefix: opt.Prefix, opt: opt, feed: newFeed(), updated: make(chan struct{}), done: make(chan struct{})}
	if s.cli == nil {
		if len(opt.Endpoints) == 0 {
			return nil, errors.New("no etcd endpoints given")
		}
		cli, err := clientv3.New(clientv3.Config{
			Endpoints:   opt.Endpoints,
			DialTimeout: opt.Timeout,
			TLS:         opt.TLS,
			Logger:      zap.NewNop(),
		})
		if err != nil {
			return nil, fmt.Errorf("connecting to etcd: %w", err)
		}
		s.cli, s.own = cli, true
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	if err := s.checkSchema(); err != nil {
		s.Close()
		return nil, err
	}
	sn, rev, err := s.load()
	if err != nil {
		s.Close()
		return nil, err
	}
	s.cur, s.rev = sn, rev
	s.following = true
	go s.follow()
	return s, nil
}

// checkSchema refuses a prefix written by a newer layout and records the
// current one on an empty prefix (unless the store only reads).
func (s *Etcd) checkSchema() error {
	ctx, cancel := s.call()
	defer cancel()
	k := s.prefix + etcdSchema
	var kvs []*mvccpb.KeyValue
	if s.opt.ReadOnly {
		r, err := s.cli.Get(ctx, k)
		if err != nil {
			return unavailable(err)
		}
		kvs = r.Kvs
	} else {
		r, err := s.cli.Txn(ctx).If(clientv3.Compare(clientv3.CreateRevision(k), "=", 0)).
			Then(clientv3.OpPut(k, strconv.Itoa(SchemaVersion))).Else(clientv3.OpGet(k)).Commit()
		if err != nil {
			return unavailable(err)
		}
		if r.Succeeded {
			return nil
		}
		kvs = r.Responses[0].GetResponseRange().Kvs
	}
	if len(kvs) == 1 {
		if v, _ := strconv.Atoi(string(kvs[0].Value)); v > SchemaVersion {
			return fmt.Errorf("the organisation under %s has schema version %d but this behalf reads up to %d: use a newer behalf", s.prefix, v, SchemaVersion)
		}
	}
	return nil
}

func (s *Etcd) call() (context.Context, context.CancelFunc) {
	return context.WithTimeout(clientv3.WithRequireLeader(s.ctx), s.opt.Timeout)
}

// unavailable turns a failure to reach the cluster into ErrUnavailable,
// keeping the cause for logs.
func unavailable(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%w (%v)", ErrUnavailable, err)
}

// load reads the whole prefix at one revision, a page at a time.
func (s *Etcd) load() (*snap, int64, error) {
	sn := newSnap()
	end := clientv3.GetPrefixRangeEnd(s.prefix)
	from := s.prefix
	var rev int64
	for {
		ctx, cancel := s.call()
		opts := []clientv3.OpOption{clientv3.WithRange(end), clientv3.WithLimit(2000)}
		if rev != 0 {
			opts = append(opts, clientv3.WithRev(rev))
		}
		r, err := s.cli.Get(ctx, from, opts...)
		cancel()
		if err != nil {
			return nil, 0, unavailable(err)
		}
		if rev == 0 {
			rev = r.Header.Revision
		}
		for _, kv := range r.Kvs {
			if err := s.applyKV(sn, string(kv.Key), kv.Value, kv.ModRevision, nil); err != nil {
				return nil, 0, err
			}
		}
		if !r.More || len(r.Kvs) == 0 {
			return sn, rev, nil
		}
		from = string(r.Kvs[len(r.Kvs)-1].Key) + "\x00"
	}
}

// applyKV applies one key's new value (nil: deleted) to sn; a marker's
// feeds are added to changed.
func (s *Etcd) applyKV(sn *snap, key string, value []byte, modRev int64, changed *[]domain.Feed) error {
	k := strings.TrimPrefix(key, s.prefix)
	switch {
	case k == etcdMarker:
		sn.marker = modRev
		if changed != nil && value != nil {
			var feeds []domain.Feed
			if err := json.Unmarshal(value, &feeds); err == nil {
				*changed = append(*changed, feeds...)
			}
		}
	case strings.HasPrefix(k, "r/"):
		c, id, err := parseRecordKey(k)
		if err != nil {
			return err
		}
		return sn.setRecord(c, id, value)
	case strings.HasPrefix(k, "s/"):
		c := domain.Collection(k[2:])
		if value == nil {
			delete(sn.seqs, c)
			return nil
		}
		n, err := strconv.ParseUint(string(value), 10, 64)
		if err != nil {
			return fmt.Errorf("etcd key %s: %w", key, err)
		}
		sn.seqs[c] = n
	}
	return nil
}

func parseRecordKey(k string) (domain.Collection, domain.ID, error) {
	i := strings.LastIndexByte(k, '/')
	if i < 2 {
		return "", 0, fmt.Errorf("malformed record key %q", k)
	}
	n, err := strconv.ParseUint(k[i+1:], 16, 64)
	if err != nil || n == 0 {
		return "", 0, fmt.Errorf("malformed record key %q", k)
	}
	return domain.Collection(k[2:i]), domain.ID(n), nil
}

// follow keeps cur current from the watch until Close. A watch that ends
// (a member lost, the connection cut) resumes after the last revision
// applied; one whose revisions were compacted away reloads everything and
// wakes every watcher, who read again: no change is dropped unseen.
func (s *Etcd) follow() {
	defer close(s.done)
	for s.ctx.Err() == nil {
		compacted := s.watch()
		if s.ctx.Err() != nil {
			return
		}
		if !compacted {
			s.pause()
			continue
		}
		sn, rev, err := s.load()
		if err != nil {
			s.pause()
			continue
		}
		s.publish(sn, rev)
		s.feed.publishAll()
	}
}

func (s *Etcd) pause() {
	select {
	case <-s.ctx.Done():
	case <-time.After(time.Duration(50+rand.IntN(100)) * time.Millisecond):
	}
}

// watch follows the prefix from the last applied revision until the watch
// ends; it reports whether it ended because the revisions it needs were
// compacted.
func (s *Etcd) watch() (compacted bool) {
	ctx, cancel := context.WithCancel(clientv3.WithRequireLeader(s.ctx))
	defer cancel()
	s.mu.Lock()
	from := s.rev + 1
	s.mu.Unlock()
	wch := s.cli.Watch(ctx, s.prefix, clientv3.WithPrefix(), clientv3.WithRev(from), clientv3.WithProgressNotify())
	// Events after the last marker belong to a commit whose marker has
	// not arrived yet: held back, so that no reader sees half a commit.
	var pending []*clientv3.Event
	for wr := range wch {
		if wr.CompactRevision != 0 {
			return true
		}
		if wr.Canceled || wr.Err() != nil {
			return false
		}
		if wr.IsProgressNotify() {
			if len(pending) == 0 {
				s.mu.Lock()
				s.rev = max(s.rev, wr.Header.Revision)
				s.mu.Unlock()
			}
			continue
		}
		pending = append(pending, wr.Events...)
		last := -1
		for i, ev := range pending {
			if string(ev.Kv.Key) == s.prefix+etcdMarker {
				last = i
			}
		}
		if last < 0 {
			continue
		}
		if err := s.apply(pending[:last+1]); err != nil {
			return true // cannot follow: read everything again
		}
		pending = append(pending[:0], pending[last+1:]...)
	}
	return false
}

// apply applies whole commits' events to a clone of cur and publishes it,
// then tells the watchers of the feeds those commits changed.
func (s *Etcd) apply(evs []*clientv3.Event) error {
	s.mu.Lock()
	sn := s.cur.clone()
	s.mu.Unlock()
	var changed []domain.Feed
	var rev int64
	for _, ev := range evs {
		var v []byte
		if ev.Type == clientv3.EventTypePut {
			v = ev.Kv.Value
		}
		if err := s.applyKV(sn, string(ev.Kv.Key), v, ev.Kv.ModRevision, &changed); err != nil {
			return err
		}
		rev = ev.Kv.ModRevision
	}
	s.publish(sn, rev)
	s.feed.publish(changed)
	return nil
}

func (s *Etcd) publish(sn *snap, rev int64) {
	s.mu.Lock()
	s.cur, s.rev = sn, max(s.rev, rev)
	close(s.updated)
	s.updated = make(chan struct{})
	s.mu.Unlock()
}

// latest is cur once it holds every commit up to the cluster's last, as a
// quorum read of the marker says (a linearizable read: a commit
// acknowledged anywhere before it began is in what it returns).
func (s *Etcd) latest(clone bool) (*snap, error) {
	ctx, cancel := s.call()
	defer cancel()
	r, err := s.cli.Get(ctx, s.prefix+etcdMarker)
	if err != nil {
		return nil, unavailable(err)
	}
	var want int64
	if len(r.Kvs) == 1 {
		want = r.Kvs[0].ModRevision
	}
	return s.waitFor(ctx, want, clone)
}

// waitFor waits until cur holds the commit whose marker is at revision want.
func (s *Etcd) waitFor(ctx context.Context, want int64, clone bool) (*snap, error) {
	for {
		s.mu.Lock()
		if s.cur.marker >= want {
			sn := s.cur
			if clone {
				sn = sn.clone()
			}
			s.mu.Unlock()
			return sn, nil
		}
		ch := s.updated
		s.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return nil, unavailable(errors.New("the change feed is behind the cluster"))
		}
	}
}

func (s *Etcd) View(fn func(domain.Tx) error) error {
	sn, err := s.latest(false)
	if err != nil {
		return err
	}
	return fn(&etx{sn: sn})
}

// Update runs fn on a copy of the latest commit and commits what it wrote
// if nothing committed meanwhile; otherwise it runs fn again on the new
// state, a bounded number of times.
//
// Commits overtake one another from anywhere, this front end included: a
// use case slower than the others here (an invoice beside bookings) could
// be overtaken by them on every attempt. After localTurnAfter attempts it
// has its turn: this front end's other transactions wait until it is
// done, and only other front ends' commits can still overtake it.
func (s *Etcd) Update(fn func(domain.Tx) error) error {
	if s.opt.ReadOnly {
		return errStoreReadOnly
	}
	for attempt := 0; attempt < s.opt.Retries; attempt++ {
		ok, err := s.attempt(fn, attempt >= localTurnAfter)
		if err != nil {
			return err
		}
		if ok {
			return nil
		}
		// Overtaken: a short random pause spreads out writers that keep
		// colliding.
		select {
		case <-time.After(time.Duration(rand.IntN(1+attempt*2)) * time.Millisecond):
		case <-s.ctx.Done():
			return ErrUnavailable
		}
	}
	return ErrBusy
}

// attempt runs fn once on the latest commit and commits what it wrote;
// false if another commit overtook it. alone holds this front end's other
// transactions back meanwhile.
func (s *Etcd) attempt(fn func(domain.Tx) error, alone bool) (bool, error) {
	if alone {
		s.writers.Lock()
		defer s.writers.Unlock()
	} else {
		s.writers.RLock()
		defer s.writers.RUnlock()
	}
	sn, err := s.latest(true)
	if err != nil {
		return false, err
	}
	t := &etx{sn: sn, writes: map[string][]byte{}}
	if err := fn(t); err != nil {
		return false, err
	}
	return s.commit(t)
}

// commit writes t's changes and the marker in one etcd Txn, if the marker
// is still where t's snap found it; then it waits until this front end's
// copy holds the commit, so that what runs next here reads it.
func (s *Etcd) commit(t *etx) (bool, error) {
	if len(t.writes) == 0 && len(t.changed) == 0 {
		return true, nil // nothing to write: the snap was the latest state
	}
	feeds := t.changed
	if feeds == nil {
		feeds = []domain.Feed{}
	}
	mark, err := json.Marshal(feeds)
	if err != nil {
		return false, err
	}
	ops := make([]clientv3.Op, 0, len(t.writes)+1)
	for k, v := range t.writes {
		if v == nil {
			ops = append(ops, clientv3.OpDelete(s.prefix+k))
		} else {
			ops = append(ops, clientv3.OpPut(s.prefix+k, string(v)))
		}
	}
	ops = append(ops, clientv3.OpPut(s.prefix+etcdMarker, string(mark)))
	ctx, cancel := s.call()
	defer cancel()
	r, err := s.cli.Txn(ctx).If(clientv3.Compare(clientv3.ModRevision(s.prefix+etcdMarker), "=", t.sn.marker)).
		Then(ops...).Commit()
	if err != nil {
		if errors.Is(err, rpctypes.ErrTooManyOps) || errors.Is(err, rpctypes.ErrRequestTooLarge) {
			return false, fmt.Errorf("this change is too large for the etcd cluster's limits (raise its --max-txn-ops and --max-request-bytes): %w", err)
		}
		return false, fmt.Errorf("%w (%v)", ErrUnconfirmed, err)
	}
	if !r.Succeeded {
		return false, nil
	}
	if _, err := s.waitFor(ctx, r.Header.Revision, false); err != nil {
		// Committed, but this front end's copy lags: the next
		// transaction waits for it in latest anyway.
		return true, nil
	}
	return true, nil
}

func (s *Etcd) Watch(f domain.Feed) (<-chan struct{}, func()) { return s.feed.watch(f) }

// Backup writes the organisation as of one commit as a bbolt file, the
// same format as the bbolt store's backup: it can be served with --store
// bolt or moved back into etcd with behalf migrate.
func (s *Etcd) Backup(w io.Writer) (int64, error) {
	sn, err := s.latest(false)
	if err != nil {
		return 0, err
	}
	return writeBoltCopy(sn, w)
}

// Close stops following the cluster and closes the client if it was ours.
func (s *Etcd) Close() error {
	s.cancel()
	var err error
	if s.following {
		<-s.done
	}
	if s.own {
		err = s.cli.Close()
	}
	return err
}

// Prefix is the key prefix the organisation lives under.
func (s *Etcd) Prefix() string { return s.prefix }

// Client is the etcd client the store uses.
func (s *Etcd) Client() *clientv3.Client { return s.cli }

// Check compares this front end's copy with the cluster: the whole prefix
// read again at the copy's commit must give the same records, index
// entries, sequences and counts (the copy follows the watch; this proves
// it followed it right).
func (s *Etcd) Check() error {
	for range 5 {
		cur, err := s.latest(false)
		if err != nil {
			return err
		}
		fresh, _, err := s.load()
		if err != nil {
			return err
		}
		if fresh.marker != cur.marker {
			continue // a commit came in between: compare again
		}
		if err := sameSnaps(cur, fresh); err != nil {
			return err
		}
		return checkSnapIndexes(fresh)
	}
	return ErrBusy
}

// checkSnapIndexes checks that every record of sn holds its index entries:
// on etcd they are derived from the records, so what can go wrong is two
// records claiming one unique entry (one of them then not found by it).
func checkSnapIndexes(sn *snap) error {
	var problems []string
	sn.tree.AscendGreaterOrEqual(item{k: "r"}, func(it item) bool {
		if it.k[0] != 'r' {
			return false
		}
		i := strings.IndexByte(it.k, 0)
		c, key := domain.Collection(it.k[1:i]), it.k[i+1:]
		refs, _, err := splitRecord(it.v)
		if err == nil {
			err = eachRef(refs, func(r ref) bool {
				v, ok := sn.get(idxBucket(c) + string(entryKey(r.Name, r.Key, r.Unique, []byte(key))))
				if !ok || r.Unique && string(v) != key {
					problems = append(problems, fmt.Sprintf("%s: its %s index entry %q belongs to another record", describeKey(it), r.Name, r.Key))
				}
				return len(problems) < maxCheckProblems
			})
		}
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", describeKey(it), err))
		}
		return len(problems) < maxCheckProblems
	})
	if len(problems) == 0 {
		return nil
	}
	return errors.New("the organisation's records are inconsistent: " + strings.Join(problems, "; "))
}

func sameSnaps(got, want *snap) error {
	if got.tree.Len() != want.tree.Len() {
		return fmt.Errorf("etcd store: the copy holds %d keys, the cluster %d", got.tree.Len(), want.tree.Len())
	}
	var err error
	want.tree.Ascend(func(it item) bool {
		v, ok := got.get(it.k)
		if !ok || string(v) != string(it.v) {
			err = fmt.Errorf("etcd store: the copy differs from the cluster at %q", it.k)
		}
		return err == nil
	})
	if err != nil {
		return err
	}
	for c, n := range want.counts {
		if got.counts[c] != n {
			return fmt.Errorf("etcd store: the copy counts %d %s, the cluster %d", got.counts[c], c, n)
		}
	}
	for c, n := range want.seqs {
		if got.seqs[c] != n {
			return fmt.Errorf("etcd store: the copy's %s sequence is %d, the cluster's %d", c, got.seqs[c], n)
		}
	}
	return nil
}

// Collections names the collections that hold records or a sequence.
func (s *Etcd) Collections() ([]string, error) {
	sn, err := s.latest(false)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for c := range sn.seqs {
		seen[string(c)] = true
	}
	sn.tree.Ascend(func(it item) bool {
		if it.k[0] == 'r' {
			seen[it.k[1:strings.IndexByte(it.k, 0)]] = true
		}
		return true
	})
	out := make([]string, 0, len(seen))
	for c := range seen {
		out = append(out, c)
	}
	slices.Sort(out)
	return out, nil
}

// Shared is the cluster's value of name (under the prefix's m/), set to
// value if it has none yet: the first front end to ask decides, and every
// front end gets the same (the SSH host key, so users see one host).
func (s *Etcd) Shared(name string, value []byte) ([]byte, error) {
	ctx, cancel := s.call()
	defer cancel()
	k := s.prefix + "m/" + name
	r, err := s.cli.Txn(ctx).If(clientv3.Compare(clientv3.CreateRevision(k), "=", 0)).
		Then(clientv3.OpPut(k, string(value))).Else(clientv3.OpGet(k)).Commit()
	if err != nil {
		return nil, unavailable(err)
	}
	if r.Succeeded {
		return value, nil
	}
	kvs := r.Responses[0].GetResponseRange().Kvs
	if len(kvs) != 1 {
		return nil, fmt.Errorf("etcd: %s vanished while read", k)
	}
	return kvs[0].Value, nil
}
