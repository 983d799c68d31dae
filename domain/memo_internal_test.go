package domain

import (
	"reflect"
	"testing"
	"time"
)

// What the memory of a use case hands out shares no memory with what it
// keeps: every slice, map and pointer of a record it keeps is copied,
// fields added later included.
func TestMemoCopiesShareNothing(t *testing.T) {
	at := time.Date(2026, 11, 23, 15, 4, 5, 0, time.UTC)
	sharesNothing(t, filled(reflect.TypeFor[Person](), at).Interface().(Person))
	sharesNothing(t, filled(reflect.TypeFor[Pairing](), at).Interface().(Pairing))
	sharesNothing(t, filled(reflect.TypeFor[ContactLink](), at).Interface().(ContactLink))
}

func sharesNothing[T any](t *testing.T, read T) {
	t.Helper()
	m := withMemo(nil)
	keep(m, "c", 1, read)
	out, ok := recall[T](m, "c", 1)
	if !ok {
		t.Fatalf("%T: not recalled", read)
	}
	if !reflect.DeepEqual(out, read) {
		t.Fatalf("%T: recalled %+v, kept %+v", read, out, read)
	}
	v, kept, got := reflect.ValueOf(read), reflect.ValueOf(m.kept[0].rec), reflect.ValueOf(out)
	for i := range v.NumField() {
		f := v.Type().Field(i)
		switch f.Type.Kind() {
		case reflect.Slice, reflect.Map, reflect.Pointer:
			if kept.Field(i).Pointer() == v.Field(i).Pointer() {
				t.Errorf("%T.%s: what is kept shares memory with what was read", read, f.Name)
			}
			if got.Field(i).Pointer() == kept.Field(i).Pointer() {
				t.Errorf("%T.%s: what is handed out shares memory with what is kept", read, f.Name)
			}
		}
	}
}
