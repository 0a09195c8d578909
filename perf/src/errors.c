/* errors.c - error codes of TOCK_ERROR_MAP as names and messages. One list
 * (api.h) generates the enum, this file's names and its messages, so a new
 * code cannot be added to one and forgotten in another.
 */
#include "internal.h"

const char *tock_strerror(int status) {
    switch (status) {
    case 0: return "ok";
#define TOCK__ERR_MSG(name, code, msg)                                                             \
    case code: return msg;
        TOCK_ERROR_MAP(TOCK__ERR_MSG)
#undef TOCK__ERR_MSG
    default: return "unknown error";
    }
}

const char *tock_err_name(int status) {
    switch (status) {
    case 0: return "TOCK_OK";
#define TOCK__ERR_NAME(name, code, msg)                                                            \
    case code: return "TOCK_E" #name;
        TOCK_ERROR_MAP(TOCK__ERR_NAME)
#undef TOCK__ERR_NAME
    default: return "TOCK_E?";
    }
}
