/* langdata.h — the French words Guichet reads, as versioned data files.
 *
 * General French (stop words, texting forms, verb families, synonyms, the
 * phrases that tell what a question is...) lives in data/fr/ of the source
 * tree, one file per resource (docs/adapting.md lists them); it is read once
 * at start and is immutable afterwards, so any thread may read it.  What is
 * grammar rather than vocabulary (elisions, ordinal suffixes, roman numerals,
 * number words, the date and hours parsers, GSM-7) stays in C: see
 * docs/adapting.md, "What stays in C".
 *
 * A file is UTF-8 text, one entry a line.  Blank lines are skipped; a `#`
 * at the start of a line, or after a blank, starts a comment that runs to the
 * end of the line.  An entry is cut into fields by its resource's format:
 *   LD_SPLIT_LINE   the whole line is one field (a word or a phrase);
 *   LD_SPLIT_BLANK  fields separated by spaces or tabs (a group of words);
 *   LD_SPLIT_TAB    fields separated by one tab (a table).
 * Leading and trailing blanks of a line (and of each field) are dropped; a
 * field in double quotes is taken as written, blanks included (`" car "`),
 * and `""` is an empty field.
 * Every error names the file and the line.
 *
 * Where the files are: the setting `data-dir` (empty = GC_DATADIR, fixed at
 * build time: the source tree's data/ for `make`, /usr/share/guichet for the
 * Debian package); the French files are in its fr/ folder. */
#ifndef GC_TEXT_LANGDATA_H
#define GC_TEXT_LANGDATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/err.h"

/* The resources of data/fr/ (one file each: langdata_file() names it). */
enum ld_res {
    LD_STOPWORDS,        /* stopwords.txt: words of no weight in a search */
    LD_VERB_FAMILIES,    /* verb-families.txt: irregular forms that share one term */
    LD_TEXTING,          /* texting.tsv: texting forms and their expansion, flags */
    LD_SYNONYMS,         /* synonyms.txt: groups of words that search each other */
    LD_OFF_TOPIC,        /* off-topic.txt: phrases of questions never answered */
    LD_UNLIKELY_TOPICS,  /* unlikely-topics.txt: phrases of topics towns rarely cover */
    LD_OTHER_TOWNS,      /* other-towns.txt: towns a question may name instead */
    LD_RESIDENCE_VERBS,  /* residence-verbs.txt: "né à", "j'habite à" (not another town's question) */
    LD_PLACE_PREPOSITIONS, /* place-prepositions.txt: "à", "au", "de" before a place's name */
    LD_GREETINGS,        /* greetings.txt: whole messages that are small talk */
    LD_QUESTION_CUES,    /* question-cues.tsv: phrases that ask for a kind of answer */
    LD_HOURS_PHRASES,    /* hours-phrases.txt: a question about opening hours */
    LD_EVENTS_PHRASES,   /* events-phrases.txt: a question about the agenda */
    LD_WHEN_PHRASES,     /* when-phrases.txt: a question that asks when */
    LD_DAY_PHRASES,      /* day-phrases.txt: which day, a one-off event's date asked */
    LD_HOURS_GENERAL_PHRASES, /* hours-general-phrases.txt: the week's hours asked */
    LD_OPENING_PHRASES,  /* opening-phrases.txt: "à quelle heure ouvre": the time it opens, asked */
    LD_MAIL_PHRASES,     /* mail-phrases.txt: an e-mail address asked */
    LD_ADDRESS_PHRASES,  /* address-phrases.txt: where a facility is */
    LD_CONTACT_PHRASES,  /* contact-phrases.txt: how to reach a facility */
    LD_HOURS_WORDS,      /* hours-words.txt: words of an hours question, no other topic */
    LD_CONTACT_WORDS,    /* contact-words.txt: words of a contact question, no other topic */
    LD_EVENT_FILLERS,    /* event-fillers.txt: words of agenda questions, no event named */
    LD_EVENT_COMPLEMENTS, /* event-complements.txt: fillers that name a place after "X de" */
    LD_TOPIC_CHANGERS,   /* topic-changers.txt: stop words that change what is asked */
    LD_COUNT_WORDS,      /* count-words.txt: "centaine", "moitié" (a sentence answers "combien") */
    LD_REASON_PHRASES,   /* reason-phrases.txt: "parce qu", "afin de" (answers "pourquoi") */
    LD_DATE_WORDS,       /* date-words.txt: months, weekdays, seasons (answers "quand") */
    LD_ANAPHORS,         /* anaphors.txt: words that start a sentence going on from the last */
    LD_FRAME_WORDS,      /* frame-words.txt: words that frame a question ("nom", "raison") */
    LD_CONTEXT_WORDS,    /* context-words.txt: words that set when ("hiver", "samedi") */
    LD_FOLLOWUP_OPENERS, /* followup-openers.txt: "et ...", "pareil ..." */
    LD_FOLLOWUP_CLOSERS, /* followup-closers.txt: "... aussi" */
    LD_FACILITY_NOUNS,   /* facility-nouns.tsv: gender of "piscine", "centre"... */
    LD_MESSAGES,         /* messages.tsv: greeting and refusals, unless the town's */
    LD_FREE_WORDS,       /* free-words.txt: "gratuit" (a sentence answers "combien ça coûte") */
    LD_DEADLINE_PHRASES, /* deadline-phrases.txt: "avant le", "au plus tard" (answers "date limite") */
    LD_STEPS_PHRASES,    /* steps-phrases.txt: "il faut", "inscrivez-vous" (answers "comment faire") */
    LD_DOCS_PHRASES,     /* documents-phrases.txt: "pièces à fournir", "justificatif" (answers "quels papiers") */
    LD_DURATION_UNITS,   /* duration-units.txt: "jours", "mois" (after a number, answers "combien de temps") */
    LD_STREET_WORDS,     /* street-words.txt: "rue", "avenue" (after a number, answers "quelle adresse") */
    LD_SHORT_PHONES,     /* short-phones.txt: "15", "3919" (a phone number too) */
    LD_VERDICT_PHRASES,  /* verdict-phrases.txt: "interdit", "ne peut pas" (answers "est-ce que je peux") */
    LD_DERIVATIONS,      /* derivations.tsv: suffixes of one word family (tondre, tonte) */
    LD_NEGATION_WORDS,   /* negation-words.txt: "sans", "non" before the word they negate */
    LD__COUNT
};

enum ld_split { LD_SPLIT_LINE, LD_SPLIT_BLANK, LD_SPLIT_TAB };

#define LDF_SORTED 1u   /* entries sorted by their first field (strcmp); a key twice is an error */
#define LDF_FOLDED 2u   /* every field folded: a-z, 0-9 and single spaces (analyze_fold's form) */
#define LDF_UNIQUE_REST 4u   /* a field after the first is nowhere else after the first */

struct ld_format {
    enum ld_split split;
    uint16_t min_fields, max_fields;   /* per entry */
    unsigned flags;                    /* LDF_* */
    uint32_t max_entries;              /* at most GC_LANGDATA_ENTRIES_MAX */
    /* When not NULL: field values_field of an entry, when present, is made of
     * blank-separated words of this NULL-terminated list (flags, kinds). */
    const char *const *values;
    uint16_t values_field;
};

struct ld_entry {
    const char *const *field;   /* nfield strings, NUL-terminated; field[nfield] == NULL */
    uint32_t nfield;
    uint32_t line;              /* where it is in its file, from 1 */
};

/* A file read.  Everything is owned by the list and read-only. */
struct ld_list {
    size_t n;
    const struct ld_entry *e;
    /* The first field of each entry, then NULL (first[n] == NULL): the shape
     * of the C tables these files replace. */
    const char *const *first;
    /* private */
    char *text;
    struct ld_entry *entries;
    const char **fields;
};

/* Parse text[0..len) (need not be NUL-terminated) as a file of format fmt;
 * name is used in messages only ("stopwords.txt:12: ...").  Errors:
 * GC_ERR_PARSE (a malformed line: invalid UTF-8, a control character, too
 * few or too many fields, a field not folded, a key twice), GC_ERR_TOOBIG
 * (over GC_LANGDATA_FILE_MAX, a line over GC_LANGDATA_LINE_MAX, a field
 * over GC_LANGDATA_FIELD_MAX, more entries than fmt->max_entries). */
enum gc_rc langdata_parse(const char *name, const char *text, size_t len,
                          const struct ld_format *fmt, struct ld_list **out, struct gc_err *e)
    __attribute__((warn_unused_result));
void langdata_list_free(struct ld_list *l);   /* accepts NULL */


/* A set of the resources, read from dir/fr/. */
struct langdata;
enum gc_rc langdata_open(struct langdata **out, const char *dir, struct gc_err *e)
    __attribute__((warn_unused_result));
void langdata_free(struct langdata *ld);   /* accepts NULL */
const struct ld_list *langdata_in(const struct langdata *ld, enum ld_res r);

/* File name of a resource in dir/fr/, and its format. */
const char *langdata_file(enum ld_res r);
const struct ld_format *langdata_format(enum ld_res r);

/* The process's set, read from dir (NULL or "" = GC_DATADIR).  Call it once
 * before any thread starts (cli_args does, from the `data-dir` setting).
 * Calling it again with the same directory does nothing; with another, once
 * the set is in use, is GC_ERR_INVALID. */
enum gc_rc langdata_use(const char *dir, struct gc_err *e) __attribute__((warn_unused_result));

/* A resource of the process's set.  When langdata_use() was not called (unit
 * tests, fuzzers), the set of GC_DATADIR is read on first use; if that fails
 * the process stops with the message (file and line) on stderr. */
const struct ld_list *langdata_list(enum ld_res r);

/* Is the word w (NUL-terminated, folded) the first field of an entry of
 * resource r of the process's set?  By halving for the sorted lists, one
 * by one for the others. */
bool langdata_has_word(enum ld_res r, const char *w);

/* The directory of the process's set (after langdata_use or a first use). */
const char *langdata_dir(void);

#endif
