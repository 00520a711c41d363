/* sms_text.c — GSM-7 / UCS-2 counting, transliteration and cutting of SMS
 * text (3GPP TS 23.038 alphabet, TS 23.040 concatenation).  Contracts are in
 * sms_text.h. */
#include "channels/sms_text.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "util/limits.h"
#include "util/mem.h"
#include "util/utf8.h"

/* ---- The GSM-7 alphabet ------------------------------------------------ */

/* Non-ASCII characters of the default alphabet (TS 23.038 §6.2.1), sorted.
 * Position 0x09 is mapped to Ç, as in the Unicode consortium's GSM0338 table
 * and on handsets: a lowercase ç is therefore NOT GSM-7 (we write it c). */
static const int32_t gsm7_basic[] = {
    0x00A1, /* ¡ */ 0x00A3, /* £ */ 0x00A4, /* ¤ */ 0x00A5, /* ¥ */ 0x00A7, /* § */
    0x00BF, /* ¿ */ 0x00C4, /* Ä */ 0x00C5, /* Å */ 0x00C6, /* Æ */ 0x00C7, /* Ç */
    0x00C9, /* É */ 0x00D1, /* Ñ */ 0x00D6, /* Ö */ 0x00D8, /* Ø */ 0x00DC, /* Ü */
    0x00DF, /* ß */ 0x00E0, /* à */ 0x00E4, /* ä */ 0x00E5, /* å */ 0x00E6, /* æ */
    0x00E8, /* è */ 0x00E9, /* é */ 0x00EC, /* ì */ 0x00F1, /* ñ */ 0x00F2, /* ò */
    0x00F6, /* ö */ 0x00F8, /* ø */ 0x00F9, /* ù */ 0x00FC, /* ü */
    0x0393, /* Γ */ 0x0394, /* Δ */ 0x0398, /* Θ */ 0x039B, /* Λ */ 0x039E, /* Ξ */
    0x03A0, /* Π */ 0x03A3, /* Σ */ 0x03A6, /* Φ */ 0x03A8, /* Ψ */ 0x03A9, /* Ω */
};

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

int sms_gsm7_width(int32_t cp)
{
    if (cp >= 0 && cp < 0x80) {
        if (cp == '\n' || cp == '\r')
            return 1;
        if (cp == '\f')
            return 2;   /* extension table 0x0A (page break) */
        if (cp < 0x20 || cp == 0x7F || cp == '`')
            return 0;
        switch (cp) {
        case '^': case '{': case '}': case '\\': case '[': case '~': case ']': case '|':
            return 2;
        default:
            return 1;   /* the rest of printable ASCII, @ $ _ included */
        }
    }
    if (cp == 0x20AC)   /* € */
        return 2;
    return bsearch(&cp, gsm7_basic, sizeof gsm7_basic / sizeof gsm7_basic[0], sizeof cp, cmp_i32)
               ? 1 : 0;
}

/* ---- UTF-8 helpers ------------------------------------------------------ */

/* Decode the code point at s[*pos] (pos < len) and advance; -1 if invalid. */
static int decode(const char *s, size_t len, size_t *pos, int32_t *cp)
{
    size_t n = utf8_seq_len(s + *pos, len - *pos, cp);
    if (!n)
        return -1;
    *pos += n;
    return 0;
}

/* ---- Counting ----------------------------------------------------------- */

/* Counts both encodings at once so that several pieces (head, mark, suffix)
 * can be fed in turn without building the message. */
struct counter {
    bool ucs2;               /* a character outside GSM-7 was seen */
    size_t chars, septets, utf16;
    int g_parts, u_parts;    /* greedy packing into 153-septet / 67-unit parts */
    size_t g_fill, u_fill;
};

static void pack(int *parts, size_t *fill, size_t w, size_t room)
{
    if (*parts == 0 || *fill + w > room) {
        (*parts)++;
        *fill = w;
    } else {
        *fill += w;
    }
}

static void counter_add(struct counter *c, int32_t cp)
{
    int w = sms_gsm7_width(cp);
    size_t u = cp > 0xFFFF ? 2 : 1;
    c->chars++;
    if (w == 0) {
        c->ucs2 = true;
    } else if (!c->ucs2) {
        c->septets += (size_t)w;
        pack(&c->g_parts, &c->g_fill, (size_t)w, SMS_GSM7_PART);
    }
    c->utf16 += u;
    pack(&c->u_parts, &c->u_fill, u, SMS_UCS2_PART);
}

/* Feed s[0..len); the caller has validated the UTF-8. */
static void counter_feed(struct counter *c, const char *s, size_t len)
{
    size_t pos = 0;
    int32_t cp;
    while (pos < len && !decode(s, len, &pos, &cp))
        counter_add(c, cp);
}

static void counter_result(const struct counter *c, struct sms_count *out)
{
    bool g = !c->ucs2;
    size_t single = g ? SMS_GSM7_SINGLE : SMS_UCS2_SINGLE;
    memset(out, 0, sizeof *out);
    out->encoding = g ? SMS_GSM7 : SMS_UCS2;
    out->chars = c->chars;
    out->units = g ? c->septets : c->utf16;
    if (out->units == 0)
        return;
    if (out->units <= single) {
        out->parts = 1;
        out->per_part = single;
        out->left = single - out->units;
    } else {
        out->parts = g ? c->g_parts : c->u_parts;
        out->per_part = g ? SMS_GSM7_PART : SMS_UCS2_PART;
        out->left = out->per_part - (g ? c->g_fill : c->u_fill);
    }
}

enum gc_rc sms_count(const char *utf8, size_t len, struct sms_count *out)
{
    struct counter c = {0};
    if (len > GC_SMS_TEXT_MAX_BYTES)
        return GC_ERR_TOOBIG;
    if (!utf8_valid(utf8, len))
        return GC_ERR_INVALID;
    counter_feed(&c, utf8, len);
    counter_result(&c, out);
    return GC_OK;
}

/* ---- Transliteration ---------------------------------------------------- */

struct translit {
    int32_t cp;
    const char *to;   /* GSM-7 only; "" drops the character */
};

/* Sorted by code point.  Accented letters that decompose to a base letter
 * plus marks (â, ê, ç, š...) need no entry: translit_base() handles them;
 * only the frequent French ones are listed, for the reader. */
static const struct translit translit_table[] = {
    {0x0009, " "},     /* tab */
    {0x0060, "'"},     /* ` */
    {0x00A0, " "},     /* no-break space */
    {0x00AA, "a"},     /* ª */
    {0x00AB, "\""},    /* « */
    {0x00AD, ""},      /* soft hyphen */
    {0x00B0, "o"},     /* ° (n° → no) */
    {0x00B2, "2"},     /* ² (m² → m2) */
    {0x00B3, "3"},     /* ³ */
    {0x00B4, "'"},     /* ´ */
    {0x00B7, "."},     /* · (inclusive writing: habitant·e·s) */
    {0x00B9, "1"},     /* ¹ */
    {0x00BA, "o"},     /* º */
    {0x00BB, "\""},    /* » */
    {0x00BC, "1/4"},   /* ¼ */
    {0x00BD, "1/2"},   /* ½ */
    {0x00BE, "3/4"},   /* ¾ */
    {0x00C2, "A"},     /* Â */
    {0x00CA, "E"},     /* Ê */
    {0x00CB, "E"},     /* Ë */
    {0x00CE, "I"},     /* Î */
    {0x00CF, "I"},     /* Ï */
    {0x00D0, "D"},     /* Ð */
    {0x00D4, "O"},     /* Ô */
    {0x00D7, "x"},     /* × */
    {0x00DB, "U"},     /* Û */
    {0x00E2, "a"},     /* â */
    {0x00E7, "c"},     /* ç (only Ç is GSM-7) */
    {0x00EA, "e"},     /* ê */
    {0x00EB, "e"},     /* ë */
    {0x00EE, "i"},     /* î */
    {0x00EF, "i"},     /* ï */
    {0x00F0, "d"},     /* ð */
    {0x00F4, "o"},     /* ô */
    {0x00F7, "/"},     /* ÷ */
    {0x00FB, "u"},     /* û */
    {0x00FF, "y"},     /* ÿ */
    {0x0110, "D"},     /* Đ */
    {0x0111, "d"},     /* đ */
    {0x0131, "i"},     /* ı */
    {0x0141, "L"},     /* Ł */
    {0x0142, "l"},     /* ł */
    {0x0152, "OE"},    /* Œ */
    {0x0153, "oe"},    /* œ */
    {0x0178, "Y"},     /* Ÿ */
    {0x02BC, "'"},     /* ʼ modifier apostrophe */
    {0x2000, " "}, {0x2001, " "}, {0x2002, " "}, {0x2003, " "}, {0x2004, " "},
    {0x2005, " "}, {0x2006, " "}, {0x2007, " "}, {0x2008, " "}, {0x2009, " "},
    {0x200A, " "},     /* typographic spaces */
    {0x200B, ""},      /* zero width space */
    {0x2010, "-"}, {0x2011, "-"}, {0x2012, "-"},
    {0x2013, "-"},     /* – */
    {0x2014, "-"},     /* — */
    {0x2015, "-"},
    {0x2018, "'"},     /* ‘ */
    {0x2019, "'"},     /* ’ */
    {0x201A, "'"},     /* ‚ */
    {0x201B, "'"},     /* ‛ */
    {0x201C, "\""},    /* “ */
    {0x201D, "\""},    /* ” */
    {0x201E, "\""},    /* „ */
    {0x201F, "\""},    /* ‟ */
    {0x2022, "-"},     /* • */
    {0x2024, "."},     /* ․ */
    {0x2026, "..."},   /* … */
    {0x2028, "\n"},    /* line separator */
    {0x2029, "\n"},    /* paragraph separator */
    {0x202F, " "},     /* narrow no-break space (before ; : ! ? in French) */
    {0x2032, "'"},     /* ′ */
    {0x2033, "\""},    /* ″ */
    {0x2039, "'"},     /* ‹ */
    {0x203A, "'"},     /* › */
    {0x2044, "/"},     /* ⁄ */
    {0x205F, " "},     /* medium mathematical space */
    {0x2060, ""},      /* word joiner */
    {0x2190, "<-"},    /* ← */
    {0x2192, "->"},    /* → */
    {0x2212, "-"},     /* − minus */
    {0x2264, "<="},    /* ≤ */
    {0x2265, ">="},    /* ≥ */
    {0xFB00, "ff"}, {0xFB01, "fi"}, {0xFB02, "fl"}, {0xFB03, "ffi"}, {0xFB04, "ffl"},
    {0xFEFF, ""},      /* byte order mark */
};

static int cmp_translit(const void *key, const void *elem)
{
    int32_t x = *(const int32_t *)key, y = ((const struct translit *)elem)->cp;
    return (x > y) - (x < y);
}

static const char *translit_lookup(int32_t cp)
{
    const struct translit *t = bsearch(&cp, translit_table,
                                       sizeof translit_table / sizeof translit_table[0],
                                       sizeof translit_table[0], cmp_translit);
    return t ? t->to : NULL;
}

static bool is_mark(int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC || c == UTF8PROC_CATEGORY_ME;
}

/* The ASCII letter a Latin letter with diacritics decomposes to (š → s,
 * Ő → O), or 0. */
static int32_t translit_base(int32_t cp)
{
    int32_t d[8];
    int bc = 0;
    utf8proc_ssize_t n = utf8proc_decompose_char(cp, d, 8, UTF8PROC_DECOMPOSE, &bc);
    if (n < 2 || n > 8)
        return 0;
    if (!((d[0] >= 'a' && d[0] <= 'z') || (d[0] >= 'A' && d[0] <= 'Z')))
        return 0;
    for (utf8proc_ssize_t i = 1; i < n; i++)
        if (!is_mark(d[i]))
            return 0;
    return d[0];
}

/* NFC of in[0..len) as code points in a new array (free() it). */
static enum gc_rc to_nfc(const char *in, size_t len, int32_t **out, size_t *n)
{
    const utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
    size_t cap = len + 16;
    int32_t *cps = xreallocarray(NULL, cap, sizeof *cps);
    utf8proc_ssize_t r = utf8proc_decompose((const utf8proc_uint8_t *)in, (utf8proc_ssize_t)len,
                                            cps, (utf8proc_ssize_t)cap, opt);
    if (r > (utf8proc_ssize_t)cap) {   /* decomposition grew past our guess */
        cap = (size_t)r;
        cps = xreallocarray(cps, cap, sizeof *cps);
        r = utf8proc_decompose((const utf8proc_uint8_t *)in, (utf8proc_ssize_t)len, cps,
                               (utf8proc_ssize_t)cap, opt);
    }
    if (r >= 0)
        r = utf8proc_normalize_utf32(cps, r, opt);
    if (r < 0) {
        free(cps);
        return r == UTF8PROC_ERROR_NOMEM ? GC_ERR_NOMEM : GC_ERR_INVALID;
    }
    *out = cps;
    *n = (size_t)r;
    return GC_OK;
}

enum gc_rc sms_gsm7_transliterate(const char *in, size_t len, struct buf *out)
{
    enum gc_rc rc = GC_ERR_INVALID;
    size_t start = out->len, n = 0;
    int32_t *cps = NULL;
    bool after_gsm = false;   /* the last character written is GSM-7 */

    if (len > GC_SMS_TEXT_MAX_BYTES) {
        rc = GC_ERR_TOOBIG;
        goto out;
    }
    if (!utf8_valid(in, len))
        goto out;
    if (len == 0) {
        rc = buf_add(out, "", 0);
        goto out;
    }
    rc = to_nfc(in, len, &cps, &n);
    if (rc)
        goto out;
    for (size_t i = 0; i < n && !rc; i++) {
        int32_t cp = cps[i], base;
        const char *to;
        if (sms_gsm7_width(cp)) {
            rc = utf8_buf_add(out, cp);
            after_gsm = true;
            continue;
        }
        to = translit_lookup(cp);
        if (to) {
            rc = buf_adds(out, to);
            after_gsm = after_gsm || *to;
            continue;
        }
        if (after_gsm && is_mark(cp))
            continue;   /* a mark NFC could not compose onto a GSM-7 letter */
        base = translit_base(cp);
        rc = utf8_buf_add(out, base ? base : cp);   /* no GSM-7 form: the text stays UCS-2 */
        after_gsm = base != 0;
    }
out:
    if (rc)
        buf_truncate(out, start);
    free(cps);
    return rc;
}

enum gc_rc sms_prepare(const char *in, size_t len, struct buf *out)
{
    size_t start = out->len;
    struct sms_count c;
    enum gc_rc rc = sms_gsm7_transliterate(in, len, out);
    if (rc)
        return rc;
    /* The transliteration may be longer than its input (¼ → 1/4; NFC
     * decomposes a few excluded characters, up to 3x in bytes for musical
     * symbols): past the cap sms_count() refuses it and the original is sent. */
    rc = sms_count(out->data + start, out->len - start, &c);
    if (rc == GC_OK && c.encoding == SMS_GSM7)
        return GC_OK;
    buf_truncate(out, start);
    rc = buf_add(out, in, len);
    if (rc)
        buf_truncate(out, start);
    return rc;
}

/* ---- Cutting ------------------------------------------------------------ */

/* Blanks we may cut at: breaking white space only (a no-break space is
 * there precisely so that "17 h" or "ouvert ?" stay together). */
static bool is_break_space(int32_t cp)
{
    return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200A && cp != 0x2007) || cp == 0x2028 || cp == 0x2029 ||
           cp == 0x205F || cp == 0x3000;
}

/* Blanks trimmed at the end of a head and skipped before the rest. */
static bool is_blank(int32_t cp)
{
    return is_break_space(cp) || cp == 0x00A0 || cp == 0x2007 || cp == 0x202F;
}

static bool is_terminal(int32_t cp)
{
    return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026;
}

static bool is_closing(int32_t cp)
{
    return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0x00BB || cp == 0x2019 ||
           cp == 0x201D;
}

/* Left dangling at the end of a head cut at a word: dropped. */
static bool is_dangling(int32_t cp)
{
    return is_blank(cp) || cp == ',' || cp == ';' || cp == ':' || cp == '-' || cp == '(' ||
           cp == 0x2013 || cp == 0x2014 || cp == 0x00AB || cp == 0x201C;
}

static bool is_letter(int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

/* Code point before s[pos] (pos > 0); *start receives its offset. */
static int32_t prev_cp(const char *s, size_t pos, size_t *start)
{
    size_t p = pos - 1, q;
    int32_t cp = -1;
    while (p > 0 && ((unsigned char)s[p] & 0xC0) == 0x80)
        p--;
    q = p;
    if (decode(s, pos, &q, &cp))
        cp = -1;
    *start = p;
    return cp;
}

static size_t trim_back(const char *s, size_t end, bool (*drop)(int32_t))
{
    size_t p;
    while (end > 0 && drop(prev_cp(s, end, &p)))
        end = p;
    return end;
}

static size_t skip_blanks(const char *s, size_t len, size_t pos)
{
    while (pos < len) {
        size_t q = pos;
        int32_t cp;
        if (decode(s, len, &q, &cp) || !is_blank(cp))
            break;
        pos = q;
    }
    return pos;
}

/* Words after which a full stop does not end the sentence (compared after
 * lowering ASCII letters).  A single capital letter (initial) is also one. */
static const char *const abbreviations[] = {
    "av", "bd", "bld", "cf", "dr", "env", "ex", "mlle", "mm", "mme", "n", "no",
    "p", "pp", "pr", "st", "ste", "tel", "t\xc3\xa9l",
};

static bool is_abbreviation(const char *w, size_t n)
{
    char low[8];
    if (n == 1 && w[0] >= 'A' && w[0] <= 'Z')
        return true;
    if (n == 0 || n >= sizeof low)
        return false;
    for (size_t i = 0; i < n; i++)
        low[i] = (w[i] >= 'A' && w[i] <= 'Z') ? (char)(w[i] - 'A' + 'a') : w[i];
    low[n] = '\0';
    for (size_t i = 0; i < sizeof abbreviations / sizeof abbreviations[0]; i++)
        if (!strcmp(low, abbreviations[i]))
            return true;
    return false;
}

/* Does text[0..head) + mark + suffix fit in max_parts? */
static bool fits(const char *text, size_t head, const char *mark, const char *suffix,
                 size_t slen, int max_parts)
{
    struct counter c = {0};
    struct sms_count r;
    counter_feed(&c, text, head);
    counter_feed(&c, mark, strlen(mark));
    counter_feed(&c, suffix, slen);
    counter_result(&c, &r);
    return r.parts <= max_parts;
}

static size_t cp_floor(const char *s, size_t len, size_t b)
{
    while (b > 0 && b < len && ((unsigned char)s[b] & 0xC0) == 0x80)
        b--;
    return b;
}

/* Longest head text[0..h), h at a character boundary, such that head + mark
 * + suffix fits.  The count only grows as the head does (more units, and
 * GSM-7 never packs fewer characters per part than UCS-2), so we bisect. */
static size_t longest_head(const char *text, size_t len, const char *mark, const char *suffix,
                           size_t slen, int max_parts)
{
    size_t lo = 0, hi = len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo + 1) / 2;
        if (fits(text, cp_floor(text, len, mid), mark, suffix, slen, max_parts))
            lo = mid;
        else
            hi = mid - 1;
    }
    return cp_floor(text, len, lo);
}

struct cut_at {
    size_t head, next;
};

/* The last sentence end s <= limit in text[0..len): after . ! ? … (and the
 * closing quotes or brackets that follow), before a blank or the end; or
 * before a line break.  {0, 0} when there is none. */
static struct cut_at last_sentence(const char *text, size_t len, size_t limit)
{
    struct cut_at best = {0, 0};
    size_t pos = 0, word = 0;   /* word: start of the current run of letters */
    bool in_word = false;
    while (pos < len) {
        size_t at = pos, end;
        int32_t cp;
        if (at > limit || decode(text, len, &pos, &cp))
            break;   /* every head from here on would end past limit */
        if (cp == '\n') {
            size_t h = trim_back(text, at, is_blank);
            if (h > 0 && h <= limit)
                best = (struct cut_at){h, skip_blanks(text, len, at)};
            in_word = false;
            continue;
        }
        if (is_letter(cp)) {
            if (!in_word)
                word = at;
            in_word = true;
            continue;
        }
        if (!is_terminal(cp)) {
            in_word = false;
            continue;
        }
        bool abbrev = cp == '.' && in_word && is_abbreviation(text + word, at - word);
        in_word = false;
        /* Take the rest of "?!", "..." and closing quotes, also « ... . » with
         * a space before the guillemet. */
        end = pos;
        while (end < len) {
            size_t q = end, q2;
            int32_t c2, c3;
            if (decode(text, len, &q, &c2))
                break;
            if (is_terminal(c2) || is_closing(c2)) {
                end = q;
                continue;
            }
            q2 = q;
            if ((c2 == ' ' || c2 == 0x00A0 || c2 == 0x202F) && q < len &&
                !decode(text, len, &q2, &c3) && c3 == 0x00BB) {
                end = q2;
                continue;
            }
            break;
        }
        pos = end;
        if (abbrev || end > limit)
            continue;
        if (end < len) {
            size_t q = end;
            int32_t c2;
            if (decode(text, len, &q, &c2) || !is_break_space(c2))
                continue;   /* "3.5", "ville.fr", "?»x" */
        }
        best = (struct cut_at){end, skip_blanks(text, len, end)};
    }
    return best;
}

/* The last cut at a blank whose head, without its dangling , ; : - « (,
 * ends at or before limit. */
static struct cut_at last_word(const char *text, size_t len, size_t limit)
{
    struct cut_at best = {0, 0};
    size_t pos = 0;
    bool prev_blank = true;
    while (pos < len) {
        size_t at = pos;
        int32_t cp;
        if (decode(text, len, &pos, &cp))
            break;
        bool brk = is_break_space(cp);
        if (brk && !prev_blank) {
            size_t h = trim_back(text, at, is_dangling);
            if (h > limit)
                break;   /* heads only grow from here */
            if (h > 0)
                best = (struct cut_at){h, skip_blanks(text, len, at)};
        }
        prev_blank = is_blank(cp);
    }
    return best;
}

/* The last end of a list item, head <= limit: just after a ';' followed by
 * a blank, as answer/compose.c writes lists ("Pièces : a ; b ; c.").  The
 * ';' stays: it tells that the list goes on.  {0, 0} when there is none.
 * Scanning bytes is safe: ';' is never part of a multi-byte character. */
static struct cut_at last_item(const char *text, size_t len, size_t limit)
{
    struct cut_at best = {0, 0};
    for (size_t i = 0; i + 1 < len && i + 1 <= limit; i++) {
        size_t q = i + 1;
        int32_t cp;
        if (text[i] == ';' && !decode(text, len, &q, &cp) && is_break_space(cp))
            best = (struct cut_at){i + 1, skip_blanks(text, len, i + 1)};
    }
    return best;
}

/* sms_fit(), and sms_fit_cut() when force: the text is cut even if it
 * fits whole without the suffix. */
static enum gc_rc fit(const char *text, size_t len, int max_parts, const char *more_suffix,
                      bool force, struct buf *msg, struct sms_cut *cut, struct gc_err *e)
{
    enum gc_rc rc = GC_ERR_INVALID;
    const char *suffix = more_suffix ? more_suffix : "";
    const char *mark = "";
    size_t slen = strlen(suffix), start = msg->len, end, plain, dotted;
    struct sms_cut res = {0};
    struct cut_at s, l, w, at;

    if (max_parts < 1 || max_parts > GC_SMS_PARTS_MAX) {
        rc = gc_err_set(e, GC_ERR_INVALID, "SMS parts must be 1..%d, not %d", GC_SMS_PARTS_MAX,
                        max_parts);
        goto out;
    }
    if (len > GC_SMS_TEXT_MAX_BYTES || slen > GC_SMS_TEXT_MAX_BYTES) {
        rc = gc_err_set(e, GC_ERR_TOOBIG, "SMS text over %d bytes", GC_SMS_TEXT_MAX_BYTES);
        goto out;
    }
    if (!utf8_valid(text, len) || !utf8_valid(suffix, slen)) {
        rc = gc_err_set(e, GC_ERR_INVALID, "SMS text is not valid UTF-8");
        goto out;
    }
    end = trim_back(text, len, is_blank);
    if (!force && fits(text, end, "", "", 0, max_parts)) {
        at = (struct cut_at){end, len};
    } else if (force && fits(text, end, "", suffix, slen, max_parts)) {
        at = (struct cut_at){end, len};   /* forced, and it all fits with the suffix */
        res.more = true;
    } else {
        plain = longest_head(text, end, "", suffix, slen, max_parts);
        if (plain == 0) {
            rc = gc_err_set(e, GC_ERR_INVALID,
                            "the SMS suffix leaves no room for the text in %d part(s)", max_parts);
            goto out;
        }
        dotted = longest_head(text, end, SMS_CUT_MARK, suffix, slen, max_parts);
        s = last_sentence(text, end, plain);
        l = last_item(text, end, plain);
        w = last_word(text, end, dotted);
        res.more = true;
        /* The later of a sentence end and a list item end, when it keeps at
         * least half of what a cut at a word would. */
        if (l.head > s.head)
            s = l;
        if (s.head > 0 && (w.head == 0 || 2 * s.head >= w.head)) {
            at = s;
        } else if (w.head > 0) {
            at = w;
            mark = SMS_CUT_MARK;
            res.mid_sentence = true;
        } else {
            /* One endless word (a URL?): cut between two characters, with
             * the mark when it fits. */
            at = dotted > 0 ? (struct cut_at){dotted, dotted} : (struct cut_at){plain, plain};
            mark = dotted > 0 ? SMS_CUT_MARK : "";
            res.mid_sentence = true;
        }
    }
    res.head = at.head;
    res.next = at.next;
    rc = buf_add(msg, text, at.head);
    if (!rc && res.more)
        rc = buf_adds(msg, mark);
    if (!rc && res.more)
        rc = buf_add(msg, suffix, slen);
    if (rc) {
        gc_err_set(e, rc, "SMS message over its buffer's cap");
        goto out;
    }
    rc = sms_count(msg->data + start, msg->len - start, &res.count);
out:
    if (rc)
        buf_truncate(msg, start);
    else
        *cut = res;
    return rc;
}

enum gc_rc sms_fit(const char *text, size_t len, int max_parts, const char *more_suffix,
                   struct buf *msg, struct sms_cut *cut, struct gc_err *e)
{
    return fit(text, len, max_parts, more_suffix, false, msg, cut, e);
}

enum gc_rc sms_fit_cut(const char *text, size_t len, int max_parts, const char *more_suffix,
                       struct buf *msg, struct sms_cut *cut, struct gc_err *e)
{
    return fit(text, len, max_parts, more_suffix, true, msg, cut, e);
}
