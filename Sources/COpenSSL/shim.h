// COpenSSL: the OpenSSL 3 libcrypto headers Laurel uses, plus static inline
// wrappers for what Swift cannot import (function-like macros).
#ifndef LAUREL_COPENSSL_SHIM_H
#define LAUREL_COPENSSL_SHIM_H

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

/// `OPENSSL_free` is a macro carrying file/line; Swift calls this instead.
static inline void COpenSSL_free(void *pointer) { OPENSSL_free(pointer); }

/// `BIO_get_mem_data` is a macro over `BIO_ctrl`; returns the length and points `*data` at the buffer.
static inline long COpenSSL_BIO_get_mem_data(BIO *bio, char **data) { return BIO_get_mem_data(bio, data); }

/// `EVP_PKEY_CTX_set_rsa_keygen_bits` is a function in 3.0 but kept behind a macro in some headers.
static inline int COpenSSL_EVP_PKEY_CTX_set_rsa_keygen_bits(EVP_PKEY_CTX *ctx, int bits) {
    return EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, bits);
}

/// `EVP_PKEY_CTX_set_ec_paramgen_curve_nid` likewise.
static inline int COpenSSL_EVP_PKEY_CTX_set_ec_paramgen_curve_nid(EVP_PKEY_CTX *ctx, int nid) {
    return EVP_PKEY_CTX_set_ec_paramgen_curve_nid(ctx, nid);
}

/// `EVP_PKEY_CTX_set_rsa_padding` likewise.
static inline int COpenSSL_EVP_PKEY_CTX_set_rsa_padding(EVP_PKEY_CTX *ctx, int padding) {
    return EVP_PKEY_CTX_set_rsa_padding(ctx, padding);
}

/// `EVP_PKEY_PUBLIC_KEY` is a composite macro Swift does not import; the selection for `EVP_PKEY_fromdata` of a public key.
static inline int COpenSSL_EVP_PKEY_PUBLIC_KEY(void) { return EVP_PKEY_PUBLIC_KEY; }

/// `EVP_PKEY_KEYPAIR` likewise; the selection for `EVP_PKEY_fromdata` of a private key with its public half.
static inline int COpenSSL_EVP_PKEY_KEYPAIR(void) { return EVP_PKEY_KEYPAIR; }

#endif
