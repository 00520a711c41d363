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
#define GC_SMS_MAX_BYTES        (2 * 1024)
#define GC_CONVERSATION_ID_MAX  64

/* Opening hours (knowledge/hours.c, knowledge/hours_fr.c). */
#define GC_HOURS_EXPR_MAX       1024        /* bytes of an opening_hours value */
#define GC_HOURS_RULES_MAX      64          /* rules (separated by ; , ||) in a value */
#define GC_HOURS_SPANS_MAX      64          /* time spans (10:00-12:00) in a whole value */
#define GC_HOURS_LIST_MAX       16          /* items of one selector list (Mo,We,Fr...) */
#define GC_HOURS_CLOSURES_MAX   256         /* exceptional closures added to one value */
#define GC_HOURS_NEXT_DAYS_MAX  800         /* day schedules examined by hours_next_change */
#define GC_HOURS_NEXT_WORK_MAX  50000       /* selector tests it may spend looking ahead */
#define GC_HOURS_FR_TEXT_MAX    2048        /* bytes of a French text read by hours_fr */

#endif
