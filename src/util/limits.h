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
#define GC_PASSAGE_SENTENCES_MAX 48         /* sentences of a passage an answer may take from */
#define GC_ANSWER_MAX_BYTES     1200
#define GC_SOURCES_MAX          3
#define GC_CONFIG_FILE_MAX      (256 * 1024)
#define GC_TOWN_NAME_MAX        64          /* bytes of the town-name setting (in the SMS disclosure) */
#define GC_SMS_MAX_BYTES        (2 * 1024)      /* bytes of an incoming SMS (also sms_fr_normalize) */
#define GC_SMS_TEXT_MAX_BYTES   (16 * 1024)     /* bytes of a text counted or cut for SMS (an answer) */
#define GC_SMS_PARTS_MAX        10          /* parts sms_fit() may use (setting sms-max-parts) */
#define GC_SMS_TRACKED_MAX      4096        /* numbers whose hourly count is kept in memory */
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

/* Conversations (answer/conversation.c): recent topics kept in memory for
 * follow-up questions ("et le samedi ?"). */
#define GC_CONVERSATIONS_MAX    8192        /* conversations remembered (LRU beyond): 2 MB */
#define GC_CONVERSATION_TTL_S   (30 * 60)   /* a topic is forgotten after this idle time */
#define GC_TOPIC_MAX_BYTES      160         /* content words of a topic */

/* Exchanges stored for the town (store/messages.c). */
#define GC_MESSAGES_QUEUE_MAX   32768       /* records waiting for the writer; more are dropped */
#define GC_MESSAGES_QUEUE_BYTES (8 * 1024 * 1024) /* ... and their bytes (~1 KB each): the
                                                      server's memory under overload */
#define GC_MESSAGES_BATCH_MAX   4096        /* records written in one transaction */
#define GC_MESSAGES_HELP_BATCH  64          /* records a worker writes after an answer (messages_help) */
#define GC_FEEDBACK_COMMENT_MAX 1000        /* characters of a feedback comment */
#define GC_FEEDBACK_WAIT_MS     3000        /* a feedback request waits this long for the writer */
#define GC_FEEDBACK_TOKEN_LEN   22          /* characters of a feedback token (channels/fbtoken.h) */

/* Web page (channels/web.c): form bodies (application/x-www-form-urlencoded). */
#define GC_FORM_FIELDS_MAX      8           /* fields read from one form; more are an error */
#define GC_WIDGET_ORIGINS_MAX   16          /* origins in the widget-origins setting */
#define GC_ORIGIN_MAX           256         /* bytes of one origin ("https://host:port") */

/* HTTP server (channels/http_server.c).  Request headers are held in
 * libmicrohttpd's per-connection memory pool (headers that do not fit get the
 * library's own 431); the server answers 431 past GC_HTTP_HEADER_MAX. */
#define GC_HTTP_CONN_MEMORY     (GC_HTTP_HEADER_MAX * 2)   /* bytes of one connection's pool */
#define GC_HTTP_CONN_MAX        4096        /* open connections in all (max-connections) */
#define GC_HTTP_CONN_PER_IP_MAX 128         /* ... from one address (max-connections-per-address) */
#define GC_HTTP_IDLE_TIMEOUT_S  30          /* an idle (keep-alive) connection is closed (idle-timeout) */
#define GC_HTTP_REQUEST_TIMEOUT_S 15        /* a request's headers and body come within (request-timeout) */
#define GC_HTTP_QUERY_PARAMS_MAX 64         /* parameters in a query string; more: 414 */
#define GC_HTTP_REAP_MS         250         /* how often deadlines are checked */
#define GC_STOP_MAX_MS          9500        /* SIGTERM: the process is gone within this */
#define GC_HTTP_THREADS_MAX     64          /* worker threads of the server */
#define GC_HTTP_BACKLOG         1024        /* listen(2) queue */
#define GC_HTTP_SHUTDOWN_MS     5000        /* requests in flight get this long to finish */
#define GC_HTTP_ROUTES_MAX      64
#define GC_HTTP_BODY_KEEP       (4 * 1024)  /* a connection keeps a body buffer up to this */
#define GC_ACCESS_LOG_BUF       (16 * 1024) /* access log bytes buffered per worker thread */
#define GC_ACCESS_LOG_FLUSH_MS  1000        /* ... written out at least this often */

/* Per-address rate limiter (channels/ratelimit.c): shards x slots addresses
 * are remembered; beyond that the least indebted one is forgotten. */
#define GC_RATE_SHARDS          64
#define GC_RATE_SLOTS           1024        /* per shard: 64 x 1024 = 65,536 addresses */

/* Opening hours (knowledge/hours.c, knowledge/hours_fr.c). */
#define GC_HOURS_EXPR_MAX       1024        /* bytes of an opening_hours value */
#define GC_HOURS_RULES_MAX      64          /* rules (separated by ; , ||) in a value */
#define GC_HOURS_SPANS_MAX      64          /* time spans (10:00-12:00) in a whole value */
#define GC_HOURS_LIST_MAX       16          /* items of one selector list (Mo,We,Fr...) */
#define GC_HOURS_CLOSURES_MAX   256         /* exceptional closures added to one value */
#define GC_HOURS_NEXT_DAYS_MAX  800         /* day schedules examined by hours_next_change */
#define GC_HOURS_NEXT_WORK_MAX  50000       /* selector tests it may spend looking ahead */
#define GC_HOURS_FR_TEXT_MAX    2048        /* bytes of a French text read by hours_fr */

/* Language data files (text/langdata.c, data/fr/) and a town's word files
 * (import/town.c): every file, line and field has a cap. */
#define GC_LANGDATA_FILE_MAX    (1024 * 1024)   /* bytes of one file */
#define GC_LANGDATA_LINE_MAX    1024        /* bytes of one line */
#define GC_LANGDATA_FIELD_MAX   255         /* bytes of one field (a word, a phrase) */
#define GC_LANGDATA_ENTRIES_MAX 20000       /* entries (lines) of one file */
#define GC_LANGDATA_PHRASES_MAX 256         /* phrases of a list searched in one pass (understand.h) */

/* Backups (store/backup.c). */
#define GC_BACKUP_FILES_MAX     8           /* databases and keys of one instance */
#define GC_BACKUP_MANIFEST_MAX  (256 * 1024) /* bytes of a backup's MANIFEST.json */
#define GC_BACKUP_KEY_MAX       (64 * 1024) /* bytes of a key file copied with the databases */
#define GC_BACKUP_TABLES_MAX    64          /* tables counted in the manifest per database */
/* The back office (src/admin/, docs/admin.md). */
#define GC_LOGIN_MAX            64          /* bytes of an account's login */
#define GC_PASSWORD_MIN_CHARS   12          /* characters of a password, at least */
#define GC_PASSWORD_MAX_BYTES   256         /* bytes of a password, at most */
#define GC_USER_SERVICES_MAX    16          /* services of one account */
#define GC_SERVICE_NAME_MAX     128         /* bytes of a service's name */
#define GC_ADMIN_FAILURES_MAX   10          /* wrong passwords for one login from one address... */
#define GC_ADMIN_LOCKOUT_S      900         /* ... then 429 for this long */
#define GC_ADMIN_THROTTLE_SLOTS 4096        /* (login, address) pairs whose failures are counted */
#define GC_ADMIN_QUEUE_MAX      32          /* requests waiting for the back office's thread */
#define GC_ADMIN_PAGE_MAX       (4 * 1024 * 1024)   /* bytes of a rendered back-office page */
#define GC_ALT_QUESTION_MAX_BYTES 600       /* bytes of one alternate question of a page */
#define GC_ALT_QUESTIONS_MAX    64          /* alternate questions of one page (front matter) */
#define GC_QLOOP_ROWS_MAX       200000      /* exchanges the questions loop reads at once */
#define GC_QLOOP_EXAMPLES_MAX   5           /* wordings shown (and attached) per group */
#define GC_QLOOP_GROUPS_SHOWN   200         /* groups listed on one page */
#define GC_POINTER_MAX          500         /* bytes of an out-of-scope pointer */
#define GC_POINTERS_MAX         4096        /* out-of-scope marks loaded for refusals */
#define GC_REPORT_DAYS_MAX      3660        /* days of one report */
#define GC_AUDIT_PAGE_ROWS      100         /* audit rows per page */

#endif
/* Differences between two versions of a page (util/linediff.c, the back office). */
#define GC_DIFF_LINES_MAX       20000       /* lines of one text compared; more: GC_ERR_TOOBIG */
#define GC_DIFF_CELLS_MAX       (4 * 1024 * 1024)  /* LCS table cells; past it the differing
                                                       middle is shown removed, then added */
#define GC_WITHDRAW_REASON_MAX  500         /* bytes of the reason a page is withdrawn (back office) */
#define GC_ADMIN_PAGE_BODY_MAX  (256 * 1024) /* bytes of a page's text edited in the back office */
#define GC_ADMIN_FORM_FIELDS_MAX 16         /* fields of one back-office form (a new page has 10) */
#define GC_HTTP_BODY_BIG_MAX    (3 * GC_ADMIN_PAGE_BODY_MAX + 16 * 1024) /* a request body on an
                                     HTTP_ROUTE_BIG route (the editor's form: its text
                                     percent-encoded, 3 bytes a byte at worst); others keep
                                     GC_HTTP_BODY_MAX */
