/* limits.h — every hard cap on input, in one place (STYLE.md habit 7).
 * Change a cap here and in docs/configuration.md in the same commit. */
#ifndef GC_UTIL_LIMITS_H
#define GC_UTIL_LIMITS_H

#define GC_QUESTION_MAX_CHARS   500        /* characters (code points) of a question */
#define GC_QUESTION_MAX_BYTES   (GC_QUESTION_MAX_CHARS * 4)
#define GC_HTTP_BODY_MAX        (16 * 1024)     /* bytes of a request body */
#define GC_HTTP_HEADER_MAX      (8 * 1024)      /* bytes of request headers */
#define GC_JSON_DEPTH_MAX       16
#define GC_IMPORT_FILE_MAX      (8 * 1024 * 1024)   /* bytes of one imported file */
#define GC_IMPORT_LINE_MAX      (1024 * 1024)       /* bytes of one JSONL line */
#define GC_PAGE_TEXT_MAX        (1024 * 1024)       /* bytes of one page's text */
#define GC_FRONT_MATTER_MAX     (16 * 1024)
#define GC_TITLE_MAX            300
#define GC_URL_MAX              2048
#define GC_QUERY_TERMS_MAX      64          /* distinct terms used from a question */
#define GC_RESULTS_MAX          50          /* passages ranked per question */
#define GC_ANSWER_SENTENCES_MAX 3
#define GC_ANSWER_MAX_BYTES     1200
#define GC_SOURCES_MAX          3
#define GC_CONFIG_FILE_MAX      (256 * 1024)
#define GC_SMS_MAX_BYTES        (2 * 1024)      /* bytes of an incoming SMS (also sms_fr_normalize) */
#define GC_SMS_TEXT_MAX_BYTES   (16 * 1024)     /* bytes of a text counted or cut for SMS (an answer) */
#define GC_SMS_PARTS_MAX        10          /* parts sms_fit() may use (setting sms-max-parts) */
#define GC_CONVERSATION_ID_MAX  64
#define GC_LLM_RESPONSE_MAX     (256 * 1024)    /* bytes of a model server's response body */
#define GC_LLM_SSE_LINE_MAX     (64 * 1024)     /* bytes of one line of a model's event stream */
#define GC_LLM_ANSWER_MAX       (8 * 1024)      /* bytes of generated text kept from a model */
#define GC_LLM_KEY_MAX          4096            /* bytes of an API key file */
#define GC_LLM_CONNECT_MS       1000            /* connect timeout to a model server */
#define GC_ANSWER_BUDGET_MS     2000            /* an answer (model or fallback) within this */
#define GC_ANSWER_MARGIN_MS     150             /* of the budget kept for verifying and sending */
#define GC_BACKENDS_MAX         16              /* named model backends */
#define GC_BACKEND_NAME_MAX     48
#define GC_MODEL_NAME_MAX       96
#define GC_REASON_MAX           96              /* bytes of a fallback reason */

#endif
