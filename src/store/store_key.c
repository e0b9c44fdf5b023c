/* store_key.c: the ticket key, kept outside the database, that seals every ticket code. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>

#include "util.h"
#include "store.h"
#include "store_priv.h"

#define KEY_HEX (2 * crypto_secretbox_KEYBYTES)

/* [site] ticket_key_file or a command's option: wins over the defaults. */
static char key_file_set[1024];

/* See store.h. */
void
store_key_file_set(const char *path)
{
	snprintf(key_file_set, sizeof(key_file_set), "%s", path ? path : "");
}

/*
 * Where a PostgreSQL database's key lives when none is named: the user's
 * state folder ($STATE_DIRECTORY under systemd, else $XDG_STATE_HOME or
 * ~/.local/state), convene/ticket-HASH.key, HASH from the URI without its
 * scheme and password. Every node on one machine finds the same file;
 * nodes on several machines name one with ticket_key_file.
 */
static char *
pg_default_path(const char *uri)
{
	const char *st = getenv("STATE_DIRECTORY"), *xdg =
	    getenv("XDG_STATE_HOME"), *home = getenv("HOME"), *p, *at, *colon;
	unsigned char h[8];
	char dir[900], hex[sizeof(h) * 2 + 1], *out;
	crypto_generichash_state gs;
	size_t n;

	if (st != NULL && *st && strchr(st, ':') == NULL)
		snprintf(dir, sizeof(dir), "%s", st);
	else if (xdg != NULL && *xdg == '/')
		snprintf(dir, sizeof(dir), "%s/convene", xdg);
	else if (home != NULL && *home == '/')
		snprintf(dir, sizeof(dir), "%s/.local/state/convene", home);
	else
		return NULL;
	/* Each folder of the path, made private where we make it. */
	for (p = dir + 1; (p = strchr(p, '/')) != NULL; p++) {
		char part[900];

		snprintf(part, sizeof(part), "%.*s", (int)(p - dir), dir);
		(void)mkdir(part, 0700);
	}
	if (mkdir(dir, 0700) == -1 && errno != EEXIST)
		return NULL;
	p = strstr(uri, "://");
	p = p ? p + 3 : uri;
	at = strchr(p, '@');
	colon = at ? memchr(p, ':', (size_t)(at - p)) : NULL;
	crypto_generichash_init(&gs, NULL, 0, sizeof(h));
	/* user, then what follows the password */
	crypto_generichash_update(&gs, (const unsigned char *)p,
	    colon ? (size_t)(colon - p) : at ? (size_t)(at - p) : 0);
	crypto_generichash_update(&gs, (const unsigned char *)(at ? at : p),
	    strlen(at ? at : p));
	crypto_generichash_final(&gs, h, sizeof(h));
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	n = strlen(dir) + sizeof(hex) + 20;
	out = xmalloc(n);
	snprintf(out, n, "%s/ticket-%s.key", dir, hex);
	return out;
}

/* See store.h. */
char *
store_key_path(const char *db)
{
	const char *env = getenv("CONVENE_TICKET_KEY_FILE");
	size_t n;
	char *p;

	if (*key_file_set)
		return xstrdup(key_file_set);
	if (env != NULL && *env)
		return xstrdup(env);
	if (store_is_pg(db))
		return pg_default_path(db);
	n = strlen(db) + 5;
	p = xmalloc(n);
	snprintf(p, n, "%s.key", db);
	return p;
}

/* See store.h. */
int
store_key_read(const char *path, unsigned char key[STORE_KEY_BYTES])
{
	char text[KEY_HEX + 8];
	size_t len, used;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL)
		return errno == ENOENT ? 0 : -1;
	len = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[len] = '\0';
	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
		text[--len] = '\0';
	if (len != KEY_HEX || sodium_hex2bin(key, STORE_KEY_BYTES, text, len,
	    NULL, &used, NULL) != 0 || used != STORE_KEY_BYTES)
		return -1;
	return 1;
}

/* See store.h. */
int
store_key_write(const char *path, const unsigned char key[STORE_KEY_BYTES])
{
	char text[KEY_HEX + 2];
	int fd;

	sodium_bin2hex(text, KEY_HEX + 1, key, STORE_KEY_BYTES);
	text[KEY_HEX] = '\n';
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600)) == -1)
		return -1;
	if (write(fd, text, KEY_HEX + 1) != KEY_HEX + 1 || fsync(fd) == -1) {
		close(fd);
		unlink(path);
		return -1;
	}
	sodium_memzero(text, sizeof(text));
	return close(fd);
}

/* Reads the key once per connection; 1 when there is one. */
static int
key_load(struct store *s)
{
	if (s->key_state == 0) {
		s->key_state = -1;
		if (s->key_path != NULL &&
		    store_key_read(s->key_path, s->key) == 1)
			s->key_state = 1;
	}
	return s->key_state == 1;
}

/* See store.h. */
char *
store_ticket_seal(struct store *s, struct arena *a, const char *code)
{
	size_t n = strlen(code), blen = crypto_secretbox_NONCEBYTES +
	    crypto_secretbox_MACBYTES + n;
	unsigned char *b;
	char *hex;

	if (!key_load(s))
		return NULL;
	b = arena_alloc(a, blen);
	randombytes_buf(b, crypto_secretbox_NONCEBYTES);
	crypto_secretbox_easy(b + crypto_secretbox_NONCEBYTES,
	    (const unsigned char *)code, n, b, s->key);
	hex = arena_alloc(a, 2 * blen + 1);
	sodium_bin2hex(hex, 2 * blen + 1, b, blen);
	return hex;
}

/* See store.h. */
char *
store_ticket_open(struct store *s, struct arena *a, const char *box)
{
	unsigned char b[256];
	size_t blen;
	char *code;

	if (box == NULL || !key_load(s) || strlen(box) > 2 * sizeof(b) ||
	    sodium_hex2bin(b, sizeof(b), box, strlen(box), NULL, &blen,
	    NULL) != 0 || blen < crypto_secretbox_NONCEBYTES +
	    crypto_secretbox_MACBYTES)
		return NULL;
	blen -= crypto_secretbox_NONCEBYTES;
	code = arena_alloc(a, blen - crypto_secretbox_MACBYTES + 1);
	if (crypto_secretbox_open_easy((unsigned char *)code,
	    b + crypto_secretbox_NONCEBYTES, blen, b, s->key) != 0)
		return NULL;
	code[blen - crypto_secretbox_MACBYTES] = '\0';
	return code;
}

/* See store_priv.h. */
char *
store_col_ticket(struct store *s, struct store_q *q, int idx, struct arena *a)
{
	char *code = store_ticket_open(s, a, s->be->col_text(q, idx));

	return code ? code : arena_strdup(a, "");
}

/* One statement's single text value into the arena, or NULL. */
static char *
one_text(struct store *s, struct arena *a, enum stmt st)
{
	struct store_q *q = s->be->query(s->conn, st);
	char *v = NULL;

	if (q == NULL)
		return NULL;
	if (s->be->step(q) == STEP_ROW)
		v = store_col_dup(s, q, 0, a);
	s->be->done(q);
	return v;
}

/* Messages queued before codes were sealed: their "secret" becomes a
 * sealed "ticket", which the sender opens (message_unseal). */
static int
seal_outbox(struct store_tx *tx, struct arena *a)
{
	struct store *s = tx->s;
	const struct store_backend *be = s->be;
	struct store_q *q;
	int64_t *ids = NULL;
	char **params = NULL;
	size_t n = 0, cap = 0, cap2 = 0, i;
	enum step rc;

	if ((q = be->query(s->conn, STMT_OUTBOX_PLAIN)) == NULL)
		return STORE_ERROR;
	while ((rc = be->step(q)) == STEP_ROW) {
		ids = arena_grow(a, ids, n, &cap, sizeof(*ids));
		params = arena_grow(a, params, n, &cap2, sizeof(*params));
		ids[n] = be->col_int(q, 0);
		params[n++] = store_col_dup(s, q, 1, a);
	}
	be->done(q);
	if (rc != STEP_DONE)
		return STORE_ERROR;
	for (i = 0; i < n; i++) {
		json_t *p = json_loads(params[i], 0, NULL), *v;
		char *box = NULL, *text = NULL;
		int ret = STORE_ERROR;

		if (p == NULL || !json_is_object(p) ||
		    (v = json_object_get(p, "secret")) == NULL ||
		    !json_is_string(v)) {
			json_decref(p);
			continue;
		}
		if ((box = store_ticket_seal(s, a, json_string_value(v))) !=
		    NULL) {
			json_object_set_new(p, "ticket", json_string(box));
			json_object_del(p, "secret");
			text = json_dumps(p, JSON_COMPACT | JSON_SORT_KEYS);
		}
		json_decref(p);
		if (text != NULL && (q = store_txq(tx, STMT_OUTBOX_PARAMS)) !=
		    NULL) {
			be->bind_int(q, 1, ids[i]);
			be->bind_text(q, 2, text);
			ret = store_run(tx, q, NULL);
		}
		free(text);
		if (ret != STORE_OK)
			return STORE_ERROR;
	}
	return STORE_OK;
}

/* Seals the codes that migration left in plain text (secret_box NULL):
 * their links are in people's mailboxes, so the codes stay. */
static int
seal_legacy(struct store_tx *tx, void *arg)
{
	struct store *s = tx->s;
	const struct store_backend *be = s->be;
	struct arena *a = arg;
	struct store_q *q;
	int64_t *ids = NULL;
	char **codes = NULL, hash[TOKEN_HASH_HEX];
	size_t n = 0, cap = 0, cap2 = 0, i;
	enum step rc;

	if ((q = be->query(s->conn, STMT_TICKET_LEGACY)) == NULL)
		return STORE_ERROR;
	while ((rc = be->step(q)) == STEP_ROW) {
		ids = arena_grow(a, ids, n, &cap, sizeof(*ids));
		codes = arena_grow(a, codes, n, &cap2, sizeof(*codes));
		ids[n] = be->col_int(q, 0);
		codes[n++] = store_col_dup(s, q, 1, a);
	}
	be->done(q);
	if (rc != STEP_DONE)
		return STORE_ERROR;
	for (i = 0; i < n; i++) {
		char *box = store_ticket_seal(s, a, codes[i]);

		if (box == NULL || (q = store_txq(tx, STMT_TICKET_SEAL)) == NULL)
			return STORE_ERROR;
		token_hash(codes[i], hash);
		be->bind_int(q, 1, ids[i]);
		be->bind_text(q, 2, hash);
		be->bind_text(q, 3, box);
		if (store_run(tx, q, NULL) != STORE_OK)
			return STORE_ERROR;
	}
	return seal_outbox(tx, a);
}

/* See store_priv.h. */
int
store_key_setup(struct store *s)
{
	struct arena *a = arena_new();
	unsigned char key[STORE_KEY_BYTES];
	char *sealed, *legacy;
	int r, ret = -1;

	if (s->key_path == NULL) {
		log_warn("no place for the ticket key: name a file with [site] "
		    "ticket_key_file in the configuration or "
		    "CONVENE_TICKET_KEY_FILE (every node the same file)");
		goto out;
	}
	if ((r = store_key_read(s->key_path, key)) == -1) {
		log_warn("ticket key %s cannot be read or is not 64 hex "
		    "digits", s->key_path);
		goto out;
	}
	sealed = one_text(s, a, STMT_TICKET_ONE);
	if (r == 0) {
		if (sealed != NULL) {
			log_warn("the database has tickets but their key %s is "
			    "missing: restore it from the backup beside the "
			    "database (or name it with [site] ticket_key_file)",
			    s->key_path);
			goto out;
		}
		randombytes_buf(key, sizeof(key));
		/* Another node may have written it first: then use that. */
		if (store_key_write(s->key_path, key) == -1 && (errno !=
		    EEXIST || store_key_read(s->key_path, key) != 1)) {
			log_warn("cannot create the ticket key %s: %s",
			    s->key_path, strerror(errno));
			goto out;
		}
	}
	s->key_state = 0;
	if (!key_load(s))
		goto out;
	if (sealed != NULL && store_ticket_open(s, a, sealed) == NULL) {
		log_warn("ticket key %s does not open this database's tickets "
		    "(the key of another database?)", s->key_path);
		goto out;
	}
	/* Plain codes to seal: then overwrite what the old values leave. */
	if ((legacy = one_text(s, a, STMT_TICKET_LEGACY)) == NULL)
		legacy = one_text(s, a, STMT_OUTBOX_PLAIN);
	if (legacy != NULL)
		(void)one_text(s, a, STMT_SCRUB_ON);
	if (store_write(s, seal_legacy, a) != STORE_OK)
		goto out;
	if (legacy != NULL)
		(void)one_text(s, a, STMT_SCRUB_FLUSH);
	ret = 0;
out:
	sodium_memzero(key, sizeof(key));
	arena_free(a);
	return ret;
}
