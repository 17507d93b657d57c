/// Formats doubles as ECMAScript's `Number.prototype.toString()` does, which is
/// also the number format of RFC 8785 (JSON Canonicalization Scheme).
///
/// The shortest digits that round-trip come from Swift's `Double.description`;
/// this type only places those digits per ECMA-262 §6.1.6.1.20 (Number::toString):
/// plain notation from 1e-6 up to (not including) 1e21, exponent notation outside.
enum ECMAScriptNumber {
    /// The ECMAScript text of `number`, or nil for NaN and the infinities, which JSON cannot express.
    static func format(_ number: Double) -> String? {
        guard number.isFinite else { return nil }
        if number == 0 { return "0" }  // Both +0 and -0.
        if number < 0 { return format(-number).map { "-" + $0 } }
        if number <= 0x1p53, Double(Int64(number)) == number {
            return String(Int64(number))  // Up to 2^53 an integer's own digits are its shortest form.
        }
        let (digits, pointPosition) = shortestDigits(of: number)
        return layout(digits: digits, pointPosition: pointPosition)
    }

    /// The shortest round-trip decimal digits of a positive finite `number` as `(s, n)`:
    /// `s` has no leading or trailing zeros and `number` ≈ 0.s × 10^n.
    static func shortestDigits(of number: Double) -> (digits: [UInt8], pointPosition: Int) {
        // Double.description looks like "123.45", "1e-07" or "1.2345e+20".
        let text = Array(number.description.utf8)
        let exponentIndex = text.firstIndex(of: UInt8(ascii: "e")) ?? text.endIndex
        var exponent = 0
        if exponentIndex < text.endIndex {
            let exponentText = String(decoding: text[(exponentIndex + 1)...], as: UTF8.self)
            exponent = Int(exponentText) ?? 0
        }
        var digits: [UInt8] = []
        var integerDigitCount = 0
        var seenPoint = false
        for byte in text[..<exponentIndex] {
            if byte == UInt8(ascii: ".") {
                seenPoint = true
            } else {
                digits.append(byte)
                if !seenPoint { integerDigitCount += 1 }
            }
        }
        var pointPosition = integerDigitCount + exponent
        let leadingZeros = digits.prefix { $0 == UInt8(ascii: "0") }.count
        digits.removeFirst(leadingZeros)
        pointPosition -= leadingZeros
        while digits.last == UInt8(ascii: "0") { digits.removeLast() }
        return (digits, pointPosition)
    }

    /// Places digits `s` (k of them) with decimal exponent `n` per Number::toString, steps 6 to 10.
    private static func layout(digits: [UInt8], pointPosition n: Int) -> String {
        let k = digits.count
        var out: [UInt8] = []
        out.reserveCapacity(k + 8)
        let zero = UInt8(ascii: "0")
        if k <= n && n <= 21 {
            out += digits
            out += repeatElement(zero, count: n - k)
        } else if 0 < n && n <= 21 {
            out += digits[..<n]
            out.append(UInt8(ascii: "."))
            out += digits[n...]
        } else if -6 < n && n <= 0 {
            out += [zero, UInt8(ascii: ".")]
            out += repeatElement(zero, count: -n)
            out += digits
        } else {
            out.append(digits[0])
            if k > 1 {
                out.append(UInt8(ascii: "."))
                out += digits[1...]
            }
            out.append(UInt8(ascii: "e"))
            out.append(n - 1 >= 0 ? UInt8(ascii: "+") : UInt8(ascii: "-"))
            out += String(abs(n - 1)).utf8
        }
        return String(decoding: out, as: UTF8.self)
    }
}
