/* cmd_eval.c — `guichet eval`: retrieval and answer quality on a question set. */
#include <cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "answer/pipeline.h"
#include "channels/sms_session.h"
#include "cli/cli.h"
#include "text/analyze.h"
#include "util/config.h"
#include "util/limits.h"

static const char usage[] =
    "usage: guichet eval --db FILE [--json] [--sms] [--misses N] [--answer-misses N]\n"
    "                    QUESTIONS.jsonl\n"
    "\n"
    "Ask every question of QUESTIONS.jsonl, one {\"question\", \"id\"[, \"answers\"]}\n"
    "a line, where id is the expected page (a corpus id or a page URL), and print:\n"
    "  recall@1, recall@3, recall@10  share of questions whose page ranks that high\n"
    "  mrr@10                         mean reciprocal rank of the page (0 past 10)\n"
    "  answer_contains_gold           share of questions with \"answers\" whose answer\n"
    "                                 text contains one of them (accents and case\n"
    "                                 ignored)\n"
    "  refused                        share of questions answered by a refusal\n"
    "With --sms, also how answers fare as SMS (docs/sms.md), over the answers\n"
    "that are not refusals, composed as the SMS channel does (the best units of\n"
    "the answer that fit, and the page address, GSM-7 when possible) with\n"
    "--sms-max-parts parts (default 2):\n"
    "  sms_whole           share sent whole, without SUITE\n"
    "  sms_whole_first     the same for a first reply (with the AI disclosure)\n"
    "  sms_sentence_cut    share sent whole or cut between two sentences (the\n"
    "                      rest is for SUITE), not inside one\n"
    "  sms_parts_mean      parts of the whole text said, on average\n"
    "  sms_shortened       share whose SMS leaves out sentences of the answer\n"
    "\n"
    "options:\n"
    "  --db FILE      database made by 'guichet import'\n"
    "  --json         one JSON object with the keys n, recall@1, recall@3, recall@10,\n"
    "                 mrr@10, answer_contains_gold, refused\n"
    "  --misses N     print the first N questions whose page is not ranked first\n"
    "  --answer-misses N\n"
    "                 print the first N questions whose page is ranked first but\n"
    "                 whose answer holds none of the gold answers\n"
    "  --sms          measure answers as SMS (see above)\n"
    "  --config FILE  settings file (INI)\n";

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* SMS measures of the answers, composed as the SMS channel does
 * (sms_answer_pick, sms_compose): how many are sent whole (first reply with
 * the disclosure, later replies without), how many first messages end at a
 * sentence boundary when cut, the parts the whole text said takes, and how
 * many SMS leave out units of the answer (said on the web page). */
struct sms_tally {
    long answers, whole, whole_first, clean, parts, shortened;
};

static void sms_measure(const struct gc_answer *a, const char *disclosure, int max_parts,
                        struct sms_tally *t)
{
    struct buf said, msg, rest;
    struct sms_count c;
    struct sms_pick pk;
    bool mid = true;
    buf_init(&said, GC_SMS_TEXT_MAX_BYTES);
    buf_init(&msg, SMS_REPLY_MAX_BYTES);
    buf_init(&rest, GC_SMS_TEXT_MAX_BYTES);
    if (sms_answer_pick(NULL, a, max_parts, &said, &pk, NULL) == GC_OK) {
        const char *url = pk.source >= 0 ? a->sources[pk.source].url : NULL;
        t->shortened += pk.units < a->nunits;
        if (sms_compose(NULL, buf_str(&said), said.len, url, max_parts, &msg, &rest, &c, &mid,
                        NULL) == GC_OK) {
            t->whole += rest.len == 0;
            t->clean += !mid;
        }
        /* Parts of the whole text said: allow as many as there may be. */
        buf_reset(&msg);
        buf_reset(&rest);
        if (sms_compose(NULL, buf_str(&said), said.len, url, GC_SMS_PARTS_MAX, &msg, &rest, &c,
                        NULL, NULL) == GC_OK)
            t->parts += rest.len ? GC_SMS_PARTS_MAX + 1 : c.parts;
    }
    /* A first reply has less room (the disclosure), so may say less. */
    buf_reset(&said);
    buf_reset(&msg);
    buf_reset(&rest);
    if (sms_answer_pick(disclosure, a, max_parts, &said, &pk, NULL) == GC_OK &&
        sms_compose(disclosure, buf_str(&said), said.len,
                    pk.source >= 0 ? a->sources[pk.source].url : NULL, max_parts, &msg, &rest,
                    &c, NULL, NULL) == GC_OK)
        t->whole_first += rest.len == 0;
    buf_free(&said);
    buf_free(&msg);
    buf_free(&rest);
    t->answers++;
}

/* Does the folded answer contain one of the folded gold answers? */
static int contains_gold(const char *answer, const cJSON *golds)
{
    char *fa = analyze_fold(answer, strlen(answer));
    size_t fl = strlen(fa);
    int found = 0;
    const cJSON *g;
    cJSON_ArrayForEach(g, golds)
    {
        if (!cJSON_IsString(g) || !g->valuestring)
            continue;
        char *fg = analyze_fold(g->valuestring, strlen(g->valuestring));
        size_t gl = strlen(fg);
        /* whole-word containment */
        for (const char *p = gl ? strstr(fa, fg) : NULL; p && !found; p = strstr(p + 1, fg))
            found = (p == fa || p[-1] == ' ') && (p + gl == fa + fl || p[gl] == ' ');
        free(fg);
        if (found)
            break;
    }
    free(fa);
    return found;
}

int cmd_eval(int argc, char **argv)
{
    static const char *const local[] = {"json", "misses=", "sms", "answer-misses=", NULL};
    const char *lv[5] = {0};
    const char *pos[4];
    int npos = 0, status = 1;
    struct gc_err e = {0};
    struct config *cfg = config_new();
    struct pipeline *p = NULL;
    FILE *f = NULL;
    char *line = NULL;
    size_t cap = 0;
    struct sms_tally st = {0};
    struct buf disclosure;
    buf_init(&disclosure, 1024);

    status = cli_args(cfg, "eval", usage, argc, argv, local, lv, pos, 4, &npos);
    if (status >= 0)
        goto out;
    status = 1;
    if (npos != 1) {
        status = cli_usage_error("eval", usage, "give one question file");
        goto out;
    }
    long misses = lv[1] ? strtol(lv[1], NULL, 10) : 0;
    long amisses = lv[3] ? strtol(lv[3], NULL, 10) : 0;
    long max_parts = config_int(cfg, "sms-max-parts");
    if (lv[2] && (max_parts < 1 || max_parts > GC_SMS_PARTS_MAX)) {
        fprintf(stderr, "guichet eval: --sms-max-parts must be 1..%d\n", GC_SMS_PARTS_MAX);
        status = 2;
        goto out;
    }
    f = fopen(pos[0], "r");
    if (!f) {
        fprintf(stderr, "guichet eval: %s: %s\n", pos[0], strerror(errno));
        goto out;
    }
    if (pipeline_open(&p, cfg, &e)) {
        fprintf(stderr, "guichet eval: %s\n", e.msg);
        goto out;
    }
    sms_disclosure(pipeline_town(p), &disclosure);
    long n = 0, r1 = 0, r3 = 0, r10 = 0, refused = 0, ngold = 0, gold = 0, lineno = 0, shown = 0,
         ashown = 0;
    double mrr = 0, ms = 0;
    ssize_t len;
    for (;;) {
        len = getline(&line, &cap, f);
        if (len < 0)
            break;
        lineno++;
        if (len > GC_IMPORT_LINE_MAX) {
            fprintf(stderr, "guichet eval: %s:%ld: line too long\n", pos[0], lineno);
            goto out;
        }
        cJSON *o = cJSON_ParseWithLength(line, (size_t)len);
        if (!o && strspn(line, " \t\r\n") == (size_t)len)
            continue;
        const cJSON *qq = cJSON_GetObjectItemCaseSensitive(o, "question");
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "id");
        const cJSON *golds = cJSON_GetObjectItemCaseSensitive(o, "answers");
        if (!cJSON_IsString(qq) || !cJSON_IsString(id)) {
            fprintf(stderr, "guichet eval: %s:%ld: needs {\"question\": \"...\", \"id\": \"...\"}\n",
                    pos[0], lineno);
            cJSON_Delete(o);
            goto out;
        }
        struct gc_question q = {qq->valuestring, strlen(qq->valuestring), "eval", NULL};
        struct gc_answer a;
        double t0 = now_ms();
        if (pipeline_ask(p, &q, &a, &e)) {
            fprintf(stderr, "guichet eval: %s:%ld: %s\n", pos[0], lineno, e.msg);
            cJSON_Delete(o);
            goto out;
        }
        ms += now_ms() - t0;
        n++;
        int rank = 0;
        for (int i = 0; i < a.nranked && !rank; i++)
            if (!strcmp(a.ranked[i], id->valuestring))
                rank = i + 1;
        r1 += rank == 1;
        r3 += rank && rank <= 3;
        r10 += rank && rank <= 10;
        mrr += rank ? 1.0 / rank : 0;
        refused += a.refused;
        if (lv[2] && !a.refused)
            sms_measure(&a, buf_str(&disclosure), (int)max_parts, &st);
        if (cJSON_IsArray(golds) && cJSON_GetArraySize(golds) > 0) {
            ngold++;
            int hit = !a.refused && contains_gold(a.text, golds);
            gold += hit;
            if (!hit && rank == 1 && ashown < amisses) {
                ashown++;
                char *gj = cJSON_PrintUnformatted(golds);
                printf("answer miss: %s\n  gold %s%s\n  answer: %s\n", qq->valuestring, gj ? gj : "?",
                       a.refused ? " (refused)" : "", a.text);
                cJSON_free(gj);
            }
        }
        if (rank != 1 && shown < misses) {
            shown++;
            printf("miss: %s\n  want %s, rank %d, got %s%s\n", qq->valuestring, id->valuestring, rank,
                   a.nranked ? a.ranked[0] : "-", a.refused ? " (refused)" : "");
        }
        answer_free(&a);
        cJSON_Delete(o);
    }
    if (n == 0) {
        fprintf(stderr, "guichet eval: %s: no questions\n", pos[0]);
        goto out;
    }
    double dn = (double)n;
    if (lv[0]) {
        printf("{\"n\": %ld, \"recall@1\": %.4f, \"recall@3\": %.4f, \"recall@10\": %.4f, "
               "\"mrr@10\": %.4f, \"answer_contains_gold\": ",
               n, r1 / dn, r3 / dn, r10 / dn, mrr / dn);
        if (ngold)
            printf("%.4f", (double)gold / (double)ngold);
        else
            printf("null");
        printf(", \"refused\": %.4f", refused / dn);
        if (lv[2] && st.answers)
            printf(", \"sms_max_parts\": %ld, \"sms_whole\": %.4f, \"sms_whole_first\": %.4f, "
                   "\"sms_sentence_cut\": %.4f, \"sms_parts_mean\": %.3f, \"sms_shortened\": %.4f",
                   max_parts, (double)st.whole / (double)st.answers,
                   (double)st.whole_first / (double)st.answers,
                   (double)st.clean / (double)st.answers, (double)st.parts / (double)st.answers,
                   (double)st.shortened / (double)st.answers);
        printf("}\n");
    } else {
        printf("questions             %ld\n", n);
        printf("recall@1              %.3f\n", r1 / dn);
        printf("recall@3              %.3f\n", r3 / dn);
        printf("recall@10             %.3f\n", r10 / dn);
        printf("mrr@10                %.3f\n", mrr / dn);
        if (ngold)
            printf("answer_contains_gold  %.3f  (%ld questions with answers)\n",
                   (double)gold / (double)ngold, ngold);
        else
            printf("answer_contains_gold  -      (no question has \"answers\")\n");
        printf("refused               %.3f\n", refused / dn);
        printf("mean time per answer  %.3f ms\n", ms / dn);
        if (lv[2] && st.answers) {
            printf("sms_whole             %.3f  (%ld answers fit in %ld part%s with the page "
                   "address)\n", (double)st.whole / (double)st.answers, st.answers, max_parts,
                   max_parts > 1 ? "s" : "");
            printf("sms_whole_first       %.3f  (first reply, with the AI disclosure)\n",
                   (double)st.whole_first / (double)st.answers);
            printf("sms_sentence_cut      %.3f  (sent whole, or cut between two sentences)\n",
                   (double)st.clean / (double)st.answers);
            printf("sms_parts_mean        %.2f  (parts of the whole text said)\n",
                   (double)st.parts / (double)st.answers);
            printf("sms_shortened         %.3f  (sentences of the answer left out by SMS)\n",
                   (double)st.shortened / (double)st.answers);
        }
    }
    status = 0;
out:
    buf_free(&disclosure);
    free(line);
    if (f)
        fclose(f);
    pipeline_close(p);
    config_free(cfg);
    return status;
}
