/* scrub.c — mask e-mail addresses, phone numbers and long numbers (see scrub.h).
 *
 * Linear passes: e-mails first (their masks hold no digit), then digit runs
 * on the result, then e-mails once more (see scrub_text). */
#include "text/scrub.h"

#include <stdbool.h>
#include <string.h>

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool email_local(char c)
{
    return is_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

static bool email_domain(char c)
{
    return is_alnum(c) || c == '.' || c == '-';
}

/* Pass 1: e-mails.  At each '@', the address extends left over local-part
 * characters and right over domain characters; it is one when both sides
 * are non-empty and the domain has a dot followed by two letters or more. */
static enum gc_rc mask_emails(const char *s, size_t len, struct buf *out)
{
    size_t done = 0;   /* s[0..done) has been copied or masked */
    for (size_t i = 0; i < len; i++) {
        if (s[i] != '@')
            continue;
        size_t a = i;
        while (a > done && email_local(s[a - 1]))
            a--;
        size_t b = i + 1;
        while (b < len && email_domain(s[b]))
            b++;
        while (b > i + 1 && (s[b - 1] == '.' || s[b - 1] == '-'))   /* "...example.fr." */
            b--;
        size_t dot = 0, tld = 0;
        for (size_t k = i + 1; k < b; k++) {
            if (s[k] == '.') {
                dot = k;
                tld = 0;
            } else if ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z')) {
                tld++;
            } else {
                tld = 0;
            }
        }
        if (a == i || !dot || dot == i + 1 || tld < 2 || dot + 1 + tld != b)
            continue;
        enum gc_rc rc = buf_add(out, s + done, a - done);
        if (!rc)
            rc = buf_adds(out, SCRUB_EMAIL);
        if (rc)
            return rc;
        done = b;
        i = b - 1;
    }
    return buf_add(out, s + done, len - done);
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Pass 2: digit runs.  A run is digit groups separated by exactly one space,
 * '.' or '-' (a separator must be followed by a digit), optionally after '+'.
 * A group glued to a letter ("T2", "12h", "3e", "ref1234567") is a word: it
 * is judged alone (masked from 7 digits on), and the run is the groups
 * between. */
#define GROUPS_MAX 64

struct group {
    size_t start, end;
};

/* Append s[*done..from) then mask; *done = to. */
static enum gc_rc put_mask(struct buf *out, const char *s, size_t *done, size_t from, size_t to,
                           const char *mask)
{
    enum gc_rc rc = buf_add(out, s + *done, from - *done);
    if (!rc)
        rc = buf_adds(out, mask);
    if (rc)
        return rc;
    *done = to;
    return GC_OK;
}

static enum gc_rc mask_numbers(const char *s, size_t len, struct buf *out)
{
    size_t done = 0;
    enum gc_rc rc;
    for (size_t i = 0; i < len; i++) {
        bool plus = s[i] == '+' && i + 1 < len && is_digit(s[i + 1]);
        if (!plus && !is_digit(s[i]))
            continue;
        if (!plus && i > 0 && (is_digit(s[i - 1]) || s[i - 1] == '+'))
            continue;   /* inside a run already judged (a '+' always starts one) */
        struct group g[GROUPS_MAX];
        int k = 0;
        size_t j = plus ? i + 1 : i;
        while (k < GROUPS_MAX) {
            g[k].start = j;
            while (j < len && is_digit(s[j]))
                j++;
            g[k++].end = j;
            if (j + 1 < len && (s[j] == ' ' || s[j] == '.' || s[j] == '-') && is_digit(s[j + 1]))
                j++;
            else
                break;
        }
        int lo = 0, hi = k;
        bool glued_before = !plus && i > 0 && is_alpha(s[i - 1]);
        bool glued_after = g[k - 1].end < len && is_alpha(s[g[k - 1].end]);
        if (glued_before) {
            if (g[0].end - g[0].start >= 7) {
                rc = put_mask(out, s, &done, g[0].start, g[0].end, SCRUB_NUMBER);
                if (rc)
                    return rc;
            }
            lo = 1;
        }
        if (glued_after && hi - 1 >= lo)
            hi--;   /* judged after the run, to keep the output in order */
        if (lo < hi) {
            size_t digits = 0, longest = 0;
            for (int x = lo; x < hi; x++) {
                size_t n = g[x].end - g[x].start;
                digits += n;
                if (n > longest)
                    longest = n;
            }
            size_t from = lo == 0 && plus ? i : g[lo].start;
            const char *mask = NULL;
            if (digits >= 9 && digits <= 15 && (s[from] == '+' || s[g[lo].start] == '0'))
                mask = SCRUB_PHONE;
            else if (digits >= 9 || longest >= 7)
                mask = SCRUB_NUMBER;
            if (mask) {
                rc = put_mask(out, s, &done, from, g[hi - 1].end, mask);
                if (rc)
                    return rc;
            }
        }
        if (hi < k && g[k - 1].end - g[k - 1].start >= 7) {
            rc = put_mask(out, s, &done, g[k - 1].start, g[k - 1].end, SCRUB_NUMBER);
            if (rc)
                return rc;
        }
        i = g[k - 1].end - 1;
    }
    return buf_add(out, s + done, len - done);
}

/* E-mails, numbers, then e-mails again: masking a number can end a domain
 * where its digits stood ("a@b.Kz12345678" → "a@b.Kz[numéro]"), and the
 * result must have nothing left to mask (scrubbing is idempotent: the fuzz
 * target checks it). */
enum gc_rc scrub_text(const char *s, size_t len, struct buf *out)
{
    struct buf t1, t2;
    buf_init(&t1, out->max);
    buf_init(&t2, out->max);
    enum gc_rc rc = mask_emails(s, len, &t1);
    if (rc == GC_OK)
        rc = mask_numbers(buf_str(&t1), t1.len, &t2);
    if (rc == GC_OK)
        rc = mask_emails(buf_str(&t2), t2.len, out);
    buf_free(&t1);
    buf_free(&t2);
    return rc;
}
