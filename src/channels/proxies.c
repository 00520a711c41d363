/* proxies.c — trusted reverse proxies and forwarded client addresses (see
 * proxies.h; RFC 7239 §4-6 for Forwarded). */
#include "channels/proxies.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const unsigned char v4mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

/* An address literal (IPv4, IPv6, [IPv6], optional :port after IPv4 or
 * ]) into 16 bytes; false when it is not one. */
static bool parse_addr(const char *s, size_t n, unsigned char out[16], bool *v4)
{
    char t[INET6_ADDRSTRLEN + 8];
    while (n && (*s == ' ' || *s == '\t' || *s == '"')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '"'))
        n--;
    if (!n || n >= sizeof t)
        return false;
    if (*s == '[') {
        const char *end = memchr(s, ']', n);
        if (!end)
            return false;
        n = (size_t)(end - s - 1);
        s++;
    } else {
        /* "1.2.3.4:5678": an IPv4 address with a port (one colon only). */
        const char *c = memchr(s, ':', n);
        if (c && !memchr(c + 1, ':', n - (size_t)(c + 1 - s)))
            n = (size_t)(c - s);
    }
    if (n >= sizeof t)
        return false;
    memcpy(t, s, n);
    t[n] = '\0';
    struct in_addr a4;
    if (inet_pton(AF_INET, t, &a4) == 1) {
        memcpy(out, v4mapped, 12);
        memcpy(out + 12, &a4, 4);
        *v4 = true;
        return true;
    }
    if (inet_pton(AF_INET6, t, out) == 1) {
        *v4 = !memcmp(out, v4mapped, 12);
        return true;
    }
    return false;
}

enum gc_rc proxies_parse(const char *list, struct proxies *out, struct gc_err *e)
{
    struct gc_err le = {0};
    enum gc_rc rc = addrlist_parse(list, &out->nets, &le);
    if (rc)
        return gc_err_set(e, rc, "trusted-proxies: %s (addresses or CIDR blocks such as "
                                 "10.0.0.0/8 or fd00::/8)", le.msg);
    return GC_OK;
}

bool proxies_addr16(const struct sockaddr *sa, unsigned char out[16])
{
    if (sa && sa->sa_family == AF_INET) {
        memcpy(out, v4mapped, 12);
        memcpy(out + 12, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
        return true;
    }
    if (sa && sa->sa_family == AF_INET6) {
        memcpy(out, ((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr.s6_addr, 16);
        return true;
    }
    memset(out, 0, 16);
    return false;
}

bool proxies_trusted(const struct proxies *p, const unsigned char addr[16])
{
    /* As IPv6: an IPv4 client (mapped) is matched by IPv4 and IPv6 entries. */
    struct sockaddr_in6 in6;
    memset(&in6, 0, sizeof in6);
    in6.sin6_family = AF_INET6;
    memcpy(in6.sin6_addr.s6_addr, addr, 16);
    return p && addrlist_match(&p->nets, (const struct sockaddr *)&in6);
}

static void to_sockaddr(const unsigned char a[16], struct sockaddr_storage *out)
{
    memset(out, 0, sizeof *out);
    if (!memcmp(a, v4mapped, 12)) {
        struct sockaddr_in *in = (struct sockaddr_in *)out;
        in->sin_family = AF_INET;
        memcpy(&in->sin_addr, a + 12, 4);
    } else {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)out;
        in6->sin6_family = AF_INET6;
        memcpy(in6->sin6_addr.s6_addr, a, 16);
    }
}

/* Walk a list of addresses right to left (elements separated by ','):
 * the first that is not a trusted proxy is the client.  For Forwarded,
 * only the for= parameter of each element counts. */
static bool pick(const struct proxies *p, const char *h, bool forwarded,
                 struct sockaddr_storage *out)
{
    size_t end = strlen(h);
    unsigned char last[16];
    bool have = false;
    for (int guard = 0; end > 0 && guard < 64; guard++) {
        size_t start = end;
        while (start > 0 && h[start - 1] != ',')
            start--;
        const char *s = h + start;
        size_t n = end - start;
        end = start ? start - 1 : 0;
        if (forwarded) {
            /* for=192.0.2.60;proto=http;by=203.0.113.43 */
            const char *f = NULL;
            for (size_t i = 0; i + 4 <= n; i++)
                if ((i == 0 || s[i - 1] == ';' || s[i - 1] == ' ') &&
                    !strncasecmp(s + i, "for=", 4)) {
                    f = s + i + 4;
                    break;
                }
            if (!f)
                continue;
            size_t fl = 0;
            while (f + fl < s + n && f[fl] != ';')
                fl++;
            s = f;
            n = fl;
        }
        unsigned char a[16];
        bool v4;
        if (!parse_addr(s, n, a, &v4))
            break;   /* "unknown", an obfuscated name: stop at the last known hop */
        memcpy(last, a, 16);
        have = true;
        if (!proxies_trusted(p, a))
            break;
        if (start == 0)
            break;
    }
    if (have)
        to_sockaddr(last, out);
    return have;
}

bool proxies_client(const struct proxies *p, const char *forwarded, const char *xff,
                    struct sockaddr_storage *out)
{
    if (forwarded && *forwarded && pick(p, forwarded, true, out))
        return true;
    return xff && *xff && pick(p, xff, false, out);
}
