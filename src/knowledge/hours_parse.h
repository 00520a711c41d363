/* hours_parse.h — private to the opening_hours parser (hours_parse.c for
 * rules, times and weekdays; hours_parse_date.c for years, weeks, months and
 * dates).  Nothing outside these two files includes it.
 *
 * The parser is a recursive descent with PEG-style ordered alternatives: a
 * function returns false and leaves p->pos where it was when its alternative
 * does not apply; hp_fail() records what was expected at the furthest
 * position reached (for the error message), hp_die() records a semantic
 * error that stops the parse. */
#ifndef GC_KNOWLEDGE_HOURS_PARSE_H
#define GC_KNOWLEDGE_HOURS_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "knowledge/hours_int.h"

/* What the parser expected at the furthest failure, as a bit set. */
enum {
    X_RULE,
    X_TIME,
    X_DASH,
    X_WDAY,
    X_MONTH,
    X_YEAR,
    X_WEEKNUM,
    X_NTH,
    X_BRACKET,
    X_QUOTE,
    X_STATE,
    X_COMMENT,
    X_SEP,
    X_NUMBER,
    X__COUNT
};

struct parser {
    const char *s;
    size_t n;
    size_t pos;
    size_t far;          /* furthest failure position */
    unsigned expect;     /* X_* bits expected at far */
    bool fatal;          /* a semantic error: stop everything */
    size_t fatal_pos;
    struct gc_err fatal_err;   /* its code and message, set by hp_die */
    struct hours *h;
    struct hrule *r;     /* rule being parsed */
};

/* ---- small helpers ---- */

static inline int ch(const struct parser *p, size_t i)
{
    return i < p->n ? (unsigned char)p->s[i] : 0;
}

static inline int cur(const struct parser *p)
{
    return ch(p, p->pos);
}

static inline bool is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static inline bool is_alpha(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

static inline size_t digits_at(const struct parser *p, size_t i)
{
    size_t k = 0;
    while (is_digit(ch(p, i + k)))
        k++;
    return k;
}

static inline int number_at(const struct parser *p, size_t i, size_t nd)
{
    int v = 0;
    for (size_t k = 0; k < nd; k++)
        v = v * 10 + (ch(p, i + k) - '0');
    return v;
}

/* Record a failure at `at` (what was expected: X_*); returns false. */
bool hp_fail(struct parser *p, size_t at, int x);
/* Record a semantic error (the first one wins); returns false. */
bool hp_die(struct parser *p, size_t at, enum gc_rc rc, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* item (',' item)*, for the lists of times, weekdays, years and dates.  The
 * first item must be there.  After a comma (and the spaces after it when
 * `spaces`), the list goes on when more(p, i) says an item may start at i
 * (NULL: any); an item that then does not parse ends the list before the
 * comma, which belongs to what follows, unless its failure is fatal.
 * item(p) parses one item at p->pos and appends it to the rule. */
bool hp_parse_list(struct parser *p, bool (*item)(struct parser *p),
                   bool (*more)(const struct parser *p, size_t i), bool spaces);
/* Whether a selector list of the rule already holds GC_HOURS_LIST_MAX
 * items (n): then records "more than N <what> in a rule" at `at`. */
bool hp_list_full(struct parser *p, size_t at, int n, const char *what);
/* Skip spaces and tabs; returns how many. */
size_t hp_skip_sp(struct parser *p);
/* Case-insensitive keyword w at i, not followed by a letter. */
bool hp_word_at(const struct parser *p, size_t i, const char *w);
bool hp_take_word(struct parser *p, const char *w);
/* Weekday (0 = Mo) or month (1 = Jan) name at i, or -1. */
int hp_wday_at(const struct parser *p, size_t i);
int hp_month_at(const struct parser *p, size_t i);
/* " +2 days" into *off; false (position unchanged) when absent. */
bool hp_parse_day_offset(struct parser *p, int *off);
/* '"' text '"' into h->comments (index in *idx); false when absent. */
bool hp_parse_comment(struct parser *p, int *idx);
/* Years, months/dates and weeks of a rule, then an optional ':'
 * (hours_parse_date.c).  *sel_comment: a comment used as selector. */
bool hp_parse_wide(struct parser *p, int *sel_comment);

#endif
