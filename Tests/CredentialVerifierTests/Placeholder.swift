import Testing

@Test func placeholder_CredentialVerifierTests() { #expect(1 + 1 == 2) }
