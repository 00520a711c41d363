/* fuzz-sources: src/import/markdown.c src/import/url.c src/import/passages.c src/knowledge/ src/store/ src/text/ */
/* fuzz_markdown.c — a page file (front matter + Markdown body) as imported. */
#include <stddef.h>
#include <stdint.h>

#include "import/markdown.h"
#include "store/pages.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct page_rec p;
    struct gc_err e;
    markdown_parse_page("fuzz.md", (const char *)data, size, &p, &e);
    page_rec_free(&p);
    return 0;
}
