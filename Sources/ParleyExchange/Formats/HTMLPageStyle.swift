/// The export page's only styles: readable type, threads as indented cards, dark mode,
/// and print without the colour.
enum HTMLPageStyle {
    static let css: StaticString = """
        :root { color-scheme: light dark; --ink: #1d1d1f; --muted: #6e6e73; --line: #d2d2d7; --card: #fbfbfd; --accent: #8a1c1c; }
        @media (prefers-color-scheme: dark) { :root { --ink: #f5f5f7; --muted: #a1a1a6; --line: #3a3a3c; --card: #1c1c1e; --accent: #ff8a80; } }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.55 -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif; color: var(--ink); }
        main { max-width: 46rem; margin: 0 auto; padding: 2rem 1rem 4rem; }
        h1 { font: 700 1.9rem/1.2 Georgia, "Times New Roman", serif; margin: 0 0 .4rem; }
        .story + .story { margin-top: 3.5rem; border-top: 3px double var(--line); padding-top: 2rem; }
        .meta, .byline, footer { color: var(--muted); font-size: .85rem; }
        .meta a { color: var(--accent); word-break: break-all; }
        ol { list-style: none; margin: 0; padding: 0; }
        .thread { margin-top: 1.5rem; }
        .replies { margin-left: 1.1rem; padding-left: .9rem; border-left: 2px solid var(--line); }
        .card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: .6rem .9rem; margin: .6rem 0; }
        .byline { margin: 0 0 .3rem; }
        .author { color: var(--ink); font-weight: 600; }
        .gone, .deleted > .card .body { font-style: italic; color: var(--muted); }
        .state { text-transform: uppercase; font-size: .75rem; letter-spacing: .04em; }
        .state.rejected, .state.spam { color: var(--accent); }
        .body p { margin: .35rem 0; overflow-wrap: anywhere; }
        .body blockquote { margin: .4rem 0; padding-left: .8rem; border-left: 3px solid var(--line); color: var(--muted); }
        .body pre { overflow-x: auto; padding: .5rem; background: rgba(127,127,127,.12); border-radius: 4px; }
        .body code { font: .9em ui-monospace, "SF Mono", Menlo, Consolas, monospace; }
        footer { margin-top: 3rem; text-align: center; }
        @media print { body { font-size: 11pt; } .card { break-inside: avoid; background: none; } }

        """
}
