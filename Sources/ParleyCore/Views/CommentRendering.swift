import ParleyRender

/// A comment's HTML, rendered once when the text is written and stored with it; readers copy
/// the stored HTML. `version` names the renderer's rules: HTML stored under another version
/// is not used, and the background re-rendering replaces it.
public enum CommentRendering {
    public static let version = SafeMarkdown.version

    @Sendable public static func html(_ visibleText: String) -> String {
        SafeMarkdown.html(visibleText)
    }
}
