package store

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"behalf/domain"
)

// modelRec is what the model keeps of one record: its value and its
// index entries.
type modelRec struct {
	Val string         `json:"val"`
	Idx []domain.Index `json:"-"`
}

// model is the index store as a plain map: a Scan is a filter and a sort
// of every entry, the simplest thing that can be right.
type model map[domain.ID]modelRec

type entry struct {
	key string
	id  domain.ID
}

func (m model) scan(q domain.Query) []entry {
	var es []entry
	for id, r := range m {
		if q.Index == "" {
			es = append(es, entry{id.Key(), id})
			continue
		}
		for _, ix := range r.Idx {
			if ix.Name == q.Index {
				es = append(es, entry{ix.Key, id})
			}
		}
	}
	es = slices.DeleteFunc(es, func(e entry) bool {
		if !strings.HasPrefix(e.key, q.Prefix) {
			return true
		}
		if q.Reverse {
			return q.From != "" && e.key > q.From || q.After != "" && e.key >= q.After
		}
		return q.From != "" && e.key < q.From || q.After != "" && e.key <= q.After
	})
	slices.SortFunc(es, func(a, b entry) int {
		c := cmp.Or(strings.Compare(a.key, b.key), cmp.Compare(a.id, b.id))
		if q.Reverse {
			return -c
		}
		return c
	})
	return es
}

// The index store against the model: random puts (new records, changed
// indexes, unchanged indexes), deletes and scans — over the record ids and
// over unique and shared indexes, with prefixes, From/After bounds, in
// reverse, and a page at a time — give the same entries in the same order,
// inside the writing transaction and after it commits, for many seeds. The
// file passes Check at the end of each seed.
func TestIndexStoreMatchesModel(t *testing.T) {
	t.Parallel()
	eachStore(t, testIndexStoreMatchesModel)
}

func testIndexStoreMatchesModel(t *testing.T, k storeKind) {
	seeds, txs := 40, 12
	if testing.Short() {
		seeds = 8
	}
	const c domain.Collection = "model"
	for seed := 1; seed <= seeds; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			t.Parallel()
			r := rand.New(rand.NewPCG(uint64(seed), 13))
			db, _ := k.open(t)
			m := model{}
			// Keys from a small alphabet, so prefixes, shared keys and
			// keys that extend one another ("a", "a/b", "ab") are common.
			word := func(n int) string {
				var b strings.Builder
				for range 1 + r.IntN(n) {
					b.WriteByte("ab/-z"[r.IntN(5)])
				}
				return b.String()
			}
			var ids []domain.ID
			randomQuery := func() domain.Query {
				q := domain.Query{Reverse: r.IntN(2) == 0}
				switch r.IntN(4) {
				case 0: // the records themselves, by id
					if len(ids) > 0 && r.IntN(2) == 0 {
						k := (ids[r.IntN(len(ids))] + domain.ID(r.IntN(3)) - 1).Key()
						if r.IntN(2) == 0 {
							q.From = k
						} else {
							q.After = k
						}
					}
					return q
				case 1:
					q.Index = "uniq"
				default:
					q.Index = "shared"
				}
				if r.IntN(3) > 0 {
					q.Prefix = word(2)
				}
				switch r.IntN(3) {
				case 0:
					q.From = q.Prefix + word(3)
				case 1:
					q.After = q.Prefix + word(3)
				}
				if r.IntN(6) == 0 { // a bound outside the prefix
					q.From, q.After = "", word(3)
				}
				return q
			}
			// scanPages reads q a page at a time, each page going on
			// after the last key seen, as the domain's lists do — which
			// skips the rest of a shared key, so the model is paged the
			// same way.
			scanPages := func(tx domain.Tx, q domain.Query, page int, scan func(domain.Query) ([]entry, error)) ([]entry, error) {
				var out []entry
				for {
					got, err := scan(q)
					if err != nil {
						return nil, err
					}
					if len(got) > page {
						got = got[:page]
					}
					out = append(out, got...)
					if len(got) < page {
						return out, nil
					}
					q.From, q.After = "", got[len(got)-1].key
				}
			}
			storeScan := func(tx domain.Tx) func(domain.Query) ([]entry, error) {
				return func(q domain.Query) ([]entry, error) {
					var got []entry
					err := tx.Scan(c, q, func(key string, id domain.ID) (bool, error) {
						got = append(got, entry{key, id})
						return len(got) <= 8, nil // stop early: a page and one more
					})
					return got, err
				}
			}
			modelScan := func(q domain.Query) ([]entry, error) {
				es := m.scan(q)
				return es[:min(len(es), 9)], nil
			}
			compare := func(tx domain.Tx, step string) {
				t.Helper()
				for range 8 {
					q := randomQuery()
					var got []entry
					err := tx.Scan(c, q, func(key string, id domain.ID) (bool, error) {
						got = append(got, entry{key, id})
						return true, nil
					})
					if err != nil {
						t.Fatalf("%s: scan %+v: %v", step, q, err)
					}
					if want := m.scan(q); !slices.Equal(got, want) {
						t.Fatalf("%s: scan %+v\n got %v\nwant %v", step, q, got, want)
					}
					page := 1 + r.IntN(4)
					got, err = scanPages(tx, q, page, storeScan(tx))
					if err != nil {
						t.Fatal(err)
					}
					want, err := scanPages(tx, q, page, modelScan)
					if err != nil {
						t.Fatal(err)
					}
					if !slices.Equal(got, want) {
						t.Fatalf("%s: pages of %d of %+v\n got %v\nwant %v", step, page, q, got, want)
					}
				}
				n, err := tx.Count(c)
				if err != nil || n != len(m) {
					t.Fatalf("%s: count %d (%v), model %d", step, n, err, len(m))
				}
			}
			for i := range txs {
				err := db.Update(func(tx domain.Tx) error {
					for j := range 15 {
						step := fmt.Sprintf("tx %d op %d", i, j)
						switch op := r.IntN(10); {
						case op < 2 && len(ids) > 0: // delete
							k := r.IntN(len(ids))
							if err := tx.Delete(c, ids[k]); err != nil {
								return err
							}
							delete(m, ids[k])
							ids = slices.Delete(ids, k, k+1)
						case op < 4 && len(ids) > 0: // same indexes, new value
							id := ids[r.IntN(len(ids))]
							rec := m[id]
							rec.Val = word(4)
							if err := tx.Put(c, id, rec, rec.Idx...); err != nil {
								return err
							}
							m[id] = rec
						default: // a new record, or new indexes for one
							var id domain.ID
							if op < 7 && len(ids) > 0 {
								id = ids[r.IntN(len(ids))]
							} else {
								var err error
								if id, err = tx.NextID(c); err != nil {
									return err
								}
							}
							rec := modelRec{Val: word(4)}
							if r.IntN(3) > 0 {
								rec.Idx = append(rec.Idx, domain.Index{Name: "uniq", Key: word(4) + "#" + id.Key(), Unique: true})
							}
							for range r.IntN(3) {
								k := word(3)
								if !slices.ContainsFunc(rec.Idx, func(ix domain.Index) bool { return ix.Name == "shared" && ix.Key == k }) {
									rec.Idx = append(rec.Idx, domain.Index{Name: "shared", Key: k})
								}
							}
							if err := tx.Put(c, id, rec, rec.Idx...); err != nil {
								return err
							}
							if _, ok := m[id]; !ok {
								ids = append(ids, id)
							}
							m[id] = rec
						}
						compare(tx, step)
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				if err := db.View(func(tx domain.Tx) error {
					compare(tx, fmt.Sprintf("after tx %d", i))
					return nil
				}); err != nil {
					t.Fatal(err)
				}
			}
			checkStore(t, db)
		})
	}
}
