import Foundation
import GRDB

extension Registry {
    /// Checks the registry's consistency and returns every problem found, in plain words; an empty
    /// array means the file is sound.
    ///
    /// Checked: SQLite's own `integrity_check`; and for every list (of any issuer) that its
    /// indices are split exactly between credentials and the free table — each used once, none both
    /// used and free, none out of range — and that `allocatedCount` matches. Reads a snapshot, so
    /// it can run while others write; it reads every row, so it takes a while on a large registry.
    public func integrityProblems() throws -> [String] {
        try read { db in
            var problems = try String.fetchAll(db, sql: "PRAGMA integrity_check").filter { $0 != "ok" }
            let lists = try Row.fetchAll(db, sql: """
                SELECT l.id, l.url, l.size, l.allocatedCount,
                       (SELECT count(*) FROM freeStatusIndex f WHERE f.listID = l.id) AS free,
                       (SELECT count(DISTINCT f.statusIndex) FROM freeStatusIndex f WHERE f.listID = l.id) AS distinctFree,
                       (SELECT count(*) FROM freeStatusIndex f WHERE f.listID = l.id
                            AND (f.statusIndex < 0 OR f.statusIndex >= l.size)) AS freeOutOfRange,
                       (SELECT count(*) FROM credential c WHERE c.revocationListID = l.id)
                           + (SELECT count(*) FROM credential c WHERE c.suspensionListID = l.id) AS used,
                       (SELECT count(*) FROM credential c WHERE c.revocationListID = l.id AND c.revocationIndex >= l.size)
                           + (SELECT count(*) FROM credential c WHERE c.suspensionListID = l.id AND c.suspensionIndex >= l.size)
                           AS usedOutOfRange,
                       (SELECT count(*) FROM freeStatusIndex f JOIN credential c
                            ON c.revocationListID = f.listID AND c.revocationIndex = f.statusIndex WHERE f.listID = l.id)
                           + (SELECT count(*) FROM freeStatusIndex f JOIN credential c
                            ON c.suspensionListID = f.listID AND c.suspensionIndex = f.statusIndex WHERE f.listID = l.id)
                           AS usedAndFree
                FROM statusList l ORDER BY l.id
                """)
            for row in lists {
                let url: String = try row.decode(forColumn: "url")
                let size: Int = try row.decode(forColumn: "size")
                let allocated: Int = try row.decode(forColumn: "allocatedCount")
                let free: Int = try row.decode(forColumn: "free")
                let used: Int = try row.decode(forColumn: "used")
                if used + free != size {
                    problems.append("\(url): \(used) indices used and \(free) free do not add up to its \(size) entries")
                }
                if allocated != used {
                    problems.append("\(url): allocatedCount is \(allocated) but \(used) credentials hold an index in it")
                }
                if try row.decode(Int.self, forColumn: "distinctFree") != free {
                    problems.append("\(url): an index is listed as free more than once")
                }
                let outOfRange = try row.decode(Int.self, forColumn: "freeOutOfRange") + row.decode(Int.self, forColumn: "usedOutOfRange")
                if outOfRange > 0 {
                    problems.append("\(url): \(outOfRange) indices lie outside 0..<\(size)")
                }
                let both: Int = try row.decode(forColumn: "usedAndFree")
                if both > 0 {
                    problems.append("\(url): \(both) indices are both held by a credential and listed as free")
                }
            }
            return problems
        }
    }
}
