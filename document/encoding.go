package document

import (
	"bytes"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Byte-order marks.
var (
	bomUTF8    = []byte{0xef, 0xbb, 0xbf}
	bomUTF16LE = []byte{0xff, 0xfe}
	bomUTF16BE = []byte{0xfe, 0xff}
)

// Encoding names, as [decodeText] reports them.
const (
	encUTF8    = "utf-8"
	encUTF16LE = "utf-16le"
	encUTF16BE = "utf-16be"
	encCP1252  = "windows-1252"
)

// decodeText returns data as UTF-8 and the name of the encoding it was in.
//
//   - Valid UTF-8 comes back as it is (a byte-order mark included), so
//     offsets into it are offsets into the file.
//   - UTF-16 with a byte-order mark is decoded (the mark dropped); an odd
//     byte count or an unpaired surrogate is [ErrEncoding].
//   - Anything else is Windows-1252 (a superset of the printable Latin-1),
//     unless it is mostly valid multi-byte UTF-8 with a few bad bytes: that
//     is damaged UTF-8, and decoding it as Windows-1252 would mangle the
//     good characters, so it is refused with [ErrInvalidUTF8] and the
//     offset of the first bad byte.
func decodeText(data []byte) ([]byte, string, error) {
	switch {
	case bytes.HasPrefix(data, bomUTF16LE):
		out, err := decodeUTF16(data[2:], false)
		return out, encUTF16LE, err
	case bytes.HasPrefix(data, bomUTF16BE):
		out, err := decodeUTF16(data[2:], true)
		return out, encUTF16BE, err
	}
	if utf8.Valid(data) {
		return data, encUTF8, nil
	}
	body := bytes.TrimPrefix(data, bomUTF8)
	multi, bad, first := 0, 0, -1
	for i := 0; i < len(body); {
		r, size := utf8.DecodeRune(body[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			bad++
			if first < 0 {
				first = i
			}
		case size > 1:
			multi++
		}
		i += size
	}
	if len(body) < len(data) || multi > 0 && bad < 4*multi {
		return nil, "", fmt.Errorf("%w at byte %d", ErrInvalidUTF8, first+len(data)-len(body))
	}
	if n := len(body) - first; n >= 2 && n <= 3 && !utf8.FullRune(body[first:]) {
		// ASCII text cut inside a multi-byte character: a lead byte and
		// continuation bytes at the very end are no Windows-1252 text.
		return nil, "", fmt.Errorf("%w at byte %d (a character cut off at the end)", ErrInvalidUTF8, first)
	}
	return decodeCP1252(data), encCP1252, nil
}

// decodeCP1252 decodes Windows-1252. The five bytes that code page leaves
// undefined (0x81, 0x8d, 0x8f, 0x90, 0x9d) become the C1 control
// characters of the same value, as in Latin-1, rather than U+FFFD.
func decodeCP1252(data []byte) []byte {
	out := make([]byte, 0, len(data)+len(data)/8)
	for _, c := range data {
		if c < utf8.RuneSelf {
			out = append(out, c)
			continue
		}
		r := charmap.Windows1252.DecodeByte(c)
		if r == utf8.RuneError {
			r = rune(c)
		}
		out = utf8.AppendRune(out, r)
	}
	return out
}

// decodeUTF16 decodes UTF-16 without its byte-order mark.
func decodeUTF16(data []byte, bigEndian bool) ([]byte, error) {
	if len(data)%2 != 0 {
		return nil, fmt.Errorf("%w: UTF-16 with an odd number of bytes (truncated)", ErrEncoding)
	}
	unit := func(i int) rune {
		if bigEndian {
			return rune(data[i])<<8 | rune(data[i+1])
		}
		return rune(data[i+1])<<8 | rune(data[i])
	}
	out := make([]byte, 0, len(data)/2+len(data)/8)
	for i := 0; i < len(data); i += 2 {
		r := unit(i)
		if utf16.IsSurrogate(r) {
			if r >= 0xdc00 || i+3 >= len(data) {
				return nil, fmt.Errorf("%w: unpaired UTF-16 surrogate at byte %d", ErrEncoding, i+2)
			}
			r = utf16.DecodeRune(r, unit(i+2))
			if r == utf8.RuneError {
				return nil, fmt.Errorf("%w: unpaired UTF-16 surrogate at byte %d", ErrEncoding, i+2)
			}
			i += 2
		}
		out = utf8.AppendRune(out, r)
	}
	return out, nil
}
