/* town.c — a town's content folder: town.ini and its word lists (contract
 * in town.h). */
#include "import/town.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/file.h"
#include "util/limits.h"
#include "util/mem.h"
#include "util/utf8.h"

static bool blank(char c)
{
    return c == ' ' || c == '\t';
}

enum gc_rc town_ini_parse(const char *name, const char *text, size_t len, struct town_rec *out,
                          struct gc_err *e)
{
    if (len > GC_LANGDATA_FILE_MAX)
        return gc_err_set(e, GC_ERR_TOOBIG, "%s: larger than %d bytes", name, GC_LANGDATA_FILE_MAX);
    int line = 0;
    for (size_t i = 0; i < len;) {
        const char *p = text + i, *nl = memchr(p, '\n', len - i);
        size_t n = nl ? (size_t)(nl - p) : len - i;
        i += n + (nl != NULL);
        line++;
        if (n && p[n - 1] == '\r')
            n--;
        for (size_t k = 0; k < n;) {
            int32_t cp = 0;
            size_t l = utf8_seq_len(p + k, n - k, &cp);
            if (!l)
                return gc_err_set(e, GC_ERR_PARSE, "%s:%d: invalid UTF-8", name, line);
            if ((cp < 0x20 && cp != '\t') || cp == 0x7f)
                return gc_err_set(e, GC_ERR_PARSE, "%s:%d: control character 0x%02x", name, line,
                                  (unsigned)cp);
            k += l;
        }
        while (n && blank(*p)) {
            p++;
            n--;
        }
        while (n && blank(p[n - 1]))
            n--;
        if (!n || *p == '#' || *p == ';')
            continue;
        const char *eq = memchr(p, '=', n);
        if (!eq)
            return gc_err_set(e, GC_ERR_PARSE, "%s:%d: expected key = value", name, line);
        size_t kl = (size_t)(eq - p);
        while (kl && blank(p[kl - 1]))
            kl--;
        const char *v = eq + 1, *ve = p + n;
        while (v < ve && blank(*v))
            v++;
        if (ve - v >= 2 && *v == '"' && ve[-1] == '"') {
            v++;
            ve--;
        }
        int key = -1;
        for (int k = 0; k < TOWN__KEYS && key < 0; k++)
            if (strlen(town_key_name((enum town_key)k)) == kl &&
                !memcmp(p, town_key_name((enum town_key)k), kl))
                key = k;
        if (key < 0) {
            char keys[256] = "";
            size_t at = 0;
            for (int k = 0; k < TOWN__KEYS && at < sizeof keys; k++) {
                int w = snprintf(keys + at, sizeof keys - at, "%s%s", k ? ", " : "",
                                 town_key_name((enum town_key)k));
                at += w > 0 ? (size_t)w : 0;
            }
            return gc_err_set(e, GC_ERR_PARSE, "%s:%d: unknown key \"%.*s\" (known: %s)", name,
                              line, (int)(kl < 64 ? kl : 64), p, keys);
        }
        if (out->value[key])
            return gc_err_set(e, GC_ERR_PARSE, "%s:%d: %s is already set on line %d", name, line,
                              town_key_name((enum town_key)key), out->line[key]);
        size_t vl = (size_t)(ve - v);
        size_t max = key == TOWN_NAME ? GC_TOWN_NAME_MAX : TOWN_VALUE_MAX;
        if (vl > max)
            return gc_err_set(e, GC_ERR_TOOBIG, "%s:%d: %s longer than %zu bytes", name, line,
                              town_key_name((enum town_key)key), max);
        if (!vl)
            return gc_err_set(e, GC_ERR_PARSE, "%s:%d: %s is empty", name, line,
                              town_key_name((enum town_key)key));
        out->value[key] = xstrndup(v, vl);
        out->line[key] = line;
    }
    return GC_OK;
}

/* Read dir/file into *text; GC_ERR_NOTFOUND when it is not there. */
static enum gc_rc read_if_there(const char *dir, const char *file, char **path, char **text,
                                size_t *len, struct gc_err *e)
{
    char p[4096];
    size_t dl = strlen(dir);
    while (dl > 1 && dir[dl - 1] == '/')
        dl--;
    snprintf(p, sizeof p, "%.*s/%s", (int)dl, dir, file);
    struct stat sb;
    *path = NULL;
    *text = NULL;
    if (stat(p, &sb) != 0)
        return errno == ENOENT ? GC_ERR_NOTFOUND : gc_err_set(e, GC_ERR_IO, "%s: %s", p, strerror(errno));
    enum gc_rc rc = file_read(p, GC_LANGDATA_FILE_MAX, text, len, e);
    if (!rc)
        *path = xstrdup(p);
    return rc;
}

enum gc_rc town_read(const char *dir, struct town_rec *out, bool *any, struct gc_err *e)
{
    enum gc_rc rc;
    char *path, *text;
    size_t len;
    memset(out, 0, sizeof *out);
    *any = false;
    rc = read_if_there(dir, "town.ini", &path, &text, &len, e);
    if (rc == GC_OK) {
        *any = true;
        out->ini = path;
        rc = town_ini_parse(path, text, len, out, e);
        free(text);
    } else if (rc == GC_ERR_NOTFOUND) {
        rc = GC_OK;
    }
    for (int l = 0; l < TOWN__LISTS && !rc; l++) {
        rc = read_if_there(dir, town_list_file((enum town_list)l), &path, &text, &len, e);
        if (rc == GC_ERR_NOTFOUND) {
            rc = GC_OK;
            continue;
        }
        if (rc)
            break;
        *any = true;
        out->list_path[l] = path;
        rc = langdata_parse(path, text, len, town_list_format((enum town_list)l), &out->list[l], e);
        free(text);
    }
    if (rc)
        town_rec_free(out);
    return rc;
}
