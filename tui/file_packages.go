package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"behalf/domain"
)

// The Packages part of a client file: the client's packages and what is
// left of each; n assigns one where billing is allowed.

type packagesPart struct {
	f    *clientFile
	rows []domain.PackageView
}

func newPackagesPart(f *clientFile) *packagesPart { return &packagesPart{f: f} }

// load reads the client's packages: one page, never more offered.
func (p *packagesPart) load(domain.ID) (bool, error) {
	var err error
	p.rows, err = p.f.Svc.ListPackages(p.f.Who, domain.PackageFilter{Client: p.f.client.Handle, Limit: filePage})
	return false, err
}

func (p *packagesPart) oldest() domain.ID     { return 0 }
func (p *packagesPart) count() int            { return len(p.rows) }
func (p *packagesPart) top(int, int) []string { return nil }
func (p *packagesPart) spaced() bool          { return true }
func (p *packagesPart) empty() string         { return "no packages" }

func (p *packagesPart) blocks(width int) [][]string {
	var out [][]string
	for _, v := range p.rows {
		out = append(out, packageLines(p.f.Styles, v, width))
	}
	return out
}

func (p *packagesPart) key(tea.KeyMsg) (tea.Cmd, bool) { return nil, false }
func (p *packagesPart) help() []key.Binding            { return nil }
func (p *packagesPart) canNew() (bool, string)         { return p.f.tabs.AssignPackage, "assign package" }

func (p *packagesPart) newItem() tea.Cmd {
	if !p.f.tabs.AssignPackage {
		return nil
	}
	af, err := assignForm(p.f.Context, *p.f.client)
	if err != nil {
		return Failed(err)
	}
	p.f.openPane(af)
	return nil
}
