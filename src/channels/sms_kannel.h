/* sms_kannel.h — GET and POST /sms/kannel: Kannel's sms-service contract.
 *
 * Kannel (https://www.kannel.org/, Debian packages kannel, kannel-extras)
 * receives an SMS from the operator (bearerbox), and its smsbox calls the
 * URL of an `sms-service` group; the body of our HTTP reply is the SMS it
 * sends back (docs/kannel.conf, docs/sms.md).  Two forms, both accepted:
 *
 *   get-url  = "https://HOST/sms/kannel?secret=S&from=%p&to=%P&text=%A&coding=%c&smsc=%i"
 *              The text is url-encoded in the query string.  Kannel 1.4.5 gives
 *              7-bit (coding=0) messages as UTF-8, UCS-2 (coding=2) messages
 *              as UTF-16BE bytes, and 8-bit (coding=1) messages as raw data.
 *              %A passes the message whole; %a passes its words joined by
 *              '+', which loses blanks and, in UTF-16, can drop a byte (a
 *              0x20 byte next to another blank byte, as in " €"): prefer %A.
 *   post-url = "https://HOST/sms/kannel?secret=S" with send-sender = true
 *              The text is the body; Content-Type says its charset
 *              ("UTF-8", "UTF-16BE", or application/octet-stream for 8-bit
 *              data); X-Kannel-From, X-Kannel-To, X-Kannel-SMSC and
 *              X-Kannel-Coding carry the rest.
 *   An optional charset=%C in the query overrides the coding (UTF-8,
 *   UTF-16BE / UCS-2, ISO-8859-1).
 *
 * The reply is 200 text/plain; charset=utf-8, empty for silence (configure
 * omit-empty = true, or Kannel sends "<Empty reply from service provider>").
 * A reply that must stay UCS-2 (a character GSM-7 lacks) carries
 * X-Kannel-Coding: 2 (honoured with accept-x-kannel-headers = true).
 *
 * Access: the route exists only when the "kannel-secret" setting is set (else
 * 404); `secret` must equal it (constant-time compare) or the answer is 403.
 * Malformed requests get a 4xx; a message we cannot read from a known
 * sender gets a polite SMS instead (sms_session). */
#ifndef GC_CHANNELS_SMS_KANNEL_H
#define GC_CHANNELS_SMS_KANNEL_H

#include <stddef.h>

#include "channels/http_server.h"
#include "channels/sms_session.h"
#include "util/buf.h"

struct sms_kannel;

/* The gateway bound to a session (which must outlive it); secret must not
 * be empty. */
struct sms_kannel *sms_kannel_new(struct sms_session *s, const char *secret);
void sms_kannel_free(struct sms_kannel *k);   /* accepts NULL */

/* Register GET and POST /sms/kannel on srv. */
enum gc_rc sms_kannel_routes(struct sms_kannel *k, struct http_server *srv);

/* The handler, exposed for tests. */
void sms_kannel_handle(void *kannel, const struct http_request *rq, struct http_response *rs);

/* Turn the text Kannel sent (raw[0..len)) into UTF-8 appended to out, from
 * the charset when given (NULL or "" when not), else from the coding
 * ("0" or "" = UTF-8, "1" = binary, "2" = UTF-16BE).  Returns SMS_IN_OK or
 * the problem found; out is left as it was unless SMS_IN_OK. */
enum sms_problem sms_kannel_decode(const char *raw, size_t len, const char *coding,
                                   const char *charset, struct buf *out);

#endif
