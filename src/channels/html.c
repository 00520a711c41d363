/* html.c — escaping, links, dates and forms for the web page (see html.h). */
#include "channels/html.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"
#include "util/utf8.h"

enum gc_rc html_esc_n(struct buf *b, const char *s, size_t n)
{
    size_t run = 0;   /* bytes copied as they are, in one append */
    for (size_t i = 0; i < n; i++) {
        const char *rep;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        enum gc_rc rc = buf_add(b, s + run, i - run);
        if (!rc)
            rc = buf_adds(b, rep);
        if (rc)
            return rc;
        run = i + 1;
    }
    return buf_add(b, s + run, n - run);
}

enum gc_rc html_esc(struct buf *b, const char *s)
{
    return s ? html_esc_n(b, s, strlen(s)) : GC_OK;
}

bool html_url_safe(const char *url)
{
    if (!url || !*url || strlen(url) > GC_URL_MAX)
        return false;
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        if (*p <= 0x20 || *p == 0x7f || *p == '"' || *p == '<' || *p == '>' || *p == '\\')
            return false;
    if (!strncmp(url, "https://", 8))
        return url[8] != '\0' && url[8] != '/';
    if (!strncmp(url, "http://", 7))
        return url[7] != '\0' && url[7] != '/';
    return url[0] == '/' && url[1] != '/';
}

bool html_date_fr(const char *iso, char *out, size_t n)
{
    static const char *const months[] = {
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet",
        "août", "septembre", "octobre", "novembre", "décembre",
    };
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (n)
        out[0] = '\0';
    if (!iso || strlen(iso) != 10 || iso[4] != '-' || iso[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (iso[i] < '0' || iso[i] > '9'))
            return false;
    int y = (iso[0] - '0') * 1000 + (iso[1] - '0') * 100 + (iso[2] - '0') * 10 + (iso[3] - '0');
    int m = (iso[5] - '0') * 10 + (iso[6] - '0');
    int d = (iso[8] - '0') * 10 + (iso[9] - '0');
    if (m < 1 || m > 12 || d < 1 || d > days[m - 1])
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m == 2 && d == 29 && !leap)
        return false;
    int k = d == 1 ? snprintf(out, n, "1er %s %d", months[m - 1], y)
                   : snprintf(out, n, "%d %s %d", d, months[m - 1], y);
    return k > 0 && (size_t)k < n;
}

/* Text a resident may type: valid UTF-8, no NUL, no control character
 * other than tab, CR and LF. */
static bool text_ok(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char u = (unsigned char)s[i];
        if ((u < 0x20 && u != '\t' && u != '\n' && u != '\r') || u == 0x7f)
            return false;
    }
    return utf8_valid(s, n);
}

enum gc_rc html_form_parse(const char *body, size_t len, struct form *f, struct gc_err *e)
{
    return html_form_parse_max(body, len, GC_FORM_FIELDS_MAX, f, e);
}

enum gc_rc html_form_parse_max(const char *body, size_t len, size_t max, struct form *f,
                               struct gc_err *e)
{
    enum gc_rc rc = form_parse(body, len, f, NULL);
    if (rc == GC_ERR_TOOBIG || (rc == GC_OK && f->n > max)) {
        form_free(f);
        return gc_err_set(e, GC_ERR_TOOBIG, "Le formulaire envoyé a trop de champs.");
    }
    for (size_t i = 0; rc == GC_OK && i < f->n; i++)
        if (!text_ok(f->fields[i].name, f->fields[i].name_len) ||
            !text_ok(f->fields[i].value, f->fields[i].value_len))
            rc = GC_ERR_PARSE;
    if (rc) {
        form_free(f);
        return gc_err_set(e, GC_ERR_PARSE, "Le formulaire envoyé est illisible (caractères invalides).");
    }
    return GC_OK;
}
