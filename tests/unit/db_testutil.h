/* db_testutil.h — a database helper of the unit tests: the number a query
 * gives.  Header-only (static inline), like testutil.h.  Include after
 * cmocka.h. */
#ifndef GC_TESTS_DB_TESTUTIL_H
#define GC_TESTS_DB_TESTUTIL_H

#include <sqlite3.h>
#include <stdint.h>

#include "store/db.h"

/* The first column of the first row of sql, or -1. */
static inline int64_t query_int(struct db *db, const char *sql)
{
    sqlite3_stmt *st;
    int64_t v = -1;
    assert_int_equal(db_prepare(db, sql, &st, NULL), GC_OK);
    if (sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

#endif
