package domain

import (
	"fmt"
)

// An account owner who lost every key has nobody inside the portal to turn
// to: recovery codes are the owner's to give (R18), and no one else has
// authority over everything the owner can reach. The way back is on the
// server's own machine (`behalf owner-key`): whoever can run it holds the
// data folder, and so the whole organisation, already. It still works the
// way recovery does: it removes nothing, tells the owner by every channel
// they have, and the log says it happened and where.

// OperatorWorkspace is where changes made on the server's machine, outside
// any sign-in, are recorded.
const OperatorWorkspace = "server"

// ActOwnerKeyRestore is a key bound to the owner on the server's machine.
// Nobody asks for it through a sign-in.
const ActOwnerKeyRestore Action = "account.owner-key"

// RestoredKey is what RestoreOwnerKey did.
type RestoredKey struct {
	Owner Person
	Key   SSHKey
	// Kept lists the keys that still sign the owner in.
	Kept []SSHKey
	// Told lists the channels the owner was told by.
	Told []Channel
}

// RestoreOwnerKey binds key to the account owner. It works while the
// account is cancelled too: the owner must be able to sign in to reopen
// it (R56).
func (s *Service) RestoreOwnerKey(key SSHKey) (RestoredKey, error) {
	var out RestoredKey
	k, err := checkKey(key)
	if err != nil {
		return out, err
	}
	err = s.store.Update(func(tx Tx) error {
		org, err := loadOrg(tx)
		if err != nil {
			return err
		}
		owner, err := loadPerson(tx, org.Owner)
		if err != nil {
			return err
		}
		now := s.Now()
		a := &Access{Org: org, Actor: Person{Handle: OperatorWorkspace, Name: "the server's operator"}, Workspace: Workspace{ID: OperatorWorkspace}, now: now}
		o := &op{s: s, tx: tx, a: a, now: now}
		if owner.HasKey(k.Fingerprint) {
			return conflictf("this key already signs %s in; nothing was changed", owner.Handle)
		}
		if other, err := personByKey(tx, k.Fingerprint); err == nil {
			return conflictf("this key signs %s in; use a key of the owner's own", other.Handle)
		}
		if len(owner.Keys) >= MaxKeys {
			return conflictf("%s already has %d keys, the most allowed; nothing was changed", owner.Handle, MaxKeys)
		}
		kept := owner.Keys
		k.Added = now
		owner.Keys = append(append([]SSHKey(nil), owner.Keys...), k)
		if err := savePerson(tx, &owner); err != nil {
			return err
		}
		text := fmt.Sprintf("A new key (%s) was added to your account on the portal's server machine, where whoever runs the server did it. %s If you did not ask for this, tell whoever runs your portal's server at once.",
			k.Fingerprint, keptText(kept))
		told, err := o.warnAccount(owner, text)
		if err != nil {
			return err
		}
		out = RestoredKey{Owner: owner, Key: k, Kept: kept, Told: told}
		o.touchTeam()
		if err := o.audit(ActOwnerKeyRestore, record{Target: "key " + k.Fingerprint, Person: owner.ID,
			Detail: fmt.Sprintf("bound to %s on the server's machine; %s kept; told by %s", owner.Handle, keysWord(len(kept)), channelList(told))}); err != nil {
			return err
		}
		return o.err
	})
	return out, err
}
