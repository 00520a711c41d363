/* langdata.c — reading the language's data files (contract in langdata.h). */
#include "text/langdata.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/file.h"
#include "util/limits.h"
#include "util/mem.h"
#include "util/utf8.h"

#ifndef GC_DATADIR
#define GC_DATADIR "/usr/share/guichet"
#endif

/* ---- one file ---- */

static bool blank(char c)
{
    return c == ' ' || c == '\t';
}

static bool folded_field(const char *s)
{
    if (!*s || *s == ' ')
        return false;
    for (const char *p = s; *p; p++) {
        bool ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
                  (*p == ' ' && p[1] && p[1] != ' ');
        if (!ok)
            return false;
    }
    return true;
}

/* Check one line (s[0..n), no '\n'): well-formed UTF-8, no control
 * character but the tab. */
static enum gc_rc check_line(const char *name, uint32_t line, const char *s, size_t n,
                             struct gc_err *e)
{
    if (n > GC_LANGDATA_LINE_MAX)
        return gc_err_set(e, GC_ERR_TOOBIG, "%s:%u: line longer than %d bytes", name, line,
                          GC_LANGDATA_LINE_MAX);
    for (size_t i = 0; i < n;) {
        size_t k = utf8_seq_len(s + i, n - i, NULL);
        if (!k)
            return gc_err_set(e, GC_ERR_PARSE, "%s:%u: invalid UTF-8", name, line);
        unsigned char c = (unsigned char)s[i];
        if (k == 1 && ((c < 0x20 && c != '\t') || c == 0x7f))
            return gc_err_set(e, GC_ERR_PARSE, "%s:%u: control character 0x%02x", name, line, c);
        i += k;
    }
    return GC_OK;
}

/* Each blank-separated word of v is one of values. */
static enum gc_rc check_values(const char *name, uint32_t line, const char *v,
                               const char *const *values, struct gc_err *e)
{
    while (*v) {
        size_t n = strcspn(v, " \t");
        bool known = false;
        for (int i = 0; values[i] && !known; i++)
            known = strlen(values[i]) == n && !memcmp(values[i], v, n);
        if (!known) {
            char all[256] = "";
            size_t at = 0;
            for (int i = 0; values[i] && at < sizeof all; i++) {
                int k = snprintf(all + at, sizeof all - at, "%s%s", i ? ", " : "", values[i]);
                at += k > 0 ? (size_t)k : 0;
            }
            return gc_err_set(e, GC_ERR_PARSE, "%s:%u: unknown value \"%.*s\" (one of: %s)", name,
                              line, (int)(n < 64 ? n : 64), v, all);
        }
        v += n;
        while (blank(*v))
            v++;
    }
    return GC_OK;
}

struct word_at {
    const char *w;
    uint32_t line;
};

static int cmp_word_at(const void *a, const void *b)
{
    const struct word_at *x = a, *y = b;
    int c = strcmp(x->w, y->w);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* LDF_UNIQUE_REST: no field after the first is twice in the file. */
static enum gc_rc check_unique_rest(const char *name, const struct ld_list *l, struct gc_err *e)
{
    size_t n = 0;
    for (size_t i = 0; i < l->n; i++)
        n += l->entries[i].nfield - 1;
    struct word_at *v = xcalloc(n ? n : 1, sizeof *v);
    n = 0;
    for (size_t i = 0; i < l->n; i++)
        for (uint32_t j = 1; j < l->entries[i].nfield; j++)
            v[n++] = (struct word_at){l->entries[i].field[j], l->entries[i].line};
    qsort(v, n, sizeof *v, cmp_word_at);
    enum gc_rc rc = GC_OK;
    for (size_t i = 1; i < n && !rc; i++)
        if (!strcmp(v[i - 1].w, v[i].w))
            rc = gc_err_set(e, GC_ERR_PARSE, "%s:%u: \"%s\" is already on line %u", name,
                            v[i].line, v[i].w, v[i - 1].line);
    free(v);
    return rc;
}

static int cmp_entries(const void *a, const void *b)
{
    const struct ld_entry *x = a, *y = b;
    int c = strcmp(x->field[0], y->field[0]);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

enum gc_rc langdata_parse(const char *name, const char *text, size_t len,
                          const struct ld_format *fmt, struct ld_list **out, struct gc_err *e)
{
    enum gc_rc rc = GC_ERR_PARSE;
    struct ld_list *l = xcalloc(1, sizeof *l);
    size_t *starts = NULL;   /* per entry: its first field in l->fields */
    size_t cap_e = 0, nf = 0, cap_f = 0;
    uint32_t max_entries = fmt->max_entries < GC_LANGDATA_ENTRIES_MAX ? fmt->max_entries
                                                                       : GC_LANGDATA_ENTRIES_MAX;
    *out = NULL;
    if (len > GC_LANGDATA_FILE_MAX) {
        rc = gc_err_set(e, GC_ERR_TOOBIG, "%s: larger than %d bytes", name, GC_LANGDATA_FILE_MAX);
        goto out;
    }
    l->text = xmalloc(len + 1);
    memcpy(l->text, text, len);
    l->text[len] = '\0';
    uint32_t line = 0;
    for (char *p = l->text, *end = l->text + len; p < end;) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *le = nl ? nl : end;
        line++;
        if (le > p && le[-1] == '\r')
            le--;
        rc = check_line(name, line, p, (size_t)(le - p), e);
        if (rc)
            goto out;
        /* A comment: '#' first, or after a blank. */
        for (char *h = p; h < le; h++)
            if (*h == '#' && (h == p || blank(h[-1]))) {
                le = h;
                break;
            }
        while (p < le && blank(*p))
            p++;
        while (le > p && blank(le[-1]))
            le--;
        char *next = nl ? nl + 1 : end;
        if (p == le) {
            p = next;
            continue;
        }
        *le = '\0';
        if (l->n == max_entries) {
            rc = gc_err_set(e, GC_ERR_TOOBIG, "%s:%u: more than %u entries", name, line,
                            (unsigned)max_entries);
            goto out;
        }
        if (l->n == cap_e) {
            cap_e = cap_e ? 2 * cap_e : 64;
            l->entries = xreallocarray(l->entries, cap_e, sizeof *l->entries);
            starts = xreallocarray(starts, cap_e, sizeof *starts);
        }
        starts[l->n] = nf;
        uint32_t count = 0;
        for (char *f = p; f;) {
            char *stop;
            if (fmt->split == LD_SPLIT_LINE) {
                stop = NULL;
            } else if (fmt->split == LD_SPLIT_TAB) {
                stop = strchr(f, '\t');
            } else {
                stop = f + strcspn(f, " \t");
                if (!*stop)
                    stop = NULL;
            }
            char *fe = stop ? stop : f + strlen(f);
            char *fs = f;
            while (fs < fe && blank(*fs))
                fs++;
            while (fe > fs && blank(fe[-1]))
                fe--;
            *fe = '\0';
            /* A field in double quotes is taken as written, blanks included
             * (" car ": the word alone); "" is an empty field. */
            if (fe - fs >= 2 && *fs == '"' && fe[-1] == '"' && !memchr(fs + 1, '"', (size_t)(fe - fs - 2))) {
                fe[-1] = '\0';
                fs++;
            } else if (!*fs && fmt->split == LD_SPLIT_TAB) {
                rc = gc_err_set(e, GC_ERR_PARSE, "%s:%u: field %u is empty (write \"\" for an "
                                "empty field)", name, line, count + 1);
                goto out;
            }
            if (strlen(fs) > GC_LANGDATA_FIELD_MAX) {
                rc = gc_err_set(e, GC_ERR_TOOBIG, "%s:%u: field %u longer than %d bytes", name,
                                line, count + 1, GC_LANGDATA_FIELD_MAX);
                goto out;
            }
            if ((fmt->flags & LDF_FOLDED) && *fs && !folded_field(fs)) {
                rc = gc_err_set(e, GC_ERR_PARSE, "%s:%u: \"%s\" is not folded (lower case a-z, "
                                "0-9, no accent, one space between words)", name, line, fs);
                goto out;
            }
            if (count == fmt->max_fields) {
                rc = gc_err_set(e, GC_ERR_PARSE, "%s:%u: more than %u fields", name, line,
                                (unsigned)fmt->max_fields);
                goto out;
            }
            if (nf == cap_f) {
                cap_f = cap_f ? 2 * cap_f : 128;
                l->fields = xreallocarray(l->fields, cap_f, sizeof *l->fields);
            }
            l->fields[nf++] = fs;
            count++;
            f = stop ? stop + 1 : NULL;
            if (f && fmt->split == LD_SPLIT_BLANK) {
                while (blank(*f))
                    f++;
            }
        }
        if (fmt->values && count > fmt->values_field) {
            rc = check_values(name, line, l->fields[nf - count + fmt->values_field], fmt->values, e);
            if (rc)
                goto out;
        }
        if (count < fmt->min_fields) {
            rc = gc_err_set(e, GC_ERR_PARSE, "%s:%u: %u field%s, at least %u expected", name, line,
                            count, count == 1 ? "" : "s", (unsigned)fmt->min_fields);
            goto out;
        }
        if (nf == cap_f) {
            cap_f = 2 * cap_f;
            l->fields = xreallocarray(l->fields, cap_f, sizeof *l->fields);
        }
        l->fields[nf++] = NULL;   /* field[nfield] == NULL */
        l->entries[l->n] = (struct ld_entry){NULL, count, line};
        l->n++;
        p = next;
    }
    for (size_t i = 0; i < l->n; i++)
        l->entries[i].field = l->fields + starts[i];
    if ((fmt->flags & LDF_SORTED) && l->n > 1) {
        qsort(l->entries, l->n, sizeof *l->entries, cmp_entries);
        for (size_t i = 1; i < l->n; i++)
            if (!strcmp(l->entries[i - 1].field[0], l->entries[i].field[0])) {
                rc = gc_err_set(e, GC_ERR_PARSE, "%s:%u: \"%s\" is already on line %u", name,
                                l->entries[i].line, l->entries[i].field[0],
                                l->entries[i - 1].line);
                goto out;
            }
    }
    if (fmt->flags & LDF_UNIQUE_REST) {
        rc = check_unique_rest(name, l, e);
        if (rc)
            goto out;
    }
    const char **first = xcalloc(l->n + 1, sizeof *first);
    for (size_t i = 0; i < l->n; i++)
        first[i] = l->entries[i].field[0];
    l->first = first;
    l->e = l->entries;
    rc = GC_OK;
    *out = l;
    l = NULL;
out:
    free(starts);
    langdata_list_free(l);
    return rc;
}

void langdata_list_free(struct ld_list *l)
{
    if (!l)
        return;
    free(l->text);
    free(l->entries);
    free(l->fields);
    free((void *)l->first);
    free(l);
}

/* ---- the resources ---- */

static const char *const texting_flags[] = {"before-word", "not-after-det", NULL};
static const char *const genders[] = {"f", "m", NULL};
static const char *const message_keys[] = {"greeting", "refusal-out-of-scope", "refusal-not-found",
                                           "refusal-dismissed", "refusal-dismissed-pointer", NULL};
/* In the order of enum answer_type (answer/understand.h). */
static const char *const cue_kinds[] = {"number", "date", "person", "place", "reason", "phone",
                                        "price", "time", "deadline", "steps", "documents",
                                        "duration", "address", "yesno", NULL};

/* A list of phrases, in the order written (answer/understand.h indexes them). */
#define PHRASES {LD_SPLIT_LINE, 1, 1, LDF_FOLDED, GC_LANGDATA_PHRASES_MAX, NULL, 0}
/* A list of words or phrases as the pages write them (accents, capitals). */
#define TEXT_WORDS {LD_SPLIT_LINE, 1, 1, 0, 4096, NULL, 0}
/* A set of words, sorted for bsearch. */
#define SORTED_WORDS {LD_SPLIT_LINE, 1, 1, LDF_SORTED | LDF_FOLDED, 4096, NULL, 0}
/* A list of words, in the order written. */
#define WORDS {LD_SPLIT_LINE, 1, 1, LDF_FOLDED, 4096, NULL, 0}

static const struct {
    const char *file;
    struct ld_format fmt;
} specs[LD__COUNT] = {
    [LD_STOPWORDS] = {"stopwords.txt", SORTED_WORDS},
    [LD_VERB_FAMILIES] = {"verb-families.txt",
                          {LD_SPLIT_BLANK, 2, 32, LDF_FOLDED | LDF_UNIQUE_REST, 4096, NULL, 0}},
    [LD_SYNONYMS] = {"synonyms.txt", {LD_SPLIT_BLANK, 2, 32, LDF_FOLDED, 4096, NULL, 0}},
    [LD_OFF_TOPIC] = {"off-topic.txt", PHRASES},
    [LD_UNLIKELY_TOPICS] = {"unlikely-topics.txt", PHRASES},
    [LD_OTHER_TOWNS] = {"other-towns.txt", PHRASES},
    [LD_RESIDENCE_VERBS] = {"residence-verbs.txt", SORTED_WORDS},
    [LD_PLACE_PREPOSITIONS] = {"place-prepositions.txt", SORTED_WORDS},
    [LD_NEGATION_WORDS] = {"negation-words.txt", SORTED_WORDS},
    [LD_GREETINGS] = {"greetings.txt", PHRASES},
    [LD_QUESTION_CUES] = {"question-cues.tsv",
                          {LD_SPLIT_TAB, 2, 2, LDF_FOLDED, GC_LANGDATA_PHRASES_MAX, cue_kinds, 1}},
    [LD_HOURS_PHRASES] = {"hours-phrases.txt", PHRASES},
    [LD_EVENTS_PHRASES] = {"events-phrases.txt", PHRASES},
    [LD_WHEN_PHRASES] = {"when-phrases.txt", PHRASES},
    [LD_DAY_PHRASES] = {"day-phrases.txt", PHRASES},
    [LD_HOURS_GENERAL_PHRASES] = {"hours-general-phrases.txt", PHRASES},
    [LD_OPENING_PHRASES] = {"opening-phrases.txt", PHRASES},
    [LD_MAIL_PHRASES] = {"mail-phrases.txt", PHRASES},
    [LD_ADDRESS_PHRASES] = {"address-phrases.txt", PHRASES},
    [LD_CONTACT_PHRASES] = {"contact-phrases.txt", PHRASES},
    [LD_HOURS_WORDS] = {"hours-words.txt", WORDS},
    [LD_CONTACT_WORDS] = {"contact-words.txt", WORDS},
    [LD_EVENT_FILLERS] = {"event-fillers.txt", WORDS},
    [LD_EVENT_COMPLEMENTS] = {"event-complements.txt", WORDS},
    [LD_TOPIC_CHANGERS] = {"topic-changers.txt", WORDS},
    [LD_COUNT_WORDS] = {"count-words.txt", TEXT_WORDS},
    [LD_REASON_PHRASES] = {"reason-phrases.txt", TEXT_WORDS},
    [LD_DATE_WORDS] = {"date-words.txt", TEXT_WORDS},
    [LD_FREE_WORDS] = {"free-words.txt", TEXT_WORDS},
    [LD_DEADLINE_PHRASES] = {"deadline-phrases.txt", TEXT_WORDS},
    [LD_STEPS_PHRASES] = {"steps-phrases.txt", TEXT_WORDS},
    [LD_DOCS_PHRASES] = {"documents-phrases.txt", TEXT_WORDS},
    [LD_DURATION_UNITS] = {"duration-units.txt", TEXT_WORDS},
    [LD_STREET_WORDS] = {"street-words.txt", TEXT_WORDS},
    [LD_SHORT_PHONES] = {"short-phones.txt", TEXT_WORDS},
    [LD_VERDICT_PHRASES] = {"verdict-phrases.txt", TEXT_WORDS},
    [LD_DERIVATIONS] = {"derivations.tsv", {LD_SPLIT_TAB, 2, 2, LDF_FOLDED, 256, NULL, 0}},
    [LD_ANAPHORS] = {"anaphors.txt", TEXT_WORDS},
    [LD_FRAME_WORDS] = {"frame-words.txt", SORTED_WORDS},
    [LD_CONTEXT_WORDS] = {"context-words.txt", SORTED_WORDS},
    [LD_FOLLOWUP_OPENERS] = {"followup-openers.txt", WORDS},
    [LD_FOLLOWUP_CLOSERS] = {"followup-closers.txt", WORDS},
    [LD_FACILITY_NOUNS] = {"facility-nouns.tsv",
                           {LD_SPLIT_TAB, 2, 2, LDF_SORTED | LDF_FOLDED, 4096, genders, 1}},
    [LD_MESSAGES] = {"messages.tsv", {LD_SPLIT_TAB, 2, 2, LDF_SORTED, 16, message_keys, 0}},
    [LD_TEXTING] = {"texting.tsv", {LD_SPLIT_TAB, 2, 3, LDF_SORTED, 4096, texting_flags, 2}},
};

const char *langdata_file(enum ld_res r)
{
    return (unsigned)r < LD__COUNT ? specs[r].file : "";
}

const struct ld_format *langdata_format(enum ld_res r)
{
    return (unsigned)r < LD__COUNT ? &specs[r].fmt : NULL;
}

struct langdata {
    char *dir;
    struct ld_list *list[LD__COUNT];
};

void langdata_free(struct langdata *ld)
{
    if (!ld)
        return;
    for (int i = 0; i < LD__COUNT; i++)
        langdata_list_free(ld->list[i]);
    free(ld->dir);
    free(ld);
}

enum gc_rc langdata_open(struct langdata **out, const char *dir, struct gc_err *e)
{
    enum gc_rc rc = GC_OK;
    struct langdata *ld = xcalloc(1, sizeof *ld);
    *out = NULL;
    if (!dir || !*dir)
        dir = GC_DATADIR;
    ld->dir = xstrdup(dir);
    for (int i = 0; i < LD__COUNT && !rc; i++) {
        char path[4096];
        char *text = NULL;
        size_t len = 0;
        int n = snprintf(path, sizeof path, "%s/fr/%s", dir, specs[i].file);
        if (n < 0 || (size_t)n >= sizeof path) {
            rc = gc_err_set(e, GC_ERR_TOOBIG, "data-dir: path too long");
            break;
        }
        struct gc_err fe = {0};
        rc = file_read(path, GC_LANGDATA_FILE_MAX, &text, &len, &fe);
        if (rc) {
            gc_err_set(e, rc, "language data: %s (data-dir %s)", fe.msg, dir);
            break;
        }
        rc = langdata_parse(path, text, len, &specs[i].fmt, &ld->list[i], e);
        free(text);
    }
    if (rc) {
        langdata_free(ld);
        return rc;
    }
    *out = ld;
    return GC_OK;
}

const struct ld_list *langdata_in(const struct langdata *ld, enum ld_res r)
{
    return ld->list[r];
}

/* ---- the process's set ---- */

static struct langdata *current;
static pthread_once_t current_once = PTHREAD_ONCE_INIT;

static void load_default(void)
{
    if (current)
        return;
    struct gc_err e = {0};
    if (langdata_open(&current, NULL, &e)) {
        fprintf(stderr, "guichet: %s\n", e.msg);
        exit(1);
    }
}

enum gc_rc langdata_use(const char *dir, struct gc_err *e)
{
    if (!dir || !*dir)
        dir = GC_DATADIR;
    if (current)
        return strcmp(current->dir, dir)
                   ? gc_err_set(e, GC_ERR_INVALID, "language data already read from %s",
                                current->dir)
                   : GC_OK;
    struct langdata *ld;
    enum gc_rc rc = langdata_open(&ld, dir, e);
    if (rc)
        return rc;
    current = ld;
    pthread_once(&current_once, load_default);
    return GC_OK;
}

const struct ld_list *langdata_list(enum ld_res r)
{
    pthread_once(&current_once, load_default);
    return current->list[r];
}

static int cmp_first(const void *k, const void *e)
{
    return strcmp(k, *(const char *const *)e);
}

bool langdata_has_word(enum ld_res r, const char *w)
{
    const struct ld_list *l = langdata_list(r);
    if (specs[r].fmt.flags & LDF_SORTED)
        return bsearch(w, l->first, l->n, sizeof *l->first, cmp_first) != NULL;
    for (size_t k = 0; k < l->n; k++)
        if (!strcmp(l->first[k], w))
            return true;
    return false;
}

const char *langdata_dir(void)
{
    pthread_once(&current_once, load_default);
    return current->dir;
}
