// COIN-OR's C interfaces to Clp (linear programs) and Cbc (mixed-integer programs), from
// Debian's coinor-libclp-dev and coinor-libcbc-dev (headers in /usr/include/coin).
// GreenParkOptimization is the only module that imports this.
#ifndef GREENPARK_CCOINOR_SHIM_H
#define GREENPARK_CCOINOR_SHIM_H
#include <coin/Clp_C_Interface.h>
#include <coin/Cbc_C_Interface.h>
#endif
