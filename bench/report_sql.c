/* report_sql.c: prints the SQL text of the statements `convene report` runs,
 * straight from src/store/sqlite_sql.c, for bench/report.sh to give to the
 * sqlite3 shell. Usage: report_sql NAME... (sector county month event tour
 * partner total ce gain); each statement ends with ";" and a newline. */
#include <stdio.h>
#include <string.h>

#include "sqlite_sql.h"

static const struct {
	const char	*name;
	enum stmt	 st;
} names[] = {
	{ "sector", STMT_REPORT_SECTOR }, { "county", STMT_REPORT_COUNTY },
	{ "month", STMT_REPORT_MONTH }, { "event", STMT_REPORT_EVENT },
	{ "tour", STMT_REPORT_TOUR }, { "partner", STMT_REPORT_PARTNER },
	{ "total", STMT_REPORT_TOTAL }, { "ce", STMT_REPORT_CE },
	{ "gain", STMT_REPORT_GAIN },
};

int
main(int argc, char **argv)
{
	size_t k;
	int i;

	if (argc < 2) {
		fprintf(stderr, "usage: report_sql NAME...\n");
		return 2;
	}
	for (i = 1; i < argc; i++) {
		for (k = 0; k < sizeof(names) / sizeof(names[0]); k++)
			if (strcmp(argv[i], names[k].name) == 0)
				break;
		if (k == sizeof(names) / sizeof(names[0])) {
			fprintf(stderr, "report_sql: no statement '%s'\n",
			    argv[i]);
			return 2;
		}
		printf("%s;\n", sqlite_stmts[names[k].st]);
	}
	return 0;
}
