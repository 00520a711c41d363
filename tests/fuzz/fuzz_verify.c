/* fuzz-sources: src/answer/verify.c src/answer/verify_figures.c src/text/numbers_fr.c src/answer/prompt.c src/text/analyze.c src/text/synonyms.c src/util/buf.c src/util/mem.c src/util/err.c src/util/strmap.c src/text/langdata.c */
/* fuzz-seeds: tests/fuzz/seeds/verify */
/* fuzz_verify.c — libFuzzer target for the checks of a generated answer
 * (answer/verify).  The input is a model's answer (untrusted): the first line
 * is used as an excerpt, the rest as the answer.  Checks: no crash, a reason
 * whenever the answer is refused, figures inside the input, and the
 * renumbered text never longer than twice the input plus a bracket.  The
 * seeds hold figures in digits and in French words. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "answer/prompt.h"
#include "answer/verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) abort(); } while (0)

static size_t total;

static void on_fact(void *ctx, const char *canon, size_t start, size_t end)
{
    (void)ctx;
    CHECK(canon && canon[0] && canon[1] == ':');
    CHECK(start < end && end <= total);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 16 * 1024)
        return 0;
    char *s = malloc(size + 1);
    memcpy(s, data, size);
    s[size] = '\0';
    size_t n = strlen(s);   /* answers are C strings */
    total = n;
    verify_facts(s, n, on_fact, NULL);
    char *nl = strchr(s, '\n');
    const char *ex[1] = {s};
    const char *ans = s;
    if (nl) {
        *nl = '\0';
        ans = nl + 1;
    }
    struct verify_input in = {ans, ex, 1, prompt_rules(), prompt_no_answer()};
    struct verify_result r;
    verify_answer(&in, &r);
    CHECK(r.ok == (r.reason[0] == '\0'));
    static const int map[] = {2};
    char *rn = verify_renumber(ans, map, 1);
    CHECK(strlen(rn) <= 2 * strlen(ans) + 2);
    free(rn);
    free(s);
    return 0;
}
