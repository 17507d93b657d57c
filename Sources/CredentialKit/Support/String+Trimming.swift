extension String {
    /// The string without the white space and line breaks (Unicode `White_Space`, the set
    /// Foundation's `whitespacesAndNewlines` holds) at either end — and, with
    /// `byteOrderMark`, without U+FEFF there either (a cell pasted from another file can hold one).
    ///
    /// Without Foundation's bridging: a string with nothing to trim (nearly every one) is returned as it is.
    package func trimmingWhitespace(byteOrderMark: Bool = false) -> String {
        func trimmed(_ scalar: Unicode.Scalar) -> Bool {
            scalar.properties.isWhitespace || (byteOrderMark && scalar == "\u{FEFF}")
        }
        guard let first = unicodeScalars.first, let last = unicodeScalars.last else { return self }
        if !trimmed(first) && !trimmed(last) { return self }
        var scalars = Substring(self).unicodeScalars[...]
        while let first = scalars.first, trimmed(first) { scalars.removeFirst() }
        while let last = scalars.last, trimmed(last) { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
