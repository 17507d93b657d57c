/// A place in JSON text, for error messages: 1-based line and column, 0-based byte offset.
struct JSONSourceLocation: CustomStringConvertible {
    let line: Int
    let column: Int
    let offset: Int

    /// Finds the line and column of `offset`, counting columns in Unicode scalars.
    init(offset: Int, in input: UnsafeBufferPointer<UInt8>) {
        var line = 1
        var column = 1
        for byte in input.prefix(offset) {
            if byte == JSONByte.lineFeed {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        self.line = line
        self.column = column
        self.offset = offset
    }

    var description: String { "line \(line), column \(column) (byte offset \(offset))" }
}
