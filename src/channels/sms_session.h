/* sms_session.h — a conversation by SMS, whatever the gateway (Kannel,
 * Twilio): who is texting (as a pseudonym), keywords, answers cut to the
 * parts allowed with the rest kept for SUITE, rate limits, and what is
 * stored.  The gateways (sms_kannel.c, sms_twilio.c) only decode their
 * protocol into a struct sms_inbound and encode the reply.
 *
 * Privacy: a phone number is never stored nor logged.  It is normalised
 * (sms_number_normalize) then turned into a pseudonym, a keyed BLAKE2b MAC
 * (libsodium crypto_generichash with a 32-byte key, 128-bit output) of the
 * number.  The key lives in a file outside the database ("sms-key-file",
 * default: the database path + ".sms-key"), created with mode 0600 from the
 * system's random generator when missing: without it, the pseudonyms in a
 * stolen database cannot be linked back to numbers by trying every number.
 *
 * Keywords (the whole message, any case, accents and punctuation ignored):
 *   AIDE (or HELP, INFO)   what the service does and how to stop it;
 *   STOP (or ARRET)        no further message to that number until START;
 *                          confirmed once;
 *   START                  messages again;
 *   OUBLIER                erase everything stored about the number (its
 *                          sms_numbers row, its conversation and messages)
 *                          and confirm it; the number is then a stranger
 *                          again;
 *   SUITE (or LA SUITE)    the next part of the last answer.
 *
 * The first reply to a number starts with a one-line notice that an
 * automatic assistant answers (sms_numbers.disclosed remembers it).
 *
 * Each question answered is recorded like every channel's exchanges, by
 * the API's recorder (store/messages.h, which scrubs the question), in the
 * number's conversation "sms-<pseudonym>": the answer as the SMS said it
 * (whole, before any SUITE), the one page it cited and the parts the reply
 * took (for the back office's reports).  Keywords and notices are not
 * recorded.
 *
 * Costs: each number may send "sms-rate-per-hour" messages per clock hour
 * (counted in memory: a restart forgets them), and the service answers at
 * most "sms-daily-cap" messages per calendar day (server time) in all,
 * counted in the database (meta key "sms.daily").  Past either limit the
 * sender gets one polite notice, then silence (an empty reply).  STOP and
 * OUBLIER are always carried out, even past a limit (silently then).
 *
 * Threading: sms_session_handle() may be called from any thread; calls are
 * serialised by one mutex.  SMS traffic is small (it is capped per day), so
 * simplicity wins over parallelism here. */
#ifndef GC_CHANNELS_SMS_SESSION_H
#define GC_CHANNELS_SMS_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "answer/pipeline.h"
#include "channels/sms_text.h"
#include "util/buf.h"
#include "util/config.h"
#include "util/err.h"

#define SMS_KEY_LEN 32            /* bytes of the pseudonym key */
#define SMS_PSEUDONYM_HEX 32      /* hex characters of a pseudonym (128 bits) */
#define SMS_NUMBER_MAX 24         /* bytes of a normalised number, NUL included */
#define SMS_REPLY_MAX_BYTES (8 * 1024)   /* a reply as built (10 UCS-2 parts fit) */

/* Appended when an answer is cut (the page address follows it). */
#define SMS_MORE_SUFFIX "\nSUITE pour la suite."

enum sms_keyword {
    SMS_KW_NONE = 0,
    SMS_KW_AIDE,
    SMS_KW_STOP,
    SMS_KW_START,
    SMS_KW_OUBLIER,
    SMS_KW_SUITE,
};

/* Why a gateway could not turn a message into text (the sender still gets a
 * polite reply). */
enum sms_problem {
    SMS_IN_OK = 0,
    SMS_IN_BINARY,      /* 8-bit data (a ringtone, a vCard...), not text */
    SMS_IN_UNREADABLE,  /* invalid UTF-8 or UTF-16, unknown coding or charset */
    SMS_IN_TOOLONG,     /* more than GC_SMS_MAX_BYTES once decoded */
};

struct sms_inbound {
    const char *gateway;   /* "kannel", "twilio": for logs */
    const char *from;      /* the sender's number as the gateway gave it */
    size_t from_len;
    const char *text;      /* UTF-8 (valid when problem is SMS_IN_OK) */
    size_t text_len;
    enum sms_problem problem;
    /* The gateway's id of the message (Twilio's MessageSid, Kannel's %I),
     * NULL or "" when it gave none.  A message whose id was handled before
     * (a replayed request) gets no reply and is counted nowhere. */
    const char *message_id;
};

/* What to send back.  An empty text means: send nothing. */
struct sms_reply {
    struct buf text;       /* UTF-8, capped at SMS_REPLY_MAX_BYTES */
    struct sms_count count;   /* of text as sent (parts, encoding) */
};

void sms_reply_init(struct sms_reply *r);
void sms_reply_free(struct sms_reply *r);   /* accepts a zeroed reply */

struct sms_session;
struct api;

/* Open the exchanges file (store/exchanges.h) read-write (its own
 * connection, for sms_numbers, sms_handled and the daily count), load or create the
 * pseudonym key, read the limits.  Questions are answered by the API's
 * pipeline and recorded by its recorder (channels/api.h; none set: not
 * recorded).  api and cfg must outlive the session.  Errors: GC_ERR_IO (key
 * file: unreadable, wrong size, cannot be created), GC_ERR_DB,
 * GC_ERR_INVALID (a limit out of range, message in e). */
enum gc_rc sms_session_open(struct sms_session **out, struct api *api,
                            const struct config *cfg, struct gc_err *e);
void sms_session_close(struct sms_session *s);   /* accepts NULL */

/* Handle one incoming SMS: fill reply (initialised by the caller; left
 * empty for silence).  Errors: GC_ERR_INVALID when `from` is not a phone
 * number we could answer (message in e, safe to show: it never quotes the
 * number); GC_ERR_DB when the database failed (logged). */
enum gc_rc sms_session_handle(struct sms_session *s, const struct sms_inbound *in,
                              struct sms_reply *reply, struct gc_err *e);

/* --- pure helpers, exposed for the gateways and tests --- */

/* The keyword a whole message is, or SMS_KW_NONE. */
enum sms_keyword sms_keyword_parse(const char *text, size_t len);

/* Normalise a phone number for pseudonymisation: blanks, dots, dashes and
 * brackets dropped; "00" prefix → "+"; a French national number (10 digits
 * starting with 0, not 00) → "+33" and the 9 digits, so that 06 12 34 56 78
 * from one gateway and +33612345678 from another are the same person.
 * Other forms are kept as digits (short codes, foreign numbers without +).
 * out receives at most SMS_NUMBER_MAX bytes.  GC_ERR_INVALID when what is
 * left is not an optional '+' and 3 to 20 digits. */
enum gc_rc sms_number_normalize(const char *in, size_t len, char out[SMS_NUMBER_MAX]);

/* Pseudonym of a normalised number: SMS_PSEUDONYM_HEX lower-case hex
 * characters and a NUL. */
void sms_pseudonym(const unsigned char key[SMS_KEY_LEN], const char *number,
                   char out[SMS_PSEUDONYM_HEX + 1]);

/* Read the SMS_KEY_LEN-byte key at path, or create the file (mode 0600,
 * random bytes, fsync) when it does not exist.  A key file readable by
 * group or others is accepted with a warning in the log.  Errors: GC_ERR_IO
 * (with the reason and the path in e). */
enum gc_rc sms_key_load(const char *path, unsigned char key[SMS_KEY_LEN], struct gc_err *e);

/* Compose the message for text (UTF-8): `prefix` (a line put first, may be
 * NULL), the text, then `url` on its own line (may be NULL or "").  The
 * whole is made GSM-7 when it can be (sms_prepare).  When it fits in
 * max_parts it is sent whole and `rest` stays empty; otherwise the message
 * is cut at a sentence boundary (sms_fit) and ends with SMS_MORE_SUFFIX and
 * the url, and rest receives the text still to send on SUITE.  msg and rest
 * are appended to; count describes msg; *mid_sentence (when not NULL) tells
 * whether no sentence boundary fitted and the cut is inside a sentence.  Errors of sms_fit() and
 * sms_prepare(): GC_ERR_INVALID (bad UTF-8, max_parts out of range),
 * GC_ERR_TOOBIG. */
enum gc_rc sms_compose(const char *prefix, const char *text, size_t len, const char *url,
                       int max_parts, struct buf *msg, struct buf *rest,
                       struct sms_count *count, bool *mid_sentence, struct gc_err *e);

/* What of an answer an SMS says (sms_answer_pick). */
struct sms_pick {
    int source;   /* index in the answer's sources of the page to cite, -1 for none */
    int units;    /* units said; 0 when the answer has none and is said whole */
};

/* Choose what of answer a an SMS says, for sms_compose() with the same
 * prefix and max_parts and the address of a->sources[pick->source].  An SMS
 * is short, so:
 *   - an answer without units (a refusal, a computed or a model's answer)
 *     is said whole, citing its first source;
 *   - otherwise the SMS says the best unit (rank 0) and cites its page, then
 *     adds the next units in the order they were chosen, as long as each
 *     comes from that page and the whole message (prefix, the units in
 *     reading order, the address) still fits in max_parts.
 * When the best unit alone does not fit, it is sent alone and sms_compose()
 * cuts it, the rest going to SUITE.  The units left out are on the web page
 * (the address).  Appends the text to out.  Errors: those of sms_compose();
 * out and pick are unchanged on error. */
enum gc_rc sms_answer_pick(const char *prefix, const struct gc_answer *a, int max_parts,
                           struct buf *out, struct sms_pick *pick, struct gc_err *e);

/* Append the one-line notice that starts the first reply to a number
 * ("Assistant automatique de <town> : ..."). */
enum gc_rc sms_disclosure(const char *town, struct buf *out);

#endif
