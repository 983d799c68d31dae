package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"behalf/domain"
	"behalf/store"
)

// ownerKey is `behalf owner-key`: the way back for an account owner who
// lost every key (domain.RestoreOwnerKey). It runs on the server's own
// machine — with bbolt, while the server is stopped — and binds one more
// key to the owner, removing none. Exit 0: bound; 1: refused or the store
// could not be opened; 2: usage.
func ownerKey(args []string, stdout, stderr io.Writer) int {
	set := flag.NewFlagSet("behalf owner-key", flag.ContinueOnError)
	set.SetOutput(stderr)
	data := set.String("data", envOr("BEHALF_DATA", "./data"), "data folder that holds behalf.db (env BEHALF_DATA); the server must be stopped")
	keyFile := set.String("key", "", "the owner's new SSH public key file (FILE.pub)")
	var st storeFlags
	st.register(set)
	set.Usage = func() {
		fmt.Fprint(set.Output(), "usage: behalf owner-key --key FILE.pub [--data DIR | --store etcd --etcd ENDPOINTS]\n\n"+
			"Adds a key to the account owner, for an owner who lost every key. Nothing is\n"+
			"removed; the owner is told in the portal and by email, and the log records it.\n\n")
		set.PrintDefaults()
	}
	if err := set.Parse(args); errors.Is(err, flag.ErrHelp) {
		return 0
	} else if err != nil {
		return 2
	}
	if set.NArg() > 0 {
		fmt.Fprintf(stderr, "behalf owner-key: unexpected argument %q\n", set.Arg(0))
		return 2
	}
	if *keyFile == "" {
		fmt.Fprintln(stderr, "behalf owner-key: pass --key FILE.pub, the owner's new public key")
		return 2
	}
	if err := st.check(); err != nil {
		fmt.Fprintln(stderr, "behalf owner-key:", err)
		return 2
	}
	key, err := readPublicKey(*keyFile)
	if err != nil {
		fmt.Fprintln(stderr, "behalf owner-key: --key:", err)
		return 2
	}
	var db domain.Store
	if st.kind == "etcd" {
		e, err := st.openEtcd()
		if err != nil {
			fmt.Fprintln(stderr, "behalf owner-key:", err)
			return 1
		}
		db = e
	} else {
		dbPath := filepath.Join(*data, "behalf.db")
		b, err := store.Open(dbPath, store.Options{})
		if err != nil {
			if errors.Is(err, store.ErrLocked) {
				fmt.Fprintf(stderr, "behalf owner-key: %s is in use by a running server; stop it first\n", dbPath)
			} else {
				fmt.Fprintln(stderr, "behalf owner-key: "+openFailed(err, *data, dbPath))
			}
			return 1
		}
		db = b
	}
	defer db.Close()
	svc := domain.NewService(db, domain.Options{})
	r, err := svc.RestoreOwnerKey(key)
	if err != nil {
		fmt.Fprintln(stderr, "behalf owner-key: "+err.Error())
		return 1
	}
	told := make([]string, len(r.Told))
	for i, c := range r.Told {
		told[i] = map[domain.Channel]string{domain.ChannelPortal: "the portal", domain.ChannelSMS: "SMS"}[c]
		if told[i] == "" {
			told[i] = string(c)
		}
	}
	fmt.Fprintf(stdout, "behalf owner-key: %s (%s) now signs in with %s too; %s kept; told by %s.\n",
		r.Owner.Name, r.Owner.Handle, r.Key.Fingerprint, domain.Plural(len(r.Kept), "key", "keys"), strings.Join(told, " and "))
	return 0
}
