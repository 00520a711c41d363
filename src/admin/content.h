/* content.h — who may do what to the town's pages in the back office
 * (docs/admin.md).  The states and transitions themselves are those of
 * store/pages.h; this says only which accounts may ask for them. */
#ifndef GC_ADMIN_CONTENT_H
#define GC_ADMIN_CONTENT_H

#include <stdbool.h>

#include "store/users.h"

enum content_act {
    CONTENT_EDIT,       /* change the text, save it as a draft */
    CONTENT_SUBMIT,     /* draft -> submitted */
    CONTENT_VALIDATE,   /* draft or submitted -> validated (never by its author: the store) */
    CONTENT_WITHDRAW,   /* -> withdrawn */
    CONTENT_GIVEBACK,   /* submitted -> draft, with a reason (as validating) */
    CONTENT_REPUBLISH,  /* withdrawn -> validated again (as validating) */
};

/* May account u do act on a page of `service`?  Admins: everything.
 * Editors and validators: on the pages of their services (an account
 * without services: every service); validating, giving back and
 * republishing are for validators.  Pure. */
bool content_may(const struct user *u, enum content_act act, const char *service);

#endif
