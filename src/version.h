#ifndef GC_VERSION_H
#define GC_VERSION_H
#define GC_VERSION "0.1.0"
#endif
