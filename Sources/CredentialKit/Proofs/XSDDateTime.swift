import Foundation

/// XML Schema `dateTime` values as VCs write them: `2024-05-01T12:00:00Z`.
///
/// On the proleptic Gregorian calendar, as XML Schema and RFC 3339 mean it, for every year
/// (Foundation's calendar switches to the Julian one before 1582, which moved dates by days).
/// The arithmetic is ``RFC3339Date``'s, the one implementation in the package.
public enum XSDDateTime {
    /// Formats `date` in UTC to whole seconds, adding milliseconds only when present.
    public static func string(from date: Date) -> String {
        RFC3339Date.format(date)
    }

    /// Parses an RFC 3339 / XML Schema dateTime with a time zone (`Z` or `±hh:mm`) and optional
    /// fractional seconds; nil for anything else, including a dateTime without a time zone.
    /// A leap second (`:60`) is read as the second before it.
    public static func date(from text: String) -> Date? {
        if let date = RFC3339Date.parse(text) { return date }
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes[17] == UInt8(ascii: "6"), bytes[18] == UInt8(ascii: "0") else { return nil }
        var leap = bytes
        leap[17] = UInt8(ascii: "5")
        leap[18] = UInt8(ascii: "9")
        return RFC3339Date.parse(String(decoding: leap, as: UTF8.self))
    }

    /// What a person types for a date: a dateTime as ``date(from:)`` reads it, or a day
    /// (`2026-06-30`), read as midnight UTC.
    public static func date(fromDayOrDateTime text: String) -> Date? {
        if let date = date(from: text) { return date }
        return text.utf8.count == 10 ? date(from: text + "T00:00:00Z") : nil
    }
}
