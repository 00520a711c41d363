/* systemd.c — sd_notify through libsystemd.
 * See systemd.h. */
#include "util/systemd.h"

#include <stdint.h>
#include <systemd/sd-daemon.h>
#include <time.h>

void systemd_ready(const char *status)
{
    sd_notifyf(0, "READY=1\nSTATUS=%s", status ? status : "serving");
}

void systemd_reloading(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    sd_notifyf(0, "RELOADING=1\nMONOTONIC_USEC=%llu",
               (unsigned long long)ts.tv_sec * 1000000ull + (unsigned long long)ts.tv_nsec / 1000);
}

void systemd_stopping(void)
{
    sd_notify(0, "STOPPING=1");
}

void systemd_watchdog(void)
{
    sd_notify(0, "WATCHDOG=1");
}

long systemd_watchdog_ms(void)
{
    uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0)
        return 0;
    long ms = (long)(usec / 2000);
    return ms > 0 ? ms : 1;
}
