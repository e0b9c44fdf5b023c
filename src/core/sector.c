/* sector.c: the keys of sectors, audiences and staff roles, and their parsers. */
#include <string.h>

#include "i18n.h"
#include "core.h"
#include "i18n.h"

const char *const core_sector_keys[SECTOR__MAX] = {
	"law_enforcement",
	"medical",
	"social_services",
	"education",
	"legal",
	"faith_community",
	"other",
};

/* Names are N_() strings: shown through gettext() where people read them. */
const char *const core_sector_names[SECTOR__MAX] = {
	N_("Law enforcement"),
	N_("Medical"),
	N_("Social services"),
	N_("Education"),
	N_("Legal"),
	N_("Faith and community"),
	N_("Other"),
};

const char *const core_audience_keys[AUDIENCE__MAX] = {
	"professional",
	"public",
};

const char *const core_audience_names[AUDIENCE__MAX] = {
	N_("Professional training"),
	N_("Public session"),
};

const char *const core_role_keys[ROLE__MAX] = {
	"coordinator",
	"partner",
	"moderator",
	"door",
};

const char *const core_role_names[ROLE__MAX] = {
	N_("Coordinator"),
	N_("Partner"),
	N_("Moderator"),
	N_("Door staff"),
};

/* Index of key in keys[0..n), or -1. */
static int
key_index(const char *const *keys, int n, const char *key, size_t len)
{
	int i;

	for (i = 0; i < n; i++)
		if (strlen(keys[i]) == len && strncmp(keys[i], key, len) == 0)
			return i;
	return -1;
}

/* Splits "a,b,c" and sets the bit of each key; no empty elements. */
static int
parse_set(const char *const *keys, int n, const char *list, unsigned *mask)
{
	const char *p = list, *comma;
	size_t len;
	int k;

	*mask = 0;
	while (*p) {
		comma = strchr(p, ',');
		len = comma ? (size_t)(comma - p) : strlen(p);
		if ((k = key_index(keys, n, p, len)) == -1)
			return -1;
		*mask |= 1u << k;
		p += len;
		if (*p == ',' && *++p == '\0')
			return -1;	/* a trailing comma names nothing */
	}
	return 0;
}

/* Parses a role list; an empty list is an error. */
int
core_roles_parse(const char *list, unsigned *mask)
{
	if (parse_set(core_role_keys, ROLE__MAX, list, mask) == -1)
		return -1;
	return *mask ? 0 : -1;
}

/* Sector index for key, or -1. */
int
core_sector_parse(const char *key)
{
	int i;

	for (i = 0; i < SECTOR__MAX; i++)
		if (strcmp(key, core_sector_keys[i]) == 0)
			return i;
	return -1;
}

/* Parses a comma-separated list of sector keys into a bit set. */
int
core_sectors_parse(const char *list, unsigned *mask)
{
	return parse_set(core_sector_keys, SECTOR__MAX, list, mask);
}

/* Audience index for key, or -1. */
int
core_audience_parse(const char *key)
{
	int i;

	for (i = 0; i < AUDIENCE__MAX; i++)
		if (strcmp(key, core_audience_keys[i]) == 0)
			return i;
	return -1;
}
