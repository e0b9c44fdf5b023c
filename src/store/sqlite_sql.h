/* sqlite_sql.h: SQL text for the SQLite backend. */
#ifndef CONVENE_SQLITE_SQL_H
#define CONVENE_SQLITE_SQL_H

#include <stddef.h>

#include "store_priv.h"

extern const char *const sqlite_stmts[STMT__MAX];
extern const char *const sqlite_migrations[];
extern const size_t sqlite_nmigrations;

#endif
