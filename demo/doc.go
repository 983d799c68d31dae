// Package demo generates organisations to try and measure behalf with: the
// demo organisation of CONTRACT.md ("Northwind Coaching", Seed) and large
// generated ones built on it (SeedLarge, at a Scale). It writes records
// straight through the domain's Seeder (domain/seed.go), the one door for
// records written without a use case; every test then checks what it wrote
// with the store's check and the domain's Verify.
//
// A feature brings its demo data in files of its own:
//   - demo/<feature>.go: a function of the extras signature, appended to
//     extras from an init function; Seed runs every extra after the people,
//     pairings and links, in the same transaction;
//   - demo/large_<feature>.go: a method on largeGen, added to SeedLarge's
//     steps, writing in batches (g.batch) as the others do.
//
// A record kind the Seeder does not know yet gets its case in Seeder.Put.
package demo
