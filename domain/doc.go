// Package domain is behalf's backend: the people, workspaces and records of one
// coaching organisation, the rules that decide who may do what (the rules table
// in authz.go), and the use cases both faces call — the screens (package tui)
// and the SSH commands (package cli). It imports no database, terminal or SSH
// code: the store is reached only through the Store and Tx interfaces declared
// in store.go, which package store implements on bbolt.
//
// Every use case is a method on Service with the same shape, in one
// transaction: load what it acts on, authorise the action for the workspace
// (Access, decided from the stored state at that moment), validate the input,
// make the change, tell open sessions what changed (Tx.Changed), and record an
// audit entry. A refusal is an *Error whose Kind says why (not found, invalid,
// conflict, denied) and whose message is written for a person.
//
// Demo and generated organisations (package demo) write their records
// through Seeder (seed.go), the one way to write without a use case.
package domain
