/* fuzz-sources: src/knowledge/hours.c src/knowledge/hours_parse.c src/knowledge/hours_parse_date.c src/knowledge/holidays_fr.c src/knowledge/hours_fr.c */
/* fuzz_hours_fr.c — libFuzzer target for the French opening-hours reader.
 *
 * Reads the input as French text; whatever it writes must be a value the
 * opening_hours parser accepts (traps otherwise), and a refusal must leave
 * the output untouched. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "knowledge/hours.h"
#include "knowledge/hours_fr.h"
#include "util/buf.h"
#include "util/limits.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > GC_HOURS_FR_TEXT_MAX + 16)
        return 0;
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    struct buf out;
    struct gc_err e;
    buf_init(&out, GC_HOURS_EXPR_MAX);
    if (hours_fr_to_osm(s, &out, &e) == GC_OK) {
        struct hours *h = NULL;
        if (hours_parse(buf_str(&out), &h, NULL) != GC_OK)
            __builtin_trap();
        hours_free(h);
    } else if (out.len != 0) {
        __builtin_trap();
    }
    buf_free(&out);
    free(s);
    return 0;
}
