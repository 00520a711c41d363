/* hours_fr.h — read opening hours written in French into an OSM value. */
#ifndef GC_KNOWLEDGE_HOURS_FR_H
#define GC_KNOWLEDGE_HOURS_FR_H

#include "util/buf.h"
#include "util/err.h"

enum gc_rc hours_fr_to_osm(const char *text, struct buf *out, struct gc_err *e);

#endif
