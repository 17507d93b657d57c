import Testing
@testable import CredentialKit

@Suite("BitstringStatusListEntry")
struct BitstringStatusListEntryTests {
    /// The spec's simple revocation entry (§2.1, first example).
    static let revocationEntry: JSONValue = [
        "id": "https://example.com/credentials/status/3#94567",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "94567",
        "statusListCredential": "https://example.com/credentials/status/3",
    ]

    /// The spec's message entry with 2-bit statuses (§2.1, "more complex entries"), completed to 4 messages.
    static let messageEntry: JSONValue = [
        "id": "https://example.com/credentials/status/8#492847",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "message",
        "statusListIndex": "492847",
        "statusSize": 2,
        "statusListCredential": "https://example.com/credentials/status/8",
        "statusMessage": [
            ["status": "0x0", "message": "pending_review"],
            ["status": "0x1", "message": "accepted"],
            ["status": "0x2", "message": "rejected"],
            ["status": "0x3", "message": "undefined"],
        ],
        "statusReference": "https://example.org/status-dictionary/",
    ]

    /// `base` with `key` replaced by `value` (or removed when `value` is nil).
    static func changing(_ base: JSONValue, _ key: String, to value: JSONValue?) -> JSONValue {
        guard var object = base.objectValue else { return base }
        object[key] = value
        return .object(object)
    }

    @Test("the spec's revocation entry parses and writes back the same JSON")
    func revocation() throws {
        let entry = try BitstringStatusListEntry(json: Self.revocationEntry)
        #expect(entry.id == "https://example.com/credentials/status/3#94567")
        #expect(entry.statusPurpose == "revocation")
        #expect(entry.statusListIndex == 94_567)
        #expect(entry.statusListCredential == "https://example.com/credentials/status/3")
        #expect(entry.statusSize == 1)
        #expect(entry.statusMessages == nil)
        #expect(entry.json == Self.revocationEntry)
        #expect(try BitstringStatusListEntry(json: entry.json) == entry)
    }

    @Test("the spec's 2-bit message entry parses with its messages and reference")
    func message() throws {
        let entry = try BitstringStatusListEntry(json: Self.messageEntry)
        #expect(entry.statusSize == 2)
        #expect(entry.statusMessages?.map(\.status) == [0, 1, 2, 3])
        #expect(entry.statusMessages?[2].message == "rejected")
        #expect(entry.statusReferences == ["https://example.org/status-dictionary/"])
        #expect(entry.json == Self.messageEntry)
    }

    @Test("accepted variants: index 0, leading zeros, type array, no id, statusSize 1 written out",
          arguments: [
              ("statusListIndex", JSONValue.string("0"), 0),
              ("statusListIndex", .string("007"), 7),
              ("statusListIndex", .string("9223372036854775807"), Int.max),
              ("type", ["BitstringStatusListEntry", "ExtraType"], 94_567),
              ("id", nil, 94_567),
              ("statusSize", 1, 94_567),
          ] as [(String, JSONValue?, Int)])
    func acceptedVariants(key: String, value: JSONValue?, index: Int) throws {
        let entry = try BitstringStatusListEntry(json: Self.changing(Self.revocationEntry, key, to: value))
        #expect(entry.statusListIndex == index)
        #expect(entry.statusSize == 1)
    }

    @Test("rejected statusListIndex values name the field", arguments: [
        JSONValue.string("-1"), "1.5", "abc", "", " 1", "1 ", "+1", "0x10", "1e3", "٣",
        "99999999999999999999999999", 94_567, nil, .null, ["1"],
    ])
    func badIndex(value: JSONValue?) {
        let json = Self.changing(Self.revocationEntry, "statusListIndex", to: value)
        let error = #expect(throws: CredentialKitError.self) { try BitstringStatusListEntry(json: json) }
        #expect(error?.code == .invalidStatusEntry)
        #expect(error?.reason.contains("statusListIndex") == true, "\(error?.reason ?? "")")
    }

    @Test("other malformed members are rejected with the member named", arguments: [
        ("type", JSONValue.string("StatusList2021Entry")),
        ("type", nil),
        ("statusPurpose", nil),
        ("statusPurpose", ""),
        ("statusPurpose", 1),
        ("statusListCredential", nil),
        ("statusListCredential", "not a url"),
        ("statusListCredential", "/relative/path"),
        ("statusListCredential", "https://example.com/has space"),
        ("id", "https://example.com/credentials/status/3"),   // the list's own URL
        ("id", 42),
        ("statusSize", 0),
        ("statusSize", -1),
        ("statusSize", 1.5),
        ("statusSize", 65),
        ("statusSize", "1"),
        ("statusSize", 2),                                      // > 1 without statusMessage
        ("statusReference", "not a url"),
        ("statusReference", .array([])),
    ] as [(String, JSONValue?)])
    func badMembers(key: String, value: JSONValue?) {
        let json = Self.changing(Self.revocationEntry, key, to: value)
        let error = #expect(throws: CredentialKitError.self) { try BitstringStatusListEntry(json: json) }
        #expect(error?.code == .invalidStatusEntry)
        let expectedField = key == "statusSize" && value == 2 ? "statusMessage" : key
        #expect(error?.reason.contains(expectedField) == true, "\(error?.reason ?? "")")
    }

    @Test("statusMessage must have one valid, distinct status per possible value", arguments: [
        JSONValue.array([["status": "0x0", "message": "a"], ["status": "0x1", "message": "b"]]),   // 2 for 2 bits
        .array([["status": "0x0", "message": "a"], ["status": "0x1", "message": "b"], ["status": "0x2", "message": "c"], ["status": "0x2", "message": "d"]]),
        .array([["status": "0x0", "message": "a"], ["status": "0x1", "message": "b"], ["status": "0x2", "message": "c"], ["status": "0x4", "message": "d"]]),
        .array([["status": "0x0", "message": "a"], ["status": "0x1", "message": "b"], ["status": "0x2", "message": "c"], ["status": "3", "message": "d"]]),
        .array([["status": "0x0", "message": "a"], ["status": "0x1", "message": "b"], ["status": "0x2", "message": "c"], ["status": "0x-3", "message": "d"]]),
        .array([["status": "0x0", "message": "a"], ["status": "0x1", "message": "b"], ["status": "0x2", "message": "c"], ["status": "0x3"]]),
        .object(["status": "0x0", "message": "a"]),
    ])
    func badMessages(messages: JSONValue) {
        let json = Self.changing(Self.messageEntry, "statusMessage", to: messages)
        let error = #expect(throws: CredentialKitError.self) { try BitstringStatusListEntry(json: json) }
        #expect(error?.code == .invalidStatusEntry)
        #expect(error?.reason.contains("statusMessage") == true, "\(error?.reason ?? "")")
    }

    @Test("a non-object entry is rejected")
    func notAnObject() {
        for json: JSONValue in ["BitstringStatusListEntry", [], nil, 3] {
            #expect(throws: CredentialKitError(.invalidStatusEntry, "")) { try BitstringStatusListEntry(json: json) }
        }
    }
}

@Suite("BitstringStatusListSubject")
struct BitstringStatusListSubjectTests {
    static let subject: JSONValue = [
        "id": "https://example.com/status/3#list",
        "type": "BitstringStatusList",
        "statusPurpose": "revocation",
        "encodedList": "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA",
    ]

    @Test("the spec's list subject parses, writes back the same JSON and expands")
    func specExample() throws {
        let subject = try BitstringStatusListSubject(json: Self.subject)
        #expect(subject.id == "https://example.com/status/3#list")
        #expect(subject.statusPurposes == ["revocation"])
        #expect(subject.ttl == nil)
        #expect(subject.json == Self.subject)
        #expect(try subject.bitstring().bitCount == 131_072)
    }

    @Test("several purposes, a ttl and message statuses are read and written")
    func fullSubject() throws {
        let json = BitstringStatusListEntryTests.changing(
            BitstringStatusListEntryTests.changing(
                BitstringStatusListEntryTests.changing(Self.subject, "statusPurpose", to: ["revocation", "message"]),
                "ttl", to: 300_000),
            "statusSize", to: 1)
        let subject = try BitstringStatusListSubject(json: json)
        #expect(subject.statusPurposes == ["revocation", "message"])
        #expect(subject.ttl == 300_000)
        #expect(subject.statusSize == 1)
        #expect(subject.json == json)
    }

    @Test("malformed subjects are rejected with the member named", arguments: [
        ("type", JSONValue.string("StatusList2021")),
        ("statusPurpose", nil),
        ("statusPurpose", .array([])),
        ("statusPurpose", ["revocation", 3]),
        ("statusPurpose", "message"),                  // message purpose needs statusSize
        ("encodedList", nil),
        ("encodedList", "H4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"),
        ("encodedList", 5),
        ("ttl", -1),
        ("ttl", 1.5),
        ("ttl", "300"),
        ("id", "no scheme"),
    ] as [(String, JSONValue?)])
    func badMembers(key: String, value: JSONValue?) {
        let json = BitstringStatusListEntryTests.changing(Self.subject, key, to: value)
        let error = #expect(throws: CredentialKitError.self) { try BitstringStatusListSubject(json: json) }
        #expect(error?.code == .invalidStatusList)
        let expectedField = key == "statusPurpose" && value == "message" ? "statusSize" : key
        #expect(error?.reason.contains(expectedField) == true, "\(error?.reason ?? "")")
    }
}
