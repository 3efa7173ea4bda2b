/// Finds the known name closest to a misspelt one ("did you mean ...?").
enum NameSuggestion {
    /// The largest edit distance that still counts as a likely typo.
    static let maximumDistance = 2

    /// The candidate with the smallest edit distance to `name`, if that distance is at
    /// most ``maximumDistance`` and smaller than the longer of the two names (a name
    /// replaced character by character, such as `<<` for `id`, is no typo); ties go to
    /// the candidate listed first.
    static func closest(to name: String, among candidates: some Sequence<String>) -> String? {
        var best: (name: String, distance: Int)?
        let lowered = Array(name.lowercased())
        for candidate in candidates {
            let distance = editDistance(lowered, Array(candidate.lowercased()))
            guard distance <= maximumDistance, distance < max(lowered.count, candidate.count) else { continue }
            if distance < (best?.distance ?? Int.max) {
                best = (candidate, distance)
            }
        }
        return best?.name
    }

    /// Levenshtein distance: insertions, deletions and substitutions of characters.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// `; did you mean "x"?` when a close candidate exists, else an empty string.
    static func hint(for name: String, among candidates: some Sequence<String>) -> String {
        closest(to: name, among: candidates).map { "; did you mean \"\($0)\"?" } ?? ""
    }
}
