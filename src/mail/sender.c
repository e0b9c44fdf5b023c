/* sender.c: the thread that drains the outbox, with retries and growing delays. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "util.h"
#include "i18n.h"
#include "core.h"
#include "store.h"
#include "ics.h"
#include "message.h"
#include "mail.h"

#define BATCH 20
#define PERIOD_S 5
#define STOP_WAIT_S 5	/* how long stopping waits for a send under way */

struct mail_sender {
	pthread_t	 thread;
	pthread_mutex_t	 lock;
	pthread_cond_t	 cond;
	int		 stop;
	struct mail_conf conf;
	char		*path;
};

/* Seconds before retry n: one minute, doubling, at most six hours. */
static int64_t
backoff(int64_t attempts)
{
	int64_t d = 60;

	while (attempts-- > 0 && d < 6 * 3600)
		d *= 2;
	return d < 6 * 3600 ? d : 6 * 3600;
}

/* The registration a message is about: its "registration" parameter, else
 * the recipient's live registration for the session; 0 when none. */
static int
person(struct store *s, struct arena *a, const struct store_mail *m,
    struct store_registration *g)
{
	json_t *p = m->params ? json_loads(m->params, 0, NULL) : NULL;
	const char *v = json_string_value(json_object_get(p, "registration"));
	int64_t id = v ? strtoll(v, NULL, 10) : 0;
	char *norm;

	json_decref(p);
	if (id > 0 && store_registration_get(s, a, id, g) == STORE_OK &&
	    g->session_id == m->ics_session_id)
		return 1;
	norm = arena_strdup(a, m->to);
	str_lower(norm);
	return store_reg_by_email(s, a, m->ics_session_id, norm, g) ==
	    STORE_OK;
}

/*
 * The calendar file of a message about a session, in the arena; NULL when
 * the session is gone. It is the recipient's own event: the UID of their
 * ticket's file, the session's SEQUENCE, the sender as ORGANIZER, them as
 * ATTENDEE, and METHOD:REQUEST, or METHOD:CANCEL once cancelled.
 */
static const char *
session_ics(struct store *s, struct arena *a, const struct store_mail *m,
    const struct mail_conf *c, int64_t now)
{
	struct store_session ss;
	struct store_registration g;
	struct ics_event ev;
	struct buf b;
	char host[256], from[320], name[320];
	const char *out = NULL;
	int have, gone;

	if (store_session_get(s, a, m->ics_session_id, &ss) != STORE_OK)
		return NULL;
	have = person(s, a, m, &g);
	mail_site_host(c, host, sizeof(host));
	mail_split_from(c->from, name, sizeof(name), from, sizeof(from));
	memset(&ev, 0, sizeof(ev));
	ev.uid = have ? arena_printf(a, ICS_UID_REGISTRATION, (long long)g.id,
	    host) : arena_printf(a, "session-%lld-mail@%s", (long long)ss.id,
	    host);
	ev.summary = ss.title;
	ev.description = have ? ics_ticket_description(a, ss.event_title) :
	    ss.event_title;
	ev.location = arena_printf(a, "%s, %s, %s", ss.venue, ss.city, ss.state);
	ev.starts_at = ss.starts_at;
	ev.ends_at = ss.ends_at;
	ev.stamp = now;
	gone = ss.cancelled || ss.event_cancelled;
	ev.sequence = ss.ics_sequence;
	/* A person's own cancellation is one more change of their event. */
	if (!gone && have && g.status == STATUS_CANCELLED) {
		gone = 1;
		ev.sequence++;
	}
	ev.cancelled = gone;
	/* On the waiting list: in the calendar, but not yet a place. */
	ev.tentative = have && g.status == STATUS_WAITLISTED;
	ev.organizer = from;
	ev.organizer_name = name;
	ev.attendee = m->to;
	buf_init(&b, 0);
	if (ics_render(&b, &ev, gone ? ICS_CANCEL : ICS_REQUEST) == 0)
		out = arena_strdup(a, b.data);
	buf_free(&b);
	return out;
}

/* See mail.h. */
int
mail_drain(struct store *s, const struct mail_conf *c, int64_t now)
{
	struct arena *a = arena_new();
	char *provider = NULL;
	struct store_mail *m;
	struct store_tx *tx;
	struct mail_link *link = NULL;
	size_t n, i;
	int sent = 0;

	/* Claimed in a short write of its own; sent outside any. */
	if ((tx = store_tx_begin(s)) == NULL ||
	    store_outbox_claim(tx, a, now, BATCH, &m, &n) != STORE_OK) {
		store_tx_rollback(tx);
		arena_free(a);
		return -1;
	}
	if (store_tx_commit(tx) == -1) {
		arena_free(a);
		return -1;
	}
	if (store_setting_get(s, a, "provider_name", &provider) != STORE_OK ||
	    provider == NULL || *provider == '\0')
		provider = NULL;
	for (i = 0; i < n; i++) {
		char err[256] = "";
		struct buf msg;
		/* Rendered now, outside any write: the row keeps no body. */
		/* The calendar file's words in the message's language. */
		enum lang was = i18n_set(i18n_from_code(m[i].lang));
		const char *ics = m[i].ics_session_id ?
		    session_ics(s, a, &m[i], c, now) : NULL;

		i18n_set(was);
		char *subject = m[i].subject, *body = m[i].body;
		int ok = 1;

		if (m[i].template != NULL && message_render(a, m[i].template,
		    m[i].lang, message_unseal(s, a, m[i].params), &subject,
		    &body) == -1) {
			snprintf(err, sizeof(err), "unknown template %s",
			    m[i].template);
			ok = 0;
		}
		if (ok && (subject == NULL || body == NULL)) {
			snprintf(err, sizeof(err), "no text");
			ok = 0;
		}
		/* Signed by the provider, once a coordinator names it. */
		if (ok && provider != NULL)
			body = arena_printf(a, "%s\n-- \n%s\n", body, provider);
		buf_init(&msg, 4 * 1024 * 1024);
		if (link == NULL)
			link = mail_link_new();
		ok = ok && mail_compose(&msg, c, m[i].to, subject, body,
		    ics) == 0 && mail_link_send(link, c, m[i].to, &msg, err,
		    sizeof(err)) == 0;
		/* A failed connection is not one to send the next over. */
		if (!ok) {
			mail_link_free(link);
			link = NULL;
		}
		buf_free(&msg);
		/* Each result in its own short write: a crash loses at most one. */
		if ((tx = store_tx_begin(s)) == NULL)
			break;
		if ((ok ? store_outbox_sent(tx, m[i].id, now) :
		    store_outbox_failed(tx, m[i].id, now +
		    backoff(m[i].attempts), *err ? err : "not sent")) !=
		    STORE_OK) {
			store_tx_rollback(tx);
			break;
		}
		if (store_tx_commit(tx) == -1)
			break;
		if (ok)
			sent++;
		else
			log_warn("mail to outbox message %lld failed: %s",
			    (long long)m[i].id, err);
	}
	mail_link_free(link);
	arena_free(a);
	return sent;
}

static void *
run(void *arg)
{
	struct mail_sender *m = arg;
	struct store *s = store_open(m->path, 0);
	struct timespec until;

	if (s == NULL) {
		log_warn("mail: cannot open the database; nothing is sent");
		return NULL;
	}
	pthread_mutex_lock(&m->lock);
	while (!m->stop) {
		int n;

		pthread_mutex_unlock(&m->lock);
		n = mail_drain(s, &m->conf, now_utc());
		pthread_mutex_lock(&m->lock);
		/* A full batch means more are waiting: no pause before them. */
		if (n == BATCH)
			continue;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += PERIOD_S;
		while (!m->stop && pthread_cond_timedwait(&m->cond, &m->lock,
		    &until) == 0)
			;
	}
	pthread_mutex_unlock(&m->lock);
	store_close(s);
	return NULL;
}

/* See mail.h. */
struct mail_sender *
mail_sender_start(const char *path, const struct mail_conf *c)
{
	struct mail_sender *m = xcalloc(1, sizeof(*m));

	m->conf = *c;
	m->path = xstrdup(path);
	pthread_mutex_init(&m->lock, NULL);
	pthread_cond_init(&m->cond, NULL);
	if (pthread_create(&m->thread, NULL, run, m) != 0) {
		free(m->path);
		free(m);
		return NULL;
	}
	return m;
}

/* See mail.h. */
void
mail_sender_stop(struct mail_sender *m)
{
	if (m == NULL)
		return;
	struct timespec until;

	pthread_mutex_lock(&m->lock);
	m->stop = 1;
	pthread_cond_signal(&m->cond);
	pthread_mutex_unlock(&m->lock);
	/*
	 * A mail server that hangs must not keep the process from stopping:
	 * what was not sent stays in the outbox, due again at the next start.
	 */
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += STOP_WAIT_S;
	if (pthread_timedjoin_np(m->thread, NULL, &until) != 0) {
		log_warn("mail: the mail server does not answer; stopping "
		    "without it (unsent messages wait in the outbox)");
		pthread_detach(m->thread);
		return;	/* the thread still holds m: the exit frees it */
	}
	pthread_mutex_destroy(&m->lock);
	pthread_cond_destroy(&m->cond);
	free(m->path);
	free(m);
}
