/* fuzz-sources: src/text/sms_fr.c src/text/langdata.c */
/* fuzz_sms_fr.c — libFuzzer target for the texting normaliser (text/sms_fr).
 *
 * The input is a resident's message.  Checks: only GC_OK, GC_ERR_INVALID
 * (bad UTF-8) or GC_ERR_TOOBIG (over the cap) come back; the output is valid
 * UTF-8 without leading, trailing or doubled spaces; on error the buffer is
 * left as it was. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "text/sms_fr.h"
#include "util/limits.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct buf b;
    buf_init(&b, 64 * 1024);
    buf_adds(&b, "x");
    enum gc_rc rc = sms_fr_normalize((const char *)data, size, &b);
    if (rc != GC_OK) {
        CHECK(rc == GC_ERR_INVALID || rc == GC_ERR_TOOBIG);
        CHECK(b.len == 1 && !strcmp(b.data, "x"));
        CHECK(rc == GC_ERR_INVALID || size > GC_SMS_MAX_BYTES);
        buf_free(&b);
        return 0;
    }
    CHECK(size <= GC_SMS_MAX_BYTES);
    const char *out = b.data + 1;
    size_t len = b.len - 1;
    CHECK(strlen(out) == len);   /* control characters (NUL too) became blanks */
    for (size_t pos = 0; pos < len;) {
        int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)out + pos,
                                              (utf8proc_ssize_t)(len - pos), &cp);
        CHECK(n > 0);
        pos += (size_t)n;
    }
    if (len) {
        CHECK(out[0] != ' ' && out[len - 1] != ' ');
        CHECK(!strstr(out, "  "));
    }
    buf_free(&b);
    return 0;
}
