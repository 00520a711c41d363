/* url.c — the URL check of the importers (see url.h). */
#include "import/url.h"

#include <string.h>

bool url_is_valid(const char *s, bool path_ok)
{
    return !strncmp(s, "https://", 8) || !strncmp(s, "http://", 7) || (path_ok && s[0] == '/');
}
