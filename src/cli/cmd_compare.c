/* cmd_compare.c — `guichet compare`: the same questions through several model
 * backends and the extractive path, side by side (issue 6: towns try models
 * on their own questions before trusting one).
 *
 * Writes DIR/compare.csv (RFC 4180, one row per question and backend) and
 * DIR/compare.html (one table per question, one column per backend; every
 * text escaped), each atomically (temp file + rename). */
#include <cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "answer/pipeline.h"
#include "channels/html.h"
#include "cli/cli.h"
#include "util/buf.h"
#include "util/config.h"
#include "util/file.h"
#include "util/limits.h"
#include "util/mem.h"

#define COMPARE_QUESTIONS_MAX 1000
#define COMPARE_BACKENDS_MAX 8   /* besides the extractive path */
#define REPORT_MAX (64 * 1024 * 1024)

static const char usage[] =
    "usage: guichet compare --db FILE --config FILE --backend A [--backend B ...]\n"
    "                       QUESTIONS.jsonl [--out DIR]\n"
    "\n"
    "Ask every question of QUESTIONS.jsonl (one {\"question\": \"...\"} a line) through\n"
    "the extractive path and each named backend ([backend NAME] sections of the\n"
    "configuration file: url, model, key-file, temperature, max-tokens, timeout-ms;\n"
    "\"default\" is --llm-url), and write DIR/compare.csv and DIR/compare.html side\n"
    "by side: answer, verification result, citations, latency, tokens, estimated\n"
    "energy.  Energy is an estimate: tokens × wh-per-token for a model, CPU time ×\n"
    "15 W for the extractive path (docs/models.md).\n"
    "\n"
    "options:\n"
    "  --db FILE        database made by 'guichet import'\n"
    "  --config FILE    settings file with the [backend NAME] sections\n"
    "  --backend NAME   a backend to compare (repeat for several)\n"
    "  --out DIR        where to write the reports (default: .)\n";

struct cell {
    char *answer;
    char verification[GC_REASON_MAX + 16];
    char *citations;
    char path[GC_BACKEND_NAME_MAX + GC_MODEL_NAME_MAX + 2];
    double latency_ms, model_ms, energy_wh;
    int ptok, ctok;
    bool estimated, sent, refused;
};

static void csv_field(struct buf *b, const char *s)
{
    buf_addc(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            buf_addc(b, '"');
        buf_addc(b, *s);
    }
    buf_addc(b, '"');
}

static void fill(struct cell *c, const struct gc_answer *a, bool model)
{
    struct buf cit;
    buf_init(&cit, 64 * 1024);
    for (int i = 0; i < a->nsources; i++)
        buf_printf(&cit, "%s[%d] %s", i ? " | " : "", i + 1, a->sources[i].url);
    c->citations = buf_steal(&cit);
    if (!c->citations)
        c->citations = xstrdup("");
    c->answer = xstrdup(a->text ? a->text : "");
    snprintf(c->path, sizeof c->path, "%s", a->path ? a->path : "extractive");
    c->latency_ms = a->elapsed_ms;
    c->model_ms = a->model_ms;
    c->energy_wh = a->energy_wh;
    c->ptok = a->prompt_tokens;
    c->ctok = a->completion_tokens;
    c->estimated = a->tokens_estimated;
    c->refused = a->refused;
    c->sent = a->verified;
    if (a->refused)
        snprintf(c->verification, sizeof c->verification, "refused: %s",
                 a->refusal_reason ? a->refusal_reason : "");
    else if (!model)
        snprintf(c->verification, sizeof c->verification, "extractive");
    else if (a->verified)
        snprintf(c->verification, sizeof c->verification, "verified, sent");
    else
        snprintf(c->verification, sizeof c->verification, "fallback: %s", a->fallback_reason);
}

static void csv_report(struct buf *b, char **qs, int nq, const char **names, int nb, struct cell *cells)
{
    buf_adds(b, "question_no,question,backend,path,answer,verification,citations,latency_ms,"
                "model_ms,prompt_tokens,completion_tokens,tokens_estimated,energy_wh\r\n");
    for (int i = 0; i < nq; i++)
        for (int k = 0; k < nb; k++) {
            const struct cell *c = &cells[i * nb + k];
            buf_printf(b, "%d,", i + 1);
            csv_field(b, qs[i]);
            buf_addc(b, ',');
            csv_field(b, names[k]);
            buf_addc(b, ',');
            csv_field(b, c->path);
            buf_addc(b, ',');
            csv_field(b, c->answer);
            buf_addc(b, ',');
            csv_field(b, c->verification);
            buf_addc(b, ',');
            csv_field(b, c->citations);
            buf_printf(b, ",%.1f,%.1f,%d,%d,%s,%.8f\r\n", c->latency_ms, c->model_ms, c->ptok, c->ctok,
                       c->estimated ? "yes" : "no", c->energy_wh);
        }
}


/* Totals of path k over the questions: answers sent, fallbacks (a model's
 * answer not sent; path 0 is the extractive one), refusals, tokens, latency
 * and energy. */
struct totals {
    int sent, fb, ref;
    long tok;
    double lat, wh;
};

static void path_totals(const struct cell *cells, int nq, int nb, int k, struct totals *t)
{
    memset(t, 0, sizeof *t);
    for (int i = 0; i < nq; i++) {
        const struct cell *c = &cells[i * nb + k];
        t->sent += c->sent;
        t->ref += c->refused;
        t->fb += k > 0 && !c->sent && !c->refused;
        t->tok += c->ctok;
        t->lat += c->latency_ms;
        t->wh += c->energy_wh;
    }
}

static void html_report(struct buf *b, char **qs, int nq, const char **names, int nb, struct cell *cells)
{
    buf_adds(b, "<!doctype html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<title>Guichet — comparaison des modèles</title>\n<style>\n"
                "body{font-family:system-ui,sans-serif;margin:1.5rem;line-height:1.4}\n"
                "table{border-collapse:collapse;width:100%;margin-bottom:2rem}\n"
                "th,td{border:1px solid #999;padding:.4rem;vertical-align:top;text-align:left}\n"
                "th{background:#eee}.ok{color:#075e07}.ko{color:#8a1010}\n"
                "</style>\n</head>\n<body>\n<h1>Comparaison des modèles</h1>\n"
                "<p>Chaque question est posée au chemin extractif et à chaque modèle. Une réponse "
                "générée n'est envoyée que si la vérification passe ; sinon la réponse extractive "
                "l'est, avec la raison. L'énergie est une estimation (jetons × Wh par jeton, ou temps "
                "CPU × 15 W pour l'extractif).</p>\n");
    /* Summary: one row per backend. */
    buf_adds(b, "<h2>Résumé</h2>\n<table>\n<thead><tr><th scope=\"col\">Chemin</th>"
                "<th scope=\"col\">Réponses générées envoyées</th><th scope=\"col\">Replis</th>"
                "<th scope=\"col\">Refus</th><th scope=\"col\">Latence moyenne (ms)</th>"
                "<th scope=\"col\">Jetons générés</th><th scope=\"col\">Énergie totale (Wh)</th></tr></thead>\n<tbody>\n");
    for (int k = 0; k < nb; k++) {
        struct totals t;
        path_totals(cells, nq, nb, k, &t);
        int sent = t.sent, fb = t.fb, ref = t.ref;
        long tok = t.tok;
        double lat = t.lat, wh = t.wh;
        buf_adds(b, "<tr><th scope=\"row\">");
        html_esc(b, names[k]);
        buf_printf(b, "</th><td>%d</td><td>%d</td><td>%d</td><td>%.1f</td><td>%ld</td><td>%.6f</td></tr>\n",
                   sent, fb, ref, nq ? lat / nq : 0, tok, wh);
    }
    buf_adds(b, "</tbody>\n</table>\n");
    static const char *const rows[] = {"Réponse", "Vérification", "Citations", "Latence (ms)",
                                       "Jetons (question + réponse)", "Énergie estimée (Wh)"};
    for (int i = 0; i < nq; i++) {
        buf_printf(b, "<h2>Question %d</h2>\n<p>", i + 1);
        html_esc(b, qs[i]);
        buf_adds(b, "</p>\n<table>\n<thead><tr><td></td>");
        for (int k = 0; k < nb; k++) {
            buf_adds(b, "<th scope=\"col\">");
            html_esc(b, names[k]);
            buf_adds(b, "</th>");
        }
        buf_adds(b, "</tr></thead>\n<tbody>\n");
        for (int r = 0; r < 6; r++) {
            buf_printf(b, "<tr><th scope=\"row\">%s</th>", rows[r]);
            for (int k = 0; k < nb; k++) {
                const struct cell *c = &cells[i * nb + k];
                switch (r) {
                case 0:
                    buf_adds(b, "<td>");
                    html_esc(b, c->answer);
                    break;
                case 1:
                    buf_printf(b, "<td class=\"%s\">", c->sent || k == 0 ? "ok" : "ko");
                    html_esc(b, c->verification);
                    break;
                case 2:
                    buf_adds(b, "<td>");
                    html_esc(b, c->citations);
                    break;
                case 3:
                    buf_printf(b, "<td>%.1f", c->latency_ms);
                    if (k > 0)
                        buf_printf(b, " (modèle %.1f)", c->model_ms);
                    break;
                case 4:
                    buf_printf(b, "<td>%d + %d%s", c->ptok, c->ctok, c->estimated ? " (estimés)" : "");
                    break;
                default:
                    buf_printf(b, "<td>%.8f", c->energy_wh);
                }
                buf_adds(b, "</td>");
            }
            buf_adds(b, "</tr>\n");
        }
        buf_adds(b, "</tbody>\n</table>\n");
    }
    buf_adds(b, "</body>\n</html>\n");
}

/* Questions of a JSONL file (capped at COMPARE_QUESTIONS_MAX). */
static enum gc_rc read_questions(const char *path, char ***out, int *n, struct gc_err *e)
{
    char *data = NULL;
    size_t len = 0;
    enum gc_rc rc = file_read(path, GC_IMPORT_FILE_MAX, &data, &len, e);
    *out = NULL;
    *n = 0;
    if (rc)
        return rc;
    int lineno = 0;
    for (char *s = data; s && *s;) {
        char *nl = strchr(s, '\n');
        size_t ll = nl ? (size_t)(nl - s) : strlen(s);
        lineno++;
        if (strspn(s, " \t\r") < ll) {
            cJSON *o = cJSON_ParseWithLength(s, ll);
            const cJSON *q = cJSON_GetObjectItemCaseSensitive(o, "question");
            if (!cJSON_IsString(q) || !*q->valuestring) {
                cJSON_Delete(o);
                rc = gc_err_set(e, GC_ERR_PARSE, "%s:%d: needs {\"question\": \"...\"}", path, lineno);
                goto out;
            }
            if (*n == COMPARE_QUESTIONS_MAX) {
                cJSON_Delete(o);
                rc = gc_err_set(e, GC_ERR_TOOBIG, "%s: more than %d questions", path, COMPARE_QUESTIONS_MAX);
                goto out;
            }
            *out = xreallocarray(*out, (size_t)*n + 1, sizeof **out);
            (*out)[(*n)++] = xstrdup(q->valuestring);
            cJSON_Delete(o);
        }
        s = nl ? nl + 1 : NULL;
    }
    if (!*n)
        rc = gc_err_set(e, GC_ERR_INVALID, "%s: no questions", path);
out:
    free(data);
    return rc;
}

/* An upper bound of either report's size: escaping multiplies a byte by 6 at
 * most, and each cell's numbers and markup take less than 1 KiB.  Checked
 * before building, so that no append to the capped buffers can fail. */
static size_t report_bound(char **qs, int nq, int nb, const struct cell *cells)
{
    size_t n = 16 * 1024;
    for (int i = 0; i < nq; i++) {
        n += 6 * strlen(qs[i]) * (size_t)(nb + 1) + 1024;
        for (int k = 0; k < nb; k++) {
            const struct cell *c = &cells[i * nb + k];
            n += 6 * (strlen(c->answer) + strlen(c->citations) + strlen(c->verification) + strlen(c->path)) + 1024;
        }
    }
    return n;
}

static enum gc_rc write_report(const char *dir, const char *name, struct buf *b, struct gc_err *e)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return file_write_atomic(path, buf_str(b), b->len, e);
}

int cmd_compare(int argc, char **argv)
{
    static const char *const local[] = {"out=", NULL};
    const char *lv[1] = {0};
    const char *pos[4];
    const char *names[COMPARE_BACKENDS_MAX + 1] = {"extractive"};
    int nb = 1, npos = 0, status = 1, nq = 0;
    struct gc_err e = {0};
    struct config *cfg = config_new();
    struct pipeline *p = NULL;
    char **qs = NULL;
    struct cell *cells = NULL;
    struct buf csv, html;
    buf_init(&csv, REPORT_MAX);
    buf_init(&html, REPORT_MAX);
    /* --backend may be repeated: take them out before the common parser. */
    char **args = xcalloc((size_t)argc + 1, sizeof *args);
    int na = 0;
    for (int i = 0; i < argc; i++) {
        const char *v = NULL;
        if (!strcmp(argv[i], "--backend")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "guichet compare: --backend needs a name\n%s", usage);
                status = 2;
                goto out;
            }
            v = argv[++i];
        } else if (!strncmp(argv[i], "--backend=", 10)) {
            v = argv[i] + 10;
        }
        if (!v) {
            args[na++] = argv[i];
            continue;
        }
        if (nb == COMPARE_BACKENDS_MAX + 1) {
            fprintf(stderr, "guichet compare: at most %d backends\n", COMPARE_BACKENDS_MAX);
            status = 2;
            goto out;
        }
        names[nb++] = v;
    }
    status = cli_args(cfg, "compare", usage, na, args, local, lv, pos, 4, &npos);
    if (status >= 0)
        goto out;
    status = 1;
    if (npos != 1 || nb < 2) {
        status = cli_usage_error("compare", usage,
                                 "give one question file and at least one --backend");
        goto out;
    }
    const char *dir = lv[0] ? lv[0] : ".";
    if (mkdir(dir, 0755) && errno != EEXIST) {
        fprintf(stderr, "guichet compare: %s: %s\n", dir, strerror(errno));
        goto out;
    }
    if (read_questions(pos[0], &qs, &nq, &e)) {
        fprintf(stderr, "guichet compare: %s\n", e.msg);
        goto out;
    }
    if (pipeline_open(&p, cfg, &e)) {
        fprintf(stderr, "guichet compare: %s\n", e.msg);
        goto out;
    }
    for (int k = 1; k < nb; k++) {
        bool found = false;
        const char *n;
        for (int i = 0; (n = pipeline_backend_name(p, i)); i++)
            found |= !strcmp(n, names[k]);
        if (!found) {
            fprintf(stderr, "guichet compare: no backend '%s' (a [backend %s] section of --config, or "
                            "'default' with --llm-url)\n", names[k], names[k]);
            goto out;
        }
    }
    cells = xcalloc((size_t)nq * (size_t)nb, sizeof *cells);
    bool tty = isatty(2);
    for (int i = 0; i < nq; i++) {
        struct gc_question q = {qs[i], strlen(qs[i]), "compare", NULL};
        for (int k = 0; k < nb; k++) {
            struct gc_ask_opts o = {names[k]};
            struct gc_answer a;
            if (pipeline_ask_opts(p, &q, &o, &a, &e)) {
                /* An invalid question is reported in its cells, the run goes on. */
                cells[i * nb + k].answer = xstrdup("");
                cells[i * nb + k].citations = xstrdup("");
                snprintf(cells[i * nb + k].verification, sizeof cells[i * nb + k].verification,
                         "invalid question");
                snprintf(cells[i * nb + k].path, sizeof cells[i * nb + k].path, "-");
                continue;
            }
            fill(&cells[i * nb + k], &a, k > 0);
            answer_free(&a);
        }
        if (tty)
            fprintf(stderr, "\rguichet compare: %d/%d questions", i + 1, nq);
    }
    if (tty)
        fprintf(stderr, "\n");
    if (report_bound(qs, nq, nb, cells) > REPORT_MAX) {
        fprintf(stderr, "guichet compare: the report would pass %d MiB: fewer questions please\n",
                REPORT_MAX >> 20);
        goto out;
    }
    csv_report(&csv, qs, nq, names, nb, cells);
    html_report(&html, qs, nq, names, nb, cells);
    if (write_report(dir, "compare.csv", &csv, &e) || write_report(dir, "compare.html", &html, &e)) {
        fprintf(stderr, "guichet compare: %s\n", e.msg);
        goto out;
    }
    printf("%-24s %6s %9s %7s %12s %12s\n", "path", "sent", "fallback", "refused", "latency_ms", "energy_wh");
    for (int k = 0; k < nb; k++) {
        struct totals t;
        path_totals(cells, nq, nb, k, &t);
        int sent = t.sent, fb = t.fb, ref = t.ref;
        double lat = t.lat, wh = t.wh;
        printf("%-24s %6d %9d %7d %12.1f %12.6f\n", names[k], sent, fb, ref, lat / nq, wh);
    }
    printf("wrote %s/compare.csv and %s/compare.html\n", dir, dir);
    status = 0;
out:
    for (int i = 0; cells && i < nq * nb; i++) {
        free(cells[i].answer);
        free(cells[i].citations);
    }
    free(cells);
    for (int i = 0; i < nq; i++)
        free(qs[i]);
    free(qs);
    free(args);
    buf_free(&csv);
    buf_free(&html);
    pipeline_close(p);
    config_free(cfg);
    return status;
}
