/* pg_sql.h: SQL text for the PostgreSQL backend. */
#ifndef CONVENE_PG_SQL_H
#define CONVENE_PG_SQL_H

#include <stddef.h>

#include "store_priv.h"

extern const char *const pg_stmts[STMT__MAX];
/* Entry i brings the schema to version i + 1. */
extern const char *const pg_migrations[];
extern const size_t pg_nmigrations;

#endif
