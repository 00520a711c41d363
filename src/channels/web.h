/* web.h — the public web page, rendered on the server.
 *
 * Routes (all HTML, French, lang="fr"):
 *   GET  /              the assistant: AI disclosure, question form
 *   POST /              the form, without JavaScript (or /demander): the page
 *                       with the question and its answer (sources, validation
 *                       dates, feedback buttons) and the form again, carrying
 *                       the conversation id in a hidden field (no cookie)
 *   POST /retour        feedback form without JavaScript (useful, comment)
 *   GET  /transparence  what the assistant is, from the live configuration
 *                       and data (pages by department, model, retention...)
 * With JavaScript, web/app.js enhances the same page and talks to the JSON
 * API instead (channels/api.h); web/widget.js is the embeddable panel
 * (docs/widget.md).
 *
 * Pages contain no inline script or style (the server's CSP forbids both);
 * every text that comes from a resident, a page or the settings is escaped
 * (channels/html.h).  Forms are capped like any body (GC_HTTP_BODY_MAX, and
 * GC_FORM_FIELDS_MAX fields) and rate limited per address; the server's own
 * errors on these routes (429, 413, 415...) are rendered as polite HTML
 * pages by web_error_page(). */
#ifndef GC_CHANNELS_WEB_H
#define GC_CHANNELS_WEB_H

#include "channels/api.h"
#include "channels/http_server.h"
#include "util/config.h"

struct web;

/* The page bound to an API (pipeline and recorder) and the settings; both
 * must outlive it. */
struct web *web_new(struct api *api, const struct config *cfg);
void web_free(struct web *w);   /* accepts NULL */

/* Register the page's routes and its error pages on s. */
enum gc_rc web_routes(struct web *w, struct http_server *s);

/* Handlers, exposed for tests (plain functions of a request). */
void web_handle_home(void *w, const struct http_request *rq, struct http_response *rs);
void web_handle_ask(void *w, const struct http_request *rq, struct http_response *rs);
void web_handle_feedback(void *w, const struct http_request *rq, struct http_response *rs);
void web_handle_transparence(void *w, const struct http_request *rq, struct http_response *rs);
void web_error_page(void *w, int status, unsigned retry_after, struct http_response *rs);

#endif
