/* ops.h: the web's side of staff changes: the form and the signed-in user become an app call. */
#ifndef CONVENE_OPS_H
#define CONVENE_OPS_H

#include <stdint.h>

#include "staff_forms.h"
#include "app.h"

struct http_req;

/*
 * May the signed-in user change event_id? Coordinators may; partners when
 * their organisation co-hosts it. 1 yes, 0 no, -1 database failure.
 */
int ops_may_event(struct http_req *r, int64_t event_id);
/* The same for the event of a session or a registration; -2 when none. */
int ops_may_session(struct http_req *r, int64_t session_id);
int ops_may_registration(struct http_req *r, int64_t reg_id);

/*
 * Creates (id 0) or edits an event from a checked form f. A partner's own
 * organisation is always among the hosts. Cancelling tells registrants.
 * Returns a STORE_* code; *out is the event's id.
 */
int ops_event_save(struct http_req *r, int64_t id, struct sf *f,
    int64_t *out);
/* Creates (id 0) or edits a session of event_id from a checked form. */
int ops_session_save(struct http_req *r, int64_t event_id, int64_t id,
    struct sf *f, int64_t *out);
/* Copies an event and its sessions to venue on local date y-mo-d, as a
 * draft titled title (NULL: the same). */
int ops_event_duplicate(struct http_req *r, int64_t event_id,
    int64_t venue, int y, int mo, int d, const char *title, int64_t *out);
/* Publishes (1) an event or makes it a draft (0). */
int ops_event_publish(struct http_req *r, int64_t event_id, int published);

/* Cancels, promotes or moves (to to_session) a registration. */
int ops_registration(struct http_req *r, int64_t id, enum reg_action act,
    int64_t to_session);
/* Adds a walk-in at the door: the window does not apply, capacity does. */
int ops_walkin(struct http_req *r, int64_t session_id,
    const struct store_reg_input *in, struct store_registration *out);

/* Checks a ticket in (in 1) or out (in 0) at time at; *changed 0 when repeated.
 * STORE_CONFLICT when the registration is not confirmed (in) or not in (out). */
int ops_check(struct http_req *r, const struct store_registration *g, int in,
    int64_t at, int *changed);
/* A coordinator's correction of check-in/out times, with a reason (audited). */
int ops_set_times(struct http_req *r, int64_t reg_id, int64_t in, int64_t out,
    const char *reason);
/* Closes a session (enum session_close), audited. */
int ops_session_close(struct http_req *r, int64_t session_id, int mode);

/* Adds (id 0) or edits an organisation, venue, speaker or tour from a checked form. */
int ops_item_save(struct http_req *r, enum store_list which, int64_t id,
    struct sf *f, int64_t *out);
/* Adds a staff account; password checked by the caller. */
int ops_user_add(struct http_req *r, const char *name, const char *password,
    unsigned roles, int64_t org, int64_t *out);
int ops_user_update(struct http_req *r, int64_t id, unsigned roles,
    int64_t org, int disabled);
int ops_user_password(struct http_req *r, int64_t id, const char *password);
int ops_token_revoke(struct http_req *r, int64_t id);

#endif
