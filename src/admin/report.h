/* report.h — the figures of the residents' exchanges over a span of days,
 * for the mayor's office (codes, never names: IRIS).
 *
 * Per day, week or month, per channel and per service code: questions,
 * answered, refused, follow-ups, feedback useful and not useful, SMS parts
 * sent and their estimated cost, answers phrased by a model and extractive
 * ones, estimated energy; and the pages most cited (the topics most asked).
 * No phone number and no text a resident wrote appears in a report.
 *
 * A service's code is the one the setting service-codes gives it
 * ("État civil=EC; Culture=CULT"), else a slug of its name ("etat-civil");
 * an exchange that cited no page (a refusal) counts under "aucun".
 *
 * SMS keywords (STOP, AIDE...) are not exchanges (channels/sms_session.h):
 * they are never counted as questions.  SMS parts are those of the answers
 * (a SUITE that sends the rest of an answer is not counted).
 *
 * The charts are SVG drawn here (no library, no script), each with a title
 * and a description, shown beside a table of the same figures. */
#ifndef GC_ADMIN_REPORT_H
#define GC_ADMIN_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "store/db.h"
#include "util/buf.h"
#include "util/err.h"

enum report_period { REPORT_DAY, REPORT_WEEK, REPORT_MONTH };

struct report_figs {
    int64_t questions, answered, refused, followups, useful, not_useful, sms_parts, model;
    double energy_wh;
};

/* One line of a report: a period, a channel, a service code, or a day and a
 * channel (the CSV). */
struct report_line {
    char key[48];            /* "2026-09-14", "semaine du 2026-09-14", "2026-09", "web", "EC" */
    char key2[48];           /* the channel or service of a day line; a service's name */
    struct report_figs f;
};

struct report_list {
    struct report_line *v;
    int n, cap;
};

struct report_page {
    char title[301];
    int64_t n;
};

struct report {
    char from[11], to[11];
    enum report_period period;
    double part_cost;              /* euros per SMS part (setting sms-part-cost) */
    struct report_figs total;
    struct report_list periods;    /* by period, in time order */
    struct report_list channels;   /* by channel, by name */
    struct report_list services;   /* by service code (key; key2 the name), by code */
    struct report_list day_channel;   /* by day then channel (the CSV) */
    struct report_list day_service;   /* by day then service code */
    struct report_page top[10];    /* pages most cited */
    int ntop;
};

/* Is s a calendar date YYYY-MM-DD? */
bool report_date_valid(const char *s);

/* The figures of the days from..to (both included, the town's local days).
 * service_codes is the setting's value.  Errors: GC_ERR_INVALID (a date
 * that is not YYYY-MM-DD, to before from, a bad service-codes value; a
 * message in e), GC_ERR_TOOBIG (more than GC_REPORT_DAYS_MAX days),
 * GC_ERR_DB. */
enum gc_rc report_build(struct db *db, const char *from, const char *to,
                        enum report_period period, const char *service_codes, double part_cost,
                        struct report *out, struct gc_err *e);
void report_free(struct report *r);   /* accepts a zeroed struct */

/* The code of service name under the setting service_codes (out: 48 bytes).
 * GC_ERR_INVALID when the setting is not "Name=CODE; ...". */
enum gc_rc report_service_code(const char *service_codes, const char *name, char out[48],
                               struct gc_err *e);

/* The report as CSV (RFC 4180, comma-separated, CRLF line ends): a header
 * line, then one line per day and channel (by_service: per day and service
 * code): date, channel (or service), questions, answered, refused,
 * followups, useful, not_useful, sms_parts, sms_cost_eur, model_answers,
 * extractive_answers, energy_wh. */
enum gc_rc report_csv(const struct report *r, bool by_service, struct buf *out);

/* An accessible bar chart in SVG: one group of bars per label, one bar per
 * series (values[label][series]), with a title and a description (both
 * escaped); id makes the element ids unique in the page.  The figures are
 * not in the chart's text: the caller shows them in a table beside it. */
#define REPORT_SERIES_MAX 3
struct report_chart {
    const char *id, *title, *desc;
    const char *series[REPORT_SERIES_MAX];
    int nseries;
    const char *const *labels;
    const double (*values)[REPORT_SERIES_MAX];
    int n;
};
enum gc_rc report_svg(const struct report_chart *c, struct buf *out);

#endif
