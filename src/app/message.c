/* message.c: the texts of every e-mail, with {name} placeholders filled from stored parameters. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "util.h"
#include "i18n.h"
#include "fmt.h"
#include "core.h"
#include "store.h"
#include "message.h"

const char *const message_keys[MSG__MAX] = {
	"registered", "waitlisted", "promoted", "ticket_again",
	"event_cancelled", "session_cancelled", "session_moved", "certificate",
	"moved", "confirmed", "registration_cancelled", "reminder",
	"evaluation_reminder", "ticket_lost", "admitted",
};

struct text {
	const char	*subject, *body;
};

/* In English; po/ has them in the other languages (placeholders kept). */
static const struct text en[MSG__MAX] = {
	[MSG_REGISTERED] = { N_("Registered: {title}"),
	    N_("You are registered for \"{title}\" ({event}), {when}, {venue}, "
	    "{city}.\n\n"
	    "Your ticket: {site}/tickets/{secret}\nShow its QR code at the "
	    "door. Anyone with the link can see and cancel your "
	    "registration.\n") },
	[MSG_WAITLISTED] = { N_("Waiting list: {title}"),
	    N_("\"{title}\" ({event}) is full; you are number {position} on the "
	    "waiting list and move up automatically when someone cancels; we "
	    "will tell you.\n\nYour ticket: {site}/tickets/{secret}\n") },
	[MSG_PROMOTED] = { N_("You have a place: {title}"),
	    N_("A place opened in \"{title}\" ({event}) and it is yours: you are "
	    "confirmed. Your ticket: {site}/tickets/{secret}\n") },
	[MSG_TICKET_AGAIN] = { N_("Your ticket: {title}"),
	    N_("You (or someone with your address) asked to register again for "
	    "\"{title}\". You are already registered. Your ticket: "
	    "{site}/tickets/{secret}\n") },
	[MSG_EVENT_CANCELLED] = { N_("Cancelled: {title}"),
	    N_("We are sorry: \"{title}\" is cancelled. Your registration no "
	    "longer holds a place.\n") },
	[MSG_SESSION_CANCELLED] = { N_("Cancelled: {title}"),
	    N_("We are sorry: \"{title}\" is cancelled.\n") },
	[MSG_SESSION_MOVED] = { N_("Changed: {title}"),
	    N_("\"{title}\" has moved: it now starts {starts} and ends {ends} "
	    "({zone}).\n") },
	[MSG_CERTIFICATE] = { N_("Your certificate: {title}"),
	    N_("Your certificate of attendance for \"{title}\" ({hours} CE hours) "
	    "is ready. Download it from your ticket: {site}/tickets/{secret}\n"
	    "Verification code: {code}\n") },
	[MSG_MOVED] = { N_("Your registration moved: {title}"),
	    N_("The organisers moved your registration from \"{from}\" to "
	    "\"{title}\" ({event}), {when}, {venue}, {city}. You are {status}."
	    "\n\nYour ticket: {site}/tickets/{secret}\nThe calendar file "
	    "attached has the new time.\n") },
	[MSG_CONFIRMED] = { N_("You have a place: {title}"),
	    N_("The organisers confirmed your place in \"{title}\" ({event}), "
	    "{when}, {venue}, {city}: you are no longer on the waiting list."
	    "\n\nYour ticket: {site}/tickets/{secret}\n") },
	[MSG_REG_CANCELLED] = { N_("Registration cancelled: {title}"),
	    N_("The organisers cancelled your registration for \"{title}\" "
	    "({event}). If you think this is a mistake, reply to this "
	    "message.\n") },
	[MSG_REMINDER] = { N_("Tomorrow: {title}"),
	    N_("A reminder: \"{title}\" ({event}) is {when}, at {venue}, "
	    "{city}.\n\nYour ticket: {site}/tickets/{secret}\nShow its QR "
	    "code at the door. The calendar file is attached. If you cannot "
	    "come, cancel from your ticket so that someone on the waiting list "
	    "gets your place.\n") },
	[MSG_EVAL_REMINDER] = { N_("Your certificate waits: {title}"),
	    N_("Thank you for coming to \"{title}\". Your certificate of "
	    "attendance ({hours} CE hours) is ready once you complete the "
	    "evaluation: {site}/tickets/{secret}/forms/evaluation\n") },
	[MSG_TICKET_LOST] = { N_("Your ticket: {title}"),
	    N_("You (or someone with your address) asked for the link to your "
	    "ticket for \"{title}\" ({event}), {when}.\n\nYour ticket: "
	    "{site}/tickets/{secret}\nIf you did not ask, you can ignore this "
	    "message.\n") },
	[MSG_ADMITTED] = { N_("You are in: {title}"),
	    N_("The organisers admitted you to \"{title}\" ({event}) although it "
	    "was full: your place is confirmed.\n\nYour ticket: "
	    "{site}/tickets/{secret}\n") },
};

/* See message.h. */
int
message_queue(struct store_tx *tx, const char *to, enum message m,
    const char *lang, int64_t ics_session, int64_t now, ...)
{
	json_t *p = json_object();
	struct arena *a = arena_new();
	const char *k, *v;
	char *text;
	va_list ap;
	int rc;

	va_start(ap, now);
	while ((k = va_arg(ap, const char *)) != NULL) {
		v = va_arg(ap, const char *);
		/* The outbox keeps no ticket code: sealed, opened at sending. */
		if (strcmp(k, "secret") == 0 && v != NULL && (v =
		    store_ticket_seal(store_tx_store(tx), a, v)) == NULL) {
			va_end(ap);
			json_decref(p);
			arena_free(a);
			return STORE_ERROR;
		}
		json_object_set_new(p, strcmp(k, "secret") == 0 ? "ticket" :
		    k, json_string(v ? v : ""));
	}
	va_end(ap);
	text = json_dumps(p, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(p);
	arena_free(a);
	if (text == NULL)
		return STORE_ERROR;
	rc = store_outbox_add(tx, to, message_keys[m], lang ? lang : "en",
	    text, ics_session, now);
	free(text);
	return rc;
}

/* See message.h. */
char *
message_unseal(struct store *s, struct arena *a, const char *params)
{
	json_error_t err;
	json_t *p, *t;
	char *code, *text, *out;

	if (params == NULL || (p = json_loads(params, 0, &err)) == NULL)
		return (char *)params;
	if (!json_is_object(p) || (t = json_object_get(p, "ticket")) == NULL ||
	    !json_is_string(t) ||
	    (code = store_ticket_open(s, a, json_string_value(t))) == NULL) {
		json_decref(p);
		return (char *)params;
	}
	json_object_set_new(p, "secret", json_string(code));
	json_object_del(p, "ticket");
	text = json_dumps(p, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(p);
	if (text == NULL)
		return (char *)params;
	out = arena_strdup(a, text);
	free(text);
	return out;
}

/* t with every {name} that params has replaced by its value. */
static char *
fill(struct arena *a, const char *t, json_t *params)
{
	struct buf b;
	char *out;

	buf_init(&b, 0);
	while (*t) {
		const char *end;
		json_t *v;

		if (*t == '{' && (end = strchr(t, '}')) != NULL) {
			char *name = arena_strndup(a, t + 1, (size_t)(end - t - 1));

			if ((v = json_object_get(params, name)) != NULL &&
			    json_is_string(v)) {
				buf_append(&b, json_string_value(v),
				    json_string_length(v));
				t = end + 1;
				continue;
			}
		}
		buf_append(&b, t, 1);
		t++;
	}
	out = arena_strndup(a, b.data ? b.data : "", b.len);
	buf_free(&b);
	return out;
}

/*
 * Parameters written out in the reader's language at sending: {when},
 * {starts} and {ends} from start, end and tz (raw times), {status} from
 * status_key. Messages queued before carry them written, in English.
 */
static void
derive(struct arena *a, json_t *p)
{
	json_t *st = json_object_get(p, "start"), *e = json_object_get(p, "end");
	json_t *tz = json_object_get(p, "tz"), *k = json_object_get(p, "status_key");
	const char *zone = json_is_string(tz) ? json_string_value(tz) : "UTC";

	if (json_is_string(st) && json_is_string(e)) {
		int64_t s0 = strtoll(json_string_value(st), NULL, 10);
		int64_t e0 = strtoll(json_string_value(e), NULL, 10);

		json_object_set_new(p, "when", json_string(fmt_when(a, zone,
		    s0, e0)));
		json_object_set_new(p, "starts", json_string(fmt_moment(a, zone,
		    s0)));
		json_object_set_new(p, "ends", json_string(fmt_moment(a, zone,
		    e0)));
		json_object_set_new(p, "zone", json_string(zone));
	}
	/* Queued before times came raw: no placeholder left showing. */
	if (json_object_get(p, "when") == NULL)
		json_object_set_new(p, "when", json_string(""));
	if (json_is_string(k))
		json_object_set_new(p, "status", json_string(
		    strcmp(json_string_value(k), "confirmed") == 0 ?
		    _("confirmed") : _("on the waiting list")));
}

/* See message.h. */
int
message_render(struct arena *a, const char *tmpl, const char *lang,
    const char *params, char **subject, char **body)
{
	enum lang was;
	json_error_t err;
	json_t *p;
	int i;

	if (tmpl == NULL || params == NULL)
		return -1;
	for (i = 0; i < MSG__MAX; i++)
		if (strcmp(tmpl, message_keys[i]) == 0)
			break;
	if (i == MSG__MAX)
		return -1;
	if ((p = json_loads(params, 0, &err)) == NULL || !json_is_object(p)) {
		json_decref(p);
		return -1;
	}
	/* The reader's language, whatever thread sends it. */
	was = i18n_set(i18n_from_code(lang));
	derive(a, p);
	*subject = fill(a, gettext(en[i].subject), p);
	*body = fill(a, gettext(en[i].body), p);
	i18n_set(was);
	json_decref(p);
	return 0;
}
