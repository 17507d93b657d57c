import Foundation
import GRDB

/// How the registry stores times: whole milliseconds since 1970-01-01T00:00:00Z, as an INTEGER
/// (read them in `sqlite3` with `datetime(column / 1000, 'unixepoch')`). A date read back equals
/// the ``normalised(_:)`` date that was written, exactly.
enum RegistryTime {
    /// The stored value of `date`, rounded down to the millisecond.
    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000).rounded(.down))
    }

    static func date(milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1_000)
    }

    /// `date` as it will read back from the registry.
    static func normalised(_ date: Date) -> Date {
        self.date(milliseconds: milliseconds(date))
    }
}

extension Row {
    /// The time stored in `column` (see ``RegistryTime``).
    func registryDate(_ column: String) throws -> Date {
        RegistryTime.date(milliseconds: try decode(Int64.self, forColumn: column))
    }

    /// The time stored in `column`, or nil when it is NULL.
    func optionalRegistryDate(_ column: String) throws -> Date? {
        try decode(Int64?.self, forColumn: column).map { RegistryTime.date(milliseconds: $0) }
    }
}
