/* fuzz-sources: src/channels/sms_session.c src/channels/sms_text.c src/channels/api.c src/channels/http_server.c src/channels/access_log.c src/channels/ratelimit.c src/answer/ src/search/ src/store/ src/text/ src/import/ src/knowledge/ src/models/ */
/* fuzz-libs: libcjson libcurl libutf8proc libsodium sqlite3 md4c libical libmicrohttpd -lstemmer */
/* fuzz_sms_session.c — libFuzzer target for what the SMS session does with
 * a resident's text and number before anything is stored or sent
 * (channels/sms_session): keyword parsing, number normalisation, and
 * composing a reply with SUITE.  (The question is scrubbed by text/scrub,
 * fuzzed by fuzz_scrub.)
 *
 * Input: byte 0 chooses max_parts (1..GC_SMS_PARTS_MAX), the rest is the
 * text.  Checks: a normalised number is '+'? and 3..20 digits; on valid
 * UTF-8 a composed message never passes max_parts, and sending the rest
 * again and again always moves forward and ends. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "channels/sms_session.h"
#include "util/limits.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > GC_SMS_MAX_BYTES)
        return 0;
    int max_parts = 1 + data[0] % GC_SMS_PARTS_MAX;
    const char *text = (const char *)data + 1;
    size_t len = size - 1;

    (void)sms_keyword_parse(text, len);

    char num[SMS_NUMBER_MAX];
    if (sms_number_normalize(text, len, num) == GC_OK) {
        size_t n = strlen(num), d = num[0] == '+';
        CHECK(n - d >= 3 && n - d <= 20);
        for (size_t i = d; i < n; i++)
            CHECK(num[i] >= '0' && num[i] <= '9');
    }

    struct buf msg, rest;
    struct sms_count c;
    buf_init(&msg, SMS_REPLY_MAX_BYTES);
    buf_init(&rest, GC_SMS_TEXT_MAX_BYTES);
    if (sms_compose("Note.", text, len, "https://x.example/p", max_parts, &msg, &rest, &c, NULL,
                    NULL) == GC_OK) {
        CHECK(c.parts <= max_parts);
        size_t prev = len + 1;
        int rounds = 0;
        while (rest.len) {
            char *r = buf_steal(&rest);
            size_t rl = strlen(r);
            CHECK(rl < prev);                   /* always forward */
            prev = rl;
            buf_reset(&msg);
            CHECK(sms_compose(NULL, r, rl, NULL, max_parts, &msg, &rest, &c, NULL, NULL) == GC_OK);
            CHECK(c.parts <= max_parts);
            free(r);
            CHECK(++rounds <= (int)len + 1);
        }
    }
    buf_free(&msg);
    buf_free(&rest);
    return 0;
}
