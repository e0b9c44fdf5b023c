/* header.c: header fields other mail software accepts: RFC 2047 words, quoted names, the site's host. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "util.h"
#include "mail.h"

/* At most 45 bytes make 60 base64 characters: with "=?UTF-8?B?" and "?="
 * a word is 72 characters, under RFC 2047's 75. */
#define WORD_BYTES 45

static int
ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80 || (unsigned char)*s < 0x20)
			return 0;
	return 1;
}

/* An RFC 5322 atext character, or the space between words of a phrase. */
static int
atext(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == ' ' ||
	    strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL;
}

/* See mail.h. */
void
mail_encoded_words(struct buf *b, const char *s)
{
	size_t n = strlen(s), i = 0, take;
	char b64[128];

	while (i < n) {
		take = n - i < WORD_BYTES ? n - i : WORD_BYTES;
		/* A word ends where a character does (RFC 2047 5.3). */
		while (take > 0 && take < n - i &&
		    ((unsigned char)s[i + take] & 0xC0) == 0x80)
			take--;
		if (take == 0)
			take = n - i < WORD_BYTES ? n - i : WORD_BYTES;
		sodium_bin2base64(b64, sizeof(b64), (const unsigned char *)s + i,
		    take, sodium_base64_VARIANT_ORIGINAL);
		/* Each further word on a folded line of its own. */
		if (i > 0)
			buf_puts(b, "\r\n ");
		buf_printf(b, "=?UTF-8?B?%s?=", b64);
		i += take;
	}
}

/* See mail.h. */
void
mail_header_text(struct buf *b, const char *s)
{
	/* Plain ASCII goes as it is, unless it would read as encoded words. */
	if (ascii(s) && strstr(s, "=?") == NULL)
		buf_puts(b, s);
	else
		mail_encoded_words(b, s);
}

/* 1 when [s, s+n) may stand in a phrase as it is: an atom. */
static int
atom(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || (n >= 2 && memmem(s, n, "=?", 2) != NULL))
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] == ' ' || !atext(s[i]))
			return 0;
	return 1;
}

/* See mail.h. */
void
mail_header_phrase(struct buf *b, const char *s)
{
	const char *p, *end, *next;
	char *run;
	int first = 1;

	if (ascii(s)) {
		int plain = *s != ' ' && strstr(s, "=?") == NULL;

		for (p = s; *p && plain; p++)
			plain = atext(*p) && !(p[0] == ' ' && (p[1] == ' ' ||
			    p[1] == '\0'));
		if (plain) {
			buf_puts(b, s);
			return;
		}
		/* A quoted string: "Task Force, Inc. (MHTTF)" is one name. */
		buf_puts(b, "\"");
		for (p = s; *p; p++) {
			if (*p == '"' || *p == '\\')
				buf_puts(b, "\\");
			buf_append(b, p, 1);
		}
		buf_puts(b, "\"");
		return;
	}
	/*
	 * Words that are atoms stay as they are; each run of others is
	 * encoded whole, spaces and all. Readers drop the white space
	 * between two encoded words (RFC 2047 6.2) where python's parser
	 * keeps a space: with an atom between them, both read the same.
	 */
	for (p = s; *p; p = next) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		end = p + strcspn(p, " ");
		next = end;
		if (!atom(p, (size_t)(end - p))) {
			/* Take every following word that is no atom either. */
			for (;;) {
				const char *q = end, *qe;

				while (*q == ' ')
					q++;
				qe = q + strcspn(q, " ");
				if (*q == '\0' || atom(q, (size_t)(qe - q)))
					break;
				end = next = qe;
			}
		}
		if (!first)
			buf_puts(b, " ");
		first = 0;
		if (atom(p, (size_t)(end - p)))
			buf_append(b, p, (size_t)(end - p));
		else {
			run = xmalloc((size_t)(end - p) + 1);
			memcpy(run, p, (size_t)(end - p));
			run[end - p] = '\0';
			mail_encoded_words(b, run);
			free(run);
		}
	}
}

/* See mail.h. */
void
mail_split_from(const char *from, char *name, size_t namesz, char *addr,
    size_t addrsz)
{
	const char *lt = strrchr(from, '<'), *gt, *start, *end;
	size_t len = 0;

	*name = '\0';
	if (lt == NULL || (gt = strchr(lt, '>')) == NULL) {
		snprintf(addr, addrsz, "%s", from);
		return;
	}
	snprintf(addr, addrsz, "%.*s", (int)(gt - lt - 1), lt + 1);
	start = from;
	end = lt;
	while (start < end && *start == ' ')
		start++;
	while (end > start && end[-1] == ' ')
		end--;
	/* A name already quoted in the file is taken without its quotes. */
	if (end - start >= 2 && *start == '"' && end[-1] == '"') {
		start++;
		end--;
		for (; start < end && len + 1 < namesz; start++) {
			if (*start == '\\' && start + 1 < end)
				start++;
			name[len++] = *start;
		}
		name[len] = '\0';
		return;
	}
	snprintf(name, namesz, "%.*s", (int)(end - start), start);
}

/* See mail.h. */
int
mail_host_of(const char *base_url, const char *from, char *out, size_t outsz)
{
	const char *p = base_url ? base_url : "", *at;
	size_t n;

	if ((p = strstr(p, "://")) != NULL) {
		p += 3;
		/* An IPv6 literal keeps its brackets; a port goes. */
		n = *p == '[' ? strcspn(p, "]") + 1 : strcspn(p, ":/?#");
		if (n > 0 && n < outsz) {
			memcpy(out, p, n);
			out[n] = '\0';
			str_lower(out);
			return 0;
		}
	}
	/* No site address: the domain mail comes from, else localhost. */
	if (from != NULL && (at = strrchr(from, '@')) != NULL) {
		n = strcspn(at + 1, "> ");
		if (n > 0 && n < outsz) {
			memcpy(out, at + 1, n);
			out[n] = '\0';
			str_lower(out);
			return 0;
		}
	}
	snprintf(out, outsz, "localhost");
	return -1;
}

/* See mail.h. */
void
mail_site_host(const struct mail_conf *c, char *out, size_t outsz)
{
	mail_host_of(c->base_url, c->from, out, outsz);
}
