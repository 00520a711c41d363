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

#endif
