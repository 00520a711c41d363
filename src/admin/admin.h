/* admin.h — the back office at /admin/, for the town's staff (docs/admin.md).
 *
 * Pages (HTML, French, server-rendered, no script; WCAG 2.1 AA, keyboard,
 * 320 px):
 *   GET  /admin/login, POST /admin/login   sign in (fields login, password)
 *   POST /admin/logout                     sign out
 *   GET  /admin/                           what waits (questions, figures)
 *   GET  /admin/questions                  the questions loop (admin/questions.h);
 *   POST /admin/questions/link, /dismiss   attach a group to a page, dismiss it
 *   GET  /admin/reports, /admin/reports.csv   reports (admin/report.h)
 *   GET  /admin/rights; POST /admin/rights/find, /export, /erase
 *                                          residents' rights (admin/rights.h; admins)
 *   GET  /admin/users; POST /admin/users/add, /disable   accounts (admins)
 *   GET  /admin/audit, /admin/audit.csv    the audit log (admins)
 *   GET  /admin/password, POST /admin/password   one's own password
 *
 * Security: a session is a random 256-bit value in the cookie
 * "guichet_admin" (HttpOnly, SameSite=Strict, Path=/admin, Secure when
 * public-url is https), known to the database only by its hash, ended after
 * admin-idle-minutes idle or admin-session-hours in all.  Without a session
 * a GET is redirected to /admin/login (303) and a POST refused (403).  Every
 * form that changes something carries the session's CSRF token (field
 * csrf): a POST without it, or with another, is refused (403); so is a POST
 * whose Origin (or Sec-Fetch-Site) says it comes from another site — the
 * login form, which has no token, included.  Wrong passwords are throttled
 * per login and address (admin/accounts.h: 429).  Roles: editors act on
 * their services' pages, validators validate them and handle the questions
 * loop, admins also manage accounts, residents' rights and read the audit
 * log.  Every change is written to the audit log.
 *
 * Threads: every back-office request is handed to the back office's own
 * thread (admin/runner.h) with http_defer(): HTTP workers never hash a
 * password nor read the exchanges for a report.  Requests built by hand
 * (tests: no connection) are answered in the caller's thread. */
#ifndef GC_ADMIN_ADMIN_H
#define GC_ADMIN_ADMIN_H

#include "channels/http_server.h"
#include "store/messages.h"
#include "util/config.h"
#include "util/err.h"

struct admin;

/* Open the back office on the database of the settings (its own
 * read-write connection) with the exchanges file at xpath attached to it
 * (store/exchanges.h: reports, questions loop, residents' rights), and
 * start its thread.  cfg must outlive it.  Errors: GC_ERR_DB,
 * GC_ERR_INVALID (a setting out of range, message in e), GC_ERR_IO (the
 * thread). */
enum gc_rc admin_open(struct admin **out, const struct config *cfg, const char *xpath,
                      struct gc_err *e);

/* Finish the requests queued and refuse new ones (503): call before
 * stopping the HTTP server, whose deferred requests must all be answered. */
void admin_stop(struct admin *a);
void admin_close(struct admin *a);   /* stops; accepts NULL */

/* The exchanges' recorder (may be NULL): what it queued is written before
 * a resident's exchanges are erased. */
void admin_set_messages(struct admin *a, struct messages *m);

/* Register the routes. */
enum gc_rc admin_routes(struct admin *a, struct http_server *s);

/* One request as a route's handler gets it: for tests, which build
 * requests by hand (path and method select the page). */
void admin_handle(struct admin *a, const struct http_request *rq, struct http_response *rs);

#endif
