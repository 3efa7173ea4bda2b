import GreenParkCore

extension ReadingsImporter {
    /// The file's interval length: given with `--input-resolution`, or else the most
    /// common step between consecutive rows of the same meter in the first chunk when it
    /// occurs at least three times; otherwise (a small or sparse file) the park's
    /// resolution.
    func inputSeconds(of batch: RecordBatch, _ options: ImportOptions) throws -> Int64 {
        if let minutes = options.inputResolutionMinutes { return Int64(minutes) * 60 }
        var last = [Int64](repeating: Int64.min, count: catalogue.count)
        var counts: [Int64: Int] = [:]
        for i in 0..<batch.count {
            let m = Int(batch.meter[i])
            if last[m] != Int64.min, batch.start[i] > last[m] { counts[batch.start[i] - last[m], default: 0] += 1 }
            last[m] = batch.start[i]
        }
        guard let mode = counts.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) }), mode.value >= 3 else {
            return park.settings.resolution.seconds
        }
        return mode.key
    }

    /// Checks the file's interval length against the park's and prepares the accumulator.
    func makeAccumulator(_ name: String, inputSeconds: Int64, _ options: ImportOptions) throws -> BlockAccumulator {
        let parkSeconds = park.settings.resolution.seconds
        let minutes = inputSeconds / 60
        func reject(_ reason: String) -> InputRejected {
            InputRejected(file: name, issues: [InputIssue(file: name, line: 0, code: "readings.resolution", reason: reason)])
        }
        guard inputSeconds >= 60, inputSeconds % 60 == 0, 86_400 % inputSeconds == 0 else {
            throw reject("the rows are \(inputSeconds) seconds apart, which is not an interval length that divides a day; give --input-resolution MINUTES if that is wrong")
        }
        let grid = BlockAccumulator.gcd(parkSeconds, inputSeconds)
        if inputSeconds / grid > 1, options.split == nil {
            throw reject("this file has \(minutes)-minute data, which does not fit the park's \(parkSeconds / 60)-minute intervals; pass --split even to split each value evenly (the parts are flagged \"split\"), or --input-resolution MINUTES if the file's resolution was guessed wrong")
        }
        let cellBytes = 13
        return BlockAccumulator(
            fileName: name, catalogue: catalogue, parkSeconds: parkSeconds, inputSeconds: inputSeconds,
            now: options.now.seconds, budgetCells: options.memoryBudgetMB * (1 << 20) / cellBytes, replace: options.replace)
    }
}
