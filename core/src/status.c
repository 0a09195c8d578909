/* status.c: names and messages of ht_status codes, generated from the map. */
#include "ht_status.h"

const char *ht_status_name(int status) {
    switch (status) {
#define HT__STATUS_NAME(name, code, msg)                                                           \
    case code: return "HT_" #name;
        HT_STATUS_MAP(HT__STATUS_NAME)
#undef HT__STATUS_NAME
    default: return "HT_UNKNOWN";
    }
}

const char *ht_status_message(int status) {
    switch (status) {
#define HT__STATUS_MSG(name, code, msg)                                                            \
    case code: return msg;
        HT_STATUS_MAP(HT__STATUS_MSG)
#undef HT__STATUS_MSG
    default: return "unknown status code";
    }
}
