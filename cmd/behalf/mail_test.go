package main

import (
	"encoding/json"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"behalf/internal/smtptest"
)

// An email queued by a change survives a crash before the mail server
// answered: after SIGKILL and a restart it is sent once, with the
// Message-ID the first attempt carried, so a copy the server had kept
// would be dropped.
func TestQueuedEmailSurvivesKill(t *testing.T) {
	t.Parallel()
	mail := smtptest.Start(t)
	mail.Hold() // the first attempt never gets its answer
	data := t.TempDir()
	args := []string{"--smtp", "smtp://" + mail.Addr + "?starttls=off", "--mail-from", "portal@northwind.example"}
	p := startProc(t, data, append([]string{"--demo"}, args...)...)
	hostKey := hostKeyFrom(t, filepath.Join(data, "host_ed25519"))
	rob := signerFromFile(t, filepath.Join(data, "demo-keys", "rob"))
	// Three months out, early: a half hour the demo has no session in.
	start := time.Now().AddDate(0, 3, 0).Format("2006-01-02") + "T07:15"
	if out, errs, code := sshRun(t, p.addr, hostKey, rob, "sessions book --client jane --start "+start+" --minutes 60 --ws team"); code != 0 {
		t.Fatalf("book: %d %s %s", code, out, errs)
	}
	mail.Wait(t, "the first attempt", func(_, held []smtptest.Message) bool { return len(held) > 0 })
	first := mail.Held()[0]
	p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
	mail.Release()

	p = startProc(t, data, args...)
	olivia := signerFromFile(t, filepath.Join(data, "demo-keys", "olivia"))
	var queued []map[string]any
	mail.Wait(t, "the queue sent after the restart", func(got, _ []smtptest.Message) bool {
		if len(got) == 0 {
			return false
		}
		out, errs, code := sshRun(t, p.addr, hostKey, olivia, "notifications outbox --status queued --json")
		if code != 0 {
			t.Fatalf("outbox: %d %s", code, errs)
		}
		queued = nil
		if err := json.Unmarshal([]byte(out), &queued); err != nil {
			t.Fatal(err)
		}
		return len(queued) == 0
	})
	got := mail.Messages() // all sent: the outbox has nothing queued
	seen := map[string]int{}
	for _, m := range got {
		seen[m.MessageID]++
	}
	if seen[first.MessageID] != 1 {
		t.Fatalf("the email cut off by the crash (%s to %v) arrived %d times after the restart; arrived: %v", first.MessageID, first.To, seen[first.MessageID], seen)
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("%s arrived %d times", id, n)
		}
	}
	out, _, _ := sshRun(t, p.addr, hostKey, olivia, "notifications outbox --status sent --json")
	var sent []map[string]any
	if err := json.Unmarshal([]byte(out), &sent); err != nil {
		t.Fatal(err)
	}
	if len(sent) != len(got) {
		t.Errorf("the outbox says %d sent; %d arrived", len(sent), len(got))
	}
	for _, it := range sent {
		if it["sent_at"] == "" || it["status"] != "sent" {
			t.Errorf("sent item: %v", it)
		}
	}
}
