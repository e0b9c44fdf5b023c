/* period.c: reporting periods: federal fiscal years (October to September) and their quarters, calendar years and quarters. */
#include <stdio.h>
#include <string.h>

#include "core.h"
#include "i18n.h"
#include "fmt.h"

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil). */
static int64_t
days(int y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* [first month, first month + n) from year y, month m (1-12). */
static void
span(struct core_period *p, int y, int m, int n)
{
	int ey = y + (m - 1 + n) / 12, em = (m - 1 + n) % 12 + 1;
	int ly = y + (m - 1 + n - 1) / 12, lm = (m - 1 + n - 1) % 12 + 1;

	p->from = days(y, m, 1) * 86400;
	p->to = days(ey, em, 1) * 86400;
	/* In the reader's language: "octubre – diciembre de 2026". */
	if (y == ly)
		/* TRANSLATORS: first month, last month, year. */
		snprintf(p->range, sizeof(p->range), _("%1$s – %2$s %3$d"),
		    fmt_month(m), fmt_month(lm), ly);
	else
		/* TRANSLATORS: first month, its year, last month, its year. */
		snprintf(p->range, sizeof(p->range), _("%1$s %2$d – %3$s %4$d"),
		    fmt_month(m), y, fmt_month(lm), ly);
}

/* See core.h. */
int
core_fiscal_year(int y, int m)
{
	return m >= 10 ? y + 1 : y;
}

/* See core.h. */
int
core_period_parse(const char *key, struct core_period *p)
{
	int y, q = 0, fy = 0, n = 0;
	char c;

	memset(p, 0, sizeof(*p));
	if (key == NULL || strlen(key) > 12)
		return -1;
	if (key[0] == 'F' && key[1] == 'Y') {
		fy = 1;
		key += 2;
	}
	if (sscanf(key, "%4d%n", &y, &n) != 1 || n != 4 || y < 1971 ||
	    y > 9998)
		return -1;
	key += 4;
	if (*key == '-' && key[1] == 'Q' && key[2] >= '1' && key[2] <= '4' &&
	    key[3] == '\0')
		q = key[2] - '0';
	else if ((c = *key) != '\0')
		return -1;
	if (fy && q)	/* FY y Q1 is October of y - 1 */
		span(p, q == 1 ? y - 1 : y, q == 1 ? 10 : 3 * q - 5, 3);
	else if (fy)
		span(p, y - 1, 10, 12);
	else if (q)
		span(p, y, 3 * q - 2, 3);
	else
		span(p, y, 1, 12);
	if (fy && q)
		snprintf(p->key, sizeof(p->key), "FY%d-Q%d", y, q);
	else if (fy)
		snprintf(p->key, sizeof(p->key), "FY%d", y);
	else if (q)
		snprintf(p->key, sizeof(p->key), "%d-Q%d", y, q);
	else
		snprintf(p->key, sizeof(p->key), "%d", y);
	if (q)
		snprintf(p->label, sizeof(p->label), "%s%d Q%d", fy ? "FY" : "",
		    y, q);
	else
		snprintf(p->label, sizeof(p->label), "%s%d", fy ? "FY" : "", y);
	p->fiscal = fy;
	return 0;
}
