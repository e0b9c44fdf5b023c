/* conf.c: the configuration file (INI, read with inih): SMTP and the site. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "util.h"
#include "limit.h"
#include "mail.h"

struct parse {
	struct mail_conf	*c;
	char			 err[200];
};

static int
copy(char *dst, size_t dstsz, const char *v)
{
	if (strlen(v) >= dstsz || !text_clean(v, 0))
		return 0;
	strcpy(dst, v);
	return 1;
}

/*
 * A list of origins (scheme://host[:port], no path), by spaces or commas,
 * or "*" for any; 0 with the reason in err.
 */
static int
origins_ok(const char *v, char *err, size_t errsz)
{
	const char *p = v, *host;
	size_t len, i;

	while (*(p += strspn(p, " ,")) != '\0') {
		len = strcspn(p, " ,");
		if (len == 1 && *p == '*') {
			p++;
			continue;
		}
		if (strncmp(p, "https://", 8) == 0)
			host = p + 8;
		else if (strncmp(p, "http://", 7) == 0)
			host = p + 7;
		else
			goto bad;
		if (host >= p + len)
			goto bad;
		for (i = (size_t)(host - p); i < len; i++)
			if (!((p[i] >= 'a' && p[i] <= 'z') ||
			    (p[i] >= 'A' && p[i] <= 'Z') ||
			    (p[i] >= '0' && p[i] <= '9') || p[i] == '.' ||
			    p[i] == '-' || p[i] == ':' || p[i] == '[' ||
			    p[i] == ']'))
				goto bad;
		p += len;
	}
	return 1;
bad:
	snprintf(err, errsz, "[site] cors_origins: '%.*s' is not an origin "
	    "(https://host[:port], no path) or *", (int)strcspn(p, " ,"), p);
	return 0;
}

static int
on_value(void *user, const char *section, const char *name, const char *v)
{
	struct parse *p = user;
	struct mail_conf *c = p->c;

	if (strcmp(section, "smtp") == 0) {
		if (strcmp(name, "host") == 0)
			return copy(c->host, sizeof(c->host), v);
		if (strcmp(name, "port") == 0) {
			char *end;
			long port = strtol(v, &end, 10);

			if (*end != '\0' || port < 1 || port > 65535)
				return 0;
			c->port = (int)port;
			return 1;
		}
		if (strcmp(name, "security") == 0)
			return (strcmp(v, "starttls") == 0 ||
			    strcmp(v, "tls") == 0 || strcmp(v, "none") == 0) &&
			    copy(c->security, sizeof(c->security), v);
		if (strcmp(name, "user") == 0)
			return copy(c->user, sizeof(c->user), v);
		if (strcmp(name, "password") == 0)
			return copy(c->password, sizeof(c->password), v);
		if (strcmp(name, "from") == 0)
			return copy(c->from, sizeof(c->from), v);
	} else if (strcmp(section, "hotline") == 0) {
		if (strcmp(name, "name") == 0)
			return copy(c->hotline_name, sizeof(c->hotline_name), v);
		if (strcmp(name, "phone") == 0)
			return strspn(v, "0123456789+-() .") == strlen(v) &&
			    copy(c->hotline_phone, sizeof(c->hotline_phone), v);
		if (strcmp(name, "text") == 0) {
			c->hotline_text_set = 1;
			return strspn(v, "0123456789") == strlen(v) &&
			    (*v == '\0' || copy(c->hotline_text,
			    sizeof(c->hotline_text), v));
		}
	} else if (strcmp(section, "limits") == 0) {
		if (limit_conf_set(&c->limits, name, v) == 0)
			return 1;
		snprintf(p->err, sizeof(p->err), "[limits] %s: %s", name,
		    strcmp(name, "trusted_proxies") == 0 ? "wants addresses or "
		    "networks (ADDR/BITS) separated by commas" : strcmp(name,
		    "enabled") == 0 ? "wants true or false" : "an unknown "
		    "setting or not a whole number");
		return 0;
	} else if (strcmp(section, "serve") == 0) {
		if (strcmp(name, "db") == 0)
			return *v != '\0' && copy(c->db, sizeof(c->db), v);
		if (strcmp(name, "listen") == 0)
			return copy(c->listen, sizeof(c->listen), v);
		if (strcmp(name, "trusted_proxy") == 0)
			return copy(c->trusted_proxy, sizeof(c->trusted_proxy), v);
		if (strcmp(name, "behind_tls") == 0) {
			if (strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 ||
			    strcmp(v, "1") == 0)
				c->behind_tls = 1;
			else if (strcmp(v, "no") == 0 || strcmp(v, "false") == 0 ||
			    strcmp(v, "0") == 0)
				c->behind_tls = 2;
			else
				return 0;
			return 1;
		}
		if (strcmp(name, "threads") == 0 ||
		    strcmp(name, "connection_memory") == 0) {
			int t = strcmp(name, "threads") == 0;
			char *end;
			long n = strtol(v, &end, 10);

			if (*v == '\0' || *end != '\0' || n < (t ? 1 : 4) ||
			    n > (t ? 1024 : 64))
				return 0;
			*(t ? &c->threads : &c->conn_kib) = (unsigned)n;
			return 1;
		}
	} else if (strcmp(section, "site") == 0 &&
	    strcmp(name, "base_url") == 0)
		return (strncmp(v, "http://", 7) == 0 ||
		    strncmp(v, "https://", 8) == 0) &&
		    copy(c->base_url, sizeof(c->base_url), v);
	else if (strcmp(section, "site") == 0 &&
	    strcmp(name, "ticket_key_file") == 0)
		return *v != '\0' &&
		    copy(c->ticket_key_file, sizeof(c->ticket_key_file), v);
	else if (strcmp(section, "site") == 0 &&
	    strcmp(name, "cors_origins") == 0) {
		if (!origins_ok(v, p->err, sizeof(p->err)))
			return 0;
		return copy(c->cors_origins, sizeof(c->cors_origins), v);
	}
	snprintf(p->err, sizeof(p->err), "unknown setting [%s] %s", section,
	    name);
	return 0;
}

/* See mail.h. */
int
mail_conf_read(const char *path, struct mail_conf *c, char *err, size_t errsz)
{
	struct parse p;
	int line;

	memset(c, 0, sizeof(*c));
	strcpy(c->security, "starttls");
	limit_conf_default(&c->limits);
	memset(&p, 0, sizeof(p));
	p.c = c;
	if ((line = ini_parse(path, on_value, &p)) != 0) {
		if (line < 0)
			snprintf(err, errsz, "cannot read %s", path);
		else
			snprintf(err, errsz, "%s line %d: %s", path, line,
			    *p.err ? p.err : "a wrong value");
		return -1;
	}
	if (*c->host && *c->from == '\0') {
		snprintf(err, errsz, "%s: [smtp] needs from", path);
		return -1;
	}
	return 0;
}

/* See mail.h. */
int
mail_configured(const struct mail_conf *c)
{
	return c != NULL && c->host[0] != '\0';
}
