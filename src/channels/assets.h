/* assets.h — static files of web/, compiled into the binary by scripts/embed.sh. */
#ifndef GC_CHANNELS_ASSETS_H
#define GC_CHANNELS_ASSETS_H

#include <stddef.h>

struct asset {
    const char *path;            /* "/app.js" */
    const unsigned char *data;   /* NUL-terminated for convenience */
    size_t len;
};

/* Terminated by an entry whose path is NULL. */
extern const struct asset assets[];
/* docs/openapi.json, the API's description, as "/openapi.json" (served at
 * /api/v1/openapi.json by channels/api.c). */
extern const struct asset api_docs[];

#endif
