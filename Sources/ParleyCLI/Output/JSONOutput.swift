import Foundation
import ParleyCore

enum JSONOutput {
    static func print<T: Encodable>(_ value: T, pretty: Bool = true) throws {
        let data = try ParleyJSON.encoder(pretty: pretty).encode(value)
        Terminal.standardOutput.writeLine(String(decoding: data, as: UTF8.self))
    }

    /// A JSON array, or (`lines`) one object per line.
    static func printList<T: Encodable>(_ values: [T], lines: Bool) throws {
        if lines {
            let encoder = ParleyJSON.encoder(pretty: false)
            var text = ""
            for value in values {
                text += String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
            }
            Terminal.standardOutput.write(text)
        } else {
            try print(values, pretty: true)
        }
    }
}
