/* systemd.h — what the service tells systemd, and what systemd hands it
 * (sd_notify(3), sd_watchdog_enabled(3), by libsystemd).
 *
 * Every call is a no-op when the process was not started by systemd (no
 * NOTIFY_SOCKET or WATCHDOG_USEC in the environment): the same binary runs
 * from a shell, a test or a unit.  The unit files are in debian/
 * (guichet.service, guichet@.service); docs/deploy.md says why there is no
 * socket activation. */
#ifndef GC_UTIL_SYSTEMD_H
#define GC_UTIL_SYSTEMD_H

/* READY=1 with a STATUS line (Type=notify: systemd starts the units ordered
 * after this one, and `systemctl start` returns). */
void systemd_ready(const char *status);
/* RELOADING=1 (with MONOTONIC_USEC), then systemd_ready() once done. */
void systemd_reloading(void);
/* STOPPING=1. */
void systemd_stopping(void);
/* WATCHDOG=1: "still alive". */
void systemd_watchdog(void);

/* Half the watchdog period systemd expects pings at (WatchdogSec=), in
 * milliseconds; 0 when no watchdog is asked for. */
long systemd_watchdog_ms(void);

#endif
