/* fuzz-sources: src/util/jsonw.c src/util/jsonnum.c src/util/buf.c src/util/mem.c src/util/err.c */
/* fuzz-libs: libcjson libutf8proc */
/* fuzz_jsonw.c — libFuzzer target for util/jsonw: any bytes written as a
 * JSON string are exactly what cJSON prints for them, and cJSON reads them
 * back as the same bytes. */
#include <cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/jsonw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(c) do { if (!(c)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    CHECK(s);
    memcpy(s, data, size);
    s[size] = '\0';
    size_t n = strlen(s);   /* cJSON strings end at a NUL */
    struct buf b;
    struct jsonw w;
    buf_init(&b, 1 << 20);
    jsonw_init(&w, &b);
    jsonw_strn(&w, s, n);
    CHECK(w.rc == GC_OK);
    cJSON *j = cJSON_CreateString(s);
    CHECK(j);
    char *want = cJSON_PrintUnformatted(j);
    CHECK(want && !strcmp(want, buf_str(&b)));
    cJSON *back = cJSON_Parse(buf_str(&b));
    CHECK(back && cJSON_IsString(back) && !strcmp(back->valuestring, s));
    cJSON_Delete(back);
    cJSON_Delete(j);
    free(want);
    buf_free(&b);
    free(s);
    return 0;
}
