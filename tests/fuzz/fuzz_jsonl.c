/* fuzz-sources: src/import/jsonl.c src/import/markdown.c src/import/url.c src/import/passages.c src/knowledge/ src/store/ src/text/ */
/* fuzz-libs: libcjson sqlite3 libsodium md4c libutf8proc -lstemmer libical */
/* fuzz-seeds: tests/fuzz/seeds/corpus.jsonl */
/* fuzz-max-len: 8192 */
/* fuzz_jsonl.c — a JSONL corpus as imported: each line a page, its title
 * made plain, its text cut into passages (lists after a lead-in). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "import/jsonl.h"
#include "store/pages.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size)
        return 0;
    FILE *f = fmemopen((void *)data, size, "r");
    if (!f)
        return 0;
    int line = 0, eof = 0;
    for (int i = 0; i < 64 && !eof; i++) {
        struct page_rec p;
        struct gc_err e;
        enum gc_rc rc = jsonl_next_page(f, "fuzz.jsonl", &line, &p, &eof, &e);
        page_rec_free(&p);
        if (rc)
            break;
    }
    fclose(f);
    return 0;
}
