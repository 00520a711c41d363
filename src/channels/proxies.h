/* proxies.h — which peers are trusted reverse proxies, and the client
 * address a request came from (RFC 7239 Forwarded, X-Forwarded-For).
 *
 * Setting trusted-proxies: a list of addresses or CIDR blocks ("127.0.0.1,
 * 10.0.0.0/8, ::1, 2001:db8::/32"; default empty).  Only a request whose TCP
 * peer is in the list has its Forwarded / X-Forwarded-For header believed,
 * for the per-address rate limit and the access log; from any other peer
 * those headers are ignored (anybody can write them).  The client is the
 * right-most address of the header that is not itself a trusted proxy
 * (each proxy appends the address it saw: the left-most ones are whatever
 * the client wrote).  Forwarded wins over X-Forwarded-For when both are
 * there.  A trusted proxy's connections are not capped per address (it
 * carries everyone's), only in total (channels/connlimit.h). */
#ifndef GC_CHANNELS_PROXIES_H
#define GC_CHANNELS_PROXIES_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include "util/addrlist.h"
#include "util/err.h"

struct proxies {
    struct addrlist nets;   /* util/addrlist.h: at most ADDRLIST_MAX entries */
};

/* Parse a comma- or blank-separated list (addrlist_parse).  GC_ERR_INVALID
 * with a message naming the setting for an entry that is not an address or
 * CIDR block, GC_ERR_TOOBIG past ADDRLIST_MAX.  "" or NULL is the empty
 * list. */
enum gc_rc proxies_parse(const char *list, struct proxies *out, struct gc_err *e);

/* The 16-byte form of a socket address (IPv4 mapped); false for other
 * families. */
bool proxies_addr16(const struct sockaddr *sa, unsigned char out[16]);

/* Is the 16-byte address in the list? */
bool proxies_trusted(const struct proxies *p, const unsigned char addr[16]);

/* The client's address for a request from a trusted proxy: from Forwarded
 * (for=...) when present, else from X-Forwarded-For (either may be NULL).
 * Fills *out (AF_INET or AF_INET6, port 0) and returns true; false when
 * neither names an address (then the peer is the client). */
bool proxies_client(const struct proxies *p, const char *forwarded, const char *xff,
                    struct sockaddr_storage *out);

#endif
