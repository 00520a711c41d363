/* fuzz-sources: src/models/openai_client.c src/models/breaker.c src/util/buf.c src/util/file.c src/util/mem.c src/util/err.c */
/* fuzz_sse.c — libFuzzer target for the event-stream parser of the model
 * client (models/openai_client, llm_sse_line).  The input is what a model
 * server sends, cut into lines as the client does.  Checks: only GC_OK,
 * GC_ERR_REMOTE or GC_ERR_TOOBIG; the text never passes its cap; nothing is
 * accepted after [DONE]. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "models/openai_client.h"
#include "util/buf.h"
#include "util/limits.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct buf acc;
    struct gc_err e = {0};
    bool done = false;
    int p = -1, c = -1;
    buf_init(&acc, GC_LLM_ANSWER_MAX);
    const char *s = (const char *)data;
    size_t i = 0;
    while (i < size) {
        const char *nl = memchr(s + i, '\n', size - i);
        size_t ll = nl ? (size_t)(nl - (s + i)) : size - i;
        if (ll > GC_LLM_SSE_LINE_MAX)
            break;
        bool was_done = done;
        size_t before = acc.len;
        enum gc_rc rc = llm_sse_line(s + i, ll, &acc, &done, &p, &c, &e);
        CHECK(rc == GC_OK || rc == GC_ERR_REMOTE || rc == GC_ERR_TOOBIG);
        CHECK(acc.len <= GC_LLM_ANSWER_MAX);
        if (was_done)
            CHECK(acc.len == before);
        if (rc)
            break;
        i += ll + 1;
    }
    buf_free(&acc);
    return 0;
}
