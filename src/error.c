/*
 * error.c - status codes to messages, and the version.
 */
#include "ndcluster.h"

const char *
ndc_version(void)
{
    return NDC_VERSION_STRING;
}

const char *
ndc_strerror(ndc_status s)
{
    switch (s) {
    case NDC_OK:
        return "success";
    case NDC_ERR_NOMEM:
        return "out of memory";
    case NDC_ERR_INVALID:
        return "invalid argument";
    case NDC_ERR_UNSUPPORTED:
        return "not supported";
    case NDC_ERR_WRITE:
        return "write failed";
    case NDC_ERR_STATE:
        return "unusable state";
    case NDC_ERR_FULL:
        return "record numbers used up";
    }
    return "unknown status";
}
