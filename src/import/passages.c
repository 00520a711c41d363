/* passages.c — sections into passages. */
#include "import/passages.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/limits.h"
#include "util/mem.h"

void pb_init(struct passage_builder *pb, struct page_rec *page)
{
    pb->page = page;
    pb->heading = xstrdup("");
    buf_init(&pb->text, GC_PAGE_TEXT_MAX);
}

static void flush(struct passage_builder *pb)
{
    if (!pb->text.len)
        return;
    struct page_rec *p = pb->page;
    p->passages = xreallocarray(p->passages, (size_t)p->npassages + 1, sizeof *p->passages);
    p->passages[p->npassages].heading = xstrdup(pb->heading);
    p->passages[p->npassages].text = buf_steal(&pb->text);
    p->npassages++;
    buf_init(&pb->text, GC_PAGE_TEXT_MAX);
}

/* Trim spaces and collapse runs of white space into one space. */
static char *clean(const char *s, size_t n, size_t *outn)
{
    char *o = xmalloc(n + 1);
    size_t k = 0;
    bool sp = true;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
            if (!sp)
                o[k++] = ' ';
            sp = true;
        } else {
            o[k++] = (char)c;
            sp = false;
        }
    }
    while (k && o[k - 1] == ' ')
        k--;
    o[k] = '\0';
    *outn = k;
    return o;
}

void pb_heading(struct passage_builder *pb, const char *h, size_t n)
{
    flush(pb);
    free(pb->heading);
    size_t k;
    pb->heading = clean(h, n, &k);
}

void pb_line(struct passage_builder *pb, const char *s, size_t n)
{
    size_t k;
    char *c = clean(s, n, &k);
    if (k) {
        if (pb->text.len && pb->text.len + k > PASSAGE_SOFT_MAX)
            flush(pb);
        if (pb->text.len)
            buf_addc(&pb->text, '\n');
        buf_add(&pb->text, c, k); /* the page cap was checked on the whole file */
    }
    free(c);
}

void pb_finish(struct passage_builder *pb)
{
    flush(pb);
    free(pb->heading);
    pb->heading = NULL;
    buf_free(&pb->text);
}

static bool looks_like_heading(const char *s, size_t n, bool next_is_text)
{
    if (!next_is_text || n == 0 || n > 80)
        return false;
    char last = s[n - 1];
    if (strchr(".:;!?,)»\"", last))
        return false;
    /* Starts with an upper-case letter (ASCII or an accented capital). */
    unsigned char c = (unsigned char)s[0];
    return (c >= 'A' && c <= 'Z') || c == 0xC3;
}

/* Does the line end a sentence ('.', '!', '?', '…')? */
static bool ends_sentence(const char *s, size_t n)
{
    if (n >= 3 && !memcmp(s + n - 3, "\xE2\x80\xA6", 3))
        return true;
    return n && strchr(".!?", s[n - 1]);
}

#define PLAIN_ITEM_MAX 400   /* bytes of a line read as a list item */

void passages_from_plain(struct page_rec *page, const char *text, size_t len)
{
    struct passage_builder pb;
    pb_init(&pb, page);
    struct buf item;
    buf_init(&item, PLAIN_ITEM_MAX + 8);
    bool in_list = false;   /* after a line ending with ':' */
    size_t i = 0;
    while (i < len) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - text) : len;
        const char *line = text + i;
        size_t n = e - i;
        while (n && (line[n - 1] == ' ' || line[n - 1] == '\r'))
            n--;
        while (n && *line == ' ') {
            line++;
            n--;
        }
        size_t next = e < len ? e + 1 : len;
        bool more = next < len;
        /* Lines after a lead-in ending with ':' are the items of its list
         * (service-public.fr's "Vous devez fournir :" then one document a
         * line), not headings, until a sentence that starts with a capital. */
        unsigned char c0 = n ? (unsigned char)line[0] : 0;
        bool lower = (c0 >= 'a' && c0 <= 'z') || (c0 == 0xC3 && n > 1 && (unsigned char)line[1] >= 0xA0);
        bool is_item = in_list && n && n <= PLAIN_ITEM_MAX && line[n - 1] != ':' &&
                       (!ends_sentence(line, n) || lower) && !(n > 1 && line[0] == '-' && line[1] == ' ');
        if (!n) {
            in_list = false;
        } else if (is_item) {
            buf_reset(&item);
            buf_adds(&item, "- ");
            buf_add(&item, line, n);
            pb_line(&pb, item.data, item.len);
            if (ends_sentence(line, n))
                in_list = false;
        } else {
            if (looks_like_heading(line, n, more))
                pb_heading(&pb, line, n);
            else
                pb_line(&pb, line, n);
            in_list = line[n - 1] == ':';
        }
        i = next;
    }
    buf_free(&item);
    pb_finish(&pb);
}
