/* cmd_questions.c — `guichet questions`: the back office's questions loop
 * from the command line (admin/questions.h, docs/admin.md).
 *
 *   guichet questions --db F [--json] [--since DATE] [--channel C] [--reason R]
 *   guichet questions link --db F ID URL
 *   guichet questions dismiss --db F [--pointer TEXT] ID
 *   guichet questions draft --db F --service S --body FILE [--title T] [--url U]
 *                           [--tags T] [--review-by D] ID
 *
 * Exit status: 0 done, 1 failure (message on stderr), 2 bad usage. */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "admin/newpage.h"
#include "admin/questions.h"
#include "admin/report.h"
#include "cli/cli.h"
#include "store/db.h"
#include "store/exchanges.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/limits.h"

static const char usage[] =
    "usage: guichet questions --db FILE [--json] [--since YYYY-MM-DD] [--channel C]\n"
    "                         [--reason refused|low_confidence|not_useful] [--recent]\n"
    "       guichet questions link --db FILE ID URL\n"
    "       guichet questions dismiss --db FILE [--pointer TEXT] ID\n"
    "       guichet questions draft --db FILE --service S --body FILE [--title T]\n"
    "                               [--url URL] [--tags T] [--review-by YYYY-MM-DD] ID\n\n"
    "The questions loop (docs/admin.md): what residents asked that went badly\n"
    "(refused, answered under --low-confidence, marked not useful), grouped by their\n"
    "analysed words; the most frequent first (--recent: the newest first).\n"
    "  --json     a JSON array of groups: id, count, examples, reason, last_at,\n"
    "             words, channels, services, comments\n"
    "  --since    exchanges of that day (UTC) and later only\n"
    "  link       attach group ID's questions to the published page URL (its address\n"
    "             or identifier) as alternate questions of the page\n"
    "  dismiss    mark group ID as out of scope; --pointer: where residents should go\n"
    "             instead, given in the refusal of such questions\n"
    "  draft      start a new page from group ID: a draft of service S whose text is\n"
    "             the file --body (Markdown, 256 KiB at most), with the group's\n"
    "             wordings as its alternate questions (served once a validator\n"
    "             validates it in the back office); --title defaults to the group's\n"
    "             first wording; --url is the page's address or a short name put\n"
    "             under public-url (default: the title's); the group leaves the\n"
    "             list.  Warnings are those of guichet import.\n"
    "A running server serves a link, a dismissal or a validated draft at its next\n"
    "reload, within seconds.  Each is written to the audit log.\n";

static void who(char out[96])
{
    const char *u = getenv("USER");
    struct passwd *pw = u && *u ? NULL : getpwuid(getuid());
    snprintf(out, 96, "cli:%.80s", u && *u ? u : pw ? pw->pw_name : "?");
}

static void print_warning(void *ctx, int line, const char *msg)
{
    (void)ctx;
    fprintf(stderr, "guichet questions: warning: line %d of the body: %s\n", line, msg);
}

/* `draft`: a new page from group id (admin/newpage.h).  lv: the options, in
 * the order of cmd_questions' table.  Returns the exit status. */
static int draft_page(struct db *db, const struct config *cfg, const char *id,
                      const char **lv, const char *by, double low)
{
    struct gc_err e = {0};
    struct qloop q = {0};
    struct page_rec p = {0};
    struct buf text, body, qs;
    char *data = NULL;
    size_t len = 0;
    int status = 1;
    buf_init(&text, GC_ADMIN_PAGE_BODY_MAX + 16 * 1024);
    buf_init(&body, GC_ADMIN_PAGE_BODY_MAX + 1);
    buf_init(&qs, GC_ADMIN_PAGE_BODY_MAX);
    if (file_read(lv[7], GC_ADMIN_PAGE_BODY_MAX, &data, &len, &e)) {
        fprintf(stderr, "guichet questions: %s\n", e.msg);
        goto out;
    }
    if (qloop_find(db, id, low, &q, &e)) {
        fprintf(stderr, "guichet questions: %s\n", e.msg);
        goto out;
    }
    const struct qgroup *g = &q.g[0];
    newpage_outline(g, &body);   /* the wordings, as comments, above the text */
    buf_add(&body, data, len);
    for (int i = 0; i < g->nexamples; i++)
        buf_printf(&qs, "%s\n", g->examples[i]);
    struct newpage np = {
        .title = lv[8] ? lv[8] : g->examples[0], .address = lv[9], .service = lv[6],
        .tags = lv[10], .review_by = lv[11], .body = buf_str(&body), .questions = buf_str(&qs),
    };
    if (len > GC_ADMIN_PAGE_BODY_MAX || body.len >= body.max - 1) {
        fprintf(stderr, "guichet questions: %s: longer than %d bytes\n", lv[7],
                GC_ADMIN_PAGE_BODY_MAX);
        goto out;
    }
    if (newpage_build(&np, NULL, config_get(cfg, "public-url"), by, &text, &p, &e)) {
        fprintf(stderr, "guichet questions: %s\n", e.msg);
        goto out;
    }
    int warnings = newpage_warnings(db, &p, np.body, print_warning, NULL, &e);
    if (warnings < 0)
        fprintf(stderr, "guichet questions: %s\n", e.msg);
    char detail[64];
    snprintf(detail, sizeof detail, "draft, %d warning%s", warnings < 0 ? 0 : warnings,
             warnings == 1 ? "" : "s");
    if (newpage_save(db, &p, by, g, detail, &e)) {
        fprintf(stderr, "guichet questions: %s\n", e.msg);
        goto out;
    }
    printf("group %s: draft page %s (%s) created with %d alternate question(s); a validator "
           "validates it in the back office\n", g->id, p.ext_id, p.title, g->nexamples);
    status = 0;
out:
    free(data);
    page_rec_free(&p);
    qloop_free(&q);
    buf_free(&text);
    buf_free(&body);
    buf_free(&qs);
    return status;
}

int cmd_questions(int argc, char **argv)
{
    static const char *const local[] = {"json", "since=", "channel=", "reason=", "pointer=",
                                        "recent", "service=", "body=", "title=", "url=",
                                        "tags=", "review-by=", NULL};
    const char *lv[12] = {0};
    const char *pos[3];
    int npos = 0, status = 1;
    struct config *cfg = config_new();
    struct db *db = NULL;
    struct gc_err e = {0};
    struct qloop q = {0};
    struct buf out;
    buf_init(&out, 64 * 1024 * 1024);
    const char *sub = NULL;
    if (argc > 1 && (!strcmp(argv[1], "link") || !strcmp(argv[1], "dismiss") ||
                     !strcmp(argv[1], "draft"))) {
        sub = argv[1];
        argc--;
        argv++;
    }
    status = cli_args(cfg, "questions", usage, argc, argv, local, lv, pos, 2, &npos);
    if (status >= 0)
        goto out;
    status = 2;
    int want = !sub ? 0 : !strcmp(sub, "link") ? 2 : 1;
    bool draft = sub && !strcmp(sub, "draft");
    if (npos != want) {
        cli_usage_error("questions", usage, !sub ? "unexpected argument"
                                            : want == 2 ? "link needs ID and URL"
                                            : draft     ? "draft needs ID"
                                                        : "dismiss needs ID");
        goto out;
    }
    bool page_opt = false;
    for (int i = 6; i < 12; i++)
        page_opt |= lv[i] != NULL;
    if (page_opt && !draft) {
        cli_usage_error("questions", usage, "--service, --body, --title, --url, --tags and "
                                            "--review-by go with draft");
        goto out;
    }
    if (draft && (!lv[6] || !lv[7])) {
        cli_usage_error("questions", usage, "draft needs --service and --body");
        goto out;
    }
    if (lv[1] && !report_date_valid(lv[1])) {
        cli_usage_error("questions", usage, "--since must be a date YYYY-MM-DD");
        goto out;
    }
    enum insight_reason reason;
    if (lv[3] && !insight_reason_parse(lv[3], &reason)) {
        cli_usage_error("questions", usage, "--reason must be refused, low_confidence or "
                                            "not_useful");
        goto out;
    }
    if (lv[4] && (!sub || strcmp(sub, "dismiss"))) {
        cli_usage_error("questions", usage, "--pointer goes with dismiss");
        goto out;
    }
    double low = config_double(cfg, "low-confidence");
    if (low < 0 || low > 1) {
        cli_usage_error("questions", usage, "--low-confidence must be 0..1");
        goto out;
    }
    status = 1;
    const char *path = config_get(cfg, "db");
    if (access(path, F_OK) != 0) {
        fprintf(stderr, "guichet questions: database '%s' not found\n", path);
        goto out;
    }
    /* The exchanges are read from their own file, attached (store/exchanges.h). */
    char xpath[EXCHANGES_PATH_MAX];
    if (db_open(&db, path, sub ? DB_READWRITE : DB_READONLY, &e) ||
        exchanges_path(cfg, xpath, sizeof xpath, &e) || exchanges_attach(db, xpath, &e)) {
        fprintf(stderr, "guichet questions: %s\n", e.msg);
        goto out;
    }
    char by[96];
    who(by);
    if (sub && !strcmp(sub, "link")) {
        struct qloop_done done;
        if (qloop_link(db, pos[0], pos[1], by, NULL, low, &done, &e)) {
            fprintf(stderr, "guichet questions: %s\n", e.msg);
            goto out;
        }
        printf("group %s attached to %s (%s): %d question(s) added; a running server serves it "
               "within seconds\n", pos[0], done.page, done.title, done.attached);
        status = 0;
        goto out;
    }
    if (draft) {
        status = draft_page(db, cfg, pos[0], lv, by, low);
        goto out;
    }
    if (sub) {
        if (qloop_dismiss(db, pos[0], lv[4], by, low, &e)) {
            fprintf(stderr, "guichet questions: %s\n", e.msg);
            goto out;
        }
        printf("group %s dismissed as out of scope%s; a running server serves it within "
               "seconds\n", pos[0], lv[4] && *lv[4] ? ", with its pointer" : "");
        status = 0;
        goto out;
    }
    struct qloop_filter f = {
        .since = lv[1], .channel = lv[2], .reason = lv[3] ? (int)reason : -1,
        .sort = lv[5] ? QLOOP_RECENT : QLOOP_FREQUENT, .low_conf = low,
    };
    if (qloop_load(db, &f, &q, &e)) {
        fprintf(stderr, "guichet questions: %s\n", e.msg);
        goto out;
    }
    if (lv[0]) {
        if (qloop_json(&q, &out)) {
            fprintf(stderr, "guichet questions: the list is too large for JSON\n");
            goto out;
        }
        puts(buf_str(&out));
    } else {
        if (q.n)
            printf("%-12s %6s  %-14s %s\n", "ID", "COUNT", "REASON", "QUESTION");
        for (int i = 0; i < q.n; i++)
            printf("%-12s %6d  %-14s %s\n", q.g[i].id, q.g[i].count,
                   insight_reason_name(q.g[i].reason), q.g[i].examples[0]);
        if (q.truncated)
            fprintf(stderr, "guichet questions: only the %d newest exchanges were read (use "
                            "--since)\n", GC_QLOOP_ROWS_MAX);
    }
    status = 0;
out:
    qloop_free(&q);
    buf_free(&out);
    db_close(db);
    config_free(cfg);
    return status;
}
