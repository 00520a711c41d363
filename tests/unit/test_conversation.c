/* test_conversation.c — answer/conversation: follow-up markers, ids, the
 * LRU of topics (expiry, eviction, cuts) and its thread safety. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "answer/conversation.h"

static void test_followup_markers(void **state)
{
    (void)state;
    static const struct {
        const char *folded;
        bool followup;
    } cases[] = {
        {"et le samedi", true},
        {"et pour la piscine", true},
        {"et", true},
        {"  et le dimanche", true},
        {"aussi le dimanche", true},
        {"meme chose pour la piscine", true},
        {"meme question pour le conservatoire", true},
        {"pareil pour les encombrants", true},
        {"idem pour la mairie", true},
        {"le samedi aussi", true},
        {"et la piscine egalement", true},
        {"horaires de la mediatheque", false},
        {"etat civil acte de naissance", false},     /* "et" must be a word */
        {"ete", false},
        {"aussitot que possible", false},
        {"comment faire une carte d identite", false},
        {"", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (conversation_is_followup(cases[i].folded) != cases[i].followup)
            fail_msg("conversation_is_followup(\"%s\") should be %d", cases[i].folded,
                     cases[i].followup);
    assert_false(conversation_is_followup(NULL));
}

static void test_ids(void **state)
{
    (void)state;
    char a[CONVERSATION_ID_LEN + 1], b[CONVERSATION_ID_LEN + 1];
    conversation_new_id(a);
    conversation_new_id(b);
    assert_int_equal(strlen(a), 32);
    assert_string_not_equal(a, b);
    /* Time first: a later id never sorts before an earlier one, and the
     * random part differs. */
    assert_true(memcmp(a, b, 12) <= 0);
    assert_memory_not_equal(a + 12, b + 12, 20);
    for (const char *p = a; *p; p++)
        assert_true((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'));
    assert_true(conversation_id_valid(a));
    assert_true(conversation_id_valid("sms-3f2a_b.1"));
    assert_false(conversation_id_valid(""));
    assert_false(conversation_id_valid(NULL));
    assert_false(conversation_id_valid("a b"));
    assert_false(conversation_id_valid("<script>"));
    assert_false(conversation_id_valid("é"));
    char longid[GC_CONVERSATION_ID_MAX + 2];
    memset(longid, 'a', sizeof longid - 1);
    longid[sizeof longid - 1] = '\0';
    assert_false(conversation_id_valid(longid));
    longid[GC_CONVERSATION_ID_MAX] = '\0';
    assert_true(conversation_id_valid(longid));
}

static void test_get_put_expire(void **state)
{
    (void)state;
    struct conversations *c = conversations_new(64, 1800);
    char topic[GC_TOPIC_MAX_BYTES];
    assert_false(conversations_get(c, "abc", 100, topic, sizeof topic));
    conversations_put(c, "abc", "horaires mediatheque", 100);
    assert_true(conversations_get(c, "abc", 200, topic, sizeof topic));
    assert_string_equal(topic, "horaires mediatheque");
    assert_false(conversations_get(c, "abd", 200, topic, sizeof topic));
    /* A get refreshes: 200 + 1800 is still alive, 200 + 1801 is not. */
    assert_true(conversations_get(c, "abc", 2000, topic, sizeof topic));
    assert_false(conversations_get(c, "abc", 3801, topic, sizeof topic));
    assert_int_equal(conversations_count(c), 0);   /* dropped on the way */
    /* Replace, then forget with an empty topic. */
    conversations_put(c, "x", "piscine", 10);
    conversations_put(c, "x", "cantine tarifs", 11);
    assert_true(conversations_get(c, "x", 12, topic, sizeof topic));
    assert_string_equal(topic, "cantine tarifs");
    assert_int_equal(conversations_count(c), 1);
    conversations_put(c, "x", "", 13);
    assert_false(conversations_get(c, "x", 14, topic, sizeof topic));
    /* The caller's buffer is respected. */
    conversations_put(c, "y", "encombrants collecte", 20);
    char small[6];
    assert_true(conversations_get(c, "y", 21, small, sizeof small));
    assert_string_equal(small, "encom");
    /* Bad ids are ignored. */
    conversations_put(c, NULL, "a", 1);
    conversations_put(c, "", "a", 1);
    assert_false(conversations_get(c, NULL, 1, topic, sizeof topic));
    conversations_free(c);
    conversations_free(NULL);
}

static void test_topic_cut_at_a_word(void **state)
{
    (void)state;
    struct conversations *c = conversations_new(16, 60);
    char big[GC_TOPIC_MAX_BYTES * 2] = "";
    while (strlen(big) + 12 < sizeof big)
        strncat(big, "mediatheque ", sizeof big - strlen(big) - 1);
    conversations_put(c, "z", big, 1);
    char topic[GC_TOPIC_MAX_BYTES * 2];
    assert_true(conversations_get(c, "z", 2, topic, sizeof topic));
    assert_true(strlen(topic) < GC_TOPIC_MAX_BYTES);
    size_t n = strlen(topic);
    assert_true(n >= 11 && !strcmp(topic + n - 11, "mediatheque"));   /* whole words */
    conversations_free(c);
}

static void test_lru_eviction(void **state)
{
    (void)state;
    /* 16 shards of 2: at most 32 entries. */
    struct conversations *c = conversations_new(32, 3600);
    char id[32], topic[GC_TOPIC_MAX_BYTES];
    for (int i = 0; i < 1000; i++) {
        snprintf(id, sizeof id, "conv-%d", i);
        conversations_put(c, id, "topic", (uint64_t)i);
        if (i == 500)   /* keep one alive by reading it often */
            continue;
        assert_true(conversations_get(c, "conv-500", (uint64_t)i, topic, sizeof topic) || i < 500);
    }
    assert_true(conversations_count(c) <= 32);
    assert_true(conversations_get(c, "conv-999", 1000, topic, sizeof topic));   /* the newest */
    assert_true(conversations_get(c, "conv-500", 1000, topic, sizeof topic));   /* recently used */
    assert_false(conversations_get(c, "conv-0", 1000, topic, sizeof topic));    /* evicted */
    conversations_free(c);
}

struct worker {
    struct conversations *c;
    int k;
    int found;
};

static void *hammer(void *arg)
{
    struct worker *w = arg;
    char id[32], topic[GC_TOPIC_MAX_BYTES], want[32];
    for (int i = 0; i < 20000; i++) {
        snprintf(id, sizeof id, "t%d-%d", w->k, i % 300);
        snprintf(want, sizeof want, "sujet %d %d", w->k, i % 300);
        if (conversations_get(w->c, id, (uint64_t)i, topic, sizeof topic)) {
            if (strcmp(topic, want))   /* never another conversation's topic */
                return (void *)1;
            w->found++;
        }
        conversations_put(w->c, id, want, (uint64_t)i);
    }
    return NULL;
}

/* Four threads on one store.  With room for every conversation, each
 * thread finds its own topics again (and never another's); with less room
 * than conversations, eviction runs under contention and the count stays
 * within the cap.  (Cyclic access over more ids than the cap gives an LRU
 * no hit at all when the threads run side by side, so hits are only asked
 * for in the first case.) */
static void run_threads(size_t cap, bool want_hits)
{
    struct conversations *c = conversations_new(cap, 3600);
    pthread_t t[4];
    struct worker w[4];
    for (int k = 0; k < 4; k++) {
        w[k] = (struct worker){c, k, 0};
        assert_int_equal(pthread_create(&t[k], NULL, hammer, &w[k]), 0);
    }
    for (int k = 0; k < 4; k++) {
        void *r;
        pthread_join(t[k], &r);
        assert_null(r);
        if (want_hits)
            assert_true(w[k].found > 0);
    }
    assert_true(conversations_count(c) <= cap);
    conversations_free(c);
}

static void test_threads(void **state)
{
    (void)state;
    run_threads(8192, true);   /* 4 x 300 conversations, spread over the shards */
    run_threads(256, false);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_followup_markers),
        cmocka_unit_test(test_ids),
        cmocka_unit_test(test_get_put_expire),
        cmocka_unit_test(test_topic_cut_at_a_word),
        cmocka_unit_test(test_lru_eviction),
        cmocka_unit_test(test_threads),
    };
    return cmocka_run_group_tests_name("conversation", tests, NULL, NULL);
}
