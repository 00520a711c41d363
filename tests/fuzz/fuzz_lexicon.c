/* fuzz-sources: src/text/lexicon.c src/text/analyze.c src/text/numbers_fr.c src/text/langdata.c */
/* fuzz-libs: -lstemmer -lutf8proc -lpthread -lm */
/* fuzz-max-len: 4096 */
/* fuzz_lexicon.c — a word list as read at start-up (one word a line, any
 * bytes), then looked up with the input's own lines. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "text/lexicon.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!*path)
        snprintf(path, sizeof path, "/tmp/fuzz-lexicon-%d", (int)getpid());
    FILE *f = fopen(path, "w");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    struct lexicon *l;
    struct gc_err e;
    if (lexicon_load(&l, path, &e) == GC_OK) {
        const char *s = (const char *)data;
        for (size_t i = 0, j; i < size; i = j + 1) {
            for (j = i; j < size && s[j] != '\n'; j++)
                ;
            lexicon_has(l, s + i, j - i);
        }
        lexicon_free(l);
    }
    return 0;
}
