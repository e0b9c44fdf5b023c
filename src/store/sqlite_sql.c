/* sqlite_sql.c: the SQLite text of every statement and of every migration. */
#include <stddef.h>

#include "store.h"
#include "store_priv.h"
#include "sqlite_sql.h"

#define EVENT_COLS \
	"e.id, e.title, e.description, e.cancelled, v.name, v.address, " \
	"v.city, v.state, v.time_zone, t.title, e.tour_id, " \
	"coalesce((SELECT min(starts_at) FROM sessions WHERE event_id = e.id " \
	" AND cancelled = 0), (SELECT min(starts_at) FROM sessions " \
	" WHERE event_id = e.id)), " \
	"coalesce((SELECT max(ends_at) FROM sessions WHERE event_id = e.id " \
	" AND cancelled = 0), (SELECT max(ends_at) FROM sessions " \
	" WHERE event_id = e.id)), " \
	"e.published " \
	"FROM events e JOIN venues v ON v.id = e.venue_id " \
	"LEFT JOIN tours t ON t.id = e.tour_id "

#define SESSION_COLS \
	"s.id, s.event_id, s.title, s.description, s.instructor, s.audience, " \
	"s.sectors, s.capacity, s.ce_hours, s.starts_at, s.ends_at, " \
	"s.reg_opens_at, s.reg_closes_at, s.join_code, s.cancelled, " \
	"s.taken, " \
	"(SELECT count(*) FROM registrations r WHERE r.session_id = s.id " \
	" AND r.status = 'waitlisted'), " \
	"e.title, v.name, v.city, v.state, v.time_zone, e.cancelled, " \
	"s.credit_share, s.eval_required, s.closed, s.post_moderation, " \
	"s.ics_sequence, e.published, s.delivery, s.credit_tolerance, " \
	"s.credit_partial, s.qa_opens_at " \
	"FROM sessions s JOIN events e ON e.id = s.event_id " \
	"JOIN venues v ON v.id = e.venue_id "

/* The same without counting a session's registrations. */
#define SESSION_BRIEF_SELECT \
	"s.id, s.event_id, s.title, s.description, s.instructor, s.audience, " \
	"s.sectors, s.capacity, s.ce_hours, s.starts_at, s.ends_at, " \
	"s.reg_opens_at, s.reg_closes_at, s.join_code, s.cancelled, " \
	"s.taken, 0, " \
	"e.title, v.name, v.city, v.state, v.time_zone, e.cancelled, " \
	"s.credit_share, s.eval_required, s.closed, s.post_moderation, " \
	"s.ics_sequence, e.published, s.delivery, s.credit_tolerance, " \
	"s.credit_partial, s.qa_opens_at "
#define SESSION_JOINS \
	"FROM sessions s JOIN events e ON e.id = s.event_id " \
	"JOIN venues v ON v.id = e.venue_id "
#define SESSION_BRIEF_COLS SESSION_BRIEF_SELECT SESSION_JOINS

#define REG_COLS \
	"id, session_id, secret_box, status, name, email, sector, organization, " \
	"county, license, created_at, source, checked_in_at, checked_out_at, " \
	"over_capacity, lang FROM registrations "

#define USER_COLS_NOFROM \
	"u.id, u.name, u.pass_hash, u.roles, u.org_id, o.name, u.disabled"
#define USER_COLS USER_COLS_NOFROM " FROM users u " \
	"LEFT JOIN organizations o ON o.id = u.org_id "

#define CERT_COLS \
	"id, registration_id, code, issued_at, name, session, event, date, " \
	"venue, city, instructor, hours, provider, revoked_at, revoked_reason, " \
	"license, delivery, times, approvals FROM certificates "

#define Q_COLS \
	"id, session_id, participant_id, text, name, status, flags, pinned, " \
	"votes, created_at FROM questions "

/* People trained: confirmed, checked in, at professional sessions in range
 * (?1 <= start < ?2), of a partner's events when ?3 is not 0. A person is
 * their address, or the registration when they gave none. */
#define ATTENDED \
	"WITH att AS (SELECT coalesce(r.email_norm, 'reg:' || r.id) AS person, " \
	"r.id AS rid, r.sector, r.county, s.starts_at, s.month, " \
	"e.id AS event_id, e.title AS event, e.tour_id " \
	"FROM registrations r JOIN sessions s ON s.id = r.session_id " \
	"JOIN events e ON e.id = s.event_id WHERE r.status = 'confirmed' " \
	"AND r.checked_in_at IS NOT NULL AND s.audience = 'professional' " \
	"AND s.local_day >= ?1 AND s.local_day < ?2 AND (?3 = 0 OR EXISTS " \
	"(SELECT 1 FROM event_hosts h WHERE h.event_id = e.id AND " \
	"h.org_id = ?3)) AND (?4 = 0 OR e.id = ?4) AND (?5 = 0 OR " \
	"e.tour_id = ?5)) "
/* Each person once, as of their latest attendance (a sector may change). */
#define LATEST \
	", latest AS (SELECT *, row_number() OVER (PARTITION BY person " \
	"ORDER BY starts_at DESC, rid DESC) AS rn, count(*) OVER " \
	"(PARTITION BY person) AS natt FROM att) "
#define IN_RANGE \
	"JOIN sessions s ON s.id = f.session_id JOIN events e ON e.id = " \
	"s.event_id WHERE s.local_day >= ?1 AND s.local_day < ?2 AND (?3 = 0 " \
	"OR EXISTS (SELECT 1 FROM event_hosts h WHERE h.event_id = e.id AND " \
	"h.org_id = ?3)) AND (?4 = 0 OR e.id = ?4) AND (?5 = 0 OR " \
	"e.tour_id = ?5) "

const char *const sqlite_stmts[STMT__MAX] = {
	[STMT_EVENT_LIST] = "SELECT " EVENT_COLS "ORDER BY 12, e.id",
	[STMT_EVENT_GET] = "SELECT " EVENT_COLS "WHERE e.id = ?1",
	[STMT_HOSTS_ALL] = "SELECT h.event_id, o.name FROM event_hosts h "
	    "JOIN organizations o ON o.id = h.org_id ORDER BY h.event_id, h.org_id",
	[STMT_HOSTS_EVENT] = "SELECT h.event_id, o.name FROM event_hosts h "
	    "JOIN organizations o ON o.id = h.org_id WHERE h.event_id = ?1 "
	    "ORDER BY h.org_id",
	[STMT_SESSIONS_ALL] = "SELECT " SESSION_COLS
	    "ORDER BY s.event_id, s.starts_at, s.id",
	[STMT_SESSIONS_EVENT] = "SELECT " SESSION_COLS
	    "WHERE s.event_id = ?1 ORDER BY s.starts_at, s.id",
	[STMT_SESSION_GET] = "SELECT " SESSION_COLS "WHERE s.id = ?1",
	[STMT_SESSION_BRIEF] = "SELECT " SESSION_BRIEF_COLS "WHERE s.id = ?1",
	/* The seat counter: taken only while one is free (?2: over capacity). */
	[STMT_SEAT_TAKE] = "UPDATE sessions SET taken = taken + 1 WHERE id = ?1 "
	    "AND (?2 OR capacity IS NULL OR taken < capacity) RETURNING 1",
	/* The single writer is the lock; PostgreSQL takes the row's. */
	[STMT_SESSION_LOCK] = "SELECT id FROM sessions WHERE id = ?1",
	[STMT_SEAT_FREE] = "UPDATE sessions SET taken = taken - 1 WHERE id = ?1 "
	    "AND taken > 0",
	[STMT_CHANGE_INSERT] = "INSERT INTO change_events (at, topic, payload) "
	    "VALUES (?1, ?2, ?3) RETURNING id",
	/* Another process polls: nothing to wake. */
	[STMT_NOTIFY] = "SELECT 0",
	[STMT_CHANGES_AFTER] = "SELECT id, topic, payload FROM change_events "
	    "WHERE id > ?1 ORDER BY id LIMIT ?2",
	[STMT_CHANGES_LAST] = "SELECT coalesce(max(id), 0) FROM change_events",
	[STMT_CHANGES_FIRST] = "SELECT coalesce(min(id), 0) FROM change_events",
	[STMT_CHANGES_PURGE] = "DELETE FROM change_events WHERE at < ?1",
	[STMT_REG_BY_EMAIL] = "SELECT " REG_COLS "WHERE session_id = ?1 "
	    "AND email_norm = ?2 AND status <> 'cancelled'",
	[STMT_REG_INSERT] = "INSERT INTO registrations (session_id, secret_hash, "
	    "status, name, email, email_norm, sector, organization, county, "
	    "license, created_at, updated_at, source, secret_box, lang) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12, ?13, ?14) "
	    "RETURNING id",
	[STMT_REG_BY_SECRET] = "SELECT " REG_COLS "WHERE secret_hash = ?1",
	[STMT_REG_POSITION] = "SELECT count(*) FROM registrations "
	    "WHERE session_id = ?1 AND status = 'waitlisted' AND id <= ?2",
	[STMT_REG_CANCEL] = "UPDATE registrations SET status = 'cancelled', "
	    "updated_at = ?2 WHERE id = ?1 AND status <> 'cancelled'",
	[STMT_REG_WAITLIST_FIRST] = "SELECT id, email, secret_box FROM registrations "
	    "WHERE session_id = ?1 AND status = 'waitlisted' ORDER BY id LIMIT ?2",
	[STMT_ORG_INSERT] = "INSERT INTO organizations (name) VALUES (?1) "
	    "RETURNING id",
	[STMT_SPEAKER_INSERT] = "INSERT INTO speakers (name, bio) "
	    "VALUES (?1, ?2) RETURNING id",
	[STMT_VENUE_INSERT] = "INSERT INTO venues (name, address, city, state, "
	    "time_zone) VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
	[STMT_TOUR_INSERT] = "INSERT INTO tours (title, speaker_id) "
	    "VALUES (?1, ?2) RETURNING id",
	[STMT_EVENT_INSERT] = "INSERT INTO events (title, description, "
	    "venue_id, tour_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5) "
	    "RETURNING id",
	[STMT_HOST_INSERT] = "INSERT INTO event_hosts (event_id, org_id) "
	    "VALUES (?1, ?2)",
	[STMT_SESSION_INSERT] = "INSERT INTO sessions (event_id, title, "
	    "description, instructor, audience, sectors, capacity, ce_hours, "
	    "starts_at, ends_at, reg_opens_at, reg_closes_at, join_code, "
	    "credit_share, eval_required) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) "
	    "RETURNING id",
	[STMT_USER_INSERT] = "INSERT INTO users (name, pass_hash, roles, "
	    "created_at) VALUES (?1, ?2, ?3, ?4) RETURNING id",
	[STMT_USER_BY_NAME] = "SELECT id FROM users WHERE name = ?1",
	[STMT_TOKEN_INSERT] = "INSERT INTO api_tokens (user_id, token_hash, "
	    "created_at) VALUES (?1, ?2, ?3)",
	[STMT_SETTING_GET] = "SELECT value FROM settings WHERE key = ?1",
	/* A write that changes nothing: can the database take writes? */
	[STMT_SETTING_TOUCH] = "UPDATE settings SET value = value WHERE key = ?1",
	/* The first value stays: nodes starting together agree on one. */
	[STMT_SETTING_ADD] = "INSERT INTO settings (key, value) VALUES (?1, ?2) "
	    "ON CONFLICT (key) DO NOTHING",
	[STMT_SETTING_SET] = "INSERT INTO settings (key, value) VALUES (?1, ?2) "
	    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	[STMT_USER_GET] = "SELECT " USER_COLS "WHERE u.id = ?1",
	[STMT_USER_GET_NAME] = "SELECT " USER_COLS "WHERE u.name = ?1",
	[STMT_USER_LIST] = "SELECT " USER_COLS "ORDER BY u.name",
	[STMT_USER_UPDATE] = "UPDATE users SET roles = ?2, org_id = ?3, "
	    "disabled = ?4 WHERE id = ?1",
	[STMT_USER_PASSWORD] = "UPDATE users SET pass_hash = ?2 WHERE id = ?1",
	[STMT_AUTH_INSERT] = "INSERT INTO auth_sessions (token_hash, user_id, "
	    "csrf, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
	[STMT_AUTH_GET] = "SELECT " USER_COLS_NOFROM ", a.csrf "
	    "FROM auth_sessions a JOIN users u ON u.id = a.user_id "
	    "LEFT JOIN organizations o ON o.id = u.org_id "
	    "WHERE a.token_hash = ?1 AND a.expires_at > ?2 AND u.disabled = 0",
	[STMT_AUTH_DELETE] = "DELETE FROM auth_sessions WHERE token_hash = ?1",
	[STMT_AUTH_DELETE_USER] = "DELETE FROM auth_sessions WHERE user_id = ?1",
	[STMT_AUTH_PURGE] = "DELETE FROM auth_sessions WHERE expires_at <= ?1",
	[STMT_TOKEN_USER] = "SELECT " USER_COLS_NOFROM ", '' "
	    "FROM api_tokens t JOIN users u ON u.id = t.user_id "
	    "LEFT JOIN organizations o ON o.id = u.org_id "
	    "WHERE t.token_hash = ?1 AND t.revoked_at IS NULL AND u.disabled = 0",
	[STMT_TOKEN_LIST] = "SELECT t.id, t.user_id, u.name, t.created_at, "
	    "t.revoked_at FROM api_tokens t JOIN users u ON u.id = t.user_id "
	    "ORDER BY u.name, t.id",
	[STMT_TOKEN_REVOKE] = "UPDATE api_tokens SET revoked_at = "
	    "coalesce(revoked_at, ?2) WHERE id = ?1",
	[STMT_FAIL_COUNT] = "SELECT count(*) FROM login_failures "
	    "WHERE user_key = ?1 AND addr_key = ?2 AND at > ?3",
	[STMT_FAIL_INSERT] = "INSERT INTO login_failures (user_key, addr_key, "
	    "at) VALUES (?1, ?2, ?3)",
	[STMT_FAIL_CLEAR] = "DELETE FROM login_failures WHERE user_key = ?1",
	[STMT_FAIL_EXPIRE] = "DELETE FROM login_failures WHERE at < ?1",
	[STMT_AUDIT_INSERT] = "INSERT INTO audit_log (at, user_id, action, "
	    "object, before, after) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[STMT_ORG_LIST] = "SELECT id, name, '', '', '', '' FROM organizations "
	    "ORDER BY name, id",
	[STMT_VENUE_LIST] = "SELECT id, name, address, city, state, time_zone "
	    "FROM venues ORDER BY city, name, id",
	[STMT_SPEAKER_LIST] = "SELECT id, name, bio, '', '', '' FROM speakers "
	    "ORDER BY name, id",
	[STMT_TOUR_LIST] = "SELECT t.id, t.title, coalesce(s.name, ''), "
	    "t.speaker_id, '', '' FROM tours t "
	    "LEFT JOIN speakers s ON s.id = t.speaker_id ORDER BY t.id",
	[STMT_EVENT_UPDATE] = "UPDATE events SET title = ?2, description = ?3, "
	    "venue_id = ?4, tour_id = ?5, cancelled = ?6 WHERE id = ?1",
	[STMT_HOSTS_CLEAR] = "DELETE FROM event_hosts WHERE event_id = ?1",
	[STMT_HOSTED_BY] = "SELECT count(*) FROM event_hosts "
	    "WHERE event_id = ?1 AND org_id = ?2",
	[STMT_SESSION_UPDATE] = "UPDATE sessions SET title = ?2, "
	    "description = ?3, instructor = ?4, audience = ?5, sectors = ?6, "
	    "capacity = ?7, ce_hours = ?8, starts_at = ?9, ends_at = ?10, "
	    "reg_opens_at = ?11, reg_closes_at = ?12, credit_share = ?13, "
	    "eval_required = ?14, cancelled = ?15 WHERE id = ?1",
	[STMT_ROSTER] = "SELECT r.id, r.session_id, r.secret_box, r.status, r.name, "
	    "r.email, r.sector, r.organization, r.county, r.license, "
	    "r.created_at, r.source, r.checked_in_at, r.checked_out_at, "
	    "r.over_capacity, r.lang, CASE WHEN r.status = 'waitlisted' THEN "
	    "(SELECT count(*) FROM registrations w WHERE w.session_id = "
	    "r.session_id AND w.status = 'waitlisted' AND w.id <= r.id) "
	    "ELSE 0 END FROM registrations r "
	    "WHERE r.session_id = ?1 AND (?2 IS NULL OR r.status = ?2) "
	    "AND (?3 IS NULL OR r.sector = ?3) AND (?4 IS NULL OR "
	    "fold(r.name) LIKE ?4 ESCAPE '\\' OR r.email_norm LIKE ?4 ESCAPE "
	    "'\\') "
	    "ORDER BY CASE r.status WHEN 'confirmed' THEN 0 "
	    "WHEN 'waitlisted' THEN 1 ELSE 2 END, r.id",
	[STMT_REG_GET] = "SELECT " REG_COLS "WHERE id = ?1",
	[STMT_REG_MOVE] = "UPDATE registrations SET session_id = ?2, "
	    "status = ?3, updated_at = ?4 WHERE id = ?1 AND status <> "
	    "'cancelled'",
	/* The write transaction holds the whole database already. */
	[STMT_REG_LOCK] = "SELECT id FROM registrations WHERE id = ?1",
	[STMT_REG_RESEND] = "UPDATE registrations SET resent_at = ?2 WHERE "
	    "id = ?1 AND (resent_at IS NULL OR resent_at <= ?3)",
	[STMT_REG_CONFIRM] = "UPDATE registrations SET status = 'confirmed', "
	    "updated_at = ?2 WHERE id = ?1 AND status = 'waitlisted'",
	[STMT_OUTBOX_INSERT] = "INSERT INTO outbox (created_at, recipient, "
	    "template, lang, params, ics_session_id) VALUES (?1, ?2, ?3, ?4, "
	    "?5, ?6) RETURNING id",
	[STMT_RECIPIENTS_EVENT] = "SELECT r.email, r.secret_box, r.id, r.session_id, r.lang FROM registrations r "
	    "JOIN sessions s ON s.id = r.session_id WHERE s.event_id = ?1 "
	    "AND r.status <> 'cancelled' AND r.email IS NOT NULL ORDER BY r.id",
	[STMT_RECIPIENTS_SESSION] = "SELECT r.email, r.secret_box, r.id, r.session_id, r.lang FROM registrations r "
	    "WHERE r.session_id = ?1 AND r.status <> 'cancelled' "
	    "AND r.email IS NOT NULL ORDER BY r.id",
	[STMT_OUTBOX_COUNT] = "SELECT count(*) FROM outbox WHERE sent_at IS NULL",
	[STMT_CHECK_IN] = "UPDATE registrations SET checked_in_at = "
	    "coalesce(checked_in_at, ?2), checked_out_at = NULL, updated_at = ?3 "
	    "WHERE id = ?1 AND status = 'confirmed' AND (checked_in_at IS NULL "
	    "OR checked_out_at IS NOT NULL)",
	[STMT_CHECK_OUT] = "UPDATE registrations SET checked_out_at = ?2, "
	    "updated_at = ?3 WHERE id = ?1 AND checked_in_at IS NOT NULL "
	    "AND checked_out_at IS NULL",
	[STMT_SET_TIMES] = "UPDATE registrations SET checked_in_at = ?2, "
	    "checked_out_at = ?3, updated_at = ?4 WHERE id = ?1",
	[STMT_ATTENDANCE] = "SELECT "
	    "count(*) FILTER (WHERE checked_in_at IS NOT NULL), "
	    "count(*) FILTER (WHERE checked_in_at IS NOT NULL AND "
	    "checked_out_at IS NULL) FROM registrations WHERE session_id = ?1 "
	    "AND status = 'confirmed'",
	[STMT_SESSION_CLOSE] = "UPDATE sessions SET closed = ?2 WHERE id = ?1",
	[STMT_CERT_BY_REG] = "SELECT " CERT_COLS "WHERE registration_id = ?1",
	[STMT_CERT_BY_CODE] = "SELECT " CERT_COLS "WHERE code = ?1",
	[STMT_CERT_INSERT] = "INSERT INTO certificates (registration_id, code, "
	    "issued_at, name, session, event, date, venue, city, instructor, "
	    "hours, provider) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
	    "?11, ?12) ON CONFLICT DO NOTHING",
	/* Claimed under a lease: due again if its sender dies. */
	[STMT_OUTBOX_CLAIM] = "UPDATE outbox SET next_attempt_at = ?1 + ?3 "
	    "WHERE id IN (SELECT id FROM outbox WHERE sent_at IS NULL AND "
	    "next_attempt_at <= ?1 ORDER BY id LIMIT ?2) RETURNING id, "
	    "recipient, subject, body, attempts, ics_session_id, template, "
	    "lang, params",
	[STMT_OUTBOX_DUE] = "SELECT id, recipient, subject, body, attempts, "
	    "ics_session_id, template, lang, params FROM outbox WHERE sent_at IS NULL AND "
	    "next_attempt_at <= ?1 ORDER BY id LIMIT ?2",
	/* A sent message keeps no body and no parameters. */
	[STMT_OUTBOX_SENT] = "UPDATE outbox SET sent_at = ?2, attempts = "
	    "attempts + 1, last_error = NULL, body = NULL, params = NULL "
	    "WHERE id = ?1",
	[STMT_OUTBOX_FAILED] = "UPDATE outbox SET attempts = attempts + 1, "
	    "next_attempt_at = ?2, last_error = ?3 WHERE id = ?1",
	[STMT_OUTBOX_LIST] = "SELECT id, created_at, recipient, "
	    "coalesce(subject, template), template, "
	    "attempts, sent_at, last_error FROM outbox ORDER BY id DESC LIMIT ?1",
	[STMT_SESSION_BY_CODE] = "SELECT " SESSION_COLS "WHERE s.join_code = ?1",
	[STMT_SESSION_MODERATION] = "UPDATE sessions SET post_moderation = ?2 "
	    "WHERE id = ?1",
	[STMT_PART_GET] = "SELECT id FROM participants WHERE token_hash = ?1",
	[STMT_PART_INSERT] = "INSERT INTO participants (token_hash, created_at) "
	    "VALUES (?1, ?2) RETURNING id",
	[STMT_Q_INSERT] = "INSERT INTO questions (session_id, participant_id, "
	    "text, name, status, flags, created_at, updated_at) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) RETURNING id",
	[STMT_Q_GET] = "SELECT " Q_COLS "WHERE id = ?1",
	[STMT_Q_VISIBLE_VOTES] = "SELECT " Q_COLS "WHERE session_id = ?1 AND "
	    "status IN ('approved', 'answered') "
	    "ORDER BY status = 'answered', pinned DESC, votes DESC, id",
	[STMT_Q_VISIBLE_NEW] = "SELECT " Q_COLS "WHERE session_id = ?1 AND "
	    "status IN ('approved', 'answered') "
	    "ORDER BY status = 'answered', pinned DESC, id DESC",
	[STMT_Q_ALL] = "SELECT " Q_COLS "WHERE session_id = ?1 "
	    "ORDER BY CASE status WHEN 'pending' THEN 0 WHEN 'approved' THEN 1 "
	    "WHEN 'answered' THEN 2 ELSE 3 END, pinned DESC, votes DESC, id",
	[STMT_Q_MINE] = "SELECT " Q_COLS "WHERE session_id = ?1 AND "
	    "participant_id = ?2 ORDER BY id DESC",
	[STMT_Q_RECENT] = "SELECT count(*) FROM questions WHERE "
	    "participant_id = ?1 AND created_at > ?2",
	[STMT_Q_UPDATE] = "UPDATE questions SET status = ?2, text = ?3, "
	    "pinned = ?4, updated_at = ?5 WHERE id = ?1",
	/* The asker takes a question back: its words go, wherever kept. */
	[STMT_Q_WITHDRAW] = "UPDATE questions SET status = 'hidden', "
	    "text = '', name = NULL, pinned = 0, updated_at = ?3 WHERE id = ?1 "
	    "AND participant_id = ?2",
	[STMT_Q_UNPIN] = "UPDATE questions SET pinned = 0 WHERE session_id = ?1 "
	    "AND pinned = 1 AND id <> ?2",
	[STMT_VOTE_INSERT] = "INSERT INTO votes (question_id, participant_id, "
	    "created_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
	[STMT_VOTE_BUMP] = "UPDATE questions SET votes = votes + 1 WHERE id = ?1",
	[STMT_VOTE_RECENT] = "SELECT count(*) FROM votes WHERE "
	    "participant_id = ?1 AND created_at > ?2",
	[STMT_MONTHS_TODO] = "SELECT s.id, s.starts_at, v.time_zone FROM sessions s "
	    "JOIN events e ON e.id = s.event_id JOIN venues v ON v.id = e.venue_id "
	    "WHERE s.month IS NULL OR s.local_day IS NULL OR s.event_id = ?1",
	[STMT_MONTH_SET] = "UPDATE sessions SET month = ?2, local_day = ?3 "
	    "WHERE id = ?1",
	[STMT_REPORT_SECTOR] = ATTENDED LATEST "SELECT coalesce(sector, "
	    "'unknown'), count(*), sum(natt) FROM latest WHERE rn = 1 "
	    "GROUP BY 1 ORDER BY 2 DESC, 1",
	[STMT_REPORT_COUNTY] = ATTENDED LATEST "SELECT coalesce(county, "
	    "'unknown'), count(*), sum(natt) FROM latest WHERE rn = 1 "
	    "GROUP BY 1 ORDER BY 2 DESC, 1",
	[STMT_REPORT_MONTH] = ATTENDED "SELECT month, count(DISTINCT person), count(*) "
	    "FROM att GROUP BY month ORDER BY month",
	[STMT_REPORT_EVENT] = ATTENDED "SELECT min(event), count(DISTINCT "
	    "person), count(*) FROM att GROUP BY event_id ORDER BY min(starts_at), event_id",
	[STMT_REPORT_TOUR] = ATTENDED "SELECT coalesce(min(t.title), "
	    "'" STORE_NO_TOUR "'), count(DISTINCT a.person), count(*) "
	    "FROM att a "
	    "LEFT JOIN tours t ON t.id = a.tour_id GROUP BY a.tour_id ORDER BY 2 "
	    "DESC, 1, a.tour_id",
	[STMT_REPORT_PARTNER] = ATTENDED "SELECT min(o.name), count(DISTINCT "
	    "a.person), count(*) FROM att a JOIN event_hosts h ON h.event_id = a.event_id "
	    "JOIN organizations o ON o.id = h.org_id GROUP BY o.id ORDER BY 2 "
	    "DESC, 1",
	[STMT_REPORT_TOTAL] = ATTENDED "SELECT count(DISTINCT person), "
	    "count(*) FROM att",
	[STMT_REPORT_CE] = "SELECT coalesce(sum(c.hours), 0), count(*) FROM "
	    "certificates c JOIN registrations f ON f.id = c.registration_id "
	    IN_RANGE,
	[STMT_REPORT_GAIN] = "SELECT count(*), avg(100.0 * pre.score / "
	    "pre.max_score), avg(100.0 * post.score / post.max_score) FROM "
	    "responses pre JOIN forms f ON f.id = pre.form_id AND f.kind = 'pre' "
	    "JOIN forms fq ON fq.session_id = f.session_id AND fq.kind = 'post' "
	    "JOIN responses post ON post.form_id = fq.id AND "
	    "post.registration_id = pre.registration_id " IN_RANGE
	    "AND pre.max_score > 0 AND post.max_score > 0",
	[STMT_REPORT_QUESTIONS] = "SELECT count(*), count(*) FILTER (WHERE "
	    "f.status IN ('approved', 'answered')), count(DISTINCT "
	    "f.participant_id) FROM questions f " IN_RANGE,
	[STMT_REPORT_SCALES] = "SELECT min(i.prompt), avg(CAST(a.value AS "
	    "REAL)), count(*) FROM answers a JOIN form_items i ON i.id = "
	    "a.item_id JOIN forms f ON f.id = i.form_id " IN_RANGE "AND i.kind = "
	    "'scale' GROUP BY i.prompt ORDER BY min(i.position), 1",
	[STMT_REPORT_COMMENTS] = "SELECT min(i.prompt), a.value FROM answers a "
	    "JOIN form_items i ON i.id = a.item_id JOIN forms f ON f.id = "
	    "i.form_id " IN_RANGE "AND i.kind = 'text' AND a.value <> '' "
	    "GROUP BY a.response_id, a.item_id ORDER BY a.response_id DESC, "
	    "a.item_id LIMIT 500",
	[STMT_TOUR_GET] = "SELECT t.id, t.title, coalesce(s.name, ''), "
	    "coalesce(s.bio, ''), t.travel_gap_hours FROM tours t LEFT JOIN "
	    "speakers s ON s.id = t.speaker_id WHERE t.id = ?1",
	[STMT_TOUR_GAP] = "UPDATE tours SET travel_gap_hours = ?2 WHERE id = ?1",
	[STMT_FORM_GET] = "SELECT f.id, (SELECT count(*) FROM responses r "
	    "WHERE r.form_id = f.id) FROM forms f WHERE f.session_id = ?1 AND "
	    "f.kind = ?2",
	[STMT_FORM_INSERT] = "INSERT INTO forms (session_id, kind) VALUES "
	    "(?1, ?2) ON CONFLICT DO NOTHING",
	[STMT_FORM_ITEMS] = "SELECT id, kind, prompt, choices, coalesce(correct, "
	    "-1) FROM form_items WHERE form_id = ?1 ORDER BY position, id",
	[STMT_ITEM_INSERT] = "INSERT INTO form_items (form_id, position, kind, "
	    "prompt, choices, correct) VALUES (?1, (SELECT coalesce(max(position), "
	    "0) + 1 FROM form_items WHERE form_id = ?1), ?2, ?3, ?4, ?5)",
	[STMT_ITEM_DELETE] = "DELETE FROM form_items WHERE id = ?1 AND "
	    "form_id = ?2",
	[STMT_RESPONSE_GET] = "SELECT r.score, r.max_score FROM responses r "
	    "JOIN forms f ON f.id = r.form_id WHERE f.session_id = ?1 AND "
	    "f.kind = ?2 AND r.registration_id = ?3",
	[STMT_RESPONSE_INSERT] = "INSERT INTO responses (form_id, "
	    "registration_id, submitted_at, score, max_score) VALUES (?1, ?2, "
	    "?3, ?4, ?5) ON CONFLICT DO NOTHING RETURNING id",
	[STMT_ANSWER_INSERT] = "INSERT INTO answers (response_id, item_id, "
	    "value) VALUES (?1, ?2, ?3)",
	[STMT_PURGE_PUBLIC] = "UPDATE registrations SET name = NULL, email = NULL, "
	    "email_norm = NULL, organization = NULL, county = NULL, "
	    "license = NULL, sector = NULL WHERE session_id IN (SELECT id FROM "
	    "sessions WHERE audience = 'public' AND ends_at < ?1) AND "
	    "(name IS NOT NULL OR email IS NOT NULL)",
	[STMT_PURGE_OUTBOX] = "DELETE FROM outbox WHERE created_at < ?1 AND "
	    "(sent_at IS NOT NULL OR attempts >= 20)",
	[STMT_ORG_UPDATE] = "UPDATE organizations SET name = ?2 WHERE id = ?1",
	[STMT_VENUE_UPDATE] = "UPDATE venues SET name = ?2, address = ?3, "
	    "city = ?4, state = ?5, time_zone = ?6 WHERE id = ?1",
	[STMT_SPEAKER_UPDATE] = "UPDATE speakers SET name = ?2, bio = ?3 "
	    "WHERE id = ?1",
	[STMT_TOUR_UPDATE] = "UPDATE tours SET title = ?2, speaker_id = ?3 "
	    "WHERE id = ?1",
	[STMT_VENUE_MONTHS] = "UPDATE sessions SET month = NULL WHERE event_id "
	    "IN (SELECT id FROM events WHERE venue_id = ?1)",
	[STMT_AUDIT_LIST] = "SELECT l.id, l.at, u.name, l.action, l.object, "
	    "l.before, l.after FROM audit_log l "
	    "LEFT JOIN users u ON u.id = l.user_id "
	    "ORDER BY l.id DESC LIMIT ?1",
	[STMT_SESSION_SEQUENCE] = "UPDATE sessions SET ics_sequence = "
	    "ics_sequence + 1 WHERE id = ?1 OR event_id = ?2",
	[STMT_EVENT_PUBLISH] = "UPDATE events SET published = ?2 WHERE id = ?1",
	[STMT_REG_OVER_CAPACITY] = "UPDATE registrations SET over_capacity = 1 "
	    "WHERE id = ?1",
	[STMT_CERT_REVOKE] = "UPDATE certificates SET revoked_at = ?2, "
	    "revoked_by = ?3, revoked_reason = ?4 WHERE id = ?1 AND "
	    "revoked_at IS NULL",
	[STMT_CERTS_REVOKED] = "SELECT code, revoked_at FROM certificates "
	    "WHERE revoked_at IS NOT NULL ORDER BY id",
	[STMT_CONFIRMED_UNMARKED] = "SELECT count(*) FROM registrations "
	    "WHERE session_id = ?1 AND status = 'confirmed' AND "
	    "over_capacity = 0",
	[STMT_SESSION_CE_SET] = "UPDATE sessions SET delivery = ?2, "
	    "credit_tolerance = ?3, credit_partial = ?4 WHERE id = ?1",
	[STMT_APPROVALS_LIST] = "SELECT a.id, a.board, a.statement, "
	    "sa.course_number, sa.session_id IS NOT NULL FROM approvals a "
	    "LEFT JOIN session_approvals sa ON sa.approval_id = a.id AND "
	    "sa.session_id = ?1 WHERE ?2 = 0 OR sa.session_id IS NOT NULL "
	    "ORDER BY a.board, a.id",
	[STMT_APPROVAL_INSERT] = "INSERT INTO approvals (board, statement) "
	    "VALUES (?1, ?2) RETURNING id",
	[STMT_APPROVAL_UPDATE] = "UPDATE approvals SET board = ?2, "
	    "statement = ?3 WHERE id = ?1",
	[STMT_SESSION_APPROVALS_CLEAR] = "DELETE FROM session_approvals "
	    "WHERE session_id = ?1",
	[STMT_SESSION_APPROVAL_INSERT] = "INSERT INTO session_approvals "
	    "(session_id, approval_id, course_number) VALUES (?1, ?2, ?3)",
	[STMT_CERT_FACTS_SET] = "UPDATE certificates SET license = ?2, "
	    "delivery = ?3, times = ?4, approvals = ?5 WHERE id = ?1",
	[STMT_CERT_ID_BY_CODE] = "SELECT id FROM certificates WHERE code = ?1",
	[STMT_REMIND_DUE] = "SELECT r.id FROM registrations r JOIN sessions s "
	    "ON s.id = r.session_id JOIN events e ON e.id = s.event_id WHERE "
	    "r.status = 'confirmed' AND r.email IS NOT NULL AND r.reminded_at "
	    "IS NULL AND s.cancelled = 0 AND e.cancelled = 0 AND s.starts_at > "
	    "?1 AND s.starts_at <= ?1 + 86400 AND r.created_at < s.starts_at - "
	    "43200 ORDER BY r.id LIMIT 500",
	[STMT_EVAL_REMIND_DUE] = "SELECT r.id FROM registrations r JOIN "
	    "sessions s ON s.id = r.session_id WHERE r.status = 'confirmed' AND "
	    "r.email IS NOT NULL AND r.eval_reminded_at IS NULL AND "
	    "r.checked_in_at IS NOT NULL AND s.eval_required = 1 AND "
	    "s.ce_hours > 0 AND s.ends_at <= ?1 AND s.ends_at > ?1 - 604800 "
	    "ORDER BY r.id LIMIT 500",
	[STMT_REG_REMINDED] = "UPDATE registrations SET reminded_at = ?2 "
	    "WHERE id = ?1 AND reminded_at IS NULL",
	[STMT_REG_EVAL_REMINDED] = "UPDATE registrations SET "
	    "eval_reminded_at = ?2 WHERE id = ?1 AND eval_reminded_at IS NULL",
	[STMT_OUTBOX_WAITING] = "SELECT count(*) FROM outbox WHERE sent_at IS "
	    "NULL",
	[STMT_VOTES_MINE] = "SELECT v.question_id FROM votes v JOIN questions q "
	    "ON q.id = v.question_id WHERE q.session_id = ?1 AND "
	    "v.participant_id = ?2",
	[STMT_SESSION_QA_OPENS] = "UPDATE sessions SET qa_opens_at = ?2 "
	    "WHERE id = ?1",
	/* Sessions held (with attendance recorded) of each audience, and the
	 * attendances of public sessions: community education, counted as
	 * attendances since a public attendee gives nothing personal. */
	/* Confidence, paired like knowledge: pre and post answers to the
	 * confidence question of one person; high is "3" or "4". */
	[STMT_REPORT_CONFIDENCE] = "SELECT count(*), coalesce(sum(CASE WHEN "
	    "pa.value IN ('3', '4') THEN 1 ELSE 0 END), 0), coalesce(sum(CASE "
	    "WHEN qa.value IN ('3', '4') THEN 1 ELSE 0 END), 0) FROM responses "
	    "pre JOIN forms f ON f.id = pre.form_id AND f.kind = 'pre' "
	    "JOIN answers pa ON pa.response_id = pre.id JOIN form_items pi ON "
	    "pi.id = pa.item_id AND pi.prompt = '" CONFIDENCE_PROMPT "' "
	    "JOIN forms fq ON fq.session_id = f.session_id AND fq.kind = 'post' "
	    "JOIN responses post ON post.form_id = fq.id AND "
	    "post.registration_id = pre.registration_id JOIN answers qa ON "
	    "qa.response_id = post.id JOIN form_items qi ON qi.id = qa.item_id "
	    "AND qi.prompt = '" CONFIDENCE_PROMPT "' " IN_RANGE,
	[STMT_FUNDER_SET] = "INSERT INTO funder_names (funder, sector, name) "
	    "VALUES (?1, ?2, ?3) ON CONFLICT (funder, sector) DO UPDATE SET "
	    "name = excluded.name",
	[STMT_FUNDER_DELETE] = "DELETE FROM funder_names WHERE funder = ?1 "
	    "AND sector = ?2",
	[STMT_FUNDER_NAMES] = "SELECT sector, name FROM funder_names WHERE "
	    "funder = ?1",
	[STMT_FUNDER_LIST] = "SELECT DISTINCT funder FROM funder_names "
	    "ORDER BY 1",
	[STMT_REPORT_SPLIT] = "SELECT count(DISTINCT CASE WHEN s.audience = "
	    "'professional' THEN s.id END), count(DISTINCT CASE WHEN "
	    "s.audience = 'public' THEN s.id END), count(*) FILTER (WHERE "
	    "s.audience = 'public') FROM registrations f " IN_RANGE "AND "
	    "f.status = 'confirmed' AND f.checked_in_at IS NOT NULL AND "
	    "s.cancelled = 0",
	[STMT_TICKET_LEGACY] = "SELECT id, secret_hash FROM registrations "
	    "WHERE secret_box IS NULL ORDER BY id",
	[STMT_TICKET_SEAL] = "UPDATE registrations SET secret_hash = ?2, "
	    "secret_box = ?3 WHERE id = ?1 AND secret_box IS NULL",
	[STMT_TICKET_ONE] = "SELECT secret_box FROM registrations "
	    "WHERE secret_box IS NOT NULL LIMIT 1",
	[STMT_OUTBOX_PLAIN] = "SELECT id, params FROM outbox WHERE sent_at IS "
	    "NULL AND params LIKE '%\"secret\":%' ORDER BY id",
	[STMT_OUTBOX_PARAMS] = "UPDATE outbox SET params = ?2 WHERE id = ?1",
	/* Sealing plain codes overwrites what they leave in free space (SQLite;
	 * PostgreSQL's VACUUM reclaims dead rows). */
	[STMT_SCRUB_ON] = "PRAGMA secure_delete = ON",
	[STMT_SCRUB_FLUSH] = "PRAGMA wal_checkpoint(TRUNCATE)",
	/* The address's live registration for the session. */
	[STMT_REG_LIVE] = "SELECT id FROM registrations WHERE session_id = ?1 "
	    "AND email_norm = ?2 AND status <> 'cancelled'",
	/* STMT_REG_INSERT_NEW has no SQLite text: SQLite has no UPDATE in a
	 * WITH clause, and in this process STMT_REG_LIVE, STMT_SEAT_TAKE and
	 * STMT_REG_INSERT cost no round trip (store_reg_insert_new). */
};

/* Numbered migrations; entry i brings the schema to version i + 1. */
const char *const sqlite_migrations[] = {
	/* 1: the foundation. */
	"CREATE TABLE settings ("
	"  key TEXT PRIMARY KEY,"
	"  value TEXT NOT NULL);"
	"CREATE TABLE organizations ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE);"
	"CREATE TABLE speakers ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  bio TEXT NOT NULL DEFAULT '');"
	"CREATE TABLE venues ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  address TEXT NOT NULL DEFAULT '',"
	"  city TEXT NOT NULL,"
	"  state TEXT NOT NULL,"
	"  time_zone TEXT NOT NULL);"
	"CREATE TABLE tours ("
	"  id INTEGER PRIMARY KEY,"
	"  title TEXT NOT NULL,"
	"  speaker_id INTEGER REFERENCES speakers (id));"
	"CREATE TABLE events ("
	"  id INTEGER PRIMARY KEY,"
	"  title TEXT NOT NULL,"
	"  description TEXT NOT NULL DEFAULT '',"
	"  venue_id INTEGER NOT NULL REFERENCES venues (id),"
	"  tour_id INTEGER REFERENCES tours (id),"
	"  cancelled INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL);"
	"CREATE TABLE event_hosts ("
	"  event_id INTEGER NOT NULL REFERENCES events (id),"
	"  org_id INTEGER NOT NULL REFERENCES organizations (id),"
	"  PRIMARY KEY (event_id, org_id));"
	"CREATE TABLE sessions ("
	"  id INTEGER PRIMARY KEY,"
	"  event_id INTEGER NOT NULL REFERENCES events (id),"
	"  title TEXT NOT NULL,"
	"  description TEXT NOT NULL DEFAULT '',"
	"  instructor TEXT,"
	"  audience TEXT NOT NULL CHECK (audience IN ('professional', 'public')),"
	"  sectors INTEGER NOT NULL DEFAULT 0,"
	"  capacity INTEGER CHECK (capacity IS NULL OR capacity >= 0),"
	"  ce_hours REAL NOT NULL DEFAULT 0 CHECK (ce_hours >= 0),"
	"  credit_share REAL NOT NULL DEFAULT 1.0,"
	"  eval_required INTEGER NOT NULL DEFAULT 0,"
	"  starts_at INTEGER NOT NULL,"
	"  ends_at INTEGER NOT NULL,"
	"  reg_opens_at INTEGER,"
	"  reg_closes_at INTEGER,"
	"  join_code TEXT UNIQUE,"
	"  cancelled INTEGER NOT NULL DEFAULT 0,"
	"  CHECK (ends_at > starts_at));"
	"CREATE INDEX sessions_event ON sessions (event_id, starts_at);"
	"CREATE TABLE registrations ("
	"  id INTEGER PRIMARY KEY,"
	"  session_id INTEGER NOT NULL REFERENCES sessions (id),"
	"  secret TEXT NOT NULL UNIQUE,"
	"  status TEXT NOT NULL"
	"    CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),"
	"  name TEXT, email TEXT, email_norm TEXT, sector TEXT,"
	"  organization TEXT, county TEXT, license TEXT,"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL);"
	"CREATE INDEX registrations_session"
	"  ON registrations (session_id, status, id);"
	"CREATE UNIQUE INDEX registrations_email"
	"  ON registrations (session_id, email_norm)"
	"  WHERE email_norm IS NOT NULL AND status <> 'cancelled';"
	"CREATE TABLE users ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  pass_hash TEXT NOT NULL,"
	"  roles INTEGER NOT NULL,"
	"  org_id INTEGER REFERENCES organizations (id),"
	"  disabled INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL);"
	"CREATE TABLE api_tokens ("
	"  id INTEGER PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES users (id),"
	"  token_hash TEXT NOT NULL UNIQUE,"
	"  created_at INTEGER NOT NULL,"
	"  revoked_at INTEGER);",
	/* 2: staff sign-in, the audit log, the outbox, walk-ins. */
	"CREATE TABLE auth_sessions ("
	"  id INTEGER PRIMARY KEY,"
	"  token_hash TEXT NOT NULL UNIQUE,"
	"  user_id INTEGER NOT NULL REFERENCES users (id),"
	"  csrf TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  expires_at INTEGER NOT NULL);"
	"CREATE TABLE login_failures ("
	"  user_id INTEGER NOT NULL REFERENCES users (id),"
	"  at INTEGER NOT NULL);"
	"CREATE INDEX login_failures_user ON login_failures (user_id, at);"
	"CREATE TABLE audit_log ("
	"  id INTEGER PRIMARY KEY,"
	"  at INTEGER NOT NULL,"
	"  user_id INTEGER REFERENCES users (id),"
	"  action TEXT NOT NULL,"
	"  object TEXT NOT NULL,"
	"  before TEXT,"
	"  after TEXT);"
	"CREATE TABLE outbox ("
	"  id INTEGER PRIMARY KEY,"
	"  created_at INTEGER NOT NULL,"
	"  recipient TEXT NOT NULL,"
	"  subject TEXT NOT NULL,"
	"  body TEXT NOT NULL,"
	"  sent_at INTEGER,"
	"  attempts INTEGER NOT NULL DEFAULT 0);"
	"ALTER TABLE registrations ADD COLUMN source TEXT NOT NULL"
	"  DEFAULT 'web';",
	/* 3: attendance, closing a session, certificates, outbox retries. */
	"ALTER TABLE registrations ADD COLUMN checked_in_at INTEGER;"
	"ALTER TABLE registrations ADD COLUMN checked_out_at INTEGER;"
	"ALTER TABLE sessions ADD COLUMN closed INTEGER NOT NULL DEFAULT 0;"
	"CREATE TABLE certificates ("
	"  id INTEGER PRIMARY KEY,"
	"  registration_id INTEGER NOT NULL UNIQUE REFERENCES registrations (id),"
	"  code TEXT NOT NULL UNIQUE,"
	"  issued_at INTEGER NOT NULL,"
	"  name TEXT NOT NULL,"
	"  session TEXT NOT NULL,"
	"  event TEXT NOT NULL,"
	"  date TEXT NOT NULL,"
	"  venue TEXT NOT NULL,"
	"  city TEXT NOT NULL,"
	"  instructor TEXT,"
	"  hours REAL NOT NULL,"
	"  provider TEXT NOT NULL);"
	"ALTER TABLE outbox ADD COLUMN next_attempt_at INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE outbox ADD COLUMN last_error TEXT;"
	"ALTER TABLE outbox ADD COLUMN ics_session_id INTEGER;",
	/* 4: the live Q&A. No address, no name unless given, no IP. */
	"ALTER TABLE sessions ADD COLUMN post_moderation INTEGER NOT NULL "
	"  DEFAULT 0;"
	"CREATE TABLE participants ("
	"  id INTEGER PRIMARY KEY,"
	"  token_hash TEXT NOT NULL UNIQUE,"
	"  created_at INTEGER NOT NULL);"
	"CREATE TABLE questions ("
	"  id INTEGER PRIMARY KEY,"
	"  session_id INTEGER NOT NULL REFERENCES sessions (id),"
	"  participant_id INTEGER NOT NULL REFERENCES participants (id),"
	"  text TEXT NOT NULL,"
	"  name TEXT,"
	"  status TEXT NOT NULL CHECK (status IN"
	"    ('pending', 'approved', 'answered', 'hidden')),"
	"  flags INTEGER NOT NULL DEFAULT 0,"
	"  pinned INTEGER NOT NULL DEFAULT 0,"
	"  votes INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL);"
	"CREATE INDEX questions_session ON questions (session_id, status);"
	"CREATE INDEX questions_participant ON questions (participant_id, "
	"  created_at);"
	"CREATE TABLE votes ("
	"  question_id INTEGER NOT NULL REFERENCES questions (id),"
	"  participant_id INTEGER NOT NULL REFERENCES participants (id),"
	"  created_at INTEGER NOT NULL,"
	"  PRIMARY KEY (question_id, participant_id));"
	"CREATE INDEX votes_participant ON votes (participant_id, created_at);",
	/* 5: reports (a session's local month), tours' travel gap, forms. */
	"ALTER TABLE sessions ADD COLUMN month TEXT;"
	"ALTER TABLE tours ADD COLUMN travel_gap_hours INTEGER NOT NULL "
	"  DEFAULT 12;"
	"CREATE INDEX registrations_attended ON registrations (session_id)"
	"  WHERE status = 'confirmed' AND checked_in_at IS NOT NULL;"
	"CREATE TABLE forms ("
	"  id INTEGER PRIMARY KEY,"
	"  session_id INTEGER NOT NULL REFERENCES sessions (id),"
	"  kind TEXT NOT NULL CHECK (kind IN ('pre', 'post', 'evaluation')),"
	"  UNIQUE (session_id, kind));"
	"CREATE TABLE form_items ("
	"  id INTEGER PRIMARY KEY,"
	"  form_id INTEGER NOT NULL REFERENCES forms (id),"
	"  position INTEGER NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('choice', 'scale', 'text')),"
	"  prompt TEXT NOT NULL,"
	"  choices TEXT NOT NULL DEFAULT '',"
	"  correct INTEGER);"
	"CREATE INDEX form_items_form ON form_items (form_id, position);"
	"CREATE TABLE responses ("
	"  id INTEGER PRIMARY KEY,"
	"  form_id INTEGER NOT NULL REFERENCES forms (id),"
	"  registration_id INTEGER NOT NULL REFERENCES registrations (id),"
	"  submitted_at INTEGER NOT NULL,"
	"  score INTEGER,"
	"  max_score INTEGER,"
	"  UNIQUE (form_id, registration_id));"
	"CREATE TABLE answers ("
	"  response_id INTEGER NOT NULL REFERENCES responses (id),"
	"  item_id INTEGER NOT NULL REFERENCES form_items (id),"
	"  value TEXT NOT NULL,"
	"  PRIMARY KEY (response_id, item_id));",
	/* 6: a session's local day, so report ranges follow the calendar. */
	"ALTER TABLE sessions ADD COLUMN local_day INTEGER;"
	"UPDATE sessions SET month = NULL;",
	/* 7: seats taken by a counter; change events; messages kept as a
	 * template and its parameters, rendered when sent. */
	"ALTER TABLE sessions ADD COLUMN taken INTEGER NOT NULL DEFAULT 0;"
	"UPDATE sessions SET taken = (SELECT count(*) FROM registrations r"
	"  WHERE r.session_id = sessions.id AND r.status = 'confirmed');"
	"CREATE TABLE change_events ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  at INTEGER NOT NULL,"
	"  topic TEXT NOT NULL,"
	"  payload TEXT NOT NULL);"
	"CREATE INDEX change_events_at ON change_events (at);"
	"CREATE TABLE outbox_v7 ("
	"  id INTEGER PRIMARY KEY,"
	"  created_at INTEGER NOT NULL,"
	"  recipient TEXT NOT NULL,"
	"  template TEXT,"
	"  lang TEXT NOT NULL DEFAULT 'en',"
	"  params TEXT,"
	"  subject TEXT,"
	"  body TEXT,"
	"  sent_at INTEGER,"
	"  attempts INTEGER NOT NULL DEFAULT 0,"
	"  next_attempt_at INTEGER NOT NULL DEFAULT 0,"
	"  last_error TEXT,"
	"  ics_session_id INTEGER);"
	"INSERT INTO outbox_v7 (id, created_at, recipient, subject, body,"
	"  sent_at, attempts, next_attempt_at, last_error, ics_session_id)"
	"  SELECT id, created_at, recipient, subject, body, sent_at, attempts,"
	"  next_attempt_at, last_error, ics_session_id FROM outbox;"
	"DROP TABLE outbox;"
	"ALTER TABLE outbox_v7 RENAME TO outbox;"
	"CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL;",
	/* 8: when a ticket's link was last sent again, to send it at most
	 * once per ten minutes. */
	"ALTER TABLE registrations ADD COLUMN resent_at INTEGER;",
	/* 9: failed sign-ins by account (or unknown name) and client address,
	 * both keyed hashes, so one address cannot lock another out. */
	"DROP TABLE login_failures;"
	"CREATE TABLE login_failures ("
	"  user_key TEXT NOT NULL,"
	"  addr_key TEXT NOT NULL,"
	"  at INTEGER NOT NULL);"
	"CREATE INDEX login_failures_key ON login_failures (user_key, addr_key, at);"
	"CREATE INDEX login_failures_at ON login_failures (at);",
	/* 10: a session's calendar SEQUENCE, one higher at each change a
	 * calendar must follow (times, cancellation). */
	"ALTER TABLE sessions ADD COLUMN ics_sequence INTEGER NOT NULL "
	"DEFAULT 0;",
	/* 11: drafts (what existed was public: published), admissions over
	 * capacity marked, revoked certificates. */
	"ALTER TABLE events ADD COLUMN published INTEGER NOT NULL DEFAULT 1;"
	"ALTER TABLE registrations ADD COLUMN over_capacity INTEGER NOT NULL"
	"  DEFAULT 0;"
	"ALTER TABLE certificates ADD COLUMN revoked_at INTEGER;"
	"ALTER TABLE certificates ADD COLUMN revoked_by INTEGER"
	"  REFERENCES users (id);"
	"ALTER TABLE certificates ADD COLUMN revoked_reason TEXT;",
	/* 12: continuing education a licensing board accepts: a session's
	 * delivery format and credit rule (a tolerance in minutes, or partial
	 * credit in whole contact hours), the boards' approval statements and
	 * which a session prints with its course number, the certificate's
	 * own copy of those facts, and when each reminder went. */
	"ALTER TABLE sessions ADD COLUMN delivery TEXT NOT NULL"
	"  DEFAULT 'in_person';"
	"ALTER TABLE sessions ADD COLUMN credit_tolerance INTEGER NOT NULL"
	"  DEFAULT 0;"
	"ALTER TABLE sessions ADD COLUMN credit_partial INTEGER NOT NULL"
	"  DEFAULT 0;"
	"ALTER TABLE registrations ADD COLUMN reminded_at INTEGER;"
	"ALTER TABLE registrations ADD COLUMN eval_reminded_at INTEGER;"
	"ALTER TABLE certificates ADD COLUMN license TEXT;"
	"ALTER TABLE certificates ADD COLUMN delivery TEXT;"
	"ALTER TABLE certificates ADD COLUMN times TEXT;"
	"ALTER TABLE certificates ADD COLUMN approvals TEXT;"
	"CREATE TABLE approvals ("
	"  id INTEGER PRIMARY KEY,"
	"  board TEXT NOT NULL,"
	"  statement TEXT NOT NULL);"
	"CREATE TABLE session_approvals ("
	"  session_id INTEGER NOT NULL REFERENCES sessions (id),"
	"  approval_id INTEGER NOT NULL REFERENCES approvals (id),"
	"  course_number TEXT NOT NULL DEFAULT '',"
	"  PRIMARY KEY (session_id, approval_id));",
	/* 13: when a Q&A takes questions from (NULL: an hour before it); a
	 * funder's own names for the sectors. */
	"ALTER TABLE sessions ADD COLUMN qa_opens_at INTEGER;"
	"CREATE TABLE funder_names ("
	"  funder TEXT NOT NULL,"
	"  sector TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  PRIMARY KEY (funder, sector));",
	/* Ticket codes no longer in plain text: a hash to find one by
	 * (secret_hash; until the first start after this, the plain code)
	 * and the code sealed with the ticket key outside the database
	 * (secret_box; NULL until store_key_setup seals it). */
	"ALTER TABLE registrations RENAME COLUMN secret TO secret_hash;"
	"ALTER TABLE registrations ADD COLUMN secret_box TEXT;",
	/* The language a person registered in: their e-mails, ticket and
	 * certificate are written in it. */
	"ALTER TABLE registrations ADD COLUMN lang TEXT NOT NULL DEFAULT 'en';",
};

const size_t sqlite_nmigrations =
    sizeof(sqlite_migrations) / sizeof(sqlite_migrations[0]);
