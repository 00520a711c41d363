/* markdown.c — front matter + CommonMark body (md4c) into a page record. */
#include "import/markdown.h"

#include <md4c.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "import/passages.h"
#include "import/url.h"
#include "knowledge/placeholders.h"
#include "text/analyze.h"
#include "util/buf.h"
#include "util/limits.h"
#include "util/mem.h"
#include "util/utf8.h"

int date_is_valid(const char *s)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return 0;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0');
    int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (y < 1900 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return 0;
    if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 0;
    return 1;
}

enum gc_rc page_rec_validate(const struct page_rec *p, const char *where, struct gc_err *e)
{
    if (!p->title || !*p->title)
        return gc_err_set(e, GC_ERR_INVALID, "%s: missing 'title'", where);
    if (strlen(p->title) > GC_TITLE_MAX)
        return gc_err_set(e, GC_ERR_TOOBIG, "%s: title longer than %d bytes", where, GC_TITLE_MAX);
    if (p->url && strlen(p->url) > GC_URL_MAX)
        return gc_err_set(e, GC_ERR_TOOBIG, "%s: url longer than %d bytes", where, GC_URL_MAX);
    if (p->url && *p->url && !url_is_valid(p->url, true))
        return gc_err_set(e, GC_ERR_INVALID, "%s: url must start with https://, http:// or /", where);
    if (!p->status || (strcmp(p->status, "draft") && strcmp(p->status, "submitted") &&
                       strcmp(p->status, "validated")))
        return gc_err_set(e, GC_ERR_INVALID,
                          "%s: status must be 'draft', 'submitted' or 'validated' (got '%s'; a "
                          "page is withdrawn with 'guichet withdraw' or by removing its file)",
                          where, p->status ? p->status : "");
    if (p->validated_on && *p->validated_on && !date_is_valid(p->validated_on))
        return gc_err_set(e, GC_ERR_INVALID, "%s: validated_on '%s' is not a date YYYY-MM-DD", where,
                          p->validated_on);
    if (p->review_by && *p->review_by && !date_is_valid(p->review_by))
        return gc_err_set(e, GC_ERR_INVALID, "%s: review_by '%s' is not a date YYYY-MM-DD", where,
                          p->review_by);
    if (p->expires && *p->expires && !date_is_valid(p->expires))
        return gc_err_set(e, GC_ERR_INVALID, "%s: expires '%s' is not a date YYYY-MM-DD", where,
                          p->expires);
    if (p->facility && strlen(p->facility) > GC_TITLE_MAX)
        return gc_err_set(e, GC_ERR_TOOBIG, "%s: facility longer than %d bytes", where, GC_TITLE_MAX);
    if (!p->ext_id || !*p->ext_id)
        return gc_err_set(e, GC_ERR_INVALID, "%s: the page has no identifier (url or id)", where);
    return GC_OK;
}

enum gc_rc page_rec_add_question(struct page_rec *p, const char *text, size_t n,
                                 const char *where, struct gc_err *e)
{
    while (n && (*text == ' ' || *text == '\t')) {
        text++;
        n--;
    }
    while (n && (text[n - 1] == ' ' || text[n - 1] == '\t' || text[n - 1] == '\r'))
        n--;
    if (n >= 2 && ((text[0] == '"' && text[n - 1] == '"') || (text[0] == '\'' && text[n - 1] == '\''))) {
        text++;
        n -= 2;
    }
    if (n == 0)
        return gc_err_set(e, GC_ERR_INVALID, "%s: an empty question", where);
    if (n > GC_ALT_QUESTION_MAX_BYTES)
        return gc_err_set(e, GC_ERR_TOOBIG, "%s: a question longer than %d bytes", where,
                          GC_ALT_QUESTION_MAX_BYTES);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)text[i] < 0x20 || text[i] == 0x7f)
            return gc_err_set(e, GC_ERR_INVALID, "%s: a question holds a control character",
                              where);
    if (!utf8_valid(text, n))
        return gc_err_set(e, GC_ERR_INVALID, "%s: a question is not valid UTF-8", where);
    size_t have = 0;
    for (const char *q = p->questions; q && *q; q++)
        have += *q == '\n';
    if (p->questions && have + 2 > GC_ALT_QUESTIONS_MAX)
        return gc_err_set(e, GC_ERR_TOOBIG, "%s: more than %d questions", where,
                          GC_ALT_QUESTIONS_MAX);
    struct buf b;
    buf_init(&b, (size_t)GC_ALT_QUESTIONS_MAX * (GC_ALT_QUESTION_MAX_BYTES + 1));
    if (p->questions)
        buf_printf(&b, "%s\n", p->questions);
    buf_add(&b, text, n);
    free(p->questions);
    p->questions = buf_steal(&b);
    return GC_OK;
}

/* ---- front matter ---- */

static char *trimdup(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    if (n >= 2 && ((s[0] == '"' && s[n - 1] == '"') || (s[0] == '\'' && s[n - 1] == '\''))) {
        s++;
        n -= 2;
    }
    return xstrndup(s, n);
}

static char **field(struct page_rec *p, const char *k, size_t n)
{
#define F(name)                                                  \
    if (n == sizeof #name - 1 && !memcmp(k, #name, n))           \
        return &p->name;
    F(title) F(url) F(service) F(status) F(validated_by) F(validated_on) F(review_by) F(tags)
    F(expires) F(facility) F(scopes)
#undef F
    return NULL;
}

/* Parse "---\n key: value ... ---\n"; *body gets the offset of the body and
 * *body_line its line number. */
static enum gc_rc front_matter(const char *name, const char *t, size_t len, struct page_rec *p,
                               size_t *body, int *body_line, struct gc_err *e)
{
    size_t i = 0;
    int line = 1;
    if (len >= 3 && !memcmp(t, "\xEF\xBB\xBF", 3))
        i = 3; /* UTF-8 byte order mark */
    if (len - i < 4 || memcmp(t + i, "---", 3) || (t[i + 3] != '\n' && t[i + 3] != '\r'))
        return gc_err_set(e, GC_ERR_PARSE, "%s:1: expected a front matter starting with '---'", name);
    i += 3;
    while (i < len && t[i] != '\n')
        i++;
    i++;
    line++;
    while (i < len) {
        const char *nl = memchr(t + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - t) : len;
        const char *s = t + i;
        size_t n = end - i;
        if (n && s[n - 1] == '\r')
            n--;
        if (i > GC_FRONT_MATTER_MAX)
            return gc_err_set(e, GC_ERR_TOOBIG, "%s:%d: front matter longer than %d bytes", name,
                              line, GC_FRONT_MATTER_MAX);
        if (n == 3 && !memcmp(s, "---", 3)) {
            *body = nl ? end + 1 : len;
            *body_line = line + 1;
            return GC_OK;
        }
        size_t j = 0;
        while (j < n && (s[j] == ' ' || s[j] == '\t'))
            j++;
        if (j < n && s[j] != '#') {
            const char *colon = memchr(s, ':', n);
            size_t kn = colon ? (size_t)(colon - s) : 0;
            while (kn && (s[kn - 1] == ' ' || s[kn - 1] == '\t'))
                kn--;
            /* No key before the colon ("  : x") would make kn - j wrap below. */
            if (!colon || kn <= j)
                return gc_err_set(e, GC_ERR_PARSE, "%s:%d: expected 'key: value'", name, line);
            if (kn - j == 8 && !memcmp(s + j, "question", 8)) {
                char where[600];
                snprintf(where, sizeof where, "%s:%d", name, line);
                enum gc_rc rc = page_rec_add_question(p, colon + 1, (size_t)(s + n - colon - 1),
                                                      where, e);
                if (rc)
                    return rc;
                i = nl ? end + 1 : len;
                line++;
                continue;
            }
            char **f = field(p, s + j, kn - j);
            if (!f)
                return gc_err_set(e, GC_ERR_PARSE,
                                  "%s:%d: unknown key '%.*s' (known: title, url, service, status, "
                                  "validated_by, validated_on, review_by, expires, facility, "
                                  "scopes, tags, question)",
                                  name, line, (int)(kn - j), s + j);
            if (*f)
                return gc_err_set(e, GC_ERR_PARSE, "%s:%d: key '%.*s' given twice", name, line,
                                  (int)(kn - j), s + j);
            *f = trimdup(colon + 1, (size_t)(s + n - colon - 1));
        }
        i = nl ? end + 1 : len;
        line++;
    }
    return gc_err_set(e, GC_ERR_PARSE, "%s:%d: front matter not closed by '---'", name, line);
}

/* ---- body ---- */

/* A table is read row by row: each body row becomes one list item that
 * names its columns ("- Quotient familial de 600 à 900 : Prix du repas
 * 3,40 €"), so that a row read alone says what its figures are (the header
 * row by itself, without a figure, answers nothing). */
#define TABLE_COLS_MAX 16

struct md_ctx {
    struct passage_builder pb;
    struct buf cur;
    int in_heading;
    int list_depth;
    int in_head;                         /* inside THEAD */
    int ncols;                           /* cells of the current row so far */
    size_t cell_start;                   /* where the current cell began in cur */
    char *head[TABLE_COLS_MAX];          /* header cells of the current table */
    int nhead;
    char *cell[TABLE_COLS_MAX];          /* cells of the current body row */
};

static void table_clear(struct md_ctx *c, char **cells, int n)
{
    (void)c;
    for (int i = 0; i < n && i < TABLE_COLS_MAX; i++) {
        free(cells[i]);
        cells[i] = NULL;
    }
}

/* Trim blanks at both ends of s[0..n) into a new string. */
static char *cell_dup(const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return xstrndup(s, n);
}

/* Does a cell begin like a label ("Salle des fêtes", "Repas adulte") rather
 * than a value ("moins de 600", "de 3 à 6 ans", "12 €")?  A label is read
 * alone; a value is read after its column's header. */
static bool cell_is_label(const char *s)
{
    int32_t cp = 0;
    size_t k = utf8_seq_len(s, strlen(s), &cp);
    if (!k)
        return false;
    utf8proc_int32_t up = utf8proc_toupper(cp);
    return up == cp && utf8proc_tolower(cp) != cp;
}

/* Does s say word w, or its plural (compared folded: "Salle des fêtes"
 * says "salle", "Entrées" says "entrée")? */
static bool says_word(const char *s, const char *w)
{
    char *fs = analyze_fold(s, strlen(s)), *fw = analyze_fold(w, strlen(w));
    struct buf plural;
    buf_init(&plural, 64);
    buf_adds(&plural, fw);
    buf_addc(&plural, 's');
    bool yes = *fw && (analyze_has_words(fs, fw) || analyze_has_words(fs, buf_str(&plural)));
    buf_free(&plural);
    free(fs);
    free(fw);
    return yes;
}

/* The body row as one item: "- [H1 ]C1 : H2 C2 ; H3 C3".  Empty cells are
 * left out; a row without headers keeps its cells separated by " ; ".  A
 * header that ends with a figure and a value that begins with one are
 * kept apart by " : " ("Tarif 2026 : 24,85 %", not "Tarif 2026 24,85 %",
 * which reads as one number). */
static void table_row_out(struct md_ctx *c, int ncells)
{
    struct buf b;
    buf_init(&b, GC_PAGE_TEXT_MAX);
    buf_adds(&b, "- ");
    int out = 0;
    for (int i = 0; i < ncells && i < TABLE_COLS_MAX; i++) {
        const char *v = c->cell[i];
        if (!v || !*v)
            continue;
        const char *h = i < c->nhead && c->head[i] && *c->head[i] ? c->head[i] : NULL;
        if (out == 1)
            buf_adds(&b, " : ");
        else if (out > 1)
            buf_adds(&b, " ; ");
        /* A label is read alone ("Salle des fêtes" under "Salle"), but
         * under a header of one word that it does not say, after it:
         * "Entrée Adulte" under "Entrée" (the row of "entrée adulte", not
         * only that of "Carte 10 entrées adulte"). */
        if (h && i == 0 && cell_is_label(v) && !strchr(h, ' ') && !says_word(v, h)) {
            buf_adds(&b, h);
            buf_adds(&b, " ");
        } else if (h && !(i == 0 && cell_is_label(v))) {
            size_t hl = strlen(h);
            buf_adds(&b, h);
            buf_adds(&b, hl && h[hl - 1] >= '0' && h[hl - 1] <= '9' && *v >= '0' && *v <= '9'
                             ? " : " : " ");
        }
        buf_adds(&b, v);
        out++;
    }
    if (out)
        pb_line(&c->pb, b.data, b.len);
    buf_free(&b);
}

static void line_out(struct md_ctx *c)
{
    if (c->cur.len)
        pb_line(&c->pb, c->cur.data, c->cur.len);
    buf_reset(&c->cur);
}

static int enter_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
    struct md_ctx *c = ud;
    (void)detail;
    switch (type) {
    case MD_BLOCK_H:
        line_out(c);
        c->in_heading = 1;
        break;
    case MD_BLOCK_LI:
        line_out(c);
        buf_adds(&c->cur, "- ");
        break;
    case MD_BLOCK_P:
        /* A paragraph inside a list item continues the item's line. */
        if (!(c->list_depth && c->cur.len == 2 && !memcmp(c->cur.data, "- ", 2)))
            line_out(c);
        break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
        line_out(c);
        c->list_depth++;
        break;
    case MD_BLOCK_TABLE:
        line_out(c);
        table_clear(c, c->head, c->nhead);
        c->nhead = 0;
        break;
    case MD_BLOCK_THEAD:
        c->in_head = 1;
        break;
    case MD_BLOCK_TR:
        line_out(c);
        c->ncols = 0;
        break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
        c->cell_start = c->cur.len;
        break;
    default:
        break;
    }
    return 0;
}

static int leave_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
    struct md_ctx *c = ud;
    (void)detail;
    switch (type) {
    case MD_BLOCK_H:
        pb_heading(&c->pb, c->cur.data ? c->cur.data : "", c->cur.len);
        buf_reset(&c->cur);
        c->in_heading = 0;
        break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
        line_out(c);
        c->list_depth--;
        break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
        if (c->ncols < TABLE_COLS_MAX) {
            char *v = cell_dup(c->cur.data ? c->cur.data + c->cell_start : "",
                               c->cur.len - c->cell_start);
            if (c->in_head) {
                free(c->head[c->ncols]);
                c->head[c->ncols] = v;
                c->nhead = c->ncols + 1;
            } else {
                free(c->cell[c->ncols]);
                c->cell[c->ncols] = v;
            }
        }
        c->ncols++;
        c->cur.len = c->cell_start;
        if (c->cur.data)
            c->cur.data[c->cur.len] = '\0';
        break;
    case MD_BLOCK_TR:
        if (!c->in_head)
            table_row_out(c, c->ncols);
        table_clear(c, c->cell, TABLE_COLS_MAX);
        buf_reset(&c->cur);
        break;
    case MD_BLOCK_THEAD:
        c->in_head = 0;
        break;
    case MD_BLOCK_TABLE:
        table_clear(c, c->head, c->nhead);
        c->nhead = 0;
        break;
    case MD_BLOCK_P:
    case MD_BLOCK_LI:
    case MD_BLOCK_CODE:
    case MD_BLOCK_QUOTE:
        line_out(c);
        break;
    default:
        break;
    }
    return 0;
}

static int span(MD_SPANTYPE type, void *detail, void *ud)
{
    (void)type;
    (void)detail;
    (void)ud;
    return 0;
}

static const struct {
    const char *name;
    const char *utf8;
} entities[] = {
    {"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"},
    {"&nbsp;", " "}, {"&euro;", "€"}, {"&laquo;", "«"}, {"&raquo;", "»"}, {"&eacute;", "é"},
    {"&egrave;", "è"}, {"&agrave;", "à"}, {"&ccedil;", "ç"}, {"&rsquo;", "’"},
};

static int text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE n, void *ud)
{
    struct md_ctx *c = ud;
    switch (type) {
    case MD_TEXT_NULLCHAR:
    case MD_TEXT_HTML:
        break;
    case MD_TEXT_SOFTBR:
    case MD_TEXT_BR:
        buf_addc(&c->cur, ' ');
        break;
    case MD_TEXT_ENTITY:
        for (size_t i = 0; i < sizeof entities / sizeof entities[0]; i++)
            if (strlen(entities[i].name) == n && !memcmp(entities[i].name, s, n)) {
                buf_adds(&c->cur, entities[i].utf8);
                return 0;
            }
        if (n > 3 && s[1] == '#') {
            long cp = s[2] == 'x' || s[2] == 'X' ? strtol(s + 3, NULL, 16) : strtol(s + 2, NULL, 10);
            if (cp > 0 && utf8proc_codepoint_valid((utf8proc_int32_t)cp))
                utf8_buf_add(&c->cur, (int32_t)cp);
            return 0;
        }
        buf_add(&c->cur, s, n);
        break;
    default:
        buf_add(&c->cur, s, n);
        break;
    }
    return 0;
}

/* Line number of the first invalid UTF-8 byte, or 0 when valid. */
static int bad_utf8_line(const char *t, size_t len)
{
    int line = 1;
    size_t i = 0;
    while (i < len) {
        if (t[i] == '\n') {
            line++;
            i++;
            continue;
        }
        if ((unsigned char)t[i] < 0x80) {
            if (t[i] == '\0')
                return line;
            i++;
            continue;
        }
        size_t k = utf8_seq_len(t + i, len - i, NULL);
        if (!k)
            return line;
        i += k;
    }
    return 0;
}

/* The placeholders of the body (knowledge/placeholders.h): known fields,
 * and a facility to expand them from. */
static enum gc_rc check_placeholders(const char *name, const char *t, size_t len, size_t body,
                                     int body_line, const struct page_rec *p, struct gc_err *e)
{
    size_t pos = body, counted = body;
    int line = body_line;
    struct ph_ref ref;
    while (placeholders_next(t, len, &pos, &ref)) {
        for (; counted < ref.start; counted++)
            line += t[counted] == '\n';
        if (ref.field == PH_UNKNOWN)
            return gc_err_set(e, GC_ERR_INVALID,
                              "%s:%d: unknown placeholder {{%s}} (known: phone, email, address, "
                              "name, hours; {{phone:ID}} for the facility ID)",
                              name, line, ref.name);
        if (!*ref.id && (!p->facility || !*p->facility))
            return gc_err_set(e, GC_ERR_INVALID,
                              "%s:%d: {{%s}} says the page's facility: name it in the front matter "
                              "(facility: ID), or write {{%s:ID}}",
                              name, line, ref.name, ref.name);
    }
    return GC_OK;
}

enum gc_rc markdown_parse_page(const char *name, const char *t, size_t len, struct page_rec *p,
                               struct gc_err *e)
{
    enum gc_rc rc;
    size_t body = 0;
    int body_line = 1, bad;
    memset(p, 0, sizeof *p);
    if (len > GC_PAGE_TEXT_MAX)
        return gc_err_set(e, GC_ERR_TOOBIG, "%s: larger than %d bytes", name, GC_PAGE_TEXT_MAX);
    bad = bad_utf8_line(t, len);
    if (bad)
        return gc_err_set(e, GC_ERR_PARSE, "%s:%d: not valid UTF-8 text", name, bad);
    rc = front_matter(name, t, len, p, &body, &body_line, e);
    if (rc)
        return rc;
    if (p->url)
        p->ext_id = xstrdup(p->url);
    char where[600];
    snprintf(where, sizeof where, "%s:1", name);
    if (!p->url || !*p->url)
        return gc_err_set(e, GC_ERR_INVALID, "%s: missing 'url' (the page's address on the town's site)",
                          where);
    rc = page_rec_validate(p, where, e);
    if (rc)
        return rc;
    if (!strcmp(p->status, "validated") &&
        (!p->validated_by || !*p->validated_by || !p->validated_on || !*p->validated_on))
        return gc_err_set(e, GC_ERR_INVALID,
                          "%s: a validated page needs 'validated_by' and 'validated_on'", where);
    rc = check_placeholders(name, t, len, body, body_line, p, e);
    if (rc)
        return rc;
    p->body = xstrndup(t + body, len - body);
    p->source = xstrdup(name);

    struct md_ctx c;
    memset(&c, 0, sizeof c);
    pb_init(&c.pb, p);
    buf_init(&c.cur, GC_PAGE_TEXT_MAX);
    MD_PARSER parser = {
        .abi_version = 0,
        .flags = MD_FLAG_TABLES | MD_FLAG_STRIKETHROUGH | MD_FLAG_PERMISSIVEAUTOLINKS | MD_FLAG_NOHTML,
        .enter_block = enter_block,
        .leave_block = leave_block,
        .enter_span = span,
        .leave_span = span,
        .text = text,
    };
    int r = md_parse(p->body, (MD_SIZE)strlen(p->body), &parser, &c);
    line_out(&c);
    pb_finish(&c.pb);
    buf_free(&c.cur);
    table_clear(&c, c.head, TABLE_COLS_MAX);
    table_clear(&c, c.cell, TABLE_COLS_MAX);
    if (r != 0)
        return gc_err_set(e, GC_ERR_PARSE, "%s:%d: the Markdown body could not be parsed", name, body_line);
    if (p->npassages == 0)
        return gc_err_set(e, GC_ERR_INVALID, "%s:%d: the page has no text", name, body_line);
    return GC_OK;
}
