/* test_url.c — import/url: the URLs pages, facilities and events may carry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdbool.h>

#include "import/url.h"

/* The one check of page, facility and event URLs. */
static void test_urls(void **s)
{
    (void)s;
    static const struct {
        const char *u;
        bool path_ok, ok;
    } cases[] = {
        {"https://www.villebrune.example/a", false, true},
        {"http://villebrune.example", false, true},
        {"/demarches/cni", true, true},
        {"/demarches/cni", false, false},
        {"ftp://x", true, false},
        {"javascript:alert(1)", true, false},
        {"HTTPS://x", true, false},      /* as before: the scheme in lower case */
        {"https:/x", true, false},
        {"http:", true, false},
        {"www.villebrune.example", true, false},
        {"", true, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (url_is_valid(cases[i].u, cases[i].path_ok) != cases[i].ok)
            fail_msg("url_is_valid(\"%s\", %d) != %d", cases[i].u, cases[i].path_ok,
                     cases[i].ok);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_urls),
    };
    return cmocka_run_group_tests_name("import/url", tests, NULL, NULL);
}
