package domain

import (
	"crypto/rand"
	"time"
)

// Claims: one sender per item when several servers serve one organisation
// (an etcd store, README: Running several front ends). A background worker
// (the mail queue, a scheduler) claims an item before it acts on it; the
// claim is a record written in a serializable transaction, so of two
// servers claiming one item at once exactly one gets it, whatever the
// store. A claim lasts until its holder releases it or its time runs out
// (a server that died holding it): then another server may take it over.
// On one bbolt server a claim always succeeds and costs one small write.

const colClaims Collection = "claims"

// Claim is who holds an item until when.
type Claim struct {
	ID     ID        `json:"id"`
	Item   string    `json:"item"`   // what is claimed: "mail/<id>", "renewal/<id>", …
	Holder string    `json:"holder"` // the server holding it (Service.Holder)
	Until  time.Time `json:"until"`
}

const maxClaimItem = 200

// Holder names this server among the servers of one organisation: made at
// random when the Service is made, so a restarted server is a new holder.
func (s *Service) Holder() string {
	s.holderOnce.Do(func() {
		if s.holder == "" {
			s.holder = rand.Text()
		}
	})
	return s.holder
}

// Claim takes item for this server for ttl, or extends this server's
// claim; it reports false when another server holds it and its time has
// not run out. It is not a person's use case: workers call it.
func (s *Service) Claim(item string, ttl time.Duration) (bool, error) {
	return s.claimIf(item, ttl, nil)
}

// claimIf is Claim, taken only if still(tx) says the item still wants
// acting on, in the same transaction: a worker that read a list before
// another server finished an item and released it does not take it again.
func (s *Service) claimIf(item string, ttl time.Duration, still func(Tx, time.Time) (bool, error)) (bool, error) {
	if item == "" || len(item) > maxClaimItem || ttl <= 0 {
		return false, invalidf("a claim needs an item of up to %d bytes and a positive time", maxClaimItem)
	}
	me, now := s.Holder(), s.Now()
	won := false
	err := s.store.Update(func(tx Tx) error {
		won = false
		if still != nil {
			if ok, err := still(tx, now); err != nil || !ok {
				return err
			}
		}
		c := Claim{Item: item}
		id, err := tx.Lookup(colClaims, "item", item)
		switch {
		case err == nil:
			if c, err = get[Claim](tx, colClaims, id); err != nil {
				return err
			}
			if c.Holder != me && now.Before(c.Until) {
				return nil // someone else's, still
			}
		case KindOf(err) == KindNotFound:
			if c.ID, err = tx.NextID(colClaims); err != nil {
				return err
			}
		default:
			return err
		}
		c.Holder, c.Until = me, now.Add(ttl)
		won = true
		return tx.Put(colClaims, c.ID, &c, Index{Name: "item", Key: item, Unique: true})
	})
	return won, err
}

// Release gives up this server's claim on item (done with it); another
// server's claim is left alone.
func (s *Service) Release(item string) error {
	me := s.Holder()
	return s.store.Update(func(tx Tx) error { return dropClaim(tx, item, me) })
}

// dropClaim deletes the claim on item if holder holds it ("": whoever
// does), in tx: a worker settles an item and drops its claim in one
// transaction.
func dropClaim(tx Tx, item, holder string) error {
	id, err := tx.Lookup(colClaims, "item", item)
	if KindOf(err) == KindNotFound {
		return nil
	}
	if err != nil {
		return err
	}
	c, err := get[Claim](tx, colClaims, id)
	if err != nil || holder != "" && c.Holder != holder {
		return err
	}
	return tx.Delete(colClaims, id)
}

func mailItem(id ID) string { return "mail/" + id.Key() }

// ClaimMail claims a queued email for this server's mail worker, if it is
// still queued and due: with several servers, one sends it.
func (s *Service) ClaimMail(id ID, ttl time.Duration) (bool, error) {
	return s.claimIf(mailItem(id), ttl, func(tx Tx, now time.Time) (bool, error) {
		it, err := get[OutboxItem](tx, colOutbox, id)
		if KindOf(err) == KindNotFound {
			return false, nil
		}
		return err == nil && it.Status == MailQueued && !it.NextAt.After(now), err
	})
}

// verifyClaims: every claim names an item and a holder, and is indexed
// under its item.
func verifyClaims(v *verification) error {
	return each(v.tx, colClaims, Query{}, func(c Claim) (bool, error) {
		if c.Item == "" || c.Holder == "" || c.Until.IsZero() {
			v.add("claim %d is incomplete", c.ID)
		} else if id, err := v.tx.Lookup(colClaims, "item", c.Item); err != nil || id != c.ID {
			v.add("claim %d on %q is not found under its item", c.ID, c.Item)
		}
		return true, nil
	})
}
