/// For each run of backticks in a paragraph, where the next run of the same length starts:
/// the closer of a code span opened by that run. Built in one backward pass, so a paragraph
/// full of unmatched runs of every length is still linear.
struct CodeSpanIndex {
    private var runs: [Int: (length: Int, closer: Int?)] = [:]

    init(_ scalars: [Unicode.Scalar]) {
        var starts: [(start: Int, length: Int)] = []
        var position = 0
        while position < scalars.count {
            guard scalars[position] == "`" else { position += 1; continue }
            let start = position
            while position < scalars.count, scalars[position] == "`" { position += 1 }
            starts.append((start, position - start))
        }
        var nextOfLength: [Int: Int] = [:]
        for run in starts.reversed() {
            runs[run.start] = (run.length, nextOfLength[run.length])
            nextOfLength[run.length] = run.start
        }
    }

    /// The length of the run starting at `start`, and where its closing run starts, if any.
    func closer(forRunAt start: Int) -> (length: Int, closer: Int?) {
        runs[start] ?? (1, nil)
    }
}
