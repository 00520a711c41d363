/* addrlist.h — a list of IP addresses and CIDR blocks (RFC 4632, RFC 4291
 * §2.3), and whether a connection's address is in it: who may read
 * /metrics ("metrics-allow").
 *
 * "127.0.0.1, 192.0.2.0/24, ::1, 2001:db8::/32": IPv4 or IPv6, a prefix
 * length or none (one address).  An IPv4 client on an IPv6 socket
 * (::ffff:a.b.c.d) is judged by its IPv4 address. */
#ifndef GC_UTIL_ADDRLIST_H
#define GC_UTIL_ADDRLIST_H

#include <stdbool.h>
#include <sys/socket.h>

#include "util/err.h"

#define ADDRLIST_MAX 32

struct addrlist {
    struct {
        int family;                 /* AF_INET or AF_INET6 */
        unsigned char addr[16];     /* network byte order, as written */
        int prefix;                 /* 0..32 or 0..128 */
    } e[ADDRLIST_MAX];
    int n;
};

/* Parse a comma (or space) separated list into l.  "" gives an empty list.
 * Errors (GC_ERR_INVALID, naming the item): not an address, a prefix out
 * of range; GC_ERR_TOOBIG past ADDRLIST_MAX items. */
enum gc_rc addrlist_parse(const char *text, struct addrlist *l, struct gc_err *e);

/* Is the address sa in the list? */
bool addrlist_match(const struct addrlist *l, const struct sockaddr *sa);

/* Is sa a loopback address (127.0.0.0/8, ::1, ::ffff:127.0.0.0/104)? */
bool addrlist_is_loopback(const struct sockaddr *sa);

#endif
