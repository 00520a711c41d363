/* url.h — the one check of the URLs that imported records carry (pages,
 * facilities, events): only web addresses, never javascript: or file:. */
#ifndef GC_IMPORT_URL_H
#define GC_IMPORT_URL_H

#include <stdbool.h>

/* Does the URL s start with https:// or http://, or, when path_ok, with "/"
 * (a page of the town's own site)?  Callers decide whether "" is allowed. */
bool url_is_valid(const char *s, bool path_ok);

#endif
