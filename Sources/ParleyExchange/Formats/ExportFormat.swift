/// The formats `parley export` writes.
public enum ExportFormat: String, Sendable, CaseIterable {
    /// Nested threads under their articles' metadata, one document.
    case json
    /// One comment per line, flat, with parent ids.
    case jsonl
    /// RFC 4180, one header row, safe to open in a spreadsheet.
    case csv
    /// A readable thread.
    case markdown
    /// One standalone page that works offline.
    case html
    /// The lossless archive that `parley import --format parley` reads.
    case parley

    public var fileExtension: String {
        switch self {
        case .json: "json"
        case .jsonl: "jsonl"
        case .csv: "csv"
        case .markdown: "md"
        case .html: "html"
        case .parley: "parley.jsonl"
        }
    }

    public var contentType: String {
        switch self {
        case .json: "application/json"
        case .jsonl, .parley: "application/x-ndjson"
        case .csv: "text/csv; charset=utf-8; header=present"
        case .markdown: "text/markdown; charset=utf-8"
        case .html: "text/html; charset=utf-8"
        }
    }
}
