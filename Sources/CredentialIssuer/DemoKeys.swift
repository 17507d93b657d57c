import CredentialKit

/// Laurel's published demo keys: in the repository (`keys/`) and in this file, so anyone can
/// sign with them. `laurel demo` uses them; `laurel issue` refuses them unless told
/// `--allow-demo-key`, so no real credential is ever signed with a key the world holds.
public enum DemoKeys {
    /// keys/demo-ed25519.pem
    public static let ed25519PEM = """
-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIPDJvuD48F2bT8/8cBZETJQGAPk8ydjfvpZ/4ChgPbXY
-----END PRIVATE KEY-----
"""

    /// keys/demo-p256.pem
    public static let p256PEM = """
-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg2Ipl8uxJPOL7oAhp
sIrUSGgt7GnUmm5D5SBBbE8ja6ahRANCAASPUjLYP57ZFmfprPWhXEA8+oiwGwXI
l/fyw5OoyJTdU2g7lUXKDsTzGiK7kK2SEF7rqC4MujNXgU4C2iDCAkRs
-----END PRIVATE KEY-----
"""

    /// keys/demo-rsa.pem
    public static let rsaPEM = """
-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQCksDy6ougRFZfc
jKN6EztsAed12h1drbO/13Xvs3LQWgOVKH7yzqkO0aIS27LEP4ihy5H+yRo5S1Sz
aM3aeIKNcoB0qnG6fkucpC4D0NMkkb5KPINmCESol43okcySgDoOsUAsi0oapZDK
w3a628U+jAZiyCCwAIPV0U5ILD8dpIBCOK1Se7NV95ckSJ5EgKfQsGRSna+n+3zE
OM8nW1fFnq3EFCzGyiS/lwuY/N3ERSVKhToEi7ODXACQevcU63CueFt8qgCeGYvK
ve9DGq0YOdr4lMlmJBsurXCyqOFwwHkZc1jMOzs3ji7efkpysXcenm/OM9AfEuKM
8kzjSnHjAgMBAAECggEACZoQ4FzRJPXaVcyJV3u5kjGGOjPOVIDlIwE/6grPXeBx
pwemZyevaaLFTU4r3Q9LOwuwZmd5NO/0b0VkAyHVksOjQ6oQWWw1oltcJ3LMbKxm
qNNgYdmHj0DO0El34O7C88pX0IEKgAU5LOk6ieh4Vo45bRb3+Or+xL+gTcrunx65
MEjeR36rvtOSBmOtUdSVcvEOcLs7W/Jco0bcYxEulHxd+UDF/FacS07C+NWbYIDg
CKmHMkSWVpMXmDR0AiCgWs5VQ3pEK47fzqjzjrK2fWdXYnQsqRgfuPFIqMGZ023H
h5RgSb0ep1MsRI/il78HTr+0/8ozBwvc5pZXe5cuMQKBgQDbp5bZuC8LtmUW4qKv
8zTkz+vnnZV44LVkrp0uds2/xTM90ehan6aAcRjr6jFMaJfxkXH2CTm5vShJJjO8
2mwoXX9nPrGLehkA3fOvXpyKLlCk53bPPO3pbzGD+8odUu0iwyPUI8I9qRiUUyGK
pF6/ZoadmqeSzGAFv41ckarimwKBgQC/8FGosxeTfZVCBJDYk38hb2ol5EmqRXM2
MNe/YTBsRisWmItpSxPJsnNAVoUSUnseUIU9KVzJ7Tuti+h6To3bFI+g14/UfaSH
mzPS+h1yB97XNhAIrnxJZNXLv6En3/IXmlHwYioKUsaQlFRuXGJ1Z+Uv9ytOMKvD
pdlgenKeWQKBgDMOHCkU/5JoXczY9tmQ3S2GCp42aaTEDkWNtKk1IhO+AXAQF0Lh
MvFN2G4VbEoHUbHrjaKTeGBs0C1YfNQbrOIhAVj9IIV75s3lyRttEVOo+kOqLVp0
HhSRLOAxqUPxn37h/rTzbtWoNTdcr0IrfH5elVGSvfqIGJWddX0buq2bAoGAHlpm
z4Li65QkkngeX+GTbTotUyiy7ZZmDd/TfpRkD/tYvQ4KnfAdhPwPddE44hjhF34s
U+vCnLxDf8JsVUsu68JopEryl+v2pOtKWsbq+Sl9eBM4nebaCNFFbh8z4RZtNoZV
Buq/Mzq75AlRANLjTyXK/LbdxlO0FhCYO8WhcqECgYEAgudZ3Xiuhkkfqu9GsEXB
j4YvToBra9pyuHGILRFxPVPdQ5hXCHmFrRWVDQjc5/eUeRl8+nax4bjmH3FHX/9M
ldY0pYOrPn5sOB0RGZGWdxyV+YdAWlSma03tiHfMeUvQ/Lv50FVoDJDPK70Sm0Vb
vObE8kiKCoM+JM5e3V5EqAg=
-----END PRIVATE KEY-----
"""

    /// The demo keys, parsed.
    public static let all: [PrivateKey] = [ed25519PEM, p256PEM, rsaPEM].map { pem in
        do { return try PrivateKey(pem: pem) } catch { preconditionFailure("a built-in demo key does not parse: \(error)") }
    }

    /// Whether `key` is one of the demo keys.
    public static func isDemoKey(_ key: PublicKey) -> Bool {
        all.contains { $0.publicKey == key }
    }
}
