/* ht.h: the whole kernel library in one include. */
#ifndef HT_H
#define HT_H
#include "ht_causal.h"
#include "ht_delta.h"
#include "ht_isa.h"
#include "ht_kernels.h"
#include "ht_math.h"
#include "ht_rng.h"
#include "ht_scm.h"
#include "ht_status.h"
#include "ht_trainer.h"
#endif
