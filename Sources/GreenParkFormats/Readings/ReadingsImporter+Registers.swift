import GreenParkCore

extension ReadingsImporter {
    /// Turns cumulative register reads into interval energy.
    ///
    /// Rule: reads of a meter are ordered by time; the energy of `[t1, t2)` is
    /// `r2 - r1`. When the register went down it rolled over: at the meter's configured
    /// `register_rollover_kwh`, or, if none is configured, at the next power of ten above
    /// `r1` when `r1` was in the top tenth of that range and `r2` in the bottom tenth
    /// (`999,990 -> 15 kWh` rolls over at 1,000,000). Anything else is an error (a meter
    /// replaced or reset). Reads more than one interval apart leave the intervals in
    /// between as a gap, unless `--estimate linear` is given and the span is at most
    /// `--max-gap` intervals: then the energy is split evenly and flagged interpolated.
    func differenceRegisters(
        _ reads: RecordBatch, inputSeconds: Int64, options: ImportOptions, run: inout Run, file: String
    ) -> RecordBatch {
        var order = Array(0..<reads.count)
        order.sort { (reads.meter[$0], reads.start[$0], reads.line[$0]) < (reads.meter[$1], reads.start[$1], reads.line[$1]) }
        var out = RecordBatch()
        func issue(_ line: Int32, _ code: String, _ reason: String) {
            run.issues.add(InputIssue(file: file, line: Int(line), code: code, reason: reason))
        }
        var k = 0
        while k + 1 < order.count {
            let a = order[k], b = order[k + 1]
            k += 1
            guard reads.meter[a] == reads.meter[b] else { continue }
            let meter = catalogue[Int(reads.meter[a])]
            let span = reads.start[b] - reads.start[a]
            if span == 0 {
                if reads.value[a] != reads.value[b] {
                    issue(reads.line[b], "readings.conflict", "meter \(meter.id) read at \(Timestamp(seconds: reads.start[b])): register \(reads.value[b]) Wh conflicts with \(reads.value[a]) Wh on line \(reads.line[a])")
                }
                continue
            }
            guard span % inputSeconds == 0 else {
                issue(reads.line[b], "readings.misaligned", "meter \(meter.id): read at \(Timestamp(seconds: reads.start[b])) is not a whole number of \(inputSeconds / 60)-minute intervals after the previous read")
                continue
            }
            var energy = reads.value[b] - reads.value[a]
            if energy < 0 {
                guard let rollover = rollover(meter, before: reads.value[a], after: reads.value[b]) else {
                    issue(reads.line[b], "readings.register-decrease", "meter \(meter.id): register went down from \(reads.value[a]) Wh to \(reads.value[b]) Wh (meter replaced or reset?); set meters[].register_rollover_kwh if it rolls over")
                    continue
                }
                energy += rollover
            }
            let intervals = Int(span / inputSeconds)
            if intervals == 1 {
                out.append(meter: reads.meter[a], start: reads.start[a], value: energy, quality: Quality.measured.rawValue, line: reads.line[b])
            } else if options.estimation != nil, intervals <= options.maxGap {
                run.registerInterpolated += intervals
                for (j, part) in EvenSplit.split(energy, into: intervals).enumerated() {
                    out.append(meter: reads.meter[a], start: reads.start[a] + Int64(j) * inputSeconds, value: part, quality: Quality.interpolated.rawValue, line: reads.line[b])
                }
            } else {
                run.registerSpansNotSplit += 1
            }
        }
        return out
    }

    /// The rollover value in Wh, or `nil` when the decrease is not a rollover (``RegisterRollover``).
    private func rollover(_ meter: MeterInfo, before: Int64, after: Int64) -> Int64? {
        RegisterRollover.modulus(beforeWh: before, afterWh: after, configuredWh: meter.registerRolloverWh)
    }
}
