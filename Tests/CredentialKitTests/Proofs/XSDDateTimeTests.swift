import Foundation
import Testing
@testable import CredentialKit

@Suite("XSDDateTime")
struct XSDDateTimeTests {
    @Test("parses Z, offsets and fractions to the right instant")
    func parsing() throws {
        #expect(XSDDateTime.date(from: "2010-01-01T00:00:00Z")?.timeIntervalSince1970 == 1_262_304_000)
        #expect(XSDDateTime.date(from: "2010-01-01T02:00:00+02:00")?.timeIntervalSince1970 == 1_262_304_000)
        #expect(XSDDateTime.date(from: "2009-12-31T19:00:00-05:00")?.timeIntervalSince1970 == 1_262_304_000)
        let fractional = try #require(XSDDateTime.date(from: "2010-01-01T00:00:00.250Z"))
        #expect(abs(fractional.timeIntervalSince1970 - 1_262_304_000.25) < 0.0001)
    }

    @Test("rejects what is not a dateTime with a time zone",
          arguments: ["", "2010-01-01", "2010-01-01T00:00:00", "2010-13-01T00:00:00Z", "2023-02-30T00:00:00Z",
                      "2010-01-01T24:00:00Z", "2010-01-01T00:00:00+2:00", "2010-01-01 00:00:00Z", "2010-01-01T00:00:00.Z",
                      "2010-01-01T00:00:00Zjunk", "٢٠١٠-01-01T00:00:00Z"])
    func rejects(_ text: String) {
        #expect(XSDDateTime.date(from: text) == nil)
    }

    @Test("formats whole seconds in UTC and round-trips")
    func formatting() throws {
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(XSDDateTime.string(from: date) == "2023-11-14T22:13:20Z")
        #expect(XSDDateTime.date(from: XSDDateTime.string(from: date)) == date)
        #expect(XSDDateTime.string(from: Date(timeIntervalSince1970: 1_700_000_000.5)) == "2023-11-14T22:13:20.500Z")
    }

    @Test("dates before the Gregorian reform are proleptic Gregorian, and round-trip exactly",
          arguments: ["1000-06-15T00:00:00Z", "0001-01-01T00:00:00Z", "0000-12-30T00:00:00Z", "1582-10-10T12:00:00Z",
                      "1600-02-29T00:00:00Z", "9999-12-31T23:59:59Z"])
    func properGregorian(_ text: String) throws {
        let date = try #require(XSDDateTime.date(from: text))
        #expect(XSDDateTime.string(from: date) == text)
    }

    @Test("day counts agree with the proleptic Gregorian calendar: 0001-01-01 is 719,162 days before 1970")
    func dayCounts() throws {
        let first = try #require(XSDDateTime.date(from: "0001-01-01T00:00:00Z"))
        #expect(first.timeIntervalSince1970 == -719_162 * 86_400)
        #expect(XSDDateTime.date(from: "1900-02-29T00:00:00Z") == nil, "1900 is not a leap year")
        #expect(XSDDateTime.date(from: "2016-12-31T23:59:60Z") == XSDDateTime.date(from: "2016-12-31T23:59:59Z"))
    }
}
