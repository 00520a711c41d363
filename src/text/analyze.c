/* analyze.c — French analysis: fold, elide, stem, strip accents.
 *
 * Per-code-point work is table driven for U+0000..U+024F (Latin, which is
 * nearly all French text); other code points go through utf8proc.  No
 * allocation per word: words are built in fixed buffers of the analyzer. */
#include "text/analyze.h"

#include <libstemmer.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "util/mem.h"

#define TABLE_MAX 0x250

struct fold {
    char lower[4];  /* UTF-8 of the lower-case form ("" = use code point) */
    char base[3];   /* lower case, accents stripped, ligatures expanded */
};

static struct fold table[TABLE_MAX];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static size_t enc(int32_t cp, char *out)
{
    return (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)out);
}

/* Lower case and accent-stripped base of one code point, through utf8proc. */
static void fold_slow(int32_t cp, char lower[4], char base[3], size_t *baselen)
{
    int32_t lc = utf8proc_tolower(cp);
    size_t n = enc(lc, lower);
    if (n < 4)
        lower[n] = '\0';
    utf8proc_int32_t dec[8];
    int last = 0;
    utf8proc_ssize_t k = utf8proc_decompose_char(lc, dec, 8, UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK,
                                                 &last);
    *baselen = 0;
    if (k == 1 && dec[0] < 0x80) {
        base[0] = (char)dec[0];
        *baselen = 1;
    }
}

static void table_init(void)
{
    for (int32_t cp = 0; cp < TABLE_MAX; cp++) {
        struct fold *f = &table[cp];
        size_t bl = 0;
        fold_slow(cp, f->lower, f->base, &bl);
        if (cp == 0x153 || cp == 0x152) /* œ Œ */
            memcpy(f->base, "oe", 3);
        else if (cp == 0xE6 || cp == 0xC6) /* æ Æ */
            memcpy(f->base, "ae", 3);
        else if (cp == 0xDF) /* ß */
            memcpy(f->base, "ss", 3);
        else if (bl == 1)
            f->base[1] = '\0';
        else
            f->base[0] = '\0';
    }
}

/* Stemming is most of the cost of analysis, and words repeat: a small
 * direct-mapped cache of the last stems, per analyzer (so per thread). */
#define STEM_CACHE 2048
#define STEM_CACHE_WORD 31

struct stem_entry {
    unsigned char len, stemlen;
    char word[STEM_CACHE_WORD];
    char stem[STEM_CACHE_WORD];
};

struct analyzer {
    struct sb_stemmer *stem;
    struct stem_entry *cache;
};

struct analyzer *analyzer_new(void)
{
    pthread_once(&table_once, table_init);
    struct analyzer *a = xcalloc(1, sizeof *a);
    a->stem = sb_stemmer_new("french", "UTF_8");
    if (!a->stem)
        abort();
    a->cache = xcalloc(STEM_CACHE, sizeof *a->cache);
    return a;
}

void analyzer_free(struct analyzer *a)
{
    if (!a)
        return;
    sb_stemmer_delete(a->stem);
    free(a->cache);
    free(a);
}

static pthread_key_t thread_key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

static void key_free(void *p)
{
    analyzer_free(p);
}

static void key_init(void)
{
    pthread_key_create(&thread_key, key_free);
}

struct analyzer *analyze_thread(void)
{
    pthread_once(&key_once, key_init);
    struct analyzer *a = pthread_getspecific(thread_key);
    if (!a) {
        a = analyzer_new();
        pthread_setspecific(thread_key, a);
    }
    return a;
}

/* French stop words, folded and without accents, sorted (strcmp order). */
static const char *const stopwords[] = {
    "a", "afin", "ai", "aie", "ainsi", "alors", "as", "au", "aucun", "aucune", "aupres", "auquel",
    "aura", "aurai", "auront", "aussi", "autre", "autres", "aux", "auxquelles", "auxquels",
    "avaient", "avais", "avait", "avant", "avec", "avez", "aviez", "avoir", "avons", "ayant",
    "bonjour", "bonsoir", "c", "ca", "car", "ce", "ceci", "cela", "celle", "celles", "celui",
    "cependant", "ces", "cet", "cette", "ceux", "chaque", "chez", "ci", "combien", "comme",
    "comment", "coucou", "d", "dans", "de", "des", "desquelles", "desquels", "dois", "doit",
    "doivent", "donc", "dont", "du", "duquel", "elle", "elles", "en", "encore", "entre", "es",
    "est", "et", "etaient", "etais", "etait", "etant", "etes", "etre", "eu", "eux", "faut", "il",
    "ils", "j", "je", "jusqu", "l", "la", "laquelle", "le", "lequel", "les", "lesquelles",
    "lesquels", "leur", "leurs", "lors", "lorsqu", "lorsque", "lui", "m", "ma", "mais", "me",
    "meme", "memes", "merci", "mes", "moi", "mon", "n", "ne", "ni", "nos", "notre", "nous", "on",
    "ont", "or", "ou", "par", "parce", "pas", "peu", "peut", "peuvent", "peux", "plait", "plus",
    "pour", "pourquoi", "puis", "puisqu", "puisque", "qu", "quand", "que", "quel", "quelle",
    "quelles", "quels", "qui", "quoi", "quoiqu", "s", "sa", "salut", "sans", "se", "sera", "serai",
    "seront", "ses", "si", "sien", "sienne", "soi", "soit", "sommes", "son", "sont", "sous", "stp",
    "suis", "sur", "svp", "t", "ta", "te", "tes", "toi", "ton", "tous", "tout", "toute", "toutes",
    "tu", "un", "une", "unes", "uns", "vers", "via", "voici", "voila", "vos", "votre", "vous", "y",
};

static int cmp_stop(const void *k, const void *e)
{
    return strcmp(k, *(const char *const *)e);
}

bool analyze_is_stopword(const char *surface, size_t len)
{
    char w[32];
    if (len == 0 || len >= sizeof w)
        return false;
    memcpy(w, surface, len);
    w[len] = '\0';
    return bsearch(w, stopwords, sizeof stopwords / sizeof stopwords[0], sizeof stopwords[0],
                   cmp_stop) != NULL;
}

static bool is_word_cp(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ND:
        return true;
    default:
        return false;
    }
}

/* Strip accents of a folded UTF-8 string into out. */
static size_t strip(const char *s, size_t n, char *out, size_t outsz)
{
    size_t o = 0;
    utf8proc_ssize_t i = 0;
    while ((size_t)i < n) {
        int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)n - i, &cp);
        if (k <= 0) {
            i++;
            continue;
        }
        i += k;
        char tmp[4];
        const char *b;
        size_t bl;
        if (cp < TABLE_MAX && table[cp].base[0]) {
            b = table[cp].base;
            bl = strlen(b);
        } else if (cp < 0x80) {
            tmp[0] = (char)cp;
            b = tmp;
            bl = 1;
        } else if (utf8proc_category(cp) == UTF8PROC_CATEGORY_MN) {
            continue; /* a lone combining mark */
        } else {
            bl = enc(cp, tmp);
            b = tmp;
        }
        if (o + bl >= outsz)
            break;
        memcpy(out + o, b, bl);
        o += bl;
    }
    out[o] = '\0';
    return o;
}

static size_t stem_uncached(struct analyzer *a, const char *word, size_t len, char *out, size_t outsz);

size_t analyze_stem(struct analyzer *a, const char *word, size_t len, char *out, size_t outsz)
{
    if (len == 0 || len >= STEM_CACHE_WORD)
        return stem_uncached(a, word, len, out, outsz);
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)word[i]) * 1099511628211ULL;
    struct stem_entry *e = &a->cache[h % STEM_CACHE];
    if (e->len != len || memcmp(e->word, word, len)) {
        size_t n = stem_uncached(a, word, len, e->stem, sizeof e->stem);
        e->len = (unsigned char)len;
        memcpy(e->word, word, len);
        e->stemlen = (unsigned char)n;
    }
    size_t n = e->stemlen < outsz ? e->stemlen : outsz - 1;
    memcpy(out, e->stem, n);
    out[n] = '\0';
    return n;
}

/* Irregular verbs (and the adjectives nouveau/beau/vieux, and ordinals
 * meeting their number: "deuxième" → "deux"): the forms the stemmer leaves apart ("meurt", "mourut",
 * "mort"; "né", "naquit", "naissance"; "prit", "pris", "prend") share one
 * term, so that a question in the passé composé ("est-il mort ?") meets a
 * text in the passé simple or the present ("il meurt en 1850").  Folded
 * forms without accents, sorted (strcmp order). */
static const struct irregular {
    const char *form, *term;
} irregular[] = {
    {"apprenait", "apprend"}, {"apprend", "apprend"}, {"apprendre", "apprend"},
    {"apprennent", "apprend"}, {"apprirent", "apprend"}, {"appris", "apprend"},
    {"apprise", "apprend"}, {"apprit", "apprend"}, {"atteignait", "atteindr"},
    {"atteignirent", "atteindr"}, {"atteignit", "atteindr"}, {"atteindre", "atteindr"},
    {"atteint", "atteindr"}, {"atteinte", "atteindr"}, {"bat", "battr"}, {"battait", "battr"},
    {"battent", "battr"}, {"battirent", "battr"}, {"battit", "battr"}, {"battre", "battr"},
    {"battu", "battr"}, {"battue", "battr"}, {"battus", "battr"}, {"beau", "bel"},
    {"beaux", "bel"}, {"bel", "bel"}, {"belle", "bel"}, {"belles", "bel"}, {"centieme", "cent"},
    {"centiemes", "cent"}, {"cinquieme", "cinq"}, {"cinquiemes", "cinq"},
    {"comprenait", "comprend"}, {"comprend", "comprend"}, {"comprendre", "comprend"},
    {"comprennent", "comprend"}, {"comprirent", "comprend"}, {"compris", "comprend"},
    {"comprise", "comprend"}, {"comprit", "comprend"}, {"connaissait", "connaitr"},
    {"connaissent", "connaitr"}, {"connait", "connaitr"}, {"connaitre", "connaitr"},
    {"connu", "connaitr"}, {"connue", "connaitr"}, {"connurent", "connaitr"},
    {"connus", "connaitr"}, {"connut", "connaitr"}, {"conquerir", "conquer"},
    {"conquete", "conquer"}, {"conquetes", "conquer"}, {"conquiert", "conquer"},
    {"conquirent", "conquer"}, {"conquis", "conquer"}, {"conquise", "conquer"},
    {"conquit", "conquer"}, {"construction", "construir"}, {"constructions", "construir"},
    {"construire", "construir"}, {"construisait", "construir"}, {"construisirent", "construir"},
    {"construisit", "construir"}, {"construit", "construir"}, {"construite", "construir"},
    {"construites", "construir"}, {"construits", "construir"}, {"decouvert", "decouvr"},
    {"decouverte", "decouvr"}, {"decouvertes", "decouvr"}, {"decouverts", "decouvr"},
    {"destruction", "detruir"}, {"detruire", "detruir"}, {"detruisait", "detruir"},
    {"detruisirent", "detruir"}, {"detruisit", "detruir"}, {"detruit", "detruir"},
    {"detruite", "detruir"}, {"detruits", "detruir"}, {"deuxieme", "deux"}, {"deuxiemes", "deux"},
    {"devenaient", "deven"}, {"devenait", "deven"}, {"devenir", "deven"}, {"devenu", "deven"},
    {"devenue", "deven"}, {"devenues", "deven"}, {"devenus", "deven"}, {"deviennent", "deven"},
    {"devient", "deven"}, {"devinrent", "deven"}, {"devint", "deven"}, {"dire", "dir"},
    {"dirent", "dir"}, {"disait", "dir"}, {"disent", "dir"}, {"dit", "dir"}, {"dixieme", "dix"},
    {"dixiemes", "dix"}, {"douzieme", "douz"}, {"ecrire", "ecrir"}, {"ecrit", "ecrir"},
    {"ecrite", "ecrir"}, {"ecrites", "ecrir"}, {"ecrits", "ecrir"}, {"ecrivait", "ecrir"},
    {"ecrivent", "ecrir"}, {"ecrivirent", "ecrir"}, {"ecrivit", "ecrir"}, {"elire", "elir"},
    {"elisait", "elir"}, {"elit", "elir"}, {"elu", "elir"}, {"elue", "elir"}, {"elues", "elir"},
    {"elurent", "elir"}, {"elus", "elir"}, {"huitieme", "huit"}, {"huitiemes", "huit"},
    {"maintenait", "maint"}, {"maintenir", "maint"}, {"maintenu", "maint"}, {"maintenue", "maint"},
    {"maintiennent", "maint"}, {"maintient", "maint"}, {"maintint", "maint"}, {"met", "mettr"},
    {"mettait", "mettr"}, {"mettent", "mettr"}, {"mettre", "mettr"}, {"meurent", "mour"},
    {"meurs", "mour"}, {"meurt", "mour"}, {"millieme", "mill"}, {"milliemes", "mill"},
    {"mirent", "mettr"}, {"mit", "mettr"}, {"mort", "mour"}, {"morte", "mour"}, {"mortes", "mour"},
    {"morts", "mour"}, {"mouraient", "mour"}, {"mourait", "mour"}, {"mourant", "mour"},
    {"mourir", "mour"}, {"mourra", "mour"}, {"moururent", "mour"}, {"mourut", "mour"},
    {"naissait", "naitr"}, {"naissance", "naitr"}, {"naissances", "naitr"}, {"naissent", "naitr"},
    {"nait", "naitr"}, {"naitre", "naitr"}, {"naquirent", "naitr"}, {"naquit", "naitr"},
    {"ne", "naitr"}, {"nee", "naitr"}, {"nees", "naitr"}, {"nes", "naitr"}, {"neuvieme", "neuf"},
    {"neuviemes", "neuf"}, {"nouveau", "nouvel"}, {"nouveaux", "nouvel"}, {"nouvel", "nouvel"},
    {"nouvelle", "nouvel"}, {"nouvelles", "nouvel"}, {"obtenait", "obten"}, {"obtenir", "obten"},
    {"obtenu", "obten"}, {"obtenue", "obten"}, {"obtenues", "obten"}, {"obtenus", "obten"},
    {"obtiennent", "obten"}, {"obtient", "obten"}, {"obtinrent", "obten"}, {"obtint", "obten"},
    {"offert", "offr"}, {"offerte", "offr"}, {"offrirent", "offr"}, {"offrit", "offr"},
    {"onzieme", "onze"}, {"ouvert", "ouvr"}, {"ouverte", "ouvr"}, {"ouvertes", "ouvr"},
    {"ouverts", "ouvr"}, {"peignait", "peindr"}, {"peignirent", "peindr"}, {"peignit", "peindr"},
    {"peindre", "peindr"}, {"peint", "peindr"}, {"perd", "perdr"}, {"perdait", "perdr"},
    {"perdent", "perdr"}, {"perdirent", "perdr"}, {"perdit", "perdr"}, {"perdre", "perdr"},
    {"perdu", "perdr"}, {"perdue", "perdr"}, {"perdus", "perdr"}, {"prenaient", "prend"},
    {"prenait", "prend"}, {"prend", "prend"}, {"prendra", "prend"}, {"prendre", "prend"},
    {"prends", "prend"}, {"prennent", "prend"}, {"prirent", "prend"}, {"pris", "prend"},
    {"prise", "prend"}, {"prises", "prend"}, {"prit", "prend"}, {"quatorzieme", "quatorz"},
    {"quatrieme", "quatr"}, {"quatriemes", "quatr"}, {"quinzieme", "quinz"},
    {"recevait", "recevoir"}, {"recevoir", "recevoir"}, {"recoit", "recevoir"},
    {"recoivent", "recevoir"}, {"recu", "recevoir"}, {"recue", "recevoir"}, {"recues", "recevoir"},
    {"recurent", "recevoir"}, {"recus", "recevoir"}, {"recut", "recevoir"},
    {"rejoignait", "rejoindr"}, {"rejoignent", "rejoindr"}, {"rejoignirent", "rejoindr"},
    {"rejoignit", "rejoindr"}, {"rejoindre", "rejoindr"}, {"rejoint", "rejoindr"},
    {"reprenait", "reprend"}, {"reprend", "reprend"}, {"reprendre", "reprend"},
    {"reprennent", "reprend"}, {"reprirent", "reprend"}, {"repris", "reprend"},
    {"reprise", "reprend"}, {"reprit", "reprend"}, {"revenait", "reven"}, {"revenir", "reven"},
    {"revenu", "reven"}, {"revenue", "reven"}, {"revenus", "reven"}, {"reviennent", "reven"},
    {"revient", "reven"}, {"revinrent", "reven"}, {"revint", "reven"}, {"seizieme", "seiz"},
    {"septieme", "sept"}, {"septiemes", "sept"}, {"sixieme", "six"}, {"sixiemes", "six"},
    {"suit", "suivr"}, {"suivait", "suivr"}, {"suivent", "suivr"}, {"suivi", "suivr"},
    {"suivie", "suivr"}, {"suivirent", "suivr"}, {"suivis", "suivr"}, {"suivit", "suivr"},
    {"suivre", "suivr"}, {"tenaient", "ten"}, {"tenait", "ten"}, {"tenir", "ten"}, {"tenu", "ten"},
    {"tenue", "ten"}, {"tenues", "ten"}, {"tenus", "ten"}, {"tiennent", "ten"}, {"tient", "ten"},
    {"tinrent", "ten"}, {"tint", "ten"}, {"traduction", "traduir"}, {"traductions", "traduir"},
    {"traduire", "traduir"}, {"traduisit", "traduir"}, {"traduit", "traduir"},
    {"traduite", "traduir"}, {"traduits", "traduir"}, {"treizieme", "treiz"},
    {"trentieme", "trent"}, {"troisieme", "trois"}, {"troisiemes", "trois"}, {"vainc", "vaincr"},
    {"vaincre", "vaincr"}, {"vaincu", "vaincr"}, {"vaincue", "vaincr"}, {"vaincus", "vaincr"},
    {"vainquait", "vaincr"}, {"vainquent", "vaincr"}, {"vainquirent", "vaincr"},
    {"vainquit", "vaincr"}, {"vecu", "vivr"}, {"vecurent", "vivr"}, {"vecut", "vivr"},
    {"venaient", "ven"}, {"venait", "ven"}, {"vend", "vendr"}, {"vendait", "vendr"},
    {"vendent", "vendr"}, {"vendirent", "vendr"}, {"vendit", "vendr"}, {"vendre", "vendr"},
    {"vendu", "vendr"}, {"vendue", "vendr"}, {"vendus", "vendr"}, {"venir", "ven"},
    {"venu", "ven"}, {"venus", "ven"}, {"veulent", "voul"}, {"veut", "voul"}, {"vieil", "vieil"},
    {"vieille", "vieil"}, {"vieilles", "vieil"}, {"viendra", "ven"}, {"viennent", "ven"},
    {"vient", "ven"}, {"vieux", "vieil"}, {"vingtieme", "vingt"}, {"vingtiemes", "vingt"},
    {"vinrent", "ven"}, {"vint", "ven"}, {"vivaient", "vivr"}, {"vivait", "vivr"},
    {"vivent", "vivr"}, {"vivre", "vivr"}, {"voulait", "voul"}, {"vouloir", "voul"},
    {"voulu", "voul"}, {"voulurent", "voul"}, {"voulut", "voul"},
};

static int cmp_irregular(const void *k, const void *e)
{
    return strcmp(k, ((const struct irregular *)e)->form);
}

static size_t stem_uncached(struct analyzer *a, const char *word, size_t len, char *out, size_t outsz)
{
    char plain[ANALYZE_WORD_MAX + 8];
    strip(word, len, plain, sizeof plain);
    const struct irregular *v = bsearch(plain, irregular, sizeof irregular / sizeof irregular[0],
                                        sizeof irregular[0], cmp_irregular);
    if (v) {
        size_t n = strlen(v->term);
        if (n >= outsz)
            n = outsz - 1;
        memcpy(out, v->term, n);
        out[n] = '\0';
        return n;
    }
    const sb_symbol *r = sb_stemmer_stem(a->stem, (const sb_symbol *)word, (int)len);
    if (!r)
        return strip(word, len, out, outsz);
    size_t rn = (size_t)sb_stemmer_length(a->stem);
    /* Snowball keeps the "-ent" of the third person plural ("portent",
     * "jouent", "bénéficient"), as in "parent", "différent": a stem ending
     * in "-ent" is taken as the stem of its "-e" form ("porte", "parente",
     * "différente"), the same for the whole family ("parents", "différentes"
     * stem to "parent", "different" first). */
    char sing[ANALYZE_WORD_MAX + 8];
    if (rn >= 6 && rn < ANALYZE_WORD_MAX && !memcmp(r + rn - 3, "ent", 3)) {
        memcpy(sing, r, rn - 3);
        sing[rn - 3] = 'e';
        const sb_symbol *r2 = sb_stemmer_stem(a->stem, (const sb_symbol *)sing, (int)(rn - 2));
        if (r2) {
            r = r2;
            rn = (size_t)sb_stemmer_length(a->stem);
        }
    }
    size_t n = strip((const char *)r, rn, out, outsz);
    /* Names of inhabitants meet their place: "italien" → "ital" like
     * "Italie", "algérien" like "Algérie", "gaulois" like "Gaule",
     * "villageois" like "village".  Snowball leaves "-ien" and "-ois". */
    if (n >= 7 && (!memcmp(out + n - 3, "ien", 3) || !memcmp(out + n - 3, "ois", 3))) {
        bool ois = out[n - 3] == 'o';
        n -= 3;
        if (ois && out[n - 1] == 'e')
            n--; /* "villageois" → "villag", as Snowball cuts "village" */
        out[n] = '\0';
    }
    return n;
}

void analyze_text(struct analyzer *a, const char *text, size_t len, analyze_cb cb, void *ctx)
{
    char acc[ANALYZE_WORD_MAX + 8], surf[ANALYZE_WORD_MAX + 8], term[ANALYZE_WORD_MAX + 8];
    size_t i = 0;
    int pos = 0;
    while (i < len) {
        int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)text + i,
                                              (utf8proc_ssize_t)(len - i), &cp);
        if (k <= 0) {
            i++;
            continue;
        }
        if (!is_word_cp(cp)) {
            i += (size_t)k;
            continue;
        }
        /* A word: fold it into acc (accented) and surf (stripped). */
        size_t start = i, al = 0, sl = 0;
        bool has_alpha = false;
        while (i < len) {
            k = utf8proc_iterate((const utf8proc_uint8_t *)text + i, (utf8proc_ssize_t)(len - i), &cp);
            if (k <= 0 || !is_word_cp(cp))
                break;
            i += (size_t)k;
            if (al >= ANALYZE_WORD_MAX)
                continue; /* over-long word: keep its head */
            char lo[4];
            size_t ll;
            const char *base;
            size_t bl;
            char tmp[4];
            if (cp < TABLE_MAX) {
                ll = table[cp].lower[0] ? strnlen(table[cp].lower, 4) : 0;
                memcpy(lo, table[cp].lower, ll);
                base = table[cp].base;
                bl = strlen(base);
                if (!bl && cp >= 0x80 && utf8proc_category(cp) != UTF8PROC_CATEGORY_MN) {
                    base = lo;
                    bl = ll;
                }
            } else {
                fold_slow(cp, lo, tmp, &bl);
                ll = strnlen(lo, 4);
                if (bl) {
                    base = tmp;
                } else if (utf8proc_category(cp) == UTF8PROC_CATEGORY_MN) {
                    base = "";
                } else {
                    base = lo;
                    bl = ll;
                }
            }
            if (cp == 0x153 || cp == 0x152 || cp == 0xE6 || cp == 0xC6) {
                memcpy(lo, base, 2); /* œ → oe in the accented form too */
                ll = 2;
            }
            if (al + ll > ANALYZE_WORD_MAX || sl + bl > ANALYZE_WORD_MAX)
                continue;
            memcpy(acc + al, lo, ll);
            al += ll;
            memcpy(surf + sl, base, bl);
            sl += bl;
            if (!(cp >= '0' && cp <= '9'))
                has_alpha = true;
        }
        acc[al] = '\0';
        surf[sl] = '\0';
        if (!sl)
            continue;
        struct token t = {
            .surface = surf, .surface_len = sl, .accented = acc, .start = start, .end = i,
            .pos = pos++,
        };
        /* "né" (born) is not the negation "ne". */
        t.stop = analyze_is_stopword(surf, sl) && strcmp(acc, "né");
        if (t.stop || !has_alpha || (sl <= 2 && strcmp(acc, "né"))) {
            memcpy(term, surf, sl + 1);
            t.term_len = sl;
        } else {
            t.term_len = analyze_stem(a, acc, al, term, sizeof term);
        }
        t.term = term;
        if (cb(ctx, &t))
            return;
    }
}

struct fold_ctx {
    char *out;
    size_t n;
};

static int fold_cb(void *ctx, const struct token *t)
{
    struct fold_ctx *f = ctx;
    if (f->n)
        f->out[f->n++] = ' ';
    memcpy(f->out + f->n, t->surface, t->surface_len);
    f->n += t->surface_len;
    return 0;
}

char *analyze_fold(const char *text, size_t len)
{
    /* Each input byte yields at most 2 output bytes (œ → oe, ß → ss), plus spaces. */
    struct fold_ctx f = {xmalloc(2 * len + 2), 0};
    analyze_text(analyze_thread(), text, len, fold_cb, &f);
    f.out[f.n] = '\0';
    return f.out;
}
