/* bench/recorder.c — what recording one exchange costs (store/messages.c).
 *
 * Every answer the server gives is queued and written by one background
 * thread; on two cores that thread takes CPU from the workers that answer.
 * This measures it alone: N exchanges shaped like the server's (a ~900-byte
 * answer, two sources, one fresh conversation per exchange as for stateless
 * API calls), recorded as fast as possible, then flushed.  Prints the
 * process's CPU time per exchange (nearly all of it the writer's) and the
 * database bytes per exchange.
 *
 * Replies are shared by the exchanges that gave the same text (schema step
 * 7): what an exchange costs depends on how often its reply was given
 * before.  K distinct replies are given in turn (K = 430 by default, as
 * many as the SPF questions `make bench` asks in turn); K = 0 makes every
 * reply new, the costliest case (a reply row and its index entry each).
 *
 * usage: build/bench/recorder [N] [DB] [K]     (make bench builds and runs it)
 *   N   exchanges (default 200000)
 *   DB  database file (default /tmp/guichet-recorder-bench.db, removed first)
 *   K   distinct replies given in turn (default 430; 0: every one new) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "answer/conversation.h"
#include "store/db.h"
#include "store/messages.h"

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static long long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long long)st.st_size : 0;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 200000;
    const char *path = argc > 2 ? argv[2] : "/tmp/guichet-recorder-bench.db";
    long kinds = argc > 3 ? strtol(argv[3], NULL, 10) : 430;
    if (n <= 0 || kinds < 0) {
        fprintf(stderr, "usage: recorder [N] [DB] [K]\n");
        return 2;
    }
    db_library_init();
    char wal[4096];
    snprintf(wal, sizeof wal, "%s-wal", path);
    unlink(path);
    unlink(wal);

    struct gc_err e;
    if (getenv("RECORDER_SQL")) {
        struct db *db;
        if (db_open(&db, path, DB_READWRITE, &e) || db_exec(db, getenv("RECORDER_SQL"), &e)) {
            fprintf(stderr, "recorder: %s\n", e.msg);
            return 1;
        }
        db_close(db);
    }
    struct messages *m;   /* creates the database */
    if (messages_open(&m, path, 90, &e)) {
        fprintf(stderr, "recorder: %s\n", e.msg);
        return 1;
    }

    /* An answer of the usual length: three sentences of a procedure page. */
    char answer[1024];
    int len = snprintf(answer, sizeof answer, "%s",
             "Pour obtenir une carte nationale d'identité, vous devez prendre rendez-vous "
             "auprès d'une mairie équipée d'un dispositif de recueil, même si vous habitez "
             "une autre commune. Vous pouvez faire une pré-demande en ligne avant le "
             "rendez-vous : notez alors le numéro de pré-demande qui vous est attribué, il "
             "sera demandé au guichet. Le délai de fabrication dépend de la période de "
             "l'année et du lieu de la demande ; il est plus long avant l'été, aussi "
             "anticipez votre démarche si vous partez en vacances à l'étranger. La carte "
             "est remise en mains propres au demandeur, à la mairie où la demande a été "
             "déposée, sur présentation du récépissé.");
    const char *question = "comment faire une carte d'identité pour mon fils de 12 ans ?";
    double t0 = now_s(), c0 = cpu_s();
    long dropped = 0;
    for (long i = 0; i < n; i++) {
        char cid[CONVERSATION_ID_LEN + 1];
        conversation_new_id(cid);
        /* The reply's number at its end: K texts that differ only there
         * (the hash reads them all, the cache compares them whole). */
        snprintf(answer + len, sizeof answer - (size_t)len, " (%ld)", kinds ? i % kinds : i);
        struct message_rec r = {
            .conversation_id = cid,
            .channel = "api",
            .question = question,
            .question_len = strlen(question),
            .answer = answer,
            .source_ids = {"F1342", "F21089"},
            .nsources = 2,
            .confidence = 0.82,
            .path = "extractive",
            .elapsed_ms = 0.07,
        };
        if (!messages_record(m, &r)) {
            dropped++;
            messages_flush(m);   /* the queue is full: let the writer catch up */
        }
    }
    messages_flush(m);
    double t1 = now_s(), c1 = cpu_s();
    struct messages_counts k;
    messages_counts(m, &k);
    messages_close(m);
    long long bytes = file_size(path) + file_size(wal);
    char replies[48];
    if (kinds)
        snprintf(replies, sizeof replies, "%ld replies in turn", kinds);
    else
        snprintf(replies, sizeof replies, "every reply new");
    printf("recorder (%s): %ld exchanges in %.2f s (%.0f/s), CPU %.1f us per exchange, "
           "%.0f bytes of database per exchange, %llu written, %ld refused by a full queue\n",
           replies, n, t1 - t0, (double)n / (t1 - t0), (c1 - c0) * 1e6 / (double)n,
           (double)bytes / (double)n, (unsigned long long)k.written, dropped);
    unlink(path);
    unlink(wal);
    return 0;
}
