/// The formats `parley import` reads.
public enum ImportFormat: String, Sendable, CaseIterable {
    /// parley's own archive: lossless, ids kept.
    case parley
    /// A Disqus XML export.
    case disqus
    /// A WordPress eXtended RSS (WXR) export.
    case wordpress
    /// An Isso SQLite database.
    case isso

    var foreignImporter: (any ForeignImporter)? {
        switch self {
        case .parley: nil
        case .disqus: DisqusImporter()
        case .wordpress: WordPressImporter()
        case .isso: IssoImporter()
        }
    }
}
