/* fuzz-sources: src/channels/sms_text.c */
/* fuzz_sms_text.c — libFuzzer target for SMS composing (channels/sms_text).
 *
 * Input: byte 0 chooses max_parts (0..GC_SMS_PARTS_MAX+1, out of range
 * included), byte 1 where the suffix starts in the rest; the rest is the
 * text (then the suffix).  Checks the contracts, not just the absence of
 * crashes: counts agree, a fitted message never passes max_parts, the SUITE
 * loop always moves forward and ends, output is valid UTF-8, transliteration
 * grows its input 3 times at most, and sms_prepare() is GSM-7 whenever the
 * transliteration is. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "channels/sms_text.h"
#include "util/limits.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2 || size > GC_SMS_TEXT_MAX_BYTES)
        return 0;
    int max_parts = data[0] % (GC_SMS_PARTS_MAX + 2);
    const char *text = (const char *)data + 2;
    size_t len = size - 2, split = data[1] < len ? data[1] : len;
    /* Suffix: a NUL-terminated copy of the end of the input. */
    char *suffix = malloc(len - split + 1);
    CHECK(suffix);
    memcpy(suffix, text + split, len - split);
    suffix[len - split] = '\0';
    len = split;

    struct sms_count c, c2;
    enum gc_rc rc = sms_count(text, len, &c);
    CHECK(rc == GC_OK || rc == GC_ERR_INVALID);
    bool valid = rc == GC_OK;
    if (valid) {
        CHECK(c.units >= c.chars || c.encoding == SMS_GSM7);
        CHECK(c.parts == 0 ? c.units == 0 : c.left < c.per_part || c.parts == 1);
    }

    struct buf b;
    buf_init(&b, GC_SMS_TEXT_MAX_BYTES);
    rc = sms_gsm7_transliterate(text, len, &b);
    CHECK(valid ? rc == GC_OK : rc == GC_ERR_INVALID);
    bool gsm = false;
    if (rc == GC_OK) {
        CHECK(b.len <= 3 * len);   /* NFC of U+1D160 is 3 code points of 4 bytes */
        CHECK(sms_count(b.data, b.len, &c2) == GC_OK);
        gsm = c2.encoding == SMS_GSM7;
    }
    buf_reset(&b);
    rc = sms_prepare(text, len, &b);
    CHECK(valid ? rc == GC_OK : rc == GC_ERR_INVALID);
    if (rc == GC_OK) {
        CHECK(sms_count(b.data, b.len, &c2) == GC_OK);
        CHECK(!gsm || c2.encoding == SMS_GSM7);
    }
    buf_free(&b);

    /* The SUITE loop on the original text. */
    struct buf msg;
    buf_init(&msg, GC_SMS_TEXT_MAX_BYTES);
    size_t off = 0;
    int rounds = 0;
    while (off < len) {
        struct sms_cut cut;
        buf_reset(&msg);
        rc = sms_fit(text + off, len - off, max_parts, suffix, &msg, &cut, NULL);
        if (rc != GC_OK) {
            CHECK(rc == GC_ERR_INVALID);
            CHECK(msg.len == 0);
            break;
        }
        CHECK(cut.count.parts <= max_parts);
        CHECK(sms_count(msg.data, msg.len, &c2) == GC_OK);
        CHECK(c2.parts == cut.count.parts && c2.units == cut.count.units);
        CHECK(cut.head <= cut.next && cut.next <= len - off);
        CHECK(msg.len >= cut.head && !memcmp(msg.data, text + off, cut.head));
        if (!cut.more) {
            CHECK(cut.next == len - off);
            break;
        }
        CHECK(cut.head > 0 && cut.next > 0);
        off += cut.next;
        CHECK(++rounds <= (int)len);
    }
    buf_free(&msg);
    free(suffix);
    return 0;
}
