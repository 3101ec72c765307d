/// A plain table for the terminal: columns padded to their widest cell, the last one cut
/// to the terminal's width.
struct TextTable {
    let columns: [String]

    func render(_ rows: [[String]], width: Int) -> String {
        var widths = columns.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count - 1 {
                widths[index] = max(widths[index], min(cell.count, 40))
            }
        }
        func line(_ cells: [String]) -> String {
            var text = ""
            for (index, cell) in cells.enumerated() {
                if index == cells.count - 1 {
                    let room = max(10, width - text.count)
                    text += cell.count > room ? String(cell.prefix(room - 1)) + "…" : cell
                } else {
                    let clipped = cell.count > 40 ? String(cell.prefix(39)) + "…" : cell
                    text += clipped + String(repeating: " ", count: max(0, widths[index] - clipped.count)) + "  "
                }
            }
            return text
        }
        return ([line(columns)] + rows.map(line)).joined(separator: "\n")
    }
}
