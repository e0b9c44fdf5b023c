/* message.h: every e-mail's text, as templates rendered when the message is sent. */
#ifndef CONVENE_MESSAGE_H
#define CONVENE_MESSAGE_H

#include <stdint.h>

struct arena;
struct store_tx;

enum message {
	MSG_REGISTERED,
	MSG_WAITLISTED,
	MSG_PROMOTED,
	MSG_TICKET_AGAIN,
	MSG_EVENT_CANCELLED,
	MSG_SESSION_CANCELLED,
	MSG_SESSION_MOVED,
	MSG_CERTIFICATE,
	MSG_MOVED,		/* staff moved the person to another session */
	MSG_CONFIRMED,		/* staff confirmed a waitlisted person by hand */
	MSG_REG_CANCELLED,	/* staff cancelled the registration */
	MSG_REMINDER,		/* the day before, with the calendar file */
	MSG_EVAL_REMINDER,	/* the certificate waits on the evaluation */
	MSG_TICKET_LOST,	/* the person asked for the ticket link again */
	MSG_ADMITTED,		/* admitted over capacity at the door (for the
				 * door's over-capacity admission to use) */
	MSG__MAX
};
extern const char *const message_keys[MSG__MAX];

/*
 * Queues message m to an address in tx: only the template's name, the
 * language and its parameters (pairs of name and value strings, ended by
 * NULL) are stored. ics_session (0: none) attaches a calendar file.
 */
int message_queue(struct store_tx *tx, const char *to, enum message m,
    const char *lang, int64_t ics_session, int64_t now, ...);

/*
 * params with its sealed ticket code ("ticket") opened into "secret",
 * for rendering just before sending; params itself when there is none.
 */
struct store;
char *message_unseal(struct store *s, struct arena *a, const char *params);

/*
 * Renders a stored message: template key, language (NULL or unknown:
 * English) and the parameters as JSON text. {site} is left for the sender.
 * 0, or -1 for an unknown template or unreadable parameters.
 */
int message_render(struct arena *a, const char *tmpl, const char *lang,
    const char *params, char **subject, char **body);

#endif
