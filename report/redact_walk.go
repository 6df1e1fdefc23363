package report

import (
	"reflect"
	"strings"
)

// replace rewrites every token in s that stands alone (not inside a
// longer word, number or address) by its pseudonym, in one left-to-right
// pass, so pseudonyms are never rewritten again.
func (r *redactor) replace(s string) string {
	if len(r.tokens) == 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		if i > 0 && wordByte(s[i-1]) {
			continue
		}
		t, ok := r.match(s, i)
		if !ok {
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(t.pseudonym)
		last = i + len(t.value)
		i = last - 1
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// match returns the longest token that starts at s[i] and ends at a
// boundary.
func (r *redactor) match(s string, i int) (token, bool) {
	for _, t := range r.byFirst[lowerByte(s[i])] {
		end := i + len(t.value)
		if end > len(s) {
			continue
		}
		if t.fold && !strings.EqualFold(s[i:end], t.value) || !t.fold && s[i:end] != t.value {
			continue
		}
		if t.ip && i > 0 && s[i-1] == '.' {
			continue
		}
		if end < len(s) && (wordByte(s[end]) || t.ip && s[end] == '.' && end+1 < len(s) && isDigit(s[end+1])) {
			continue
		}
		return t, true
	}
	return token{}, false
}

func wordByte(c byte) bool {
	return c == '_' || isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func lowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// walkStrings calls fn with every string reachable from v (struct
// fields, pointers, slices, map values).
func walkStrings(v any, fn func(string)) {
	var walk func(reflect.Value)
	walk = func(x reflect.Value) {
		switch x.Kind() {
		case reflect.Pointer, reflect.Interface:
			if !x.IsNil() {
				walk(x.Elem())
			}
		case reflect.Struct:
			for i := 0; i < x.NumField(); i++ {
				if x.Type().Field(i).IsExported() {
					walk(x.Field(i))
				}
			}
		case reflect.Slice, reflect.Array:
			for i := 0; i < x.Len(); i++ {
				walk(x.Index(i))
			}
		case reflect.Map:
			for it := x.MapRange(); it.Next(); {
				walk(it.Value())
			}
		case reflect.String:
			fn(x.String())
		}
	}
	walk(reflect.ValueOf(v))
}

// deepCopy copies src into dst (both *Result), passing every string
// through fn. Nil pointers, slices and maps stay nil; map keys are kept.
func deepCopy(dst, src *Result, fn func(string) string) {
	copyValue(reflect.ValueOf(dst).Elem(), reflect.ValueOf(src).Elem(), fn)
}

func copyValue(dst, src reflect.Value, fn func(string) string) {
	switch src.Kind() {
	case reflect.Pointer:
		if src.IsNil() {
			return
		}
		dst.Set(reflect.New(src.Type().Elem()))
		copyValue(dst.Elem(), src.Elem(), fn)
	case reflect.Struct:
		for i := 0; i < src.NumField(); i++ {
			if src.Type().Field(i).IsExported() {
				copyValue(dst.Field(i), src.Field(i), fn)
			}
		}
	case reflect.Slice:
		if src.IsNil() {
			return
		}
		dst.Set(reflect.MakeSlice(src.Type(), src.Len(), src.Len()))
		for i := 0; i < src.Len(); i++ {
			copyValue(dst.Index(i), src.Index(i), fn)
		}
	case reflect.Map:
		if src.IsNil() {
			return
		}
		dst.Set(reflect.MakeMapWithSize(src.Type(), src.Len()))
		for it := src.MapRange(); it.Next(); {
			v := reflect.New(src.Type().Elem()).Elem()
			copyValue(v, it.Value(), fn)
			dst.SetMapIndex(it.Key(), v)
		}
	case reflect.String:
		dst.SetString(fn(src.String()))
	default:
		dst.Set(src)
	}
}
