/* text.c: checks and small edits of text that arrives from outside. */
#include <ctype.h>
#include <string.h>
#include <time.h>

#include "util.h"

/* 1 when the n bytes of s are well-formed UTF-8 (no overlongs, no surrogates). */
int
utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;

	while (p < end) {
		unsigned c = *p;
		size_t len, i;
		unsigned cp;

		if (c < 0x80) {
			p++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			len = 2;
			cp = c & 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			len = 3;
			cp = c & 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			len = 4;
			cp = c & 0x07;
		} else
			return 0;
		if ((size_t)(end - p) < len)
			return 0;
		for (i = 1; i < len; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
		    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		p += len;
	}
	return 1;
}

/*
 * 1 when UTF-8 s holds no control characters (tab and, if allowed,
 * newlines excepted): neither C0, DEL, C1 (U+0080-U+009F) nor the
 * bidirectional overrides and isolates that can make text lie about itself.
 */
int
text_clean(const char *s, int allow_newlines)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '\t')
			continue;
		if (allow_newlines && (*p == '\n' || *p == '\r'))
			continue;
		if (*p < 0x20 || *p == 0x7f)
			return 0;
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return 0;
		/* U+202A-U+202E: E2 80 AA-AE; U+2066-U+2069: E2 81 A6-A9. */
		if (p[0] == 0xe2 && p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae)
			return 0;
		if (p[0] == 0xe2 && p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)
			return 0;
	}
	return 1;
}

/* Number of UTF-8 characters in valid s. */
size_t
utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/* Trims ASCII white space at both ends, in place; returns s moved forward. */
char *
str_trim(char *s)
{
	size_t n;

	while (*s && isspace((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* Lower-cases ASCII letters in place. */
void
str_lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* See util.h. */
void
text_fold(const char *s, char *out)
{
	static const char from[] = FOLD_FROM, to[] = FOLD_TO;

	while (*s) {
		const char *f = from;
		size_t i = 0, n;

		if ((unsigned char)*s < 0x80) {
			*out++ = (char)tolower((unsigned char)*s++);
			continue;
		}
		/* A two-byte letter of FOLD_FROM (all of them are). */
		n = ((unsigned char)*s & 0xe0) == 0xc0 && s[1] ? 2 : 1;
		for (; *f; f += 2, i++)
			if (n == 2 && f[0] == s[0] && f[1] == s[1])
				break;
		if (*f) {
			*out++ = to[i];
			s += 2;
		} else {
			memcpy(out, s, n);
			out += n;
			s += n;
		}
	}
	*out = '\0';
}

/* Seconds since the epoch. */
int64_t
now_utc(void)
{
	return (int64_t)time(NULL);
}

/* See util.h. */
char *
text_query_value(struct arena *a, const char *v)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = arena_alloc(a, strlen(v) * 3 + 1), *o = out;

	for (; *v; v++)
		if (!isalnum((unsigned char)*v) && strchr("-._~", *v) == NULL) {
			*o++ = '%';
			*o++ = hex[(unsigned char)*v >> 4];
			*o++ = hex[*v & 15];
		} else
			*o++ = *v;
	*o = '\0';
	return out;
}
