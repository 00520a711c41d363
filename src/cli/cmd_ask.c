/* cmd_ask.c — `guichet ask`: one question from the command line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answer/pipeline.h"
#include "channels/api.h"
#include "cli/cli.h"
#include "util/config.h"

static const char usage[] =
    "usage: guichet ask --db FILE [--json] \"question\"\n"
    "\n"
    "Answer one question from the validated pages of FILE, as the web page and the\n"
    "API would: the answer, its sources and the confidence (or a refusal).\n"
    "\n"
    "options:\n"
    "  --db FILE           database made by 'guichet import'\n"
    "  --json              print the answer as POST /api/v1/ask returns it (without\n"
    "                      the conversation fields: there is no conversation here)\n"
    "  --min-confidence X  refuse below X (default 0.30)\n"
    "  --now \"YYYY-MM-DD HH:MM\"\n"
    "                      answer as at that local time (opening hours, events)\n"
    "  --llm-url URL       phrase the answer with an OpenAI-compatible model server\n"
    "                      (e.g. http://127.0.0.1:8081/v1), verified against the pages;\n"
    "                      with --llm-model NAME, --llm-key-file F, --llm-temperature T\n"
    "                      (docs/models.md)\n"
    "  --llm-backend NAME  use the [backend NAME] section of --config instead\n"
    "  --config FILE       settings file (INI); any setting can be given as --name value\n";

int cmd_ask(int argc, char **argv)
{
    static const char *const local[] = {"json", NULL};
    const char *lv[2] = {0};
    const char *pos[8];
    int npos = 0, status = 1;
    struct gc_err e = {0};
    struct config *cfg = config_new();
    struct pipeline *p = NULL;
    struct gc_answer a = {0};

    status = cli_args(cfg, "ask", usage, argc, argv, local, lv, pos, 8, &npos);
    if (status >= 0)
        goto out;
    status = 1;
    if (npos != 1) {
        status = cli_usage_error("ask", usage, "give one question (in quotes)");
        goto out;
    }
    if (pipeline_open(&p, cfg, &e)) {
        fprintf(stderr, "guichet ask: %s\n", e.msg);
        goto out;
    }
    struct gc_question q = {pos[0], strlen(pos[0]), "cli", NULL};
    if (pipeline_ask(p, &q, &a, &e)) {
        fprintf(stderr, "guichet ask: %s\n", e.msg);
        goto out;
    }
    if (lv[0]) {
        char *j = api_answer_json(&a);
        if (!j) {
            fprintf(stderr, "guichet ask: out of memory\n");
            goto out;
        }
        puts(j);
        free(j);
    } else {
        printf("%s\n", a.text);
        for (int i = 0; i < a.nsources; i++) {
            const struct gc_source *s = &a.sources[i];
            printf("\nSource : %s\n  %s\n", s->title, s->url);
            if (*s->service)
                printf("  Service : %s\n", s->service);
            if (*s->validated_by || *s->validated_on)
                printf("  Validée par %s le %s\n", s->validated_by, s->validated_on);
        }
        printf("\nConfiance : %.2f%s\n", a.confidence, a.refused ? " (pas de réponse sûre)" : "");
    }
    status = 0;
out:
    answer_free(&a);
    pipeline_close(p);
    config_free(cfg);
    return status;
}
