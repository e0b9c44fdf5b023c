/* cli_report.c: convene report: people trained, by sector, county or month, in a terminal. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "util.h"
#include "tz.h"
#include "csv.h"
#include "core.h"
#include "store.h"
#include "cli.h"
#include "web.h"

static const char help[] =
    "usage: convene report (--period PERIOD | --from DATE --to DATE)\n"
    "                      [--by sector|county|month|event|tour|partner]\n"
    "                      [--format table|csv|pdf] [--funder NAME]\n"
    "                      [--db FILE]\n"
    "PERIOD is a federal fiscal year or quarter (FY2027 is October 2026 to\n"
    "September 2027, FY2027-Q2 January to March 2027) or a calendar year or\n"
    "quarter (2027, 2027-Q1). --format pdf writes the whole report (training\n"
    "and community education, every table with its chart) as a PDF to\n"
    "standard output: convene report --period FY2027-Q2 --format pdf > r.pdf\n"
    "Prints the unduplicated people trained (checked in at a professional\n"
    "session starting between the two dates, both included; a person counts\n"
    "once however many sessions they attended) by the chosen dimension\n"
    "(default sector), then the totals: people, attendances, certificates and\n"
    "CE hours, and the knowledge gain of paired pre- and post-tests.\n"
    "--funder NAME writes the sectors as that funder's discipline names (set\n"
    "by a coordinator at /staff/funders).\n";

/* A sector key as the funder names it (names set), else convene's key. */
static const char *
label(int by, const char *key, const char *const *names)
{
	int k;

	if (by == BY_SECTOR && (k = core_sector_parse(key)) >= 0 && names[k])
		return names[k];
	return key;
}

int
cli_report(int argc, char **argv)
{
	const char *db = DEFAULT_DB, *from = NULL, *to = NULL, *by = "sector";
	const char *period = NULL;
	struct core_period p;
	const char *format = "table", *funder = NULL;
	const char *names[SECTOR__MAX] = { NULL };
	const struct cli_opt opts[] = {
		{ "funder", &funder, NULL, 0 },
		{ "db", &db, NULL, 0 },
		{ "from", &from, NULL, 0 },
		{ "to", &to, NULL, 0 },
		{ "period", &period, NULL, 0 },
		{ "by", &by, NULL, 0 },
		{ "format", &format, NULL, 0 },
		{ NULL, NULL, NULL, 0 },
	};
	struct store_range rg = { 0 };
	struct store_count *rows;
	struct store_totals t;
	struct arena *a = NULL;
	struct store *s = NULL;
	size_t n, i;
	int rc, nargs, b, csv;

	if ((rc = cli_options("report", help, argc, argv, opts, &nargs)) != -1)
		return rc;
	if (nargs != 0)
		return cli_usage_error("report", "takes no arguments");
	if (period != NULL) {
		if (from != NULL || to != NULL)
			return cli_usage_error("report", "give --period or --from "
			    "and --to, not both");
		if (core_period_parse(period, &p) == -1)
			return cli_usage_error("report", "--period wants FY2027, "
			    "FY2027-Q2, 2027 or 2027-Q1, not '%s'", period);
		rg.from = p.from;
		rg.to = p.to;
	} else if (tz_parse_date(from, &rg.from) == -1 ||
	    tz_parse_date(to, &rg.to) == -1)
		return cli_usage_error("report", "--from and --to want dates "
		    "like 2027-01-01, or give --period");
	else
		rg.to += 86400;		/* --to is included */
	if (rg.to <= rg.from)
		return cli_usage_error("report", "--to is before --from");
	for (b = 0; b < BY__MAX; b++)
		if (strcmp(by, store_report_keys[b]) == 0)
			break;
	if (b == BY__MAX)
		return cli_usage_error("report", "--by wants sector, county, "
		    "month, event, tour or partner, not '%s'", by);
	if (strcmp(format, "table") && strcmp(format, "csv") &&
	    strcmp(format, "pdf"))
		return cli_usage_error("report", "--format wants table, csv or "
		    "pdf");
	csv = strcmp(format, "csv") == 0;
	rc = 1;
	if ((s = cli_open_db(db)) == NULL)
		goto out;
	a = arena_new();
	if (funder != NULL) {
		char **known;
		size_t nk, k;
		int found = 0;

		if (store_funders(s, a, &known, &nk) != STORE_OK) {
			fprintf(stderr, "convene: cannot read the funders\n");
			goto out;
		}
		for (k = 0; k < nk; k++)
			found |= strcmp(known[k], funder) == 0;
		if (!found) {
			fprintf(stderr, "convene report: no funder '%s' has names "
			    "(coordinators set them at /staff/funders)\n", funder);
			goto out;
		}
		if (store_funder_names(s, a, funder, names) != STORE_OK) {
			fprintf(stderr, "convene: cannot read the funder's "
			    "names\n");
			goto out;
		}
	}
	if (strcmp(format, "pdf") == 0) {
		struct store_item *it;
		struct buf pdf;
		const char *org = "convene", *words;
		size_t k;

		int64_t first = 0;

		/* The first organisation made: the task force. */
		if (store_items(s, a, LIST_ORGS, &it, &n) == STORE_OK)
			for (k = 0; k < n; k++)
				if (first == 0 || it[k].id < first) {
					first = it[k].id;
					org = it[k].name;
				}
		words = period ? arena_printf(a, "%s%s (%s)", p.label, p.fiscal ?
		    ", federal fiscal year" : "", p.range) : arena_printf(a,
		    "%s to %s", from, to);
		buf_init(&pdf, 0);
		if (report_pdf_make(s, a, &rg, org, words, funder ?
		    arena_printf(a, "Disciplines as %s names them", funder) :
		    NULL, funder ? names : NULL, now_utc(), &pdf) == -1) {
			buf_free(&pdf);
			fprintf(stderr, "convene: cannot make the report\n");
			goto out;
		}
		fwrite(pdf.data, 1, pdf.len, stdout);
		buf_free(&pdf);
		rc = 0;
		goto out;
	}
	/* A CSV is the table alone: the totals are not computed for it. */
	if (store_report_trained(s, a, (enum report_by)b, &rg, &rows, &n) !=
	    STORE_OK || (!csv && store_report_totals(s, &rg, &t) != STORE_OK)) {
		fprintf(stderr, "convene: cannot compute the report\n");
		goto out;
	}
	if (csv) {
		struct buf out;
		const char *head[] = { by, "people", "attendances" };

		buf_init(&out, 0);
		csv_row(&out, head, 3);
		for (i = 0; i < n; i++) {
			const char *row[] = { label(b, rows[i].key, names),
			    arena_printf(a, "%lld", (long long)rows[i].n),
			    arena_printf(a, "%lld",
			    (long long)rows[i].attendances) };

			csv_row(&out, row, 3);
		}
		fwrite(out.data, 1, out.len, stdout);
		buf_free(&out);
	} else {
		printf("training (professional sessions)\n%-40s %8s %11s\n", by,
		    "people", "attendances");
		for (i = 0; i < n; i++)
			printf("%-40s %8lld %11lld\n", label(b, rows[i].key,
			    names),
			    (long long)rows[i].n, (long long)rows[i].attendances);
		printf("\n%lld people trained (unduplicated), %lld attendances, "
		    "%lld certificates, %.2f CE hours\n", (long long)t.people,
		    (long long)t.attendances, (long long)t.certificates,
		    t.ce_hours);
		printf("training sessions held: %lld\n",
		    (long long)t.training_sessions);
		printf("community education (public sessions, not training): "
		    "%lld attendances at %lld sessions held\n",
		    (long long)t.public_attendances,
		    (long long)t.public_sessions);
		if (t.pairs > 0)
			printf("knowledge: %lld pre/post pairs, average %.1f%% "
			    "before, %.1f%% after (%+.1f points)\n",
			    (long long)t.pairs, t.pre_avg, t.post_avg,
			    t.post_avg - t.pre_avg);
		else
			printf("knowledge: no paired pre- and post-tests yet\n");
		if (t.conf_pairs > 0)
			printf("confidence: %lld pre/post pairs, %.0f%% highly or "
			    "very highly confident before, %.0f%% after\n",
			    (long long)t.conf_pairs, 100.0 * (double)t.conf_before /
			    (double)t.conf_pairs, 100.0 * (double)t.conf_after /
			    (double)t.conf_pairs);
		else
			printf("confidence: no paired answers yet\n");
		printf("public Q&A: %lld questions from %lld participants, %lld "
		    "shown\n", (long long)t.questions, (long long)t.askers,
		    (long long)t.shown);
	}
	rc = 0;
out:
	store_close(s);
	arena_free(a);
	return rc;
}
