package store

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"

	"behalf/domain"
)

// Budget is a limit on attempts (guessing an invitation or a two-factor
// code) that every front end of the organisation counts against: burst
// attempts per key in each window of burst×every, counted in the cluster
// under m/budget/<name>/<key's hash>/<window start>. Each counter lives on
// a lease of two windows, so the cluster forgets it by itself. A fixed
// window lets up to twice burst through around a window's end, against
// the in-process token bucket's burst (docs/decisions.md). When the
// cluster cannot be reached the attempt is refused: a budget that cannot
// be counted is spent.
func (s *Etcd) Budget(name string, every time.Duration, burst int) domain.Limiter {
	burst = max(burst, 1)
	return &etcdBudget{s: s, name: name, window: every * time.Duration(burst), burst: burst}
}

type etcdBudget struct {
	s      *Etcd
	name   string
	window time.Duration
	burst  int
}

func (b *etcdBudget) Allow(key string, now time.Time) bool {
	sum := sha256.Sum256([]byte(key))
	k := b.s.prefix + "m/budget/" + b.name + "/" + hex.EncodeToString(sum[:16]) + "/" + strconv.FormatInt(now.Truncate(b.window).Unix(), 10)
	for range b.s.opt.Retries {
		ok, done := b.try(k)
		if done {
			return ok
		}
	}
	return false
}

// try takes one attempt from the counter at k if it has one left; done is
// false when another front end counted meanwhile (try again).
func (b *etcdBudget) try(k string) (ok, done bool) {
	ctx, cancel := b.s.call()
	defer cancel()
	r, err := b.s.cli.Get(ctx, k)
	if err != nil {
		return false, true
	}
	if len(r.Kvs) == 0 {
		lease, err := b.s.cli.Grant(ctx, int64((2*b.window+time.Second-1)/time.Second))
		if err != nil {
			return false, true
		}
		t, err := b.s.cli.Txn(ctx).If(clientv3.Compare(clientv3.CreateRevision(k), "=", 0)).
			Then(clientv3.OpPut(k, "1", clientv3.WithLease(lease.ID))).Commit()
		if err != nil {
			return false, true
		}
		return t.Succeeded, t.Succeeded
	}
	n, _ := strconv.Atoi(string(r.Kvs[0].Value))
	if n >= b.burst {
		return false, true
	}
	t, err := b.s.cli.Txn(ctx).If(clientv3.Compare(clientv3.ModRevision(k), "=", r.Kvs[0].ModRevision)).
		Then(clientv3.OpPut(k, strconv.Itoa(n+1), clientv3.WithIgnoreLease())).Commit()
	if err != nil {
		return false, true
	}
	return t.Succeeded, t.Succeeded
}
