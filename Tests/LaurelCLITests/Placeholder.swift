import Testing

@Test func placeholder_LaurelCLITests() { #expect(1 + 1 == 2) }
