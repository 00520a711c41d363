/* fuzz-sources: src/answer/understand.c src/text/ */
/* fuzz-libs: libutf8proc -lstemmer -lpthread */
/* fuzz-seeds: tests/fuzz/seeds/query */
/* fuzz-max-len: 1024 */
/* fuzz_understand.c — a question of any bytes read by answer/understand:
 * its intent, the kind of answer it asks for, the other town it names and
 * the place it names by a name (understand_named_place, which walks the
 * raw bytes of the question).  Checks: the intent and the kind are values
 * of their enums, and a place found is a NUL-terminated string shorter
 * than its buffer, folded (no ASCII capital). */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "answer/understand.h"
#include "text/analyze.h"
#include "text/lexicon.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) abort(); } while (0)

static struct lexicon *lex;

static void load(void)
{
    char path[] = "/tmp/fuzz-understand-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    FILE *f = fdopen(fd, "w");
    CHECK(f != NULL);
    fputs("hopital\npiscine\nmairie\nnoel\nsaint\nroute\nmarche\n", f);
    fclose(f);
    struct gc_err e = {0};
    CHECK(lexicon_load(&lex, path, &e) == GC_OK);
    unlink(path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!lex)
        load();
    const char *text = (const char *)data;
    char *f = analyze_fold(text, size);
    CHECK(f != NULL);
    enum intent in = understand(f, "saint aubin la foret");
    CHECK(in >= INTENT_QUESTION && in <= INTENT_SMALL_TALK);
    enum answer_type at = answer_type(text, size, f);
    CHECK(at >= AT_NONE && at <= AT_YESNO);
    (void)understand_other_town(f, "saint aubin la foret");
    char out[32];
    memset(out, 'x', sizeof out);
    if (understand_named_place(text, size, lex, "saint aubin la foret", out, sizeof out)) {
        size_t n = strnlen(out, sizeof out);
        CHECK(n > 0 && n < sizeof out);
        for (size_t i = 0; i < n; i++)
            CHECK(out[i] < 'A' || out[i] > 'Z');   /* folded (letters past ASCII stay) */
    }
    free(f);
    return 0;
}
