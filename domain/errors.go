package domain

import (
	"errors"
	"fmt"
)

// Kind classifies a refusal so the outside (exit codes, screens) can react
// without parsing text.
type Kind int

const (
	// KindInvalid: the input is malformed or out of bounds.
	KindInvalid Kind = iota + 1
	// KindNotFound: the thing named does not exist (or is not visible).
	KindNotFound
	// KindConflict: the change clashes with stored state (duplicate, overlap, invariant).
	KindConflict
	// KindDenied: the workspace's effective permissions do not allow it.
	KindDenied
)

func (k Kind) String() string {
	switch k {
	case KindInvalid:
		return "invalid"
	case KindNotFound:
		return "not found"
	case KindConflict:
		return "conflict"
	case KindDenied:
		return "denied"
	}
	return "error"
}

// Error is a refusal a person can read: Msg says what was wrong and, where
// it helps, what to do instead.
type Error struct {
	Kind Kind
	Msg  string
	// Field names the input at fault, as the command's flag names it
	// ("handle", "email", "start", "amount"), where one is: a form moves
	// the focus there. The message says the same in words.
	Field string
	// cause is a sentinel the outside may test with errors.Is (a missing
	// workspace is the command's usage, not a refusal).
	cause error
}

func (e *Error) Error() string { return e.Msg }

// Unwrap exposes the sentinel the error was made with, if any.
func (e *Error) Unwrap() error { return e.cause }

// Is lets errors.Is(err, ErrDenied) match any error of the same kind.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Msg == "" && t.Kind == e.Kind
}

// Sentinels for errors.Is; they carry no message of their own.
var (
	ErrInvalid  = &Error{Kind: KindInvalid}
	ErrNotFound = &Error{Kind: KindNotFound}
	ErrConflict = &Error{Kind: KindConflict}
	ErrDenied   = &Error{Kind: KindDenied}
	// ErrWorkspaceNeeded: the person has several workspaces and named none;
	// commands answer it as a usage error (the --ws flag is missing).
	ErrWorkspaceNeeded = errors.New("a workspace must be named")
	// ErrPastSession: the team booked a start in the past without saying
	// how the session went; a screen offers completed or no-show (R50).
	ErrPastSession = errors.New("a session in the past must be recorded as completed or no-show")
)

func invalidf(format string, a ...any) error {
	return &Error{Kind: KindInvalid, Msg: fmt.Sprintf(format, a...)}
}

func notFoundf(format string, a ...any) error {
	return &Error{Kind: KindNotFound, Msg: fmt.Sprintf(format, a...)}
}

func conflictf(format string, a ...any) error {
	return &Error{Kind: KindConflict, Msg: fmt.Sprintf(format, a...)}
}

func deniedf(format string, a ...any) error {
	return &Error{Kind: KindDenied, Msg: fmt.Sprintf(format, a...)}
}

// FieldOf is the input a refusal is about ("" when it names none).
func FieldOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}

// inField names the input at fault on a refusal that names none yet; the
// message stays as it is. Other errors pass through.
func inField(field string, err error) error {
	var e *Error
	if !errors.As(err, &e) || e.Field != "" {
		return err
	}
	named := *e // a copy: e may be shared
	named.Field = field
	return &named
}

// underField puts a refusal's field under prefix ("contacts.2." + "email")
// when a use case handles a list of inputs.
func underField(prefix string, err error) error {
	var e *Error
	if !errors.As(err, &e) || e.Field == "" {
		return err
	}
	named := *e
	named.Field = prefix + e.Field
	return &named
}

// KindOf reports the kind of a domain error, or 0 for anything else
// (an internal failure).
func KindOf(err error) Kind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return 0
}
