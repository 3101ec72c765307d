import ParleyRender

/// How comment bodies become `html` in API responses: the safe Markdown subset.
public enum CommentHTML {
    @Sendable public static func render(_ body: String) -> String {
        SafeMarkdown.html(body)
    }
}
