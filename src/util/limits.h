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
#define GC_SMS_TRACKED_MAX      4096        /* numbers whose hourly count is kept in memory */
#define GC_CONVERSATION_ID_MAX  64

/* HTTP server (channels/http_server.c).  Request headers are held in
 * libmicrohttpd's per-connection memory pool (headers that do not fit get the
 * library's own 431); the server answers 431 past GC_HTTP_HEADER_MAX. */
#define GC_HTTP_CONN_MEMORY     (GC_HTTP_HEADER_MAX * 2)   /* bytes of one connection's pool */
#define GC_HTTP_CONN_MAX        4096        /* open connections in all */
#define GC_HTTP_CONN_PER_IP_MAX 256         /* open connections from one address */
#define GC_HTTP_IDLE_TIMEOUT_S  30          /* an idle (keep-alive) connection is closed */
#define GC_HTTP_THREADS_MAX     64          /* worker threads of the server */
#define GC_HTTP_BACKLOG         1024        /* listen(2) queue */
#define GC_HTTP_SHUTDOWN_MS     5000        /* requests in flight get this long to finish */
#define GC_HTTP_ROUTES_MAX      64
#define GC_HTTP_BODY_KEEP       (4 * 1024)  /* a connection keeps a body buffer up to this */

/* Per-address rate limiter (channels/ratelimit.c): shards x slots addresses
 * are remembered; beyond that the least indebted one is forgotten. */
#define GC_RATE_SHARDS          64
#define GC_RATE_SLOTS           1024        /* per shard: 64 x 1024 = 65,536 addresses */

#endif
