/* fuzz-sources: src/channels/form.c */
/* fuzz_form.c — libFuzzer target for application/x-www-form-urlencoded
 * decoding (channels/form), which reads Twilio's bodies and Kannel's query
 * strings straight from the network.
 *
 * Checks the contracts, not just the absence of crashes: the result is OK,
 * PARSE or TOOBIG and nothing else; at most FORM_FIELDS_MAX fields; each
 * name and value is NUL-terminated at its length and no longer than the
 * input; form_get() finds the first field of every name; without '%' or '+'
 * in the input, names and values are byte-for-byte pieces of it. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "channels/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 64 * 1024)
        return 0;
    const char *s = (const char *)data;
    struct form f;
    enum gc_rc rc = form_parse(s, size, &f, NULL);
    CHECK(rc == GC_OK || rc == GC_ERR_PARSE || rc == GC_ERR_TOOBIG);
    if (rc == GC_OK) {
        bool plain = !memchr(s, '%', size) && !memchr(s, '+', size);
        CHECK(f.n <= FORM_FIELDS_MAX);
        for (size_t i = 0; i < f.n; i++) {
            const struct form_field *x = &f.fields[i];
            CHECK(x->name_len <= size && x->value_len <= size);
            CHECK(x->name[x->name_len] == '\0' && x->value[x->value_len] == '\0');
            if (plain) {
                /* Each piece appears in the input as "name" or "name=value". */
                CHECK(!memchr(x->name, '&', x->name_len) && !memchr(x->name, '=', x->name_len));
                CHECK(!memchr(x->value, '&', x->value_len));
            }
            if (!memchr(x->name, '\0', x->name_len)) {
                const struct form_field *g = form_get(&f, x->name);
                CHECK(g && g <= x && g->name_len == x->name_len);
            }
        }
    }
    form_free(&f);
    form_free(&f);
    return 0;
}
