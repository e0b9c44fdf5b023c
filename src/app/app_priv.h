/* app_priv.h: what the application layer's files share and nothing else sees. */
#ifndef CONVENE_APP_PRIV_H
#define CONVENE_APP_PRIV_H

#include <stdint.h>

struct arena;
struct store;
struct store_tx;

/* A may-check result (1, 0, -1, -2) as an outcome. */
int app_permit(int may);
/* Writes a change event in tx; the payload (printf format) holds ids and
 * states only, never a person's words. */
int app_change(struct store_tx *tx, int64_t now, const char *topic,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* JSON text for the audit log (NULL when the thing is gone). */
const char *app_event_text(struct store *s, struct arena *a, int64_t id);
const char *app_session_text(struct store *s, struct arena *a, int64_t id);
/* A registration: ids and status only, no personal data. */
const char *app_reg_text(struct store *s, struct arena *a, int64_t id);
const char *app_user_text(struct store *s, struct arena *a, int64_t id);
/* The JSON text of j (stolen), in the arena. */
struct json_t;
const char *app_json_text(struct arena *a, struct json_t *j);
/* A number as a message parameter: times go raw, written out at sending
 * in the reader's language. */
const char *app_num(struct arena *a, int64_t v);

/* STORE_OK when who may record attendance of session ss at time at now
 * (core_door_open), else APP_DOOR_CLOSED or APP_BAD_TIME. */
struct actor;
struct store_session;
int app_door_judge(const struct actor *who, const struct store_session *ss,
    int64_t at, int64_t now);

/* Every staff action is a staff member's or the system's. */
#define IS_STAFF(who) ((who)->kind == ACTOR_STAFF || \
	(who)->kind == ACTOR_SYSTEM)
#define HAS_ROLE(who, r) ((who)->kind == ACTOR_SYSTEM || \
	((who)->kind == ACTOR_STAFF && ((who)->roles & ROLE_BIT(r))))

#endif
