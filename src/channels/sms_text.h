/* sms_text.h — composing the text of an SMS: alphabet, length, cutting.
 *
 * Follows 3GPP TS 23.038 (formerly GSM 03.38) for the GSM-7 default alphabet
 * and its extension table, and TS 23.040 for concatenated messages: a single
 * message holds 160 septets (GSM-7) or 70 UTF-16 units (UCS-2); each part of
 * a concatenated message loses 6 bytes to the user data header and holds 153
 * septets or 67 units.  Characters of the extension table (^ { } \ [ ~ ] | €
 * and form feed) are sent as ESC + char, 2 septets, and a character outside
 * the BMP is a UTF-16 surrogate pair, 2 units; neither is ever split between
 * two parts (handsets cannot rebuild them), so parts are packed greedily
 * character by character, as handsets and gateways do.
 *
 * A text is UCS-2 as soon as one of its characters is not in GSM-7, which
 * cuts the room of every part by more than half.  sms_gsm7_transliterate()
 * replaces typographic characters (’ « » – … U+00A0 œ ê ç...) by their
 * nearest GSM-7 form so that a French answer stays GSM-7; sms_prepare()
 * applies it only when it succeeds.  sms_fit() then cuts an answer to the
 * number of parts allowed, at a sentence or list item (else a word) boundary,
 * and appends the "send SUITE for more" suffix.
 *
 * All functions are pure (no global state, thread-safe).  Texts are UTF-8
 * with an explicit length (NUL bytes are characters like any other); invalid
 * UTF-8 is rejected with GC_ERR_INVALID, a text over GC_SMS_TEXT_MAX_BYTES
 * with GC_ERR_TOOBIG.  Functions that write into a struct buf append to it
 * and, on failure, leave it as it was. */
#ifndef GC_CHANNELS_SMS_TEXT_H
#define GC_CHANNELS_SMS_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"

/* Room of one message, in septets (GSM-7) or UTF-16 units (UCS-2). */
#define SMS_GSM7_SINGLE 160
#define SMS_GSM7_PART   153
#define SMS_UCS2_SINGLE 70
#define SMS_UCS2_PART   67

/* Added before the suffix when sms_fit() has to cut inside a sentence. */
#define SMS_CUT_MARK "..."

enum sms_encoding {
    SMS_GSM7 = 0,   /* 7-bit default alphabet (+ extension table) */
    SMS_UCS2 = 1,   /* UTF-16; "UCS-2" is what the standard and gateways call it */
};

struct sms_count {
    enum sms_encoding encoding;
    size_t chars;     /* code points */
    size_t units;     /* septets (GSM-7; escapes count 2) or UTF-16 units (UCS-2) */
    int parts;        /* messages needed; 0 for an empty text */
    size_t per_part;  /* room of each part: 160/70 for one part, 153/67 when concatenated */
    size_t left;      /* units still free in the last part (0 for an empty text) */
};

/* How sms_fit() cut a text. */
struct sms_cut {
    size_t head;        /* bytes of the text sent in this message: text[0..head) */
    size_t next;        /* where the rest starts in text (blanks skipped); len when all was sent */
    bool more;          /* the text was cut: the message ends with the suffix */
    bool mid_sentence;  /* no sentence or list item boundary was good enough:
                           SMS_CUT_MARK was added */
    struct sms_count count;  /* of the whole message as built */
};

/* Septets needed for code point cp in GSM-7: 1 (default alphabet), 2 (extension
 * table, sent after ESC) or 0 (not representable: the text must be UCS-2). */
int sms_gsm7_width(int32_t cp);

/* Count the text as it would be sent: encoding, units, parts.  Never fails on
 * valid UTF-8 up to GC_SMS_TEXT_MAX_BYTES; *out is written only on success. */
enum gc_rc sms_count(const char *utf8, size_t len, struct sms_count *out);

/* Append to out the text with every character outside GSM-7 that has a
 * sensible GSM-7 form replaced by it: typographic quotes → ' or ", dashes and
 * minus → -, … → ..., non-breaking and other spaces → space, œ/Œ → oe/OE,
 * ligatures ﬁ ﬂ → fi fl, accented letters absent from GSM-7 → their base
 * letter (ê → e, ç → c, Â → A...), ° → o, ² → 2...  The text is first put in
 * NFC, so that an e followed by a combining acute becomes the GSM-7 é.
 * Characters with no such form (emoji, Arabic, Chinese...) are kept: the
 * result is then still UCS-2 (see sms_prepare()). */
enum gc_rc sms_gsm7_transliterate(const char *in, size_t len, struct buf *out);

/* Append to out the text to send: its transliteration when that is entirely
 * GSM-7, the text unchanged otherwise (it will be UCS-2 either way, so its
 * accents and typography cost nothing more). */
enum gc_rc sms_prepare(const char *in, size_t len, struct buf *out);

/* Fit text[0..len) into at most max_parts parts (1..GC_SMS_PARTS_MAX).
 *
 * When the whole text (trailing blanks trimmed) fits, it is appended to msg
 * as it is, cut->more is false and cut->next == len.  Otherwise msg receives
 * the longest head that ends at a sentence boundary (. ! ? … or a line break,
 * closing quotes included, not after an abbreviation such as "M." or "av.")
 * or at the end of a list item (after a ';' followed by a blank, the ';'
 * kept: a list of answer/compose.h reads "Pièces : a ; b ; c."), the later
 * of the two, followed by more_suffix (e.g. " Envoyez SUITE pour la suite."), the whole
 * fitting in max_parts.  When that head would be less than half of what a cut
 * at a word boundary allows, or there is no sentence boundary, the head ends
 * at a word boundary instead (a dangling , ; : dash or opening quote is
 * dropped) and SMS_CUT_MARK comes
 * before the suffix; a text without any usable blank is cut between two
 * characters.  Encoding is decided on the message as sent: a UCS-2 suffix
 * makes every message UCS-2.
 *
 * The caller sends the rest on "SUITE" with sms_fit(text + cut->next, len -
 * cut->next, ...); each call sends at least one character, so the loop ends.
 * more_suffix may be NULL (nothing appended).  Errors: GC_ERR_INVALID for bad
 * UTF-8 (text or suffix), max_parts out of range, or a suffix that leaves no
 * room for a single character (message in e); GC_ERR_TOOBIG for a text over
 * GC_SMS_TEXT_MAX_BYTES or when msg's cap is reached.  msg and cut are
 * unchanged on error. */
enum gc_rc sms_fit(const char *text, size_t len, int max_parts, const char *more_suffix,
                   struct buf *msg, struct sms_cut *cut, struct gc_err *e);

/* sms_fit() for a text that must be followed by more_suffix whatever its
 * length (the suffix carries the page address): the text is cut even when
 * it would fit alone, and cut->more is always true.  Should text and suffix
 * fit together, the whole text is sent with the suffix (cut->next == len). */
enum gc_rc sms_fit_cut(const char *text, size_t len, int max_parts, const char *more_suffix,
                       struct buf *msg, struct sms_cut *cut, struct gc_err *e);

#endif
