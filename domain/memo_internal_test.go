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
	for _, rec := range []any{Person{}, Pairing{}, ContactLink{}} {
		v := filled(reflect.TypeOf(rec), at)
		m := withMemo(nil)
		ptr := reflect.New(v.Type())
		ptr.Elem().Set(v)
		m.keep("c", 1, ptr.Interface())
		out := reflect.New(v.Type())
		if !m.recall("c", 1, out.Interface()) {
			t.Fatalf("%T: not recalled", rec)
		}
		if !reflect.DeepEqual(out.Elem().Interface(), v.Interface()) {
			t.Fatalf("%T: recalled %+v, kept %+v", rec, out.Elem().Interface(), v.Interface())
		}
		kept := reflect.ValueOf(m.kept[0].rec)
		for i := range v.NumField() {
			f := v.Type().Field(i)
			switch f.Type.Kind() {
			case reflect.Slice, reflect.Map, reflect.Pointer:
				if kept.Field(i).Pointer() == ptr.Elem().Field(i).Pointer() {
					t.Errorf("%T.%s: what is kept shares memory with what was read", rec, f.Name)
				}
				if out.Elem().Field(i).Pointer() == kept.Field(i).Pointer() {
					t.Errorf("%T.%s: what is handed out shares memory with what is kept", rec, f.Name)
				}
			}
		}
	}
}
