/* session.c: facts a session must hold, whoever sets it. */
#include "core.h"

/* See core.h. */
int
core_ce_exceeds(double ce_hours, int64_t starts, int64_t ends)
{
	/* Whole minutes: 1.5 hours fit a 90-minute session exactly. */
	return ce_hours * 60.0 > (double)((ends - starts) / 60) + 1e-6;
}
