package domain_test

import (
	"strings"
	"testing"

	"behalf/domain"
)

// Refusals are read by people: the rules table's nouns agree with their
// verbs ("payments are not shown", "the task list is for the team").
func TestRefusalsReadWell(t *testing.T) {
	t.Parallel()
	d, _ := newDemo(t)
	_, err := d.svc.ListPayments(d.as("sam", "contact:alex"), domain.PaymentFilter{})
	wantKind(t, err, domain.KindDenied)
	if !strings.Contains(err.Error(), "does not include payments, so payments are not shown") {
		t.Errorf("a contact without payments: %q", err)
	}
	_, err = d.svc.Tasks(d.as("sam", "contact:alex"), domain.TaskQuery{})
	wantKind(t, err, domain.KindDenied)
	if !strings.Contains(err.Error(), "the task list is for the team workspace") {
		t.Errorf("a contact's task list: %q", err)
	}
}
