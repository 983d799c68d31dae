package domain_test

import (
	"testing"
	"time"

	"behalf/domain"
)

// A post reaches the open screens of the group's members and coaches at
// once (the change feed), and only theirs: every team session listens to
// the team feed, which a post leaves alone.
func TestPostReachesTheGroupAtOnce(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	mira := d.as("mira", "team")
	if _, err := d.svc.AddGroup(mira, domain.NewGroup{Handle: "circle", Name: "Circle", Members: []string{"jane", "alex"}}); err != nil {
		t.Fatal(err)
	}
	member, stopMember := d.svc.Watch(d.ids["jane"])
	defer stopMember()
	team, stopTeam := d.svc.WatchTeam()
	defer stopTeam()
	drain := func(ch <-chan struct{}) {
		select {
		case <-ch:
		default:
		}
	}
	drain(member)
	drain(team)
	if _, err := d.svc.AddPost(d.as("alex", "me"), "circle", "Hello."); err != nil {
		t.Fatal(err)
	}
	select {
	case <-member:
	case <-time.After(10 * time.Second):
		t.Fatal("jane's screens were not told of the post")
	}
	select {
	case <-team:
		t.Error("a post woke every team session")
	default:
	}
}
