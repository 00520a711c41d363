/* sms_twilio.h — POST /sms/twilio: Twilio's incoming-message webhook (and
 * any gateway that copies it), answered in TwiML.
 *
 * Request: application/x-www-form-urlencoded with From, To, Body,
 * MessageSid and whatever else Twilio adds (every field is tolerated, and
 * every field counts in the signature).
 *
 * Signature (https://www.twilio.com/docs/usage/webhooks/webhooks-security):
 * X-Twilio-Signature = base64(HMAC-SHA1(auth token, URL + name1 + value1 +
 * name2 + value2 ...)), where URL is the full URL Twilio called, query
 * string included, and the POST fields are sorted by name (byte order, then
 * by value for a repeated name; identical pairs count once, as Twilio's own
 * validators do).  Behind a reverse proxy Guichet cannot see that URL, so it
 * is rebuilt from the "public-url" setting (scheme, host and any path
 * prefix, e.g. "https://guichet.ville.fr") + the request path + "?" and the
 * query string as received.  A missing or wrong signature is a 403.
 *
 * Reply: 200 text/xml, <Response><Message>text</Message></Response>, or an
 * empty <Response/> for silence.
 *
 * The route exists only when both "twilio-token" and "public-url" are set. */
#ifndef GC_CHANNELS_SMS_TWILIO_H
#define GC_CHANNELS_SMS_TWILIO_H

#include <stdbool.h>
#include <stddef.h>

#include "channels/form.h"
#include "channels/http_server.h"
#include "channels/sms_session.h"
#include "util/buf.h"

#define SMS_TWILIO_SIG_LEN 28   /* base64 characters of a HMAC-SHA1 */

struct sms_twilio;

/* The webhook bound to a session (which must outlive it); token and
 * public_url must not be empty. */
struct sms_twilio *sms_twilio_new(struct sms_session *s, const char *token,
                                  const char *public_url);
void sms_twilio_free(struct sms_twilio *t);   /* accepts NULL */

/* Register POST /sms/twilio on srv. */
enum gc_rc sms_twilio_routes(struct sms_twilio *t, struct http_server *srv);

/* The handler, exposed for tests. */
void sms_twilio_handle(void *twilio, const struct http_request *rq, struct http_response *rs);

/* The signature Twilio computes for url and params: SMS_TWILIO_SIG_LEN
 * base64 characters and a NUL in out.  GC_ERR_TOOBIG when url and params
 * are over GC_HTTP_BODY_MAX + GC_HTTP_HEADER_MAX + GC_URL_MAX bytes. */
enum gc_rc sms_twilio_signature(const char *token, const char *url, const struct form *params,
                                char out[SMS_TWILIO_SIG_LEN + 1]);

/* Does header (the X-Twilio-Signature value, may be NULL) match?  Constant
 * time in the content of the header. */
bool sms_twilio_verify(const char *token, const char *url, const struct form *params,
                       const char *header);

/* Append the TwiML reply for text[0..len) (UTF-8) to out: a <Message> with
 * the text XML-escaped (characters XML 1.0 forbids are dropped), or an
 * empty <Response/> when len is 0. */
enum gc_rc sms_twilio_twiml(const char *text, size_t len, struct buf *out);

#endif
