/// Number scanning: the RFC 8259 grammar, then correctly rounded conversion to a double.
extension JSONScanner {
    /// Reads a number per the RFC 8259 grammar and rounds it to the nearest double.
    mutating func parseNumber() throws -> Double {
        let start = position
        if input[position] == UInt8(ascii: "-") {
            position += 1
        }
        guard position < input.count, JSONByte.isDigit(input[position]) else {
            throw failure(.malformedJSON, "expected a digit after '-'", at: position)
        }
        if input[position] == UInt8(ascii: "0") {
            position += 1
            if position < input.count, JSONByte.isDigit(input[position]) {
                throw failure(.malformedJSON, "a number has a leading zero, which JSON does not allow", at: start)
            }
        } else {
            skipDigits()
        }
        if position < input.count, input[position] == UInt8(ascii: ".") {
            position += 1
            guard position < input.count, JSONByte.isDigit(input[position]) else {
                throw failure(.malformedJSON, "expected a digit after the decimal point", at: position)
            }
            skipDigits()
        }
        if position < input.count, input[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            if position < input.count, input[position] == UInt8(ascii: "+") || input[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard position < input.count, JSONByte.isDigit(input[position]) else {
                throw failure(.malformedJSON, "expected a digit in the exponent", at: position)
            }
            skipDigits()
        }

        if let number = fastPathDouble(from: start, to: position) { return number }
        let lexeme = String(decoding: UnsafeBufferPointer(rebasing: input[start..<position]), as: UTF8.self)
        guard let number = Double(lexeme), number.isFinite else {
            let shown = lexeme.count > 40 ? lexeme.prefix(40) + "…" : lexeme
            throw failure(.unrepresentableNumber, "the number \(shown) is too large for a double-precision value", at: start)
        }
        return number
    }

    /// The value of a validated number lexeme when it has at most 15 significant digits
    /// and a decimal exponent within ±22, else nil.
    ///
    /// Such a mantissa and power of ten are both exact doubles, so one IEEE multiplication
    /// or division rounds the result correctly (Clinger's fast path); other numbers go
    /// to `Double(String)`, which is also correctly rounded but slower.
    func fastPathDouble(from start: Int, to end: Int) -> Double? {
        var index = start
        let isNegative = input[index] == UInt8(ascii: "-")
        if isNegative { index += 1 }
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var exponent = 0
        var isFraction = false
        while index < end, input[index] | 0x20 != UInt8(ascii: "e") {
            let byte = input[index]
            index += 1
            if byte == UInt8(ascii: ".") {
                isFraction = true
                continue
            }
            if mantissa != 0 || byte != UInt8(ascii: "0") {
                significantDigits += 1
                guard significantDigits <= 15 else { return nil }
            }
            mantissa = mantissa * 10 + UInt64(byte &- UInt8(ascii: "0"))
            if isFraction { exponent -= 1 }
        }
        if index < end {
            index += 1
            let isNegativeExponent = input[index] == UInt8(ascii: "-")
            if input[index] == UInt8(ascii: "-") || input[index] == UInt8(ascii: "+") { index += 1 }
            var written = 0
            while index < end {
                written = written * 10 + Int(input[index] &- UInt8(ascii: "0"))
                guard written <= 1_000 else { return nil }
                index += 1
            }
            exponent += isNegativeExponent ? -written : written
        }
        let magnitude: Double
        if mantissa == 0 {
            magnitude = 0
        } else if exponent >= 0, exponent < Self.exactPowersOfTen.count {
            magnitude = Double(mantissa) * Self.exactPowersOfTen[exponent]
        } else if exponent < 0, -exponent < Self.exactPowersOfTen.count {
            magnitude = Double(mantissa) / Self.exactPowersOfTen[-exponent]
        } else {
            return nil
        }
        return isNegative ? -magnitude : magnitude
    }

    /// 10^0 through 10^22: every power of ten a double holds exactly.
    static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    mutating func skipDigits() {
        while position < input.count, JSONByte.isDigit(input[position]) { position += 1 }
    }
}
