/* registration.c: capacity, waiting list and registration-window rules. */
#include <string.h>

#include "core.h"
#include "i18n.h"

const char *const core_reg_state_keys[REG_STATE__MAX] = {
	"open",
	"not_yet",
	"closed",
};

const char *const core_status_keys[STATUS__MAX] = {
	"confirmed",
	"waitlisted",
	"cancelled",
};

/* As people read them (the keys are the CSV's and the API's). */
const char *const core_status_names[STATUS__MAX] = {
	N_("confirmed"),
	N_("waitlisted"),
	N_("cancelled"),
};

/* Status index for key, or -1. */
int
core_status_parse(const char *key)
{
	int i;

	for (i = 0; i < STATUS__MAX; i++)
		if (strcmp(key, core_status_keys[i]) == 0)
			return i;
	return -1;
}

/* Window state at now. */
enum reg_state
core_reg_state(int64_t now, int64_t opens_at, int64_t closes_at,
    int64_t session_starts, int cancelled)
{
	int64_t closes = closes_at ? closes_at : session_starts;

	if (cancelled)
		return REG_CLOSED;
	if (opens_at && now < opens_at)
		return REG_NOT_YET;
	if (now >= closes)
		return REG_CLOSED;
	return REG_OPEN;
}

/* Confirmed while places remain, else waitlisted. */
enum reg_status
core_reg_decide(int64_t capacity, int64_t confirmed)
{
	if (capacity < 0 || confirmed < capacity)
		return STATUS_CONFIRMED;
	return STATUS_WAITLISTED;
}

/* Number of the first waitlisted to move up so that confirmed fills capacity. */
int64_t
core_promotions(int64_t capacity, int64_t confirmed, int64_t waitlisted)
{
	int64_t free;

	if (waitlisted <= 0)
		return 0;
	if (capacity < 0)
		return waitlisted;
	free = capacity - confirmed;
	if (free <= 0)
		return 0;
	return free < waitlisted ? free : waitlisted;
}

/* Places left, or -1 for unlimited. */
int64_t
core_places_left(int64_t capacity, int64_t confirmed)
{
	if (capacity < 0)
		return -1;
	return confirmed >= capacity ? 0 : capacity - confirmed;
}

/* A practical address check: one @, a non-empty local part, a dotted domain. */
int
core_email_valid(const char *s)
{
	const char *at = strchr(s, '@'), *p, *dot;
	size_t n = strlen(s);

	if (at == NULL || at == s || n > 254 || strchr(at + 1, '@') != NULL)
		return 0;
	if ((size_t)(at - s) > 64)
		return 0;
	for (p = s; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == '<' || *p == '>' ||
		    *p == '"' || *p == ',' || *p == ';' || *p == '\\' ||
		    *p == '(' || *p == ')' || *p == '[' || *p == ']' ||
		    *p == 0x7f)
			return 0;
	dot = strrchr(at + 1, '.');
	if (dot == NULL || at[1] == '.' || dot[1] == '\0' ||
	    strstr(at + 1, "..") != NULL || at[1] == '-' || s[n - 1] == '.')
		return 0;
	return 1;
}

/* See core.h. */
int
core_door_open(int64_t starts, int64_t ends, int64_t now)
{
	return now >= starts - DOOR_BEFORE_S && now <= ends + DOOR_AFTER_S;
}

/* See core.h. */
int
core_door_time_ok(int64_t starts, int64_t ends, int64_t at, int64_t now)
{
	return at >= starts - DOOR_BEFORE_S && at <= ends + DOOR_AFTER_S &&
	    at <= now + DOOR_AHEAD_S;
}
