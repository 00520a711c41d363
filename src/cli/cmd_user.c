/* cmd_user.c — `guichet user`: the back office's accounts from the command
 * line (docs/admin.md).
 *
 *   guichet user add --db F --role admin|validator|editor [--service S]... LOGIN
 *   guichet user list --db F [--json]
 *   guichet user disable --db F LOGIN
 *   guichet user password --db F LOGIN
 *
 * A password is read from standard input (one line), never from the
 * command line (where `ps` and the shell's history would show it); on a
 * terminal it is not echoed.  Each change is written to the audit log as
 * "cli:" and the system user.  Exit status: 0 done, 1 failure (message on
 * stderr), 2 bad usage. */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "admin/accounts.h"
#include "cli/cli.h"
#include "store/audit.h"
#include "store/users.h"
#include "util/jsonw.h"
#include "util/mem.h"

static const char usage[] =
    "usage: guichet user add --db FILE --role admin|validator|editor [--service S]... LOGIN\n"
    "       guichet user list --db FILE [--json]\n"
    "       guichet user disable --db FILE LOGIN\n"
    "       guichet user password --db FILE LOGIN\n\n"
    "Manage the accounts of the back office (/admin/, docs/admin.md).\n"
    "  add        create an account; its password is read from standard input\n"
    "             (one line, at least 12 characters), never from the command line\n"
    "  --role     admin (everything, accounts included), validator (validates pages,\n"
    "             handles the questions loop) or editor (edits pages)\n"
    "  --service  a service whose pages the account acts on, as written in the\n"
    "             pages' front matter (repeat it; required for an editor; none for a\n"
    "             validator: every service)\n"
    "  list       the accounts (--json: a JSON array)\n"
    "  disable    disable an account and end its sessions\n"
    "  password   set an account's password (read from standard input) and end its\n"
    "             sessions\n"
    "Every change is written to the audit log.\n";

/* "cli:" and the system user, for the audit log. */
static void who(char out[96])
{
    const char *u = getenv("USER");
    struct passwd *pw = u && *u ? NULL : getpwuid(getuid());
    snprintf(out, 96, "cli:%.80s", u && *u ? u : pw ? pw->pw_name : "?");
}

/* One line of standard input (not echoed on a terminal), without its end. */
static int read_password(char *out, size_t n)
{
    struct termios old, quiet;
    bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
    if (tty) {
        fprintf(stderr, "Mot de passe : ");
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    char *got = fgets(out, (int)n, stdin);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        fputc('\n', stderr);
    }
    if (!got)
        return -1;
    size_t l = strlen(out);
    if (l == n - 1 && out[l - 1] != '\n')
        return -2;   /* longer than the buffer */
    while (l && (out[l - 1] == '\n' || out[l - 1] == '\r'))
        out[--l] = '\0';
    return 0;
}

struct list_ctx {
    bool json, first;
};

static int print_user(void *ctx, const struct user *u)
{
    struct list_ctx *c = ctx;
    if (c->json) {
        struct buf b;
        struct jsonw w;
        buf_init(&b, 64 * 1024);
        jsonw_init(&w, &b);
        jsonw_open(&w, '{');
        jsonw_field_str(&w, "login", u->login);
        jsonw_field_str(&w, "role", user_role_name(u->role));
        jsonw_field_bool(&w, "disabled", u->disabled);
        jsonw_key(&w, "services");
        jsonw_open(&w, '[');
        for (int i = 0; i < u->nservices; i++)
            jsonw_str(&w, u->services[i]);
        jsonw_close(&w, ']');
        jsonw_field_str(&w, "created_at", u->created_at);
        jsonw_close(&w, '}');
        printf("%s%s", c->first ? "" : ",", buf_str(&b));
        buf_free(&b);
        c->first = false;
        return 0;
    }
    printf("%-24s %-9s %-8s ", u->login, user_role_name(u->role), u->disabled ? "disabled" : "active");
    if (!u->nservices)
        printf("%s", u->role == ROLE_ADMIN ? "-" : "(every service)");
    for (int i = 0; i < u->nservices; i++)
        printf("%s%s", i ? "; " : "", u->services[i]);
    putchar('\n');
    return 0;
}

int cmd_user(int argc, char **argv)
{
    static const char *const local[] = {"role=", "json", NULL};
    const char *lv[2] = {NULL, NULL};
    const char *pos[2];
    int npos = 0, status = 1;
    struct config *cfg = config_new();
    struct db *db = NULL;
    struct gc_err e = {0};
    char by[96], pw[GC_PASSWORD_MAX_BYTES + 2] = "", hash[USER_HASH_MAX];
    /* --service may be repeated: taken out before the common parser. */
    const char *services[GC_USER_SERVICES_MAX + 1];
    int nserv = 0;
    char **rest = xcalloc((size_t)argc + 1, sizeof *rest);
    int nrest = 0;
    for (int i = 0; i < argc; i++) {
        if (i > 0 && !strcmp(argv[i], "--service") && i + 1 < argc) {
            if (nserv <= GC_USER_SERVICES_MAX)
                services[nserv++] = argv[++i];
        } else if (i > 0 && !strncmp(argv[i], "--service=", 10)) {
            if (nserv <= GC_USER_SERVICES_MAX)
                services[nserv++] = argv[i] + 10;
        } else {
            rest[nrest++] = argv[i];
        }
    }
    if (nrest < 2 || rest[1][0] == '-') {
        /* No subcommand: the options are still checked the common way. */
        status = cli_args(cfg, "user", usage, nrest, rest, local, lv, pos, 1, &npos);
        if (status < 0)
            status = cli_usage_error("user", usage, "expected add, list, disable or password");
        goto out;
    }
    const char *sub = rest[1];
    status = cli_args(cfg, "user", usage, nrest - 1, rest + 1, local, lv, pos, 1, &npos);
    if (status >= 0)
        goto out;
    status = 1;
    bool list = !strcmp(sub, "list");
    if (strcmp(sub, "add") && !list && strcmp(sub, "disable") && strcmp(sub, "password")) {
        status = cli_usage_error("user", usage, "expected add, list, disable or password");
        goto out;
    }
    if (list ? npos != 0 : npos != 1) {
        status = cli_usage_error("user", usage, list ? "list takes no argument" : "expected LOGIN");
        goto out;
    }
    if (nserv > GC_USER_SERVICES_MAX) {
        fprintf(stderr, "guichet user: at most %d services per account\n", GC_USER_SERVICES_MAX);
        status = 2;
        goto out;
    }
    const char *path = config_get(cfg, "db");
    if (access(path, F_OK) != 0) {
        fprintf(stderr, "guichet user: database '%s' not found: create it with 'guichet import "
                        "--db %s DIR' (or give --db FILE)\n", path, path);
        goto out;
    }
    if (db_open(&db, path, list ? DB_READONLY : DB_READWRITE, &e)) {
        fprintf(stderr, "guichet user: %s\n", e.msg);
        goto out;
    }
    who(by);
    if (list) {
        struct list_ctx lc = {lv[1] != NULL, true};
        if (lc.json)
            putchar('[');
        if (users_list(db, print_user, &lc, &e)) {
            fprintf(stderr, "guichet user: %s\n", e.msg);
            goto out;
        }
        if (lc.json)
            puts("]");
        status = 0;
        goto out;
    }
    const char *login = pos[0];
    if (!strcmp(sub, "disable")) {
        if (users_disable(db, login, &e) || audit_write(db, by, "user.disable", login, NULL, &e)) {
            fprintf(stderr, "guichet user: %s\n", e.msg);
            goto out;
        }
        printf("disabled %s (its sessions are ended)\n", login);
        status = 0;
        goto out;
    }
    enum user_role role = ROLE_EDITOR;
    if (!strcmp(sub, "add")) {
        if (!lv[0] || !user_role_parse(lv[0], &role)) {
            status = cli_usage_error("user", usage, "--role must be admin, validator or editor");
            goto out;
        }
        if (role == ROLE_EDITOR && !nserv) {
            status = cli_usage_error("user", usage, "an editor needs at least one --service");
            goto out;
        }
        if (!user_login_valid(login)) {
            fprintf(stderr, "guichet user: login '%s' is not valid: letters, digits, '.', '_', "
                            "'-' or '@' (at most %d), starting with a letter or a digit\n",
                    login, GC_LOGIN_MAX);
            status = 2;
            goto out;
        }
    }
    int r = read_password(pw, sizeof pw);
    if (r) {
        fprintf(stderr, "guichet user: %s\n", r == -1 ? "no password on standard input"
                                                      : "the password is too long");
        goto out;
    }
    if (!accounts_password_ok(pw, login, &e)) {
        fprintf(stderr, "guichet user: %s\n", e.msg);
        goto out;
    }
    if (accounts_hash(pw, hash, &e)) {
        fprintf(stderr, "guichet user: %s\n", e.msg);
        goto out;
    }
    if (!strcmp(sub, "add")) {
        if (users_add(db, login, role, services, role == ROLE_ADMIN ? 0 : nserv, hash, &e) ||
            audit_write(db, by, "user.add", login, user_role_name(role), &e)) {
            fprintf(stderr, "guichet user: %s\n", e.msg);
            goto out;
        }
        printf("added %s (%s)\n", login, user_role_name(role));
    } else {
        struct user u;
        if (users_get(db, login, &u, NULL, &e) || users_set_password(db, u.id, hash, NULL, &e) ||
            audit_write(db, by, "user.password", login, "set from the command line", &e)) {
            fprintf(stderr, "guichet user: %s\n", e.msg);
            goto out;
        }
        printf("password of %s changed (its sessions are ended)\n", login);
    }
    status = 0;
out:
    memset(pw, 0, sizeof pw);
    free(rest);
    db_close(db);
    config_free(cfg);
    return status;
}
