package main

import (
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
	"behalf/internal/heapfloor"
	"behalf/sshserver"
	"behalf/tui"
)

// screens builds the portal's screens for one terminal session. The two
// Session types have the same fields, so one converts into the other.
// Each session begun raises the heap floor for a while (a burst of
// sign-ins meets no collection; package heapfloor).
func screens(svc *domain.Service) func(sshserver.TUISession) tea.Model {
	return func(s sshserver.TUISession) tea.Model {
		heapfloor.Arrive()
		return tui.New(svc, tui.Session(s))
	}
}
