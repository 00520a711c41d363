/* hours_fr.c — placeholder */
#include "knowledge/hours_fr.h"
enum gc_rc hours_fr_to_osm(const char *text, struct buf *out, struct gc_err *e)
{
    (void)text; (void)out;
    return gc_err_set(e, GC_ERR_PARSE, "not yet");
}
