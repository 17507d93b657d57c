import Testing

@Test func placeholder_CredentialIssuerTests() { #expect(1 + 1 == 2) }
