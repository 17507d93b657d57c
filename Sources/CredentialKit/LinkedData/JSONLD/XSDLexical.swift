// Plain imports, as elsewhere in the module (Swift rejects mixing `internal import` and `import` of one module).
#if canImport(Glibc)
internal import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Canonical lexical forms of XML Schema numbers, as JSON-LD's RDF conversion writes them (§ 8.6).
enum XSDLexical {
    /// `xsd:double` canonical form: one digit before the point, at least one after, `E`, no `+` or leading zeros (`1.1E0`, `-5.0E-3`).
    static func double(_ value: Double) -> String {
        if value == 0 { return value.sign == .minus ? "-0.0E0" : "0.0E0" }
        // 15 digits after the point, as ECMAScript's toExponential(15) which other processors match.
        let formatted = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer -> String in
            guard let base = buffer.baseAddress else { return "" }
            _ = withVaList([value]) { vsnprintf(base, 64, "%.15E", $0) }
            return String(cString: base)
        }
        guard let e = formatted.firstIndex(of: "E") else { return formatted }
        var mantissa = formatted[..<e]
        while mantissa.hasSuffix("0") { mantissa = mantissa.dropLast() }
        if mantissa.hasSuffix(".") { mantissa += "0" }
        let exponent = Int(formatted[formatted.index(after: e)...]) ?? 0
        return "\(mantissa)E\(exponent)"
    }

    /// `xsd:integer` canonical form of an integral double below 10^21, digits as ECMAScript prints them.
    static func integer(_ value: Double) -> String {
        if abs(value) < 9.0e15 { return String(Int64(value)) }
        // Beyond 2^53 print the shortest round-trip digits padded with zeros, as ECMAScript does.
        let description = abs(value).description
        let sign = value < 0 ? "-" : ""
        guard let e = description.firstIndex(where: { $0 == "e" || $0 == "E" }) else {
            return sign + (description.hasSuffix(".0") ? String(description.dropLast(2)) : description)
        }
        let mantissa = description[..<e].filter { $0 != "." }
        let exponent = Int(description[description.index(after: e)...]) ?? 0
        let zeros = max(0, exponent - (mantissa.count - 1))
        return sign + mantissa + String(repeating: "0", count: zeros)
    }
}
