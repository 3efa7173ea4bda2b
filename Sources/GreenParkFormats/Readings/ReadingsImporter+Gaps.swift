import GreenParkCore

extension ReadingsImporter {
    /// Gaps inside the span each meter covers in this file, after merging with the
    /// store (an interval stored by an earlier import is not a gap), and linear
    /// estimation of the short ones when asked.
    func findGaps(
        _ accumulator: BlockAccumulator, options: ImportOptions, _ transaction: any ReadingStoreTransaction,
        statistics: inout ImportStatistics
    ) throws -> [GapRange] {
        let seconds = accumulator.parkSeconds
        let perDay = Int(86_400 / seconds)
        var gaps: [GapRange] = []
        for (m, meter) in catalogue.enumerated() where accumulator.spanStart[m] <= accumulator.spanEnd[m] {
            let first = accumulator.spanStart[m] / seconds * seconds
            let last = accumulator.spanEnd[m] / seconds * seconds
            var runStart: Int64? = nil
            var day = first / 86_400
            while day <= last / 86_400 {
                var stored: DayBlock?? = .none
                let presenceOffset = accumulator.presence.offset(meter: Int32(m), day: day)
                let lower = max(first, day * 86_400), upper = min(last, day * 86_400 + 86_400 - seconds)
                var t = lower
                while t <= upper {
                    let slot = Int((t - day * 86_400) / seconds)
                    var present = presenceOffset.map { accumulator.presence.contains(offset: $0, slot: slot) } ?? false
                    if !present {
                        if stored == nil { stored = .some(try transaction.day(meter: meter.id, day: day)) }
                        present = (stored!.map { $0.quality[slot] != .missing }) ?? false
                    }
                    if present, let start = runStart {
                        gaps.append(GapRange(meter: meter.id, start: Timestamp(seconds: start), end: Timestamp(seconds: t), intervals: Int((t - start) / seconds)))
                        runStart = nil
                    } else if !present, runStart == nil {
                        runStart = t
                    }
                    t += seconds
                }
                day += 1
            }
            if let start = runStart {
                gaps.append(GapRange(meter: meter.id, start: Timestamp(seconds: start), end: Timestamp(seconds: last + seconds), intervals: Int((last + seconds - start) / seconds)))
            }
            _ = perDay
        }
        guard options.estimation == .linear else { return gaps }
        for index in gaps.indices where gaps[index].intervals <= options.maxGap {
            if try estimate(&gaps[index], seconds: seconds, transaction) { statistics.estimated += gaps[index].intervals }
        }
        return gaps
    }

    /// Fills one gap on the line between its neighbours; `false` when a neighbour is missing.
    private func estimate(_ gap: inout GapRange, seconds: Int64, _ transaction: any ReadingStoreTransaction) throws -> Bool {
        func value(at t: Int64) throws -> Int64? {
            let day = Timestamp(seconds: t).utcDay
            guard let block = try transaction.day(meter: gap.meter, day: day) else { return nil }
            let slot = Int((t - day * 86_400) / seconds)
            return block.quality[slot] == .missing ? nil : block.energyWh[slot]
        }
        guard let before = try value(at: gap.start.seconds - seconds), let after = try value(at: gap.end.seconds) else { return false }
        let values = LinearInterpolation.fill(before: before, after: after, count: gap.intervals)
        var block: DayBlock?
        for (j, energy) in values.enumerated() {
            let t = gap.start.seconds + Int64(j) * seconds
            let day = Timestamp(seconds: t).utcDay
            if block?.day != day {
                if let block { try transaction.put(block) }
                block = try transaction.day(meter: gap.meter, day: day)
                    ?? DayBlock(meter: gap.meter, day: day, resolution: park.settings.resolution)
            }
            let slot = Int((t - day * 86_400) / seconds)
            block!.energyWh[slot] = energy
            block!.quality[slot] = .interpolated
        }
        if let block { try transaction.put(block) }
        gap.estimated = true
        return true
    }

    /// Finds the first line of conflicts whose earlier row was in a block already written
    /// out, by reading the file again up to the later line.
    func resolveConflicts(
        _ accumulator: BlockAccumulator, layout: ReadingsLayout, delimiter: UInt8, path: String, name: String,
        into issues: inout IssueList
    ) throws {
        let reader = try LineChunkReader(path: path)
        var parser = CSVChunkParser(layout: layout, lookup: MeterLookup(ids: catalogue.map(\.id)), delimiter: delimiter, fileName: name)
        var firstLines = [Int](repeating: 0, count: accumulator.unresolvedConflicts.count)
        var lineNumber = 1
        var batch = RecordBatch()
        while try reader.next({ bytes -> Void in
            batch.removeAllRecords()
            lineNumber += parser.parse(bytes, firstLine: lineNumber, into: &batch)
            for (c, conflict) in accumulator.unresolvedConflicts.enumerated() where firstLines[c] == 0 {
                for i in 0..<batch.count where batch.meter[i] == conflict.meter
                    && batch.start[i] <= conflict.start && conflict.start < batch.start[i] + accumulator.inputSeconds
                    && batch.line[i] < conflict.line {
                    firstLines[c] = Int(batch.line[i])
                    break
                }
            }
        }) != nil {}
        for (c, conflict) in accumulator.unresolvedConflicts.enumerated() {
            issues.add(InputIssue(file: name, line: Int(conflict.line), code: "readings.conflict",
                                  reason: BlockAccumulator.conflictReason(catalogue[Int(conflict.meter)].id, conflict.start, firstLine: firstLines[c], conflict.first, conflict.second)))
        }
    }
}
