/* test_sms_text.c — GSM-7 / UCS-2 counting, transliteration and cutting.
 * Every expected number below was worked out by hand from TS 23.038/23.040
 * (160/153 septets, 70/67 UTF-16 units, escapes and surrogate pairs never
 * split); the comment next to each case shows the arithmetic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "channels/sms_text.h"
#include "util/limits.h"

/* "unit" repeated n times, as a NUL-terminated string (static storage, one
 * at a time is enough for these tests). */
static char *rep(const char *pre, const char *unit, int n, const char *post)
{
    static char s[8192];
    size_t len = 0, ul = strlen(unit);
    memset(s, 0, sizeof s);
    memcpy(s, pre, strlen(pre));
    len = strlen(pre);
    for (int i = 0; i < n; i++, len += ul)
        memcpy(s + len, unit, ul);
    memcpy(s + len, post, strlen(post));
    return s;
}

static struct sms_count count(const char *s)
{
    struct sms_count c;
    assert_int_equal(sms_count(s, strlen(s), &c), GC_OK);
    return c;
}

static void test_gsm7_width(void **state)
{
    (void)state;
    struct { int32_t cp; int w; } cases[] = {
        {'a', 1}, {'Z', 1}, {'0', 1}, {'@', 1}, {'$', 1}, {'_', 1}, {' ', 1}, {'\n', 1},
        {'\r', 1}, {'`', 0}, {'\t', 0}, {0, 0}, {0x7F, 0},
        {'^', 2}, {'{', 2}, {'}', 2}, {'\\', 2}, {'[', 2}, {'~', 2}, {']', 2}, {'|', 2},
        {'\f', 2}, {0x20AC /* € */, 2},
        {0x00E9 /* é */, 1}, {0x00E8 /* è */, 1}, {0x00F9 /* ù */, 1}, {0x00E0 /* à */, 1},
        {0x00C7 /* Ç */, 1}, {0x00C9 /* É */, 1}, {0x00E6 /* æ */, 1}, {0x00DF /* ß */, 1},
        {0x00A3 /* £ */, 1}, {0x00A7 /* § */, 1}, {0x0394 /* Δ */, 1}, {0x03A9 /* Ω */, 1},
        {0x00E7 /* ç */, 0}, {0x00E2 /* â */, 0}, {0x00EA /* ê */, 0}, {0x00EE /* î */, 0},
        {0x00F4 /* ô */, 0}, {0x00FB /* û */, 0}, {0x00EB /* ë */, 0}, {0x00EF /* ï */, 0},
        {0x0153 /* œ */, 0}, {0x2019 /* ’ */, 0}, {0x00AB /* « */, 0}, {0x00A0, 0},
        {0x03B1 /* α */, 0}, {0x1F600 /* 😀 */, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(sms_gsm7_width(cases[i].cp), cases[i].w);
}

static void test_count_gsm7(void **state)
{
    (void)state;
    struct sms_count c = count("");
    assert_int_equal(c.parts, 0);
    assert_int_equal(c.units, 0);
    assert_int_equal(c.encoding, SMS_GSM7);

    c = count(rep("", "a", 160, ""));        /* 160 <= 160: one message */
    assert_int_equal(c.encoding, SMS_GSM7);
    assert_int_equal(c.units, 160);
    assert_int_equal(c.parts, 1);
    assert_int_equal(c.per_part, 160);
    assert_int_equal(c.left, 0);

    c = count(rep("", "a", 161, ""));        /* 153 + 8 */
    assert_int_equal(c.parts, 2);
    assert_int_equal(c.per_part, 153);
    assert_int_equal(c.left, 145);

    c = count(rep("", "a", 306, ""));        /* 153 + 153 */
    assert_int_equal(c.parts, 2);
    assert_int_equal(c.left, 0);

    c = count(rep("", "a", 307, ""));        /* 153 + 153 + 1 */
    assert_int_equal(c.parts, 3);
    assert_int_equal(c.left, 152);

    /* GSM-7 letters outside ASCII cost one septet like the others. */
    c = count(rep("", "\xc3\xa9", 160, ""));  /* é x160 */
    assert_int_equal(c.encoding, SMS_GSM7);
    assert_int_equal(c.chars, 160);
    assert_int_equal(c.parts, 1);
}

static void test_count_escape(void **state)
{
    (void)state;
    struct sms_count c = count(rep("", "\xe2\x82\xac", 80, ""));   /* € x80 = 160 septets */
    assert_int_equal(c.encoding, SMS_GSM7);
    assert_int_equal(c.chars, 80);
    assert_int_equal(c.units, 160);
    assert_int_equal(c.parts, 1);

    c = count(rep("\xe2\x82\xac", "a", 159, ""));   /* 2 + 159 = 161 */
    assert_int_equal(c.units, 161);
    assert_int_equal(c.parts, 2);

    c = count(rep("", "a", 158, "\xe2\x82\xac"));   /* 158 + 2 = 160 */
    assert_int_equal(c.parts, 1);

    c = count(rep("", "[", 81, ""));   /* 162 septets: 76 '[' (152) + 5 (10) */
    assert_int_equal(c.parts, 2);
    assert_int_equal(c.left, 143);

    /* The escape falls on the 153rd septet: ESC cannot end part 1, so €
     * opens part 2.  152 + [2 + 151] = 2 parts ... */
    char buf[400];
    memset(buf, 'a', 152);
    memcpy(buf + 152, "\xe2\x82\xac", 3);
    memset(buf + 155, 'a', 151);
    buf[306] = '\0';
    c = count(buf);
    assert_int_equal(c.units, 305);
    assert_int_equal(c.parts, 2);
    assert_int_equal(c.left, 0);
    /* ... but 152 + [2 + 152] overflows part 2 by one septet: 3 parts, where
     * a naive ceil(306 / 153) would say 2. */
    memset(buf + 155, 'a', 152);
    buf[307] = '\0';
    c = count(buf);
    assert_int_equal(c.units, 306);
    assert_int_equal(c.parts, 3);
    assert_int_equal(c.left, 152);
}

static void test_count_ucs2(void **state)
{
    (void)state;
    struct sms_count c = count(rep("", "\xc3\xaa", 70, ""));   /* ê x70 */
    assert_int_equal(c.encoding, SMS_UCS2);
    assert_int_equal(c.units, 70);
    assert_int_equal(c.parts, 1);
    assert_int_equal(c.per_part, 70);

    c = count(rep("", "\xc3\xaa", 71, ""));   /* 67 + 4 */
    assert_int_equal(c.parts, 2);
    assert_int_equal(c.per_part, 67);
    assert_int_equal(c.left, 63);

    c = count(rep("", "\xc3\xaa", 134, ""));  /* 67 + 67 */
    assert_int_equal(c.parts, 2);
    c = count(rep("", "\xc3\xaa", 135, ""));
    assert_int_equal(c.parts, 3);

    /* One character outside GSM-7 makes all of it UCS-2. */
    c = count(rep("", "a", 100, "\xc3\xa7"));  /* 100 a + ç = 101 units */
    assert_int_equal(c.encoding, SMS_UCS2);
    assert_int_equal(c.units, 101);
    assert_int_equal(c.parts, 2);
    /* In UCS-2 the euro sign is one unit, not two. */
    c = count(rep("\xc3\xaa", "\xe2\x82\xac", 69, ""));
    assert_int_equal(c.units, 70);
    assert_int_equal(c.parts, 1);
}

static void test_count_emoji(void **state)
{
    (void)state;
    struct sms_count c = count("\xf0\x9f\x98\x80");   /* 😀 U+1F600: a surrogate pair */
    assert_int_equal(c.encoding, SMS_UCS2);
    assert_int_equal(c.chars, 1);
    assert_int_equal(c.units, 2);
    assert_int_equal(c.parts, 1);

    c = count(rep("", "a", 68, "\xf0\x9f\x98\x80"));   /* 68 + 2 = 70 */
    assert_int_equal(c.parts, 1);
    c = count(rep("", "a", 69, "\xf0\x9f\x98\x80"));   /* 71 */
    assert_int_equal(c.parts, 2);

    /* A pair at the 67th unit moves whole to part 2: 66 + [2 + 66] = 3 parts. */
    char buf[400];
    size_t n = 0;
    for (int i = 0; i < 66; i++, n += 2)
        memcpy(buf + n, "\xc3\xaa", 2);
    memcpy(buf + n, "\xf0\x9f\x98\x80", 4);
    n += 4;
    for (int i = 0; i < 66; i++, n += 2)
        memcpy(buf + n, "\xc3\xaa", 2);
    buf[n] = '\0';
    c = count(buf);
    assert_int_equal(c.units, 134);
    assert_int_equal(c.parts, 3);
}

static void test_count_errors(void **state)
{
    (void)state;
    struct sms_count c;
    const char *bad[] = {
        "\xc3",               /* truncated */
        "\xc0\xaf",           /* overlong '/' */
        "\xed\xa0\x80",       /* UTF-16 surrogate */
        "\xf4\x90\x80\x80",   /* past U+10FFFF */
        "a\xff" "b",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(sms_count(bad[i], strlen(bad[i]), &c), GC_ERR_INVALID);
    /* An embedded NUL is a character (UCS-2: GSM-7 has no NUL). */
    assert_int_equal(sms_count("a\0b", 3, &c), GC_OK);
    assert_int_equal(c.chars, 3);
    assert_int_equal(c.encoding, SMS_UCS2);
    char *big = calloc(GC_SMS_TEXT_MAX_BYTES + 1, 1);
    assert_non_null(big);
    memset(big, 'a', GC_SMS_TEXT_MAX_BYTES + 1);
    assert_int_equal(sms_count(big, GC_SMS_TEXT_MAX_BYTES + 1, &c), GC_ERR_TOOBIG);
    assert_int_equal(sms_count(big, GC_SMS_TEXT_MAX_BYTES, &c), GC_OK);
    assert_int_equal(c.parts, (GC_SMS_TEXT_MAX_BYTES + 152) / 153);
    free(big);
}

struct tcase {
    const char *in, *out;
};

static void test_transliterate(void **state)
{
    (void)state;
    static const struct tcase cases[] = {
        {"", ""},
        {"d\xe2\x80\x99" "accord", "d'accord"},                           /* ’ */
        {"\xe2\x80\x98" "a\xe2\x80\x99", "'a'"},                           /* ‘ ’ */
        {"\xe2\x80\x9c" "oui\xe2\x80\x9d", "\"oui\""},                     /* “ ” */
        {"\xc2\xab\xc2\xa0" "Mairie\xc2\xa0\xc2\xbb", "\" Mairie \""},     /* « nbsp » */
        {"8 h\xe2\x80\x93" "12 h \xe2\x80\x94 ferm\xc3\xa9", "8 h-12 h - fermé"},   /* – — */
        {"etc\xe2\x80\xa6", "etc..."},                                     /* … */
        {"ouvert\xe2\x80\xaf?", "ouvert ?"},                               /* U+202F */
        {"\xc5\x93uvre \xc5\x92UVRE", "oeuvre OEUVRE"},                     /* œ Œ */
        {"\xc3\xa6 \xc3\x86", "\xc3\xa6 \xc3\x86"},                         /* æ Æ are GSM-7 */
        {"f\xc3\xaate \xc3\xa2ge \xc3\xaele h\xc3\xb4tel s\xc3\xbbr", "fete age ile hotel sur"},
        {"No\xc3\xabl na\xc3\xaf" "f gar\xc3\xa7on", "Noel naif garcon"},   /* ë ï ç */
        {"\xc3\x87" "A \xc3\xa7" "a", "\xc3\x87" "A ca"},                   /* Ç kept, ç → c */
        {"\xc3\x89t\xc3\xa9 \xc3\xa0 l\xc3\xa0 o\xc3\xb9", "Été à là où"},  /* GSM-7: kept */
        {"\xc3\x8ele \xc3\x82ge \xc3\x94 \xc3\x8atre", "Ile Age O Etre"},   /* Î Â Ô Ê */
        {"n\xc2\xb0 3, 20 m\xc2\xb2", "no 3, 20 m2"},                       /* ° ² */
        {"e\xcc\x81t\xc3\xa9", "été"},                                     /* NFD é → NFC é */
        {"e\xcc\x82", "e"},                                                /* NFD ê → e */
        {"Dvo\xc5\x99\xc3\xa1k \xc5\x81\xc3\xb3" "d\xc5\xba", "Dvorak Lodz"},  /* ř á Ł ó ź */
        {"\xef\xac\x81n", "fin"},                                          /* ﬁ */
        {"co\xc2\xad" "op\xc3\xa9rer", "coopérer"},                        /* soft hyphen */
        {"20 \xe2\x82\xac [x] {y}", "20 \xe2\x82\xac [x] {y}"},             /* extension: kept */
        {"a\tb", "a b"},
        {"\xf0\x9f\x98\x80 caf\xc3\xa9", "\xf0\x9f\x98\x80 café"},          /* emoji kept */
        {"\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85", "\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85"},  /* Arabic kept */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct buf b;
        buf_init(&b, 1024);
        assert_int_equal(sms_gsm7_transliterate(cases[i].in, strlen(cases[i].in), &b), GC_OK);
        assert_string_equal(buf_str(&b), cases[i].out);
        buf_free(&b);
    }
}

/* A typical answer: typographic apostrophes, guillemets, dash, œ, ê, ç,
 * no-break spaces.  It must come out GSM-7: one part instead of three. */
static void test_transliterate_answer(void **state)
{
    (void)state;
    const char *answer =
        "L\xe2\x80\x99" "accueil de la mairie est ouvert du lundi au vendredi "
        "\xe2\x80\x93 de 8\xc2\xa0h\xc2\xa0" "30 \xc3\xa0 17\xc2\xa0h. Pour la "
        "\xc2\xab\xc2\xa0" "f\xc3\xaate des \xc5\x93uvres\xc2\xa0\xc2\xbb, "
        "voyez l\xe2\x80\x99h\xc3\xb4tel de ville (fa\xc3\xa7" "ade nord).";
    const char *expect =
        "L'accueil de la mairie est ouvert du lundi au vendredi - de 8 h 30 à 17 h. "
        "Pour la \" fete des oeuvres \", voyez l'hotel de ville (facade nord).";
    struct sms_count before, after;
    struct buf b;
    buf_init(&b, 1024);
    assert_int_equal(sms_count(answer, strlen(answer), &before), GC_OK);
    assert_int_equal(before.encoding, SMS_UCS2);
    assert_int_equal(before.units, 141);
    assert_int_equal(before.parts, 3);     /* 67 + 67 + 7 */
    assert_int_equal(sms_gsm7_transliterate(answer, strlen(answer), &b), GC_OK);
    assert_string_equal(buf_str(&b), expect);
    assert_int_equal(sms_count(b.data, b.len, &after), GC_OK);
    assert_int_equal(after.encoding, SMS_GSM7);
    assert_int_equal(after.units, 142);    /* œ became oe */
    assert_int_equal(after.parts, 1);

    /* sms_prepare gives the same here ... */
    buf_reset(&b);
    assert_int_equal(sms_prepare(answer, strlen(answer), &b), GC_OK);
    assert_string_equal(buf_str(&b), expect);
    /* ... but keeps a text that stays UCS-2 as it was, accents and all. */
    const char *emoji = "Bonne f\xc3\xaate \xe2\x80\x93 \xf0\x9f\x8e\x89";
    buf_reset(&b);
    assert_int_equal(sms_prepare(emoji, strlen(emoji), &b), GC_OK);
    assert_string_equal(buf_str(&b), emoji);
    /* It appends, and leaves the buffer as it was on error. */
    buf_reset(&b);
    buf_adds(&b, "> ");
    assert_int_equal(sms_prepare("\xc3\xaa", 2, &b), GC_OK);
    assert_string_equal(buf_str(&b), "> e");
    assert_int_equal(sms_prepare("x\xc3", 2, &b), GC_ERR_INVALID);
    assert_int_equal(sms_gsm7_transliterate("x\xc3", 2, &b), GC_ERR_INVALID);
    assert_string_equal(buf_str(&b), "> e");
    buf_free(&b);

    /* A buffer cap too small is GC_ERR_TOOBIG, the buffer untouched. */
    buf_init(&b, 4);
    assert_int_equal(sms_gsm7_transliterate("abcdef", 6, &b), GC_ERR_TOOBIG);
    assert_int_equal(b.len, 0);
    buf_free(&b);
}

/* ---- sms_fit ---- */

#define SUFFIX " Envoyez SUITE pour la suite."   /* 29 characters, GSM-7 */

static const char *S1 = "La mairie est ouverte du lundi au vendredi de 8 h 30 a 12 h et de "
                        "13 h 30 a 17 h 30.";                                  /* 84 */
static const char *S2 = "Le samedi, seul l'accueil de l'etat civil est ouvert, de 9 h a 12 h, "
                        "sur rendez-vous.";                                    /* 85 */
static const char *S3 = "Fermee les jours feries.";                           /* 24 */

static void fit_ok(const char *text, int max_parts, const char *suffix, struct buf *msg,
                   struct sms_cut *cut)
{
    buf_reset(msg);
    assert_int_equal(sms_fit(text, strlen(text), max_parts, suffix, msg, cut, NULL), GC_OK);
    assert_true(cut->count.parts <= max_parts);
    struct sms_count c;
    assert_int_equal(sms_count(msg->data, msg->len, &c), GC_OK);
    assert_int_equal(c.parts, cut->count.parts);
}

static void test_fit_whole(void **state)
{
    (void)state;
    struct buf msg;
    struct sms_cut cut;
    buf_init(&msg, 4096);
    fit_ok("Bonjour.", 1, SUFFIX, &msg, &cut);
    assert_string_equal(buf_str(&msg), "Bonjour.");
    assert_false(cut.more);
    assert_int_equal(cut.head, 8);
    assert_int_equal(cut.next, 8);
    /* Trailing blanks are not sent and never force a cut. */
    fit_ok(rep("", "a", 160, "   \n"), 1, SUFFIX, &msg, &cut);
    assert_int_equal(msg.len, 160);
    assert_false(cut.more);
    assert_int_equal(cut.next, 164);
    /* Empty. */
    fit_ok("", 1, SUFFIX, &msg, &cut);
    assert_int_equal(msg.len, 0);
    assert_int_equal(cut.count.parts, 0);
    assert_false(cut.more);
    buf_free(&msg);
}

static void test_fit_sentences(void **state)
{
    (void)state;
    struct buf msg, expect;
    struct sms_cut cut;
    char text[512];
    buf_init(&msg, 4096);
    buf_init(&expect, 4096);
    assert_int_equal(strlen(S1), 84);
    assert_int_equal(strlen(S2), 85);
    snprintf(text, sizeof text, "%s %s %s", S1, S2, S3);   /* 84+1+85+1+24 = 195 */

    /* One part: S1 + suffix = 113 fits; S1 S2 + suffix = 199 does not. */
    fit_ok(text, 1, SUFFIX, &msg, &cut);
    buf_printf(&expect, "%s%s", S1, SUFFIX);
    assert_string_equal(buf_str(&msg), buf_str(&expect));
    assert_true(cut.more);
    assert_false(cut.mid_sentence);
    assert_int_equal(cut.head, 84);
    assert_int_equal(cut.next, 85);
    assert_int_equal(cut.count.units, 113);

    /* "SUITE": the rest, 110 characters, fits without a suffix. */
    fit_ok(text + cut.next, 1, SUFFIX, &msg, &cut);
    buf_reset(&expect);
    buf_printf(&expect, "%s %s", S2, S3);
    assert_string_equal(buf_str(&msg), buf_str(&expect));
    assert_false(cut.more);

    /* Two parts hold everything: 195 <= 306. */
    fit_ok(text, 2, SUFFIX, &msg, &cut);
    assert_string_equal(buf_str(&msg), text);
    assert_false(cut.more);
    assert_int_equal(cut.count.parts, 2);
    buf_free(&msg);
    buf_free(&expect);
}

static void test_fit_sentence_marks(void **state)
{
    (void)state;
    struct buf msg;
    struct sms_cut cut;
    buf_init(&msg, 4096);

    /* A closing guillemet, with its no-break space, stays with its sentence.
     * « » make it UCS-2: 70 - 6 = 64 units; the sentence ends at 47. */
    const char *g = "Demandez \xc2\xab\xc2\xa0Le formulaire de demande de carte.\xc2\xa0\xc2\xbb "
                    "Puis apportez-le avec les pieces a l'accueil.";
    fit_ok(g, 1, " SUITE", &msg, &cut);
    assert_int_equal(cut.count.encoding, SMS_UCS2);
    assert_false(cut.mid_sentence);
    assert_string_equal(buf_str(&msg),
                        "Demandez \xc2\xab\xc2\xa0Le formulaire de demande de carte.\xc2\xa0\xc2\xbb SUITE");
    assert_memory_equal(g + cut.next, "Puis", 4);

    /* A question mark ends a sentence (82 >= half of the word cut). */
    const char *q = "Vous cherchez la piscine municipale ou la patinoire de la communaute de "
                    "communes ? Elles sont rue des Lilas, au bout du parc, apres le gymnase et le "
                    "terrain de football.";
    fit_ok(q, 1, " SUITE", &msg, &cut);
    assert_false(cut.mid_sentence);
    assert_int_equal(cut.head, 82);
    assert_memory_equal(q + cut.next, "Elles", 5);

    /* So does a line break (head 85, blanks before it trimmed). */
    const char *l = "Horaires de la mediatheque, rue Victor Hugo, pour les vacances scolaires de "
                    "printemps \n"
                    "mardi et jeudi de 14 h a 18 h, mercredi et samedi de 10 h a 12 h et de 14 h a 18 h";
    fit_ok(l, 1, " SUITE", &msg, &cut);
    assert_false(cut.mid_sentence);
    assert_int_equal(cut.head, 85);
    assert_int_equal(cut.next, 87);
    assert_string_equal(buf_str(&msg) + 85, " SUITE");

    /* "M.", "av." and "ville.fr" end no sentence: with none before the
     * limit, the cut is at a word. */
    const char *a = "Pour une demande de logement social, adressez-vous au service habitat et "
                    "prenez rendez-vous avec M. Martin au 12 av. Foch, ou ecrivez a "
                    "habitat@ville.fr pour recevoir le dossier complet.";
    fit_ok(a, 1, " SUITE", &msg, &cut);
    assert_true(cut.mid_sentence);
    assert_string_equal(buf_str(&msg),
                        "Pour une demande de logement social, adressez-vous au service habitat et "
                        "prenez rendez-vous avec M. Martin au 12 av. Foch, ou ecrivez a... SUITE");
    buf_free(&msg);
}

static void test_fit_words(void **state)
{
    (void)state;
    struct buf msg;
    struct sms_cut cut;
    buf_init(&msg, 4096);
    /* "Oui." then one long sentence: cutting after "Oui." would waste the
     * message (4 < half of the word cut), so we cut at a word. */
    const char *t = "Oui. Vous pouvez deposer vos encombrants a la dechetterie du chemin des "
                    "Vignes le mardi, le jeudi et le samedi matin, avec un justificatif de "
                    "domicile et votre carte d'acces, dans la limite de deux metres cubes";
    fit_ok(t, 1, " SUITE", &msg, &cut);
    assert_true(cut.more);
    assert_true(cut.mid_sentence);
    /* 160 - 6 (suffix) - 3 (mark) = 151: the last blank at or before 151
     * follows "domicile" (150). */
    assert_string_equal(buf_str(&msg),
                        "Oui. Vous pouvez deposer vos encombrants a la dechetterie du chemin des "
                        "Vignes le mardi, le jeudi et le samedi matin, avec un justificatif de "
                        "domicile... SUITE");
    assert_int_equal(cut.head, 150);
    assert_int_equal(cut.next, 151);
    assert_memory_equal(t + cut.next, "et votre", 8);

    /* A dangling comma is dropped before the mark. */
    const char *c = "Apportez: le livret de famille, la carte d'identite de chacun des parents, "
                    "le justificatif de domicile de moins de trois mois, "
                    "anticonstitutionnellement et le formulaire signe";
    fit_ok(c, 1, " SUITE", &msg, &cut);
    assert_true(cut.mid_sentence);
    assert_string_equal(buf_str(&msg),
                        "Apportez: le livret de famille, la carte d'identite de chacun des parents, "
                        "le justificatif de domicile de moins de trois mois... SUITE");
    assert_int_equal(cut.head, 125);
    assert_int_equal(cut.next, 127);
    buf_free(&msg);
}

/* A list as answer/compose.c writes it ("Lead : a ; b ; c.") is one
 * sentence: it is cut after the last item that fits, the ';' kept. */
static void test_fit_list_items(void **state)
{
    (void)state;
    struct buf msg;
    struct sms_cut cut;
    buf_init(&msg, 4096);
    const char *t = "Pieces a fournir : le livret de famille ; un justificatif de domicile de "
                    "moins de trois mois ; la carte d'identite de chaque parent ; le carnet de "
                    "sante de l'enfant avec les vaccinations a jour.";
    fit_ok(t, 1, " SUITE", &msg, &cut);
    assert_true(cut.more);
    assert_false(cut.mid_sentence);
    assert_string_equal(buf_str(&msg),
                        "Pieces a fournir : le livret de famille ; un justificatif de domicile de "
                        "moins de trois mois ; la carte d'identite de chaque parent ; SUITE");
    assert_memory_equal(t + cut.next, "le carnet", 9);

    /* The later of a sentence end and an item end wins. */
    const char *s = "Pieces : le livret de famille ; la carte d'identite de chaque parent ; le "
                    "carnet de sante. Puis prenez rendez-vous en ligne sur le site de la ville, "
                    "rubrique etat civil.";
    fit_ok(s, 1, " SUITE", &msg, &cut);
    assert_false(cut.mid_sentence);
    assert_string_equal(buf_str(&msg), "Pieces : le livret de famille ; la carte d'identite de "
                                       "chaque parent ; le carnet de sante. SUITE");
    const char *i = "Sur rendez-vous. Pieces : le livret de famille ; la carte d'identite de "
                    "chaque parent ; le carnet de sante de l'enfant ; un justificatif de domicile "
                    "de moins de trois mois.";
    fit_ok(i, 1, " SUITE", &msg, &cut);
    assert_false(cut.mid_sentence);
    assert_string_equal(buf_str(&msg), "Sur rendez-vous. Pieces : le livret de famille ; la carte "
                                       "d'identite de chaque parent ; le carnet de sante de "
                                       "l'enfant ; SUITE");

    /* An item end too early (less than half of a word cut): at a word. */
    const char *w = "A ; la carte d'identite de chaque parent et le livret de famille, avec un "
                    "justificatif de domicile de moins de trois mois et le carnet de sante "
                    "de l'enfant, a jour de ses vaccinations";
    fit_ok(w, 1, " SUITE", &msg, &cut);
    assert_true(cut.more);
    assert_true(cut.mid_sentence);
    /* ';' not followed by a blank ends no item ("a;b", "&amp;"). */
    const char *n = rep("Codes : ", "ab;", 60, " fin du texte");
    fit_ok(n, 1, " SUITE", &msg, &cut);
    assert_true(cut.more);
    assert_true(cut.mid_sentence);
    buf_free(&msg);
}

/* sms_fit_cut: the suffix (with the page address) is always sent. */
static void test_fit_cut(void **state)
{
    (void)state;
    struct buf msg;
    struct sms_cut cut;
    buf_init(&msg, 4096);
    char t[256];
    snprintf(t, sizeof t, "%s %s", S1, S3);   /* 109: fits alone */
    const char *sfx = " SUITE https://www.villebrune.example/mairie/horaires-d-ouverture";
    assert_int_equal(sms_fit_cut(t, strlen(t), 1, sfx, &msg, &cut, NULL), GC_OK);
    assert_true(cut.more);
    assert_false(cut.mid_sentence);
    char want[256];
    snprintf(want, sizeof want, "%s%s", S1, sfx);
    assert_string_equal(buf_str(&msg), want);
    assert_int_equal(cut.count.parts, 1);
    assert_memory_equal(t + cut.next, "Fermee", 6);
    /* When text and suffix fit together: all of it, with the suffix. */
    buf_reset(&msg);
    assert_int_equal(sms_fit_cut(S3, strlen(S3), 1, sfx, &msg, &cut, NULL), GC_OK);
    assert_true(cut.more);
    assert_int_equal(cut.next, strlen(S3));
    snprintf(want, sizeof want, "%s%s", S3, sfx);
    assert_string_equal(buf_str(&msg), want);
    buf_free(&msg);
}

static void test_fit_hard_cut(void **state)
{
    (void)state;
    struct buf msg;
    struct sms_cut cut;
    buf_init(&msg, 4096);
    /* No blank at all: cut between characters, 160 - 6 - 3 = 151. */
    const char *t = rep("", "a", 400, "");
    fit_ok(t, 1, " SUITE", &msg, &cut);
    assert_true(cut.mid_sentence);
    assert_int_equal(cut.head, 151);
    assert_int_equal(cut.next, 151);
    assert_int_equal(msg.len, 160);
    assert_string_equal(buf_str(&msg) + 151, "... SUITE");
    /* The cut never splits an escape: 150 a + € … leaves € for the rest. */
    char buf[512];
    memset(buf, 'a', 150);
    for (int i = 0; i < 50; i++)
        memcpy(buf + 150 + 3 * i, "\xe2\x82\xac", 3);
    buf[300] = '\0';
    fit_ok(buf, 1, " SUITE", &msg, &cut);
    assert_int_equal(cut.head, 150);   /* 150 + 2 + 3 + 6 = 161 > 160 */
    assert_int_equal(cut.count.units, 159);
    buf_free(&msg);
}

static void test_fit_suite_loop(void **state)
{
    (void)state;
    /* Send a long UCS-2 / GSM-7 mix part after part: every message fits,
     * each one moves forward, and the heads rebuild the text. */
    struct buf text, msg, rebuilt;
    buf_init(&text, 8192);
    buf_init(&msg, 4096);
    buf_init(&rebuilt, 8192);
    for (int i = 0; i < 30; i++)
        buf_printf(&text, "Phrase %d : le tarif est de %d \xe2\x82\xac [r\xc3\xa9" "duit]%s ", i,
                   i * 3, i % 7 == 6 ? " \xf0\x9f\x98\x80" : "");
    size_t off = 0;
    int messages = 0;
    while (off < text.len) {
        struct sms_cut cut;
        buf_reset(&msg);
        assert_int_equal(sms_fit(text.data + off, text.len - off, 2, SUFFIX, &msg, &cut, NULL),
                         GC_OK);
        assert_true(cut.count.parts <= 2);
        assert_true(cut.next > 0);
        buf_add(&rebuilt, text.data + off, cut.head);
        buf_addc(&rebuilt, ' ');
        off += cut.next;
        messages++;
        assert_true(messages < 100);
    }
    assert_true(messages > 3);
    assert_string_equal(buf_str(&rebuilt), buf_str(&text));
    buf_free(&text);
    buf_free(&msg);
    buf_free(&rebuilt);
}

static void test_fit_errors(void **state)
{
    (void)state;
    struct buf msg;
    struct sms_cut cut = {0};
    struct gc_err e;
    const char *t = rep("", "a", 400, "");
    buf_init(&msg, 4096);
    buf_adds(&msg, "keep");
    assert_int_equal(sms_fit(t, 400, 0, SUFFIX, &msg, &cut, &e), GC_ERR_INVALID);
    assert_int_equal(sms_fit(t, 400, GC_SMS_PARTS_MAX + 1, SUFFIX, &msg, &cut, &e),
                     GC_ERR_INVALID);
    /* A suffix of 160 characters leaves no room in one part. */
    char suffix[200];
    memset(suffix, 's', 160);
    suffix[160] = '\0';
    assert_int_equal(sms_fit(t, 400, 1, suffix, &msg, &cut, &e), GC_ERR_INVALID);
    assert_non_null(strstr(e.msg, "no room"));
    /* 159 leave one character. */
    suffix[159] = '\0';
    buf_reset(&msg);
    assert_int_equal(sms_fit(t, 400, 1, suffix, &msg, &cut, &e), GC_OK);
    assert_int_equal(cut.head, 1);
    assert_int_equal(msg.len, 160);
    buf_reset(&msg);
    buf_adds(&msg, "keep");
    assert_int_equal(sms_fit("a\xc3", 2, 1, NULL, &msg, &cut, &e), GC_ERR_INVALID);
    assert_int_equal(sms_fit("abc", 3, 1, "\xff", &msg, &cut, &e), GC_ERR_INVALID);
    /* A message buffer too small. */
    struct buf tiny;
    buf_init(&tiny, 10);
    assert_int_equal(sms_fit(t, 400, 1, SUFFIX, &tiny, &cut, &e), GC_ERR_TOOBIG);
    assert_int_equal(tiny.len, 0);
    buf_free(&tiny);
    assert_string_equal(buf_str(&msg), "keep");
    /* NULL suffix: the cut is just a cut. */
    buf_reset(&msg);
    assert_int_equal(sms_fit(t, 400, 1, NULL, &msg, &cut, &e), GC_OK);
    assert_int_equal(cut.head, 157);   /* 160 - 3 for the mark */
    buf_free(&msg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gsm7_width),
        cmocka_unit_test(test_count_gsm7),
        cmocka_unit_test(test_count_escape),
        cmocka_unit_test(test_count_ucs2),
        cmocka_unit_test(test_count_emoji),
        cmocka_unit_test(test_count_errors),
        cmocka_unit_test(test_transliterate),
        cmocka_unit_test(test_transliterate_answer),
        cmocka_unit_test(test_fit_whole),
        cmocka_unit_test(test_fit_sentences),
        cmocka_unit_test(test_fit_sentence_marks),
        cmocka_unit_test(test_fit_words),
        cmocka_unit_test(test_fit_list_items),
        cmocka_unit_test(test_fit_cut),
        cmocka_unit_test(test_fit_hard_cut),
        cmocka_unit_test(test_fit_suite_loop),
        cmocka_unit_test(test_fit_errors),
    };
    return cmocka_run_group_tests_name("sms_text", tests, NULL, NULL);
}
