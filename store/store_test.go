package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"behalf/domain"
)

type rec struct {
	ID   domain.ID `json:"id"`
	Name string    `json:"name"`
	Tag  string    `json:"tag"`
}

const things domain.Collection = "things"

func open(t *testing.T, path string) *DB {
	t.Helper()
	db, err := Open(path, Options{LockTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func put(tx domain.Tx, r *rec) error {
	if r.ID == 0 {
		id, err := tx.NextID(things)
		if err != nil {
			return err
		}
		r.ID = id
	}
	return tx.Put(things, r.ID, r,
		domain.Index{Name: "name", Key: r.Name, Unique: true},
		domain.Index{Name: "tag", Key: r.Tag + "/" + r.ID.Key()})
}

// Everything written is there after the file is closed and opened again.
func TestReopenFindsEverything(t *testing.T) { eachStore(t, testReopenFindsEverything) }

func testReopenFindsEverything(t *testing.T, k storeKind) {
	db, reopen := k.open(t)
	err := db.Update(func(tx domain.Tx) error {
		for _, n := range []string{"a", "b", "c"} {
			if err := put(tx, &rec{Name: n, Tag: "x"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	must(t, db.Close())
	db = reopen()
	err = db.View(func(tx domain.Tx) error {
		id, err := tx.Lookup(things, "name", "b")
		if err != nil {
			return err
		}
		var r rec
		if err := tx.Get(things, id, &r); err != nil || r.Name != "b" {
			t.Fatalf("get b: %+v %v", r, err)
		}
		n, err := tx.Count(things)
		if err != nil || n != 3 {
			t.Fatalf("count %d", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A use case that fails part-way writes nothing at all.
func TestFailedUpdateLeavesNoPartialWrite(t *testing.T) {
	eachStore(t, testFailedUpdateLeavesNoPartialWrite)
}

func testFailedUpdateLeavesNoPartialWrite(t *testing.T, k storeKind) {
	db, _ := k.open(t)
	boom := errors.New("boom")
	err := db.Update(func(tx domain.Tx) error {
		if err := put(tx, &rec{Name: "half", Tag: "x"}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("got %v", err)
	}
	must(t, db.View(func(tx domain.Tx) error {
		if _, err := tx.Lookup(things, "name", "half"); domain.KindOf(err) != domain.KindNotFound {
			t.Fatal("half-written record survived")
		}
		n, err := tx.Count(things)
		if err != nil || n != 0 {
			t.Fatalf("%d records after a failed update", n)
		}
		return nil
	}))
}

// Unique indexes refuse a second record; replacing a record moves its entries.
func TestIndexes(t *testing.T) { eachStore(t, testIndexes) }

func testIndexes(t *testing.T, k storeKind) {
	db, _ := k.open(t)
	var a rec
	err := db.Update(func(tx domain.Tx) error {
		a = rec{Name: "a", Tag: "red"}
		if err := put(tx, &a); err != nil {
			return err
		}
		if err := put(tx, &rec{Name: "a", Tag: "blue"}); domain.KindOf(err) != domain.KindConflict {
			t.Fatalf("duplicate unique key: %v", err)
		}
		a.Name, a.Tag = "a2", "blue"
		return put(tx, &a)
	})
	if err != nil {
		t.Fatal(err)
	}
	must(t, db.View(func(tx domain.Tx) error {
		if _, err := tx.Lookup(things, "name", "a"); domain.KindOf(err) != domain.KindNotFound {
			t.Fatal("stale unique entry")
		}
		var reds int
		tx.Scan(things, domain.Query{Index: "tag", Prefix: "red/"}, func(string, domain.ID) (bool, error) { reds++; return true, nil })
		if reds != 0 {
			t.Fatal("stale index entry")
		}
		return nil
	}))
	must(t, db.Update(func(tx domain.Tx) error { return tx.Delete(things, a.ID) }))
	must(t, db.View(func(tx domain.Tx) error {
		if _, err := tx.Lookup(things, "name", "a2"); domain.KindOf(err) != domain.KindNotFound {
			t.Fatal("delete left an index entry")
		}
		return nil
	}))
}

// Scans page through an index forwards and backwards.
func TestScanPaging(t *testing.T) { eachStore(t, testScanPaging) }

func testScanPaging(t *testing.T, k storeKind) {
	db, _ := k.open(t)
	must(t, db.Update(func(tx domain.Tx) error {
		for i := 0; i < 10; i++ {
			if err := put(tx, &rec{Name: string(rune('a' + i)), Tag: map[bool]string{true: "even", false: "odd"}[i%2 == 0]}); err != nil {
				return err
			}
		}
		return nil
	}))
	collect := func(q domain.Query, limit int) []string {
		var out []string
		must(t, db.View(func(tx domain.Tx) error {
			return tx.Scan(things, q, func(key string, id domain.ID) (bool, error) {
				out = append(out, key)
				return len(out) < limit, nil
			})
		}))
		return out
	}
	got := collect(domain.Query{Index: "name", After: "c"}, 3)
	if strings.Join(got, "") != "def" {
		t.Fatalf("after c: %v", got)
	}
	got = collect(domain.Query{Index: "name", Reverse: true, After: "c"}, 5)
	if strings.Join(got, "") != "ba" {
		t.Fatalf("reverse before c: %v", got)
	}
	got = collect(domain.Query{Index: "tag", Prefix: "odd/"}, 10)
	if len(got) != 5 {
		t.Fatalf("odd: %v", got)
	}
	got = collect(domain.Query{Index: "tag", Prefix: "even/", Reverse: true}, 2)
	if len(got) != 2 || got[0] < got[1] {
		t.Fatalf("even reversed: %v", got)
	}
	ids := collect(domain.Query{Reverse: true}, 3)
	if len(ids) != 3 || ids[0] != domain.ID(10).Key() {
		t.Fatalf("primary reversed: %v", ids)
	}
}

// The change feed tells a watcher once per burst, only about its own feed
// (a person's, the team's, the practice's: person 0 is no other feed), and
// never about a transaction that failed.
func TestChangeFeed(t *testing.T) { eachStore(t, testChangeFeed) }

func testChangeFeed(t *testing.T, k storeKind) {
	db, _ := k.open(t)
	feeds := []domain.Feed{domain.PersonFeed(7), domain.PersonFeed(8), domain.PersonFeed(0), domain.TeamFeed, domain.PracticeFeed}
	chans := make([]<-chan struct{}, len(feeds))
	for i, f := range feeds {
		ch, stop := db.Watch(f)
		defer stop()
		chans[i] = ch
	}
	for i, f := range feeds {
		for range 3 {
			if err := db.Update(func(tx domain.Tx) error { tx.Changed(f); return nil }); err != nil {
				t.Fatal(err)
			}
		}
		for j, ch := range chans {
			select {
			case <-ch:
				if j != i {
					t.Fatalf("a change of %s reached the watcher of %s", f.Key(), feeds[j].Key())
				}
			default:
				if j == i {
					t.Fatalf("no change delivered on %s", f.Key())
				}
			}
		}
		select {
		case <-chans[i]:
			t.Fatalf("a burst on %s was not coalesced", f.Key())
		default:
		}
	}
	err := db.Update(func(tx domain.Tx) error { tx.Changed(feeds...); return errors.New("refused") })
	if err == nil {
		t.Fatal("a failing transaction committed")
	}
	for i, ch := range chans {
		select {
		case <-ch:
			t.Fatalf("a rolled-back change was announced on %s", feeds[i].Key())
		default:
		}
	}
}

// Every feed has its own key (what a store outside the process watches).
func TestFeedKeysAreDistinct(t *testing.T) {
	seen := map[string]domain.Feed{}
	for _, f := range []domain.Feed{domain.PersonFeed(0), domain.PersonFeed(1), domain.PersonFeed(^domain.ID(0)), domain.TeamFeed, domain.PracticeFeed, {}} {
		if g, ok := seen[f.Key()]; ok {
			t.Fatalf("%v and %v share the key %q", f, g, f.Key())
		}
		seen[f.Key()] = f
	}
}

// A second opener fails fast with ErrLocked instead of hanging.
func TestSecondOpenIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "behalf.db")
	db := open(t, path)
	defer db.Close()
	_, err := Open(path, Options{LockTimeout: 100 * time.Millisecond})
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("got %v", err)
	}
}

// The file records its schema, and a newer one is refused (an older one is
// upgraded: TestUpgradeFromSchema1).
func TestSchemaVersions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "behalf.db")
	db := open(t, path)
	if v, err := db.Schema(); err != nil || v != SchemaVersion {
		t.Fatalf("schema %d %v", v, err)
	}
	must(t, db.Close())

	setVersion(t, path, SchemaVersion+1)
	if _, err := Open(path, Options{}); err == nil || !strings.Contains(err.Error(), "newer behalf") {
		t.Fatalf("newer schema: %v", err)
	}

}

// A schema 1 file (each index in a bucket of its own, the records' index
// lists in c/~refs) is rewritten into schema 2 on open: every record,
// entry and id sequence is kept, the sessions' busy index is dropped, the
// old file stays beside the new one, and the upgrade runs once.
func TestUpgradeFromSchema1(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "behalf.db")
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	const sessions domain.Collection = "sessions"
	err = b.Update(func(tx *bolt.Tx) error {
		bucket := func(name string) *bolt.Bucket {
			bk, err := tx.CreateBucketIfNotExists([]byte(name))
			if err != nil {
				t.Fatal(err)
			}
			return bk
		}
		meta := bucket("meta")
		meta.Put(keySchema, u64(1))
		recs, refs := bucket("things"), bucket("things/~refs")
		for i, r := range []rec{{Name: "ann", Tag: "x"}, {Name: "bob", Tag: "y"}, {Name: "cy", Tag: "x"}} {
			id := u64(uint64(i + 1))
			r.ID = domain.ID(i + 1)
			enc, _ := json.Marshal(r)
			recs.Put(id, enc)
			bucket("things/name").Put([]byte(r.Name), id)
			bucket("things/tag").Put(append([]byte(r.Tag+"/"+r.ID.Key()+"\x00"), id...), nil)
			refs.Put(id, []byte(fmt.Sprintf(`[{"n":"name","k":%q,"u":true},{"n":"tag","k":%q}]`, r.Name, r.Tag+"/"+r.ID.Key())))
		}
		recs.SetSequence(7)
		// a session with client and busy entries
		id := u64(1)
		bucket("sessions").Put(id, []byte(`{"id":"1"}`))
		bucket("sessions/client").Put([]byte("c1/t\x00"+string(id)), nil)
		bucket("sessions/busy").Put([]byte("c1/t\x00"+string(id)), nil)
		bucket("sessions/~refs").Put(id, []byte(`[{"n":"client","k":"c1/t"},{"n":"busy","k":"c1/t"}]`))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
	// leftovers of an upgrade that crashed half way are no obstacle
	if err := writeFile(path+".upgrading", []byte("half a file")); err != nil {
		t.Fatal(err)
	}
	if err := writeFile(path+".schema1", []byte("an older copy")); err != nil {
		t.Fatal(err)
	}

	db := open(t, path)
	if from, kept := db.Upgraded(); from != 1 || kept != path+".schema1" {
		t.Errorf("Upgraded() = %d %q", from, kept)
	}
	if v, err := db.Schema(); err != nil || v != 2 {
		t.Fatalf("schema after upgrade: %d %v", v, err)
	}
	if err := db.Check(); err != nil {
		t.Fatalf("upgraded file: %v", err)
	}
	err = db.Update(func(tx domain.Tx) error {
		var got rec
		if err := tx.Get(things, 2, &got); err != nil || got.Name != "bob" {
			t.Errorf("record 2: %+v %v", got, err)
		}
		if id, err := tx.Lookup(things, "name", "cy"); err != nil || id != 3 {
			t.Errorf("lookup cy: %v %v", id, err)
		}
		var tagged []domain.ID
		tx.Scan(things, domain.Query{Index: "tag", Prefix: "x/"}, func(_ string, id domain.ID) (bool, error) {
			tagged = append(tagged, id)
			return true, nil
		})
		if len(tagged) != 2 || tagged[0] != 1 || tagged[1] != 3 {
			t.Errorf("tag x: %v", tagged)
		}
		if id, err := tx.NextID(things); err != nil || id != 8 {
			t.Errorf("next id %v %v, want 8: the sequence is kept", id, err)
		}
		busy := 0
		must(t, tx.Scan(sessions, domain.Query{Index: "busy"}, func(string, domain.ID) (bool, error) { busy++; return true, nil }))
		clients := 0
		must(t, tx.Scan(sessions, domain.Query{Index: "client"}, func(string, domain.ID) (bool, error) { clients++; return true, nil }))
		if busy != 0 || clients != 1 {
			t.Errorf("sessions: %d busy entries (want 0), %d client entries (want 1)", busy, clients)
		}
		// a rename moves the upgraded entry (the refs came along)
		return put(tx, &rec{ID: 1, Name: "ann2", Tag: "z"})
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Check(); err != nil {
		t.Fatalf("after a change: %v", err)
	}
	must(t, db.Close())
	if old, err := bolt.Open(path+".schema1", 0o600, &bolt.Options{ReadOnly: true}); err != nil {
		t.Errorf("the old file is not kept: %v", err)
	} else {
		must(t, old.View(func(tx *bolt.Tx) error {
			if tx.Bucket([]byte("things/~refs")) == nil {
				t.Error("the kept file is not the schema 1 file")
			}
			return nil
		}))
		old.Close()
	}
	if _, err := os.Stat(path + ".upgrading"); !os.IsNotExist(err) {
		t.Errorf("the temporary file is left: %v", err)
	}
	// Once upgraded, opening again changes nothing.
	info, err := os.Stat(path + ".schema1")
	must(t, err)
	db = open(t, path)
	if from, _ := db.Upgraded(); from != 0 {
		t.Errorf("a second open reports an upgrade from %d", from)
	}
	must(t, db.Close())
	again, err := os.Stat(path + ".schema1")
	must(t, err)
	if !os.SameFile(info, again) {
		t.Error("the upgrade ran a second time")
	}
}

func setVersion(t *testing.T, path string, v int) {
	t.Helper()
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	must(t, b.Update(func(tx *bolt.Tx) error {
		var buf [8]byte
		binary.BigEndian.PutUint64(buf[:], uint64(v))
		return tx.Bucket(bucketMeta).Put(keySchema, buf[:])
	}))
}

// A backup is a consistent, openable copy.
func TestBackup(t *testing.T) { eachStore(t, testBackup) }

func testBackup(t *testing.T, k storeKind) {
	dir := t.TempDir()
	db, _ := k.open(t)
	must(t, db.Update(func(tx domain.Tx) error { return put(tx, &rec{Name: "kept", Tag: "x"}) }))
	var buf bytes.Buffer
	if _, err := db.Backup(&buf); err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(dir, "copy.db")
	if err := writeFile(copyPath, buf.Bytes()); err != nil {
		t.Fatal(err)
	}
	c := open(t, copyPath)
	defer c.Close()
	must(t, c.View(func(tx domain.Tx) error {
		if _, err := tx.Lookup(things, "name", "kept"); err != nil {
			t.Fatal("backup misses a record")
		}
		return nil
	}))
}

// Compact keeps every record, entry and sequence, leaves no free pages
// (which bbolt would otherwise write out at every commit), and the store
// goes on working on the new file.
func TestCompact(t *testing.T) {
	path := filepath.Join(t.TempDir(), "behalf.db")
	db := open(t, path)
	defer db.Close()
	for batch := 0; batch < 4; batch++ {
		err := db.Update(func(tx domain.Tx) error {
			for i := 0; i < 2000; i++ {
				if err := put(tx, &rec{Name: fmt.Sprintf("n%d-%d", batch, i), Tag: "t"}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	err := db.Update(func(tx domain.Tx) error {
		for id := domain.ID(1); id <= 6000; id++ {
			if err := tx.Delete(things, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// bbolt frees a transaction's pages when the next one starts
	if err := db.Update(func(tx domain.Tx) error { return put(tx, &rec{Name: "x", Tag: "t"}) }); err != nil {
		t.Fatal(err)
	}
	if free := db.db.Stats().FreePageN; free < 50 {
		t.Fatalf("the test needs free pages to start with, has %d", free)
	}
	if err := db.Compact(); err != nil {
		t.Fatal(err)
	}
	if free := db.db.Stats().FreePageN; free > 2 {
		t.Errorf("%d free pages after Compact", free)
	}
	if err := db.Check(); err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx domain.Tx) error {
		if n, err := tx.Count(things); err != nil || n != 2001 {
			t.Errorf("%d records after Compact (%v), want 2001", n, err)
		}
		if id, err := tx.Lookup(things, "name", "n3-5"); err != nil || id != 6006 {
			t.Errorf("lookup: %v %v", id, err)
		}
		r := &rec{Name: "new", Tag: "t"}
		if err := put(tx, r); err != nil || r.ID != 8002 {
			t.Errorf("a new record: id %v %v, want 8002", r.ID, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + ".compacting"); !os.IsNotExist(err) {
		t.Errorf("the temporary file is left: %v", err)
	}
}

// A backup whose reader has stopped reading (a slow or stalled SSH client)
// does not hold up writers, even those that make the file grow, and what it
// finally delivers is the state when it began.
func TestStalledBackupLetsWritersOn(t *testing.T) {
	dir := t.TempDir()
	db := open(t, filepath.Join(dir, "behalf.db"))
	defer db.Close()
	if err := db.Update(func(tx domain.Tx) error { return put(tx, &rec{Name: "before", Tag: "x"}) }); err != nil {
		t.Fatal(err)
	}
	pr, pw := io.Pipe()
	started := make(chan struct{})
	backupDone := make(chan error, 1)
	go func() {
		close(started)
		_, err := db.Backup(pw)
		pw.CloseWithError(err)
		backupDone <- err
	}()
	<-started
	// Nobody reads the pipe yet. Grow the file well past its first mapping.
	writes := make(chan error, 1)
	go func() {
		big := strings.Repeat("x", 4000)
		for i := 0; i < 20; i++ {
			err := db.Update(func(tx domain.Tx) error {
				for j := 0; j < 100; j++ {
					if err := put(tx, &rec{Name: fmt.Sprintf("after-%d-%d", i, j), Tag: big}); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				writes <- err
				return
			}
		}
		writes <- nil
	}()
	select {
	case err := <-writes:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(60 * time.Second): // a hang, not a measurement
		go io.Copy(io.Discard, pr) // let the backup and the writers end
		t.Fatal("writers are held up by a backup nobody reads")
	}
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, pr); err != nil {
		t.Fatal(err)
	}
	if err := <-backupDone; err != nil {
		t.Fatal(err)
	}
	copyPath := filepath.Join(dir, "copy.db")
	if err := writeFile(copyPath, buf.Bytes()); err != nil {
		t.Fatal(err)
	}
	c := open(t, copyPath)
	defer c.Close()
	must(t, c.View(func(tx domain.Tx) error {
		if _, err := tx.Lookup(things, "name", "before"); err != nil {
			t.Error("the backup misses what was there when it began")
		}
		if _, err := tx.Lookup(things, "name", "after-0-0"); err == nil {
			t.Error("the backup has a record written after it began")
		}
		return nil
	}))
	if left, _ := filepath.Glob(filepath.Join(dir, ".backup-*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// A file made before versions were recorded (no meta bucket) is upgraded
// once, and says so in the file: the next open leaves it alone.
func TestUpgradeFromUnversionedFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "behalf.db")
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = b.Update(func(tx *bolt.Tx) error {
		recs, err := tx.CreateBucket([]byte("things"))
		if err != nil {
			return err
		}
		return recs.Put(u64(1), []byte(`{"id":"1","name":"old","tag":"x"}`))
	})
	b.Close()
	if err != nil {
		t.Fatal(err)
	}
	db := open(t, path)
	if from, _ := db.Upgraded(); from != 1 {
		t.Errorf("Upgraded() from %d, want 1", from)
	}
	must(t, db.Close())
	db = open(t, path)
	defer db.Close()
	if from, _ := db.Upgraded(); from != 0 {
		t.Errorf("a second open upgraded again, from %d", from)
	}
	if v, err := db.Schema(); err != nil || v != SchemaVersion {
		t.Errorf("schema %d %v", v, err)
	}
	var r rec
	if err := db.View(func(tx domain.Tx) error { return tx.Get(things, 1, &r) }); err != nil || r.Name != "old" {
		t.Errorf("record: %+v %v", r, err)
	}
}

// must fails the test on err: a store test checks every error.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// selfWritten is a record that writes its own JSON, as the domain's most
// written records do.
type selfWritten struct{ Name string }

func (s selfWritten) MarshalJSON() ([]byte, error) {
	return []byte(`{"name":"` + s.Name + `","tag":"self"}`), nil
}

// A record that writes its own JSON is stored as it wrote it, and read
// back as any other; a nil one is null, as encoding/json writes it.
func TestRecordsThatWriteThemselves(t *testing.T) {
	t.Parallel()
	for _, v := range []struct {
		in   any
		want string
	}{{selfWritten{Name: "a"}, `{"name":"a","tag":"self"}`}, {&selfWritten{Name: "b"}, `{"name":"b","tag":"self"}`}, {(*selfWritten)(nil), `null`}} {
		got, err := encodeJSON(v.in)
		if err != nil || string(got) != v.want {
			t.Errorf("%#v: %s %v, want %s", v.in, got, err, v.want)
		}
	}
	db := open(t, filepath.Join(t.TempDir(), "behalf.db"))
	defer db.Close()
	err := db.Update(func(tx domain.Tx) error { return tx.Put(things, 5, selfWritten{Name: "kept"}) })
	if err != nil {
		t.Fatal(err)
	}
	var r rec
	if err := db.View(func(tx domain.Tx) error { return tx.Get(things, 5, &r) }); err != nil || r.Name != "kept" || r.Tag != "self" {
		t.Fatalf("read back %+v %v", r, err)
	}
}
