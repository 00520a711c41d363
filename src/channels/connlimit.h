/* connlimit.h — how many TCP connections the server holds, in all and per
 * client address, decided when a connection is accepted (before
 * libmicrohttpd sees it).
 *
 * libmicrohttpd 0.9.75 (Debian 12) leaves a mutex locked when a connection
 * handed to it with MHD_add_connection() finds its worker at the library's
 * own connection limit (daemon.c, new_connection_process_: fixed upstream
 * in 1.0.0): the worker then waits forever, and so does SIGTERM.  So the
 * library must never reach its limit: the server refuses connections past
 * max-connections itself (the library's limit is set far above), and past
 * max-connections-per-address from one address (an IPv4 address, or an
 * IPv6 /64), so that a few addresses cannot take every connection.  A
 * trusted proxy (channels/proxies.h) is capped only in total.
 *
 * Thread-safe: one mutex, held for a hash lookup per accept and close. */
#ifndef GC_CHANNELS_CONNLIMIT_H
#define GC_CHANNELS_CONNLIMIT_H

#include <stdbool.h>

struct connlimit;

struct connlimit *connlimit_new(unsigned max_total, unsigned max_per_address);
void connlimit_free(struct connlimit *cl);   /* accepts NULL */

/* Count one more connection from addr (16 bytes, IPv4 mapped; an IPv6
 * address counts by its /64).  False, and nothing counted, when the total
 * or (unless exempt) the address's share is reached. */
bool connlimit_take(struct connlimit *cl, const unsigned char addr[16], bool exempt);
/* The connection counted by connlimit_take(addr, exempt) is closed. */
void connlimit_give(struct connlimit *cl, const unsigned char addr[16], bool exempt);

unsigned connlimit_total(struct connlimit *cl);

#endif
