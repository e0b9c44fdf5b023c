/* core.h: domain rules as pure functions: no I/O, no clocks, no database. */
#ifndef CONVENE_CORE_H
#define CONVENE_CORE_H

#include <stddef.h>
#include <stdint.h>

enum sector {
	SECTOR_LAW_ENFORCEMENT,
	SECTOR_MEDICAL,
	SECTOR_SOCIAL_SERVICES,
	SECTOR_EDUCATION,
	SECTOR_LEGAL,
	SECTOR_FAITH_COMMUNITY,
	SECTOR_OTHER,
	SECTOR__MAX
};
extern const char *const core_sector_keys[SECTOR__MAX];
extern const char *const core_sector_names[SECTOR__MAX];

/* Sector from its key ("law_enforcement"); -1 when unknown. */
int core_sector_parse(const char *key);
/* Bit set of sectors from "a,b,c"; -1 when any key is unknown. */
int core_sectors_parse(const char *list, unsigned *mask);

enum audience {
	AUDIENCE_PROFESSIONAL,
	AUDIENCE_PUBLIC,
	AUDIENCE__MAX
};
extern const char *const core_audience_keys[AUDIENCE__MAX];
extern const char *const core_audience_names[AUDIENCE__MAX];
int core_audience_parse(const char *key);

enum reg_state {
	REG_OPEN,
	REG_NOT_YET,
	REG_CLOSED,
	REG_STATE__MAX
};
extern const char *const core_reg_state_keys[REG_STATE__MAX];

/*
 * Registration window: open between opens_at (0: always) and closes_at
 * (0: the session's start); closed when the event or session is cancelled.
 */
enum reg_state core_reg_state(int64_t now, int64_t opens_at,
    int64_t closes_at, int64_t session_starts, int cancelled);

/*
 * The door is open from two hours before a session starts until two hours
 * after it ends: door staff record check-ins, check-outs and walk-ins then,
 * at times inside that window and at most five minutes ahead of the
 * server's clock. Anything else is a coordinator's correction.
 */
#define DOOR_BEFORE_S	(2 * 3600)
#define DOOR_AFTER_S	(2 * 3600)
#define DOOR_AHEAD_S	300
int core_door_open(int64_t starts, int64_t ends, int64_t now);
int core_door_time_ok(int64_t starts, int64_t ends, int64_t at, int64_t now);

enum reg_status {
	STATUS_CONFIRMED,
	STATUS_WAITLISTED,
	STATUS_CANCELLED,
	STATUS__MAX
};
extern const char *const core_status_keys[STATUS__MAX];
extern const char *const core_status_names[STATUS__MAX];	/* N_() */
int core_status_parse(const char *key);

/* Status of a new registration: capacity < 0 means unlimited. */
enum reg_status core_reg_decide(int64_t capacity, int64_t confirmed);
/* How many waitlisted people to promote now; capacity < 0 means unlimited. */
int64_t core_promotions(int64_t capacity, int64_t confirmed, int64_t waitlisted);
/* Places left (capacity - confirmed, never negative); -1 when unlimited. */
int64_t core_places_left(int64_t capacity, int64_t confirmed);

/* Staff roles; a person may hold several (a bit set of 1 << role). */
enum role {
	ROLE_COORDINATOR,	/* everything */
	ROLE_PARTNER,		/* the events its organisation co-hosts */
	ROLE_MODERATOR,		/* live Q&A */
	ROLE_DOOR,		/* check-in and rosters */
	ROLE__MAX
};
extern const char *const core_role_keys[ROLE__MAX];
extern const char *const core_role_names[ROLE__MAX];
#define ROLE_BIT(r) (1u << (r))
/* Bit set of roles from "a,b"; -1 when a key is unknown or the list empty. */
int core_roles_parse(const char *list, unsigned *mask);

/* Continuing-education credit (credit.c). */
enum credit {
	CREDIT_MET,
	CREDIT_NOT_CHECKED_IN,
	CREDIT_NOT_CHECKED_OUT,
	CREDIT_OUT_BEFORE_IN,
	CREDIT_TOO_SHORT,
	CREDIT_EVALUATION_MISSING,
	CREDIT_NO_CE,
	CREDIT_NOT_ENDED,	/* the session is still to come or running */
	CREDIT_NOT_CONFIRMED,	/* waitlisted or cancelled */
	CREDIT__MAX
};
extern const char *const core_credit_reasons[CREDIT__MAX];
/* Keys for programs: "met", "too_short", ... */
extern const char *const core_credit_keys[CREDIT__MAX];
/* The same in a word or two, for a narrow column: "Short", "No out". */
extern const char *const core_credit_short[CREDIT__MAX];

struct credit_rule {
	int64_t	starts, ends;	/* the session */
	double	share;		/* of its length needed; 1: all of it */
	int	eval_required;
	int	closed_at_end;	/* closed so: no check-out means left at the end */
	double	ce_hours;
	int	tolerance;	/* minutes late or early forgiven (0: none) */
	int	partial;	/* credit in whole contact hours attended */
};

/* Minutes of [in, out] inside [starts, ends]. */
int64_t core_overlap_minutes(int64_t starts, int64_t ends, int64_t in,
    int64_t out);
/* Minutes a share of the session needs, rounded up. */
int64_t core_required_minutes(int64_t starts, int64_t ends, double share);
/*
 * Decides credit for one attendee: in and out are check-in and check-out
 * times (0: none). *minutes is the credited overlap. CREDIT_MET when due.
 */
enum credit core_credit(const struct credit_rule *rule, int64_t in,
    int64_t out, int evaluated, int64_t *minutes);
/*
 * The CE hours earned for minutes credited (core_credit's) when the rule is
 * met: all the session's hours, or with partial credit one hour for each
 * whole 60 minutes (the tolerance counted in), never more than the
 * session's hours.
 */
double core_credit_hours(const struct credit_rule *rule, int64_t minutes);
/* The rule in words, "At least 90% of the session (15 minutes' tolerance
 * late or early); evaluation required", into out (outsz bytes). */
void core_credit_rule_text(const struct credit_rule *rule, char *out,
    size_t outsz);

/* Certificate verification codes: "XXXXX-XXXXX" from an unambiguous alphabet. */
#define CERT_CODE_LEN 10
int core_code_char_ok(char c);
/* Formats CERT_CODE_LEN random bytes as a code. */
void core_code_format(const unsigned char *random, char out[CERT_CODE_LEN + 2]);
/* Upper-cases, drops dashes and spaces, checks; 0 or -1. */
int core_code_normalise(const char *in, char out[CERT_CODE_LEN + 2]);

/* Live Q&A (qa.c). */
#define QUESTION_MAX_CHARS 280
#define QUESTIONS_PER_10_MIN 5	/* per participant */
#define VOTES_PER_MINUTE 30	/* per participant */

enum question_status {
	QUESTION_PENDING,
	QUESTION_APPROVED,
	QUESTION_ANSWERED,
	QUESTION_HIDDEN,
	QUESTION__MAX
};
/* When a Q&A takes questions: from the time its coordinator set, or by
 * default an hour before the session; until an hour after it ends. */
#define QA_OPENS_BEFORE	3600
#define QA_OPEN_AFTER	3600
enum qa_window {
	QA_WINDOW_NOT_YET,
	QA_WINDOW_OPEN,
	QA_WINDOW_OVER,
};
/* The time questions open from (set: the coordinator's, 0 for none). */
int64_t core_qa_opens_at(int64_t starts_at, int64_t set);
/* Where now falls in a Q&A's window. */
enum qa_window core_qa_window(int64_t starts_at, int64_t ends_at, int64_t set,
    int64_t now);
/*
 * A reporting period: the federal fiscal year "FY2027" (October 2026 to
 * September 2027) or its quarter "FY2027-Q2" (January to March 2027); the
 * calendar year "2027" or its quarter "2027-Q1". from and to are the UTC
 * midnights of its first day and of the day after its last (the report
 * ranges' form); label reads "FY2027 Q2", range "January – March 2027".
 */
struct core_period {
	int64_t	 from, to;
	int	 fiscal;
	char	 key[16], label[16], range[48];
};
/* 0, or -1 for anything else. */
int core_period_parse(const char *key, struct core_period *p);
/* The federal fiscal year of a month (1-12) of year y. */
int core_fiscal_year(int y, int m);
/*
 * A join code as typed (any case, spaces or dashes, O for 0, I or L for 1)
 * to the form codes are stored in, into out. Returns 0, or -1 when it is not
 * six letters and digits.
 */
int core_join_code_normalise(const char *in, char *out /* 7 bytes */);
extern const char *const core_question_keys[QUESTION__MAX];

#define QFLAG_DISCLOSURE 0x1	/* reads like someone asking for help */
#define QFLAG_ABUSE	 0x2	/* abusive words */

enum moderation {
	MODERATE_APPROVE,
	MODERATE_HIDE,
	MODERATE_ANSWER,
	MODERATE_PIN,
	MODERATE_UNPIN,
	MODERATE_EDIT,
	MODERATE__MAX
};
extern const char *const core_moderation_keys[MODERATE__MAX];

/* Flags of a question's text (QFLAG_*). */
unsigned core_question_flags(const char *text);
/* The status a new question starts in. */
enum question_status core_question_initial(int post_moderation,
    unsigned flags);
/* 1 when participants see a question in this status (and may vote). */
int core_question_visible(enum question_status s);
/* The status after a moderator's action; -1 when it does not apply. */
int core_moderate(enum question_status from, enum moderation act,
    enum question_status *to);
/* 1 for 1..280 characters that are not all space (chars: UTF-8 count). */
int core_question_text_ok(const char *text, size_t chars);

/* Facts a session must hold (session.c). */
/* 1 when ce_hours are more than a session from starts to ends lasts
 * (to the minute): no board credits more time than was spent. */
int core_ce_exceeds(double ce_hours, int64_t starts, int64_t ends);

/* Tours (tour.c). */
/* 1 when [a0, a1) and [b0, b1) overlap: one speaker cannot be in both. */
int core_overlaps(int64_t a0, int64_t a1, int64_t b0, int64_t b1);
/* 1 when the next stop starts less than gap_hours after the previous ends. */
int core_gap_too_short(int64_t prev_end, int64_t next_start,
    int64_t gap_hours);
/* The January to feature in the campaign calendar: this one until its end. */
int core_campaign_year(int year, int month);

/* 1 when s looks like a deliverable address: local@domain.tld, no spaces. */
int core_email_valid(const char *s);

#endif
