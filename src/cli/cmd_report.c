/* cmd_report.c — `guichet report`: the figures of the residents' exchanges
 * over a span of days (admin/report.h, docs/admin.md).
 *
 *   guichet report --db F --from YYYY-MM-DD --to YYYY-MM-DD [--csv] [--by service]
 *
 * Exit status: 0 done, 1 failure (message on stderr), 2 bad usage. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "admin/report.h"
#include "cli/cli.h"
#include "store/db.h"
#include "store/exchanges.h"
#include "util/buf.h"
#include "util/limits.h"

static const char usage[] =
    "usage: guichet report --db FILE --from YYYY-MM-DD --to YYYY-MM-DD [--csv]\n"
    "                      [--by channel|service]\n\n"
    "The residents' exchanges of the days FROM to TO (both included, the town's\n"
    "local days): questions, answered, refused, follow-ups, feedback, SMS parts and\n"
    "their cost (--sms-part-cost), model and extractive answers, energy; by channel,\n"
    "by service code (--service-codes) and the pages most cited.  No phone number\n"
    "and no text written by a resident.\n"
    "  --csv   CSV instead: a header line (date, channel, questions, answered,\n"
    "          refused, followups, useful, not_useful, sms_parts, sms_cost_eur,\n"
    "          model_answers, extractive_answers, energy_wh), then one line per day\n"
    "          and channel (--by service: per day and service code)\n";

static void line(const char *label, const struct report_figs *f, double cost)
{
    printf("  %-28s %8lld %8lld %8lld %8lld %6lld %6lld %6lld %8.2f\n", label,
           (long long)f->questions, (long long)f->answered, (long long)f->refused,
           (long long)f->followups, (long long)f->useful, (long long)f->not_useful,
           (long long)f->sms_parts, (double)f->sms_parts * cost);
}

static void head(const char *what)
{
    printf("\n%s\n  %-28s %8s %8s %8s %8s %6s %6s %6s %8s\n", what, "", "asked", "answered",
           "refused", "followup", "useful", "not", "sms", "cost_eur");
}

int cmd_report(int argc, char **argv)
{
    static const char *const local[] = {"from=", "to=", "csv", "by=", NULL};
    const char *lv[4] = {0};
    const char *pos[1];
    int npos = 0, status = 1;
    struct config *cfg = config_new();
    struct db *db = NULL;
    struct gc_err e = {0};
    struct report r = {0};
    struct buf out;
    buf_init(&out, 256 * 1024 * 1024);
    status = cli_args(cfg, "report", usage, argc, argv, local, lv, pos, 0, &npos);
    if (status >= 0)
        goto out;
    status = 2;
    if (!lv[0] || !lv[1]) {
        cli_usage_error("report", usage, "--from and --to are required");
        goto out;
    }
    if (!report_date_valid(lv[0]) || !report_date_valid(lv[1])) {
        cli_usage_error("report", usage, "--from and --to must be dates YYYY-MM-DD");
        goto out;
    }
    if (lv[3] && strcmp(lv[3], "channel") && strcmp(lv[3], "service")) {
        cli_usage_error("report", usage, "--by must be channel or service");
        goto out;
    }
    double cost = config_double(cfg, "sms-part-cost");
    if (cost < 0) {
        cli_usage_error("report", usage, "--sms-part-cost must be >= 0");
        goto out;
    }
    status = 1;
    const char *path = config_get(cfg, "db");
    if (access(path, F_OK) != 0) {
        fprintf(stderr, "guichet report: database '%s' not found\n", path);
        goto out;
    }
    /* The exchanges are read from their own file, attached (store/exchanges.h). */
    char xpath[EXCHANGES_PATH_MAX];
    if (db_open(&db, path, DB_READONLY, &e) ||
        exchanges_path(cfg, xpath, sizeof xpath, &e) || exchanges_attach(db, xpath, &e)) {
        fprintf(stderr, "guichet report: %s\n", e.msg);
        goto out;
    }
    enum gc_rc rc = report_build(db, lv[0], lv[1], REPORT_DAY, config_get(cfg, "service-codes"),
                                 cost, &r, &e);
    if (rc) {
        fprintf(stderr, "guichet report: %s\n", e.msg);
        status = rc == GC_ERR_DB ? 1 : 2;
        goto out;
    }
    if (lv[2]) {
        if (report_csv(&r, lv[3] && !strcmp(lv[3], "service"), &out)) {
            fprintf(stderr, "guichet report: the report is too large\n");
            goto out;
        }
        fwrite(out.data ? out.data : "", 1, out.len, stdout);
        status = 0;
        goto out;
    }
    printf("Exchanges from %s to %s (SMS parts at %.3f EUR)\n", r.from, r.to, cost);
    head("Total");
    line("all", &r.total, cost);
    printf("  model answers %lld, extractive %lld, energy %.3f Wh\n", (long long)r.total.model,
           (long long)(r.total.questions - r.total.model), r.total.energy_wh);
    head("By day");
    for (int i = 0; i < r.periods.n; i++)
        line(r.periods.v[i].key, &r.periods.v[i].f, cost);
    head("By channel");
    for (int i = 0; i < r.channels.n; i++)
        line(r.channels.v[i].key, &r.channels.v[i].f, cost);
    head("By service code");
    for (int i = 0; i < r.services.n; i++)
        line(r.services.v[i].key, &r.services.v[i].f, cost);
    printf("\nPages most cited\n");
    for (int i = 0; i < r.ntop; i++)
        printf("  %6lld  %s\n", (long long)r.top[i].n, r.top[i].title);
    status = 0;
out:
    report_free(&r);
    buf_free(&out);
    db_close(db);
    config_free(cfg);
    return status;
}
