package domain_test

import (
	"testing"

	"behalf/domain"
)

// A refusal names the input at fault, as the command's flag names it, so
// a form can move the focus there; the message is the same as ever.
func TestRefusalsNameTheirField(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	olivia := d.as("olivia", "team")
	client := func(handle, name, email, primary string) domain.NewPerson {
		return domain.NewPerson{Handle: handle, Name: name, Email: email, As: domain.AsClient, Primary: primary}
	}
	for _, c := range []struct {
		what, field string
		err         error
	}{
		{"a taken handle", "handle", func() error {
			_, err := d.svc.AddPerson(olivia, client("jane", "Jo", "jo@example.com", "rob"))
			return err
		}()},
		{"a bad handle", "handle", func() error {
			_, err := d.svc.AddPerson(olivia, client("Jo!", "Jo", "jo@example.com", "rob"))
			return err
		}()},
		{"no name", "name", func() error { _, err := d.svc.AddPerson(olivia, client("jo", "", "jo@example.com", "rob")); return err }()},
		{"a bad email", "email", func() error { _, err := d.svc.AddPerson(olivia, client("jo", "Jo", "jo@", "rob")); return err }()},
		{"no such primary", "primary", func() error {
			_, err := d.svc.AddPerson(olivia, client("jo", "Jo", "jo@example.com", "nobody"))
			return err
		}()},
		{"the second contact's email", "contacts.2.email", func() error {
			_, err := d.svc.InviteClient(olivia, domain.ClientInvite{Client: client("jo", "Jo", "jo@example.com", "rob"),
				Contacts: []domain.NewContact{{Handle: "ma", Name: "Ma", Email: "ma@example.com"}, {Handle: "pa", Name: "Pa", Email: "pa@"}}})
			return err
		}()},
		{"a past expiry", "expires", func() error {
			_, err := d.svc.LinkContact(olivia, domain.LinkChange{Client: "jane", Contact: "sam", Expires: "2020-01-01"})
			return err
		}()},
		{"a bad start", "start", func() error {
			_, err := d.svc.BookSession(olivia, domain.Booking{Client: "jane", Coach: "rob", Start: "tomorrow", Minutes: 60})
			return err
		}()},
		{"a coach without access", "coach", func() error {
			_, err := d.svc.BookSession(olivia, domain.Booking{Client: "jane", Coach: "john", Start: "2026-12-01 10:00", Minutes: 60})
			return err
		}()},
	} {
		if domain.KindOf(c.err) == 0 {
			t.Errorf("%s: want a refusal, got %v", c.what, c.err)
			continue
		}
		if got := domain.FieldOf(c.err); got != c.field {
			t.Errorf("%s (%q): field %q, want %q", c.what, c.err, got, c.field)
		}
	}
	// The message is the one it always was.
	_, err := d.svc.AddPerson(olivia, client("jane", "Jo", "jo@example.com", "rob"))
	if err == nil || err.Error() != `the handle "jane" is taken; choose another` {
		t.Errorf("message %q", err)
	}
}
