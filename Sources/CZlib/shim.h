// CZlib: zlib, used for the GZIP wrapping of Bitstring Status Lists.
#ifndef LAUREL_CZLIB_SHIM_H
#define LAUREL_CZLIB_SHIM_H
#include <zlib.h>

/// `deflateInit2` and `inflateInit2` are macros that pass the library version and stream size.
static inline int CZlib_deflateInit2(z_streamp strm, int level, int method, int windowBits, int memLevel, int strategy) {
    return deflateInit2(strm, level, method, windowBits, memLevel, strategy);
}
static inline int CZlib_inflateInit2(z_streamp strm, int windowBits) {
    return inflateInit2(strm, windowBits);
}
#endif
