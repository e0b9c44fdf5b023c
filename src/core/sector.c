/* sector.c: the professional sectors and audiences a session can admit. */
#include <string.h>

#include "core.h"

const char *const core_sector_keys[SECTOR__MAX] = {
	"law_enforcement",
	"medical",
	"social_services",
	"education",
	"legal",
	"faith_community",
	"other",
};

const char *const core_sector_names[SECTOR__MAX] = {
	"Law enforcement",
	"Medical",
	"Social services",
	"Education",
	"Legal",
	"Faith and community",
	"Other",
};

const char *const core_audience_keys[AUDIENCE__MAX] = {
	"professional",
	"public",
};

const char *const core_audience_names[AUDIENCE__MAX] = {
	"Professional training",
	"Public session",
};

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
	char key[32];
	const char *p = list, *comma;
	size_t n;
	int s;

	*mask = 0;
	while (*p) {
		comma = strchr(p, ',');
		n = comma ? (size_t)(comma - p) : strlen(p);
		if (n == 0 || n >= sizeof(key))
			return -1;
		memcpy(key, p, n);
		key[n] = '\0';
		if ((s = core_sector_parse(key)) == -1)
			return -1;
		*mask |= 1u << s;
		p += n;
		if (*p == ',' && *++p == '\0')
			return -1;	/* a trailing comma names nothing */
	}
	return 0;
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
