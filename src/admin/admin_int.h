/* admin_int.h — what admin.c (sessions, plumbing, frame, accounts) and
 * admin_pages.c (questions, reports, rights, users, audit) share.  Private
 * to src/admin/. */
#ifndef GC_ADMIN_ADMIN_INT_H
#define GC_ADMIN_ADMIN_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "admin/accounts.h"
#include "admin/admin.h"
#include "admin/runner.h"
#include "channels/form.h"
#include "channels/html.h"
#include "store/db.h"
#include "store/pages.h"
#include "store/users.h"
#include "util/buf.h"

#define HTML_TYPE "text/html; charset=utf-8"

struct admin {
    const struct config *cfg;
    struct db *db;                 /* used by the back office's thread only */
    struct runner *runner;
    struct throttle *throttle;
    struct messages *msgs;
    char *town;
    char *origin;                  /* public-url's origin, NULL: the Host's */
    bool secure;                   /* public-url is https: Secure cookies */
    int64_t idle_s, max_s;         /* session lifetimes */
    double low_conf;               /* setting low-confidence */
    double part_cost;              /* setting sms-part-cost */
};

/* Who may open a page. */
enum access { ACC_PUBLIC, ACC_STAFF, ACC_ADMIN };

struct areq;

struct aroute {
    const char *method, *path;
    enum access acc;
    void (*fn)(struct areq *r);
    const char *nav;               /* the navigation entry it belongs to, or NULL */
};

/* A request as the back office's thread handles it: what it needs of the
 * HTTP request, copied (the request itself lives only during the
 * handler's call). */
struct areq {
    struct admin *a;
    const struct aroute *route;
    struct http_hold *d;       /* NULL: answered in the handler (tests) */
    bool post;
    char *query;                   /* raw query string */
    size_t query_len;
    char *body;
    size_t body_len;
    char cookie[SESSION_KEY_HEX + 1];   /* our cookie's value, "" none */
    char origin[GC_ORIGIN_MAX + 1];
    bool has_origin;
    char fetch_site[24];
    char host[256];
    unsigned char client[16];
    struct form q, f;              /* the query and the form, parsed */
    /* the session */
    bool logged;
    struct user u;
    char csrf[SESSION_CSRF_HEX + 1];
    char key[SESSION_KEY_HEX + 1];
    struct http_response *rs;
};

/* Values of the query and of the posted form (NULL when absent). */
const char *areq_query(const struct areq *r, const char *name);
const char *areq_form(const struct areq *r, const char *name);

/* The page frame: head, header with the navigation (current entry marked),
 * <main>; then its end; then the page handed to the server (500 when it
 * did not fit). */
void page_start(struct areq *r, struct buf *b, const char *title);
void page_end(struct areq *r, struct buf *b);
void page_send(struct areq *r, struct buf *b, int status);
/* A page saying msg (escaped) under title, with the status. */
void page_message(struct areq *r, int status, const char *title, const char *msg);
/* 303 to location (a path of ours). */
void redirect(struct areq *r, const char *location);
/* The hidden CSRF field of a form. */
void csrf_field(struct areq *r, struct buf *b);
/* A table in a region that scrolls on its own and takes the keyboard's
 * focus (WCAG 2.1.1; axe scrollable-region-focusable), named by its
 * caption. */
void table_open(struct buf *b, const char *id, const char *caption);
void table_close(struct buf *b);
/* "14 septembre 2026 à 10:05" (the town's local time) from a stored UTC
 * "YYYY-MM-DDTHH:MM:SSZ"; the text as it is when it is not one. */
void fr_datetime(const char *iso, char *out, size_t n);
/* "2026-09-14" of today in the town's zone, shifted by `days`. */
void local_day(int days, char out[11]);
/* Append n with the French thousands separator. */
void fr_int(struct buf *b, long long n);
/* Audit as the signed-in account (errors are logged: the change is made). */
void audit(struct areq *r, const char *action, const char *object, const char *detail);

/* Pages of admin_pages.c. */
void page_questions(struct areq *r);
void post_question_link(struct areq *r);
void post_question_dismiss(struct areq *r);
void page_reports(struct areq *r);
void get_reports_csv(struct areq *r);
void page_rights(struct areq *r);
void post_rights_find(struct areq *r);
void post_rights_export(struct areq *r);
void post_rights_erase(struct areq *r);
void page_users(struct areq *r);
void post_user_add(struct areq *r);
void post_user_disable(struct areq *r);
void page_audit(struct areq *r);
void get_audit_csv(struct areq *r);
/* Pages of content.c: the town's pages, their versions and differences. */
void page_pages(struct areq *r);
void page_page(struct areq *r);
void page_edit(struct areq *r);
void post_edit(struct areq *r);
void post_page_submit(struct areq *r);
void post_page_validate(struct areq *r);
void post_page_withdraw(struct areq *r);
void post_page_giveback(struct areq *r);
void post_page_republish(struct areq *r);
/* content.c, shared with newpage.c: s percent-encoded for a query value;
 * the passages of p as residents are given them (the preview); the
 * import's warnings about p whose body is `body` (import/consistency.h),
 * as a section appended to b when there are any, their count returned. */
void query_esc(struct buf *b, const char *s);
void content_preview(struct areq *r, struct buf *b, const struct page_rec *p);
int content_warnings(struct areq *r, struct buf *b, const struct page_rec *p, const char *body);
/* Pages of newpage.c: a new page, from nothing or from a questions group. */
void page_new(struct areq *r);
void post_new(struct areq *r);
/* The dashboard's figures (admin_pages.c). */
void dashboard_figures(struct areq *r, struct buf *b);

#endif
