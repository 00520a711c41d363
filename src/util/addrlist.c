/* addrlist.c — address and CIDR lists (addrlist.h). */
#include "util/addrlist.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The IPv4 address of sa, also when it is IPv4-mapped IPv6; false when sa
 * is another IPv6 address. */
static bool v4_of(const struct sockaddr *sa, unsigned char out[4])
{
    if (sa->sa_family == AF_INET) {
        memcpy(out, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
        return true;
    }
    const unsigned char *a = ((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr.s6_addr;
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (memcmp(a, mapped, 12))
        return false;
    memcpy(out, a + 12, 4);
    return true;
}

static bool prefix_eq(const unsigned char *a, const unsigned char *b, int bits)
{
    int whole = bits / 8, rest = bits % 8;
    if (memcmp(a, b, (size_t)whole))
        return false;
    if (!rest)
        return true;
    unsigned char mask = (unsigned char)(0xff << (8 - rest));
    return (a[whole] & mask) == (b[whole] & mask);
}

enum gc_rc addrlist_parse(const char *text, struct addrlist *l, struct gc_err *e)
{
    memset(l, 0, sizeof *l);
    const char *p = text ? text : "";
    while (*p) {
        while (*p == ',' || *p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        char item[64];
        size_t n = 0;
        while (p[n] && p[n] != ',' && p[n] != ' ' && p[n] != '\t')
            n++;
        if (n >= sizeof item)
            return gc_err_set(e, GC_ERR_INVALID, "'%.*s...' is not an address", 40, p);
        memcpy(item, p, n);
        item[n] = '\0';
        p += n;
        if (l->n >= ADDRLIST_MAX)
            return gc_err_set(e, GC_ERR_TOOBIG, "more than %d addresses", ADDRLIST_MAX);
        char *slash = strchr(item, '/');
        long prefix = -1;
        if (slash) {
            char *end = NULL;
            *slash = '\0';
            prefix = strtol(slash + 1, &end, 10);
            if (!slash[1] || *end || prefix < 0)
                return gc_err_set(e, GC_ERR_INVALID, "'%s/%s': bad prefix length", item,
                                  slash + 1);
        }
        int fam = strchr(item, ':') ? AF_INET6 : AF_INET;
        int bits = fam == AF_INET ? 32 : 128;
        if (inet_pton(fam, item, l->e[l->n].addr) != 1)
            return gc_err_set(e, GC_ERR_INVALID,
                              "'%s' is not an IP address (IPv4 or IPv6, optionally /PREFIX)",
                              item);
        if (prefix > bits)
            return gc_err_set(e, GC_ERR_INVALID, "'%s/%ld': prefix longer than %d bits", item,
                              prefix, bits);
        l->e[l->n].family = fam;
        l->e[l->n].prefix = prefix < 0 ? bits : (int)prefix;
        l->n++;
    }
    return GC_OK;
}

bool addrlist_match(const struct addrlist *l, const struct sockaddr *sa)
{
    if (!sa || (sa->sa_family != AF_INET && sa->sa_family != AF_INET6))
        return false;
    unsigned char v4[4];
    bool is4 = v4_of(sa, v4);
    const unsigned char *v6 = sa->sa_family == AF_INET6
        ? ((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr.s6_addr
        : NULL;
    for (int i = 0; i < l->n; i++) {
        if (l->e[i].family == AF_INET && is4 && prefix_eq(l->e[i].addr, v4, l->e[i].prefix))
            return true;
        if (l->e[i].family == AF_INET6 && v6 && prefix_eq(l->e[i].addr, v6, l->e[i].prefix))
            return true;
    }
    return false;
}

bool addrlist_is_loopback(const struct sockaddr *sa)
{
    if (!sa || (sa->sa_family != AF_INET && sa->sa_family != AF_INET6))
        return false;
    unsigned char v4[4];
    if (v4_of(sa, v4))
        return v4[0] == 127;
    static const unsigned char one[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    return !memcmp(((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr.s6_addr, one, 16);
}
