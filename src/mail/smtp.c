/* smtp.c: composing a message and handing it to an SMTP server with libcurl. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <sodium.h>

#include "util.h"
#include "mail.h"

struct reader {
	const char	*data;
	size_t		 len, off;
};

static size_t
read_cb(char *ptr, size_t size, size_t n, void *arg)
{
	struct reader *rd = arg;
	size_t room = size * n, left = rd->len - rd->off;

	if (left < room)
		room = left;
	memcpy(ptr, rd->data + rd->off, room);
	rd->off += room;
	return room;
}

/* The bare address of "Name <addr>" or "addr". */
static void
address(const char *from, char *out, size_t outsz)
{
	char name[320];

	mail_split_from(from, name, sizeof(name), out, outsz);
}

/* Base64 in lines of 76 characters, as MIME asks. */
static void
base64_lines(struct buf *b, const char *s)
{
	size_t n = strlen(s), len, i;
	char *b64;

	len = sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL);
	b64 = xmalloc(len);
	sodium_bin2base64(b64, len, (const unsigned char *)s, n,
	    sodium_base64_VARIANT_ORIGINAL);
	n = strlen(b64);
	for (i = 0; i < n; i += 76) {
		buf_append(b, b64 + i, n - i < 76 ? n - i : 76);
		buf_puts(b, "\r\n");
	}
	free(b64);
}

/* See mail.h. */
int
mail_compose(struct buf *out, const struct mail_conf *c, const char *to,
    const char *subject, const char *body, const char *ics)
{
	char date[64], boundary[33], id[33], from[320], name[320];
	char host[256], method[16] = "PUBLISH";
	const char *meth, *site = *c->base_url ? c->base_url : "http://localhost:8080";
	const char *p, *hit;
	struct buf text;
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	token_random(boundary, 32);
	token_random(id, 32);
	mail_split_from(c->from, name, sizeof(name), from, sizeof(from));
	mail_site_host(c, host, sizeof(host));
	/* The body says {site} where the site's address goes. */
	buf_init(&text, 0);
	for (p = body; (hit = strstr(p, "{site}")) != NULL; p = hit + 6) {
		buf_append(&text, p, (size_t)(hit - p));
		buf_puts(&text, site);
	}
	buf_puts(&text, p);

	/* The name is a phrase: quoted or encoded, never raw 8-bit bytes. */
	buf_puts(out, "From: ");
	if (*name) {
		mail_header_phrase(out, name);
		buf_printf(out, " <%s>", from);
	} else
		buf_puts(out, from);
	buf_puts(out, "\r\nTo: ");
	buf_puts(out, to);
	buf_puts(out, "\r\nSubject: ");
	mail_header_text(out, subject);
	buf_printf(out, "\r\nDate: %s\r\nMessage-ID: <%s@%s>\r\n"
	    "MIME-Version: 1.0\r\n", date, id, host);
	if (ics == NULL) {
		buf_puts(out, "Content-Type: text/plain; charset=utf-8\r\n"
		    "Content-Transfer-Encoding: base64\r\n\r\n");
		base64_lines(out, text.data ? text.data : "");
	} else {
		buf_printf(out, "Content-Type: multipart/mixed; "
		    "boundary=\"%s\"\r\n\r\n--%s\r\n"
		    "Content-Type: text/plain; charset=utf-8\r\n"
		    "Content-Transfer-Encoding: base64\r\n\r\n", boundary,
		    boundary);
		base64_lines(out, text.data ? text.data : "");
		/* The part says the calendar's own METHOD (RFC 6047 2.4). */
		if ((meth = strstr(ics, "\nMETHOD:")) != NULL)
			snprintf(method, sizeof(method), "%.*s",
			    (int)strcspn(meth + 8, "\r\n"), meth + 8);
		buf_printf(out, "--%s\r\nContent-Type: text/calendar; "
		    "charset=utf-8; method=%s; name=\"session.ics\"\r\n"
		    "Content-Disposition: attachment; filename=\"session.ics\"\r\n"
		    "Content-Transfer-Encoding: base64\r\n\r\n", boundary,
		    method);
		base64_lines(out, ics);
		buf_printf(out, "--%s--\r\n", boundary);
	}
	buf_free(&text);
	return out->overflow ? -1 : 0;
}

/* See mail.h. */
struct mail_link *
mail_link_new(void)
{
	return (struct mail_link *)curl_easy_init();
}

/* See mail.h. */
void
mail_link_free(struct mail_link *l)
{
	if (l != NULL)
		curl_easy_cleanup((CURL *)l);
}

/* See mail.h. */
int
mail_link_send(struct mail_link *l, const struct mail_conf *c, const char *to,
    const struct buf *msg, char *err, size_t errsz)
{
	char url[600], from[320], rcpt[320], host[256];
	struct curl_slist *rcpts = NULL;
	struct reader rd = { msg->data, msg->len, 0 };
	int port = c->port;
	CURL *curl = (CURL *)l;
	CURLcode rc;

	if (curl == NULL) {
		snprintf(err, errsz, "cannot start libcurl");
		return -1;
	}
	/* The options go, the open connection stays: the next message goes
	 * over it, not over a new one. */
	curl_easy_reset(curl);
	if (port == 0)
		port = strcmp(c->security, "tls") == 0 ? 465 :
		    strcmp(c->security, "none") == 0 ? 25 : 587;
	/* The path is the name libcurl greets with (EHLO): the site's, not
	 * this machine's, which may be a container's or "localhost". */
	mail_site_host(c, host, sizeof(host));
	snprintf(url, sizeof(url), "%s://%s:%d/%s",
	    strcmp(c->security, "tls") == 0 ? "smtps" : "smtp", c->host, port,
	    host);
	address(c->from, from, sizeof(from));
	address(to, rcpt, sizeof(rcpt));
	rcpts = curl_slist_append(rcpts, rcpt);
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpts);
	curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(curl, CURLOPT_READDATA, &rd);
	curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
	if (strcmp(c->security, "starttls") == 0)
		curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (*c->user) {
		curl_easy_setopt(curl, CURLOPT_USERNAME, c->user);
		curl_easy_setopt(curl, CURLOPT_PASSWORD, c->password);
	}
	rc = curl_easy_perform(curl);
	if (rc != CURLE_OK)
		snprintf(err, errsz, "%s", curl_easy_strerror(rc));
	curl_slist_free_all(rcpts);
	return rc == CURLE_OK ? 0 : -1;
}
