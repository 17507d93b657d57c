import Foundation
import Testing
@testable import CredentialKit

@Suite("JSONValueCodable")
struct JSONValueCodableTests {
    struct Achievement: Codable, Equatable {
        var id: URL
        var name: String
        var level: Int?
    }

    struct Subject: Codable, Equatable {
        var type: [String]
        var achievement: Achievement
    }

    enum Status: String, Codable { case active, revoked }

    struct Credential: Codable, Equatable {
        var context: [String]
        var validFrom: Date
        var validUntil: Date?
        var credentialSubject: Subject
        var status: Status
        var weight: Double
        var extra: JSONValue

        enum CodingKeys: String, CodingKey {
            case context = "@context", validFrom, validUntil, credentialSubject, status, weight, extra
        }
    }

    static let credential = Credential(
        context: ["https://www.w3.org/ns/credentials/v2"],
        validFrom: Date(timeIntervalSince1970: 1_767_225_600),  // 2026-01-01T00:00:00Z
        validUntil: nil,
        credentialSubject: Subject(
            type: ["AchievementSubject"],
            achievement: Achievement(id: URL(string: "https://example.org/a/1")!, name: "Rust 101", level: 2)),
        status: .active,
        weight: 0.5,
        extra: ["any": [1, "json", nil], "z": true])

    @Test("Encodes members in declaration order, leaves out nil optionals, writes dates and URLs as strings")
    func encodesInOrder() throws {
        let value = try JSONValueEncoder().encode(Self.credential)
        #expect(value.serialized() == #"{"@context":["https://www.w3.org/ns/credentials/v2"],"validFrom":"2026-01-01T00:00:00Z","credentialSubject":{"type":["AchievementSubject"],"achievement":{"id":"https://example.org/a/1","name":"Rust 101","level":2}},"status":"active","weight":0.5,"extra":{"any":[1,"json",null],"z":true}}"#)
    }

    @Test("Decoding what was encoded gives back the same model")
    func roundTrip() throws {
        let value = try JSONValueEncoder().encode(Self.credential)
        let reparsed = try JSONParser.parse(value.serialized())
        #expect(try JSONValueDecoder().decode(Credential.self, from: reparsed) == Self.credential)
        var withExpiry = Self.credential
        withExpiry.validUntil = Date(timeIntervalSince1970: 1_798_761_599.25)
        let encoded = try JSONValueEncoder().encode(withExpiry)
        #expect(encoded["validUntil"] == "2026-12-31T23:59:59.250Z")
        #expect(try JSONValueDecoder().decode(Credential.self, from: encoded) == withExpiry)
    }

    @Test("Decoding errors name the coding path and the mismatch")
    func decodingErrorsNamePath() throws {
        var value = try JSONValueEncoder().encode(Self.credential)
        guard case .object(var object) = value, case .object(var subject)? = object["credentialSubject"],
            case .object(var achievement)? = subject["achievement"]
        else { Issue.record("unexpected shape"); return }
        achievement["name"] = 7
        subject["achievement"] = .object(achievement)
        object["credentialSubject"] = .object(subject)
        value = .object(object)
        let error = decodingError(Credential.self, value)
        #expect(error?.code == .decodingFailed)
        #expect(error?.reason == "credentialSubject.achievement.name: expected a string, found a number")
    }

    @Test("Decoding failures", arguments: [
        (#"{"id":"https://x","name":"n","level":1.5}"#, "level: expected an integer, found 1.5, which is not a whole number"),
        (#"{"id":"https://x","level":1}"#, "name: required member is missing"),
        (#"{"id":"https://x","name":null}"#, "name: expected a string, found null"),
        (#"{"id":5,"name":"n"}"#, "id: expected a string, found a number"),
        (#"[]"#, "the top-level value: expected an object, found an array"),
    ])
    func decodingFailures(json: String, reason: String) throws {
        let error = decodingError(Achievement.self, try JSONParser.parse(json))
        #expect(error?.code == .decodingFailed)
        #expect(error?.reason == reason)
    }

    @Test("Errors inside arrays show the index, and DecodingErrors from the model are converted")
    func arrayPathAndModelErrors() throws {
        let subjects: JSONValue = [["type": ["A"], "achievement": ["id": "https://x", "name": "n"]], ["type": "A"]]
        #expect(decodingError([Subject].self, subjects)?.reason == "[1].type: expected an array, found a string")
        let status = decodingError([String: Status].self, ["s": "lost"])
        #expect(status?.code == .decodingFailed)
        #expect(status?.reason.hasPrefix("s: ") == true)
        #expect(decodingError(UInt8.self, 300)?.reason == "the top-level value: expected an integer, found 300, which is out of range for UInt8")
    }

    @Test("Dates are read from RFC 3339 with fractions and any offset", arguments: [
        ("2026-01-01T00:00:00Z", 1_767_225_600.0), ("2026-01-01T02:30:00+02:30", 1_767_225_600),
        ("2025-12-31T19:00:00-05:00", 1_767_225_600), ("2026-01-01T00:00:00.5Z", 1_767_225_600.5),
        ("2026-01-01t00:00:00.123456z", 1_767_225_600.123456), ("1970-01-01T00:00:00Z", 0),
        ("1969-12-31T23:59:59Z", -1), ("2000-02-29T12:00:00Z", 951_825_600), ("0001-01-01T00:00:00Z", -62_135_596_800),
    ])
    func parsesDates(text: String, seconds: Double) throws {
        let date = try JSONValueDecoder().decode(Date.self, from: .string(text))
        #expect(abs(date.timeIntervalSince1970 - seconds) < 1e-6)
    }

    @Test("Malformed dates are rejected", arguments: [
        "2026-01-01", "2026-01-01T00:00Z", "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z", "2026-01-01T24:00:00Z",
        "2026-01-01T00:00:00", "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00+0200", "26-01-01T00:00:00Z",
        "2026-01-01 00:00:00Z", "2026-01-01T00:00:00Zjunk", "2026-01-01T00:00:60Z",
    ])
    func rejectsDates(text: String) {
        let error = decodingError(Date.self, .string(text))
        #expect(error?.code == .decodingFailed)
        #expect(error?.reason.contains("RFC 3339") == true)
    }

    @Test("Dates are written in UTC, with milliseconds only when not zero", arguments: [
        (0.0, "1970-01-01T00:00:00Z"), (-1, "1969-12-31T23:59:59Z"), (1_767_225_600.5, "2026-01-01T00:00:00.500Z"),
        (951_825_600.001, "2000-02-29T12:00:00.001Z"), (-62_135_596_800, "0001-01-01T00:00:00Z"), (1_767_225_599.9996, "2026-01-01T00:00:00Z"),
    ])
    func writesDates(seconds: Double, text: String) throws {
        #expect(try JSONValueEncoder().encode(Date(timeIntervalSince1970: seconds)) == .string(text))
    }

    @Test("Encoding rejects numbers JSON cannot hold, naming the path")
    func encodingFailures() {
        struct Measure: Encodable { var values: [Double] }
        #expect { try JSONValueEncoder().encode(Measure(values: [1, .nan])) } throws: { error in
            let error = error as? CredentialKitError
            return error?.code == .encodingFailed && error?.reason.hasPrefix("values[1]: ") == true
        }
        #expect(throws: CredentialKitError(.encodingFailed, "")) { try JSONValueEncoder().encode(["n": Int64.max - 1]) }
        #expect(throws: Never.self) { try JSONValueEncoder().encode(["n": Int64(1) << 60, "m": -(1 << 53)]) }
    }

    @Test("JSONValue round-trips through its own Codable conformance and through Foundation's coders")
    func jsonValueCodable() throws {
        let value: JSONValue = ["a": [1, 2.5, "s", nil, true], "b": ["c": [:]], "d": []]
        #expect(try JSONValueEncoder().encode(value) == value)
        #expect(try JSONValueDecoder().decode(JSONValue.self, from: value) == value)
        let data = try JSONEncoder().encode(value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: data) == value)
        #expect(try JSONParser.parse(data) == value)
    }

    @Test("Custom containers: nested, unkeyed, single-value and super coders")
    func customContainers() throws {
        struct Point: Codable, Equatable {
            var x: Int, y: Int
            enum Keys: String, CodingKey { case coordinates, tag, base }
            init(x: Int, y: Int) { self.x = x; self.y = y }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Keys.self)
                var coordinates = container.nestedUnkeyedContainer(forKey: .coordinates)
                try coordinates.encode(x)
                try coordinates.encode(y)
                var tag = container.nestedContainer(keyedBy: Keys.self, forKey: .tag)
                try tag.encodeNil(forKey: .base)
                var base = container.superEncoder(forKey: .base).singleValueContainer()
                try base.encode("b")
            }
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: Keys.self)
                var coordinates = try container.nestedUnkeyedContainer(forKey: .coordinates)
                x = try coordinates.decode(Int.self)
                y = try coordinates.decode(Int.self)
                #expect(coordinates.isAtEnd)
                #expect(throws: (any Error).self) { try coordinates.decode(Int.self) }
                let tag = try container.nestedContainer(keyedBy: Keys.self, forKey: .tag)
                #expect(try tag.decodeNil(forKey: .base))
                #expect(try container.superDecoder(forKey: .base).singleValueContainer().decode(String.self) == "b")
            }
        }
        let value = try JSONValueEncoder().encode(Point(x: 3, y: -4))
        #expect(value.serialized() == #"{"coordinates":[3,-4],"tag":{"base":null},"base":"b"}"#)
        #expect(try JSONValueDecoder().decode(Point.self, from: value) == Point(x: 3, y: -4))
    }

    private func decodingError<T: Decodable>(_ type: T.Type, _ value: JSONValue) -> CredentialKitError? {
        do {
            _ = try JSONValueDecoder().decode(type, from: value)
            return nil
        } catch {
            return error as? CredentialKitError
        }
    }
}
