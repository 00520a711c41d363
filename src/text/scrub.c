/* scrub.c — mask e-mail addresses, phone numbers and long numbers (see scrub.h).
 *
 * Two linear passes: e-mails first (their masks hold no digit), then digit
 * runs on the result. */
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
        enum gc_rc rc;
        if ((rc = buf_add(out, s + done, a - done)) || (rc = buf_adds(out, SCRUB_EMAIL)))
            return rc;
        done = b;
        i = b - 1;
    }
    return buf_add(out, s + done, len - done);
}

/* Pass 2: digit runs.  A run is digit groups separated by exactly one space,
 * '.' or '-' (a separator must be followed by a digit), optionally after '+'. */
static enum gc_rc mask_numbers(const char *s, size_t len, struct buf *out)
{
    size_t done = 0;
    for (size_t i = 0; i < len; i++) {
        bool plus = s[i] == '+' && i + 1 < len && is_digit(s[i + 1]);
        if (!plus && !is_digit(s[i]))
            continue;
        if (i > 0 && (is_alnum(s[i - 1]) || s[i - 1] == '+'))
            continue;   /* inside a word or a run already judged ("A4", "T2") */
        size_t j = plus ? i + 1 : i;
        size_t digits = 0, longest = 0, group = 0;
        for (;;) {
            while (j < len && is_digit(s[j])) {
                digits++;
                group++;
                j++;
            }
            if (group > longest)
                longest = group;
            group = 0;
            if (j + 1 < len && (s[j] == ' ' || s[j] == '.' || s[j] == '-') && is_digit(s[j + 1]))
                j++;
            else
                break;
        }
        if (j < len && (s[j] >= 'a' && s[j] <= 'z' ? 1 : s[j] >= 'A' && s[j] <= 'Z')) {
            i = j;      /* digits glued to letters ("3e", "12h"): a word, not a number */
            continue;
        }
        const char *mask = NULL;
        if (digits >= 9 && digits <= 15 && (plus || s[plus ? i + 1 : i] == '0'))
            mask = SCRUB_PHONE;
        else if (digits >= 9 || longest >= 7)
            mask = SCRUB_NUMBER;
        if (mask) {
            enum gc_rc rc;
            if ((rc = buf_add(out, s + done, i - done)) || (rc = buf_adds(out, mask)))
                return rc;
            done = j;
        }
        i = j - 1;
    }
    return buf_add(out, s + done, len - done);
}

enum gc_rc scrub_text(const char *s, size_t len, struct buf *out)
{
    struct buf tmp;
    buf_init(&tmp, out->max);
    enum gc_rc rc = mask_emails(s, len, &tmp);
    if (rc == GC_OK)
        rc = mask_numbers(buf_str(&tmp), tmp.len, out);
    buf_free(&tmp);
    return rc;
}
